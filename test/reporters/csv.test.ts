// CSV: parsed back with csv-parse (strict: same column count on every row, RFC 4180 quotes), a header row
// always, one row per finding and one per item with none, formula injection guarded (OWASP), every cell
// one line with no control character; golden files on the demo snapshots and the edge cases.
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKLIST } from '../../src/checklist.js';
import type { Report } from '../../src/model.js';
import { CELL_MAX, CSV_COLUMNS, renderCsv } from '../../src/reporters/csv.js';
import { render } from '../../src/reporters/index.js';
import { oneLine, truncate } from '../../src/text.js';
import { BROKEN, HOSTILE, HOSTILE_NAME, STAGING, estateReport } from './estate-report.js';
import { demoReport, manyFindingsReport, noFindingsReport, noItemsReport } from './format-reports.js';
import { LONG, hostileReport } from './hostile-report.js';
import { ACCOUNT, sampleReport } from './sample-report.js';

const HEADER = ['Account', 'Account name', 'Region', 'Item', 'Item title', 'Pillar', 'Severity', 'Item status', 'Finding status', 'Resource', 'Message', 'Missing permission', 'Remediation', 'Docs', 'Suppressed'];

type Row = Record<(typeof HEADER)[number], string>;

/** The CSV read back: header checked, records by header name. */
function read(csv: string): Row[] {
  const rows = parseCsv(csv, { relax_column_count: false, bom: false }) as string[][];
  expect(rows[0]).toEqual(HEADER);
  // CRLF after every record, the last one included; no bare LF or CR anywhere else.
  expect(csv.endsWith('\r\n')).toBe(true);
  expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  return rows.slice(1).map((r) => Object.fromEntries(HEADER.map((h, i) => [h, r[i]])) as Row);
}

describe('every status (the sample report)', () => {
  const report = sampleReport();
  const csv = renderCsv(report);
  const rows = read(csv);

  it('matches the golden file; the columns are the documented ones', async () => {
    await expect(csv).toMatchFileSnapshot('__golden__/every-status.csv');
    expect(CSV_COLUMNS.map((c) => c.header)).toEqual(HEADER);
  });

  it('has one row per finding and one per item with none, items in checklist order', () => {
    expect(rows).toHaveLength(report.results.reduce((n, r) => n + Math.max(1, r.findings.length), 0));
    expect([...new Set(rows.map((r) => r.Item))]).toEqual(CHECKLIST.map((i) => i.id));
    expect(rows.filter((r) => r.Item === '1.4')).toHaveLength(14);
  });

  it('fills each column from the finding and its item', () => {
    expect(rows.find((r) => r.Item === '1.7')).toEqual({
      Account: ACCOUNT,
      'Account name': '',
      Region: 'us-east-1',
      Item: '1.7',
      'Item title': CHECKLIST.find((i) => i.id === '1.7')!.title,
      Pillar: 'Security',
      Severity: CHECKLIST.find((i) => i.id === '1.7')!.severity,
      'Item status': 'error',
      'Finding status': 'error',
      Resource: 'iam:GetAccountPasswordPolicy',
      Message: 'could not tell: missing permission iam:GetAccountPasswordPolicy',
      'Missing permission': 'iam:GetAccountPasswordPolicy',
      Remediation: 'Fix it as the AWS documentation describes.',
      Docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
      Suppressed: '',
    });
    expect(rows.filter((r) => r.Item === '1.16').map((r) => [r.Region, r['Item status'], r['Finding status']])).toEqual([
      ['us-east-1', 'not-met', 'met'],
      ['us-west-2', 'not-met', 'error'],
      ['eu-west-1', 'not-met', 'not-met'],
    ]);
    expect(rows.find((r) => r.Item === '2.1')).toMatchObject({
      Resource: '',
      'Item status': 'not-applicable',
      'Finding status': '',
      Message: 'not applicable: does not apply to the multi-tenant-saas deployment model',
    });
    expect(rows.find((r) => r.Item === '1.25')).toMatchObject({ 'Item status': 'met', 'Finding status': 'manual' });
  });
});

describe('formula injection (OWASP CSV injection)', () => {
  it('prefixes a cell that starts with = + - @ (or their full-width forms) with a quote; tab and CR never lead a cell', () => {
    const report = sampleReport();
    const f = report.results.find((r) => r.id === '1.2')!.findings[0];
    const cases = ['=HYPERLINK("http://evil.example","x")', '+1+cmd|" /C calc"!A0', '-2+3', '@SUM(A1:A2)', '\tx=1', '\r=1', '\uFF1D1+1', 'safe = text'];
    const rows = cases.map((message) => {
      f.message = message;
      f.resource = message;
      return read(renderCsv(report)).find((r) => r.Item === '1.2')!;
    });
    expect(rows.map((r) => r.Message)).toEqual([
      `'=HYPERLINK("http://evil.example","x")`,
      `'+1+cmd|" /C calc"!A0`,
      `'-2+3`,
      `'@SUM(A1:A2)`,
      ' x=1', // the tab became a space (one line per cell): nothing to guard
      ' =1',
      `'\uFF1D1+1`,
      'safe = text',
    ]);
    expect(rows.map((r) => r.Resource)).toEqual(rows.map((r) => r.Message));
  });
});

describe('several accounts', () => {
  const report = estateReport();
  const csv = renderCsv(report);
  const rows = read(csv);

  it('matches the golden file; each row names its account, the item status is that account’s', async () => {
    await expect(csv).toMatchFileSnapshot('__golden__/estate.csv');
    expect(rows.filter((r) => r.Account === HOSTILE).every((r) => r['Account name'] === HOSTILE_NAME)).toBe(true);
    expect(rows.filter((r) => r.Item === '1.4' && r.Account === STAGING).map((r) => r['Finding status'])).toEqual(Array(14).fill('not-met'));
    expect(rows.find((r) => r.Item === '1.4' && r.Account === BROKEN)).toMatchObject({ 'Item status': 'error', 'Finding status': 'error' });
    expect(rows.find((r) => r.Item === '1.4' && r.Account === '111111111111')).toMatchObject({ 'Item status': 'met' });
    // Every item appears for every account.
    for (const a of report.scan.accounts) expect(new Set(rows.filter((r) => r.Account === a.id).map((r) => r.Item)).size).toBe(40);
  });
});

describe('the demo snapshots', () => {
  let demo: Report;
  let org: Report;
  beforeAll(async () => {
    [demo, org] = await Promise.all([demoReport('fixtures/demo'), demoReport('fixtures/demo-org')]);
  }, 60_000);

  it('demo: golden; bob is the not-met user of 1.4', async () => {
    const csv = render('csv', demo);
    await expect(csv).toMatchFileSnapshot('__golden__/demo.csv');
    expect(read(csv).filter((r) => r.Item === '1.4' && r['Finding status'] === 'not-met').map((r) => r.Resource)).toEqual(['arn:aws:iam::210987654321:user/bob']);
  });

  it('demo-org: golden; every account, every item', async () => {
    const csv = render('csv', org);
    await expect(csv).toMatchFileSnapshot('__golden__/demo-org.csv');
    const rows = read(csv);
    expect([...new Set(rows.map((r) => r.Account))]).toEqual(org.scan.accounts.map((a) => a.id));
    for (const a of org.scan.accounts) expect(new Set(rows.filter((r) => r.Account === a.id).map((r) => r.Item)).size).toBe(org.results.length);
  });
});

describe('edge cases', () => {
  it('no findings: a row per item, empty resource; no items: the header row alone', async () => {
    const csv = renderCsv(noFindingsReport());
    await expect(csv).toMatchFileSnapshot('__golden__/no-findings.csv');
    const rows = read(csv);
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => r.Resource === '' && r['Item status'] === 'not-applicable')).toBe(true);
    expect(renderCsv(noItemsReport())).toBe(`${HEADER.join(',')}\r\n`);
  });

  it('hostile strings: golden; each cell one line without control characters, as src/text.ts shows it; long cells cut', async () => {
    const report = hostileReport();
    const csv = renderCsv(report);
    await expect(csv).toMatchFileSnapshot('__golden__/hostile.csv');
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}]/u);
    const rows = read(csv);
    const f = report.results.find((r) => r.id === '1.16')!.findings.find((x) => x.status === 'not-met')!;
    const row = rows.find((r) => r.Item === '1.16' && r['Finding status'] === 'not-met')!;
    const shown = (s: string) => oneLine(truncate(s, CELL_MAX, 'the JSON report has it all'));
    expect(row.Message).toBe(shown(f.message));
    expect(row.Resource).toBe(shown(f.resource));
    expect(row.Resource).toMatch(/… \(\d{2},\d{3} more characters; the JSON report has it all\)$/);
    expect(row.Resource.length).toBeLessThan(32_767);
    expect(csv).not.toContain(LONG);
    expect(rows.every((r) => r.Account === shown(report.scan.accounts[0].id))).toBe(true);
  });

  it('10,000 findings: 10,000 rows for 1.4, rendered in reasonable time', () => {
    const started = performance.now();
    const rows = read(renderCsv(manyFindingsReport(10_000)));
    expect(performance.now() - started).toBeLessThan(30_000);
    const many = rows.filter((r) => r.Item === '1.4');
    expect(many).toHaveLength(10_000);
    expect(many[9_999]).toMatchObject({ Region: 'us-east-1', Resource: `arn:aws:iam::${ACCOUNT}:user/u09999` });
  });
});
