// End to end, the built binary: `cmt-audit diff old.json new.json` on reports of the demo snapshots (and a
// modified copy, as a later scan would write it), its exit codes with --fail-on-new, its errors, and
// `scan --baseline`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import type { Report } from '../../src/model.js';
import { cliSandbox, ensureBuilt, STACK } from '../support/cli-runner.js';
import { editReport, setStatus } from '../support/edit-report.js';

const sandbox = cliSandbox('cmt-audit-diff-e2e-');
const file = (name: string) => join(sandbox.tmp, name);
const OLD = file('demo.json');
const FIXED = file('demo-fixed.json'); // bob has MFA now
const WORSE = file('demo-worse.json'); // a new user without MFA (critical), a new public bucket policy grant (high)
const HIGH_ONLY = file('demo-high.json'); // only the high one
const ORG = file('org.json');
const ORG_LATER = file('org-later.json');
const ACCOUNT = '210987654321';
const CAROL = `arn:aws:iam::${ACCOUNT}:user/carol-new`;

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Report;
const save = (path: string, report: Report) => writeFileSync(path, JSON.stringify(report, null, 2));

beforeAll(async () => {
  ensureBuilt();
  for (const [snapshot, out] of [['fixtures/demo', OLD], ['fixtures/demo-org', ORG]]) {
    const run = await sandbox.run(['scan', '--snapshot', snapshot, '--format', 'json', '--output', out, '--fail-on', 'none']);
    if (run.code !== EXIT.ok) throw new Error(`could not scan ${snapshot}: ${run.stderr}`);
  }
  const old = read(OLD);
  save(FIXED, editReport(old, { '1.4': setStatus('user/bob', 'met', 'bob signs in with MFA.') }));
  const newUser = { status: 'not-met' as const, resource: CAROL, account: ACCOUNT, message: 'carol-new has a console password but no MFA device.' };
  const newGrant = { status: 'not-met' as const, resource: 'arn:aws:s3:::acme-new-bucket', account: ACCOUNT, message: 'Bucket acme-new-bucket: its policy grants public access.' };
  save(WORSE, editReport(old, { '1.4': (fs) => [...fs, newUser], '1.17': (fs) => [...fs, newGrant] }));
  save(HIGH_ONLY, editReport(old, { '1.17': (fs) => [...fs, newGrant] }));
  // The organization a day later: staging (555555555555) has fixed its 1.4 user.
  save(ORG_LATER, editReport(read(ORG), { '1.4': (fs) => fs.map((f) => (f.account === '555555555555' && f.status === 'not-met' ? { ...f, status: 'met' as const } : f)) }));
}, 180_000);

afterAll(() => sandbox.remove());

describe('cmt-audit diff', { timeout: 60_000 }, () => {
  it('shows what was fixed and what changed, and exits 0', async () => {
    const run = await sandbox.run(['diff', OLD, FIXED]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`Fixed (1)\n  ✓ 1.4   critical  account ${ACCOUNT}\n      arn:aws:iam::${ACCOUNT}:user/bob — bob has a console password but no MFA device. [met now]\n`);
    expect(run.stdout).toContain(`Item status changes (1)\n  ID    ACCOUNT       OLD          NEW\n  1.4   ${ACCOUNT}  NOT MET    → MET\n`);
    expect(run.stdout).not.toContain('New failing findings');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^0 new failing, 1 fixed, \d+ still failing, 0 could not tell, 1 item status change$/);
  });

  it('--fail-on-new: exit 3 for a new critical failure, naming it; 0 when nothing is new', async () => {
    const worse = await sandbox.run(['diff', OLD, WORSE, '--fail-on-new']);
    expect(worse.code).toBe(EXIT.gateFailed);
    expect(worse.stdout).toContain(`New failing findings (2)\n  + 1.4   critical  account ${ACCOUNT}\n      ${CAROL} — carol-new has a console password but no MFA device.\n`);
    expect(worse.stderr).toBe('cmt-audit: gate failed: 1 new failing finding at or above critical severity (1.4)\n');

    const fixed = await sandbox.run(['diff', OLD, FIXED, '--fail-on-new']);
    expect(fixed.code).toBe(EXIT.ok);
    // Without --fail-on-new, new failures are shown, never gated.
    expect((await sandbox.run(['diff', OLD, WORSE])).code).toBe(EXIT.ok);
  });

  it('--fail-on-new respects --fail-on: a new high failure fails only at high or below', async () => {
    expect((await sandbox.run(['diff', OLD, HIGH_ONLY, '--fail-on-new'])).code).toBe(EXIT.ok);
    const high = await sandbox.run(['diff', OLD, HIGH_ONLY, '--fail-on-new', '--fail-on', 'high']);
    expect(high.code).toBe(EXIT.gateFailed);
    expect(high.stderr).toBe('cmt-audit: gate failed: 1 new failing finding at or above high severity (1.17)\n');
    expect((await sandbox.run(['diff', OLD, WORSE, '--fail-on-new', '--fail-on', 'none'])).code).toBe(EXIT.ok);
  });

  it('--format json --output: the documented shape, written atomically', async () => {
    const out = file('out/diff.json');
    const run = await sandbox.run(['diff', OLD, WORSE, '--format', 'json', '--output', out]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^cmt-audit: wrote .*out\/diff\.json\ncmt-audit: diff: 2 new failing, 0 fixed, \d+ still failing, 0 could not tell, 0 item status changes\n$/);
    const diff = JSON.parse(readFileSync(out, 'utf8'));
    expect(diff.old).toMatchObject({ file: OLD, accounts: [ACCOUNT] });
    expect(diff.newFailing.map((f: { key: string }) => f.key)).toEqual([`${ACCOUNT}|1.4||${CAROL}`, `${ACCOUNT}|1.17||arn:aws:s3:::acme-new-bucket`]);
    expect(diff.summary).toMatchObject({ new: 2, fixed: 0, couldNotTell: 0, itemChanges: 0 }); // 1.4 and 1.17 were already not met
  });

  it('an estate: per-account changes', async () => {
    const run = await sandbox.run(['diff', ORG, ORG_LATER, '--no-color']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toContain('  1.4   (estate)      NOT MET    → MET\n  1.4   555555555555  NOT MET    → MET\n');
    expect(run.stdout).toMatch(/Fixed \(1\)\n {2}✓ 1\.4 {3}critical {2}account 555555555555\n/);
  });

  it('reports of different accounts are compared, and the output says so', async () => {
    const run = await sandbox.run(['diff', OLD, ORG]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout.replace(/\n\s+/g, ' ')).toContain(
      `note: the reports cover different accounts (only in the old report: ${ACCOUNT}; only in the new report: 111111111111, 222222222222, 333333333333, 444444444444, 555555555555)`,
    );
  });

  it('errors: one line, exit 2, no stack trace', async () => {
    const notJson = file('not.json');
    writeFileSync(notJson, 'hello');
    const v2 = file('v2.json');
    save(v2, { ...read(OLD), schemaVersion: '2.0' });
    const cases: [string[], RegExp][] = [
      [['diff', OLD, file('missing.json')], /^cmt-audit: cannot read report .*missing\.json: no such file$/],
      [['diff', notJson, OLD], /^cmt-audit: .*not\.json is not JSON: /],
      [['diff', OLD, v2], /^cmt-audit: .*v2\.json has schema version 2\.0: this cmt-audit reads version 1 reports \(1\.x\)$/],
      [['diff', OLD, '-'], /^cmt-audit: diff reads two report files, not standard input$/],
      [['diff', OLD, FIXED, '--format', 'markdown'], /^cmt-audit: unknown --format markdown$/],
      [['diff', OLD, FIXED, '--output', OLD], /^cmt-audit: --output .* is the old report this run reads/],
    ];
    for (const [args, first] of cases) {
      const run = await sandbox.run(args);
      expect(run.code, args.join(' ')).toBe(EXIT.usage);
      expect(run.stdout).toBe('');
      expect(run.stderr.split('\n')[0]).toMatch(first);
      expect(run.stderr).not.toMatch(STACK);
    }
  });
});

describe('cmt-audit scan --baseline', { timeout: 90_000 }, () => {
  it('adds the baseline block to the JSON (which `report` reads back) and a section to the table', async () => {
    const out = file('with-baseline');
    const run = await sandbox.run(['scan', '--snapshot', 'fixtures/demo', '--baseline', FIXED, '--format', 'table,json', '--output', out, '--fail-on', 'none']);
    expect(run.code).toBe(EXIT.ok);
    const report = read(`${out}.json`);
    expect(report.schemaVersion).toBe('1.2');
    // Against the copy where bob was fixed, today's scan shows bob failing again: new.
    expect(report.baseline).toMatchObject({ file: FIXED, accounts: [ACCOUNT], new: [`${ACCOUNT}|1.4||arn:aws:iam::${ACCOUNT}:user/bob`] });
    expect(report.baseline!.counts).toMatchObject({ new: 1, fixed: 0, couldNotTell: 0, itemChanges: 1 });
    const table = readFileSync(`${out}.txt`, 'utf8');
    expect(table).toContain(`Since the baseline ${FIXED} (scan of 2027-01-15T09:00:00.000Z)\n  1 new failing, 0 fixed,`);
    expect(table).toContain(`  + 1.4   critical  account ${ACCOUNT}\n      arn:aws:iam::${ACCOUNT}:user/bob — bob has a console password but no MFA device.\n`);
    expect(run.stderr).toMatch(/cmt-audit: since the baseline: 1 new failing, 0 fixed, \d+ still failing, 0 could not tell, 1 item status change\n/);

    const back = await sandbox.run(['report', `${out}.json`, '--fail-on', 'none']);
    expect(back.code).toBe(EXIT.ok);
    expect(back.stdout).toContain(`Since the baseline ${FIXED}`);
    // An edited block is refused.
    const edited = file('edited.json');
    save(edited, { ...report, baseline: { ...report.baseline!, new: [`${ACCOUNT}|1.4||arn:aws:iam::${ACCOUNT}:user/nobody`] } });
    const refused = await sandbox.run(['report', edited]);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr.split('\n')[0]).toBe(`cmt-audit: ${edited}: baseline.new[0] (${ACCOUNT}|1.4||arn:aws:iam::${ACCOUNT}:user/nobody) is not a not-met finding of this report`);
  });

  it('--fail-on-new: the gate is new failures only', async () => {
    // Same findings as the baseline: the demo's critical failures are old news, exit 0 (the usual gate says 3).
    const same = await sandbox.run(['scan', '--snapshot', 'fixtures/demo', '--baseline', OLD, '--fail-on-new', '-q']);
    expect(same.code).toBe(EXIT.ok);
    expect((await sandbox.run(['scan', '--snapshot', 'fixtures/demo', '--baseline', OLD, '-q'])).code).toBe(EXIT.gateFailed);
    // Bob failing again since the fixed baseline: new, critical.
    const again = await sandbox.run(['scan', '--snapshot', 'fixtures/demo', '--baseline', FIXED, '--fail-on-new', '--format', 'json', '--output', file('x.json')]);
    expect(again.code).toBe(EXIT.gateFailed);
    expect(again.stderr).toContain('cmt-audit: gate failed: 1 new failing finding at or above critical severity (1.4)\n');
    expect(again.stderr).not.toContain('items not met at or above');
  });

  it('a baseline that cannot be read fails before the scan: exit 2, nothing written, no AWS call', async () => {
    const out = file('never.json');
    // A live scan with a profile that does not exist would end in exit 5 (credentials): exit 2 proves the
    // baseline was read first.
    const run = await sandbox.run(['scan', '--profile', 'nope', '--baseline', file('missing.json'), '--format', 'json', '--output', out]);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr.split('\n')[0]).toMatch(/^cmt-audit: --baseline: cannot read report .*missing\.json: no such file$/);
    expect(existsSync(out)).toBe(false);
    const noBaseline = await sandbox.run(['scan', '--snapshot', 'fixtures/demo', '--fail-on-new']);
    expect(noBaseline.code).toBe(EXIT.usage);
    expect(noBaseline.stderr.split('\n')[0]).toBe('cmt-audit: --fail-on-new gates on what is new since a baseline: it needs --baseline FILE');
  });
});
