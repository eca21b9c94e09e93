// Suppressions (src/suppressions.ts): the glob, which findings a rule matches (item, account, resource; not-met
// only; the first rule wins), the expiry boundary (the `expires` day itself still applies), what is recorded
// (marks on findings, scan.suppressions with applied / expired / unmatched and their notes), the gate's view
// (an item whose not-met findings are all suppressed reads as its other findings say), estates (one account's
// findings only), and the checks `cmt-audit report` makes of marks in a saved report.
import { describe, expect, it } from 'vitest';
import { placeholderIn, type Suppression } from '../src/config/config-file.js';
import type { Report } from '../src/model.js';
import { evaluateGate } from '../src/options.js';
import { render } from '../src/reporters/index.js';
import { globMatches, gateStatus, ruleMatches, suppress, suppressionProblem, suppressionWarnings, withoutSuppressions } from '../src/suppressions.js';
import { BROKEN, estateReport, HOSTILE, STAGING } from './reporters/estate-report.js';
import { ACCOUNT, sampleReport } from './reporters/sample-report.js';

const gate = { failOn: 'critical' as const, allowErrors: false };
const result = (report: Report, id: string) => report.results.find((r) => r.id === id)!;
const marked = (report: Report, id: string) => result(report, id).findings.filter((f) => f.suppressed).map((f) => f.resource);
const user = (n: number) => `arn:aws:iam::${ACCOUNT}:user/dev-${String(n).padStart(2, '0')}`;
const allUsers = Array.from({ length: 14 }, (_, n) => user(n));

describe('the resource glob', () => {
  it('* matches any characters, / and : included; ? one character; the rest is literal and case-sensitive', () => {
    const re = (g: string) => ({ test: (resource: string) => globMatches(g, resource) });
    expect(re('*').test('arn:aws:s3:::anything/at/all')).toBe(true);
    expect(re('arn:aws:iam::*:user/ci-*').test('arn:aws:iam::123456789012:user/ci-deployer')).toBe(true);
    expect(re('arn:aws:iam::*:user/ci-*').test('arn:aws:iam::123456789012:user/path/ci-deployer')).toBe(false);
    expect(re('arn:aws:iam::*:user/*ci-*').test('arn:aws:iam::123456789012:user/path/ci-deployer')).toBe(true);
    expect(re('arn:aws:s3:::logs-??').test('arn:aws:s3:::logs-eu')).toBe(true);
    expect(re('arn:aws:s3:::logs-??').test('arn:aws:s3:::logs-eu1')).toBe(false);
    expect(re('arn:aws:s3:::Logs').test('arn:aws:s3:::logs')).toBe(false);
    // Regular-expression characters are themselves: `.` is a dot, `+` a plus, `(` a parenthesis.
    expect(re('a.b').test('axb')).toBe(false);
    expect(re('a+(b)[c]{1}|$^').test('a+(b)[c]{1}|$^')).toBe(true);
    // The whole resource, not a part of it.
    expect(re('user/bob').test('arn:aws:iam::1:user/bob')).toBe(false);
    expect(re('*user/bob').test('arn:aws:iam::1:user/bob')).toBe(true);
    expect(re('arn:*:*:*').test('arn:aws:iam')).toBe(false);
    expect(re('**a*?').test('xxaxy')).toBe(true);
    expect(re('').test('')).toBe(true);
    expect(re('').test('x')).toBe(false);
  });

  // The test's timeout is the guard: a regular expression backtracked for over a minute at 10 stars.
  it('many stars against a resource that does not match: answered without backtracking', { timeout: 10_000 }, () => {
    const resource = `arn:aws:ssm:us-east-1:210987654321:parameter/${'a'.repeat(200)}`;
    expect(globMatches(`${'*'.repeat(110)}zzz`, resource)).toBe(false);
    expect(globMatches(`${'*a'.repeat(60)}zzz`, resource)).toBe(false);
    expect(globMatches(`${'*a'.repeat(60)}`, resource)).toBe(true);
  });

  it('a rule matches by item, then account when given, then resource', () => {
    const f = { resource: 'arn:aws:s3:::b', account: '111111111111' };
    expect(ruleMatches({ item: '1.18' }, '1.18', f)).toBe(true);
    expect(ruleMatches({ item: '1.18' }, '1.17', f)).toBe(false);
    expect(ruleMatches({ item: '1.18', account: '111111111111' }, '1.18', f)).toBe(true);
    expect(ruleMatches({ item: '1.18', account: '222222222222' }, '1.18', f)).toBe(false);
    expect(ruleMatches({ item: '1.18', account: '111111111111' }, '1.18', { resource: 'arn:aws:s3:::b' })).toBe(false);
    expect(ruleMatches({ item: '1.18', resource: 'arn:aws:s3:::c' }, '1.18', f)).toBe(false);
  });
});

describe('applying suppressions', () => {
  it('marks the not-met findings the rule matches, with reason, owner, expiry and rule index; nothing else changes', () => {
    const rules: Suppression[] = [{ item: '1.4', resource: `arn:aws:iam::${ACCOUNT}:user/dev-0?`, reason: 'Contractors leave on 2026-12-01', owner: 'it@acme.example', expires: '2026-12-01' }];
    const before = sampleReport();
    const after = suppress(before, rules);
    expect(marked(after, '1.4')).toEqual(allUsers.slice(0, 10));
    expect(result(after, '1.4').findings[0].suppressed).toEqual({ reason: 'Contractors leave on 2026-12-01', owner: 'it@acme.example', expires: '2026-12-01', rule: 0 });
    expect(result(after, '1.4').status).toBe('not-met');
    expect(after.summary).toEqual(before.summary);
    expect(after.scan.suppressions).toEqual([
      { rule: 0, item: '1.4', resource: `arn:aws:iam::${ACCOUNT}:user/dev-0?`, reason: 'Contractors leave on 2026-12-01', owner: 'it@acme.example', expires: '2026-12-01', state: 'applied', matched: 10 },
    ]);
    // 4 of the 14 users are not suppressed: the item still fails the gate.
    expect(gateStatus(result(after, '1.4'))).toBe('not-met');
    expect(evaluateGate(after, gate).failing.map((r) => r.id)).toEqual(['1.4']);
    // The input report is left as it was.
    expect(marked(before, '1.4')).toEqual([]);
  });

  it('only not-met findings: met, manual and error findings are never marked', () => {
    const after = suppress(sampleReport(), [{ item: '1.16', reason: 'Bastion rebuilt next sprint' }, { item: '1.7', reason: 'Permission being granted' }, { item: '1.2', reason: 'Nothing to suppress' }]);
    expect(marked(after, '1.16')).toEqual([`arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0bb22`]);
    expect(after.scan.suppressions!.map((r) => [r.item, r.state, r.matched])).toEqual([
      ['1.16', 'applied', 1],
      ['1.7', 'unmatched', 0],
      ['1.2', 'unmatched', 0],
    ]);
  });

  it('an item whose every not-met finding is suppressed passes the gate; one with an error finding left is incomplete', () => {
    const report = sampleReport();
    const severity = (id: string) => result(report, id).severity;
    expect([severity('1.4'), severity('1.16')]).toEqual(['critical', 'high']);
    const all = suppress(report, [{ item: '1.4', resource: 'arn:aws:iam::*:user/dev-*', reason: 'Contractor accounts, removed at contract end' }]);
    expect(result(all, '1.4').status).toBe('not-met'); // judged as it was: honest
    expect(gateStatus(result(all, '1.4'))).toBe('met');
    const verdict = evaluateGate(all, gate);
    expect(verdict.failing).toEqual([]);
    expect(verdict.suppressed.map((r) => r.id)).toEqual(['1.4']);
    // 1.16: its not-met finding suppressed, its error finding stays: the gate reads error (incomplete).
    const sg = suppress(report, [{ item: '1.16', reason: 'Bastion rebuilt next sprint' }]);
    expect(gateStatus(result(sg, '1.16'))).toBe('error');
    expect(evaluateGate(sg, { failOn: 'high', allowErrors: false }).incomplete.map((r) => r.id)).toEqual(['1.7', '1.16']);
    expect(evaluateGate(report, { failOn: 'high', allowErrors: false }).failing.map((r) => r.id)).toEqual(['1.4', '1.16']);
  });

  it('the first matching rule marks a finding; a later rule that matches only those is unmatched', () => {
    const after = suppress(sampleReport(), [
      { item: '1.4', resource: `arn:aws:iam::${ACCOUNT}:user/dev-00`, reason: 'First' },
      { item: '1.4', resource: `arn:aws:iam::${ACCOUNT}:user/dev-0*`, reason: 'Second' },
      { item: '1.4', resource: `arn:aws:iam::${ACCOUNT}:user/dev-00`, account: ACCOUNT, reason: 'Third' },
    ]);
    const findings = result(after, '1.4').findings;
    expect(findings[0].suppressed).toMatchObject({ reason: 'First', rule: 0 });
    expect(findings[1].suppressed).toMatchObject({ reason: 'Second', rule: 1 });
    expect(after.scan.suppressions!.map((r) => [r.state, r.matched])).toEqual([
      ['applied', 1],
      ['applied', 9],
      ['unmatched', 0],
    ]);
  });

  it('expiry: the expires day itself still applies; the day after, the rule is expired and warned about', () => {
    // sampleReport's scan started 2026-11-20.
    const rule = (expires: string): Suppression[] => [{ item: '1.4', reason: 'Contractors', expires }];
    const onTheDay = suppress(sampleReport(), rule('2026-11-20'));
    expect(marked(onTheDay, '1.4')).toHaveLength(14);
    expect(onTheDay.scan.suppressions![0].state).toBe('applied');
    expect(suppressionWarnings(onTheDay)).toEqual([]);
    const dayBefore = suppress(sampleReport(), rule('2026-11-19'));
    expect(marked(dayBefore, '1.4')).toEqual([]);
    expect(dayBefore.scan.suppressions![0]).toMatchObject({
      state: 'expired',
      matched: 14,
      note: "expired on 2026-11-19 (the scan's day is 2026-11-20): it no longer applies; the 14 findings it matches count again",
    });
    expect(suppressionWarnings(dayBefore)).toEqual([
      "warning: suppressions[0] (1.4 *) expired on 2026-11-19 (the scan's day is 2026-11-20): it no longer applies; the 14 findings it matches count again",
    ]);
    expect(evaluateGate(dayBefore, gate).failing.map((r) => r.id)).toEqual(['1.4']);
    // The instant given wins over the report's own (scan passes its `now`).
    expect(marked(suppress(sampleReport(), rule('2026-11-19'), new Date('2026-11-19T23:59:59Z')), '1.4')).toHaveLength(14);
  });

  it('a rule that matched nothing is reported, saying when its item was not scanned', () => {
    const report = sampleReport();
    const cut = { ...report, results: report.results.filter((r) => r.id !== '3.3') };
    const after = suppress(cut, [
      { item: '1.4', resource: 'arn:aws:iam::*:user/nobody', reason: 'Typo in the ARN' },
      { item: '3.3', account: '999999999999', reason: 'Support plan bought next month' },
    ]);
    expect(suppressionWarnings(after)).toEqual([
      'warning: suppressions[0] (1.4 arn:aws:iam::*:user/nobody) matched no not-met finding of item 1.4: correct its item, resource or account, or remove it',
      'warning: suppressions[1] (3.3 * in 999999999999) matched no not-met finding of item 3.3 (the item was not scanned): correct its item, resource or account, or remove it',
    ]);
  });

  it('applying again replaces earlier marks; an empty list removes them', () => {
    const once = suppress(sampleReport(), [{ item: '1.4', reason: 'Contractors' }]);
    const again = suppress(once, [{ item: '1.16', reason: 'Bastion' }]);
    expect(marked(again, '1.4')).toEqual([]);
    expect(marked(again, '1.16')).toHaveLength(1);
    expect(again.scan.suppressions!.map((r) => r.item)).toEqual(['1.16']);
    const none = suppress(once, []);
    expect(marked(none, '1.4')).toEqual([]);
    expect(none.scan.suppressions).toBeUndefined();
    expect(withoutSuppressions(once)).toEqual(sampleReport());
  });
});

describe('estates', () => {
  it("a rule for one account marks that account's findings only, and the item still fails for the other", () => {
    const report = estateReport();
    const accountsOf = (r: Report) => [...new Set(result(r, '1.4').findings.filter((f) => f.status === 'not-met').map((f) => f.account))];
    expect(accountsOf(report)).toEqual([HOSTILE, STAGING]);
    const one = suppress(report, [{ item: '1.4', account: STAGING, reason: 'Staging users are test fixtures' }]);
    const findings = result(one, '1.4').findings.filter((f) => f.status === 'not-met');
    expect(findings.filter((f) => f.suppressed).every((f) => f.account === STAGING)).toBe(true);
    expect(findings.filter((f) => !f.suppressed).every((f) => f.account === HOSTILE)).toBe(true);
    expect(findings.filter((f) => f.suppressed)).toHaveLength(findings.filter((f) => f.account === STAGING).length);
    expect(gateStatus(result(one, '1.4'))).toBe('not-met');
    const both = suppress(report, [
      { item: '1.4', account: STAGING, reason: 'Staging users are test fixtures' },
      { item: '1.4', account: HOSTILE, reason: 'Break-glass users, MFA on hardware tokens outside AWS' },
    ]);
    // Both accounts' findings suppressed: the item reads as its other findings say, and account 444444444444
    // could not be scanned (an error finding): incomplete, not met.
    expect(result(both, '1.4').findings.filter((f) => f.status === 'error').map((f) => f.account)).toEqual([BROKEN]);
    expect(gateStatus(result(both, '1.4'))).toBe('error');
    expect(evaluateGate(both, gate).suppressed.map((r) => r.id)).toContain('1.4');
    expect(evaluateGate(both, gate).incomplete.map((r) => r.id)).toContain('1.4');
    expect(evaluateGate(one, gate).failing.map((r) => r.id)).toContain('1.4');
    // The estate table lists the suppressed findings under their account, marked with the reason.
    const table = render('table', one, { width: 200 });
    expect(table).toContain('[suppressed: Staging users are test fixtures]');
    expect(table).not.toContain('not met (suppressed)');
  });
});

describe("a saved report's marks", () => {
  const applied = () => suppress(sampleReport(), [{ item: '1.4', reason: 'Contractors', owner: 'it@acme.example' }]);
  const problem = (edit: (r: Report) => void) => {
    const r = structuredClone(applied());
    edit(r);
    return suppressionProblem(r, placeholderIn);
  };
  const at = '1.4';
  const index = sampleReport().results.findIndex((r) => r.id === at);

  it('marks the recorded rules made are accepted', () => {
    expect(suppressionProblem(applied(), placeholderIn)).toBeUndefined();
    expect(suppressionProblem(sampleReport(), placeholderIn)).toBeUndefined();
  });

  it('every mark the rules could not have made is named', () => {
    const where = `results[${index}].findings[0] (item 1.4)`;
    expect(problem((r) => delete r.scan.suppressions)).toBe(`${where} is suppressed by rule 0, which scan.suppressions does not hold`);
    expect(problem((r) => (r.scan.suppressions![0].state = 'expired'))).toBe(`${where} is suppressed by rule 0, which is expired`);
    expect(problem((r) => (r.scan.suppressions![0].resource = 'arn:aws:s3:::*'))).toBe(`${where} is suppressed by rule 0, which does not match it`);
    expect(problem((r) => (r.scan.suppressions![0].item = '1.5'))).toBe(`${where} is suppressed by rule 0, which does not match it`);
    expect(problem((r) => ((r.scan.suppressions![0].expires = '2026-11-19'), (result(r, at).findings[0].suppressed!.expires = '2026-11-19')))).toBe(
      `${where} is suppressed by rule 0, which had expired by the scan (2026-11-19)`,
    );
    expect(problem((r) => (result(r, at).findings[0].suppressed!.reason = 'Another'))).toBe(`${where} is suppressed with another reason, owner or expiry than rule 0`);
    expect(problem((r) => ((r.scan.suppressions![0].reason = 'TODO'), r.results[index].findings.forEach((f) => (f.suppressed!.reason = 'TODO'))))).toBe(
      `${where} is suppressed by rule 0, whose reason is a placeholder ("TODO")`,
    );
    expect(problem((r) => (result(r, '1.2').findings[0].suppressed = { reason: 'x', rule: 0 }))).toBe(
      `results[${sampleReport().results.findIndex((x) => x.id === '1.2')}].findings[0] (item 1.2) is met but marked suppressed: only not-met findings are`,
    );
    expect(problem((r) => r.scan.suppressions!.push({ ...r.scan.suppressions![0] }))).toBe('scan.suppressions[1] repeats rule 0');
  });
});
