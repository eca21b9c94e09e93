// The least-privilege IAM policy the scanner needs, generated from what the code declares: every
// check's meta.permissions plus what the scan itself calls (BASE_PERMISSIONS: scope, estate facts, --org). One statement, sorted
// unique actions, Resource "*" (the read actions it lists do not support narrower resources usefully
// across every service). policy/cmt-audit-readonly.json is this, committed; a test keeps them equal.
import type { Check } from './checks/define-check.js';
import { CHECKS } from './checks/index.js';
import { ORG_LISTING_PERMISSIONS } from './accounts.js';
import { FACT_PERMISSIONS } from './estate/facts.js';
import { SCOPE_PERMISSIONS } from './scope.js';
import { SOURCE_PERMISSIONS } from './cfn-sources.js';

/** What a scan needs besides the checks: the scope, an estate's facts (docs/estate.md), --org's listing and sarif.templates' stack resources (docs/sarif.md). */
export const BASE_PERMISSIONS: readonly string[] = [...SCOPE_PERMISSIONS, ...FACT_PERMISSIONS, ...ORG_LISTING_PERMISSIONS, ...SOURCE_PERMISSIONS];

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }[];
}

/** Where the committed copy lives, relative to the package root. */
export const POLICY_FILE = 'policy/cmt-audit-readonly.json';

/** Every IAM action a scan may need, sorted and unique. */
export function requiredActions(checks: readonly Check[] = CHECKS): string[] {
  const actions = new Set<string>([...BASE_PERMISSIONS, ...checks.flatMap((c) => c.meta.permissions)]);
  return [...actions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function buildPolicy(checks: readonly Check[] = CHECKS): IamPolicy {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'CmtAuditReadOnly', Effect: 'Allow', Action: requiredActions(checks), Resource: '*' }],
  };
}

export function renderPolicy(policy: IamPolicy = buildPolicy()): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}
