// Per-account results → the estate's: for each item, every account's findings (in account order), the
// item's status per account, the rules judging across accounts (rules.ts), and the estate roll-up
// (rollup.ts). Used by a scan and, from shard reports, by `merge`, so both reach the same report.
import type { CheckResult, Finding, ScannedAccount } from '../model.js';
import { decidedByApi, estateRollUp, rollUp } from '../rollup.js';

export { itemErrors } from '../rollup.js';
import { judgeAcrossAccounts, revert, type EstateView } from './rules.js';

/** One account's results, in checklist order (every account has the same items). */
export interface AccountResults {
  account: ScannedAccount;
  results: CheckResult[];
}

/** `judge: false` (a one-account scan): no rule across accounts, the account's own verdicts stand. */
export function combine(runs: readonly AccountResults[], view: EstateView, { judge = true }: { judge?: boolean } = {}): CheckResult[] {
  if (runs.length === 0) return [];
  const items = runs[0].results;
  const own = new Map<string, Finding[]>(items.map((item, i) => [item.id, runs.flatMap((r) => r.results[i].findings.map(revert))]));
  const judged = judge ? judgeAcrossAccounts(own, view) : own;
  return items.map((item, i) => {
    const findings = judged.get(item.id)!;
    const perAccount = runs.map((r) => r.results[i]);
    if (perAccount.every((r) => r.status === 'not-applicable')) {
      return { ...item, findings: [], accounts: runs.map((r) => ({ id: r.account.id, status: 'not-applicable' as const })), durationMs: 0 };
    }
    const accounts = runs.map((r) => ({ id: r.account.id, status: rollUp(findings.filter((f) => f.account === r.account.id)) }));
    const status = estateRollUp(item.id, findings);
    const decidedBy = decidedByApi(status);
    const { attestation: _attestation, ...rest } = item;
    return {
      ...rest,
      // An item with a check in any account is automated; `kind` and texts are the checklist's, the same everywhere.
      automated: perAccount.some((r) => r.automated),
      status,
      findings,
      accounts,
      durationMs: Math.max(...perAccount.map((r) => r.durationMs)),
      decidedBy,
    };
  });
}

/** A report's estate results split back into each account's own results (what a shard scanned), for `merge`. */
export function splitByAccount(results: readonly CheckResult[], accounts: readonly ScannedAccount[]): AccountResults[] {
  return accounts.map((account) => ({
    account,
    results: results.map((r) => {
      const findings = r.findings.filter((f) => f.account === account.id).map(revert);
      const na = r.status === 'not-applicable';
      const { attestation: _a, accounts: _b, ...rest } = r;
      return { ...rest, findings, status: na ? 'not-applicable' : rollUp(findings), decidedBy: na ? 'not-applicable' : 'undecided' };
    }),
  }));
}
