// Estate snapshots and estate scans, replayed: the loader's three layouts and its refusals, a scan of two
// accounts (results per account, findings per account, the estate roll-up), --accounts / --shard, a
// recording of several accounts replayed to the same report, and `merge` of shard reports equal to the
// unsharded report.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEstateSnapshot } from '../../src/aws/estate-snapshot.js';
import { UserError } from '../../src/errors.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { DEFAULT_THRESHOLDS } from '../../src/config/thresholds.js';
import { mergeReports } from '../../src/merge.js';
import type { Report } from '../../src/model.js';
import { readReportFile } from '../../src/reporters/json.js';
import { scan, type ScanOptions } from '../../src/scan.js';
import { userError } from '../support/user-error.js';

const expectUserError = (fn: () => unknown, message: RegExp) => expect(userError(fn).message).toMatch(message);

const A = '210987654321'; // fixtures/demo
const B = '123456789012'; // the same account's answers, under another id

const root = mkdtempSync(join(tmpdir(), 'cmt-audit-estate-'));
/** fixtures/demo twice, as an estate directory: a/ (210987654321) and b/ (123456789012). */
function estateDir(name = 'est'): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'b'), { recursive: true });
  cpSync('fixtures/demo', join(dir, 'a'), { recursive: true, filter: (src) => !src.endsWith('.yaml') });
  for (const f of readdirSync('fixtures/demo').filter((x) => x.endsWith('.json'))) {
    writeFileSync(join(dir, 'b', f), readFileSync(join('fixtures/demo', f), 'utf8').replaceAll(A, B));
  }
  return dir;
}
const EST = estateDir();
const base: ScanOptions = { deploymentModel: 'multi-tenant-saas', concurrency: 8, thresholds: DEFAULT_THRESHOLDS, snapshot: EST };
const normal = (r: Report) => {
  const c = structuredClone(r);
  delete (c.scan as Partial<Report['scan']>).startedAt;
  delete (c.scan as Partial<Report['scan']>).finishedAt;
  delete (c.scan as Partial<Report['scan']>).stats;
  delete c.scan.shard;
  for (const x of c.results) x.durationMs = 0;
  return c;
};

describe('loadEstateSnapshot', () => {
  it('an estate directory: one account per subdirectory, sorted by id, named by its directory', () => {
    const est = loadEstateSnapshot(EST, SERVICES);
    expect(est.accounts.map((a) => [a.id, a.label])).toEqual([
      [B, 'b'],
      [A, 'a'],
    ]);
    expect(est.caller).toBeUndefined();
    expect(est.recordedAt).toBe('2026-11-20T09:30:00.000Z');
  });

  it('a one-account directory or file stays one account', () => {
    expect(loadEstateSnapshot('fixtures/demo', SERVICES).accounts.map((a) => a.id)).toEqual([A]);
  });

  it('refuses an account twice, a directory mixing accounts and files, a v2 file with a wrong id or caller', async () => {
    const twice = estateDir('twice');
    cpSync(join(twice, 'a'), join(twice, 'c'), { recursive: true });
    expectUserError(() => loadEstateSnapshot(twice, SERVICES), new RegExp(`account ${A} is also .*/a; each account may appear once`));
    const mixed = estateDir('mixed');
    writeFileSync(join(mixed, 'stray.json'), '{}');
    expectUserError(() => loadEstateSnapshot(mixed, SERVICES), /mixes account subdirectories \(a, b\) with snapshot files \(stray.json\)/);
    const v2 = join(root, 'v2.json');
    const responses = { 'sts:GetCallerIdentity': { Account: A, Arn: `arn:aws:iam::${A}:user/x` } };
    writeFileSync(v2, JSON.stringify({ format: 'cmt-audit-snapshot', version: 2, accounts: { [B]: { responses } } }));
    expectUserError(() => loadEstateSnapshot(v2, SERVICES), new RegExp(`account ${B}'s sts:GetCallerIdentity says account ${A}`));
    writeFileSync(v2, JSON.stringify({ format: 'cmt-audit-snapshot', version: 2, caller: B, accounts: { [A]: { responses } } }));
    expectUserError(() => loadEstateSnapshot(v2, SERVICES), /"caller" 123456789012 is not one of its accounts/);
    writeFileSync(v2, JSON.stringify({ format: 'cmt-audit-snapshot', version: 2, accounts: { [A]: { responses: { 'ec2:DescribeRegions@us-east-1': { Regions: 'x' } , ...responses } } } }));
    expectUserError(() => loadEstateSnapshot(v2, SERVICES), /v2.json \(account 210987654321\): malformed response "ec2:DescribeRegions@us-east-1"/);
  });
});

describe('an estate scan of two accounts (replayed)', () => {
  it('scans both, in id order; every item has a status per account and one for the estate', async () => {
    const { report } = await scan(base);
    expect(report.schemaVersion).toBe('1.2');
    expect(report.scan.accounts.map((a) => [a.id, a.name, a.status, a.via])).toEqual([
      [B, 'b', 'scanned', 'snapshot b'],
      [A, 'a', 'scanned', 'snapshot a'],
    ]);
    for (const r of report.results) {
      expect(r.accounts?.map((a) => a.id)).toEqual([B, A]);
      // Same answers in both accounts: the same status in each, and the estate's is theirs.
      expect(r.accounts?.[0].status).toBe(r.accounts?.[1].status);
      if (r.status !== 'not-applicable') expect(r.status).toBe(r.accounts?.[0].status);
    }
    const mfa = report.results.find((r) => r.id === '1.2')!;
    expect(mfa.findings.map((f) => [f.account, f.status, f.resource])).toEqual([
      [B, 'met', `arn:aws:iam::${B}:root`],
      [A, 'met', `arn:aws:iam::${A}:root`],
    ]);
    // Facts are kept for merge: the organization could not be read (not in the demo's recording), said so.
    expect(report.scan.accounts[0].facts?.errors?.organization).toMatch(/not in the snapshot|organizations:DescribeOrganization/);
  });

  it('--accounts keeps the named ones; an id not in the snapshot is a usage error', async () => {
    const { report } = await scan({ ...base, accountFilters: { accounts: [A] } });
    expect(report.scan.accounts.map((a) => a.id)).toEqual([A]);
    await expect(scan({ ...base, accountFilters: { excludeAccounts: ['999999999999'] } })).rejects.toThrow(
      /--accounts \/ --exclude-accounts: not in snapshot .*: 999999999999/,
    );
  });

  it('--shard K/N: the accounts sorted by id, the i-th to shard (i mod N) + 1; merged, the shards equal the whole', async () => {
    const whole = (await scan(base)).report;
    const one = (await scan({ ...base, shard: { index: 1, count: 2 } })).report;
    const two = (await scan({ ...base, shard: { index: 2, count: 2 } })).report;
    expect([one.scan.accounts.map((a) => a.id), two.scan.accounts.map((a) => a.id)]).toEqual([[B], [A]]);
    expect(one.scan.shard).toEqual({ index: 1, count: 2, of: [B, A], keys: [B] });
    const merged = mergeReports([
      { name: 'two.json', report: two },
      { name: 'one.json', report: one },
    ]);
    expect(normal(merged)).toEqual(normal(whole));
    expect(merged.scan.shard).toBeUndefined();
  });

  it('merge refuses shards cut from different selections (other filters, an account that joined between runs)', async () => {
    const one = (await scan({ ...base, shard: { index: 1, count: 2 }, accountFilters: { accounts: [B] } })).report;
    const two = (await scan({ ...base, shard: { index: 2, count: 2 } })).report;
    expectUserError(() => mergeReports([{ name: 'one', report: one }, { name: 'two', report: two }]), /two and one differ in accounts selected/);
    const forged = { ...two, scan: { ...two.scan, shard: { ...two.scan.shard!, keys: [] } } };
    const fine = (await scan({ ...base, shard: { index: 1, count: 2 } })).report;
    expectUserError(() => mergeReports([{ name: 'one', report: fine }, { name: 'two', report: forged }]), /the shards do not cover account 210987654321 of their selection/);
  });

  it('merge refuses shards of different scans, a shard twice, a missing shard, an account twice', async () => {
    const one = (await scan({ ...base, shard: { index: 1, count: 2 } })).report;
    const two = (await scan({ ...base, shard: { index: 2, count: 2 } })).report;
    expectUserError(() => mergeReports([{ name: 'x', report: one }]), /merge: shard 2 of 2 missing/);
    expectUserError(() => mergeReports([{ name: 'x', report: one }, { name: 'y', report: one }]), /merge: shard 1 is given twice/);
    const other = { ...two, scan: { ...two.scan, deploymentModel: 'single-tenant-saas' as const } };
    expectUserError(() => mergeReports([{ name: 'x', report: one }, { name: 'y', report: other }]), /y and x differ in deployment model/);
    const whole = (await scan(base)).report;
    expectUserError(() => mergeReports([{ name: 'x', report: whole }, { name: 'y', report: whole }]), /account 123456789012 is in both x and y/);
  });

  it('--record writes one version-2 snapshot of every account, and replaying it gives the same report', async () => {
    // A replay records what it replays, so the round trip can be tested offline.
    const { report, recorded } = await scan({ ...base, record: true });
    expect(recorded && 'accounts' in recorded && Object.keys(recorded.accounts)).toEqual([B, A]);
    const file = join(root, 'recorded.json');
    writeFileSync(file, JSON.stringify(recorded));
    const again = (await scan({ ...base, snapshot: file })).report;
    expect(normal({ ...again, scan: { ...again.scan, snapshot: EST, accounts: again.scan.accounts.map((a) => ({ ...a, name: a.id === A ? 'a' : 'b', via: `snapshot ${a.id === A ? 'a' : 'b'}` })) } })).toEqual(normal(report));
  });

  it('the JSON report is read back by `report` (per-account statuses checked), and an edited account status is refused', async () => {
    const { report } = await scan(base);
    const file = join(root, 'estate.json');
    writeFileSync(file, JSON.stringify(report));
    expect((await readReportFile(file)).results.map((r) => r.status)).toEqual(report.results.map((r) => r.status));
    const edited = structuredClone(report);
    const i = edited.results.findIndex((r) => r.id === '1.4');
    expect(edited.results[i].accounts![1].status).toBe('not-met');
    edited.results[i].accounts![1].status = 'met';
    writeFileSync(file, JSON.stringify(edited));
    await expect(readReportFile(file)).rejects.toThrow(`results[${i}] (item 1.4) says account ${A} is met, but that account's findings make it not-met`);
  });
});

describe('fixtures/demo-org: a recording of part of the organization replays with the same filters', () => {
  const org: ScanOptions = { ...base, snapshot: 'fixtures/demo-org' };
  const labels: Record<string, string> = { '111111111111': 'management', '222222222222': 'log-archive', '444444444444': 'workload-a', '555555555555': 'workload-b' };
  it.each<[string, Partial<ScanOptions>, string[]]>([
    ['--shard 2/3', { shard: { index: 2, count: 3 } }, ['222222222222', '555555555555']],
    ['--accounts 222222222222,444444444444', { accountFilters: { accounts: ['222222222222', '444444444444'] } }, ['222222222222', '444444444444']],
    // A share of one account, the caller's own (found by the second review: replayed as one account, without the
    // organization, it differed) and an empty share.
    ['--shard 1/5', { shard: { index: 1, count: 5 } }, ['111111111111']],
    ['--accounts 111111111111', { accountFilters: { accounts: ['111111111111'] } }, ['111111111111']],
    ['--shard 7/7', { shard: { index: 7, count: 7 } }, []],
  ])('%s: the caller is recorded with who it is and the listing; the replay gives the same report', async (_flag, filters, scanned) => {
    const { report, recorded } = await scan({ ...org, ...filters, record: true });
    expect(report.scan.accounts.map((a) => a.id)).toEqual(scanned);
    if (!recorded || !('accounts' in recorded)) throw new Error('expected a version-2 recording');
    expect(recorded.caller).toBe('111111111111');
    expect(Object.keys(recorded.accounts)).toEqual([...new Set(['111111111111', ...scanned])]);
    if (!scanned.includes('111111111111')) {
      expect(Object.keys(recorded.accounts['111111111111'].responses).sort()).toEqual(['organizations:DescribeOrganization', 'organizations:ListAccounts', 'sts:GetCallerIdentity']);
    }
    expect(report.scan.organization?.id).toBe('o-demo12345');
    const file = join(root, `recorded-part-${scanned.join('-')}.json`);
    writeFileSync(file, JSON.stringify(recorded));
    const again = (await scan({ ...org, ...filters, snapshot: file })).report;
    expect(again.errors).toEqual(report.errors);
    // A version-2 file names its accounts by id; the directory, by its subdirectories.
    const renamed = { ...again.scan, snapshot: 'fixtures/demo-org', accounts: again.scan.accounts.map((a) => ({ ...a, via: `snapshot ${labels[a.id]}` })) };
    expect(normal({ ...again, scan: renamed })).toEqual(normal(report));
    expect(again.scan.shard).toEqual(report.scan.shard);
    expect(again.scan.stats).toEqual(report.scan.stats);
  });
});

describe('fixtures/demo-org with an account directory the organization does not list', () => {
  it('is refused, naming the directory and its account (it would be left out without a word)', async () => {
    const dir = join(root, 'org-plus-stray');
    cpSync('fixtures/demo-org', dir, { recursive: true, filter: (src) => !src.endsWith('.yaml') });
    cpSync('fixtures/demo', join(dir, 'other'), { recursive: true, filter: (src) => !src.endsWith('.yaml') });
    const err = await scan({ ...base, snapshot: dir }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect([(err as UserError).exitCode, (err as UserError).message]).toEqual([
      2,
      `snapshot ${dir}: other (account 210987654321) is not an account of organization o-demo12345, whose listing the snapshot holds`,
    ]);
  });
});

describe('fixtures/demo-org: shards merged equal one unsharded scan', () => {
  const org: ScanOptions = { ...base, snapshot: 'fixtures/demo-org' };
  // 7 shards of 5 accounts: shards 6 and 7 are empty, and merge takes them (their "no account" is no error of the whole).
  it.each([2, 3, 5, 7])('%d shards', async (count) => {
    const whole = (await scan(org)).report;
    const shards = [];
    for (let index = 1; index <= count; index++) shards.push({ name: `shard-${index}.json`, report: (await scan({ ...org, shard: { index, count } })).report });
    // Every account in exactly one shard.
    expect(shards.flatMap((s) => s.report.scan.accounts.map((a) => a.id)).sort()).toEqual(whole.scan.accounts.map((a) => a.id));
    const merged = mergeReports(shards.reverse());
    expect(normal(merged)).toEqual(normal(whole));
    // The empty shards (6 and 7 of 7) may be left out: their share of the selection is empty.
    const nonEmpty = shards.filter((s) => s.report.scan.accounts.length > 0);
    expect(nonEmpty).toHaveLength(Math.min(count, 5));
    expect(normal(mergeReports(nonEmpty))).toEqual(normal(whole));
    // The items judged across accounts really were judged again: a shard alone cannot see the org trail's bucket owner.
    const alone = shards.find((s) => s.report.scan.accounts.some((a) => a.id === '444444444444'))!.report;
    if (!alone.scan.accounts.some((a) => a.id === '222222222222')) {
      expect(alone.results.find((r) => r.id === '1.15')!.accounts!.find((a) => a.id === '444444444444')!.status).toBe('manual');
      expect(merged.results.find((r) => r.id === '1.15')!.accounts!.find((a) => a.id === '444444444444')!.status).toBe('met');
    }
  });
});
