// The floor: the shortest time any client could take to make the same set of unique requests under the same
// token buckets, latencies and the scanner's concurrency limits. Not a guess: a lower bound computed from
// the requests the scan actually needed (each counted once, at its first attempt's latency; retries,
// throttling and 5xx excluded).
//
// For one account a, over its unique requests i (latency ℓᵢ):
//   readyᵢ  = max over the things i names (an id, a page token, its region) of the earliest finish among the
//             answers that revealed it (0 when it names nothing revealed: it could be sent at once)
//   finishᵢ = readyᵢ + ℓᵢ
//   path(a)     = max finishᵢ                                         dependency chains (pages, list → item)
//   bucket(k)   = min readyᵢ + max(0, nₖ − burstₖ) ÷ refillₖ + min ℓᵢ  per token bucket k (account, region, API):
//                 after the burst, nₖ requests need (nₖ − burstₖ) ÷ refillₖ seconds of refill; the last one
//                 still has to be answered
//   queue(q)    = min readyᵢ + Σ ℓᵢ ÷ c                               per concurrency-limited queue q of the scanner
//                 (the fetcher's limit: account, region, service), c requests at a time
//   F(a)        = max(path(a), max bucket(k), max queue(q)) over a's keys
// For the estate, with K accounts scanned at once (each account holds one of K slots for its whole scan), the
// bounds of scheduling whole jobs on K machines, with F₁ ≥ F₂ ≥ … the accounts' floors in decreasing order:
//   floor = max(F₁, Σ F(a) ÷ K, F_K + F_K+1)
// (the last: of the K+1 longest accounts, two share a slot, one after the other)
import type { UniqueRequest } from './simulator.js';

export interface FloorInput {
  requests: readonly UniqueRequest[];
  /** Token bucket rates, by bucket id (UniqueRequest.bucket). */
  rates: readonly { burst: number; refill: number }[];
  /** Requests at a time per queue (the scanner's --concurrency). */
  concurrency: number;
  /** Accounts scanned at once. */
  accountConcurrency: number;
  /** Names for the report (bucket and queue keys), optional. */
  bucketNames?: readonly string[];
  queueNames?: readonly string[];
}

export interface Bound {
  kind: 'path' | 'bucket' | 'queue' | 'accounts';
  ms: number;
  name?: string;
}

export interface Floor {
  ms: number;
  /** What sets the floor. */
  binding: Bound;
  /** F(a) per account index, with what sets it. */
  accounts: Bound[];
}

/**
 * The floor's sums, kept as unique requests arrive in the order they were made (the simulator adds each one
 * once): a request's dependencies are earlier requests, so its ready and finish times are known when it is
 * added, and nothing per request needs to be kept — only per account (the path), per token bucket and per
 * queue. Buckets and queues are dense ids (0, 1, 2 …), their sums kept in growable typed arrays.
 */
export class FloorSums {
  private readonly paths: number[] = [];
  private readonly buckets = new Columns(['account', 'n', 'ready', 'minLatency']);
  private readonly queues = new Columns(['account', 'sum', 'ready']);

  /** Adds one unique request that could start at `ready` ms (0: at once); returns when it could finish. */
  add(r: Pick<UniqueRequest, 'account' | 'bucket' | 'queue' | 'latency'>, ready: number): number {
    const finish = ready + r.latency;
    this.paths[r.account] = Math.max(this.paths[r.account] ?? 0, finish);
    const b = this.buckets.row(r.bucket, { account: r.account, n: 0, ready: Infinity, minLatency: Infinity });
    this.buckets.set('n', b, this.buckets.get('n', b) + 1);
    this.buckets.set('ready', b, Math.min(this.buckets.get('ready', b), ready));
    this.buckets.set('minLatency', b, Math.min(this.buckets.get('minLatency', b), r.latency));
    const q = this.queues.row(r.queue, { account: r.account, sum: 0, ready: Infinity });
    this.queues.set('sum', q, this.queues.get('sum', q) + r.latency);
    this.queues.set('ready', q, Math.min(this.queues.get('ready', q), ready));
    return finish;
  }

  floor(input: Omit<FloorInput, 'requests'>): Floor {
    const { rates, concurrency, accountConcurrency } = input;
    if (!(concurrency >= 1) || !(accountConcurrency >= 1)) throw new Error('floor: concurrencies must be at least 1');
    const accounts: Bound[] = [];
    const raise = (a: number, bound: Bound) => {
      if (!accounts[a] || bound.ms > accounts[a].ms) accounts[a] = bound;
    };
    this.paths.forEach((ms, a) => raise(a, { kind: 'path', ms }));
    for (const id of this.buckets.ids()) {
      const rate = rates[id];
      const n = this.buckets.get('n', id);
      const ms = this.buckets.get('ready', id) + (Math.max(0, n - rate.burst) / rate.refill) * 1000 + this.buckets.get('minLatency', id);
      raise(this.buckets.get('account', id), { kind: 'bucket', ms, name: input.bucketNames?.[id] });
    }
    for (const id of this.queues.ids()) {
      const ms = this.queues.get('ready', id) + this.queues.get('sum', id) / concurrency;
      raise(this.queues.get('account', id), { kind: 'queue', ms, name: input.queueNames?.[id] });
    }
    return { ...estateFloor(accounts, accountConcurrency), accounts };
  }
}

/** Rows of numbers by dense id, one growable Float64Array per column; a row exists once `row` made it. */
class Columns<K extends string> {
  private readonly columns = new Map<K, Float64Array>();
  private present = new Uint8Array(64);

  constructor(names: readonly K[]) {
    for (const name of names) this.columns.set(name, new Float64Array(64));
  }

  row(id: number, initial: Record<K, number>): number {
    if (id >= this.present.length) this.grow(id + 1);
    if (!this.present[id]) {
      this.present[id] = 1;
      for (const [name, column] of this.columns) column[id] = initial[name];
    }
    return id;
  }

  get(name: K, id: number): number {
    return this.columns.get(name)![id];
  }

  set(name: K, id: number, value: number): void {
    this.columns.get(name)![id] = value;
  }

  *ids(): Generator<number> {
    for (let id = 0; id < this.present.length; id++) if (this.present[id]) yield id;
  }

  private grow(size: number): void {
    const length = Math.max(size, this.present.length * 2);
    const present = new Uint8Array(length);
    present.set(this.present);
    this.present = present;
    for (const [name, column] of this.columns) {
      const wider = new Float64Array(length);
      wider.set(column);
      this.columns.set(name, wider);
    }
  }
}

/** The floor of a list of unique requests, in the order they were made (each names its dependencies). */
export function computeFloor(input: FloorInput): Floor {
  const sums = new FloorSums();
  const finish = new Float64Array(input.requests.length);
  input.requests.forEach((r, i) => {
    let at = 0;
    for (const group of r.deps) {
      let earliest = Infinity;
      for (const d of group) if (d < i) earliest = Math.min(earliest, finish[d]);
      if (earliest !== Infinity) at = Math.max(at, earliest);
    }
    finish[i] = sums.add(r, at);
  });
  return sums.floor(input);
}

/**
 * The estate's floor from its accounts' floors F(a), K accounts at a time. Accounts scanned on several worker
 * threads are measured by one simulator per thread: each gives its accounts' F(a), and this combines them.
 */
export function estateFloor(accounts: readonly (Bound | undefined)[], accountConcurrency: number): Omit<Floor, 'accounts'> {
  const present = accounts.filter((a): a is Bound => a !== undefined);
  const widest = present.reduce<Bound>((m, a) => (a.ms > m.ms ? a : m), { kind: 'path', ms: 0 });
  const slots = `${present.length} accounts, ${accountConcurrency} at a time`;
  const sorted = present.map((a) => a.ms).sort((x, y) => y - x);
  const candidates: Bound[] = [
    widest,
    { kind: 'accounts', ms: sorted.reduce((s, ms) => s + ms, 0) / accountConcurrency, name: slots },
    ...(sorted.length > accountConcurrency
      ? [{ kind: 'accounts' as const, ms: sorted[accountConcurrency - 1] + sorted[accountConcurrency], name: `${slots}: two share a slot` }]
      : []),
  ];
  const binding = candidates.reduce((m, b) => (b.ms > m.ms ? b : m));
  return { ms: binding.ms, binding };
}
