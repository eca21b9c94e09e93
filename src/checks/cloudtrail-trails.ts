// The trails 1.13–1.15 look at: every trail recording in the regions in scope, once each, with its status
// (cloudtrail:DescribeTrails with shadow trails + GetTrailStatus, memoized across the three checks), and how
// 1.13 reads a trail's event selectors.
import type { AdvancedFieldSelector, GetEventSelectorsCommandOutput } from '@aws-sdk/client-cloudtrail';
import type { TrailSeen } from '../aws/services/cloudtrail.js';
import type { Finding } from '../model.js';
import { findingFromError, type CheckContext } from './define-check.js';

/** Where a region's trails are reported when they could not be listed (or none records there). */
export const regionTrailsArn = (account: CheckContext['account'], region: string): string =>
  `arn:${account.partition}:cloudtrail:${region}:${account.id}:trail/*`;

/**
 * Why a trail's logging status is unknown: GetTrailStatus failed, or answered without IsLogging (optional in
 * the API's shape; an emulator or a partial answer may leave it out). Undefined when IsLogging is known.
 */
export function statusUnknown(t: TrailSeen): string | undefined {
  if (t.statusError) return t.statusError.message;
  return typeof t.status?.IsLogging === 'boolean' ? undefined : `GetTrailStatus of trail ${t.trail.Name} gave no IsLogging`;
}

/**
 * Every trail of the regions in scope, the ones among them that log, and an error finding for each region
 * whose trail list could not be read. A trail whose status is unknown (unreadable, or without IsLogging)
 * counts as logging: it is judged on its configuration (and the finding says its status is unknown).
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

/** Which management events a trail's selectors record; `excluded`: event sources left out (kms, rdsdata). */
export interface ManagementEvents {
  read: boolean;
  write: boolean;
  excluded: string[];
  /** The trail has no event selectors at all: CloudTrail then logs all read and write management events. */
  noSelectors: boolean;
}

/**
 * Read the trail's selectors: basic EventSelectors (IncludeManagementEvents, ReadWriteType; defaults true
 * and All) or AdvancedEventSelectors (eventCategory = Management, optional readOnly and eventSource
 * NotEquals). A selector narrowed to some event sources or names does not count as "all management events".
 * Neither kind (or both lists empty): no specific selectors, and "trails created without specific event
 * selectors are configured to log all read and write management events" (CloudTrail PutEventSelectors).
 */
export function managementEvents(out: GetEventSelectorsCommandOutput): ManagementEvents {
  const basic = out.EventSelectors ?? [];
  const advanced = out.AdvancedEventSelectors ?? [];
  if (basic.length === 0 && advanced.length === 0) return { read: true, write: true, excluded: [], noSelectors: true };
  const found: ManagementEvents = { read: false, write: false, excluded: [], noSelectors: false };
  for (const s of basic) {
    if (s.IncludeManagementEvents === false) continue;
    const rw = s.ReadWriteType ?? 'All';
    if (rw !== 'WriteOnly') found.read = true;
    if (rw !== 'ReadOnly') found.write = true;
    found.excluded.push(...(s.ExcludeManagementEventSources ?? []));
  }
  for (const a of advanced) {
    const fields = a.FieldSelectors ?? [];
    const field = (name: string) => fields.find((f) => f.Field === name);
    if (!field('eventCategory')?.Equals?.includes('Management')) continue;
    if (fields.some((f) => !['eventCategory', 'readOnly', 'eventSource'].includes(f.Field ?? ''))) continue;
    const source = field('eventSource');
    if (source && (source.Equals?.length || source.StartsWith?.length || source.EndsWith?.length)) continue;
    found.excluded.push(...(source?.NotEquals ?? []), ...(source?.NotStartsWith ?? []), ...(source?.NotEndsWith ?? []));
    const readOnly = field('readOnly');
    if (allows(readOnly, 'true')) found.read = true;
    if (allows(readOnly, 'false')) found.write = true;
  }
  found.excluded = [...new Set(found.excluded)];
  return found;
}

function allows(f: AdvancedFieldSelector | undefined, value: string): boolean {
  if (!f) return true;
  if (f.Equals?.length) return f.Equals.includes(value);
  if (f.NotEquals?.length) return !f.NotEquals.includes(value);
  return true;
}
