// The worker pool's contract (src/workers.ts), with small stand-in worker scripts: results come back by
// request, a worker that dies fails its accounts in flight with WorkerFailed (scan.ts then scans them on the
// main thread), aborts reach every worker, and close() returns each worker's hooks result.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { AccountTarget } from '../src/accounts.js';
import type { Fetcher } from '../src/aws/fetcher.js';
import { CredentialsError, UserError } from '../src/errors.js';
import type { ScanStats } from '../src/model.js';
import { deserializeError, serializeError, targetSpec, WorkerFailed, WorkerPool, workerCount, type PoolHandlers } from '../src/workers.js';

const dir = mkdtempSync(join(tmpdir(), 'cmt-audit-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in worker: `behaviour` is the body of its message handler (m: the message, post: postMessage). */
function script(name: string, behaviour: string): URL {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(
    file,
    `import { parentPort, workerData } from 'node:worker_threads';
const post = (m) => parentPort.postMessage(m);
parentPort.on('message', (m) => { ${behaviour} });`,
  );
  return pathToFileURL(file);
}

const handlers = (): Omit<PoolHandlers, 'stats'> & { stats: ScanStats[] & PoolHandlers['stats']; engine: string[]; events: unknown[] } => {
  const engine: string[] = [];
  const events: unknown[] = [];
  // The live statistics the pool adds (the scan's total, here a list of them).
  const stats = Object.assign([] as ScanStats[], { add: (x: ScanStats) => void stats.push(x), done: () => undefined });
  return { stats, engine, events, onEngine: (account) => engine.push(account), onEvent: (e) => events.push(e) };
};

describe('WorkerPool', () => {
  it('answers each run with what its worker sent, spreads accounts over the workers, forwards progress and statistics', async () => {
    const echo = script(
      'echo',
      `if (m.type === 'run') {
         post({ type: 'stats', stats: { apiCalls: 5, uniqueCalls: 4, memoHits: 1, retries: 0, throttled: 0 } });
         post({ type: 'engine', account: m.target.id, event: { type: 'start', total: 1 } });
         post({ type: 'event', event: { type: 'account-done', account: m.target.id } });
         setTimeout(() => post({ type: 'done', seq: m.seq, outcome: { worker: workerData.n, id: m.target.id } }), 20);
       } else if (m.type === 'finish') post({ type: 'finished', result: 'figures ' + workerData.n });`,
    );
    const h = handlers();
    const pool = new WorkerPool(echo, 2, { n: 'w' }, h);
    const done = await Promise.all(['111111111111', '222222222222', '333333333333'].map((id) => pool.run({ via: `role ${id}`, id })));
    expect(done.map((d) => (d.outcome as { id: string }).id)).toEqual(['111111111111', '222222222222', '333333333333']);
    expect(h.engine.sort()).toEqual(['111111111111', '222222222222', '333333333333']);
    expect(h.events).toHaveLength(3);
    expect(h.stats).toHaveLength(2);
    expect(h.stats.reduce((n, s) => n + s.apiCalls, 0)).toBe(10); // both workers had work: 5 calls each, the latest count
    expect(await pool.close()).toEqual(['figures w', 'figures w']);
  });

  it('a worker that dies fails its accounts in flight with WorkerFailed; the others go on; none left: refused', async () => {
    const dies = script('dies', `if (m.type === 'run') process.exit(7);`);
    const pool = new WorkerPool(dies, 1, {}, handlers());
    const err = await pool.run({ via: 'role x', id: '444444444444' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerFailed);
    expect((err as Error).message).toBe('a scan worker thread stopped (exit code 7)');
    expect(pool.usable).toBe(false);
    await expect(pool.run({ via: 'role y', id: '555555555555' })).rejects.toThrow('no scan worker thread is left');
    expect(await pool.close()).toEqual([undefined]);
  });

  it('an error thrown for one account comes back as that error (a UserError keeps its exit code and hint)', async () => {
    const refuses = script(
      'refuses',
      `if (m.type === 'run') post({ type: 'failed', seq: m.seq, error: { name: 'UserError', message: 'unknown region xx-east-9', exitCode: 2, hint: 'see --regions' } });`,
    );
    const pool = new WorkerPool(refuses, 1, {}, handlers());
    const err = await pool.run({ via: 'role z' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect([(err as UserError).message, (err as UserError).exitCode, (err as UserError).hint]).toEqual(['unknown region xx-east-9', 2, 'see --regions']);
    await pool.close();
  });

  it('abort reaches every worker', async () => {
    const aborts = script('aborts', `if (m.type === 'abort') post({ type: 'event', event: { aborted: m.message } }); else if (m.type === 'finish') post({ type: 'finished', result: 1 });`);
    const h = handlers();
    const pool = new WorkerPool(aborts, 2, {}, h);
    pool.abort('timed out: the scan\'s time limit (--timeout 5s) passed');
    await pool.close();
    expect(h.events).toEqual([{ aborted: "timed out: the scan's time limit (--timeout 5s) passed" }, { aborted: "timed out: the scan's time limit (--timeout 5s) passed" }]);
  });
});

describe('what may cross to a worker', () => {
  it('a target with credentials made from data (profile, roles) crosses; one with a data layer open here, a snapshot, or only a provider does not', () => {
    const roles = [{ roleArn: 'arn:aws:iam::444444444444:role/CmtAuditReadOnly', externalId: 'ext' }];
    const provider = async () => ({ accessKeyId: 'a', secretAccessKey: 'b' });
    const base: AccountTarget = { via: 'role arn:aws:iam::444444444444:role/CmtAuditReadOnly', id: '444444444444', name: 'prod', profile: 'mgmt' };
    expect(targetSpec({ ...base, credentials: provider, roles })).toEqual({ ...base, homeRegion: undefined, roles, error: undefined });
    expect(targetSpec({ via: 'profile dev', profile: 'dev' })).toEqual({ via: 'profile dev', profile: 'dev', id: undefined, name: undefined, homeRegion: undefined, roles: undefined, error: undefined });
    expect(targetSpec({ ...base, credentials: provider })).toBeUndefined();
    expect(targetSpec({ ...base, fetcher: {} as Fetcher })).toBeUndefined();
    expect(targetSpec({ ...base, snapshot: { format: 'cmt-audit-snapshot', version: 1, responses: {} } as never })).toBeUndefined();
  });

  it('errors cross as data and come back as their class', () => {
    const back = deserializeError(serializeError(new CredentialsError('AWS credentials were rejected', 'run aws sso login')));
    expect(back).toBeInstanceOf(CredentialsError);
    expect([back.message, (back as CredentialsError).exitCode, (back as CredentialsError).hint]).toEqual(['AWS credentials were rejected', 5, 'run aws sso login']);
    const plain = deserializeError(serializeError(new TypeError('x is not a function')));
    expect([plain.name, plain.message]).toEqual(['TypeError', 'x is not a function']);
  });

  it('how many workers: --workers (at most one per account), else one per CPU, at most --account-concurrency and one per 10 accounts', () => {
    expect(workerCount(3, 10, 4)).toBe(3);
    expect(workerCount(8, 2, 4)).toBe(2);
    expect(workerCount(undefined, 50, 4, 2)).toBe(2);
    expect(workerCount(undefined, 50, 4, 16)).toBe(4);
    expect(workerCount(undefined, 25, 4, 16)).toBe(2);
    expect(workerCount(undefined, 19, 4, 2)).toBe(1);
    expect(workerCount(undefined, 50, 1, 2)).toBe(1);
    expect(workerCount(undefined, 0, 4, 2)).toBe(1);
  });
});
