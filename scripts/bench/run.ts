// One benchmark run: one synthetic organization scanned end to end (`scan({ org: true })`, as `cmt-audit scan
// --org` would) through the simulated AWS, measured. Runs in its own process (bench.ts spawns it), so its
// peak RSS is its own.
import { scan } from '../../src/scan.js';
import { favourMemory, keepHeapNearLive } from '../../src/heap.js';
import { DEFAULT_THRESHOLDS } from '../../src/config/thresholds.js';
import type { Report } from '../../src/model.js';
import { Estate, HOME, type EstateOptions, type ResourceCounts } from './estate.js';
import { estateFloor, type Bound } from './floor.js';
import { figuresOf, type SimFigures } from './hooks.js';
import { credentialsFor, SimulatedAws, type ApiStats } from './simulator.js';

export interface RunOptions extends EstateOptions {
  /** Requests at a time per (region, service) in each account (--concurrency). */
  concurrency: number;
  /** Accounts scanned at once (--account-concurrency). */
  accountConcurrency: number;
  /** Threads that scan accounts, the main thread included (--workers; undefined: the scan's default, one per CPU). */
  workers?: number;
  serverErrorRate?: number;
  /** As the CLI's --low-memory (src/heap.ts favourMemory). */
  lowMemory?: boolean;
  /** Called every few seconds while the scan runs. */
  onHeartbeat?: (line: string) => void;
}

export interface RunResult {
  estate: EstateOptions & { resources: ResourceCounts; totalResources: number };
  concurrency: number;
  accountConcurrency: number;
  /** Worker threads that scanned accounts (0: all on the main thread). */
  workers: number;
  /** Run with --low-memory. */
  lowMemory: boolean;
  wallMs: number;
  cpuMs: number;
  /** Of cpuMs, the simulator's own synchronous work (the rest is the scanner, the SDK and the garbage collector). */
  simulatorMs: number;
  floor: { ms: number; binding: Bound; accountFloors: { min: number; median: number; max: number }; setBy: Record<string, number> };
  /** First attempts (calls made), distinct requests, every attempt. */
  requests: number;
  unique: number;
  attempts: number;
  throttles: number;
  serverErrors: number;
  /** What the scanner itself counted (report.scan.stats). */
  scanner: Report['scan']['stats'];
  /** Report errors caused by throttling (a throttle that surfaced), and all report errors by kind. */
  throttledErrors: number;
  errorsByKind: Record<string, number>;
  peakRssMiB: number;
  peakHeapMiB: number;
  /** Heap still in use after the scan, once collected (NaN when the process cannot force a collection). */
  liveHeapMiB: number;
  findings: { total: number; byStatus: Record<string, number> };
  /** The report as JSON, bytes: what the scan has to keep until its end. */
  reportBytes: number;
  items: Report['summary'];
  accountsScanned: number;
  /** Calls no model or demo answer covers (answered with the smallest valid answer). */
  unmodeled: Record<string, number>;
  misroutedS3: number;
  /** Requests made more than once (not retries), by API. */
  duplicates: Record<string, number>;
  topThrottled: [string, ApiStats][];
}

export async function runEstate(opts: RunOptions): Promise<RunResult> {
  // What the CLI does first (src/cli.ts): the heap's growth past its live size is capped (src/heap.ts).
  keepHeapNearLive();
  if (opts.lowMemory) favourMemory();
  // One instant for the estate's dates, every thread's copy of it and the scan (see EstateOptions.now).
  const now = opts.now ?? Date.now();
  const estate = new Estate({ ...opts, now });
  const sim = new SimulatedAws({ model: estate, serverErrorRate: opts.serverErrorRate });
  // The caller is the management account (its own credentials, as --org from the management account); every
  // other account is reached by "assuming" CmtAuditReadOnly there: credentials naming that account.
  const caller = credentialsFor(estate.management);
  process.env.AWS_ACCESS_KEY_ID = caller.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = caller.secretAccessKey;
  let peakHeap = 0;
  let peakRss = 0;
  let done = 0;
  let total = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  let live: Readonly<Report['scan']['stats']> | undefined; // the scan's live statistics, every thread's
  let beat = 0;
  const sampler = setInterval(() => {
    sample();
    if (++beat % 10 === 0) {
      opts.onHeartbeat?.(
        `${Math.round((performance.now() - started) / 1000)} s: items ${done}/${total}, ${live?.apiCalls ?? 0} requests, ${live?.throttled ?? 0} throttled, RSS ${Math.round(peakRss / 2 ** 20)} MiB`,
      );
    }
  }, 1000);
  sampler.unref();
  let report: Report;
  let workerResults: unknown[] | undefined;
  try {
    ({ report, workerResults } = await scan({
      region: HOME,
      deploymentModel: 'multi-tenant-saas',
      concurrency: opts.concurrency,
      thresholds: DEFAULT_THRESHOLDS,
      org: true,
      accountConcurrency: opts.accountConcurrency,
      assumeRole: ({ roleArn }) => async () => credentialsFor(roleArn.split(':')[4]),
      clientMiddleware: sim.clientMiddleware,
      // The worker threads get a simulator of their own from this module (functions cannot cross threads).
      workers: opts.workers,
      now: new Date(now),
      workerHooks: { module: new URL('./hooks.js', import.meta.url).href, data: { ...opts, now, onHeartbeat: undefined } },
      onProgress: (e) => {
        if (e.type === 'scan-start') live = e.stats;
        if (e.type === 'check-done') ({ done, total } = e);
      },
    }));
  } finally {
    clearInterval(sampler);
  }
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  sample();
  // What is still reachable once the scan is done (the report, the SDK's code, the simulator's bookkeeping),
  // as opposed to the peak, which includes garbage V8 had not collected yet. (The child runs with --expose-gc.)
  (globalThis as { gc?: () => void }).gc?.();
  const liveHeapMiB = process.memoryUsage().heapUsed / 2 ** 20;
  // This thread's simulator (the caller's account, the organization listing) and each worker thread's.
  const sims = [figuresOf(sim, estate, opts), ...((workerResults ?? []) as (SimFigures | undefined)[]).filter((f): f is SimFigures => f !== undefined)];
  const accountFloors = sims.flatMap((f) => f.accountFloors);
  const floor = { ...estateFloor(accountFloors, opts.accountConcurrency), accounts: accountFloors };
  const sum = (k: keyof SimFigures['stats']) => sims.reduce((n, f) => n + f.stats[k], 0);
  const merged = <V>(pairs: [string, V][], add: (a: V, b: V) => V) => {
    const m = new Map<string, V>();
    for (const [k, v] of pairs) m.set(k, m.has(k) ? add(m.get(k)!, v) : v);
    return m;
  };
  const perApi = merged(sims.flatMap((f) => f.perApi), (a, b) => ({ requests: a.requests + b.requests, attempts: a.attempts + b.attempts, throttles: a.throttles + b.throttles, serverErrors: a.serverErrors + b.serverErrors }));
  const perAccount = floor.accounts.map((a) => a.ms).sort((x, y) => x - y);
  const findings = report.results.flatMap((r) => r.findings);
  const byStatus: Record<string, number> = {};
  for (const f of findings) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
  const errorsByKind: Record<string, number> = {};
  for (const e of report.errors) errorsByKind[e.kind] = (errorsByKind[e.kind] ?? 0) + 1;
  const resources = estate.resources();
  return {
    estate: { accounts: opts.accounts, regions: opts.regions, scale: opts.scale, resources, totalResources: Object.values(resources).reduce((a, b) => a + b, 0) },
    concurrency: opts.concurrency,
    accountConcurrency: opts.accountConcurrency,
    workers: sims.length - 1,
    lowMemory: opts.lowMemory === true,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    simulatorMs: sims.reduce((n, f) => n + f.busyMs, 0),
    floor: {
      ms: floor.ms,
      binding: floor.binding,
      accountFloors: { min: perAccount[0] ?? 0, median: perAccount[Math.floor(perAccount.length / 2)] ?? 0, max: perAccount.at(-1) ?? 0 },
      setBy: tally(floor.accounts.map(boundName)),
    },
    requests: sum('requests'),
    unique: sims.reduce((n, f) => n + f.unique, 0),
    attempts: sum('attempts'),
    throttles: sum('throttles'),
    serverErrors: sum('serverErrors'),
    scanner: report.scan.stats,
    throttledErrors: report.errors.filter((e) => e.kind === 'throttled' || /throttl/i.test(e.message)).length,
    errorsByKind,
    peakRssMiB: Math.max(process.resourceUsage().maxRSS / 1024, peakRss / 2 ** 20),
    peakHeapMiB: peakHeap / 2 ** 20,
    liveHeapMiB: (globalThis as { gc?: unknown }).gc ? liveHeapMiB : NaN,
    findings: { total: findings.length, byStatus },
    reportBytes: JSON.stringify(report).length,
    items: report.summary,
    accountsScanned: report.scan.accounts.filter((a) => !('status' in a) || a.status === 'scanned').length,
    unmodeled: Object.fromEntries(merged(sims.flatMap((f) => f.unmodeled), (a, b) => a + b)),
    misroutedS3: sims.reduce((n, f) => n + f.misrouted, 0),
    duplicates: Object.fromEntries(merged(sims.flatMap((f) => f.duplicates), (a, b) => a + b)),
    topThrottled: [...perApi].filter(([, s]) => s.throttles > 0).sort((a, b) => b[1].throttles - a[1].throttles).slice(0, 5),
  };
}

/** What set an account's floor, without the account and region: `bucket cloudtrail:LookupEvents`, `path`, `queue s3`. */
function boundName(b: Bound): string {
  if (b.kind === 'path' || !b.name) return b.kind;
  const [, , what] = b.name.split('/');
  return `${b.kind} ${b.kind === 'bucket' && b.name.split('/').length > 3 ? 's3 bucket' : what}`;
}

function tally(names: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) out[n] = (out[n] ?? 0) + 1;
  return out;
}
