// The demo account (fixtures/demo, acme-prod) for the demo tests: run checks through the real engine and
// data layer with every call answered from the snapshot, and read the results.
//
//   const results = await runDemo([rootAccountMfa, credentialsRotated]);
//   expect(notInSnapshot(results)).toEqual([]);
//   expect(resourcesWith(results, '1.4', 'not-met')).toEqual([...]);
import { fileURLToPath } from 'node:url';
import { Fetcher } from '../../src/aws/fetcher.js';
import { createAwsData } from '../../src/aws/index.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { loadSnapshot } from '../../src/aws/snapshot.js';
import type { Check } from '../../src/checks/define-check.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../src/config/thresholds.js';
import { runChecks } from '../../src/engine.js';
import type { CheckResult, FindingStatus, Status } from '../../src/model.js';

const DEMO_SNAPSHOT = loadSnapshot(fileURLToPath(new URL('../../fixtures/demo', import.meta.url)));

export const DEMO_ACCOUNT = { id: '210987654321', partition: 'aws', rootArn: 'arn:aws:iam::210987654321:root' };
export const DEMO_HOME = 'us-east-1';
/** The enabled regions of the demo account (ap-east-1 and me-south-1 are not enabled). */
export const DEMO_REGIONS: readonly string[] = ['us-east-1', 'us-west-2', 'eu-west-1'];
/** The demo runs at the instant it was recorded, as `scan --snapshot fixtures/demo` does. */
export const DEMO_NOW = new Date(DEMO_SNAPSHOT.recordedAt!);

export interface DemoOptions {
  thresholds?: Thresholds;
  regions?: readonly string[];
}

/** Runs the checks over the demo snapshot (multi-tenant SaaS, at DEMO_NOW); results by checklist id. */
export async function runDemo(checks: readonly Check[], opts: DemoOptions = {}): Promise<Map<string, CheckResult>> {
  const fetcher = new Fetcher({ services: SERVICES, homeRegion: DEMO_HOME, snapshot: DEMO_SNAPSHOT });
  const { results } = await runChecks({
    checks,
    only: checks.map((c) => c.meta.id),
    context: {
      aws: createAwsData(fetcher),
      account: DEMO_ACCOUNT,
      regions: [...(opts.regions ?? DEMO_REGIONS)],
      homeRegion: DEMO_HOME,
      thresholds: opts.thresholds ?? DEFAULT_THRESHOLDS,
      deploymentModel: 'multi-tenant-saas',
      now: DEMO_NOW,
    },
  });
  return new Map(results.map((r) => [r.id, r]));
}

/** The result of one item; throws when the run has none. */
export function resultOf(results: ReadonlyMap<string, CheckResult>, id: string): CheckResult {
  const result = results.get(id);
  if (!result) throw new Error(`the demo run has no result for ${id}`);
  return result;
}

/** Each item's rolled-up status, by id. */
export const statuses = (results: ReadonlyMap<string, CheckResult>): Record<string, Status> =>
  Object.fromEntries([...results].map(([id, r]) => [id, r.status]));

/** Resources of an item's findings with this status (in one region, when given), sorted. */
export const resourcesWith = (results: ReadonlyMap<string, CheckResult>, id: string, status: FindingStatus, region?: string): string[] =>
  resultOf(results, id)
    .findings.filter((f) => f.status === status && (region === undefined || f.region === region))
    .map((f) => f.resource)
    .sort();

const findingsWhere = (results: ReadonlyMap<string, CheckResult>, keep: (f: CheckResult['findings'][number]) => boolean) =>
  [...results.values()].flatMap((r) => r.findings.filter(keep).map((f) => `${r.id}: ${f.message}`));

/** `id: message` of every finding for a call the snapshot has no response for (expect none). */
export const notInSnapshot = (results: ReadonlyMap<string, CheckResult>): string[] => findingsWhere(results, (f) => f.errorKind === 'not-in-snapshot');

/** `id: message` of every error finding (expect none: the demo can tell every item). */
export const errorFindings = (results: ReadonlyMap<string, CheckResult>): string[] => findingsWhere(results, (f) => f.status === 'error');
