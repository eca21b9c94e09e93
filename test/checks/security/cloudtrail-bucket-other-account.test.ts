import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import check from '../../../src/checks/security/cloudtrail-bucket-other-account.js';
import { ACCOUNT, DENIED, testCheck } from '../../support/check-tester.js';
import { MANAGEMENT_ACCOUNT, listBucketsPaged, listed, ownBuckets, runLive, status, trail, trailArn } from './cloudtrail-fixtures.js';

const TWO = ['us-east-1', 'us-west-2'];
const central = trail('central', { multi: true, bucket: 'audit-cloudtrail-logs' });
const local = trail('local', { bucket: 'acme-local-trail' });
const org = trail('org-trail', { multi: true, org: true, account: MANAGEMENT_ACCOUNT, bucket: 'org-log-archive' });
const APP_BUCKETS = ownBuckets('acme-app-assets', 'acme-local-trail');

testCheck(check, {
  met: [
    {
      name: 'trailDeliversToAuditAccountBucket',
      regions: TWO,
      responses: { ...listed('us-east-1', [central]), ...listed('us-west-2', [central]), ...status(central, true), ...APP_BUCKETS },
      expect: { resources: [trailArn('central')], message: 'audit-cloudtrail-logs, owned by another account (not in this account\'s bucket list)' },
    },
    {
      name: 'organizationTrailStatusDeniedBucketElsewhere',
      responses: { ...listed('us-east-1', [org]), ...status(org, DENIED), ...APP_BUCKETS },
      expect: { message: 'its logging status could not be read' },
    },
    {
      name: 'stoppedLocalTrailIgnoredBesideCentralOne',
      responses: { ...listed('us-east-1', [central, local]), ...status(central, true), ...status(local, false), ...APP_BUCKETS },
      expect: { resources: [trailArn('central')] },
    },
  ],
  notMet: [
    {
      name: 'trailDeliversToOwnBucket',
      responses: { ...listed('us-east-1', [local]), ...status(local, true), ...APP_BUCKETS },
      expect: { resources: [trailArn('local')], message: 'acme-local-trail, a bucket owned by this account' },
    },
    {
      name: 'oneCentralOneLocalTrail',
      responses: { ...listed('us-east-1', [central, local]), ...status(central, true), ...status(local, true), ...APP_BUCKETS },
      expect: { resources: [trailArn('local')] },
    },
    {
      name: 'noTrailAtAll',
      regions: TWO,
      responses: { ...listed('us-east-1', []), ...listed('us-west-2', []), ...APP_BUCKETS },
      expect: { resources: [ACCOUNT.rootArn], message: 'has no CloudTrail trail' },
    },
    {
      name: 'onlyTrailIsStopped',
      responses: { ...listed('us-east-1', [central]), ...status(central, false), ...APP_BUCKETS },
      expect: { message: 'No CloudTrail trail is logging (central)' },
    },
    {
      name: 'bucketNoLongerExists',
      responses: { ...listed('us-east-1', [central]), ...status(central, true, { LatestDeliveryError: 'NoSuchBucket' }), ...APP_BUCKETS },
      expect: { message: 'which does not exist' },
    },
  ],
  cannotTell: [
    {
      name: 'listBucketsDenied',
      responses: { ...listed('us-east-1', [central]), ...status(central, true), 's3:ListBuckets': DENIED },
      expect: { missingPermission: 's3:ListAllMyBuckets' },
    },
    {
      name: 'describeTrailsDenied',
      responses: { ...listed('us-east-1', DENIED), ...APP_BUCKETS },
      expect: { missingPermission: 'cloudtrail:DescribeTrails' },
    },
  ],
});

describe('check 1.14 against the SDK', () => {
  const cloudtrail = mockClient(CloudTrailClient);
  const s3 = mockClient(S3Client);
  afterEach(() => {
    cloudtrail.reset();
    s3.reset();
  });

  it('ownBucketOnSecondListBucketsPage: ListBuckets is paginated (MaxBuckets) and every page counts', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [local] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    s3.on(ListBucketsCommand).callsFake(listBucketsPaged([['acme-app-assets', 'us-east-1'], ['acme-local-trail', 'eu-west-1']]));
    const result = await runLive(check);
    expect(result.status, JSON.stringify(result.findings)).toBe('not-met');
    expect(result.findings.map((f) => f.resource)).toEqual([trailArn('local')]);
    expect(s3.commandCalls(ListBucketsCommand).map((c) => c.args[0].input.MaxBuckets)).toEqual([1000, 1000]);
  });
});
