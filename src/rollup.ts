// An item's status from its findings: the one rule the engine applies and `cmt-audit report` re-checks.
import type { CheckResult, DecidedBy, Finding, ScanError, Status } from './model.js';

/** any not-met → not-met; else any error → error; else any manual → manual; all met → met; nothing → error. */
export function rollUp(findings: readonly Finding[]): Status {
  if (findings.length === 0) return 'error';
  for (const status of ['not-met', 'error', 'manual'] as const) {
    if (findings.some((f) => f.status === status)) return status;
  }
  // Met only when every finding says met: an unknown status is never read as met.
  return findings.every((f) => f.status === 'met') ? 'met' : 'error';
}

/**
 * An item's status for the whole estate (every account's findings). The same rule as one account's, except
 * 3.3: "you must enable Business Support on at least one of your AWS accounts", so one account met is enough;
 * and 2.13 (below).
 */
export function estateRollUp(itemId: string, findings: readonly Finding[]): Status {
  if (itemId === AT_LEAST_ONE_ACCOUNT && findings.some((f) => f.status === 'met')) return 'met';
  if (itemId === DR_PLAN_ITEM) {
    // 2.13 asks of the DR plan, which is the estate's: it is judged on the accounts whose backups reach another
    // account (a finding on a destination vault); an account that copies nothing is not met for itself but does
    // not fail the plan that other accounts' copies carry. With no copy anywhere, every account counts.
    const copying = new Set(findings.filter((f) => f.resource.includes(':backup-vault:')).map((f) => f.account));
    if (copying.size > 0) return rollUp(findings.filter((f) => copying.has(f.account)));
  }
  return rollUp(findings);
}

/** The item the checklist asks of at least one account, not of every account. */
export const AT_LEAST_ONE_ACCOUNT = '3.3';
/** The item judged on the accounts that copy backups to another account (see estateRollUp). */
export const DR_PLAN_ITEM = '2.13';

/** Every `error` finding of the results, as the report's `errors` list them. */
export function itemErrors(results: readonly CheckResult[]): ScanError[] {
  return results.flatMap((r) =>
    r.findings
      .filter((f) => f.status === 'error')
      .map((f) => ({
        checkId: r.id,
        account: f.account,
        region: f.region,
        kind: f.errorKind ?? (f.missingPermission ? 'missing-permission' : 'aws'),
        message: f.message,
        missingPermission: f.missingPermission,
      })),
  );
}

/** What decided a status the findings gave: the API when they decided it, nothing yet otherwise. */
export function decidedByApi(status: Status): DecidedBy {
  return status === 'met' || status === 'not-met' ? 'api' : 'undecided';
}

/** An estate result with findings added (e.g. a profile that reached no account), its status rolled up again. */
export function withFindings(result: CheckResult, extra: readonly Finding[]): CheckResult {
  if (extra.length === 0 || result.status === 'not-applicable') return result;
  const findings = [...result.findings, ...extra];
  const status = estateRollUp(result.id, findings);
  return { ...result, findings, status, decidedBy: decidedByApi(status) };
}
