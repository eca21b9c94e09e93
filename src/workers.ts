// Accounts scanned on worker threads (docs/architecture.md, "Several CPUs"). A scan of many accounts is
// CPU-bound on one Node thread: the SDK's middleware, signing and parsing cost about a millisecond per request,
// so 50 accounts × 17 regions keep one CPU busy while the APIs would allow more. Each worker thread scans the
// accounts it is handed with its own Fetchers (memo, limits, clients: all per account anyway), and sends back
// what scanAccount returns: plain data. The main thread keeps the plan, the --account-concurrency slots, the
// deadline, the progress line and the estate's judgement, so the report is the same as with one thread.
//
// Only what can cross a thread goes: a target's credentials travel as data (profile + the roles to assume,
// AccountTarget.roles), never as a provider function. A scan with hooks that are functions (tests' assumeRole,
// clientMiddleware, checks) stays on one thread unless its hooks come from a module (ScanOptions.workerHooks).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AccountTarget, RoleSpec } from './accounts.js';
import type { ProgressEvent } from './engine.js';
import { CredentialsError, UserError } from './errors.js';
import type { ScanStats } from './model.js';

/** What a worker needs to make a target's credentials and name it: no functions. */
export interface TargetSpec {
  via: string;
  id?: string;
  name?: string;
  profile?: string;
  homeRegion?: string;
  roles?: RoleSpec[];
  error?: string;
}

/** A module a worker imports for hooks a test or the benchmark supplies (functions cannot be sent to a thread). */
export interface WorkerHooksSpec {
  /** A file URL (or path) of an ES module exporting `workerHooks(data)`. */
  module: string;
  data?: unknown;
}

/** What `workerHooks(data)` returns in the worker. */
export interface WorkerHooks {
  clientMiddleware?: unknown;
  assumeRole?: unknown;
  /** Called when the scan is done; its value (plain data) is returned to the main thread (ScanOutcome.workerResults). */
  finish?: () => unknown;
}

/** An error thrown in a worker, as data. */
export interface SerializedError {
  name: string;
  message: string;
  exitCode?: number;
  hint?: string;
}

export type ToWorker = { type: 'run'; seq: number; target: TargetSpec } | { type: 'abort'; message: string } | { type: 'finish' };

export type FromWorker =
  | { type: 'stats'; stats: ScanStats }
  | { type: 'engine'; account: string; event: ProgressEvent }
  | { type: 'event'; event: unknown }
  | { type: 'done'; seq: number; outcome: unknown; recorded?: { id: string; homeRegion: string; responses: Record<string, unknown> } }
  | { type: 'failed'; seq: number; error: SerializedError }
  | { type: 'finished'; result: unknown };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof UserError) return { name: err.name, message: err.message, exitCode: err.exitCode, hint: err.hint };
  return { name: (err as Error)?.name ?? 'Error', message: (err as Error)?.message ?? String(err) };
}

export function deserializeError(e: SerializedError): Error {
  if (e.name === 'CredentialsError') return new CredentialsError(e.message, e.hint);
  if (e.exitCode !== undefined) return new UserError(e.message, e.exitCode, e.hint);
  return Object.assign(new Error(e.message), { name: e.name });
}

const CLOSE_WAIT_MS = 5_000;

/** A worker thread that stopped (crashed, ran out of memory) while scanning an account. */
export class WorkerFailed extends Error {
  override readonly name = 'WorkerFailed';
}

/**
 * How many threads scan accounts, the main thread included (it scans accounts too; the others are worker
 * threads): --workers (at most one per account), else one per CPU, at most one per account slot and per
 * ACCOUNTS_PER_WORKER accounts: a thread costs ~1 s of CPU and ~150 MiB to load the SDK, which a few accounts do
 * not win back (benchmark, 5 accounts: 17.0 s with two threads, 16.8 s with one, twice the RSS).
 */
export function workerCount(asked: number | undefined, targets: number, accountConcurrency: number, cpus = availableParallelism()): number {
  if (asked !== undefined) return Math.max(1, Math.min(asked, targets));
  return Math.max(1, Math.min(cpus, accountConcurrency, Math.floor(targets / ACCOUNTS_PER_WORKER)));
}
export const ACCOUNTS_PER_WORKER = 10;

/** The worker's own file, next to this one in dist/. Running from the TypeScript sources (tests), there is none. */
export function workerScript(): URL | undefined {
  const url = new URL('./scan-worker.js', import.meta.url);
  return import.meta.url.endsWith('.js') ? url : undefined;
}

export interface PoolHandlers {
  onEngine(account: string, event: ProgressEvent): void;
  onEvent(event: unknown): void;
  /** The scan's statistics total: each worker's live statistics (updated in place) are added, and done when it closes. */
  stats: { add(stats: ScanStats): void; done(stats: ScanStats): void };
}

interface Slot {
  worker: Worker;
  busy: number;
  alive: boolean;
  stats: ScanStats;
  pending: Map<number, { resolve: (v: FromWorker & { type: 'done' }) => void; reject: (e: Error) => void }>;
  finished?: (result: unknown) => void;
}

/** A fixed set of worker threads; each account goes to the one with the fewest accounts in hand. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private seq = 0;

  constructor(script: URL, count: number, workerData: unknown, private readonly handlers: PoolHandlers) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(script, { workerData, stdout: false, stderr: false });
      const slot: Slot = { worker, busy: 0, alive: true, stats: { apiCalls: 0, uniqueCalls: 0, memoHits: 0, retries: 0, throttled: 0 }, pending: new Map() };
      handlers.stats.add(slot.stats);
      worker.on('message', (m: FromWorker) => this.receive(slot, m));
      const lost = (why: string) => {
        if (!slot.alive) return;
        slot.alive = false;
        for (const p of slot.pending.values()) p.reject(new WorkerFailed(why));
        slot.pending.clear();
        slot.finished?.(undefined);
      };
      worker.on('error', (err) => lost(`a scan worker thread failed: ${(err as Error).message}`));
      worker.on('exit', (code) => lost(`a scan worker thread stopped (exit code ${code})`));
      this.slots.push(slot);
    }
  }

  /** How many accounts the least busy worker has in hand (Infinity: no worker left). */
  get leastBusy(): number {
    return Math.min(...this.slots.filter((s) => s.alive).map((s) => s.busy));
  }

  /** True while at least one worker can take an account. */
  get usable(): boolean {
    return this.slots.some((s) => s.alive);
  }

  run(target: TargetSpec): Promise<FromWorker & { type: 'done' }> {
    const slot = this.slots.filter((s) => s.alive).sort((a, b) => a.busy - b.busy)[0];
    if (!slot) return Promise.reject(new WorkerFailed('no scan worker thread is left'));
    const seq = ++this.seq;
    slot.busy++;
    return new Promise<FromWorker & { type: 'done' }>((resolve, reject) => {
      slot.pending.set(seq, { resolve, reject });
      slot.worker.postMessage({ type: 'run', seq, target } satisfies ToWorker);
    }).finally(() => slot.busy--);
  }

  abort(message: string): void {
    for (const s of this.slots) if (s.alive) s.worker.postMessage({ type: 'abort', message } satisfies ToWorker);
  }

  /** Asks every worker to finish (its hooks' results come back; a worker that does not answer within 5 s gives none), then ends them. */
  async close(): Promise<unknown[]> {
    const results = await Promise.all(
      this.slots.map(
        (s) =>
          new Promise<unknown>((resolve) => {
            if (!s.alive) return resolve(undefined);
            const timer = setTimeout(() => resolve(undefined), CLOSE_WAIT_MS);
            s.finished = (result) => {
              clearTimeout(timer);
              resolve(result);
            };
            s.worker.postMessage({ type: 'finish' } satisfies ToWorker);
          }),
      ),
    );
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const s of this.slots) this.handlers.stats.done(s.stats);
    return results;
  }

  private receive(slot: Slot, m: FromWorker): void {
    switch (m.type) {
      case 'stats':
        Object.assign(slot.stats, m.stats);
        return;
      case 'engine':
        this.handlers.onEngine(m.account, m.event);
        return;
      case 'event':
        this.handlers.onEvent(m.event);
        return;
      case 'done':
        slot.pending.get(m.seq)?.resolve(m);
        slot.pending.delete(m.seq);
        return;
      case 'failed':
        slot.pending.get(m.seq)?.reject(deserializeError(m.error));
        slot.pending.delete(m.seq);
        return;
      case 'finished':
        slot.alive = false;
        slot.finished?.(m.result);
        return;
      default:
        return;
    }
  }
}

/** A target as data for a worker; undefined when it cannot go (its data layer is open here, or it is replayed). */
export function targetSpec(t: AccountTarget): TargetSpec | undefined {
  if (t.fetcher || t.snapshot || t.clientConfig) return undefined;
  if (t.credentials && !t.roles) return undefined;
  return { via: t.via, id: t.id, name: t.name, profile: t.profile, homeRegion: t.homeRegion, roles: t.roles, error: t.error };
}
