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
