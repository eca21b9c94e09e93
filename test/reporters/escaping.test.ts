// The hostile report (hostile-report.ts) in every format: golden files pin the exact output, and each
// format is read back as its reader would (inspect-output.ts) to show that no markup, control
// character or link came from the data, that long values are cut with a note (the JSON keeps them
// whole), and that what the data said is still there to read.
import { describe, expect, it } from 'vitest';
import { render } from '../../src/reporters/index.js';
import { TABLE_NAME_MAX, TABLE_TEXT_MAX } from '../../src/reporters/table.js';
import { DOCUMENT_MAX, documentText, oneLine, truncate } from '../../src/text.js';
import { LONG, hostileReport, hostileStrings } from './hostile-report.js';
import { SGR, htmlListItems, htmlText, inspectHtml, inspectJson, inspectMarkdown, inspectTerminal, unescaped } from './inspect-output.js';
import { sampleReport } from './sample-report.js';

const report = hostileReport();
const finding116 = report.results.find((r) => r.id === '1.16')!.findings.find((f) => f.status === 'not-met')!;
const scanError = report.errors.find((e) => !e.checkId)!;
const attestation = report.results.find((r) => r.id === '1.25')!.attestation!;

describe('golden output of the hostile report', () => {
  it('table (no colour)', async () => {
    await expect(render('table', report)).toMatchFileSnapshot('__golden__/hostile.txt');
  });
  it('markdown', async () => {
    await expect(render('markdown', report)).toMatchFileSnapshot('__golden__/hostile.md');
  });
  it('html', async () => {
    await expect(render('html', report)).toMatchFileSnapshot('__golden__/hostile.html');
  });
});

describe('table', () => {
  const text = render('table', report);
  const coloured = render('table', report, { color: true });

  it('holds no control character but line feeds (and chalk colours when colour is on)', () => {
    inspectTerminal(text);
    inspectTerminal(coloured);
    expect(coloured).toMatch(SGR);
    expect(coloured.replace(SGR, '')).toBe(text);
  });

  it('shows escape sequences, bidi and zero-width characters as visible escapes', () => {
    expect(text).toContain('Account           210987654321\\x1b[2J (arn:aws:iam::210987654321:user/<b>audit</b>|bot\\u202E)');
    expect(text).toContain('snapshots/\\x1b]8;;https://evil.example\\x07demo\\x1b]8;;\\x07.json');
    expect(text).toContain('Config            cmt-audit.config.yaml # Injected heading | a | b |');
  });

  it('cuts a long message and a long ARN, saying how much is left out', () => {
    const flat = inspectTerminal(text);
    expect(flat).toContain(`${oneLine(truncate(finding116.resource, TABLE_NAME_MAX))} (`);
    expect(flat).toContain(oneLine(truncate(finding116.message, TABLE_TEXT_MAX)).replace(/\s+/g, ' '));
    expect(flat).toMatch(/… \(97,97\d more characters\)/);
    expect(flat).toMatch(/… \(100,4\d\d more characters\)/);
    expect(flat).not.toContain('A'.repeat(TABLE_NAME_MAX));
    expect(text.length).toBeLessThan(20_000);
  });

  it('shows the attestation and the scan error, made safe', () => {
    const flat = inspectTerminal(text);
    expect(flat).toContain('✓ attested met by Jane "Doe" <jane@example.com>, CISO\\u202E on 2026-09-14\\x1b[2J');
    expect(flat).toContain(`! ${oneLine(truncate(scanError.message, TABLE_TEXT_MAX)).replace(/\s+/g, ' ')}`);
    expect(flat).toContain('Missing permissions: ec2:DescribeRegions\\x1b[2J');
  });
});

describe('json', () => {
  const text = render('json', report);

  it('parses back to the same data, long values whole', () => {
    inspectJson(text, report);
    expect(text).toContain(LONG);
  });

  it('writes what a terminal would act on as \\u escapes', () => {
    expect(text).toContain('"210987654321\\u001b[2J"');
    expect(text).toContain('bot\\u202e"');
    expect(text).toContain('\\u009b2J c1 csi \\u009d osc \\u0085');
    expect(text).toContain('lone \\ud800 high \\udfff low');
  });
});

describe('markdown', () => {
  const md = render('markdown', report);
  const view = inspectMarkdown(md, report);
  const plain = hostileStrings(sampleReport(), () => 'x');
  const twin = inspectMarkdown(render('markdown', plain), plain);

  it('has the shape of the same report with plain strings: no heading, table row, list item or quote from data', () => {
    expect(view.shape).toEqual(twin.shape);
    expect(view.tables.map((t) => t.length)).toEqual(twin.tables.map((t) => t.length));
  });

  it('keeps every value in its table cell, as the text the data said', () => {
    const facts = new Map(view.tables[0].map(([k, v]) => [k, v]));
    expect(facts.get('Attestations from')).toBe(unescaped(documentText(report.scan.configFile!)));
    expect(facts.get('Regions scanned')).toBe(unescaped(`${documentText(report.scan.regions.join(', '))} (not enabled, not scanned: ${documentText(report.scan.regionsNotEnabled[0])})`));
    expect(facts.get('AWS account(s)')).toBe(unescaped('210987654321\\x1b[2J'));
    expect(facts.get('Tool')).toBe('cmt-audit 0.1.0<script>alert(1)</script> (JSON report schema 1.0)');
  });

  it('shows findings, the scan error and the attestation as the data said, cut at DOCUMENT_MAX', () => {
    const where = documentText(finding116.region!);
    expect(view.listItems).toContain(unescaped(`Not met: ${documentText(finding116.resource)} (${where}) — ${documentText(finding116.message)}`));
    expect(view.listItems).toContain(unescaped(documentText(scanError.message)));
    expect(view.listItems).toContain(unescaped(`Evidence: ${documentText(attestation.evidence)}`));
    expect(md).not.toContain('A'.repeat(DOCUMENT_MAX + 1));
    expect(md).toContain('(98,023 more characters; the JSON report has it all)');
  });

  it('links only the http(s) attestation link, and shows the javascript: one as text', () => {
    expect(md).toContain('- Link: <https://wiki.example.com/gd7?q=%3Cscript%3E%22x%22&y=1#frag>');
    expect(view.listItems).toContain('Link (not an http(s) URL, not linked): javascript:alert(document.cookie)');
    expect(md).not.toMatch(/<javascript:/i);
  });
});

describe('html', () => {
  const html = render('html', report);
  const view = inspectHtml(html, report);

  it('holds only the template’s elements and attributes, and links only the http(s) attestation link', () => {
    expect(view.externalLinks).toEqual(['https://wiki.example.com/gd7?q=%3Cscript%3E%22x%22&y=1#frag']);
    expect(html).not.toMatch(/javascript:[^<]*"/i);
    expect(html).not.toMatch(/href="(?!https?:|#item-)/);
  });

  it('has no control character, so it can be printed raw', () => {
    expect(html.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}]/u);
  });

  it('shows the text the data said, made visible and cut at DOCUMENT_MAX', () => {
    expect(view.facts.get('Attestations from')).toBe(documentText(report.scan.configFile!));
    expect(view.facts.get('Source')).toBe(`recorded snapshot ${documentText(report.scan.snapshot!)}, recorded 2026-09-14\\x1b[2J`);
    const findings = htmlListItems(view.item('1.16'));
    expect(findings[0]).toBe(`Not met ${documentText(finding116.resource)} (${documentText(finding116.region!)}) — ${documentText(finding116.message)}`);
    expect(htmlListItems(view.item('1.25'))).toContain(`Evidence: ${documentText(attestation.evidence)}`);
    expect(htmlListItems(view.item('1.25'))).toContain('Link (not an http(s) URL, not linked): javascript:alert(document.cookie)');
    const left = (finding116.resource.length - DOCUMENT_MAX).toLocaleString('en-US');
    expect(htmlText(view.item('1.16'))).toContain(`A… (${left} more characters; the JSON report has it all)`);
  });

  it('lets long unbroken values wrap', () => {
    expect(html).toMatch(/li,p,blockquote,td,h1,h3\{overflow-wrap:anywhere\}/);
    expect(html).toMatch(/code\{[^}]*word-break:break-all/);
  });
});

describe('values that are empty or blank', () => {
  const r = hostileStrings(sampleReport(), (role) => (role === 'resource' ? ' ' : role === 'message' ? '' : 'x'));

  it('render in every format', () => {
    expect(render('markdown', r)).toContain('- Not met: (blank) (x) — ');
    expect(inspectHtml(render('html', r), r).elements.length).toBeGreaterThan(100);
    inspectTerminal(render('table', r));
    inspectJson(render('json', r), r);
  });
});
