// End to end, through the built binary on the demo snapshots (no AWS): suppressions in a temporary config
// keep findings out of the gate (exit 0 instead of 3) and marked in the JSON; an expired or unmatched one is
// warned about; `report` keeps the marks and the gate, refuses an edited mark, and a config's suppressions
// replace the report's; `merge` applies the shards' suppressions again; an estate rule for one account
// leaves the other accounts failing. --severity / --status filter the table only.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import type { Report } from '../../src/model.js';
import { cliSandbox, ensureBuilt, STACK } from '../support/cli-runner.js';

const sandbox = cliSandbox('cmt-audit-suppress-e2e-');
const path = (name: string) => join(sandbox.tmp, name);
const config = (name: string, text: string) => {
  writeFileSync(path(name), text);
  return path(name);
};
const json = (name: string) => JSON.parse(readFileSync(path(name), 'utf8')) as Report;
const DEMO = ['scan', '--snapshot', 'fixtures/demo'];

// The demo account's items not met at critical severity: 1.1, 1.4, 1.10, 1.12, 1.18 (recorded 2026-11-20).
const CRITICAL = `suppressions:
  - item: "1.1"
    reason: Break-glass use during the 2026-10-31 incident, reviewed by security
    owner: security@acme.example
    expires: 2026-11-20
  - item: "1.4"
    resource: arn:aws:iam::*:user/bob
    reason: bob leaves on Friday; his user is deleted then
  - item: "1.10"
    resource: arn:aws:lambda:us-east-1:210987654321:function:acme-orders-*
    account: "210987654321"
    reason: Partner keys rotated out in SEC-42
  - item: "1.12"
    resource: arn:aws:iam::210987654321:user/*
    reason: Service users replaced by roles in Q1
  - item: "1.18"
    resource: arn:aws:s3:::acme-prod-assets
    reason: Public website bucket
`;

beforeAll(() => ensureBuilt(), 120_000);
afterAll(() => sandbox.remove());

describe('the gate with suppressions', { timeout: 60_000 }, () => {
  it('without them the demo fails the gate (exit 3); with every critical finding suppressed it passes (exit 0)', async () => {
    const without = await sandbox.run([...DEMO, '--no-config', '--quiet']);
    expect(without.code).toBe(EXIT.gateFailed);
    const all = config('all.yaml', CRITICAL);
    const run = await sandbox.run([...DEMO, '--config', all, '--format', 'table,json', '--output', path('all')]);
    expect(run.stderr).not.toMatch(STACK);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stderr).toContain('cmt-audit: suppressed: 5 items not met at or above critical severity, every not-met finding suppressed (1.1, 1.4, 1.10, 1.12, 1.18)\n');
    expect(run.stderr).not.toContain('gate failed');
    expect(run.stderr).toContain('cmt-audit: 40 items: 3 met, 25 not met (5 suppressed), 12 manual, 0 not applicable, 0 errors\n');
    // The JSON keeps every finding, judged as before, with the marks and the rules' fate.
    const report = json('all.json');
    const item = (id: string) => report.results.find((r) => r.id === id)!;
    expect(item('1.18').status).toBe('not-met');
    expect(item('1.18').findings.filter((f) => f.status === 'not-met')).toEqual([expect.objectContaining({ resource: 'arn:aws:s3:::acme-prod-assets', suppressed: { reason: 'Public website bucket', rule: 4 } })]);
    expect(item('1.1').findings.find((f) => f.status === 'not-met')!.suppressed).toEqual({
      reason: 'Break-glass use during the 2026-10-31 incident, reviewed by security',
      owner: 'security@acme.example',
      expires: '2026-11-20',
      rule: 0,
    });
    expect(item('1.12').findings.filter((f) => f.suppressed).map((f) => f.resource)).toEqual(['arn:aws:iam::210987654321:user/ci-deployer', 'arn:aws:iam::210987654321:user/legacy-backup']);
    // Only the critical items were suppressed: 1.5 (high) shares ci-deployer, unmarked.
    expect(item('1.5').findings.some((f) => f.suppressed)).toBe(false);
    expect(report.summary['not-met']).toBe(25);
    expect(report.scan.suppressions!.map((s) => [s.rule, s.item, s.state, s.matched])).toEqual([
      [0, '1.1', 'applied', 1],
      [1, '1.4', 'applied', 1],
      [2, '1.10', 'applied', 1],
      [3, '1.12', 'applied', 2],
      [4, '1.18', 'applied', 1],
    ]);
    // The table says so, with the reason.
    const table = readFileSync(path('all.txt'), 'utf8');
    expect(table).toContain('  1.18  NOT MET  critical  S3 buckets have not been misconfigured to allow public access\n        ~ not met (suppressed): every not-met finding is suppressed; the gate does not fail on it\n');
    expect(table).toMatch(/~ arn:aws:s3:::acme-prod-assets — Bucket acme-prod-assets is public: .*\n\s+.*\[suppressed: Public website bucket\]/);
    // A suppression for the critical items does not open a lower gate: 1.3 (high) still fails.
    const high = await sandbox.run([...DEMO, '--config', all, '--fail-on', 'high', '--quiet']);
    expect(high.code).toBe(EXIT.gateFailed);
  });

  it('an expired suppression stops applying (the expiry day itself still applies) and is warned about; an unmatched one is reported', async () => {
    const expired = config('expired.yaml', CRITICAL.replace('expires: 2026-11-20', 'expires: 2026-11-19') + '  - item: "1.2"\n    reason: Nothing fails here\n');
    const run = await sandbox.run([...DEMO, '--config', expired, '--format', 'json', '--output', path('expired.json')]);
    expect(run.code).toBe(EXIT.gateFailed);
    expect(run.stderr.split('\n').filter((l) => l.includes('warning'))).toEqual([
      "cmt-audit: warning: suppressions[0] (1.1 *) expired on 2026-11-19 (the scan's day is 2026-11-20): it no longer applies; the 1 finding it matches counts again",
      'cmt-audit: warning: suppressions[5] (1.2 *) matched no not-met finding of item 1.2: correct its item, resource or account, or remove it',
    ]);
    expect(run.stderr).toContain('cmt-audit: gate failed: 1 item not met at or above critical severity (1.1)\n');
    const report = json('expired.json');
    expect(report.scan.suppressions!.filter((s) => s.state !== 'applied').map((s) => [s.rule, s.state, s.note])).toEqual([
      [0, 'expired', "expired on 2026-11-19 (the scan's day is 2026-11-20): it no longer applies; the 1 finding it matches counts again"],
      [5, 'unmatched', 'matched no not-met finding of item 1.2: correct its item, resource or account, or remove it'],
    ]);
    expect(report.results.find((r) => r.id === '1.1')!.findings.some((f) => f.suppressed)).toBe(false);
    // --quiet: no warnings, the exit code alone.
    const quiet = await sandbox.run([...DEMO, '--config', expired, '--quiet']);
    expect(quiet.stderr).toBe('');
  });
});

describe('report and merge keep the marks', { timeout: 60_000 }, () => {
  it('report re-renders the marks and the gate; an edited mark is refused; a config replaces them', async () => {
    const saved = path('all.json');
    const again = await sandbox.run(['report', saved, '--no-config', '--format', 'markdown']);
    expect(again.code).toBe(EXIT.ok);
    expect(again.stdout).toContain('(**suppressed: Public website bucket**)');
    const html = await sandbox.run(['report', saved, '--no-config', '--format', 'html']);
    expect(html.stdout).toContain('<strong>(suppressed: Partner keys rotated out in SEC-42)</strong>');
    // A mark added by hand (no rule behind it) must not open the gate.
    const edited = json('all.json');
    const finding = edited.results.find((r) => r.id === '1.5')!.findings.find((f) => f.status === 'not-met')!;
    finding.suppressed = { reason: 'nobody said so', rule: 4 };
    writeFileSync(path('edited.json'), JSON.stringify(edited));
    const refused = await sandbox.run(['report', path('edited.json'), '--no-config']);
    expect(refused.code).toBe(EXIT.usage);
    const i = edited.results.findIndex((r) => r.id === '1.5');
    const j = edited.results[i].findings.indexOf(finding);
    expect(refused.stderr.split('\n')[0]).toBe(`cmt-audit: ${path('edited.json')}: results[${i}].findings[${j}] (item 1.5) is suppressed by rule 4, which does not match it`);
    // The config's suppressions replace the report's: only 1.18 now; the others fail again.
    const one = config('one.yaml', 'suppressions:\n  - item: "1.18"\n    reason: Public website bucket\n');
    const replaced = await sandbox.run(['report', saved, '--config', one, '--format', 'json']);
    expect(replaced.code).toBe(EXIT.gateFailed);
    expect(replaced.stderr).toContain('gate failed: 4 items not met at or above critical severity (1.1, 1.4, 1.10, 1.12)');
    expect((JSON.parse(replaced.stdout) as Report).scan.suppressions!.map((s) => s.item)).toEqual(['1.18']);
  });

  it('merge applies the shards\' suppressions to the merged findings; an estate rule for one account leaves the others failing', async () => {
    // demo-org: 1.16 (high) is not met in 111111111111 (2 groups) and 555555555555 (3 groups).
    const oneAccount = config('org-one.yaml', 'suppressions:\n  - item: "1.16"\n    account: "555555555555"\n    resource: arn:aws:ec2:*:security-group/*\n    reason: Staging security groups, torn down nightly\n');
    const org = ['scan', '--snapshot', 'fixtures/demo-org', '--checks', '1.16', '--fail-on', 'high'];
    const one = await sandbox.run([...org, '--config', oneAccount, '--format', 'json', '--output', path('org-one.json')]);
    expect(one.code).toBe(EXIT.gateFailed);
    const findings = json('org-one.json').results[0].findings.filter((f) => f.status === 'not-met');
    expect(findings.map((f) => [f.account, !!f.suppressed])).toEqual([
      ['111111111111', false],
      ['111111111111', false],
      ['555555555555', true],
      ['555555555555', true],
      ['555555555555', true],
    ]);
    const both = config('org-both.yaml', `${readFileSync(oneAccount, 'utf8')}  - item: "1.16"\n    account: "111111111111"\n    reason: Management account groups, unused, deleted in CHG-9\n`);
    const passes = await sandbox.run([...org, '--config', both, '--quiet']);
    expect(passes.code).toBe(EXIT.ok);
    // Shards, each with the suppressions, merged: the same marks as the one scan.
    for (const k of [1, 2]) {
      const shard = await sandbox.run([...org, '--config', oneAccount, '--shard', `${k}/2`, '--format', 'json', '--output', path(`shard${k}.json`)]);
      expect(shard.stderr).not.toMatch(STACK);
    }
    const merged = await sandbox.run(['merge', path('shard1.json'), path('shard2.json'), '--fail-on', 'high', '--format', 'json']);
    expect(merged.code).toBe(EXIT.gateFailed);
    const report = JSON.parse(merged.stdout) as Report;
    expect(report.results[0].findings.filter((f) => f.suppressed).map((f) => f.account)).toEqual(['555555555555', '555555555555', '555555555555']);
    expect(report.scan.suppressions).toEqual(json('org-one.json').scan.suppressions);
  });
});

describe('--severity / --status filter the table', { timeout: 60_000 }, () => {
  it('shows only the chosen items, counts everything, and leaves the JSON whole', async () => {
    const run = await sandbox.run([...DEMO, '--no-config', '--severity', 'critical', '--status', 'not-met,error', '--format', 'table,json', '--output', path('filtered')]);
    expect(run.code).toBe(EXIT.gateFailed);
    const table = readFileSync(path('filtered.txt'), 'utf8');
    const rows = table.split('\n').filter((l) => /^ {2}\d\.\d+ /.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(rows).toEqual(['1.1', '1.4', '1.10', '1.12', '1.18']);
    expect(table).not.toContain('2.0 Reliability');
    expect(table.trimEnd().split('\n').slice(-2)).toEqual([
      '40 items: 3 met, 25 not met, 12 manual, 0 not applicable, 0 errors',
      'showing 5 of 40 items (severity critical; status not-met, error)',
    ]);
    expect(json('filtered.json').results).toHaveLength(40);
  });

  it('a bad value, or no table to filter, is one line and exit 2', async () => {
    const cases: [string[], string, string][] = [
      [['--severity', 'urgent'], 'cmt-audit: invalid --severity "urgent"', 'hint: use one or more of: critical, high, medium, low, info (comma separated)'],
      [['--status', 'not-met,failed'], 'cmt-audit: invalid --status "failed"', 'hint: use one or more of: met, not-met, manual, not-applicable, error (comma separated)'],
      [['--status', ','], 'cmt-audit: --status needs at least one value', 'hint: use one or more of: met, not-met, manual, not-applicable, error'],
      [['--severity', 'high', '--format', 'json'], 'cmt-audit: --severity filters the table, and no table is written', 'hint: add --format table (the JSON and the other formats always hold every item)'],
    ];
    for (const [flags, first, hint] of cases) {
      const run = await sandbox.run([...DEMO, '--no-config', ...flags]);
      expect(run.code).toBe(EXIT.usage);
      expect(run.stderr.split('\n').slice(0, 2)).toEqual([first, hint]);
    }
    const report = await sandbox.run(['report', path('all.json'), '--no-config', '--status', 'passed']);
    expect(report.code).toBe(EXIT.usage);
    expect(report.stderr.split('\n')[0]).toBe('cmt-audit: invalid --status "passed"');
  });
});
