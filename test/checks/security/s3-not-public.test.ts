import check from '../../../src/checks/security/s3-not-public.js';
import { testCheck } from '../../support/check-tester.js';
import { allUsersRead, BPA_ALL, bucketArn, bucketReadsDenied, PRIVATE_BUCKET, publicRead, s3Account } from '../../support/s3-fixtures.js';

const ROOT = 'arn:aws:iam::123456789012:root';
const publicPolicy = { policy: [publicRead()], isPublic: true, ownership: 'BucketOwnerEnforced' };

testCheck(check, {
  met: [
    { name: 'noBuckets', responses: s3Account(BPA_ALL, {}), expect: { resources: [ROOT, ROOT], message: 'no S3 buckets' } },
    {
      name: 'privateBucketWithFullBpa',
      responses: s3Account(BPA_ALL, { data: PRIVATE_BUCKET }),
      expect: { resources: [ROOT, bucketArn('data')], message: 'Bucket data is not public; Block Public Access is fully on' },
    },
    {
      name: 'privateBucketWithoutAnyBpa',
      responses: s3Account('none', { data: {} }),
      expect: { message: /Bucket data is not public; Block Public Access is not fully on \(off: BlockPublicAcls, IgnorePublicAcls/ },
    },
    {
      name: 'publicPolicyNeutralisedByAccountRestrictPublicBuckets',
      responses: s3Account({ RestrictPublicBuckets: true }, { site: publicPolicy }),
      expect: { message: 'a public policy is neutralised by RestrictPublicBuckets' },
    },
    {
      name: 'publicAclIgnoredByBucketIgnorePublicAcls',
      responses: s3Account('none', { site: { grants: [allUsersRead], bpa: { IgnorePublicAcls: true } } }),
      expect: { message: 'public ACL grants are ignored' },
    },
    {
      name: 'allUsersGrantWithAclsDisabled',
      responses: s3Account('none', { site: { grants: [allUsersRead], ownership: 'BucketOwnerEnforced' } }),
      expect: { message: 'Bucket site is not public' },
    },
    {
      name: 'publicWebsiteAllowListed',
      responses: s3Account('none', { site: publicPolicy }),
      thresholds: { publicBuckets: ['site'] },
      expect: { message: 'allow-listed as public' },
    },
    {
      name: 'bucketRegionFromGetBucketLocation',
      responses: s3Account(BPA_ALL, { backups: { ...PRIVATE_BUCKET, region: 'eu-west-1', listedRegion: false } }),
      expect: { message: 'Bucket backups is not public' },
    },
  ],
  notMet: [
    { name: 'publicBucketPolicy', responses: s3Account('none', { site: publicPolicy }), expect: { resources: [bucketArn('site')], message: 'bucket policy grants public access' } },
    {
      name: 'blockPublicPolicyDoesNotUndoAnExistingPolicy',
      responses: s3Account({ BlockPublicPolicy: true, BlockPublicAcls: true }, { site: publicPolicy }),
      expect: { resources: [bucketArn('site')] },
    },
    {
      name: 'allUsersReadAcl',
      responses: s3Account('none', { legacy: { grants: [allUsersRead], ownership: 'ObjectWriter' } }),
      expect: { message: 'its ACL grants AllUsers READ' },
    },
    {
      name: 'onePublicAmongPrivate',
      responses: s3Account({ BlockPublicAcls: true }, { data: PRIVATE_BUCKET, site: { ...publicPolicy, region: 'us-west-2' } }),
      expect: { resources: [bucketArn('site')] },
    },
  ],
  cannotTell: [
    {
      name: 'accountBpaDenied',
      responses: s3Account('denied', { data: PRIVATE_BUCKET, site: publicPolicy }),
      expect: { resources: [ROOT, bucketArn('site')], missingPermission: 's3:GetAccountPublicAccessBlock' },
    },
    ...bucketReadsDenied(),
  ],
});
