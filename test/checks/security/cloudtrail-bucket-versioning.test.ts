import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { GetBucketLocationCommand, GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import check from '../../../src/checks/security/cloudtrail-bucket-versioning.js';
import { callKey } from '../../../src/aws/snapshot.js';
import { ACCOUNT, DENIED, testCheck } from '../../support/check-tester.js';
import { listBucketsPaged, listed, ownBuckets, runLive, status, trail } from './cloudtrail-fixtures.js';

const local = trail('local', { multi: true, bucket: 'acme-trail-logs' });
const central = trail('central', { multi: true, bucket: 'audit-cloudtrail-logs' });
const BUCKET_ARN = 'arn:aws:s3:::acme-trail-logs';
const versioning = (body: object, region = 'us-east-1', Bucket = 'acme-trail-logs') => ({
  [callKey('s3', 'GetBucketVersioning', { Bucket }, region)]: body,
});
const logging = (t = local) => ({ ...listed('us-east-1', [t]), ...status(t, true) });

testCheck(check, {
  met: [
    {
      name: 'ownLogBucketVersioned',
      responses: { ...logging(), ...ownBuckets('acme-trail-logs'), ...versioning({ Status: 'Enabled', MFADelete: 'Disabled' }) },
      expect: { resources: [BUCKET_ARN], message: 'acme-trail-logs (trail local) has versioning enabled' },
    },
    {
      name: 'suspendedVersioningWithMfaDelete',
      responses: { ...logging(), ...ownBuckets('acme-trail-logs'), ...versioning({ Status: 'Suspended', MFADelete: 'Enabled' }) },
      expect: { message: 'has MFA Delete enabled' },
    },
    {
      name: 'bucketRegionFromGetBucketLocation',
      responses: {
        ...logging(),
        's3:ListBuckets': { Buckets: [{ Name: 'acme-trail-logs', CreationDate: '2024-03-01T10:00:00.000Z' }] },
        [callKey('s3', 'GetBucketLocation', { Bucket: 'acme-trail-logs' })]: { LocationConstraint: 'eu-west-1' },
        ...versioning({ Status: 'Enabled' }, 'eu-west-1'),
      },
    },
    {
      name: 'trailStatusDeniedBucketStillChecked',
      responses: { ...listed('us-east-1', [local]), ...status(local, DENIED), ...ownBuckets('acme-trail-logs'), ...versioning({ Status: 'Enabled' }) },
      expect: { resources: [BUCKET_ARN] },
    },
  ],
  notMet: [
    {
      name: 'ownLogBucketNeverVersioned',
      responses: { ...logging(), ...ownBuckets('acme-trail-logs'), ...versioning({}) },
      expect: { resources: [BUCKET_ARN], message: 'neither versioning (never enabled) nor MFA Delete' },
    },
    {
      name: 'ownLogBucketSuspended',
      responses: { ...logging(), ...ownBuckets('acme-trail-logs'), ...versioning({ Status: 'Suspended', MFADelete: 'Disabled' }) },
      expect: { message: 'neither versioning (Suspended)' },
    },
    {
      name: 'noLoggingTrail',
      responses: { ...listed('us-east-1', [local]), ...status(local, false), ...ownBuckets('acme-trail-logs') },
      expect: { resources: [ACCOUNT.rootArn] },
    },
  ],
  cannotTell: [
    {
      name: 'logBucketInAnotherAccount',
      responses: { ...logging(central), ...ownBuckets('acme-app-assets') },
      expect: {
        status: 'manual',
        resources: ['arn:aws:s3:::audit-cloudtrail-logs'],
        message: 'is in another account; verify versioning or MFA Delete there',
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
      expect: { missingPermission: 's3:GetBucketLocation' },
    },
    {
      name: 'listBucketsDenied',
      responses: { ...logging(), 's3:ListBuckets': DENIED },
      expect: { missingPermission: 's3:ListAllMyBuckets' },
    },
    {
      name: 'describeTrailsDenied',
      responses: { ...listed('us-east-1', DENIED), ...ownBuckets('acme-trail-logs') },
      expect: { missingPermission: 'cloudtrail:DescribeTrails' },
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
