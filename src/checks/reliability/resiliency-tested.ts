// 2.9 Resiliency of the solution has been tested (single-AZ disruption, in production, within 12 months).
// Account-wide (one test anywhere answers the item; a regional verdict would turn the regions that did not
// need a test into "manual"): AWS FIS experiments of every region in scope (fis:ListExperiments), those
// created in the last 12 months that ended completed or stopped, newest first, at most 20 per region, read
// with fis:GetExperiment. An experiment disrupts an AZ when a target or action is scoped to one — a target
// filter on Placement.AvailabilityZone, a parameter such as availabilityZoneIdentifier(s) (the "AZ
// Availability: Power Interruption" scenario, aws:ec2:asg-insufficient-instance-capacity-error,
// ElastiCache AZ power interruption) — or its action is aws:arc:start-zonal-autoshift.
// - a completed AZ experiment → met (the checklist asks that the test ran; the account scanned is the
//   production account). Regions that could not be read do not matter then and are left out;
// - none completed, but AZ experiments were stopped (by a stop condition or a person) → not met: the
//   latest AZ test did not run through; fix what tripped it and run it again;
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

interface AzExperiment {
  region: string;
  summary: ExperimentSummary;
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
    const looks = await Promise.all(regions.map((region) => azExperiments(ctx, region).then((found) => ({ region, found }), (error: unknown) => ({ region, error }))));
    const found = looks.flatMap((l) => ('found' in l ? l.found : []));
    const arn = (e: AzExperiment) => `arn:${account.partition}:fis:${e.region}:${account.id}:experiment/${e.summary.id}`;
    const evidence = (e: AzExperiment) => ({ template: e.summary.experimentTemplateId, azs: e.azs, actions: Object.values(e.experiment.actions ?? {}).map((a) => a.actionId), reason: e.summary.state?.reason });
    const completed = found.filter((e) => e.summary.state?.status === 'completed');
    if (completed.length > 0) {
      return completed.map((e) => met(arn(e), `FIS experiment ${e.summary.id} disrupted ${azText(e)} in ${e.region} on ${day(e.summary.creationTime)} and completed.`, evidence(e)));
    }
    const findings: Finding[] = found.map((e) =>
      notMet(arn(e), `FIS experiment ${e.summary.id} disrupted ${azText(e)} in ${e.region} on ${day(e.summary.creationTime)} but was stopped before it completed: fix what tripped it and run it again.`, evidence(e)),
    );
    for (const l of looks) {
      if (!('error' in l) || l.error instanceof RegionDisabled) continue; // FIS not offered there
      findings.push(findingFromError(l.error, `arn:${account.partition}:fis:${l.region}:${account.id}:experiment/*`));
    }
    if (found.length === 0) {
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

async function azExperiments({ aws, now }: CheckContext, region: string): Promise<AzExperiment[]> {
  const since = windowStart(now, WINDOW_MONTHS).getTime();
  const candidates = (await aws.fis.experiments(region))
    .filter((s) => (s.creationTime?.getTime() ?? 0) >= since && ['completed', 'stopped'].includes(s.state?.status ?? ''))
    .sort((a, b) => (b.creationTime?.getTime() ?? 0) - (a.creationTime?.getTime() ?? 0))
    .slice(0, MAX_DETAILS);
  const detailed = await Promise.all(candidates.map(async (summary) => ({ summary, experiment: await aws.fis.experiment(region, summary.id!) })));
  return detailed.flatMap(({ summary, experiment }) => {
    const azs = experiment && azScope(experiment);
    return experiment && azs ? [{ region, summary, experiment, azs }] : [];
  });
}

/** The AZs an experiment targets ([] when scoped to an AZ without naming it); undefined: not AZ-scoped. */
function azScope(e: Experiment): string[] | undefined {
  const azs = new Set<string>();
  let scoped = false;
  const scan = (entries: [string, string | string[] | undefined][]) => {
    for (const [key, value] of entries) {
      if (!AZ_KEY.test(key)) continue;
      scoped = true;
      for (const v of [value ?? []].flat()) v.split(',').forEach((az) => az.trim() && azs.add(az.trim()));
    }
  };
  for (const t of Object.values(e.targets ?? {})) {
    scan((t.filters ?? []).map((f) => [f.path ?? '', f.values]));
    scan(Object.entries(t.parameters ?? {}));
  }
  for (const a of Object.values(e.actions ?? {})) {
    if (AZ_ACTIONS.has(a.actionId ?? '')) scoped = true;
    scan(Object.entries(a.parameters ?? {}));
  }
  return scoped ? [...azs].sort() : undefined;
}

function azText(e: AzExperiment): string {
  return e.azs.length ? `Availability Zone ${e.azs.join(', ')}` : 'an Availability Zone';
}

function day(d: Date | undefined): string {
  return d ? d.toISOString().slice(0, 10) : 'an unknown date';
}
