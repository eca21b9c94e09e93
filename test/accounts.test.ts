// src/accounts.ts without AWS: --shard parsing, the share each shard scans, the role session every client of
// an account shares (one AssumeRole per session, renewed 5 minutes before it ends, a failure never kept), and the
// organization listing read from recorded answers (listOrganization).
// The same against the fake AWS (real SDK): test/cli/org-scan.e2e.test.ts.
import { describe, expect, it } from 'vitest';
import { listOrganization, parseShard, shareOf, sharedSession, type Credentials, type OrgFilters } from '../src/accounts.js';
import { Fetcher } from '../src/aws/fetcher.js';
import { createAwsData } from '../src/aws/index.js';
import { SERVICES } from '../src/aws/services/index.js';
import { SNAPSHOT_FORMAT } from '../src/aws/snapshot.js';
import { CredentialsError, EXIT, UserError } from '../src/errors.js';
import { userError } from './support/user-error.js';

describe('parseShard', () => {
  it('K/N: shard K (from 1) of N', () => {
    expect(parseShard('1/4', {})).toEqual({ index: 1, count: 4 });
    expect(parseShard('4/4', {})).toEqual({ index: 4, count: 4 });
    expect(parseShard('1/1', {})).toEqual({ index: 1, count: 1 });
    expect(parseShard(' 2/3 ', {})).toEqual({ index: 2, count: 3 });
    // The count from the environment is for auto only: K/N says N itself.
    expect(parseShard('2/3', { CMT_AUDIT_SHARD_COUNT: '7', JOB_COMPLETION_INDEX: '5' })).toEqual({ index: 2, count: 3 });
  });

  it('auto: K from a Kubernetes Indexed Job or an AWS Batch array job (both from 0), N from /N or CMT_AUDIT_SHARD_COUNT', () => {
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 4 });
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 4, count: 4 });
    expect(parseShard('auto/3', { AWS_BATCH_JOB_ARRAY_INDEX: '1' })).toEqual({ index: 2, count: 3 });
    expect(parseShard('auto', { JOB_COMPLETION_INDEX: '2', CMT_AUDIT_SHARD_COUNT: '5' })).toEqual({ index: 3, count: 5 });
    expect(parseShard('auto', { AWS_BATCH_JOB_ARRAY_INDEX: '0', CMT_AUDIT_SHARD_COUNT: '2' })).toEqual({ index: 1, count: 2 });
    // /N wins over the variable; the Kubernetes index over the Batch one.
    expect(parseShard('auto/6', { JOB_COMPLETION_INDEX: '1', CMT_AUDIT_SHARD_COUNT: '2' })).toEqual({ index: 2, count: 6 });
    expect(parseShard('auto/6', { JOB_COMPLETION_INDEX: '1', AWS_BATCH_JOB_ARRAY_INDEX: '4' })).toEqual({ index: 2, count: 6 });
  });

  it.each([
    ['', {}, '--shard must be K/N (e.g. 2/4), auto or auto/N, got ""'],
    ['2', {}, '--shard must be K/N (e.g. 2/4), auto or auto/N, got "2"'],
    ['2', { CMT_AUDIT_SHARD_COUNT: '4' }, '--shard must be K/N (e.g. 2/4), auto or auto/N, got "2"'],
    ['1/', {}, '--shard must be K/N (e.g. 2/4), auto or auto/N, got "1/"'],
    ['/4', {}, '--shard must be K/N (e.g. 2/4), auto or auto/N, got "/4"'],
    ['1-4', {}, '--shard must be K/N (e.g. 2/4), auto or auto/N, got "1-4"'],
    ['-1/4', {}, '--shard must be K/N (e.g. 2/4), auto or auto/N, got "-1/4"'],
    ['1.5/4', {}, '--shard must be K/N (e.g. 2/4), auto or auto/N, got "1.5/4"'],
    ['1/4/2', {}, '--shard must be K/N (e.g. 2/4), auto or auto/N, got "1/4/2"'],
    ['AUTO/4', {}, '--shard must be K/N (e.g. 2/4), auto or auto/N, got "AUTO/4"'],
    ['auto/x', {}, '--shard must be K/N (e.g. 2/4), auto or auto/N, got "auto/x"'],
    ['0/4', {}, '--shard 0/4: shard 0 of 4 does not exist (K from 1 to N)'],
    ['5/4', {}, '--shard 5/4: shard 5 of 4 does not exist (K from 1 to N)'],
    ['1/0', {}, '--shard 1/0: shard 1 of 0 does not exist (K from 1 to N)'],
    ['auto/4', {}, '--shard auto: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job) is set'],
    ['auto/4', { JOB_COMPLETION_INDEX: '4' }, '--shard auto/4: shard 5 of 4 does not exist (K from 1 to N)'],
    ['auto/4', { JOB_COMPLETION_INDEX: '-1' }, '--shard auto: JOB_COMPLETION_INDEX must be a whole number, got "-1"'],
    ['auto/4', { JOB_COMPLETION_INDEX: '' }, '--shard auto: JOB_COMPLETION_INDEX must be a whole number, got ""'],
    ['auto/4', { AWS_BATCH_JOB_ARRAY_INDEX: 'one' }, '--shard auto: AWS_BATCH_JOB_ARRAY_INDEX must be a whole number, got "one"'],
    ['auto', { JOB_COMPLETION_INDEX: '0' }, '--shard auto: give the number of shards as --shard auto/N or CMT_AUDIT_SHARD_COUNT'],
    ['auto', { JOB_COMPLETION_INDEX: '0', CMT_AUDIT_SHARD_COUNT: 'four' }, '--shard: the number of shards must be a whole number, got "four"'],
    ['auto', { JOB_COMPLETION_INDEX: '0', CMT_AUDIT_SHARD_COUNT: '0' }, '--shard auto: shard 1 of 0 does not exist (K from 1 to N)'],
  ] as [string, Record<string, string>, string][])('%j with %j: %s (exit 2)', (value, env, message) => {
    const err = userError(() => parseShard(value, env));
    expect(err.message).toBe(message);
    expect(err.exitCode).toBe(EXIT.usage);
  });

  it('auto with no index names what to pass instead', () => {
    expect(userError(() => parseShard('auto/2', {})).hint).toBe('pass --shard K/N');
  });
});

describe('shareOf', () => {
  const ids = ['111', '222', '333', '444', '555', '666', '777'];

  it('the i-th (from 0) goes to shard (i mod N) + 1', () => {
    expect(shareOf(ids, { index: 1, count: 3 })).toEqual(['111', '444', '777']);
    expect(shareOf(ids, { index: 2, count: 3 })).toEqual(['222', '555']);
    expect(shareOf(ids, { index: 3, count: 3 })).toEqual(['333', '666']);
    expect(shareOf(ids, { index: 1, count: 1 })).toEqual(ids);
    // More shards than accounts: the last ones scan nothing.
    expect(shareOf(['111', '222'], { index: 3, count: 3 })).toEqual([]);
    expect(shareOf([], { index: 1, count: 2 })).toEqual([]);
  });

  it('no shard: a copy of everything', () => {
    const all = shareOf(ids, undefined);
    expect(all).toEqual(ids);
    expect(all).not.toBe(ids);
  });

  it('every shard count: the shards cover every account exactly once, and differ in size by at most one', () => {
    for (let count = 1; count <= 9; count++) {
      const shares = Array.from({ length: count }, (_, k) => shareOf(ids, { index: k + 1, count }));
      expect(shares.flat().sort()).toEqual(ids);
      const sizes = shares.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
});

describe('sharedSession', () => {
  const ROLE = 'arn:aws:iam::222222222222:role/CmtAuditReadOnly';
  const MINUTE = 60_000;
  const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

  /** Lets a renewal asked for in the background finish. */
  const settle = () => new Promise<void>((r) => setImmediate(r));

  /** A fake AssumeRole: each call hands out a new session ending `minutes` after the clock, or fails. */
  function fakeSts(clock: { now: number }, minutes = 60) {
    const calls: number[] = [];
    let fail: unknown;
    let release: (() => void) | undefined;
    let gate: Promise<void> | undefined;
    const get = async (): Promise<Credentials> => {
      calls.push(clock.now);
      const n = calls.length;
      if (gate) await gate;
      if (fail) throw fail;
      return { accessKeyId: `ASIA${n}`, secretAccessKey: `secret${n}`, sessionToken: `token${n}`, expiration: new Date(clock.now + minutes * MINUTE) };
    };
    return {
      get,
      calls,
      failWith: (err: unknown) => void (fail = err),
      /** Calls wait until released (so callers overlap). */
      hold: () => void (gate = new Promise<void>((r) => (release = r))),
      release: () => {
        gate = undefined;
        release?.();
      },
    };
  }

  it('concurrent callers share one AssumeRole; the session is reused while more than 5 minutes are left', async () => {
    const clock = { now: T0 };
    const sts = fakeSts(clock);
    const session = sharedSession(ROLE, sts.get, () => clock.now);
    const first = await Promise.all([session(), session(), session()]);
    expect(sts.calls).toHaveLength(1);
    expect(first.map((c) => c.accessKeyId)).toEqual(['ASIA1', 'ASIA1', 'ASIA1']);
    clock.now = T0 + 54 * MINUTE; // 6 minutes left
    expect((await session()).accessKeyId).toBe('ASIA1');
    clock.now = T0 + 55 * MINUTE - 1; // 5 minutes and 1 ms left
    expect((await session()).accessKeyId).toBe('ASIA1');
    expect(sts.calls).toHaveLength(1);
  });

  it('renewed once within 5 minutes of its end, in the background: the callers of that moment do not wait', async () => {
    const clock = { now: T0 };
    const sts = fakeSts(clock);
    const session = sharedSession(ROLE, sts.get, () => clock.now);
    expect((await session()).accessKeyId).toBe('ASIA1');
    clock.now = T0 + 55 * MINUTE; // exactly 5 minutes left
    const during = await Promise.all([session(), session(), session(), session()]);
    expect(during.map((c) => c.accessKeyId)).toEqual(['ASIA1', 'ASIA1', 'ASIA1', 'ASIA1']);
    await settle();
    expect(sts.calls).toEqual([T0, T0 + 55 * MINUTE]);
    expect((await session()).accessKeyId).toBe('ASIA2');
    // The renewed session lasts an hour from its renewal.
    clock.now = T0 + 100 * MINUTE;
    expect((await session()).accessKeyId).toBe('ASIA2');
    clock.now = T0 + 110 * MINUTE;
    expect((await session()).accessKeyId).toBe('ASIA2');
    await settle();
    expect((await session()).accessKeyId).toBe('ASIA3');
    expect(sts.calls).toHaveLength(3);
  });

  it('a renewal that hangs stalls nothing while the session has more than a minute left; then the callers wait for it', async () => {
    const clock = { now: T0 };
    const sts = fakeSts(clock);
    const session = sharedSession(ROLE, sts.get, () => clock.now);
    await session();
    sts.hold();
    clock.now = T0 + 56 * MINUTE;
    expect((await session()).accessKeyId).toBe('ASIA1');
    clock.now = T0 + 58 * MINUTE; // still on its way: not asked again
    expect((await session()).accessKeyId).toBe('ASIA1');
    expect(sts.calls).toEqual([T0, T0 + 56 * MINUTE]);
    clock.now = T0 + 59 * MINUTE + 1; // less than a minute left: wait for the renewal
    let got: string | undefined;
    const waiting = session().then((c) => (got = c.accessKeyId));
    await settle();
    expect(got).toBeUndefined();
    sts.release();
    await waiting;
    expect(got).toBe('ASIA2');
    expect(sts.calls).toHaveLength(2);
  });

  it('a session shorter than the refresh window is renewed in the background at each call, and the new one used', async () => {
    const clock = { now: T0 };
    const sts = fakeSts(clock, 4);
    const session = sharedSession(ROLE, sts.get, () => clock.now);
    expect((await session()).accessKeyId).toBe('ASIA1');
    expect((await session()).accessKeyId).toBe('ASIA1');
    await settle();
    expect((await session()).accessKeyId).toBe('ASIA2');
    // Its last minute: never used then; the callers wait for the renewal.
    clock.now = T0 + 4 * MINUTE;
    const last = await session();
    expect(last.expiration!.getTime() - clock.now).toBeGreaterThan(60_000);
  });

  it('a renewal that fails while the session has more than a minute left keeps the session, is asked again 30 s later, and fails only near its end', async () => {
    const clock = { now: T0 };
    const sts = fakeSts(clock);
    const session = sharedSession(ROLE, sts.get, () => clock.now);
    expect((await session()).accessKeyId).toBe('ASIA1'); // ends at T0 + 60 minutes
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
    sts.failWith(throttled);
    clock.now = T0 + 55 * MINUTE; // renewal due, and it fails: the session still serves
    expect((await Promise.all([session(), session()])).map((c) => c.accessKeyId)).toEqual(['ASIA1', 'ASIA1']);
    await settle();
    clock.now = T0 + 55 * MINUTE + 29_999; // not asked again within 30 s
    expect((await session()).accessKeyId).toBe('ASIA1');
    expect(sts.calls).toEqual([T0, T0 + 55 * MINUTE]);
    clock.now = T0 + 55 * MINUTE + 30_000; // asked again, fails again: still ASIA1
    expect((await session()).accessKeyId).toBe('ASIA1');
    await settle();
    expect(sts.calls).toHaveLength(3);
    sts.failWith(undefined);
    clock.now = T0 + 56 * MINUTE; // STS answers again: a new session
    expect((await session()).accessKeyId).toBe('ASIA1');
    await settle();
    expect((await session()).accessKeyId).toBe('ASIA4');
    // The new one ends at T0 + 116 minutes. Its renewal fails too, and a minute before its end the failure is
    // the callers': a request must not be signed with credentials about to end.
    sts.failWith(throttled);
    clock.now = T0 + 111 * MINUTE;
    expect((await session()).accessKeyId).toBe('ASIA4');
    await settle();
    clock.now = T0 + 115 * MINUTE; // exactly a minute left
    const err = await session().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as CredentialsError).message).toBe(`cannot assume role ${ROLE}: Throttling: Rate exceeded`);
    expect(sts.calls).toEqual([T0, T0 + 55 * MINUTE, T0 + 55 * MINUTE + 30_000, T0 + 56 * MINUTE, T0 + 111 * MINUTE, T0 + 115 * MINUTE]);
  });

  it('credentials without an expiration are kept', async () => {
    const clock = { now: T0 };
    let calls = 0;
    const session = sharedSession(
      ROLE,
      async () => ({ accessKeyId: `AKIA${++calls}`, secretAccessKey: 's' }),
      () => clock.now,
    );
    await session();
    clock.now = T0 + 1000 * MINUTE;
    expect((await session()).accessKeyId).toBe('AKIA1');
    expect(calls).toBe(1);
  });

  it('a refusal names the role and AWS\'s reason, is shared by the callers waiting for it, and is not kept: the next call asks again', async () => {
    const clock = { now: T0 };
    const sts = fakeSts(clock);
    const session = sharedSession(ROLE, sts.get, () => clock.now);
    const denied = Object.assign(new Error(`User: arn:aws:iam::111111111111:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`), {
      name: 'AccessDenied',
    });
    sts.failWith(denied);
    sts.hold();
    const waiting = [session(), session(), session()].map((p) => p.then(() => undefined, (err: unknown) => err));
    sts.release();
    const errors = await Promise.all(waiting);
    expect(sts.calls).toHaveLength(1);
    for (const err of errors) {
      expect(err).toBeInstanceOf(CredentialsError);
      expect((err as CredentialsError).message).toBe(
        `cannot assume role ${ROLE}: AccessDenied: User: arn:aws:iam::111111111111:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
      );
      expect((err as CredentialsError).hint).toBe('the role must exist in that account and trust the scanning principal: see docs/organizations.md');
      expect((err as CredentialsError).exitCode).toBe(EXIT.noCredentials);
    }
    sts.failWith(undefined);
    expect((await session()).accessKeyId).toBe('ASIA2');
    expect(sts.calls).toHaveLength(2);
  });

  it('a renewal that fails in the session\'s last minute is the callers\' failure, and is not kept either', async () => {
    const clock = { now: T0 };
    const sts = fakeSts(clock);
    const session = sharedSession(ROLE, sts.get, () => clock.now);
    await session();
    clock.now = T0 + 59 * MINUTE + 30_000; // 30 s left
    sts.failWith(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    await expect(session()).rejects.toThrow(`cannot assume role ${ROLE}: Throttling: Rate exceeded`);
    sts.failWith(undefined);
    expect((await session()).accessKeyId).toBe('ASIA3');
  });

  it('the hint names --external-id when AWS\'s reason is about it; only the first line of a long reason is kept', async () => {
    const failing = (err: unknown) => sharedSession(ROLE, () => Promise.reject(err), () => T0)();
    const external = (await failing(Object.assign(new Error('invalid ExternalId'), { name: 'AccessDenied' })).catch((e: unknown) => e)) as CredentialsError;
    expect(external.hint).toBe('the role must exist in that account and trust the scanning principal (with the same --external-id): see docs/organizations.md');
    const long = (await failing(Object.assign(new Error(`${'x'.repeat(400)}\nsecond line`), { name: 'InternalError' })).catch((e: unknown) => e)) as CredentialsError;
    expect(long.message).toBe(`cannot assume role ${ROLE}: InternalError: ${'x'.repeat(300)}`);
    expect(long.hint).toBeUndefined();
    // A credentials failure of the source itself is passed on as it is.
    const source = new CredentialsError('AWS credentials were rejected or are missing: ExpiredToken: expired', 'run `aws sso login`');
    expect(await failing(source).catch((e: unknown) => e)).toBe(source);
  });
});

describe('listOrganization (replayed answers)', () => {
  const ORG = 'o-unit12345';
  const acct = (Id: string, Name: string, Status = 'ACTIVE') => ({ Id, Name, Status, Arn: `arn:aws:organizations::111111111111:account/${ORG}/${Id}` });
  const LISTING = {
    'organizations:DescribeOrganization': { Organization: { Id: ORG, MasterAccountId: '111111111111', Arn: `arn:aws:organizations::111111111111:organization/${ORG}` } },
    'organizations:ListAccounts': { Accounts: [acct('333333333333', 'workload'), acct('111111111111', 'management'), acct('222222222222', 'old', 'SUSPENDED')] },
  };
  const TREE = {
    'organizations:ListRoots': { Roots: [{ Id: 'r-unit' }] },
    'organizations:ListOrganizationalUnitsForParent {"ParentId":"r-unit"}': { OrganizationalUnits: [{ Id: 'ou-unit-aaaaaaaa', Name: 'Workloads' }] },
    'organizations:ListOrganizationalUnitsForParent {"ParentId":"ou-unit-aaaaaaaa"}': { OrganizationalUnits: [] },
    'organizations:ListAccountsForParent {"ParentId":"r-unit"}': { Accounts: [acct('111111111111', 'management'), acct('222222222222', 'old', 'SUSPENDED')] },
    'organizations:ListAccountsForParent {"ParentId":"ou-unit-aaaaaaaa"}': { Accounts: [acct('333333333333', 'workload')] },
  };
  const list = (responses: Record<string, unknown>, filters: OrgFilters = {}) =>
    listOrganization(createAwsData(new Fetcher({ services: SERVICES, homeRegion: 'us-east-1', snapshot: { format: SNAPSHOT_FORMAT, version: 1, responses } })), filters);
  const refusal = async (run: Promise<unknown>): Promise<UserError> => {
    const err = await run.then(() => undefined, (e: unknown) => e);
    if (err instanceof UserError) return err;
    throw new Error(`expected a UserError, got ${String(err)}`);
  };

  it('an account ListAccounts repeats (same id twice) is listed and selected once, as first listed', async () => {
    const repeated = { ...LISTING, 'organizations:ListAccounts': { Accounts: [...LISTING['organizations:ListAccounts'].Accounts, acct('333333333333', 'workload-again')] } };
    const { organization, selected } = await list(repeated);
    expect(organization.accounts).toEqual([
      { id: '111111111111', name: 'management', status: 'ACTIVE' },
      { id: '222222222222', name: 'old', status: 'SUSPENDED' },
      { id: '333333333333', name: 'workload', status: 'ACTIVE' },
    ]);
    expect(selected).toEqual([
      { id: '111111111111', name: 'management' },
      { id: '333333333333', name: 'workload' },
    ]);
  });

  it.each([
    [{ accounts: ['333333333333'], excludeAccounts: ['333333333333'] }, `--accounts and --exclude-accounts leave no ACTIVE account of organization ${ORG} to scan`],
    [{ excludeAccounts: ['111111111111', '333333333333'] }, `--exclude-accounts leaves no ACTIVE account of organization ${ORG} to scan`],
    [{ excludeOus: ['r-unit'] }, `--exclude-ous leaves no ACTIVE account of organization ${ORG} to scan`],
    [{ accounts: ['111111111111'], ous: ['ou-unit-aaaaaaaa'] }, `--accounts and --ous leave no ACTIVE account of organization ${ORG} to scan`],
    [{ accounts: ['333333333333'], ous: ['r-unit'], excludeOus: ['ou-unit-aaaaaaaa'] }, `--accounts, --ous and --exclude-ous leave no ACTIVE account of organization ${ORG} to scan`],
  ] as [OrgFilters, string][])('%j: filters that leave no account are a usage error naming them (exit 2)', async (filters, message) => {
    const err = await refusal(list({ ...LISTING, ...TREE }, filters));
    expect([err.exitCode, err.message, err.hint]).toEqual([EXIT.usage, message, undefined]);
  });

  it('--accounts naming only a suspended account is no empty selection: it is reported, not refused', async () => {
    const { selected } = await list(LISTING, { accounts: ['222222222222'] });
    expect(selected).toEqual([{ id: '222222222222', name: 'old', notActive: `account 222222222222 is SUSPENDED in organization ${ORG}: not scanned` }]);
  });

  it('--org on a snapshot without the organization listing: exit 2, the snapshot holds none; an AWS refusal recorded in it stays exit 4', async () => {
    const missing = await refusal(list({ 'organizations:DescribeOrganization': LISTING['organizations:DescribeOrganization'] }));
    expect([missing.exitCode, missing.message, missing.hint]).toEqual([
      EXIT.usage,
      'the snapshot holds no organization listing (no organizations:ListAccounts response)',
      'record the snapshot with --org (scan --org --record FILE): the recording then holds the listing',
    ]);
    const none = await refusal(list({}));
    expect(none.message).toBe('the snapshot holds no organization listing (no organizations:DescribeOrganization response)');
    const denied = { $error: { name: 'AccessDeniedException', code: 'AccessDeniedException', message: "You don't have permissions to access this resource.", httpStatusCode: 400 } };
    const refused = await refusal(list({ ...LISTING, 'organizations:ListAccounts': denied }));
    expect([refused.exitCode, refused.message]).toEqual([EXIT.incomplete, "--org: cannot list the organization's accounts: missing permission organizations:ListAccounts"]);
  });

  it('OU filters on a snapshot without the OU tree: exit 2, the snapshot holds no OU tree; an AWS refusal recorded in it stays exit 4', async () => {
    const missing = await refusal(list(LISTING, { ous: ['r-unit'] }));
    expect([missing.exitCode, missing.message, missing.hint]).toEqual([
      EXIT.usage,
      '--ous / --exclude-ous: the snapshot holds no OU tree (no organizations:ListRoots response)',
      'record the snapshot with the OU filters (scan --org --ous … --record FILE): the recording then holds the tree',
    ]);
    const denied = { $error: { name: 'AccessDeniedException', code: 'AccessDeniedException', message: "You don't have permissions to access this resource.", httpStatusCode: 400 } };
    const refused = await refusal(list({ ...LISTING, ...TREE, 'organizations:ListRoots': denied }, { excludeOus: ['r-unit'] }));
    expect([refused.exitCode, refused.message]).toEqual([EXIT.incomplete, "--ous: cannot read the organization's OU tree: missing permission organizations:ListRoots"]);
  });
});
