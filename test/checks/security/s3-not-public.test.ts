import check from '../../../src/checks/security/s3-not-public.js';
import { testCheck } from '../../support/check-tester.js';
import { allUsersRead, BPA_ALL, bucketArn, bucketReadsDenied, bucketSideReadsDenied, denyOutside, partnerRead, PRIVATE_BUCKET, publicRead, s3Account } from '../../support/s3-fixtures.js';

const ROOT = 'arn:aws:iam::123456789012:root';
const publicPolicy = { policy: [publicRead()], isPublic: true, ownership: 'BucketOwnerEnforced' };
/** A plainly public statement, with GetBucketPolicyStatus giving no IsPublic (an S3-compatible endpoint, a partial answer). */
const publicWithoutVerdict = { policy: [publicRead()], isPublic: 'absent' as const, ownership: 'BucketOwnerEnforced' };
const orgOnly = { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } };

testCheck(check, {
  met: [
    ...bucketSideReadsDenied([ROOT]).met,
    { name: 'noBuckets', responses: s3Account(BPA_ALL, {}), expect: { resources: [ROOT, ROOT], message: 'no S3 buckets' } },
    {
      name: 'privateBucketWithFullBpa',
      responses: s3Account(BPA_ALL, { data: PRIVATE_BUCKET }),
      expect: { resources: [ROOT, bucketArn('data')], message: 'Bucket data is not public; Block Public Access is fully on' },
    },
    {
      name: 'privateBucketWithoutAnyBpa',
      responses: s3Account('none', { data: {} }),
      expect: {
        resources: [ROOT, bucketArn('data')],
        message: /Bucket data is not public; Block Public Access is not fully on \(off: BlockPublicAcls, IgnorePublicAcls/,
      },
    },
    {
      name: 'publicPolicyNeutralisedByAccountRestrictPublicBuckets',
      responses: s3Account({ RestrictPublicBuckets: true }, { site: publicPolicy }),
      expect: { resources: [ROOT, bucketArn('site')], message: 'a public policy is neutralised by RestrictPublicBuckets' },
    },
    {
      name: 'publicStatementWithoutVerdictNeutralisedByRestrictPublicBuckets',
      responses: s3Account({ RestrictPublicBuckets: true }, { site: publicWithoutVerdict }),
      expect: { resources: [ROOT, bucketArn('site')], message: 'Bucket site is not public; a public policy is neutralised by RestrictPublicBuckets' },
    },
    {
      name: 'publicAclIgnoredByBucketIgnorePublicAcls',
      responses: s3Account('none', { site: { grants: [allUsersRead], bpa: { IgnorePublicAcls: true } } }),
      expect: { resources: [ROOT, bucketArn('site')], message: 'public ACL grants are ignored' },
    },
    {
      name: 'allUsersGrantWithAclsDisabled',
      responses: s3Account('none', { site: { grants: [allUsersRead], ownership: 'BucketOwnerEnforced' } }),
      expect: { resources: [ROOT, bucketArn('site')], message: 'Bucket site is not public' },
    },
    {
      name: 'vpcEndpointOnlyPolicyWithoutVerdict',
      responses: s3Account('none', { data: { policy: [publicRead('*', { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } })], isPublic: 'absent' } }),
      expect: {
        resources: [ROOT, bucketArn('data')],
        message: 'GetBucketPolicyStatus gave no verdict; no statement of its policy grants public access',
        check: (r) => {
          const data = r.findings.find((f) => f.resource === bucketArn('data'));
          if (data?.evidence?.policyStatusIsPublic !== 'not given') throw new Error(JSON.stringify(data?.evidence));
        },
      },
    },
    {
      name: 'everyoneAllowedButDeniedOutsideTheOrganization',
      responses: s3Account('none', { data: { policy: [publicRead(), partnerRead(), denyOutside('aws:PrincipalOrgID', 'o-a1b2c3d4e5')], isPublic: false } }),
      expect: { resources: [ROOT, bucketArn('data')], message: 'Bucket data is not public' },
    },
    {
      name: 'publicWebsiteAllowListed',
      responses: s3Account('none', { site: publicPolicy }),
      thresholds: { publicBuckets: ['site'] },
      expect: { resources: [ROOT, bucketArn('site')], message: 'allow-listed as public' },
    },
    {
      name: 'allowListedPublicBucketWhileAccountBpaDenied',
      responses: s3Account('denied', { site: publicPolicy, data: PRIVATE_BUCKET }),
      thresholds: { publicBuckets: ['site'] },
      expect: { resources: [bucketArn('site'), bucketArn('data')], message: 'Bucket site is public (its bucket policy grants public access (PublicRead)) and allow-listed' },
    },
    {
      name: 'accountBpaDeniedButEveryBucketDecidable',
      responses: s3Account('denied', { data: PRIVATE_BUCKET, bare: {}, orgShare: { policy: [publicRead('*', orgOnly)], isPublic: false } }),
      expect: {
        resources: [bucketArn('data'), bucketArn('bare'), bucketArn('orgShare')],
        message: 'Bucket bare is not public; bucket-level Block Public Access is partly off (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets), account level unknown',
      },
    },
    {
      name: 'bucketDeletedDuringTheScan',
      responses: s3Account(BPA_ALL, { data: PRIVATE_BUCKET, old: { gone: true, listedRegion: false } }),
      expect: { resources: [ROOT, bucketArn('data'), bucketArn('old')], message: 'Bucket old no longer exists (NoSuchBucket): deleted after it was listed' },
    },
    {
      name: 'bucketRegionFromGetBucketLocation',
      responses: s3Account(BPA_ALL, { backups: { ...PRIVATE_BUCKET, region: 'eu-west-1', listedRegion: false } }),
      expect: {
        resources: [ROOT, bucketArn('backups')],
        message: 'Bucket backups is not public',
        check: (r) => {
          if (r.findings.find((f) => f.resource === bucketArn('backups'))?.evidence?.region !== 'eu-west-1') throw new Error('region');
        },
      },
    },
  ],
  notMet: [
    ...bucketSideReadsDenied([ROOT]).notMet,
    {
      name: 'publicBucketPolicy',
      responses: s3Account('none', { site: publicPolicy }),
      expect: { resources: [bucketArn('site')], metResources: [ROOT], message: 'Bucket site is public: its bucket policy grants public access (PublicRead).' },
    },
    {
      name: 'publicStatementWithoutPolicyStatusVerdict',
      responses: s3Account('none', { site: publicWithoutVerdict }),
      expect: { resources: [bucketArn('site')], metResources: [ROOT], message: 'its bucket policy grants public access (PublicRead)' },
    },
    {
      name: 'publicStatementWhilePolicyStatusSaysPrivate',
      responses: s3Account('none', { site: { ...publicPolicy, isPublic: false }, data: PRIVATE_BUCKET }),
      expect: { resources: [bucketArn('site')], metResources: [ROOT, bucketArn('data')], message: 'its bucket policy grants public access (PublicRead)' },
    },
    {
      name: 'policyStatusPublicBeyondOwnAnalysis',
      responses: s3Account('none', { share: { policy: [partnerRead('444455556666', orgOnly)], isPublic: true, ownership: 'BucketOwnerEnforced' } }),
      expect: { resources: [bucketArn('share')], message: 'its bucket policy grants public access (per GetBucketPolicyStatus)' },
    },
    {
      name: 'publicStatementNotNeutralisedByBucketBlockPublicPolicy',
      responses: s3Account('none', { site: { ...publicWithoutVerdict, bpa: { BlockPublicPolicy: true, BlockPublicAcls: true, IgnorePublicAcls: true } } }),
      expect: { resources: [bucketArn('site')] },
    },
    {
      name: 'blockPublicPolicyDoesNotUndoAnExistingPolicy',
      responses: s3Account({ BlockPublicPolicy: true, BlockPublicAcls: true }, { site: publicPolicy }),
      expect: { resources: [bucketArn('site')] },
    },
    {
      name: 'allUsersReadAcl',
      responses: s3Account('none', { legacy: { grants: [allUsersRead], ownership: 'ObjectWriter' } }),
      expect: { resources: [bucketArn('legacy')], message: 'Bucket legacy is public: its ACL grants AllUsers READ.' },
    },
    {
      name: 'publicPolicyAndPublicAcl',
      responses: s3Account('none', { both: { ...publicPolicy, grants: [allUsersRead], ownership: 'ObjectWriter' } }),
      expect: { resources: [bucketArn('both')], message: 'its bucket policy grants public access (PublicRead); its ACL grants AllUsers READ.' },
    },
    {
      name: 'onePublicAmongPrivate',
      responses: s3Account({ BlockPublicAcls: true }, { data: PRIVATE_BUCKET, site: { ...publicPolicy, region: 'us-west-2' }, logs: { ...PRIVATE_BUCKET, region: 'eu-west-1' } }),
      expect: { resources: [bucketArn('site')], metResources: [ROOT, bucketArn('data'), bucketArn('logs')] },
    },
    {
      name: 'unreadablePolicyButPolicyStatusPublic',
      responses: s3Account('none', { site: { rawPolicy: '{"Statement": [', isPublic: true } }),
      expect: { resources: [bucketArn('site')], message: 'per GetBucketPolicyStatus' },
    },
    {
      name: 'publicAclBesideAnUnreadablePolicy',
      responses: s3Account('none', { legacy: { rawPolicy: 'null', isPublic: false, grants: [allUsersRead], ownership: 'ObjectWriter' } }),
      expect: { resources: [bucketArn('legacy')], message: 'its ACL grants AllUsers READ' },
    },
  ],
  cannotTell: [
    {
      name: 'accountBpaDenied',
      responses: s3Account('denied', { data: PRIVATE_BUCKET, site: publicPolicy }),
      expect: {
        resources: [bucketArn('site')],
        metResources: [bucketArn('data')],
        missingPermission: 's3:GetAccountPublicAccessBlock',
        message: 'bucket site is public by its own settings unless account-level Block Public Access neutralises it',
      },
    },
    {
      name: 'accountBpaDeniedAndPublicStatementWithoutVerdict',
      responses: s3Account('denied', { site: publicWithoutVerdict }),
      expect: { resources: [bucketArn('site')], missingPermission: 's3:GetAccountPublicAccessBlock' },
    },
    {
      name: 'unparseablePolicyDocument',
      responses: s3Account('none', { data: { rawPolicy: '{"Statement": [', isPublic: false }, logs: PRIVATE_BUCKET }),
      expect: { resources: [bucketArn('data')], metResources: [ROOT, bucketArn('logs')], message: 'could not tell: the bucket policy of data is not valid JSON' },
    },
    {
      // A blank 200 answer (a wrong endpoint or proxy): S3 sends no buckets as <Buckets/>, so no list is no answer.
      name: 'bucketListMissingFromTheAnswer',
      responses: { ...s3Account(BPA_ALL, {}), 's3:ListBuckets': {} },
      expect: { resources: ['s3:ListBuckets'], message: 'could not tell: s3:ListBuckets answered a malformed response: Buckets is missing' },
    },
    {
      // A hostile tester's case: a Statement that is a string, with no verdict from AWS, read as "not public".
      name: 'malformedStatementsWithoutVerdict',
      responses: s3Account('none', {
        data: { rawPolicy: '{"Statement":"oops"}', isPublic: 'absent' },
        site: { rawPolicy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 5 }, Action: 's3:GetObject' }] }), isPublic: 'absent' },
        logs: PRIVATE_BUCKET,
      }),
      expect: {
        resources: [bucketArn('data'), bucketArn('site')],
        metResources: [ROOT, bucketArn('logs')],
        message: 'could not tell: the bucket policy of site is malformed: statement 1 has a malformed Principal',
      },
    },
    {
      name: 'policyDocumentNotAnObject',
      responses: s3Account('none', { data: { rawPolicy: 'null', isPublic: 'absent' } }),
      expect: { resources: [bucketArn('data')], message: 'could not tell: the bucket policy of data is not a JSON object' },
    },
    ...bucketReadsDenied([ROOT]),
  ],
});
