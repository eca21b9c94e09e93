// An item's status from its findings: the one rule the engine applies and `cmt-audit report` re-checks.
import type { Finding, Status } from './model.js';

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
 * 3.3: "you must enable Business Support on at least one of your AWS accounts", so one account met is enough.
 */
export function estateRollUp(itemId: string, findings: readonly Finding[]): Status {
  if (itemId === AT_LEAST_ONE_ACCOUNT && findings.some((f) => f.status === 'met')) return 'met';
  return rollUp(findings);
}

/** The item the checklist asks of at least one account, not of every account. */
export const AT_LEAST_ONE_ACCOUNT = '3.3';
