// Suppressed findings in every format, and the table's --severity / --status filter. Golden files pin the
// exact output of the sample report with suppressions whose reason and owner hold hostile text (markup,
// Markdown, control characters: a config file is people's text, shown like AWS's); each format is read back
// as its reader would. The filter changes only which items the table lists.
import { describe, expect, it } from 'vitest';
import type { Report, Severity, Status } from '../../src/model.js';
import { evaluateGate } from '../../src/options.js';
import { render } from '../../src/reporters/index.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { suppress } from '../../src/suppressions.js';
import { ALL } from './hostile-report.js';
import { inspectHtml, inspectJson, inspectMarkdown, inspectTerminal, unescaped } from './inspect-output.js';
import { ACCOUNT, sampleReport } from './sample-report.js';

const HOSTILE_REASON = `Accepted ${ALL}`;
const report = suppress(sampleReport(), [
  { item: '1.4', resource: `arn:aws:iam::${ACCOUNT}:user/dev-*`, reason: 'Contractor users, removed when their contracts end', owner: 'it@acme.example', expires: '2026-12-31' },
  { item: '1.16', reason: HOSTILE_REASON, owner: '<b>owner</b> | *x*' },
  { item: '1.18', reason: 'Nothing is public here' },
]);

describe('golden output with suppressions', () => {
  it('table (no colour)', async () => {
    await expect(render('table', report)).toMatchFileSnapshot('__golden__/suppressed.txt');
  });
  it('markdown', async () => {
    await expect(render('markdown', report)).toMatchFileSnapshot('__golden__/suppressed.md');
  });
  it('html', async () => {
    await expect(render('html', report)).toMatchFileSnapshot('__golden__/suppressed.html');
  });
});

describe('suppressed findings are shown as such, safely', () => {
  it('table: the item stays NOT MET, marked suppressed; each finding carries its reason; the summary counts it', () => {
    const table = render('table', report, { width: 100 });
    const text = inspectTerminal(table);
    expect(table).toContain('  1.4   NOT MET  critical  Multi-Factor Authentication (MFA) is enabled for all interactive IAM\n');
    expect(table).toContain('        ~ not met (suppressed): every not-met finding is suppressed; the gate does not fail on it\n');
    expect(text).toContain(`~ arn:aws:iam::${ACCOUNT}:user/dev-00 — dev-00 has a console password but no MFA device. [suppressed: Contractor users, removed when their contracts end (owner it@acme.example, until 2026-12-31)]`);
    // 1.16 keeps an error finding besides its suppressed one: the gate reads it as error.
    expect(text).toContain('~ not met (suppressed): every not-met finding is suppressed; the gate reads it as error (a resource could not be checked) ~ ');
    expect(text).toContain('[suppressed: Accepted <script>alert(1)</script>');
    expect(table.trimEnd().split('\n').at(-1)).toBe('40 items: 2 met, 2 not met (2 suppressed), 34 manual, 1 not applicable, 1 error');
    const verdict = evaluateGate(report, { failOn: 'high', allowErrors: false });
    expect([verdict.exitCode, verdict.failing, verdict.incomplete.map((r) => r.id), verdict.suppressed.map((r) => r.id)]).toEqual([4, [], ['1.7', '1.16'], ['1.4', '1.16']]);
  });

  it('markdown: the reason in bold after the finding, its markup escaped', () => {
    const md = render('markdown', report);
    const view = inspectMarkdown(md, report);
    const item = view.listItems.find((l) => l.includes('dev-00'))!;
    expect(item).toContain('(suppressed: Contractor users, removed when their contracts end (owner it@acme.example, until 2026-12-31))');
    const hostile = view.listItems.find((l) => l.includes('sg-0bb22'))!;
    expect(hostile).toContain('suppressed: Accepted <script>alert(1)</script>');
    expect(hostile).toContain('(owner <b>owner</b> | *x*)');
    expect(unescaped(md)).not.toContain('<script>alert(1)</script>**');
  });

  it('html: the reason in <strong> after the finding, escaped', () => {
    const html = render('html', report);
    inspectHtml(html, report);
    expect(html).toContain('<strong>(suppressed: Contractor users, removed when their contracts end (owner it@acme.example, until 2026-12-31))</strong>');
    expect(html).toContain('<strong>(suppressed: Accepted &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<b>owner</b>');
  });

  it('csv, junit, ocsf: the mark travels with each suppressed finding (a Suppressed column; a skipped case, not a failure; OCSF status Suppressed)', () => {
    const rows = (parseCsv(render('csv', report), { columns: true }) as Record<string, string>[]).filter((r) => r.Item === '1.4' && r['Finding status'] === 'not-met');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.Suppressed).toBe('suppressed: Contractor users, removed when their contracts end (owner it@acme.example, until 2026-12-31)');
    const junit = render('junit', report);
    const case14 = /<testcase [^>]*name="1\.4 [^"]*"[^>]*>\n(.*)\n/.exec(junit)![1];
    expect(case14).toMatch(/^\s*<skipped message="not met, suppressed in \d+ resources?: arn:aws:iam::\d+:user\/dev-00 \(suppressed: Contractor users/);
    const events = (JSON.parse(render('ocsf', report)) as { compliance: { control: string; status_code: string }; status_id: number; status: string; unmapped: { suppressed?: { reason: string } } }[]).filter(
      (e) => e.compliance.control === '1.4' && e.compliance.status_code === 'not-met',
    );
    expect(events.length).toBe(rows.length);
    for (const e of events) expect([e.status_id, e.status, e.unmapped.suppressed?.reason]).toEqual([3, 'Suppressed', 'Contractor users, removed when their contracts end']);
  });

  it('json: every mark and rule, whole', () => {
    const text = render('json', report);
    inspectJson(text, report);
    const parsed = JSON.parse(text) as Report;
    expect(parsed.results.find((r) => r.id === '1.16')!.findings.find((f) => f.status === 'not-met')!.suppressed).toEqual({ reason: HOSTILE_REASON, owner: '<b>owner</b> | *x*', rule: 1 });
    expect(parsed.scan.suppressions!.map((s) => [s.item, s.state, s.matched])).toEqual([
      ['1.4', 'applied', 14],
      ['1.16', 'applied', 1],
      ['1.18', 'unmatched', 0],
    ]);
  });

  it('10,000 findings: every one marked, quickly, and the table lists 10 with the count of the rest', () => {
    const big = sampleReport();
    const item = big.results.find((r) => r.id === '1.4')!;
    item.findings = Array.from({ length: 10_000 }, (_, n) => ({ status: 'not-met' as const, resource: `arn:aws:iam::${ACCOUNT}:user/u${n}`, account: ACCOUNT, message: `u${n} has no MFA.` }));
    const started = Date.now();
    const after = suppress(big, [{ item: '1.4', resource: 'arn:aws:iam::*:user/u*', reason: 'Load test users' }, { item: '1.4', resource: 'arn:aws:iam::*:user/nobody', reason: 'Never matches' }]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(after.results.find((r) => r.id === '1.4')!.findings.every((f) => f.suppressed?.rule === 0)).toBe(true);
    expect(after.scan.suppressions!.map((s) => s.matched)).toEqual([10_000, 0]);
    const table = render('table', after);
    expect(table.match(/\[suppressed: Load test users\]/g)).toHaveLength(10);
    expect(table).toContain('… and 9990 more');
  });
});

describe('the table filter (--severity, --status)', () => {
  const rows = (table: string) => table.split('\n').filter((l) => /^ {2}\d\.\d+ /.test(l)).map((l) => l.trim().split(/\s+/)[0]);
  const filtered = (severities?: Severity[], statuses?: Status[]) => render('table', sampleReport(), { severities, statuses });

  it('lists only the chosen items, skips empty pillars, and says how many it shows under the full summary', () => {
    const table = filtered(['critical', 'high'], ['not-met', 'error']);
    expect(rows(table)).toEqual(['1.4', '1.7', '1.16']);
    expect(table).toContain('1.0 Security');
    expect(table).not.toContain('2.0 Reliability');
    expect(table.trimEnd().split('\n').slice(-2)).toEqual([
      '40 items: 2 met, 2 not met, 34 manual, 1 not applicable, 1 error',
      'showing 3 of 40 items (severity critical, high; status not-met, error)',
    ]);
  });

  it('one filter alone; nothing matching leaves the header and the summary', () => {
    expect(rows(filtered(undefined, ['met']))).toEqual(['1.2', '1.25']);
    expect(filtered(undefined, ['met']).trimEnd().split('\n').at(-1)).toBe('showing 2 of 40 items (status met)');
    expect(rows(filtered(['info']))).toEqual([]);
    expect(filtered(['info']).trimEnd().split('\n').at(-1)).toBe('showing 0 of 40 items (severity info)');
    // Without a filter, no "showing" line: the table is as before.
    expect(render('table', sampleReport())).not.toContain('showing');
  });

  it('filters the table only: the other formats hold every item', () => {
    const options = { severities: ['critical'] as Severity[], statuses: ['not-met'] as Status[] };
    expect(render('json', sampleReport(), options)).toBe(render('json', sampleReport()));
    expect(render('markdown', sampleReport(), options)).toBe(render('markdown', sampleReport()));
    expect(render('html', sampleReport(), options)).toBe(render('html', sampleReport()));
  });
});
