// 2.12 The Disaster Recovery (DR) plan is adequately tested: against the RPO and RTO, periodically and after
// major updates; at least one DR test completed.
// Account-wide, from AWS Elastic Disaster Recovery in every region in scope:
// - DRS never initialized there (UninitializedAccountException) or not offered → not in use there;
// - the source servers that replicate (drs:DescribeSourceServers; failback copies and servers disconnected
//   from the service left out) are judged one by one;
// - a source server launched in a drill or a recovery since the UTC midnight 12 months ago → met: from
//   drs:DescribeJobs (fromDate that midnight, initiatedBy START_DRILL | START_RECOVERY, its
//   participatingServers entry LAUNCHED, or TERMINATED = launched then cleaned up) or from its own
//   lifeCycle.lastLaunch (type DRILL | RECOVERY, same statuses);
// - a source server with neither → not met: it replicates, but its recovery was not tested in 12 months.
//   When the jobs cannot be read, the server's latest launch still decides where it can: launched in the
//   window → met; latest launch before the window → not met (nothing launched since); otherwise (never
//   launched, or the latest launch failed or is pending) only the jobs could tell → error for that server.
// Always one manual finding as well: whether the tests are measured against RTO and RPO and repeated after
// major updates is not visible to the API; without DRS anywhere, people attest the DR test itself.
// Resilience Hub assessments are analyses, not tests, and AZ experiments (2.9) are not DR tests: neither
// counts here.
import type { Job, SourceServer } from '@aws-sdk/client-drs';
import { windowStart } from '../../aws/services/backup.js';
import { RegionDisabled, ServiceNotEnabled } from '../../errors.js';
import { defineCheck, findingFromError, manual, met, notMet, type CheckContext } from '../define-check.js';
import type { Finding } from '../../model.js';

const WINDOW_MONTHS = 12;
const LAUNCHED = new Set(['LAUNCHED', 'TERMINATED']);
const BY_JOB: Record<string, string> = { START_DRILL: 'drill', START_RECOVERY: 'recovery' };

export default defineCheck({
  meta: {
    id: '2.12',
    kind: 'partial',
    scope: 'account',
    permissions: ['drs:DescribeSourceServers', 'drs:DescribeJobs'],
    remediation:
      'Run a DR drill at least once a year and after major updates (e.g. an Elastic Disaster Recovery drill for every ' +
      'source server), measure the recovery time and data loss against the RTO and RPO, and keep the report.',
    docs: 'https://docs.aws.amazon.com/drs/latest/userguide/',
  },
  async run(ctx) {
    const { regions, account } = ctx;
    const perRegion = await Promise.all(regions.map((region) => regionFindings(ctx, region)));
    const findings = perRegion.flatMap((r) => r.findings);
    const inUse = perRegion.some((r) => r.servers > 0);
    findings.push(
      manual(
        `arn:${account.partition}:::${account.id}`,
        inUse
          ? 'Attest that DR tests are measured against the RTO and RPO and repeated after major updates (not visible to the API).'
          : `Elastic Disaster Recovery is not in use in ${regions.join(', ')}: attest the latest DR test (date, scope, RTO and RPO achieved).`,
      ),
    );
    return findings;
  },
});

/** The region's findings, one per source server that replicates, and how many such servers there are. */
async function regionFindings({ aws, account, now }: CheckContext, region: string): Promise<{ servers: number; findings: Finding[] }> {
  const since = windowStart(now, WINDOW_MONTHS);
  let servers: SourceServer[];
  try {
    servers = (await aws.drs.sourceServers(region)).filter(
      (s) => s.replicationDirection !== 'FAILBACK' && s.dataReplicationInfo?.dataReplicationState !== 'DISCONNECTED',
    );
  } catch (err) {
    if (err instanceof ServiceNotEnabled || err instanceof RegionDisabled) return { servers: 0, findings: [] }; // DRS not in use / not offered there
    return { servers: 0, findings: [findingFromError(err, `arn:${account.partition}:drs:${region}:${account.id}:source-server/*`)] };
  }
  if (servers.length === 0) return { servers: 0, findings: [] }; // no need to read (or be allowed to read) the jobs
  const jobs = await aws.drs.jobs(region, since).then(
    (list) => list,
    (err: unknown) => err,
  );
  const findings = servers.map((s) => {
    const arn = s.arn ?? `arn:${account.partition}:drs:${region}:${account.id}:source-server/${s.sourceServerID}`;
    const name = `Source server ${s.sourceServerID}${hostname(s) ? ` (${hostname(s)})` : ''} in ${region}`;
    const test = lastTest(s, Array.isArray(jobs) ? jobs : [], since);
    if (test) return met(arn, `${name} was launched in a DRS ${test.kind} on ${test.date.slice(0, 10)}.`, { ...test, replication: s.dataReplicationInfo?.dataReplicationState });
    const latest = iso(s.lifeCycle?.lastLaunch?.initiated?.apiCallDateTime);
    // Without the jobs, only a latest launch before the window proves that nothing was launched since.
    if (!Array.isArray(jobs) && !(latest && Date.parse(latest) < since.getTime())) return findingFromError(jobs, arn);
    return notMet(arn, `${name} replicates to Elastic Disaster Recovery but had no drill or recovery in the last ${WINDOW_MONTHS} months: its recovery is untested.`, {
      lastLaunch: latest,
      replication: s.dataReplicationInfo?.dataReplicationState,
    });
  });
  return { servers: servers.length, findings };
}

/** The latest launch of this server in a drill or recovery since `since`, from jobs and its own life cycle. */
function lastTest(s: SourceServer, jobs: Job[], since: Date): { date: string; kind: string; job?: string } | undefined {
  const fromJobs = jobs.flatMap((j) => {
    const kind = BY_JOB[j.initiatedBy ?? ''];
    const launched = j.participatingServers?.some((p) => p.sourceServerID === s.sourceServerID && LAUNCHED.has(p.launchStatus ?? ''));
    const date = iso(j.creationDateTime);
    return kind && launched && date ? [{ date, kind, job: j.jobID }] : [];
  });
  const last = s.lifeCycle?.lastLaunch;
  const initiated = last?.initiated;
  const lastDate = iso(initiated?.apiCallDateTime);
  const fromLifeCycle = initiated && lastDate && LAUNCHED.has(last!.status ?? '') ? [{ date: lastDate, kind: initiated.type === 'DRILL' ? 'drill' : 'recovery', job: initiated.jobID }] : [];
  return [...fromJobs, ...fromLifeCycle].filter((t) => Date.parse(t.date) >= since.getTime()).sort((a, b) => Date.parse(b.date) - Date.parse(a.date))[0];
}

/** DRS dates are ISO strings in the SDK; a replayed snapshot revives them as Date objects. Unreadable → undefined. */
function iso(d: string | Date | undefined): string | undefined {
  const t = d instanceof Date ? d.getTime() : Date.parse(d ?? '');
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function hostname(s: SourceServer): string | undefined {
  return s.sourceProperties?.identificationHints?.hostname;
}
