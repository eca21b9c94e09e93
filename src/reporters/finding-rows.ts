// The report as the machine formats (JUnit, OCSF, CSV) walk it: each item in each account, with the item's
// status in that account and that account's findings. A report of one account is the same walk with one
// account. Reads the Report only; strings are the report's, unescaped (each format escapes for itself).
import { PILLAR_TITLES } from '../checklist.js';
import type { CheckResult, Finding, Pillar, Report, ScannedAccount, Status } from '../model.js';
import { rollUp } from '../rollup.js';
import { estateOf } from './estate.js';

/** The account a group of findings belongs to: a scanned account, or one only findings name (an unreached profile). */
export interface RowAccount {
  id: string;
  name?: string;
  /** `aws`, `aws-cn`, `aws-us-gov`: the account's partition, `aws` when the report does not say. */
  partition: string;
  /** false for an account that only findings name, not `scan.accounts`. */
  scanned: boolean;
}

/** One item in one account. */
export interface ItemInAccount {
  result: CheckResult;
  account: RowAccount;
  /** The item's status in this account (for one account: the item's status). */
  status: Status;
  /** This account's findings of the item, in report order (possibly none). */
  findings: Finding[];
}

/** `Security`, `Reliability`, `Operational Excellence`: the pillar's title without its number. */
export function pillarName(pillar: Pillar): string {
  return PILLAR_TITLES[pillar].replace(/^[\d.]+\s+/, '');
}

const rowAccount = (a: ScannedAccount): RowAccount => ({ id: a.id, name: a.name, partition: a.partition || 'aws', scanned: true });

/**
 * Every item in every account, items in report order and, within an item, accounts in `scan.accounts`
 * order. Findings that name no account belong to the account of a one-account report; findings of an
 * account the report does not list (a profile that reached no account) follow, one group per account
 * they name (`''` when they name none).
 */
export function itemsInAccounts(report: Report): ItemInAccount[] {
  const estate = estateOf(report);
  const accounts = report.scan.accounts.map(rowAccount);
  const single = accounts.length === 1 ? accounts[0] : undefined;
  const rows: ItemInAccount[] = [];
  for (const result of report.results) {
    const statuses = estate?.statusesOf(result);
    const byAccount = new Map<string, Finding[]>();
    for (const f of result.findings) {
      const id = f.account ?? single?.id ?? '';
      const list = byAccount.get(id);
      if (list) list.push(f);
      else byAccount.set(id, [f]);
    }
    accounts.forEach((account, i) => {
      const findings = byAccount.get(account.id) ?? [];
      byAccount.delete(account.id);
      rows.push({ result, account, status: statuses?.[i].status ?? result.status, findings });
    });
    for (const [id, findings] of byAccount) {
      const partition = accounts[0]?.partition ?? 'aws';
      rows.push({ result, account: { id, partition, scanned: false }, status: rollUp(findings), findings });
    }
  }
  return rows;
}

/** `111111111111 (acme-prod)`, the id alone without a name, `(no account)` for findings that name none. */
export function accountText(account: Pick<RowAccount, 'id' | 'name'>): string {
  if (account.id === '') return '(no account)';
  return account.name ? `${account.id} (${account.name})` : account.id;
}

/** The scan's end as milliseconds since the epoch (OCSF times), 0 when the report's time cannot be read. */
export function finishedAtMs(report: Report): number {
  const t = Date.parse(report.scan.finishedAt);
  return Number.isFinite(t) ? t : 0;
}
