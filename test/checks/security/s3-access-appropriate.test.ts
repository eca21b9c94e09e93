import check from '../../../src/checks/security/s3-access-appropriate.js';
import { testCheck } from '../../support/check-tester.js';
import {
  allUsersRead,
  BPA_ALL,
  bucketArn,
  bucketReadsDenied,
  bucketSideReadsDenied,
  denyOutside,
  otherAccountGrant,
  partnerRead,
  PRIVATE_BUCKET,
  publicRead,
  s3Account,
} from '../../support/s3-fixtures.js';

const ROOT = 'arn:aws:iam::123456789012:root';
const logDelivery = { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, Permission: 'WRITE' };
const orgOnly = { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } };

testCheck(check, {
  met: [
    ...bucketSideReadsDenied().met,
    { name: 'noBuckets', responses: s3Account(BPA_ALL, {}), expect: { resources: [ROOT], message: 'no S3 buckets' } },
    {
      name: 'privateBucketAclsDisabled',
      responses: s3Account(BPA_ALL, { data: PRIVATE_BUCKET }),
      expect: { resources: [bucketArn('data')], message: /^Bucket data grants no public access and no unconditioned access to other accounts\.$/ },
    },
    {
      name: 'partnerShareNarrowedToOrganization',
      responses: s3Account(BPA_ALL, { share: { ...PRIVATE_BUCKET, policy: [partnerRead('444455556666', orgOnly)] } }),
      expect: { resources: [bucketArn('share')] },
    },
    {
      name: 'partnerShareNarrowedByADenyOutsideTheOrganization',
      responses: s3Account('none', { share: { ...PRIVATE_BUCKET, bpa: undefined, policy: [partnerRead(), denyOutside('aws:PrincipalOrgID', 'o-a1b2c3d4e5')] } }),
      expect: { resources: [bucketArn('share')], message: /^Bucket share grants no public access and no unconditioned access to other accounts\.$/ },
    },
    {
      name: 'publicStatementNarrowedToVpcEndpoint',
      responses: s3Account('none', { data: { policy: [publicRead('*', { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } })], isPublic: false } }),
      expect: { resources: [bucketArn('data')] },
    },
    {
      name: 'logDeliveryGrantWithAclsEnabledIsANote',
      responses: s3Account(BPA_ALL, { logs: { grants: [logDelivery], ownership: 'BucketOwnerPreferred' } }),
      expect: { resources: [bucketArn('logs')], message: 'Note: ACLs are enabled (Object Ownership BucketOwnerPreferred); BucketOwnerEnforced is recommended.' },
    },
    {
      name: 'publicPolicyNeutralisedByRestrictPublicBuckets',
      responses: s3Account({ RestrictPublicBuckets: true }, { site: { policy: [publicRead(), partnerRead()], isPublic: true, ownership: 'BucketOwnerEnforced' } }),
      expect: { resources: [bucketArn('site')], message: 'Note: public grants exist but Block Public Access neutralises them; remove them.' },
    },
    {
      name: 'publicStatementWithoutVerdictAndPartnerShareNeutralisedByRestrictPublicBuckets',
      responses: s3Account({ RestrictPublicBuckets: true }, { site: { policy: [publicRead(), partnerRead()], isPublic: 'absent', ownership: 'BucketOwnerEnforced' } }),
      expect: { resources: [bucketArn('site')], message: 'public grants exist but Block Public Access neutralises them' },
    },
    {
      name: 'publicAclIgnoredByIgnorePublicAcls',
      responses: s3Account({ IgnorePublicAcls: true }, { legacy: { grants: [allUsersRead], ownership: 'ObjectWriter' } }),
      expect: { resources: [bucketArn('legacy')], message: 'public grants exist but Block Public Access neutralises them' },
    },
    {
      name: 'publicWebsiteAllowListed',
      responses: s3Account('none', { site: { policy: [publicRead()], isPublic: true }, data: PRIVATE_BUCKET }),
      thresholds: { publicBuckets: ['site'] },
      expect: { resources: [bucketArn('site'), bucketArn('data')], message: 'Bucket site is allow-listed as public (thresholds.publicBuckets).' },
    },
    {
      name: 'allowListedPublicBucketWhileAccountBpaDenied',
      responses: s3Account('denied', { site: { policy: [publicRead()], isPublic: true } }),
      thresholds: { publicBuckets: ['site'] },
      expect: { resources: [bucketArn('site')], message: 'allow-listed as public' },
    },
    {
      name: 'accountBpaDeniedButNothingPublic',
      responses: s3Account('denied', { data: { ...PRIVATE_BUCKET, region: 'eu-west-1', listedRegion: false } }),
      expect: { resources: [bucketArn('data')] },
    },
    {
      name: 'bucketDeletedDuringTheScan',
      responses: s3Account(BPA_ALL, { old: { gone: true } }),
      expect: { resources: [bucketArn('old')], message: 'Bucket old no longer exists (NoSuchBucket): deleted after it was listed.' },
    },
  ],
  notMet: [
    ...bucketSideReadsDenied().notMet,
    {
      name: 'partnerShareWithoutConditions',
      responses: s3Account(BPA_ALL, { data: PRIVATE_BUCKET, share: { ...PRIVATE_BUCKET, policy: [partnerRead()] } }),
      expect: {
        resources: [bucketArn('share')],
        metResources: [bucketArn('data')],
        message: 'grants account 444455556666 s3:GetObject, s3:ListBucket without a restricting condition (PartnerRead)',
      },
    },
    {
      name: 'partnerShareWhileAccountBpaDenied',
      responses: s3Account('denied', { share: { policy: [partnerRead()], isPublic: false } }),
      expect: { resources: [bucketArn('share')], message: 'grants account 444455556666' },
    },
    {
      name: 'publicPolicy',
      responses: s3Account('none', { site: { policy: [publicRead()], isPublic: true } }),
      expect: { resources: [bucketArn('site')], message: 'its policy grants public access (PublicRead)' },
    },
    {
      name: 'publicStatementWithoutPolicyStatusVerdict',
      responses: s3Account('none', { site: { policy: [publicRead()], isPublic: 'absent', ownership: 'BucketOwnerEnforced' }, data: PRIVATE_BUCKET }),
      expect: { resources: [bucketArn('site')], metResources: [bucketArn('data')], message: 'Bucket site: its policy grants public access (PublicRead).' },
    },
    {
      name: 'policyStatusPublicBeyondOwnAnalysis',
      responses: s3Account('none', { share: { policy: [partnerRead('444455556666', orgOnly)], isPublic: true, ownership: 'BucketOwnerEnforced' } }),
      expect: { resources: [bucketArn('share')], message: 'its policy grants public access (per GetBucketPolicyStatus)' },
    },
    {
      name: 'aclGrantToAnotherAccount',
      responses: s3Account(BPA_ALL, { legacy: { grants: [otherAccountGrant], ownership: 'ObjectWriter', region: 'us-west-2' } }),
      expect: { resources: [bucketArn('legacy')], message: 'Bucket legacy: its ACL grants canonical user partnercanonicalid READ.' },
    },
    {
      name: 'otherAccountAclWhilePublicAclUndetermined',
      responses: s3Account('denied', { legacy: { grants: [otherAccountGrant, allUsersRead], ownership: 'ObjectWriter' } }),
      expect: { resources: [bucketArn('legacy')], message: 'its ACL grants canonical user partnercanonicalid READ' },
    },
    {
      name: 'allUsersAcl',
      responses: s3Account('none', { legacy: { grants: [allUsersRead] } }),
      expect: { resources: [bucketArn('legacy')], message: 'Bucket legacy: its ACL grants AllUsers READ.' },
    },
    {
      name: 'everyProblemOfOneBucket',
      responses: s3Account('none', { open: { policy: [publicRead(), partnerRead()], isPublic: true, grants: [allUsersRead, otherAccountGrant], ownership: 'ObjectWriter' } }),
      expect: {
        resources: [bucketArn('open')],
        message:
          'Bucket open: its policy grants public access (PublicRead); its policy grants account 444455556666 s3:GetObject, s3:ListBucket without a ' +
          'restricting condition (PartnerRead); its ACL grants AllUsers READ; its ACL grants canonical user partnercanonicalid READ.',
      },
    },
    {
      name: 'partnerShareBesideAnUnreadablePolicyElsewhere',
      responses: s3Account(BPA_ALL, { share: { ...PRIVATE_BUCKET, policy: [partnerRead()] }, broken: { ...PRIVATE_BUCKET, rawPolicy: '[]' } }),
      expect: { resources: [bucketArn('share')] },
    },
  ],
  cannotTell: [
    {
      name: 'accountBpaDeniedAndBucketPublicByItsOwnSettings',
      responses: s3Account('denied', { site: { policy: [publicRead()], isPublic: true }, data: PRIVATE_BUCKET }),
      expect: {
        resources: [bucketArn('site')],
        metResources: [bucketArn('data')],
        missingPermission: 's3:GetAccountPublicAccessBlock',
        message: 'unless account-level Block Public Access neutralises it',
      },
    },
    {
      name: 'unreadablePolicyDocument',
      responses: s3Account(BPA_ALL, { data: PRIVATE_BUCKET, broken: { ...PRIVATE_BUCKET, rawPolicy: '[]' } }),
      expect: { resources: [bucketArn('broken')], metResources: [bucketArn('data')], message: 'the bucket policy of broken is not a JSON object' },
    },
    ...bucketReadsDenied(),
  ],
});
