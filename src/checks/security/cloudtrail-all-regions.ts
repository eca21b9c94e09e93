// 1.13 CloudTrail is enabled for all AWS accounts in every region.
// cloudtrail:DescribeTrails (includeShadowTrails) in every region in scope lists the trails recording there:
// the region's own trails plus shadow copies of multi-region and organization trails. A trail counts when
// GetTrailStatus.IsLogging is true and GetEventSelectors shows all management events, read and write
// (EventSelectors IncludeManagementEvents + ReadWriteType All, or AdvancedEventSelectors eventCategory =
// Management without a readOnly restriction, or no selectors at all: CloudTrail's default is every read and
// write management event). Excluded sources (kms, rdsdata) still count, shown as
// evidence, as in CIS 3.1. Met: a counting multi-region (or organization) trail, which covers every region;
// otherwise a counting trail in each region. A region without one is not met, named. A trail whose status
// or selectors cannot be read (an organization trail seen from a member account), or whose status has no
// IsLogging, is an error for the regions it alone could cover, never a guess; a region whose trail list
// cannot be read is an error unless a counting multi-region trail covers it.
import { trailOwner, type TrailSeen } from '../../aws/services/cloudtrail.js';
import type { Finding } from '../../model.js';
import { managementEvents, regionTrailsArn, statusUnknown, type ManagementEvents } from '../cloudtrail-trails.js';
import { defineCheck, errorFinding, findingFromError, met, notMet, type CheckContext } from '../define-check.js';

interface Judged {
  seen: TrailSeen;
  verdict: 'records' | 'not-logging' | 'partial' | 'unknown';
  events?: ManagementEvents;
  error?: Finding;
}

export default defineCheck({
  meta: {
    id: '1.13',
    kind: 'automated',
    scope: 'account',
    permissions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
    remediation:
      'Create a multi-region trail (or an organization trail from the management account) that logs all read and ' +
      'write management events, and keep it logging: CloudTrail console → Trails → Create trail, "Enable for all ' +
      'accounts in my organization" / multi-region, Management events: Read and Write.',
    docs: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html',
  },
  async run(ctx) {
    const { aws, regions } = ctx;
    const { trails, failed } = await aws.cloudtrail.trailsAcross(regions);
    const judged = await Promise.all(trails.map((seen) => judge(ctx, seen)));
    const everywhere = judged.find((j) => j.verdict === 'records' && j.seen.trail.IsMultiRegionTrail);
    if (everywhere) {
      const kind = everywhere.seen.trail.IsOrganizationTrail ? 'Organization trail' : 'Multi-region trail';
      const message = `${kind} ${everywhere.seen.trail.Name} is logging all management events (read and write) in every region`;
      return [met(everywhere.seen.arn, `${message}${excluding(everywhere)}.`, evidence(everywhere))];
    }
    const findings: Finding[] = failed.map(({ region, error }) => findingFromError(error, regionTrailsArn(ctx.account, region)));
    const blocking = new Set<Judged>();
    for (const region of regions.filter((r) => !failed.some((f) => f.region === r))) {
      const here = judged.filter((j) => j.seen.regions.includes(region));
      const ok = here.find((j) => j.verdict === 'records');
      if (ok) {
        const message = `${region}: trail ${ok.seen.trail.Name} is logging all management events (read and write)${excluding(ok)}.`;
        findings.push({ ...met(ok.seen.arn, message, evidence(ok)), region });
      } else if (here.some((j) => j.verdict === 'unknown')) {
        here.filter((j) => j.verdict === 'unknown').forEach((j) => blocking.add(j));
      } else {
        const seen = here.length ? `: ${here.map(describe).join('; ')}` : ': no trail records there';
        const f = notMet(regionTrailsArn(ctx.account, region), `No trail is logging all management events (read and write) in ${region}${seen}.`, {
          trails: here.map(evidence),
        });
        findings.push({ ...f, region });
      }
    }
    for (const j of blocking) findings.push(j.error!);
    return findings;
  },
});

async function judge({ aws, account }: CheckContext, seen: TrailSeen): Promise<Judged> {
  const unknown = (error: Finding): Judged => {
    const owner = trailOwner(seen.trail);
    if (owner && owner !== account.id) {
      error.message += ` (trail ${seen.trail.Name} belongs to account ${owner}: an organization trail's status and selectors may only be readable there)`;
    }
    return { seen, verdict: 'unknown', error };
  };
  if (seen.statusError) return unknown(findingFromError(seen.statusError, seen.arn));
  const why = statusUnknown(seen);
  if (why) return unknown({ ...errorFinding(seen.arn, `could not tell: ${why}`), region: seen.trail.HomeRegion });
  if (!seen.status?.IsLogging) return { seen, verdict: 'not-logging' };
  try {
    const events = managementEvents(await aws.cloudtrail.eventSelectors(seen.trail));
    return { seen, verdict: events.read && events.write ? 'records' : 'partial', events };
  } catch (err) {
    return unknown(findingFromError(err, seen.arn));
  }
}

function excluding(j: Judged): string {
  if (j.events?.noSelectors) return ' (it has no event selectors: CloudTrail then logs all management events)';
  return j.events?.excluded.length ? ` (except events from ${j.events.excluded.join(', ')})` : '';
}

function coverage(j: Judged): string {
  if (j.verdict === 'not-logging') return 'not logging';
  if (!j.events) return 'unknown';
  if (j.events.read && j.events.write) return 'read and write';
  return j.events.read ? 'read only' : j.events.write ? 'write only' : 'none';
}

function describe(j: Judged): string {
  return `${j.seen.trail.Name} (${j.verdict === 'not-logging' ? 'not logging' : `management events: ${coverage(j)}`})`;
}

function evidence(j: Judged): Record<string, unknown> {
  const t = j.seen.trail;
  return {
    trail: t.Name,
    arn: j.seen.arn,
    homeRegion: t.HomeRegion,
    multiRegion: t.IsMultiRegionTrail ?? false,
    organization: t.IsOrganizationTrail ?? false,
    logging: j.seen.status?.IsLogging,
    managementEvents: coverage(j),
    ...(j.events?.noSelectors ? { eventSelectors: 'none (CloudTrail default: all management events)' } : {}),
    excludedEventSources: j.events?.excluded,
  };
}
