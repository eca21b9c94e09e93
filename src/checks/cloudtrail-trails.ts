// The trails 1.13–1.15 look at: every trail recording in the regions in scope, once each, with its status
// (cloudtrail:DescribeTrails with shadow trails + GetTrailStatus, memoized across the three checks).
import type { TrailSeen } from '../aws/services/cloudtrail.js';
import type { Finding } from '../model.js';
import { findingFromError, type CheckContext } from './define-check.js';

/** Where a region's trails are reported when they could not be listed (or none records there). */
export const regionTrailsArn = (account: CheckContext['account'], region: string): string =>
  `arn:${account.partition}:cloudtrail:${region}:${account.id}:trail/*`;

/**
 * Every trail of the regions in scope, the ones among them that log, and an error finding for each region
 * whose trail list could not be read. A trail whose status could not be read counts as logging: it is
 * judged on its configuration (and the finding says its status is unknown).
 */
export async function loggingTrails({ aws, regions, account }: Pick<CheckContext, 'aws' | 'regions' | 'account'>): Promise<{
  trails: TrailSeen[];
  logging: TrailSeen[];
  regionErrors: Finding[];
}> {
  const { trails, failed } = await aws.cloudtrail.trailsAcross(regions);
  return {
    trails,
    logging: trails.filter((t) => t.status?.IsLogging !== false),
    regionErrors: failed.map(({ region, error }) => findingFromError(error, regionTrailsArn(account, region))),
  };
}
