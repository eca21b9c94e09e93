// src/diff.ts: new, fixed, could-not-tell, still-failing findings and item status changes between two
// reports, on hand-made reports (one account, an estate of five, 10,000 findings), and the --fail-on-new gate.
import { describe, expect, it } from 'vitest';
import { baselineBlock, baselineProblem, diffReports, gatingNew, type Diff } from '../src/diff.js';
import { findingKey } from '../src/fingerprint.js';
import type { Finding, Report } from '../src/model.js';
import { editReport, setStatus } from './support/edit-report.js';
import { BROKEN, estateReport, HOSTILE, MGMT, SANDBOX, STAGING } from './reporters/estate-report.js';
import { ACCOUNT, sampleReport } from './reporters/sample-report.js';

const user = (account: string, name: string) => `arn:aws:iam::${account}:user/${name}`;
const keys = (list: { key: string }[]) => list.map((f) => f.key);
const SG = `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0bb22`;

describe('one account', () => {
  const before = sampleReport();
  // dev-00 fixed (met now), dev-01 deleted (gone), dev-99 new, the security group's message changed.
  const after = editReport(before, {
    '1.4': (fs) => [
      ...setStatus('dev-00', 'met', 'dev-00 signs in with MFA.')(fs).filter((f) => !f.resource.endsWith('dev-01')),
      { status: 'not-met', resource: user(ACCOUNT, 'dev-99'), account: ACCOUNT, message: 'dev-99 has a console password but no MFA device.' },
    ],
    '1.16': (fs) => fs.map((f) => (f.resource === SG ? { ...f, message: 'Port 22 (SSH) is still open to 0.0.0.0/0.' } : f)),
  });
  const diff = diffReports(before, after, { old: 'old.json', new: 'new.json' });

  it('lists the new failing finding with its item, severity, account and message', () => {
    expect(diff.newFailing).toEqual([
      {
        key: `${ACCOUNT}|1.4||${user(ACCOUNT, 'dev-99')}`,
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
        item: '1.4',
        title: 'Multi-Factor Authentication (MFA) is enabled for all interactive IAM users',
        severity: 'critical',
        account: ACCOUNT,
        resource: user(ACCOUNT, 'dev-99'),
        message: 'dev-99 has a console password but no MFA device.',
        itemStatus: 'not-met',
      },
    ]);
  });

  it('fixed: met now, or the resource is gone', () => {
    expect(diff.fixed.map((f) => [f.resource, f.why, f.message])).toEqual([
      [user(ACCOUNT, 'dev-00'), 'met now', 'dev-00 has a console password but no MFA device.'],
      [user(ACCOUNT, 'dev-01'), 'resource gone', 'dev-01 has a console password but no MFA device.'],
    ]);
  });

  it('still failing keeps the new message and the old one when it changed', () => {
    expect(diff.stillFailing).toHaveLength(13);
    const sg = diff.stillFailing.find((f) => f.resource === SG)!;
    expect(sg).toMatchObject({ item: '1.16', region: 'eu-west-1', message: 'Port 22 (SSH) is still open to 0.0.0.0/0.' });
    expect(sg.previousMessage).toMatch(/^Port 22 \(SSH\) is open to 0\.0\.0\.0\/0\. Security group web-tier/);
    expect(diff.stillFailing.find((f) => f.resource === user(ACCOUNT, 'dev-05'))!.previousMessage).toBeUndefined();
  });

  it('no item changed status: 1.4 and 1.16 are still not met', () => {
    expect(diff.itemChanges).toEqual([]);
    expect(diff.summary).toEqual({ new: 1, newSuppressed: 0, fixed: 2, stillFailing: 13, couldNotTell: 0, itemChanges: 0 });
    expect(diff.old).toEqual({ file: 'old.json', startedAt: before.scan.startedAt, finishedAt: before.scan.finishedAt, schemaVersion: before.schemaVersion, deploymentModel: 'multi-tenant-saas', accounts: [ACCOUNT] });
    expect(diff.notes).toEqual([]);
  });

  it('an item whose every failing finding is fixed changes status', () => {
    const allFixed = editReport(before, { '1.4': (fs) => fs.map((f) => ({ ...f, status: 'met' as const })) });
    const d = diffReports(before, allFixed);
    expect(d.fixed).toHaveLength(14);
    expect(d.itemChanges).toEqual([{ item: '1.4', title: expect.any(String), severity: 'critical', account: ACCOUNT, from: 'not-met', to: 'met' }]);
  });

  it('the same report twice: nothing new, nothing fixed, everything still failing', () => {
    const d = diffReports(before, before);
    expect(d.summary).toEqual({ new: 0, newSuppressed: 0, fixed: 0, stillFailing: 15, couldNotTell: 0, itemChanges: 0 });
  });

  it('findings without an account (a 1.0 report) are keyed by the report\'s one account', () => {
    const old10 = structuredClone(before);
    for (const r of old10.results) for (const f of r.findings) delete f.account;
    const d = diffReports(old10, before);
    expect(d.summary.new).toBe(0);
    expect(d.summary.stillFailing).toBe(15);
  });
});

describe('an item that turned error is not fixed: could not tell', () => {
  const before = sampleReport();

  it('an account-wide error hides every old failing finding of that item', () => {
    const after = editReport(before, {
      '1.4': () => [{ status: 'error', resource: 'iam:ListUsers', account: ACCOUNT, message: 'could not tell: missing permission iam:ListUsers', errorKind: 'missing-permission' }],
    });
    const d = diffReports(before, after);
    expect(d.fixed).toEqual([]);
    expect(d.couldNotTell).toHaveLength(14);
    expect(new Set(d.couldNotTell.map((f) => f.why))).toEqual(new Set(['check ended in error']));
    expect(d.couldNotTell[0]).toMatchObject({ item: '1.4', itemStatus: 'error', message: 'dev-00 has a console password but no MFA device.' });
    expect(d.itemChanges).toEqual([{ item: '1.4', title: expect.any(String), severity: 'critical', account: ACCOUNT, from: 'not-met', to: 'error' }]);
  });

  it('an error in the finding\'s region hides it; an error in another region does not', () => {
    const errorIn = (region: string) =>
      editReport(before, {
        '1.16': (fs) => [...fs.filter((f) => f.resource !== SG), { status: 'error', resource: 'ec2:DescribeSecurityGroups', account: ACCOUNT, region, message: 'throttled', errorKind: 'throttled' }],
      });
    const same = diffReports(before, errorIn('eu-west-1'));
    expect(same.couldNotTell.map((f) => [f.resource, f.why])).toEqual([[SG, 'check ended in error']]);
    expect(same.fixed).toEqual([]);
    const other = diffReports(before, errorIn('us-west-2'));
    expect(other.fixed.map((f) => [f.resource, f.why])).toEqual([[SG, 'resource gone']]);
    expect(other.couldNotTell).toEqual([]);
  });

  it('an item in error in that account with no finding saying where (an edited report): not fixed either', () => {
    const after = structuredClone(before);
    const item = after.results.find((r) => r.id === '1.4')!;
    item.findings = [];
    item.status = 'error';
    item.accounts = [{ id: ACCOUNT, status: 'error' }];
    const d = diffReports(before, after);
    expect(d.fixed).toEqual([]);
    expect(d.couldNotTell).toHaveLength(14);
    expect(new Set(d.couldNotTell.map((f) => f.why))).toEqual(new Set(['check ended in error']));
  });

  it('the same finding now in error, or left to people, is not fixed', () => {
    const d = diffReports(before, editReport(before, { '1.4': (fs) => setStatus('dev-00', 'manual')(setStatus('dev-01', 'error')(fs)) }));
    expect(d.couldNotTell.map((f) => [f.resource, f.why])).toEqual([
      [user(ACCOUNT, 'dev-00'), 'left to people now (manual)'],
      [user(ACCOUNT, 'dev-01'), 'check ended in error'],
    ]);
  });

  it('a region or an item the new scan did not cover', () => {
    const fewerRegions = structuredClone(before);
    fewerRegions.scan.regions = fewerRegions.scan.regions.filter((r) => r !== 'eu-west-1');
    const gone = editReport(fewerRegions, { '1.16': (fs) => fs.filter((f) => f.resource !== SG) });
    expect(diffReports(before, gone).couldNotTell.map((f) => [f.resource, f.why])).toEqual([[SG, 'region not scanned in the new report']]);

    const only12 = structuredClone(before);
    only12.results = only12.results.filter((r) => r.id === '1.2');
    only12.scan.checksSelected = ['1.2'];
    const d = diffReports(before, only12);
    expect(d.couldNotTell).toHaveLength(15);
    expect(new Set(d.couldNotTell.map((f) => f.why))).toEqual(new Set(['item not checked in the new report']));
    expect(d.fixed).toEqual([]);
    expect(d.notes).toContain('the reports checked different items (--checks / --skip-checks)');
    expect(d.itemChanges.find((c) => c.item === '1.4')).toMatchObject({ account: ACCOUNT, from: 'not-met', to: null });
  });
});

describe('every status, and no failing finding at all', () => {
  it('an item no longer applicable (another deployment model): its failures could not be told, its change is listed', () => {
    const before = sampleReport();
    const after = structuredClone(before);
    after.scan.deploymentModel = 'customer-deployed-on-premises';
    const sg = after.results.find((r) => r.id === '1.16')!;
    Object.assign(sg, { status: 'not-applicable', findings: [], decidedBy: 'not-applicable' });
    const d = diffReports(before, after);
    expect(d.notes).toEqual(['the deployment models differ (multi-tenant-saas → customer-deployed-on-premises): some items apply to one only']);
    expect(d.couldNotTell.map((f) => [f.item, f.why])).toEqual([['1.16', 'item not applicable in the new report']]);
    expect(d.itemChanges.map((c) => [c.item, c.from, c.to])).toEqual([['1.16', 'not-met', 'not-applicable']]);
  });

  it('each status to each other status is an item change', () => {
    const before = sampleReport();
    const after = editReport(before, {
      '1.2': setStatus('root', 'not-met'), // met → not-met
      '1.4': (fs) => fs.map((f) => ({ ...f, status: 'manual' as const })), // not-met → manual
      '1.7': (fs) => fs.map((f) => ({ ...f, status: 'met' as const })), // error → met
      '1.8': (fs) => fs.map((f) => ({ ...f, status: 'error' as const })), // manual → error
    });
    const d = diffReports(before, after);
    expect(d.itemChanges.map((c) => [c.item, c.from, c.to])).toEqual([
      ['1.2', 'met', 'not-met'],
      ['1.4', 'not-met', 'manual'],
      ['1.7', 'error', 'met'],
      ['1.8', 'manual', 'error'],
    ]);
    expect(d.newFailing.map((f) => f.item)).toEqual(['1.2']);
    expect(new Set(d.couldNotTell.map((f) => f.why))).toEqual(new Set(['left to people now (manual)']));
  });

  it('two reports without a failing finding: every list empty', () => {
    const clean = editReport(sampleReport(), { '1.4': () => [], '1.16': (fs) => fs.filter((f) => f.status !== 'not-met') });
    const d = diffReports(clean, clean);
    expect(d.summary).toEqual({ new: 0, newSuppressed: 0, fixed: 0, stillFailing: 0, couldNotTell: 0, itemChanges: 0 });
    expect([d.newFailing, d.fixed, d.stillFailing, d.couldNotTell, d.itemChanges]).toEqual([[], [], [], [], []]);
  });
});

describe('an estate of five accounts', () => {
  const before = estateReport();

  it('per account: one user fixed in staging, a new one in the hostile-named account, the same resource in two accounts', () => {
    const shared = 'arn:aws:s3:::acme-shared-logs'; // one bucket, judged from two accounts
    const old = editReport(before, {
      '1.17': () => [MGMT, STAGING].map((id): Finding => ({ status: 'not-met', resource: shared, account: id, message: `public from ${id}` })),
    });
    const after = editReport(old, {
      '1.4': (fs) => [
        ...fs.map((f) => (f.resource === user(STAGING, 'dev-03') ? { ...f, status: 'met' as const, message: 'MFA now' } : f)),
        { status: 'not-met', resource: user(HOSTILE, 'dev-02'), account: HOSTILE, message: 'dev-02 has no MFA.' },
      ],
      '1.17': (fs) => fs.map((f) => (f.account === MGMT ? { ...f, status: 'met' as const } : f)),
    });
    const d = diffReports(old, after);
    expect(keys(d.newFailing)).toEqual([findingKey('1.4', { account: HOSTILE, resource: user(HOSTILE, 'dev-02') })]);
    expect(d.fixed.map((f) => [f.item, f.account, f.resource])).toEqual([
      ['1.4', STAGING, user(STAGING, 'dev-03')],
      ['1.17', MGMT, shared],
    ]);
    expect(d.stillFailing.filter((f) => f.item === '1.17').map((f) => f.account)).toEqual([STAGING]);
    expect(d.itemChanges.filter((c) => c.item === '1.17')).toEqual([
      { item: '1.17', title: expect.any(String), severity: 'high', account: MGMT, from: 'not-met', to: 'met' },
    ]);
  });

  it('item changes per account and for the estate', () => {
    const after = editReport(before, { '1.4': (fs) => fs.map((f) => ({ ...f, status: f.account === BROKEN ? f.status : ('met' as const) })) });
    const d = diffReports(before, after);
    expect(d.itemChanges.map((c) => [c.item, c.account, c.from, c.to])).toEqual([
      ['1.4', null, 'not-met', 'error'], // 444 could not be scanned: the estate cannot be met
      ['1.4', HOSTILE, 'not-met', 'met'],
      ['1.4', STAGING, 'not-met', 'met'],
    ]);
    expect(d.fixed).toHaveLength(16);
  });

  it('an account that could not be scanned this time: its old failures could not be told', () => {
    const after = structuredClone(before);
    const staging = after.scan.accounts.find((a) => a.id === STAGING)!;
    Object.assign(staging, { status: 'error', error: 'could not assume the role' });
    const broken = editReport(after, {
      '1.4': (fs) => [...fs.filter((f) => f.account !== STAGING), { status: 'error', resource: `arn:aws:::${STAGING}`, account: STAGING, message: 'could not assume the role', errorKind: 'credentials' }],
    });
    const d = diffReports(before, broken);
    expect(d.couldNotTell).toHaveLength(14);
    expect(new Set(d.couldNotTell.map((f) => f.why))).toEqual(new Set(['account could not be scanned']));
    expect(d.fixed).toEqual([]);
  });

  it('reports of different accounts are compared, and the note says so', () => {
    const fewer = structuredClone(before);
    fewer.scan.accounts = fewer.scan.accounts.filter((a) => a.id !== STAGING);
    for (const r of fewer.results) {
      r.findings = r.findings.filter((f) => f.account !== STAGING);
      r.accounts = r.accounts?.filter((a) => a.id !== STAGING);
    }
    const d = diffReports(before, fewer);
    expect(d.notes[0]).toBe(
      `the reports cover different accounts (only in the old report: ${STAGING}): findings of an account only in the new report are all new; those of an account only in the old one could not be told`,
    );
    expect(d.couldNotTell.filter((f) => f.item === '1.4')).toHaveLength(14);
    expect(new Set(d.couldNotTell.map((f) => f.why))).toEqual(new Set(['account not in the new report']));
    // Every item of the dropped account changes to absent.
    expect(d.itemChanges.filter((c) => c.account === STAGING).every((c) => c.to === null)).toBe(true);
    const back = diffReports(fewer, before);
    expect(back.newFailing.filter((f) => f.account === STAGING).length).toBeGreaterThanOrEqual(14);
  });

  it('files out of order get a note', () => {
    const later = editReport(before, {});
    expect(diffReports(later, before).notes).toContain(
      `the old report (2027-01-15T09:00:00.000Z) is newer than the new one (${before.scan.startedAt}): are the files in the right order (old first)?`,
    );
  });
});

describe('the --fail-on-new gate', () => {
  const before = estateReport();
  const newIn = (item: string, account: string, extra: Partial<Finding> = {}) =>
    editReport(before, { [item]: (fs) => [...fs, { status: 'not-met', resource: `arn:aws:test:::new-${item}`, account, message: 'new', ...extra }] });

  it('counts new failing findings of items at or above --fail-on', () => {
    const d = diffReports(before, newIn('1.4', SANDBOX)); // 1.4 is critical
    expect(gatingNew(d, 'critical').map((f) => f.item)).toEqual(['1.4']);
    expect(gatingNew(d, 'none')).toEqual([]);
    const high = diffReports(before, newIn('1.17', SANDBOX)); // 1.17 is high
    expect(gatingNew(high, 'critical')).toEqual([]);
    expect(gatingNew(high, 'high').map((f) => f.item)).toEqual(['1.17']);
  });

  it('a suppressed new finding is listed, marked, and never gates', () => {
    const suppressed = { reason: 'break-glass user, ticket SEC-12', owner: 'sec@acme.example', expires: '2027-06-30', rule: 0 };
    const d = diffReports(before, newIn('1.4', SANDBOX, { suppressed } as Partial<Finding>));
    expect(d.newFailing).toHaveLength(1);
    expect(d.newFailing[0].suppressed).toEqual({ reason: 'break-glass user, ticket SEC-12', owner: 'sec@acme.example', expires: '2027-06-30' });
    expect(d.summary.newSuppressed).toBe(1);
    expect(gatingNew(d, 'info')).toEqual([]);
    // Any truthy mark counts (the field is read defensively).
    expect(gatingNew(diffReports(before, newIn('1.4', SANDBOX, { suppressed: true } as unknown as Partial<Finding>)), 'info')).toEqual([]);
  });

  it('a fixed finding that the new report still has, suppressed, is listed with the new mark', () => {
    const d = diffReports(before, editReport(before, { '1.4': (fs) => fs.map((f) => (f.account === STAGING && f.resource.endsWith('dev-00') ? { ...f, status: 'met', suppressed: { reason: 'r' } } as Finding : f)) }));
    expect(d.fixed.map((f) => [f.resource, f.suppressed])).toEqual([[user(STAGING, 'dev-00'), { reason: 'r' }]]);
  });

  it('a new failure in an account does not gate when the estate meets the item by its own rule (3.3)', () => {
    const d = diffReports(before, newIn('3.3', SANDBOX));
    expect(d.newFailing.map((f) => [f.item, f.itemStatus])).toEqual([['3.3', 'met']]);
    expect(gatingNew(d, 'info')).toEqual([]);
  });
});

describe('scale', () => {
  it('10,000 findings: diffed in well under a few seconds, exact counts', () => {
    const big = (offset: number): Report =>
      editReport(sampleReport(), {
        '1.4': () => Array.from({ length: 10_000 }, (_, n) => ({ status: 'not-met' as const, resource: user(ACCOUNT, `u${n + offset}`), account: ACCOUNT, message: `u${n + offset} has no MFA` })),
      });
    const start = performance.now();
    const d: Diff = diffReports(big(0), big(4_000));
    expect(performance.now() - start).toBeLessThan(3000);
    expect(d.summary).toMatchObject({ new: 4_000, fixed: 4_000, stillFailing: 6_000 + 1, couldNotTell: 0 });
    expect(d.newFailing[0].resource).toBe(user(ACCOUNT, 'u10000'));
  });
});

describe('the report\'s baseline block', () => {
  const before = sampleReport();
  const after = editReport(before, { '1.4': (fs) => [...fs, { status: 'not-met', resource: user(ACCOUNT, 'dev-99'), account: ACCOUNT, message: 'new' }] });
  const block = baselineBlock(diffReports(before, after), 'last.json');

  it('holds the baseline\'s file, time, accounts, counts and the new findings\' keys', () => {
    expect(block).toEqual({
      file: 'last.json',
      startedAt: before.scan.startedAt,
      accounts: [ACCOUNT],
      counts: { new: 1, fixed: 0, stillFailing: 15, couldNotTell: 0, itemChanges: 0 },
      new: [`${ACCOUNT}|1.4||${user(ACCOUNT, 'dev-99')}`],
    });
    expect(baselineProblem({ ...after, baseline: block })).toBeUndefined();
  });

  it('an edited block is refused', () => {
    expect(baselineProblem({ ...after, baseline: { ...block, new: [`${ACCOUNT}|1.4||${user(ACCOUNT, 'dev-00')}x`] } })).toBe(
      `baseline.new[0] (${ACCOUNT}|1.4||${user(ACCOUNT, 'dev-00')}x) is not a not-met finding of this report`,
    );
    expect(baselineProblem({ ...after, baseline: { ...block, counts: { ...block.counts, new: 3 } } })).toBe('baseline.counts.new is 3, but baseline.new lists 1 findings');
    expect(baselineProblem({ ...after, baseline: { ...block, counts: { ...block.counts, new: 2 }, new: [block.new[0], block.new[0]] } })).toMatch(/lists .* twice$/);
  });
});
