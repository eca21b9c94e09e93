// Fixture builders shared by the CloudTrail checks' tests (1.13, 1.14, 1.15): trails as DescribeTrails
// returns them, and the keys the data layer asks for (DescribeTrails per region, status and selectors by ARN
// in the trail's home region).
import type { Trail } from '@aws-sdk/client-cloudtrail';
import { callKey } from '../../../src/aws/snapshot.js';
import { ACCOUNT } from '../../support/check-tester.js';

export const AUDIT_ACCOUNT = '999988887777';
export const MANAGEMENT_ACCOUNT = '111122223333';

export function trail(
  name: string,
  o: { home?: string; multi?: boolean; org?: boolean; bucket?: string; account?: string } = {},
): Trail {
  const home = o.home ?? 'us-east-1';
  return {
    Name: name,
    TrailARN: `arn:aws:cloudtrail:${home}:${o.account ?? ACCOUNT.id}:trail/${name}`,
    HomeRegion: home,
    S3BucketName: o.bucket ?? `${name}-logs`,
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: o.multi ?? false,
    IsOrganizationTrail: o.org ?? false,
    LogFileValidationEnabled: true,
    HasCustomEventSelectors: false,
    HasInsightSelectors: false,
  };
}

/** DescribeTrails (with shadow trails) in a region answers these trails, or an error fixture. */
export const listed = (region: string, trails: Trail[] | object) => ({
  [callKey('cloudtrail', 'DescribeTrails', { includeShadowTrails: true }, region)]: Array.isArray(trails) ? { trailList: trails } : trails,
});

/** GetTrailStatus for a trail: logging or not, or an error fixture. */
export const status = (t: Trail, logging: boolean | object, extra: object = {}) => ({
  [callKey('cloudtrail', 'GetTrailStatus', { Name: t.TrailARN }, t.HomeRegion)]:
    typeof logging === 'boolean' ? { IsLogging: logging, LatestDeliveryTime: '2026-05-31T23:55:00.000Z', ...extra } : logging,
});

export const selectors = (t: Trail, body: object) => ({
  [callKey('cloudtrail', 'GetEventSelectors', { TrailName: t.TrailARN }, t.HomeRegion)]: '$error' in body ? body : { TrailARN: t.TrailARN, ...body },
});

export const ALL_MANAGEMENT = {
  EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
};

/** s3:ListBuckets of this account: these bucket names (in us-east-1 unless given as [name, region]). */
export const ownBuckets = (...buckets: (string | [string, string])[]) => ({
  's3:ListBuckets': {
    Buckets: buckets.map((b) => {
      const [Name, BucketRegion] = typeof b === 'string' ? [b, 'us-east-1'] : b;
      return { Name, BucketRegion, CreationDate: '2024-03-01T10:00:00.000Z' };
    }),
    Owner: { ID: 'c0ffee' },
  },
});

export const trailArn = (name: string, home = 'us-east-1', account = ACCOUNT.id) => `arn:aws:cloudtrail:${home}:${account}:trail/${name}`;
export const regionResource = (region: string) => `arn:aws:cloudtrail:${region}:${ACCOUNT.id}:trail/*`;
