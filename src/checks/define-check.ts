// defineCheck(): a check is plain data — `meta` (how it looks) + `run` (fetch → decide → findings).
// Human text (title, requirement, severity, applicability) lives in checklist.ts, not here.
import type { AwsData } from '../aws/index.js';
import type { Thresholds } from '../config/thresholds.js';
import { AwsDataError } from '../errors.js';
import { checklistItem } from '../checklist.js';
import type { CheckKind, DeploymentModel, Finding } from '../model.js';

export interface CheckMeta {
  /** Checklist id, e.g. '1.2'. */
  id: string;
  kind: CheckKind;
  /** `region`: the engine runs the check once per region in scope, with ctx.region set. */
  scope: 'account' | 'region';
  /** Every IAM action the check's data needs; the check tester and the policy test hold this true. */
  permissions: readonly string[];
  remediation: string;
  docs?: string;
  /**
   * The engine starts this check before the others and lets its first requests leave before theirs: for a check
   * whose data is a long chain of paced requests (pages of an API AWS allows a few times a second), which sets
   * how long the account's scan takes, and which would otherwise wait behind the burst of every other check's
   * first requests through the SDK (a second or more of CPU on a large account).
   */
  startFirst?: boolean;
}

export interface AccountInfo {
  id: string;
  partition: string;
  /** ARN of the root user: arn:aws:iam::123456789012:root */
  rootArn: string;
}

export interface CheckContext {
  aws: AwsData;
  account: AccountInfo;
  /** The region this run looks at (regional checks) or the home region (account checks). */
  region: string;
  /** Every region in scope (enabled and selected). */
  regions: readonly string[];
  homeRegion: string;
  thresholds: Thresholds;
  deploymentModel: DeploymentModel;
  now: Date;
}

export interface Check {
  meta: CheckMeta;
  run(ctx: CheckContext): Promise<Finding[]>;
}

export function defineCheck(check: Check): Check {
  const { meta } = check;
  if (!checklistItem(meta.id)) throw new Error(`check ${meta.id}: not a checklist id`);
  if (meta.permissions.length === 0 && meta.kind !== 'manual') throw new Error(`check ${meta.id}: declares no permissions`);
  for (const p of meta.permissions) {
    if (!/^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(p)) throw new Error(`check ${meta.id}: malformed permission ${p}`);
  }
  return check;
}

type Evidence = Record<string, unknown> | undefined;

export const met = (resource: string, message: string, evidence?: Evidence): Finding => ({ status: 'met', resource, message, evidence });
export const notMet = (resource: string, message: string, evidence?: Evidence): Finding => ({
  status: 'not-met',
  resource,
  message,
  evidence,
});
export const manual = (resource: string, message: string, evidence?: Evidence): Finding => ({
  status: 'manual',
  resource,
  message,
  evidence,
});
export const errorFinding = (resource: string, message: string, missingPermission?: string): Finding => ({
  status: 'error',
  resource,
  message,
  missingPermission,
});

/**
 * Turn a data-layer failure into an `error` finding for one resource, so the rest of the check goes on
 * (e.g. one bucket whose policy cannot be read). Anything that is not a classified AWS failure is a bug
 * and is re-thrown for the engine to report.
 */
export function findingFromError(err: unknown, resource: string): Finding {
  if (!(err instanceof AwsDataError)) throw err;
  const f = errorFinding(resource, `could not tell: ${err.message}`, 'action' in err ? String(err.action) : undefined);
  f.errorKind = err.kind;
  if (err.region) f.region = err.region;
  return f;
}

/** Days between two instants, rounded down. */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}
