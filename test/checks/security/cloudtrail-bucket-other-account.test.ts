import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import check from '../../../src/checks/security/cloudtrail-bucket-other-account.js';
import { ACCOUNT, DENIED, THROTTLED, testCheck } from '../../support/check-tester.js';
import { MANAGEMENT_ACCOUNT, listBucketsPaged, listed, ownBuckets, regionResource, runLive, status, trail, trailArn } from './cloudtrail-fixtures.js';

const TWO = ['us-east-1', 'us-west-2'];
const central = trail('central', { multi: true, bucket: 'audit-cloudtrail-logs' });
const local = trail('local', { bucket: 'acme-local-trail' });
const westLocal = trail('west-local', { home: 'us-west-2', bucket: 'acme-local-trail' });
const org = trail('org-trail', { multi: true, org: true, account: MANAGEMENT_ACCOUNT, bucket: 'org-log-archive' });
const bucketless = { ...trail('bucketless'), S3BucketName: undefined };
const APP_BUCKETS = ownBuckets('acme-app-assets', 'acme-local-trail');
const LIST_DENIED = { 's3:ListBuckets': DENIED };

testCheck(check, {
  met: [
    {
      name: 'trailDeliversToAuditAccountBucket',
      regions: TWO,
      responses: { ...listed('us-east-1', [central]), ...listed('us-west-2', [central]), ...status(central, true), ...APP_BUCKETS },
      expect: { resources: [trailArn('central')], message: 'Trail central stores its logs in audit-cloudtrail-logs, owned by another account (not in this account\'s bucket list).' },
    },
    {
      name: 'organizationTrailStatusDeniedBucketElsewhere',
      responses: { ...listed('us-east-1', [org]), ...status(org, DENIED), ...APP_BUCKETS },
      expect: { resources: [trailArn('org-trail', 'us-east-1', MANAGEMENT_ACCOUNT)], message: '(its logging status could not be read: missing permission cloudtrail:GetTrailStatus).' },
    },
    {
      name: 'trailStatusWithoutIsLoggingJudgedOnItsBucket',
      responses: { ...listed('us-east-1', [central]), ...status(central, {}), ...APP_BUCKETS },
      expect: { resources: [trailArn('central')], message: '(its logging status could not be read: cloudtrail:GetTrailStatus@us-east-1 {"Name":"arn:aws:cloudtrail:us-east-1:123456789012:trail/central"} answered a malformed response: IsLogging is missing).' },
    },
    {
      name: 'stoppedLocalTrailIgnoredBesideCentralOne',
      responses: { ...listed('us-east-1', [central, local]), ...status(central, true), ...status(local, false), ...APP_BUCKETS },
      expect: { resources: [trailArn('central')] },
    },
    {
      name: 'organizationTrailAndOwnTrailBothToTheArchive',
      regions: TWO,
      responses: {
        ...listed('us-east-1', [org, central]),
        ...listed('us-west-2', [org, central]),
        ...status(org, true),
        ...status(central, true),
        ...APP_BUCKETS,
      },
      expect: { resources: [trailArn('org-trail', 'us-east-1', MANAGEMENT_ACCOUNT), trailArn('central')] },
    },
  ],
  notMet: [
    {
      name: 'trailDeliversToOwnBucket',
      responses: { ...listed('us-east-1', [local]), ...status(local, true), ...APP_BUCKETS },
      expect: { resources: [trailArn('local')], message: 'Trail local stores its logs in acme-local-trail, a bucket owned by this account.' },
    },
    {
      name: 'oneCentralOneLocalTrail',
      responses: { ...listed('us-east-1', [central, local]), ...status(central, true), ...status(local, true), ...APP_BUCKETS },
      expect: { resources: [trailArn('local')], metResources: [trailArn('central')] },
    },
    {
      name: 'localTrailInAnotherRegion',
      regions: TWO,
      responses: { ...listed('us-east-1', [central]), ...listed('us-west-2', [central, westLocal]), ...status(central, true), ...status(westLocal, true), ...APP_BUCKETS },
      expect: { resources: [trailArn('west-local', 'us-west-2')], metResources: [trailArn('central')] },
    },
    {
      name: 'noTrailAtAll',
      regions: TWO,
      responses: { ...listed('us-east-1', []), ...listed('us-west-2', []), ...APP_BUCKETS },
      expect: { resources: [ACCOUNT.rootArn], message: 'The account has no CloudTrail trail, so no logs reach another account\'s bucket.' },
    },
    {
      name: 'noTrailWhileListBucketsDenied',
      responses: { ...listed('us-east-1', []), ...LIST_DENIED },
      expect: { resources: [ACCOUNT.rootArn], message: 'has no CloudTrail trail' },
    },
    {
      name: 'onlyTrailIsStopped',
      responses: { ...listed('us-east-1', [central]), ...status(central, false), ...APP_BUCKETS },
      expect: { resources: [ACCOUNT.rootArn], message: 'No CloudTrail trail is logging (central), so no logs reach another account\'s bucket.' },
    },
    {
      name: 'bucketNoLongerExists',
      responses: { ...listed('us-east-1', [central]), ...status(central, true, { LatestDeliveryError: 'NoSuchBucket' }), ...APP_BUCKETS },
      expect: { resources: [trailArn('central')], message: 'Trail central delivers to audit-cloudtrail-logs, which does not exist (last delivery error: NoSuchBucket).' },
    },
    {
      name: 'bucketNoLongerExistsWhileListBucketsDenied',
      responses: { ...listed('us-east-1', [central]), ...status(central, true, { LatestDeliveryError: 'NoSuchBucket' }), ...LIST_DENIED },
      expect: { resources: [trailArn('central')], message: 'which does not exist' },
    },
    {
      name: 'trailWithoutABucket',
      responses: { ...listed('us-east-1', [bucketless, central]), ...status(bucketless, true), ...status(central, true), ...LIST_DENIED },
      expect: { resources: [trailArn('bucketless')], message: 'Trail bucketless has no S3 bucket.' },
    },
    {
      name: 'ownBucketBesideARegionThatCannotBeRead',
      regions: TWO,
      responses: { ...listed('us-east-1', [local]), ...listed('us-west-2', DENIED), ...status(local, true), ...APP_BUCKETS },
      expect: { resources: [trailArn('local')] },
    },
  ],
  cannotTell: [
    {
      name: 'listBucketsDenied',
      responses: { ...listed('us-east-1', [central]), ...status(central, true), ...LIST_DENIED },
      expect: {
        resources: [trailArn('central')],
        missingPermission: 's3:ListAllMyBuckets',
        message: 'could not tell: missing permission s3:ListAllMyBuckets: who owns bucket audit-cloudtrail-logs of trail central is unknown',
      },
    },
    {
      name: 'describeTrailsDenied',
      responses: { ...listed('us-east-1', DENIED), ...APP_BUCKETS },
      expect: { resources: [regionResource('us-east-1')], missingPermission: 'cloudtrail:DescribeTrails' },
    },
    {
      name: 'centralTrailBesideARegionThatCannotBeRead',
      regions: TWO,
      responses: { ...listed('us-east-1', [central]), ...listed('us-west-2', THROTTLED), ...status(central, true), ...APP_BUCKETS },
      expect: { resources: [regionResource('us-west-2')], metResources: [trailArn('central')] },
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
