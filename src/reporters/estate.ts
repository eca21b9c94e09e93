// The estate (a report of several accounts) as the human formats show it: each account with its scan status
// and how its items ended, each item's status in every account, and which accounts are behind an item that
// is not met or in error. Reads the Report only (`scan.accounts`, `scan.organization`, `results[].accounts`);
// a report of one account has no estate view, so its rendering is what it always was.
//
// Strings are the report's, unescaped: each reporter escapes them for its format (src/text.ts).
import type { CheckResult, Finding, Report, Status } from '../model.js';
import { rollUp } from '../rollup.js';

/** The item statuses counted per account (not-applicable is the same in every account: the deployment model's). */
export const ACCOUNT_COUNTED = ['met', 'not-met', 'manual', 'error'] as const;
export type AccountCounted = (typeof ACCOUNT_COUNTED)[number];

export interface EstateAccount {
  id: string;
  name?: string;
  /** `111111111111 (acme-prod)`, or the id alone when the account has no name. */
  label: string;
  /** `error`: the account could not be scanned at all. */
  status: 'scanned' | 'error';
  /** Why it could not be scanned. */
  error?: string;
  via?: string;
  /** How many items ended in each status in this account. */
  counts: Record<AccountCounted, number>;
}

/** The accounts where one item ended in one status. */
export interface AccountGroup {
  status: Status;
  /** The status is the estate's attestation's, where the account's own findings left the item to people. */
  attested?: boolean;
  accounts: EstateAccount[];
}

/** An item in one account. */
export interface AccountItem {
  account: EstateAccount;
  status: Status;
  /** See AccountGroup. */
  attested?: boolean;
}

export interface Estate {
  /** In `scan.accounts` order. */
  accounts: EstateAccount[];
  /** The organization, in words (`o-abc123, management account 111111111111 (acme-mgmt); …`), when known. */
  organization?: string;
  /** Accounts of the organization listing that this report does not cover (suspended, filtered out, another shard). */
  notCovered: { id: string; label: string; status?: string }[];
  /**
   * An item's status in each account, in account order: `results[].accounts`, except that an item the estate's
   * attestation decided is that attestation's status in each account whose own findings left it to people.
   */
  statusesOf(result: CheckResult): AccountItem[];
  /** The accounts where the item is not met, then those where it is in error (non-empty groups only). */
  behind(result: CheckResult): AccountGroup[];
  /** Every status of the item with its accounts: not met, error, manual, met (attested apart), not applicable (non-empty only). */
  groups(result: CheckResult): AccountGroup[];
  /** An account's label by id (the id itself for an account the report does not list). */
  labelOf(id: string): string;
  /** The items an attestation decided for the estate, counted as attested in the accounts that left them to people. */
  attested: string[];
}

/** The order account groups are listed in: what needs action first. */
const GROUP_ORDER: Status[] = ['not-met', 'error', 'manual', 'met', 'not-applicable'];

export function accountLabel(id: string, name: string | undefined): string {
  return name ? `${id} (${name})` : id;
}

/** The estate view of a report of several accounts; undefined for a report of one account. */
export function estateOf(report: Report): Estate | undefined {
  const scanned = report.scan.accounts;
  if (scanned.length <= 1) return undefined;
  const accounts: EstateAccount[] = scanned.map((a) => ({
    id: a.id,
    name: a.name,
    label: accountLabel(a.id, a.name),
    status: a.status ?? 'scanned',
    error: a.error,
    via: a.via,
    counts: { met: 0, 'not-met': 0, manual: 0, error: 0 },
  }));
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const statusesOf = (result: CheckResult): AccountItem[] => {
    const given = new Map((result.accounts ?? []).map((a) => [a.id, a.status]));
    return accounts.map((account) => {
      const status = given.get(account.id) ?? derived(result, account.id);
      if (status !== 'manual') return { account, status };
      if (attestedItem(result)) return { account, status: result.status, attested: true };
      // The estate's attestation was not used because the API decided the estate's item (it fails in another
      // account), but in this account the item is people's to decide, and they did: not "pending".
      const a = result.attestation;
      if (a && a.state === 'not-used' && result.status !== 'error') return { account, status: a.status, attested: true };
      return { account, status };
    });
  };
  for (const result of report.results) {
    for (const { account, status } of statusesOf(result)) if (status !== 'not-applicable') account.counts[status]++;
  }
  const groups = (result: CheckResult): AccountGroup[] => {
    const items = statusesOf(result);
    return GROUP_ORDER.flatMap((status) =>
      [false, true].map((attested) => ({
        status,
        ...(attested ? { attested } : {}),
        accounts: items.filter((s) => s.status === status && (s.attested ?? false) === attested).map((s) => s.account),
      })),
    ).filter((g) => g.accounts.length > 0);
  };
  const org = report.scan.organization;
  const orgNames = new Map((org?.accounts ?? []).map((a) => [a.id, a.name]));
  const labelOf = (id: string) => byId.get(id)?.label ?? accountLabel(id, orgNames.get(id));
  return {
    accounts,
    organization: organizationText(report, labelOf),
    notCovered: (org?.accounts ?? []).filter((a) => !byId.has(a.id)).map((a) => ({ id: a.id, label: accountLabel(a.id, a.name), status: a.status })),
    statusesOf,
    groups,
    behind: (result) => groups(result).filter((g) => g.status === 'not-met' || g.status === 'error'),
    labelOf,
    attested: report.results.filter((r) => statusesOf(r).some((x) => x.attested)).map((r) => r.id),
  };
}

/** An item an applied attestation decided (alone, or with the API's evidence). */
function attestedItem(result: CheckResult): boolean {
  return result.attestation?.state === 'applied' && (result.decidedBy === 'attestation' || result.decidedBy === 'api+attestation');
}

/** An account's status for an item when the report does not say (a 1.0 report): what its own findings roll up to. */
function derived(result: CheckResult, id: string): Status {
  if (result.status === 'not-applicable') return 'not-applicable';
  return rollUp(result.findings.filter((f) => f.account === id));
}

/** The organization listed with --org, else the one every scanned account said it belongs to. */
function organizationText(report: Report, labelOf: (id: string) => string): string | undefined {
  const org = report.scan.organization;
  if (org) {
    const covered = org.accounts.filter((a) => report.scan.accounts.some((s) => s.id === a.id)).length;
    return `${org.id}, management account ${labelOf(org.managementAccountId)}; this report covers ${covered} of its ${org.accounts.length} accounts`;
  }
  const ids = new Set<string>();
  for (const a of report.scan.accounts) {
    const o = a.facts?.organization;
    if (o) ids.add(`${o.id}, management account ${labelOf(o.managementAccountId)}`);
  }
  return ids.size > 0 ? [...ids].join('; ') : undefined;
}

/** "not met in 2 of 5 accounts: 111111111111 (acme-prod), 333333333333 (acme-staging)" */
export function accountsPhrase(word: string, group: AccountGroup, total: number, max = Infinity): string {
  const labels = group.accounts.slice(0, max).map((a) => a.label);
  const more = group.accounts.length - labels.length;
  return `${word} in ${group.accounts.length} of ${total} accounts: ${labels.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * A finding a rule judging across accounts changed (docs/json-report.md `accountView`), when that changed its
 * status: what its own account saw, in words (`met`); undefined otherwise.
 */
export function ownAccountStatus(f: Finding): Finding['status'] | undefined {
  return f.accountView && f.accountView.status !== f.status ? f.accountView.status : undefined;
}

/**
 * How many of each account's findings to list when at most `budget` are listed: one from each account in
 * turn, so every account behind an item shows at least one while the budget lasts.
 */
export function fairShares(counts: readonly number[], budget: number): number[] {
  const shown = counts.map(() => 0);
  let left = budget;
  for (let round = true; round && left > 0; ) {
    round = false;
    for (let i = 0; i < counts.length && left > 0; i++) {
      if (shown[i] < counts[i]) {
        shown[i]++;
        left--;
        round = true;
      }
    }
  }
  return shown;
}
