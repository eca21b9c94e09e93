import check from '../../../src/checks/security/s3-access-appropriate.js';
import { testCheck } from '../../support/check-tester.js';
import {
  allUsersRead,
  BPA_ALL,
  bucketArn,
  bucketReadsDenied,
  otherAccountGrant,
  partnerRead,
  PRIVATE_BUCKET,
  publicRead,
  s3Account,
} from '../../support/s3-fixtures.js';

const logDelivery = { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, Permission: 'WRITE' };
const orgOnly = { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } };

testCheck(check, {
  met: [
    { name: 'noBuckets', responses: s3Account(BPA_ALL, {}), expect: { resources: ['arn:aws:iam::123456789012:root'], message: 'no S3 buckets' } },
    {
      name: 'privateBucketAclsDisabled',
      responses: s3Account(BPA_ALL, { data: PRIVATE_BUCKET }),
      expect: { resources: [bucketArn('data')], message: /^Bucket data grants no public access and no unconditioned access to other accounts\.$/ },
    },
    { name: 'partnerShareNarrowedToOrganization', responses: s3Account(BPA_ALL, { share: { ...PRIVATE_BUCKET, policy: [partnerRead('444455556666', orgOnly)] } }) },
    {
      name: 'publicStatementNarrowedToVpcEndpoint',
      responses: s3Account('none', { data: { policy: [publicRead('*', { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } })], isPublic: false } }),
    },
    {
      name: 'logDeliveryGrantWithAclsEnabledIsANote',
      responses: s3Account(BPA_ALL, { logs: { grants: [logDelivery], ownership: 'BucketOwnerPreferred' } }),
      expect: { message: 'ACLs are enabled (Object Ownership BucketOwnerPreferred)' },
    },
    {
      name: 'publicPolicyNeutralisedByRestrictPublicBuckets',
      responses: s3Account({ RestrictPublicBuckets: true }, { site: { policy: [publicRead(), partnerRead()], isPublic: true, ownership: 'BucketOwnerEnforced' } }),
      expect: { message: 'Block Public Access neutralises them' },
    },
    {
      name: 'publicWebsiteAllowListed',
      responses: s3Account('none', { site: { policy: [publicRead()], isPublic: true } }),
      thresholds: { publicBuckets: ['site'] },
      expect: { message: 'allow-listed as public' },
    },
    {
      name: 'accountBpaDeniedButNothingPublic',
      responses: s3Account('denied', { data: { ...PRIVATE_BUCKET, region: 'eu-west-1', listedRegion: false } }),
    },
  ],
  notMet: [
    {
      name: 'partnerShareWithoutConditions',
      responses: s3Account(BPA_ALL, { data: PRIVATE_BUCKET, share: { ...PRIVATE_BUCKET, policy: [partnerRead()] } }),
      expect: { resources: [bucketArn('share')], message: 'grants account 444455556666 s3:GetObject, s3:ListBucket without a restricting condition (PartnerRead)' },
    },
    {
      name: 'publicPolicy',
      responses: s3Account('none', { site: { policy: [publicRead()], isPublic: true } }),
      expect: { message: 'its policy grants public access (PublicRead)' },
    },
    {
      name: 'aclGrantToAnotherAccount',
      responses: s3Account(BPA_ALL, { legacy: { grants: [otherAccountGrant], ownership: 'ObjectWriter', region: 'us-west-2' } }),
      expect: { message: 'canonical user partnercanonicalid READ' },
    },
    { name: 'allUsersAcl', responses: s3Account('none', { legacy: { grants: [allUsersRead] } }), expect: { message: 'AllUsers READ' } },
  ],
  cannotTell: [
    {
      name: 'accountBpaDeniedAndBucketPublicByItsOwnSettings',
      responses: s3Account('denied', { site: { policy: [publicRead()], isPublic: true } }),
      expect: { resources: [bucketArn('site')], missingPermission: 's3:GetAccountPublicAccessBlock', message: 'unless account-level Block Public Access neutralises it' },
    },
    ...bucketReadsDenied(),
  ],
});
