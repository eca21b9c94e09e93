// 2.9 Resiliency of the solution has been tested (single-AZ disruption, in production, within 12 months).
// Account-wide (one test anywhere answers the item; a regional verdict would turn the regions that did not
// need a test into "manual"): AWS FIS experiments of every region in scope (fis:ListExperiments), those
// created since the UTC midnight 12 months ago that ended completed, stopped or failed, at most 20 per
// region (completed ones first, newest first), read with fis:GetExperiment. An experiment disrupts an AZ
// when a target or action is scoped to one — a target filter on Placement.AvailabilityZone, a parameter
// such as availabilityZoneIdentifier(s) (the "AZ Availability: Power Interruption" scenario,
// aws:ec2:asg-insufficient-instance-capacity-error, ElastiCache AZ power interruption) — or its action is
// aws:arc:start-zonal-autoshift. A completed experiment counts only through the actions that completed
// (actions[].state.status): a target preview (started with actionsMode skip-all) and actions skipped for
// want of targets (emptyTargetResolutionMode skip) leave the actions "skipped" and disrupt nothing.
// - a completed AZ experiment → met (the checklist asks that the test ran; the account scanned is the
//   production account). Regions or experiments that could not be read do not matter then and are left out;
// - none completed, but AZ experiments were stopped (by a stop condition or a person) → not met: the
//   latest AZ test did not run through; fix what tripped it and run it again;
// - an AZ experiment that failed (e.g. its targets could not be resolved) is evidence, not a test → manual;
// - nothing → manual: game days can run without FIS, and FIS keeps experiments only 120 days.
import type { Experiment, ExperimentSummary } from '@aws-sdk/client-fis';
import { windowStart } from '../../aws/services/backup.js';
import { RegionDisabled } from '../../errors.js';
import { defineCheck, findingFromError, manual, met, notMet, type CheckContext } from '../define-check.js';
import type { Finding } from '../../model.js';

const WINDOW_MONTHS = 12;
const MAX_DETAILS = 20;
const AZ_KEY = /availabilityzone/i;
const AZ_ACTIONS = new Set(['aws:arc:start-zonal-autoshift']);
/** The end states worth reading, in the order they are read: a completed test decides the item. */
const ENDED = ['completed', 'stopped', 'failed'];

interface AzExperiment {
  region: string;
  summary: ExperimentSummary;
  /** The summary's state and creation time, known for every experiment read. */
  status: string;
  reason?: string;
  created: Date;
  experiment: Experiment;
  azs: string[];
}

export default defineCheck({
  meta: {
    id: '2.9',
    kind: 'partial',
    scope: 'account',
    permissions: ['fis:ListExperiments', 'fis:GetExperiment'],
    remediation:
      'Run an AZ disruption test in production at least once a year, e.g. the AWS FIS "AZ Availability: Power ' +
      'Interruption" scenario, or a game day; attest game days run without FIS.',
    docs: 'https://docs.aws.amazon.com/fis/latest/userguide/az-availability-scenario.html',
  },
  async run(ctx) {
    const { regions, account } = ctx;
    const looks = await Promise.all(regions.map((region) => azExperiments(ctx, region)));
    const found = looks.flatMap((l) => l.found);
    const evidence = (e: AzExperiment) => ({ template: e.summary.experimentTemplateId, azs: e.azs, actions: Object.values(e.experiment.actions ?? {}).map((a) => a.actionId), reason: e.reason });
    const what = (e: AzExperiment) => `FIS experiment ${e.summary.id} ${e.status === 'completed' ? 'disrupted' : 'targeted'} ${azText(e)} in ${e.region} on ${e.created.toISOString().slice(0, 10)}`;
    const byStatus = (status: string) => found.filter((e) => e.status === status);
    const completed = byStatus('completed');
    if (completed.length > 0) return completed.map((e) => met(arn(ctx, e.region, e.summary), `${what(e)} and completed.`, evidence(e)));
    const stopped = byStatus('stopped').map((e) =>
      notMet(arn(ctx, e.region, e.summary), `${what(e)} but was stopped before it completed (${e.reason ?? 'no reason given'}): fix what tripped it and run it again.`, evidence(e)),
    );
    const failed = byStatus('failed').map((e) => manual(arn(ctx, e.region, e.summary), `${what(e)} but failed (${e.reason ?? 'no reason given'}): it is not a completed test.`, evidence(e)));
    const findings: Finding[] = [...stopped, ...failed, ...looks.flatMap((l) => l.errors)];
    if (stopped.length === 0) {
      findings.push(
        manual(
          `arn:${account.partition}:::${account.id}`,
          `No AWS FIS experiment disrupting an Availability Zone completed in the last ${WINDOW_MONTHS} months in ${regions.join(', ')} ` +
            '(FIS keeps experiments 120 days): attest the latest AZ disruption test or game day in production, with its date and outcome.',
        ),
      );
    }
    return findings;
  },
});

/** The region's AZ experiments in the window, and an error finding for what could not be read. */
async function azExperiments(ctx: CheckContext, region: string): Promise<{ found: AzExperiment[]; errors: Finding[] }> {
  const { aws, now, account } = ctx;
  const since = windowStart(now, WINDOW_MONTHS).getTime();
  let listed: ExperimentSummary[];
  try {
    listed = await aws.fis.experiments(region);
  } catch (err) {
    if (err instanceof RegionDisabled) return { found: [], errors: [] }; // FIS not offered there
    return { found: [], errors: [findingFromError(err, `arn:${account.partition}:fis:${region}:${account.id}:experiment/*`)] };
  }
  const candidates = listed
    .flatMap((summary) => {
      const status = summary.state?.status ?? '';
      const created = summary.creationTime;
      return created && created.getTime() >= since && ENDED.includes(status) ? [{ summary, status, reason: summary.state?.reason, created }] : [];
    })
    .sort((a, b) => ENDED.indexOf(a.status) - ENDED.indexOf(b.status) || b.created.getTime() - a.created.getTime())
    .slice(0, MAX_DETAILS);
  // Read in candidate order (not completion order), so the findings come out in a stable order.
  const read = await Promise.all(
    candidates.map((c) =>
      aws.fis.experiment(region, c.summary.id!).then(
        (experiment) => ({ ...c, experiment, error: undefined }),
        (err: unknown) => ({ ...c, experiment: undefined, error: findingFromError(err, arn(ctx, region, c.summary)) }),
      ),
    ),
  );
  const errors: Finding[] = [];
  const found: AzExperiment[] = [];
  for (const r of read) {
    if (r.error) errors.push(r.error);
    const azs = r.experiment && azScope(r.experiment, r.status === 'completed');
    if (r.experiment && azs) found.push({ ...r, region, experiment: r.experiment, azs });
  }
  return { found, errors };
}

/**
 * The AZs an experiment targets ([] when scoped to an AZ without naming it); undefined: not AZ-scoped.
 * `ran`: look only at the actions that completed (and the targets they acted on).
 */
function azScope(e: Experiment, ran: boolean): string[] | undefined {
  const actions = Object.values(e.actions ?? {}).filter((a) => !ran || a.state?.status === 'completed');
  const acted = new Set(actions.flatMap((a) => Object.values(a.targets ?? {})));
  const azs = new Set<string>();
  let scoped = false;
  const scan = (entries: [string | undefined, string | string[] | undefined][]) => {
    for (const [key, value] of entries) {
      if (!AZ_KEY.test(key ?? '')) continue;
      scoped = true;
      for (const v of [value ?? []].flat()) v.split(',').forEach((az) => az.trim() && azs.add(az.trim()));
    }
  };
  for (const [name, t] of Object.entries(e.targets ?? {})) {
    if (!acted.has(name)) continue;
    scan((t.filters ?? []).map((f) => [f.path, f.values]));
    scan(Object.entries(t.parameters ?? {}));
  }
  for (const a of actions) {
    if (AZ_ACTIONS.has(a.actionId ?? '')) scoped = true;
    scan(Object.entries(a.parameters ?? {}));
  }
  return scoped ? [...azs].sort() : undefined;
}

function arn({ account }: CheckContext, region: string, s: ExperimentSummary): string {
  return `arn:${account.partition}:fis:${region}:${account.id}:experiment/${s.id}`;
}

function azText(e: AzExperiment): string {
  return e.azs.length ? `Availability Zone ${e.azs.join(', ')}` : 'an Availability Zone';
}
