// The reports the machine formats (JUnit, OCSF, CSV) are tested on, beside sample-report.ts (every status),
// hostile-report.ts (hostile strings) and estate-report.ts (several accounts):
// - demoReport(dir): a scan of fixtures/demo or fixtures/demo-org, its times and durations fixed so golden
//   files do not change from run to run;
// - noFindingsReport(): every item not applicable, no finding at all; noItemsReport(): no item selected;
// - manyFindingsReport(n): item 1.4 not met for n IAM users, spread over three regions.
import { DEFAULT_THRESHOLDS } from '../../src/config/thresholds.js';
import { STATUSES, type Report } from '../../src/model.js';
import { scan } from '../../src/scan.js';
import { ACCOUNT, sampleReport } from './sample-report.js';

/** A scan of a demo snapshot (`fixtures/demo`, `fixtures/demo-org`), with fixed times and durations. */
export async function demoReport(snapshot: string): Promise<Report> {
  const { report } = await scan({ snapshot, deploymentModel: 'multi-tenant-saas', concurrency: 4, thresholds: DEFAULT_THRESHOLDS });
  report.tool.version = '0.1.0';
  report.scan.startedAt = '2026-11-20T09:30:00.000Z';
  report.scan.finishedAt = '2026-11-20T09:31:02.500Z';
  report.results.forEach((r, i) => (r.durationMs = 100 + i));
  return report;
}

function summarised(report: Report): Report {
  const summary = Object.fromEntries(STATUSES.map((s) => [s, report.results.filter((r) => r.status === s).length])) as Report['summary'];
  summary.total = report.results.length;
  report.summary = summary;
  report.errors = [];
  return report;
}

/** Every item not applicable: not one finding in the report. */
export function noFindingsReport(): Report {
  const report = sampleReport();
  for (const r of report.results) {
    Object.assign(r, { status: 'not-applicable', findings: [], decidedBy: 'not-applicable', automated: false, kind: 'manual', durationMs: 0 });
    r.applicability = 'does not apply to the multi-tenant-saas deployment model';
    delete r.attestation;
    delete r.remediation;
    delete r.docs;
  }
  return summarised(report);
}

/** No item at all (every check skipped). */
export function noItemsReport(): Report {
  const report = sampleReport();
  report.results = [];
  return summarised(report);
}

export const MANY_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** 1.4 not met for `n` users (`user/u00000`…), each in one of three regions by turn. */
export function manyFindingsReport(n: number): Report {
  const report = sampleReport();
  const item = report.results.find((r) => r.id === '1.4')!;
  item.findings = Array.from({ length: n }, (_, k) => ({
    status: 'not-met' as const,
    resource: `arn:aws:iam::${ACCOUNT}:user/u${String(k).padStart(5, '0')}`,
    account: ACCOUNT,
    region: MANY_REGIONS[k % 3],
    message: `u${String(k).padStart(5, '0')} has a console password but no MFA device.`,
  }));
  return report;
}
