import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { GetBucketLocationCommand, GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import check from '../../../src/checks/security/cloudtrail-bucket-versioning.js';
import { callKey } from '../../../src/aws/snapshot.js';
import { ACCOUNT, DENIED, awsError, testCheck } from '../../support/check-tester.js';
import { listBucketsPaged, listed, ownBuckets, regionResource, runLive, status, trail } from './cloudtrail-fixtures.js';

const local = trail('local', { multi: true, bucket: 'acme-trail-logs' });
const second = trail('second', { bucket: 'acme-trail-logs' });
const old = trail('old', { bucket: 'acme-old-logs' });
const other = trail('other', { home: 'us-west-2', bucket: 'acme-other-logs' });
const central = trail('central', { multi: true, bucket: 'audit-cloudtrail-logs' });
const bucketless = { ...trail('bucketless'), S3BucketName: undefined };
const BUCKET_ARN = 'arn:aws:s3:::acme-trail-logs';
const OTHER_ARN = 'arn:aws:s3:::acme-other-logs';
const CENTRAL_ARN = 'arn:aws:s3:::audit-cloudtrail-logs';
const versioning = (body: object, region = 'us-east-1', Bucket = 'acme-trail-logs') => ({
  [callKey('s3', 'GetBucketVersioning', { Bucket }, region)]: body,
});
const logging = (t = local) => ({ ...listed('us-east-1', [t]), ...status(t, true) });
const LIST_DENIED = { 's3:ListBuckets': DENIED };
const TWO = ['us-east-1', 'us-west-2'];

testCheck(check, {
  met: [
    {
      name: 'ownLogBucketVersioned',
      responses: { ...logging(), ...ownBuckets('acme-trail-logs'), ...versioning({ Status: 'Enabled', MFADelete: 'Disabled' }) },
      expect: { resources: [BUCKET_ARN], message: 'CloudTrail log bucket acme-trail-logs (trail local) has versioning enabled.' },
    },
    {
      name: 'suspendedVersioningWithMfaDelete',
      responses: { ...logging(), ...ownBuckets('acme-trail-logs'), ...versioning({ Status: 'Suspended', MFADelete: 'Enabled' }) },
      expect: { resources: [BUCKET_ARN], message: 'acme-trail-logs (trail local) has MFA Delete enabled.' },
    },
    {
      name: 'versioningAndMfaDelete',
      responses: { ...logging(), ...ownBuckets('acme-trail-logs'), ...versioning({ Status: 'Enabled', MFADelete: 'Enabled' }) },
      expect: { resources: [BUCKET_ARN], message: 'has versioning and MFA Delete enabled.' },
    },
    {
      name: 'twoTrailsShareOneVersionedBucket',
      responses: { ...listed('us-east-1', [local, second]), ...status(local, true), ...status(second, true), ...ownBuckets('acme-trail-logs'), ...versioning({ Status: 'Enabled' }) },
      expect: { resources: [BUCKET_ARN], message: 'acme-trail-logs (trail local, second) has versioning enabled' },
    },
    {
      name: 'bucketRegionFromGetBucketLocation',
      responses: {
        ...logging(),
        's3:ListBuckets': { Buckets: [{ Name: 'acme-trail-logs', CreationDate: '2024-03-01T10:00:00.000Z' }] },
        [callKey('s3', 'GetBucketLocation', { Bucket: 'acme-trail-logs' })]: { LocationConstraint: 'eu-west-1' },
        ...versioning({ Status: 'Enabled' }, 'eu-west-1'),
      },
      expect: { resources: [BUCKET_ARN] },
    },
    {
      name: 'trailStatusDeniedBucketStillChecked',
      responses: { ...listed('us-east-1', [local]), ...status(local, DENIED), ...ownBuckets('acme-trail-logs'), ...versioning({ Status: 'Enabled' }) },
      expect: { resources: [BUCKET_ARN] },
    },
    {
      name: 'stoppedTrailsBucketIsNotJudged',
      responses: {
        ...listed('us-east-1', [local, old]),
        ...status(local, true),
        ...status(old, false),
        ...ownBuckets('acme-trail-logs', 'acme-old-logs'),
        ...versioning({ Status: 'Enabled' }),
      },
      expect: { resources: [BUCKET_ARN], message: /^CloudTrail log bucket acme-trail-logs \(trail local\) has versioning enabled\.$/ },
    },
  ],
  notMet: [
    {
      name: 'ownLogBucketNeverVersioned',
      responses: { ...logging(), ...ownBuckets('acme-trail-logs'), ...versioning({}) },
      expect: { resources: [BUCKET_ARN], message: 'acme-trail-logs (trail local) has neither versioning (never enabled) nor MFA Delete enabled.' },
    },
    {
      name: 'ownLogBucketSuspended',
      responses: { ...logging(), ...ownBuckets('acme-trail-logs'), ...versioning({ Status: 'Suspended', MFADelete: 'Disabled' }) },
      expect: { resources: [BUCKET_ARN], message: 'neither versioning (Suspended)' },
    },
    {
      name: 'oneOfTwoLogBucketsUnversioned',
      regions: TWO,
      responses: {
        ...listed('us-east-1', [local]),
        ...listed('us-west-2', [local, other]),
        ...status(local, true),
        ...status(other, true),
        ...ownBuckets('acme-trail-logs', ['acme-other-logs', 'us-west-2']),
        ...versioning({ Status: 'Enabled' }),
        ...versioning({}, 'us-west-2', 'acme-other-logs'),
      },
      expect: { resources: [OTHER_ARN], metResources: [BUCKET_ARN] },
    },
    {
      name: 'noLoggingTrail',
      responses: { ...listed('us-east-1', [local]), ...status(local, false), ...ownBuckets('acme-trail-logs') },
      expect: { resources: [ACCOUNT.rootArn], message: 'No CloudTrail trail is logging, so there is no log bucket to protect (see 1.13).' },
    },
    {
      name: 'noLoggingTrailWhileListBucketsDenied',
      responses: { ...listed('us-east-1', []), ...LIST_DENIED },
      expect: { resources: [ACCOUNT.rootArn], message: 'No CloudTrail trail is logging' },
    },
    {
      name: 'loggingTrailWithoutABucket',
      responses: { ...listed('us-east-1', [bucketless]), ...status(bucketless, true) },
      expect: { resources: [ACCOUNT.rootArn], message: 'No logging CloudTrail trail names an S3 bucket (bucketless), so there is no log bucket to protect' },
    },
    {
      name: 'logBucketThatNoLongerExists',
      responses: { ...listed('us-east-1', [central]), ...status(central, true, { LatestDeliveryError: 'NoSuchBucket' }), ...LIST_DENIED },
      expect: { resources: [CENTRAL_ARN], message: 'audit-cloudtrail-logs (trail central) does not exist (last delivery error: NoSuchBucket): no log bucket is protected.' },
    },
    {
      name: 'logBucketDeletedSinceItWasListed',
      responses: { ...logging(), ...ownBuckets('acme-trail-logs'), ...versioning(awsError('NoSuchBucket', 'The specified bucket does not exist', 404)) },
      expect: { resources: [BUCKET_ARN], message: 'does not exist (NoSuchBucket: deleted since it was listed)' },
    },
  ],
  cannotTell: [
    {
      name: 'logBucketInAnotherAccount',
      responses: { ...logging(central), ...ownBuckets('acme-app-assets') },
      expect: {
        status: 'manual',
        resources: [CENTRAL_ARN],
        message: 'CloudTrail log bucket audit-cloudtrail-logs (trail central) is in another account; verify versioning or MFA Delete there.',
      },
    },
    {
      name: 'versioningDenied',
      responses: { ...logging(), ...ownBuckets('acme-trail-logs'), ...versioning(DENIED) },
      expect: { resources: [BUCKET_ARN], missingPermission: 's3:GetBucketVersioning' },
    },
    {
      name: 'bucketLocationDenied',
      responses: {
        ...logging(),
        's3:ListBuckets': { Buckets: [{ Name: 'acme-trail-logs' }] },
        [callKey('s3', 'GetBucketLocation', { Bucket: 'acme-trail-logs' })]: DENIED,
      },
      expect: { resources: [BUCKET_ARN], missingPermission: 's3:GetBucketLocation' },
    },
    {
      name: 'listBucketsDenied',
      responses: { ...logging(), ...LIST_DENIED },
      expect: {
        resources: [BUCKET_ARN],
        missingPermission: 's3:ListAllMyBuckets',
        message: "could not tell: missing permission s3:ListAllMyBuckets: whether CloudTrail log bucket acme-trail-logs (trail local) is this account's (and so readable) is unknown",
      },
    },
    {
      name: 'describeTrailsDenied',
      responses: { ...listed('us-east-1', DENIED), ...ownBuckets('acme-trail-logs') },
      expect: { resources: [regionResource('us-east-1')], missingPermission: 'cloudtrail:DescribeTrails' },
    },
    {
      name: 'versionedBucketBesideARegionThatCannotBeRead',
      regions: TWO,
      responses: { ...logging(), ...listed('us-west-2', DENIED), ...ownBuckets('acme-trail-logs'), ...versioning({ Status: 'Enabled' }) },
      expect: { resources: [regionResource('us-west-2')], metResources: [BUCKET_ARN] },
    },
  ],
});

describe('check 1.15 against the SDK', () => {
  const cloudtrail = mockClient(CloudTrailClient);
  const s3 = mockClient(S3Client);
  afterEach(() => {
    cloudtrail.reset();
    s3.reset();
  });

  it('logBucketRegionFromPaginatedListBuckets: versioning is read in BucketRegion, with no GetBucketLocation', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [local] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    s3.on(ListBucketsCommand).callsFake(listBucketsPaged([['acme-app-assets', 'us-east-1'], ['acme-trail-logs', 'eu-west-1']]));
    s3.on(GetBucketVersioningCommand).callsFake(async (_input, getClient) =>
      (await getClient().config.region()) === 'eu-west-1' ? { Status: 'Enabled' } : Promise.reject(new Error('sent to the wrong region')),
    );
    const result = await runLive(check);
    expect(result.status, JSON.stringify(result.findings)).toBe('met');
    expect(result.findings.map((f) => f.resource)).toEqual([BUCKET_ARN]);
    expect(s3.commandCalls(GetBucketLocationCommand)).toHaveLength(0);
  });
});
