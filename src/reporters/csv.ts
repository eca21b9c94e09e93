// CSV (`--format csv`): one row per finding, the layout auditors put in a spreadsheet. docs/formats.md:
// - a header row always, then one row per finding, items in report order, accounts in `scan.accounts`
//   order; an item with no finding in an account (not applicable) is one row with an empty resource, so
//   every item appears for every account;
// - written by csv-stringify (RFC 4180 quoting), UTF-8 without a byte order mark, CRLF line ends (RFC 4180,
//   and what Excel writes);
// - every cell from AWS or from people is one line (line breaks and tabs become a space), control and
//   format characters are visible escapes (src/text.ts), and a cell longer than a spreadsheet holds (Excel:
//   32,767 characters) is cut, saying how much (the JSON report keeps it all);
// - formula injection (OWASP "CSV Injection"): a cell that starts with = + - @ (or their full-width forms),
//   tab or CR gets a leading ' (csv-stringify's escape_formulas), so a spreadsheet shows it as text.
import { suppressionText } from '../suppressions.js';
import { stringify } from 'csv-stringify/sync';
import type { Finding, Report } from '../model.js';
import { oneLine, truncate } from '../text.js';
import { itemsInAccounts, pillarName, type ItemInAccount } from './finding-rows.js';
import type { ReporterOptions } from './index.js';

/** The columns, in order: key and header. */
export const CSV_COLUMNS = [
  { key: 'account', header: 'Account' },
  { key: 'accountName', header: 'Account name' },
  { key: 'region', header: 'Region' },
  { key: 'item', header: 'Item' },
  { key: 'title', header: 'Item title' },
  { key: 'pillar', header: 'Pillar' },
  { key: 'severity', header: 'Severity' },
  { key: 'itemStatus', header: 'Item status' },
  { key: 'findingStatus', header: 'Finding status' },
  { key: 'resource', header: 'Resource' },
  { key: 'message', header: 'Message' },
  { key: 'missingPermission', header: 'Missing permission' },
  { key: 'remediation', header: 'Remediation' },
  { key: 'docs', header: 'Docs' },
  { key: 'suppressed', header: 'Suppressed' },
] as const;

type Column = (typeof CSV_COLUMNS)[number]['key'];

/** The most of one value a cell holds: under Excel's 32,767 characters per cell, with room for the note on what was cut. */
export const CELL_MAX = 32_000;

export function renderCsv(report: Report, _options?: ReporterOptions): string {
  const records = itemsInAccounts(report).flatMap((row) => (row.findings.length === 0 ? [record(row)] : row.findings.map((f) => record(row, f))));
  return stringify(records, {
    header: true,
    columns: CSV_COLUMNS.map((c) => ({ key: c.key, header: c.header })),
    record_delimiter: 'windows',
    escape_formulas: true,
    cast: { string: cell },
  });
}

function cell(value: string): string {
  return oneLine(truncate(value, CELL_MAX, 'the JSON report has it all'));
}

function record(row: ItemInAccount, f?: Finding): Record<Column, string> {
  const { result, account } = row;
  return {
    account: account.id,
    accountName: account.name ?? '',
    region: f?.region ?? '',
    item: result.id,
    title: result.title,
    pillar: pillarName(result.pillar),
    severity: result.severity,
    itemStatus: row.status,
    findingStatus: f?.status ?? '',
    resource: f?.resource ?? '',
    message: f ? f.message : row.status === 'not-applicable' ? `not applicable: ${result.applicability ?? 'the checklist does not apply this item to the deployment model'}` : '',
    missingPermission: f?.missingPermission ?? '',
    remediation: result.remediation ?? '',
    docs: result.docs ?? '',
    // A suppressed not-met finding stays a row, with why it is accepted (it is out of the gate).
    suppressed: f?.suppressed ? suppressionText(f.suppressed) : '',
  };
}
