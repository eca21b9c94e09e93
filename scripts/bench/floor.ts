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

export function computeFloor(input: FloorInput): Floor {
  const { requests, rates, concurrency, accountConcurrency } = input;
  if (!(concurrency >= 1) || !(accountConcurrency >= 1)) throw new Error('floor: concurrencies must be at least 1');
  const finish = new Float64Array(requests.length);
  const ready = new Float64Array(requests.length);
  const accounts: Bound[] = [];
  const raise = (a: number, bound: Bound) => {
    if (!accounts[a] || bound.ms > accounts[a].ms) accounts[a] = bound;
  };
  const buckets = new Map<number, { account: number; n: number; ready: number; minLatency: number }>();
  const queues = new Map<number, { account: number; sum: number; ready: number }>();
  requests.forEach((r, i) => {
    let at = 0;
    for (const group of r.deps) {
      let earliest = Infinity;
      for (const d of group) if (d < i) earliest = Math.min(earliest, finish[d]);
      if (earliest !== Infinity) at = Math.max(at, earliest);
    }
    ready[i] = at;
    finish[i] = at + r.latency;
    raise(r.account, { kind: 'path', ms: finish[i] });
    const b = buckets.get(r.bucket) ?? { account: r.account, n: 0, ready: Infinity, minLatency: Infinity };
    b.n++;
    b.ready = Math.min(b.ready, at);
    b.minLatency = Math.min(b.minLatency, r.latency);
    buckets.set(r.bucket, b);
    const q = queues.get(r.queue) ?? { account: r.account, sum: 0, ready: Infinity };
    q.sum += r.latency;
    q.ready = Math.min(q.ready, at);
    queues.set(r.queue, q);
  });
  for (const [id, b] of buckets) {
    const rate = rates[id];
    const ms = b.ready + (Math.max(0, b.n - rate.burst) / rate.refill) * 1000 + b.minLatency;
    raise(b.account, { kind: 'bucket', ms, name: input.bucketNames?.[id] });
  }
  for (const [id, q] of queues) raise(q.account, { kind: 'queue', ms: q.ready + q.sum / concurrency, name: input.queueNames?.[id] });
  return { ...estateFloor(accounts, accountConcurrency), accounts };
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
