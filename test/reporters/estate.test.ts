// The estate (a report of several accounts) in every human format: the per-account summary, the accounts
// behind each item not met or in error, each item's status per account in the completed checklist, and the
// HTML's accounts × items grid. Account names come from AWS (organizations:ListAccounts): one carries
// markup, a pipe and backticks, and every format shows it as text. A report of one account renders as it
// always did, `results[].accounts` or not.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { CHECKLIST, PILLAR_TITLES } from '../../src/checklist.js';
import type { Report } from '../../src/model.js';
import { estateOf, fairShares } from '../../src/reporters/estate.js';
import { render } from '../../src/reporters/index.js';
import { readReportFile } from '../../src/reporters/json.js';
import { MAX_FINDINGS_PER_ITEM } from '../../src/reporters/table.js';
import { BROKEN, BROKEN_WHY, HOSTILE, HOSTILE_NAME, MGMT, SANDBOX, STAGING, estateReport, largeEstateReport } from './estate-report.js';
import { ALL } from './hostile-report.js';
import { SGR, htmlListItems, htmlText, inspectHtml, inspectJson, inspectMarkdown, inspectTerminal, unescaped } from './inspect-output.js';
import { sampleReport } from './sample-report.js';

const report = estateReport();
const HOSTILE_LABEL = `${HOSTILE} (${HOSTILE_NAME})`;

describe('the estate fixture', () => {
  it('is a report `cmt-audit report` accepts: schema, per-account statuses, estate roll-up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cmt-estate-'));
    for (const [name, r] of [['five', report], ['fifty', largeEstateReport(50)]] as const) {
      writeFileSync(join(dir, `${name}.json`), render('json', r));
      const read = await readReportFile(join(dir, `${name}.json`));
      expect(read.summary).toEqual(r.summary);
    }
  });

  it('counts each account’s items from results[].accounts, in scan.accounts order', () => {
    const estate = estateOf(report)!;
    expect(estate.accounts.map((a) => [a.label, a.status, a.counts])).toEqual([
      [`${MGMT} (acme-mgmt)`, 'scanned', { met: 6, 'not-met': 0, manual: 34, error: 0 }],
      [HOSTILE_LABEL, 'scanned', { met: 4, 'not-met': 2, manual: 34, error: 0 }],
      [`${STAGING} (acme-staging)`, 'scanned', { met: 4, 'not-met': 3, manual: 33, error: 0 }],
      // Not scanned: its items with a check are errors; 2.10, attested for the estate, is met.
      [`${BROKEN} (acme-broken)`, 'error', { met: 1, 'not-met': 0, manual: 33, error: 6 }],
      [`${SANDBOX} (acme-sandbox)`, 'scanned', { met: 4, 'not-met': 1, manual: 34, error: 1 }],
    ]);
    expect(estateOf(report)!.attested).toEqual(['2.10']);
    expect(estateOf(sampleReport())).toBeUndefined();
  });

  it('reads an account’s status from its own findings when a report has no results[].accounts', () => {
    const r = structuredClone(report);
    for (const result of r.results) delete result.accounts;
    const estate = estateOf(r)!;
    expect(estate.accounts.map((a) => a.counts)).toEqual(estateOf(report)!.accounts.map((a) => a.counts));
  });

  it('shares a cap among accounts: each shows one before any shows a second', () => {
    expect(fairShares([2, 14, 1], 10)).toEqual([2, 7, 1]);
    expect(fairShares([3, 3, 3, 3], 10)).toEqual([3, 3, 2, 2]);
    expect(fairShares([5, 5], 20)).toEqual([5, 5]);
    expect(fairShares(Array(12).fill(4), 10)).toEqual([...Array(10).fill(1), 0, 0]);
  });
});

describe('table', () => {
  const text = render('table', report);
  const lines = text.split('\n');
  /** The lines of an item's row and everything under it, up to the next item or blank line. */
  const block = (id: string) => {
    const start = lines.findIndex((l) => l.startsWith(`  ${id.padEnd(6)}`));
    const end = lines.findIndex((l, i) => i > start && (l === '' || /^ {2}\d+\.\d+ /.test(l)));
    return lines.slice(start, end);
  };

  it('says in the header how many accounts, how many could not be scanned, the organization and what it does not cover', () => {
    expect(lines.slice(2, 7)).toEqual([
      '  Accounts          5 (1 could not be scanned): see Accounts below',
      `  Organization      o-a1b2c3d4e5, management account ${MGMT} (acme-mgmt); this report covers 5`,
      '                    of its 6 accounts',
      '  Not covered       666666666666 (acme-old) SUSPENDED',
      '  Deployment model  multi-tenant-saas',
    ]);
  });

  it('sums up each account in scan.accounts order, with why one could not be scanned', () => {
    const start = lines.indexOf('Accounts (5)');
    expect(lines.slice(start, start + 12)).toEqual([
      'Accounts (5)',
      '  ACCOUNT       STATUS   MET  NOT MET  MANUAL  ERROR  NAME',
      `  ${MGMT}  scanned    6        0      34      0  acme-mgmt`,
      `  ${HOSTILE}  scanned    4        2      34      0  ${HOSTILE_NAME}`,
      `  ${STAGING}  scanned    4        3      33      0  acme-staging`,
      `  ${BROKEN}  ERROR      1        0      33      6  acme-broken`,
      '        ! not scanned: could not assume arn:aws:iam::444444444444:role/CmtAuditReadOnly:',
      '          AccessDenied',
      `  ${SANDBOX}  scanned    4        1      34      1  acme-sandbox`,
      '  Attested for the whole estate, so counted met or not met in each account the API left to people:',
      '  2.10',
      '',
    ]);
    expect(start).toBeLessThan(lines.indexOf(PILLAR_TITLES.security));
  });

  it('names the accounts behind a failing item, then its findings under each account, the cap shared among them', () => {
    expect(block('1.4')).toEqual([
      '  1.4   NOT MET  critical  Multi-Factor Authentication (MFA) is enabled for all interactive IAM',
      '                           users',
      `        not met in 2 of 5 accounts: ${HOSTILE_LABEL},`,
      `          ${STAGING} (acme-staging)`,
      `        error in 1 of 5 accounts: ${BROKEN} (acme-broken)`,
      `        ${HOSTILE_LABEL}:`,
      `          - arn:aws:iam::${HOSTILE}:user/dev-00 — dev-00 has a console password but no MFA device.`,
      `          - arn:aws:iam::${HOSTILE}:user/dev-01 — dev-01 has a console password but no MFA device.`,
      `        ${STAGING} (acme-staging):`,
      ...[0, 1, 2, 3, 4, 5, 6].map((n) => `          - arn:aws:iam::${STAGING}:user/dev-0${n} — dev-0${n} has a console password but no MFA device.`),
      '          … and 7 more',
      `        ${BROKEN} (acme-broken):`,
      `          ! arn:aws:::${BROKEN} (us-east-1) — could not assume`,
      `            arn:aws:iam::${BROKEN}:role/CmtAuditReadOnly: AccessDenied`,
    ]);
    const listed = block('1.4').filter((l) => /^ {10}[-!] /.test(l));
    expect(listed).toHaveLength(MAX_FINDINGS_PER_ITEM);
  });

  it('names every account where an error item could not be checked', () => {
    expect(block('1.7').slice(1, 3)).toEqual([
      `        error in 2 of 5 accounts: ${BROKEN} (acme-broken), ${SANDBOX} (acme-sandbox)`,
      `        ${BROKEN} (acme-broken):`,
    ]);
    expect(block('1.7').join('\n')).toContain(`        ${SANDBOX} (acme-sandbox):\n          ! iam:GetAccountPasswordPolicy (us-east-1) — could not tell: missing permission`);
  });

  it('says what a finding’s own account saw when a rule judging across accounts changed it', () => {
    expect(block('2.13')).toEqual([
      '  2.13  NOT MET  high      Disaster Recovery (DR) plan includes recovery to another AWS account',
      `        not met in 1 of 5 accounts: ${STAGING} (acme-staging)`,
      `        error in 1 of 5 accounts: ${BROKEN} (acme-broken)`,
      `        ${STAGING} (acme-staging):`,
      `          - arn:aws:backup:us-west-2:${MGMT}:backup-vault:dr-vault — Backups are copied to`,
      `            vault dr-vault in account ${MGMT} (us-west-2). Destination: account ${MGMT}`,
      '            (acme-mgmt), which has no such vault. [judged across accounts; this account alone: met]',
      `        ${BROKEN} (acme-broken):`,
      `          ! arn:aws:::${BROKEN} (us-east-1) — could not assume`,
      `            arn:aws:iam::${BROKEN}:role/CmtAuditReadOnly: AccessDenied`,
    ]);
  });

  it('under an item the estate meets by its own rule (3.3: one account suffices), names the accounts that do not, and no finding', () => {
    expect(block('3.3')).toEqual([
      '  3.3   MET      low       AWS Business Support is enabled for the AWS Account',
      '        not met in 3 of 5 accounts: 222222222222 (acme-<script>alert(1)</script> | `prod` *x*),',
      '          333333333333 (acme-staging), 555555555555 (acme-sandbox) (see docs/estate.md for this',
      "          item's rule)",
      "        error in 1 of 5 accounts: 444444444444 (acme-broken) (see docs/estate.md for this item's",
      '          rule)',
    ]);
  });

  it('keeps within the width and colours only what the words say, at 5 and at 50 accounts', () => {
    for (const r of [report, largeEstateReport(50)]) {
      for (const width of [80, 100, 120]) {
        const plain = render('table', r, { width });
        expect(plain.split('\n').filter((l) => l.length > width)).toEqual([]);
        expect(render('table', r, { width, color: true }).replace(SGR, '')).toBe(plain);
      }
    }
  });

  it('at 50 accounts, says how many findings in how many accounts it did not list', () => {
    const large = render('table', largeEstateReport(50)).split('\n');
    const start = large.findIndex((l) => l.startsWith('  1.1   '));
    expect(large[start + 1]).toMatch(/^ {8}not met in \d+ of 50 accounts: 100000000002 \(acme-team-02\), /);
    const more = large.slice(start).find((l) => l.includes('more in'));
    expect(more).toMatch(/^ {8}… and \d+ more in \d+ more accounts \(the JSON report lists them all\)$/);
  });
});

describe('markdown', () => {
  const md = render('markdown', report);
  const lines = md.split('\n');
  const view = inspectMarkdown(md, report);
  const escapedName = 'acme-\\<script>alert(1)\\</script> \\| \\`prod\\` \\*x\\*';

  it('has the organization and the accounts covered in the header', () => {
    expect(lines.slice(2, 7)).toEqual([
      '| | |',
      '|---|---|',
      `| Organization | o-a1b2c3d4e5, management account ${MGMT} (acme-mgmt); this report covers 5 of its 6 accounts |`,
      `| AWS accounts | 5 (4 scanned, 1 could not be scanned): ${MGMT} (acme-mgmt), ${HOSTILE} (${escapedName}), ${STAGING} (acme-staging), ${BROKEN} (acme-broken), ${SANDBOX} (acme-sandbox) |`,
      '| Not covered | 1 account of the organization: 666666666666 (acme-old), SUSPENDED |',
    ]);
  });

  it('sums up each account, the name escaped, in a table of its own', () => {
    const start = lines.indexOf('## Accounts (5)');
    expect(lines.slice(start, start + 11)).toEqual([
      '## Accounts (5)',
      '',
      '| Account | Name | Scan | Met (Y) | Not met (N) | Pending attestation | Not assessed |',
      '|---|---|---|--:|--:|--:|--:|',
      `| ${MGMT} | acme-mgmt | Scanned | 6 | 0 | 34 | 0 |`,
      `| ${HOSTILE} | ${escapedName} | Scanned | 4 | 2 | 34 | 0 |`,
      `| ${STAGING} | acme-staging | Scanned | 4 | 3 | 33 | 0 |`,
      `| ${BROKEN} | acme-broken | **Not scanned:** could not assume arn:aws:iam::444444444444:role/CmtAuditReadOnly: AccessDenied | 1 | 0 | 33 | 6 |`,
      `| ${SANDBOX} | acme-sandbox | Scanned | 4 | 1 | 34 | 1 |`,
      '',
      'Items attested for the whole estate count as met or not met in each account whose own findings left them to people: 2.10.',
    ]);
    // As GitHub reads it: the name is the cell's text, and the row has its seven cells.
    const table = view.tables.find((t) => t[0][0] === 'Account')!;
    expect(table[2]).toEqual([HOSTILE, unescaped(HOSTILE_NAME), 'Scanned', '4', '2', '34', '0']);
  });

  it('names the accounts behind each item needing action', () => {
    expect(md).toContain(
      '| 1.4 | Multi-Factor Authentication (MFA) is enabled for all interactive IAM users | **N** | 16 resources not met, 1 scan error, first: dev-00 has a console password but no MFA device. | ' +
        `N (not met) in 2 of 5 accounts: ${HOSTILE} (${escapedName}), ${STAGING} (acme-staging); Not assessed (scan error) in 1 of 5 accounts: ${BROKEN} (acme-broken) |`,
    );
    expect(md).toContain(
      `| **Not assessed (scan error)** | Could not be checked: could not assume arn:aws:iam::444444444444:role/CmtAuditReadOnly: AccessDenied | Not assessed (scan error) in 2 of 5 accounts: ${BROKEN} (acme-broken), ${SANDBOX} (acme-sandbox) |`,
    );
  });

  it('counts each item’s accounts in the checklist table', () => {
    expect(lines).toContain('| 1.4 | Multi-Factor Authentication (MFA) is enabled for all interactive IAM users | Yes | **N** | AWS API (automated) | N in 2 · Not assessed in 1 · Y in 2 |');
    expect(lines).toContain('| 3.3 | AWS Business Support is enabled for the AWS Account | Yes | **Y** | AWS API (automated) | N in 3 · Not assessed in 1 · Y in 1 |');
    expect(lines).toContain('| **1.0 Security** | | | | | |');
  });

  it('gives each item its status in every account, and the rule of 3.3', () => {
    const at = (heading: string) => lines.indexOf(lines.find((l) => l.startsWith(heading))!);
    const i14 = at('### 1.4 ');
    expect(lines.slice(i14 + 7, i14 + 11)).toEqual([
      '- **In each account:**',
      `  - N (not met) in 2 of 5 accounts: ${HOSTILE} (${escapedName}), ${STAGING} (acme-staging)`,
      `  - Not assessed (scan error) in 1 of 5 accounts: ${BROKEN} (acme-broken)`,
      `  - Y (met) in 2 of 5 accounts: ${MGMT} (acme-mgmt), ${SANDBOX} (acme-sandbox)`,
    ]);
    const i33 = at('### 3.3 ');
    expect(lines.slice(i33 + 4, i33 + 11)).toEqual([
      '- **Met Y/N:** **Y** (met) — decided by: AWS API (automated)',
      '- **Applies to this deployment model:** Yes',
      '- **Assessed by:** AWS API checks',
      '- **In each account:** (the checklist asks it of at least one account: met when one account is met; Business Support is per account, while an Enterprise On-Ramp or Enterprise plan covers every account of its organization)',
      `  - N (not met) in 3 of 5 accounts: ${HOSTILE} (${escapedName}), ${STAGING} (acme-staging), ${SANDBOX} (acme-sandbox)`,
      `  - Not assessed (scan error) in 1 of 5 accounts: ${BROKEN} (acme-broken)`,
      `  - Y (met) in 1 of 5 accounts: ${MGMT} (acme-mgmt)`,
    ]);
  });

  it('counts an item attested for the estate as attested in each account, and says how 2.13 is judged', () => {
    expect(lines).toContain('| 2.10 | Disaster Recovery (DR) plan has been defined | Yes | **Y** | Attestation | Y (attested) in 5 |');
    const i210 = lines.findIndex((l) => l.startsWith('### 2.10 '));
    expect(lines.slice(i210 + 7, i210 + 9)).toEqual([
      '- **In each account:**',
      `  - Y (met), attested in 5 of 5 accounts: ${MGMT} (acme-mgmt), ${HOSTILE} (${escapedName}), ${STAGING} (acme-staging), ${BROKEN} (acme-broken), ${SANDBOX} (acme-sandbox)`,
    ]);
    expect(md).toContain(
      '- **In each account:** (the DR plan is the estate’s: judged on the accounts whose backups are copied to another account, when any is; an account copying nothing does not fail it)',
    );
  });

  it('labels each finding with its account’s id and name, and what its own account saw when a rule changed it', () => {
    expect(md).toContain(`- Not met: \`arn:aws:iam::${HOSTILE}:user/dev-00\` (${HOSTILE} (${escapedName})) — dev-00 has a console password but no MFA device.`);
    expect(md).toContain(
      `- Not met: \`arn:aws:backup:us-west-2:${MGMT}:backup-vault:dr-vault\` (${STAGING} (acme-staging)) — Backups are copied to vault dr-vault in account ${MGMT} (us-west-2). ` +
        `Destination: account ${MGMT} (acme-mgmt), which has no such vault. (judged across accounts; this account alone: met)`,
    );
    expect(md).toContain(`- Error: \`arn:aws:::${BROKEN}\` (${BROKEN} (acme-broken) / us-east-1) — ${BROKEN_WHY}`);
    // Met findings counted per account.
    expect(md).toContain(`- Met: 2 resources (${MGMT}: 1, ${SANDBOX}: 1), listed in the JSON report`);
  });

  it('shares the evidence listed among the accounts', () => {
    const section = md.slice(md.indexOf('### 1.4 '), md.indexOf('### 1.5 '));
    expect(section.match(new RegExp(`user/dev-\\d\\d\` \\(${HOSTILE}`, 'g'))).toHaveLength(2);
    expect(section.match(new RegExp(`user/dev-\\d\\d\` \\(${STAGING}`, 'g'))).toHaveLength(10);
    expect(section).toContain('- … and 4 more (see the JSON report)');
  });
});

type Element = DefaultTreeAdapterMap['element'];
const children = (el: Element, tag: string) => el.childNodes.filter((n): n is Element => 'tagName' in n && n.tagName === tag);
const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const hasClass = (el: Element, c: string) => (attr(el, 'class') ?? '').split(' ').includes(c);

/** The grid, as a browser builds it: header rows, then each body row's header and cells. */
function grid(html: string, r: Report) {
  const view = inspectHtml(html, r);
  const table = view.elements.find((el) => el.tagName === 'table' && hasClass(el, 'grid'))!;
  const [thead] = children(table, 'thead');
  const [tbody] = children(table, 'tbody');
  const [pillars, ids] = children(thead, 'tr');
  const rows = children(tbody, 'tr').map((tr) => ({ tr, th: children(tr, 'th')[0], cells: children(tr, 'td') }));
  return { view, table, pillars: children(pillars, 'th'), ids: children(ids, 'th'), rows };
}

describe('html', () => {
  const html = render('html', report);
  const g = grid(html, report);
  const itemIndex = (id: string) => CHECKLIST.findIndex((i) => i.id === id);

  it('opens with the picture: the result, then the accounts × items grid, before the facts and the per-pillar summary', () => {
    const order = ['<p class="result">', '<table class="grid">', '<table class="facts">', '<h2>Summary by pillar</h2>', '<h2 id="accounts">'].map((s) => html.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(g.view.facts.get('Organization')).toBe(`o-a1b2c3d4e5, management account ${MGMT} (acme-mgmt); this report covers 5 of its 6 accounts`);
    expect(g.view.facts.get('AWS accounts')).toContain(`${HOSTILE} (${HOSTILE_NAME}), ${STAGING} (acme-staging)`);
  });

  it('has one column per checklist item, grouped by pillar, each linking to its item', () => {
    expect(g.pillars.map(htmlText)).toEqual(['Account', ...Object.values(PILLAR_TITLES)]);
    expect(g.pillars.slice(1).map((th) => Number(attr(th, 'colspan')))).toEqual(
      Object.keys(PILLAR_TITLES).map((p) => CHECKLIST.filter((i) => i.pillar === p).length),
    );
    // Read as "1.4": the pillar's number is visually hidden, the item's shown.
    expect(g.ids.map(htmlText)).toEqual(CHECKLIST.map((i) => i.id));
    expect(g.ids.map((th) => attr(children(th, 'a')[0], 'href'))).toEqual(CHECKLIST.map((i) => `#item-${i.id}`));
    expect(attr(children(g.ids[itemIndex('1.4')], 'a')[0], 'title')).toBe(`1.4 ${CHECKLIST[itemIndex('1.4')].title}`);
  });

  it('has the estate’s row on top, then one row per account, each cell coloured and labelled with its status', () => {
    expect(g.rows.map((r) => htmlText(r.th))).toEqual([
      'Estate (5 accounts)',
      `${MGMT}acme-mgmt`,
      `${HOSTILE}${HOSTILE_NAME}`,
      `${STAGING}acme-staging`,
      `${BROKEN}not scannedacme-broken`,
      `${SANDBOX}acme-sandbox`,
    ]);
    expect(hasClass(g.rows[0].tr, 'estate-row')).toBe(true);
    for (const r of g.rows) expect(r.cells).toHaveLength(CHECKLIST.length);
    // The row header's title names the account in full, even when the name is cut to fit.
    expect(attr(g.rows[2].th, 'title')).toBe(HOSTILE_LABEL);
    expect(attr(g.rows[4].th, 'title')).toBe(`${BROKEN} (acme-broken) (not scanned)`);
    const cell = (row: number, id: string) => {
      const td = g.rows[row].cells[itemIndex(id)];
      return { class: (attr(td, 'class') ?? '').replace('pillar-start', '').trim(), text: htmlText(td), title: attr(td, 'title') };
    };
    // Estate: 1.4 not met, 1.7 error, 3.3 met (one account suffices), 1.1 pending.
    expect(cell(0, '1.4')).toEqual({ class: 'not-met', text: 'NN (not met)', title: 'Estate · 1.4: N (not met)' });
    expect(cell(0, '1.7')).toEqual({ class: 'error', text: '!Not assessed (scan error)', title: 'Estate · 1.7: Not assessed (scan error)' });
    expect(cell(0, '3.3')).toEqual({ class: 'met', text: 'YY (met)', title: 'Estate · 3.3: Y (met)' });
    expect(cell(0, '1.1')).toEqual({ class: 'manual', text: 'PPending attestation', title: 'Estate · 1.1: Pending attestation' });
    // Per account, the name kept as text in the title.
    expect(cell(2, '1.4')).toEqual({ class: 'not-met', text: 'NN (not met)', title: `${HOSTILE_LABEL} · 1.4: N (not met)` });
    expect(cell(1, '1.4')).toEqual({ class: 'met', text: 'YY (met)', title: `${MGMT} (acme-mgmt) · 1.4: Y (met)` });
    expect(cell(4, '1.4').class).toBe('error');
    expect(cell(3, '2.13')).toEqual({ class: 'not-met', text: 'NN (not met)', title: `${STAGING} (acme-staging) · 2.13: N (not met)` });
    expect(cell(5, '3.3').class).toBe('not-met');
    // Every cell: the mark hidden from screen readers, the words visually hidden but read.
    for (const r of g.rows) {
      for (const td of r.cells) {
        const [mark, words] = children(td, 'span');
        expect(attr(mark, 'aria-hidden')).toBe('true');
        expect(attr(words, 'class')).toBe('vh');
        expect(htmlText(words)).not.toBe('');
      }
    }
  });

  it('matches each account’s row with results[].accounts, an item attested for the estate shown so', () => {
    for (const [k, account] of report.scan.accounts.entries()) {
      const classes = g.rows[k + 1].cells.map((td) => (attr(td, 'class') ?? '').replace('pillar-start', '').trim());
      expect(classes, account.id).toEqual(report.results.map((r) => (r.id === '2.10' ? 'met' : r.accounts![k].status)));
      expect(attr(g.rows[k + 1].cells[itemIndex('2.10')], 'title')).toBe(`${account.name ? `${account.id} (${account.name})` : account.id} · 2.10: Y (met), attested`);
    }
  });

  it('scrolls the grid inside its own box, the account column and item ids staying in view', () => {
    const box = g.view.elements.find((el) => hasClass(el, 'grid-box'))!;
    expect(attr(box, 'role')).toBe('region');
    expect(attr(box, 'tabindex')).toBe('0');
    expect(html).toMatch(/\.grid-box\{[^}]*overflow:auto/);
    expect(html).toMatch(/\.grid tbody th\{position:sticky;left:0/);
    expect(html).toMatch(/\.grid thead th\{position:sticky/);
  });

  it('sums up each account in a table, with why one could not be scanned', () => {
    const table = g.view.elements.find((el) => el.tagName === 'table' && hasClass(el, 'accounts'))!;
    const rows = children(children(table, 'tbody')[0], 'tr').map((tr) => children(tr, 'td').map(htmlText));
    expect(rows).toEqual([
      [MGMT, 'acme-mgmt', 'Scanned', '6', '0', '34', '0'],
      [HOSTILE, HOSTILE_NAME, 'Scanned', '4', '2', '34', '0'],
      [STAGING, 'acme-staging', 'Scanned', '4', '3', '33', '0'],
      [BROKEN, 'acme-broken', `Not scanned ${BROKEN_WHY}`, '1', '0', '33', '6'],
      [SANDBOX, 'acme-sandbox', 'Scanned', '4', '1', '34', '1'],
    ]);
  });

  it('gives each item its status in every account, and labels findings with their account', () => {
    const item = htmlListItems(g.view.item('1.4'));
    expect(item.slice(0, 3)).toEqual([
      `N (not met) in 2 of 5: ${HOSTILE_LABEL}, ${STAGING} (acme-staging)`,
      `Not assessed (scan error) in 1 of 5: ${BROKEN} (acme-broken)`,
      `Y (met) in 2 of 5: ${MGMT} (acme-mgmt), ${SANDBOX} (acme-sandbox)`,
    ]);
    expect(item).toContain(`Not met arn:aws:iam::${HOSTILE}:user/dev-00 (${HOSTILE_LABEL}) — dev-00 has a console password but no MFA device.`);
    expect(htmlText(g.view.item('3.3'))).toContain('In each accountthe checklist asks it of at least one account: met when one account is met; Business Support is per account, while an Enterprise On-Ramp or Enterprise plan covers every account of its organization');
    expect(htmlListItems(g.view.item('2.13'))).toContain(
      `Not met arn:aws:backup:us-west-2:${MGMT}:backup-vault:dr-vault (${STAGING} (acme-staging)) — Backups are copied to vault dr-vault in account ${MGMT} (us-west-2). ` +
        `Destination: account ${MGMT} (acme-mgmt), which has no such vault. (judged across accounts; this account alone: met)`,
    );
  });

  it('holds the account name with markup as text, never as an element', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('acme-&lt;script&gt;alert(1)&lt;/script&gt; | `prod` *x*');
  });

  it('has a grid of 50 rows and one of the estate at 50 accounts', () => {
    const large = largeEstateReport(50);
    const g50 = grid(render('html', large), large);
    expect(g50.rows).toHaveLength(51);
    expect(htmlText(g50.rows[0].th)).toBe('Estate (50 accounts)');
    expect(htmlText(g50.rows[50].th)).toBe('100000000050acme-team-50');
  });
});

describe('hostile account names and reasons', () => {
  // Every kind of trouble in every account name, the organization's names and the reason an account could not be scanned.
  const r = estateReport();
  for (const a of r.scan.accounts) a.name = `${a.name} ${ALL}`;
  r.scan.accounts.find((a) => a.id === BROKEN)!.error = `\x1b[2J${BROKEN_WHY} ${ALL}`;
  for (const a of r.scan.organization!.accounts) a.name = `${a.name} ${ALL}`;

  it('table: nothing a terminal would act on', () => {
    const text = render('table', r);
    inspectTerminal(text);
    inspectTerminal(render('table', r, { color: true }));
    expect(text).toContain(`${HOSTILE} (acme-<script>alert(1)</script>`);
    // The reason's escape sequence shown, not acted on.
    expect(text).toContain(`        ! not scanned: \\x1b[2Jcould not assume arn:aws:iam::${BROKEN}:role/CmtAuditReadOnly:\n`);
  });

  it('markdown: only the template’s structure, the names as the cells’ text', () => {
    const md = render('markdown', r);
    const view = inspectMarkdown(md, r);
    const plain = estateReport();
    const twin = inspectMarkdown(render('markdown', plain), plain);
    expect(view.shape).toEqual(twin.shape);
    expect(view.tables.map((t) => t.length)).toEqual(twin.tables.map((t) => t.length));
  });

  it('html: only the template’s elements and attributes, no control character', () => {
    const html = render('html', r);
    const g = grid(html, r);
    expect(html.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}]/u);
    expect(g.rows).toHaveLength(6);
    for (const row of g.rows) expect(row.cells).toHaveLength(CHECKLIST.length);
  });

  it('json: the same data', () => {
    inspectJson(render('json', r), r);
  });
});

describe('a report of one account', () => {
  it('renders exactly as before when its results carry results[].accounts', () => {
    const plain = sampleReport();
    const withAccounts = sampleReport();
    for (const result of withAccounts.results) result.accounts = [{ id: withAccounts.scan.accounts[0].id, status: result.status }];
    for (const format of ['table', 'markdown', 'html'] as const) {
      expect(render(format, withAccounts), format).toBe(render(format, plain));
    }
  });
});

describe('an attestation the estate did not use (the item fails in another account)', () => {
  it('counts as attested in the accounts where the item is people\'s to decide, not as pending', async () => {
    const { estateReport, MGMT, STAGING } = await import('./estate-report.js');
    const report = estateReport();
    const item = report.results.find((r) => r.status === 'not-met')!;
    item.accounts = item.accounts!.map((a) => ({ ...a, status: a.id === MGMT ? 'manual' : a.id === STAGING ? 'not-met' : a.status }));
    item.attestation = { status: 'met', evidence: 'reviewed', by: 'Jane Doe, CISO', date: '2026-09-14', state: 'not-used', note: 'not used: the API decided this item (not-met)' };
    const cells = estateOf(report)!.statusesOf(item);
    expect(cells.find((c) => c.account.id === MGMT)).toMatchObject({ status: 'met', attested: true });
    expect(cells.find((c) => c.account.id === STAGING)).toMatchObject({ status: 'not-met' });
    expect(cells.find((c) => c.account.id === STAGING)?.attested).toBeUndefined();
    // Expired: still pending.
    item.attestation = { ...item.attestation, state: 'expired' };
    expect(estateOf(report)!.statusesOf(item).find((c) => c.account.id === MGMT)).toMatchObject({ status: 'manual' });
  });
});
