// Fixture builders shared by the CloudTrail checks' tests (1.13, 1.14, 1.15): trails as DescribeTrails
// returns them, and the keys the data layer asks for (DescribeTrails per region, status and selectors by ARN
// in the trail's home region).
import type { Trail } from '@aws-sdk/client-cloudtrail';
import { callKey } from '../../../src/aws/snapshot.js';
import type { Check } from '../../../src/checks/define-check.js';
import { runChecks } from '../../../src/engine.js';
import type { CheckResult } from '../../../src/model.js';
import { ACCOUNT, engineContext, liveFetcher } from '../../support/check-tester.js';

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

/**
 * Runs a check against the SDK itself (no snapshot): the caller stubs the clients with aws-sdk-client-mock, so
 * what the data layer really sends (inputs, pagination, which region's client) is what the stubs see.
 */
export async function runLive(check: Check): Promise<CheckResult> {
  const fetcher = liveFetcher();
  const { results } = await runChecks({ checks: [check], only: [check.meta.id], context: engineContext(fetcher) });
  fetcher.destroy();
  return results[0];
}

/**
 * S3 ListBuckets as the API answers it: only a request with MaxBuckets is paginated and carries BucketRegion;
 * this account is over the 10,000-bucket quota, so an unpaginated request is refused. One bucket per page.
 */
export function listBucketsPaged(buckets: [string, string][]) {
  return async (input: { MaxBuckets?: number; ContinuationToken?: string }) => {
    if (input.MaxBuckets === undefined) {
      throw Object.assign(new Error('Unpaginated ListBuckets requests are not supported for this account'), {
        name: 'InvalidRequest',
        $metadata: { httpStatusCode: 400 },
      });
    }
    const i = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
    const [Name, BucketRegion] = buckets[i];
    return { Buckets: [{ Name, BucketRegion }], ...(i + 1 < buckets.length ? { ContinuationToken: String(i + 1) } : {}) };
  };
}
