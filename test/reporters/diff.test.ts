// How a diff is shown (src/reporters/diff.ts): the table (golden, colour, caps, hostile strings), the JSON
// shape, and the section `scan --baseline` adds to the scan table.
import { describe, expect, it } from 'vitest';
import { baselineBlock, diffReports } from '../../src/diff.js';
import type { Finding } from '../../src/model.js';
import { DIFF_SECTION_MAX, DIFF_STILL_MAX, renderDiffJson, renderDiffTable } from '../../src/reporters/diff.js';
import { render } from '../../src/reporters/index.js';
import { VERSION } from '../../src/version.js';
import { editReport } from '../support/edit-report.js';
import { estateReport, HOSTILE, SANDBOX, STAGING } from './estate-report.js';
import { hostileReport } from './hostile-report.js';
import { ACCOUNT, sampleReport } from './sample-report.js';

const OPTS = { color: false, width: 100, quiet: false };
const ESC = '\x1b';
/** Our own colour codes (SGR), to compare the coloured table with the plain one. */
const SGR = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');
/** C0/C1 controls (but the newline), bidi and zero-width characters: those in `text`, as code points. */
const unsafeIn = (text: string) =>
  [...text]
    .map((ch) => ch.codePointAt(0)!)
    .filter((cp) => (cp < 0x20 && cp !== 0x0a) || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0x200b && cp <= 0x200d) || cp === 0xfeff);

/** The estate a day later: a user fixed in staging, a new one in sandbox, 1.7 in sandbox back (met), a suppressed new one. */
function estateDiff() {
  const before = estateReport();
  const after = editReport(before, {
    '1.4': (fs) => [
      ...fs.filter((f) => f.resource !== `arn:aws:iam::${STAGING}:user/dev-13`),
      { status: 'not-met', resource: `arn:aws:iam::${SANDBOX}:user/temp`, account: SANDBOX, message: 'temp has a console password but no MFA device.' },
      { status: 'not-met', resource: `arn:aws:iam::${HOSTILE}:user/break-glass`, account: HOSTILE, message: 'break-glass has no MFA.', suppressed: { reason: 'sealed envelope, SEC-12' } } as Finding,
    ],
    '1.7': (fs) => fs.map((f) => (f.account === SANDBOX ? { status: 'met', resource: `arn:aws:iam::${SANDBOX}:root`, account: SANDBOX, message: 'The password policy is strong enough.' } : f)),
  });
  return diffReports(before, after, { old: 'reports/2027-01-14.json', new: 'reports/2027-01-15.json' });
}

describe('the diff table', () => {
  it('golden: an estate a day later', async () => {
    const text = renderDiffTable(estateDiff(), OPTS);
    await expect(text.replace(`cmt-audit ${VERSION} `, 'cmt-audit <version> ')).toMatchFileSnapshot('__golden__/diff-estate.txt');
    expect(text).toContain('New failing findings (2)\n');
    expect(text).toContain(`  + 1.4   critical  account ${SANDBOX}\n      arn:aws:iam::${SANDBOX}:user/temp — temp has a console password but no MFA device.\n`);
    const joined = text.replace(/\n {6}/g, ' '); // a finding's wrapped lines as one
    expect(joined).toContain(`break-glass — break-glass has no MFA. [suppressed: sealed envelope, SEC-12]`);
    expect(joined).toContain(`  ✓ 1.4   critical  account ${STAGING} arn:aws:iam::${STAGING}:user/dev-13 — dev-13 has a console password but no MFA device. [resource gone]`);
    expect(text).toContain(`  1.4   ${SANDBOX}  MET        → NOT MET`);
    expect(text).toContain(`  1.7   ${SANDBOX}  ERROR      → MET`);
    // The estate's 1.7 stays in error: account 444444444444 could not be scanned either time.
    expect(text).not.toContain('(estate)');
    expect(text.trimEnd().split('\n').at(-1)).toBe('2 new failing (1 suppressed), 1 fixed, 19 still failing, 0 could not tell, 2 item status changes');
  });

  it('colour only when asked, like the scan table', () => {
    const plain = renderDiffTable(estateDiff(), OPTS);
    const coloured = renderDiffTable(estateDiff(), { ...OPTS, color: true });
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(`${ESC}[31m+${ESC}[39m`);
    expect(coloured.replace(SGR, '')).toBe(plain);
  });

  it('--quiet: the summary line only', () => {
    expect(renderDiffTable(estateDiff(), { ...OPTS, quiet: true })).toBe('2 new failing (1 suppressed), 1 fixed, 19 still failing, 0 could not tell, 2 item status changes\n');
  });

  it('no change at all', () => {
    const r = sampleReport();
    const text = renderDiffTable(diffReports(r, r, { old: 'a.json', new: 'b.json' }), OPTS);
    expect(text).not.toMatch(/New failing|Fixed|Could not tell|Item status changes/);
    expect(text).toContain('Still failing (15)');
    expect(text.trimEnd().split('\n').at(-1)).toBe('0 new failing, 0 fixed, 15 still failing, 0 could not tell, 0 item status changes');
  });

  it('no failing finding at all: the header and the summary line', () => {
    const clean = editReport(sampleReport(), { '1.4': () => [], '1.16': (fs) => fs.filter((f) => f.status !== 'not-met') });
    const text = renderDiffTable(diffReports(clean, clean, { old: 'a.json', new: 'b.json' }), OPTS);
    expect(text.split('\n').slice(2)).toEqual([
      `  Old   a.json · scan of 2027-01-15T09:00:00.000Z · account ${ACCOUNT}`,
      `  New   b.json · scan of 2027-01-15T09:00:00.000Z · account ${ACCOUNT}`,
      '',
      '0 new failing, 0 fixed, 0 still failing, 0 could not tell, 0 item status changes',
      '',
    ]);
  });

  it('caps each section and says how many more the JSON has', () => {
    const before = sampleReport();
    const many = (prefix: string) => () =>
      Array.from({ length: 10_000 }, (_, n): Finding => ({ status: 'not-met', resource: `arn:aws:iam::${ACCOUNT}:user/${prefix}${n}`, account: ACCOUNT, message: 'no MFA' }));
    const d = diffReports(editReport(before, { '1.4': many('old') }), editReport(before, { '1.4': many('new') }));
    const text = renderDiffTable(d, OPTS);
    expect(text).toContain('New failing findings (10000)');
    expect(text).toContain(`… and ${10_000 - DIFF_SECTION_MAX} more (--format json lists them all)`);
    expect(text.match(/^ {2}\+ 1\.4/gm)).toHaveLength(DIFF_SECTION_MAX);
    expect(text.match(/^ {2}- /gm)).toHaveLength(1); // 1.16's security group, still failing (the cap is DIFF_STILL_MAX)
    expect(DIFF_STILL_MAX).toBe(20);
    expect(text.length).toBeLessThan(60_000);
    expect(JSON.parse(renderDiffJson(d)).newFailing).toHaveLength(10_000);
  });

  it('hostile strings from AWS never reach the terminal raw', () => {
    const d = diffReports(sampleReport(), hostileReport(), { old: 'old\x1b[2J.json', new: 'new\u202E.json' });
    const text = renderDiffTable(d, { ...OPTS, color: true });
    const withoutOurColour = text.replace(SGR, '');
    expect(unsafeIn(withoutOurColour)).toEqual([]);
    expect(withoutOurColour).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
    expect(text).toContain('old\\x1b[2J.json');
    expect(text).toContain('new\\u202E.json');
    // 100 KB values are cut with a count, never printed whole.
    expect(text).toMatch(/… \([\d,]+ more characters\)/);
    expect(Math.max(...withoutOurColour.split('\n').map((l) => l.length))).toBeLessThanOrEqual(2100);
  });
});

describe('the diff JSON', () => {
  it('has the documented shape', () => {
    const json = JSON.parse(renderDiffJson(estateDiff()));
    expect(Object.keys(json)).toEqual(['schemaVersion', 'tool', 'old', 'new', 'notes', 'newFailing', 'fixed', 'stillFailing', 'couldNotTell', 'itemChanges', 'summary']);
    expect(json.schemaVersion).toBe('1.0');
    expect(json.old.file).toBe('reports/2027-01-14.json');
    expect(json.new.accounts).toHaveLength(5);
    expect(json.summary).toEqual({ new: 2, newSuppressed: 1, fixed: 1, stillFailing: 19, couldNotTell: 0, itemChanges: 2 });
    expect(json.newFailing[1]).toMatchObject({ account: HOSTILE, suppressed: { reason: 'sealed envelope, SEC-12' } });
    expect(json.itemChanges[0]).toEqual({ item: '1.4', title: expect.any(String), severity: 'critical', account: SANDBOX, from: 'met', to: 'not-met' });
  });

  it('golden: an estate a day later', async () => {
    const diff = estateDiff();
    await expect(renderDiffJson({ ...diff, tool: { ...diff.tool, version: '<version>' } })).toMatchFileSnapshot('__golden__/diff-estate.json');
  });

  it('escapes what a terminal would act on, and keeps the data', () => {
    const d = diffReports(sampleReport(), hostileReport());
    const text = renderDiffJson(d);
    expect(text).not.toMatch(/[\u007f-\u009f\u202e\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(d)));
  });
});

describe('scan --baseline: the scan table\'s section', () => {
  it('counts, then the new failing findings with their resource and message', () => {
    const before = sampleReport();
    const after = editReport(before, {
      '1.4': (fs) => [...fs.slice(1), { status: 'not-met', resource: `arn:aws:iam::${ACCOUNT}:user/dev-99`, account: ACCOUNT, message: 'dev-99 has a console password but no MFA device.' }],
    });
    const report = { ...after, baseline: baselineBlock(diffReports(before, after), 'last.json') };
    const text = render('table', report);
    const at = text.indexOf('Since the baseline last.json');
    expect(at).toBeGreaterThan(0);
    expect(text.slice(at)).toBe(
      [
        `Since the baseline last.json (scan of ${before.scan.startedAt})`,
        '  1 new failing, 1 fixed, 14 still failing, 0 could not tell, 0 item status changes',
        `  + 1.4   critical  account ${ACCOUNT}`,
        `      arn:aws:iam::${ACCOUNT}:user/dev-99 — dev-99 has a console password but no MFA device.`,
        '',
        '40 items: 2 met, 2 not met, 34 manual, 1 not applicable, 1 error',
        '',
      ].join('\n'),
    );
    expect(render('table', after)).not.toContain('Since the baseline');
  });

  it('hostile resource, message and file name: found by key, shown safe', () => {
    const before = sampleReport();
    const evil = `arn:aws:iam::${ACCOUNT}:user/evil\x1b[2J\u202Eexe`;
    const after = editReport(before, { '1.4': (fs) => [...fs, { status: 'not-met', resource: evil, account: ACCOUNT, message: 'line1\nline2 \x1b]0;title\x07' }] });
    const report = { ...after, baseline: baselineBlock(diffReports(before, after), 'last\x1b[31m.json') };
    const text = render('table', report, { color: false });
    const section = text.slice(text.indexOf('Since the baseline'));
    expect(section).toContain('Since the baseline last\\x1b[31m.json');
    expect(section).toContain(`  + 1.4   critical  account ${ACCOUNT}\n      arn:aws:iam::${ACCOUNT}:user/evil\\x1b[2J\\u202Eexe — line1 line2 \\x1b]0;title\\x07\n`);
    expect(unsafeIn(text)).toEqual([]);
  });
});
