// A later scan of the same account(s), made by hand from an earlier report: change the findings of some
// items and everything that follows from them is derived again as scan() derives it (each account's
// status, the estate's status, the summary), so the result still passes `cmt-audit report`'s checks.
//
//   const later = editReport(sampleReport(), { '1.4': (fs) => fs.filter((f) => !f.resource.endsWith('dev-01')) });
import { summarize } from '../../src/reporters/json.js';
import type { Finding, Report } from '../../src/model.js';
import { estateRollUp, rollUp } from '../../src/rollup.js';

export type FindingsEdit = (findings: Finding[]) => Finding[];

export function editReport(original: Report, edits: Record<string, FindingsEdit>, startedAt = '2027-01-15T09:00:00.000Z'): Report {
  const report = structuredClone(original);
  for (const result of report.results) {
    const edit = edits[result.id];
    if (!edit) continue;
    result.findings = edit(result.findings.map((f) => ({ ...f })));
    if (result.status === 'not-applicable') continue;
    const derived = estateRollUp(result.id, result.findings);
    const attested = derived === 'manual' && result.attestation?.state === 'applied';
    result.status = attested ? result.attestation!.status : derived;
    result.decidedBy = result.status === 'met' || result.status === 'not-met' ? (attested ? 'attestation' : 'api') : 'undecided';
    if (result.accounts) for (const a of result.accounts) a.status = rollUp(result.findings.filter((f) => f.account === a.id));
  }
  report.summary = summarize(report.results);
  report.scan.startedAt = startedAt;
  report.scan.finishedAt = new Date(Date.parse(startedAt) + 60_000).toISOString();
  return report;
}

/** Set the status (and message) of the findings whose resource ends with `suffix`. */
export const setStatus =
  (suffix: string, status: Finding['status'], message = `now ${status}`): FindingsEdit =>
  (findings) =>
    findings.map((f) => (f.resource.endsWith(suffix) ? { ...f, status, message } : f));
