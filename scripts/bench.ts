// `npm run bench`: scans a large synthetic organization through a simulated AWS that sits beneath the SDK's
// retry layer (scripts/bench/simulator.ts), then a smaller one so growth is visible, and prints for each:
// wall time, the floor the API limits and latencies allow for the same calls (scripts/bench/floor.ts),
// wall ÷ floor, calls made ÷ unique calls, retries and throttles, peak RSS and findings.
//
//   npm run bench                                   50 accounts × 17 regions, then 5 × 17
//   npm run bench -- --accounts 20 --regions 5 --scale 0.5 --small-accounts 0
//   npm run bench -- --json bench.json              also write the figures as JSON
//
// Each estate runs in its own child process (this script with --child), so each peak RSS is its own.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { REGIONS_17 } from './bench/rates.js';
import { runEstate, type RunOptions, type RunResult } from './bench/run.js';

const OPTIONS = optionsOf();
const { values } = (() => {
  try {
    return parseArgs({ options: OPTIONS });
  } catch (err) {
    // An unknown option, or a value that looks like one (--scale -1): one line and the usage, no stack trace.
    console.error(`bench: ${(err as Error).message.split('\n')[0]} (npm run bench -- --help)`);
    process.exit(2);
  }
})();

function optionsOf() {
  return {
    accounts: { type: 'string', default: '50' },
    regions: { type: 'string', default: String(REGIONS_17.length) },
    scale: { type: 'string', default: '1' },
    'small-accounts': { type: 'string', default: '5' },
    'account-concurrency': { type: 'string', default: '4' },
    workers: { type: 'string' },
    'low-memory': { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '8' },
    'server-error-rate': { type: 'string', default: '0.002' },
    json: { type: 'string' },
    child: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  } as const;
}

if (values.help) {
  console.log(`npm run bench -- [--accounts 50] [--regions 17] [--scale 1] [--small-accounts 5 (0: none)]
                     [--account-concurrency 4] [--workers N (threads in all; default: the scan's, one per CPU)] [--concurrency 8]
                     [--server-error-rate 0.002] [--low-memory (as the CLI's)] [--json FILE]`);
  process.exit(0);
}

const number = (name: keyof typeof values, min: number, integer = true): number => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    console.error(`bench: --${name} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, got ${String(values[name])}`);
    process.exit(2);
  }
  return n;
};

const options: RunOptions = {
  accounts: number('accounts', 1),
  regions: number('regions', 1),
  scale: number('scale', 0.01, false),
  accountConcurrency: number('account-concurrency', 1),
  ...(values.workers !== undefined ? { workers: number('workers', 1) } : {}),
  ...(values['low-memory'] ? { lowMemory: true } : {}),
  concurrency: number('concurrency', 1),
  serverErrorRate: number('server-error-rate', 0, false),
};
if (options.regions > REGIONS_17.length) {
  console.error(`bench: --regions is at most ${REGIONS_17.length}`);
  process.exit(2);
}

if (values.child) {
  const result = await runEstate({ ...options, onHeartbeat: (line) => console.error(`  … ${line}`) });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** Runs one estate in a child process (its own RSS), returning its figures. */
function child(accounts: number): Promise<RunResult> {
  const args = [
    // The child measures what is still reachable after its scan (a forced collection, after the peak is taken).
    '--expose-gc',
    fileURLToPath(import.meta.url),
    '--child',
    ...Object.entries({ ...values, accounts: String(accounts), child: undefined, json: undefined })
      .filter(([, v]) => v !== undefined && v !== false)
      .flatMap(([k, v]) => (v === true ? [`--${k}`] : [`--${k}`, String(v)])),
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  // Nothing of the machine's AWS setup may steer the simulated scan (profiles, endpoints, retry settings).
  for (const k of Object.keys(env)) if (k.startsWith('AWS_') && k !== 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED') delete env[k];
  env.AWS_CONFIG_FILE = '/dev/null/none';
  env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null/none';
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`the benchmark run for ${accounts} accounts failed (exit ${code})`));
      else resolve(JSON.parse(last) as RunResult);
    });
  });
}

const sizes = [options.accounts, ...(Number(values['small-accounts']) > 0 && Number(values['small-accounts']) < options.accounts ? [number('small-accounts', 1)] : [])];
const results: RunResult[] = [];
for (const accounts of sizes) {
  console.error(`running ${accounts} accounts × ${options.regions} regions (scale ${options.scale}) …`);
  results.push(await child(accounts));
}
console.log(render(results));
if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);

function render(runs: RunResult[]): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const n = (x: number) => x.toLocaleString('en-US');
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '—');
  const rows: [string, (r: RunResult) => string][] = [
    ['estate', (r) => `${r.estate.accounts} accounts × ${r.estate.regions} regions, scale ${r.estate.scale}`],
    ['resources', (r) => n(r.estate.totalResources)],
    ['  users / access keys / roles', (r) => `${n(r.estate.resources.users)} / ${n(r.estate.resources.accessKeys)} / ${n(r.estate.resources.roles)}`],
    ['  buckets / trails', (r) => `${n(r.estate.resources.buckets)} / ${n(r.estate.resources.trails)}`],
    ['  security groups / ENIs', (r) => `${n(r.estate.resources.securityGroups)} / ${n(r.estate.resources.networkInterfaces)}`],
    ['  volumes / instances', (r) => `${n(r.estate.resources.volumes)} / ${n(r.estate.resources.instances)}`],
    ['concurrency', (r) => `${r.accountConcurrency} accounts at once, ${r.concurrency} requests per (region, service)`],
    ['threads', (r) => `${r.workers ? `${r.workers + 1}: the main thread and ${r.workers} worker thread${r.workers > 1 ? 's' : ''}, all scanning accounts` : 'one (the main thread)'}${r.lowMemory ? '; --low-memory' : ''}`],
    ['wall time', (r) => s(r.wallMs)],
    ['floor (computed)', (r) => s(r.floor.ms)],
    ['  set by', (r) => `${r.floor.binding.kind}${r.floor.binding.name ? `: ${r.floor.binding.name}` : ''}`],
    ['  per-account floors', (r) => `${s(r.floor.accountFloors.min)} … ${s(r.floor.accountFloors.median)} (median) … ${s(r.floor.accountFloors.max)}`],
    ['  each set by', (r) => Object.entries(r.floor.setBy).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} (${v})`).join(', ')],
    ['wall ÷ floor', (r) => ratio(r.wallMs, r.floor.ms)],
    ['calls made ÷ unique calls', (r) => `${n(r.requests)} ÷ ${n(r.unique)} = ${ratio(r.requests, r.unique)}`],
    ['  made twice', (r) => Object.entries(r.duplicates).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'],
    ['attempts (retries)', (r) => `${n(r.attempts)} (${n(r.attempts - r.requests)} retries)`],
    ['throttled / random 5xx answers', (r) => `${n(r.throttles)} / ${n(r.serverErrors)}`],
    ['scanner counted', (r) => `${n(r.scanner.apiCalls)} attempts, ${n(r.scanner.retries)} retries, ${n(r.scanner.throttled)} requests throttled`],
    ['throttles surfacing as errors', (r) => n(r.throttledErrors)],
    ['report errors', (r) => (Object.keys(r.errorsByKind).length ? Object.entries(r.errorsByKind).map(([k, v]) => `${k} ${v}`).join(', ') : 'none')],
    ['peak RSS', (r) => `${Math.round(r.peakRssMiB)} MiB (main thread's heap at most ${Math.round(r.peakHeapMiB)} MiB; live after the scan ${Math.round(r.liveHeapMiB)} MiB)`],
    ['CPU time', (r) => `${s(r.cpuMs)} (${ratio(r.cpuMs, r.wallMs)} of wall; simulator's own ${s(r.simulatorMs)})`],
    ['findings', (r) => `${n(r.findings.total)}: ${Object.entries(r.findings.byStatus).map(([k, v]) => `${k} ${n(v)}`).join(', ')}`],
    ['report size (JSON)', (r) => `${(r.reportBytes / 2 ** 20).toFixed(1)} MiB`],
    ['items', (r) => `met ${r.items.met}, not-met ${r.items['not-met']}, manual ${r.items.manual}, error ${r.items.error}, n/a ${r.items['not-applicable']}`],
    ['accounts scanned', (r) => `${r.accountsScanned} of ${r.estate.accounts}`],
  ];
  const extra = runs.some((r) => r.topThrottled.length) ? [['most throttled APIs', (r: RunResult) => r.topThrottled.map(([api, st]) => `${api} ${st.throttles}`).join(', ') || '—'] as [string, (r: RunResult) => string]] : [];
  const unmodeled = runs.some((r) => Object.keys(r.unmodeled).length) ? [['unmodeled calls', (r: RunResult) => Object.entries(r.unmodeled).map(([k, v]) => `${k} ${v}`).join(', ') || '—'] as [string, (r: RunResult) => string]] : [];
  const misrouted = runs.some((r) => r.misroutedS3) ? [['S3 calls to a wrong region', (r: RunResult) => n(r.misroutedS3)] as [string, (r: RunResult) => string]] : [];
  const all = [...rows, ...extra, ...unmodeled, ...misrouted];
  const width = Math.max(...all.map(([label]) => label.length)) + 2;
  const cols = runs.map((r) => all.map(([, f]) => f(r)));
  const colWidth = cols.map((c) => Math.max(...c.map((v) => v.length)) + 3);
  const lines = all.map(([label], i) => label.padEnd(width) + cols.map((c, j) => c[i].padEnd(colWidth[j])).join('').trimEnd());
  if (runs.length === 2) {
    const [big, small] = runs;
    lines.push(
      '',
      `growth (${big.estate.accounts} vs ${small.estate.accounts} accounts): resources ×${ratio(big.estate.totalResources, small.estate.totalResources)}, wall ×${ratio(big.wallMs, small.wallMs)}, floor ×${ratio(big.floor.ms, small.floor.ms)}, unique calls ×${ratio(big.unique, small.unique)}, peak RSS ×${ratio(big.peakRssMiB, small.peakRssMiB)}`,
    );
  }
  return lines.join('\n');
}
