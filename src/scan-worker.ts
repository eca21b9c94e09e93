// A worker thread's side of src/workers.ts: scans the accounts the main thread hands it, one scanAccount each,
// and sends back the results, the recorded answers, its live API statistics and the engine's progress events.
import { parentPort, workerData } from 'node:worker_threads';
import { TimedOut } from './errors.js';
import { ClientPools, credentialsOf, scanAccount, StatsTotal, type ScanOptions, type WorkerContext } from './scan.js';
import { serializeError, type FromWorker, type ToWorker, type WorkerHooks, type WorkerHooksSpec } from './workers.js';
import { park } from './parked.js';

export interface WorkerData {
  opts: ScanOptions;
  context: { estate: boolean; now: string; items: string[]; homeRegion?: string };
  hooks?: WorkerHooksSpec;
}

const port = parentPort!;
const data = workerData as WorkerData;
const post = (m: FromWorker) => port.postMessage(m);

const hooks: WorkerHooks | undefined = data.hooks ? await (await import(data.hooks.module)).workerHooks(data.hooks.data) : undefined;
const opts: ScanOptions = {
  ...data.opts,
  ...(hooks?.assumeRole ? { assumeRole: hooks.assumeRole as ScanOptions['assumeRole'] } : {}),
  ...(hooks?.clientMiddleware ? { clientMiddleware: hooks.clientMiddleware as ScanOptions['clientMiddleware'] } : {}),
  onProgress: (event) => {
    // 'start' and 'check-done' come through the engine hook below; account events go as they are.
    if (event.type === 'account-start' || event.type === 'account-done') post({ type: 'event', event });
  },
};
const deadline = new AbortController();
const stats = new StatsTotal();
const recorded: WorkerContext['recorded'] = {};
const context: WorkerContext = {
  estate: data.context.estate,
  now: new Date(data.context.now),
  items: data.context.items,
  homeRegion: data.context.homeRegion,
  signal: deadline.signal,
  stats,
  recorded,
  clients: new ClientPools(opts),
  progress: { engine: (account, event) => post({ type: 'engine', account, event }) },
};

// Live statistics for the heartbeat line, twice a second (and with each account's result).
const ticker = setInterval(() => post({ type: 'stats', stats: stats.total() }), 500);
ticker.unref();

port.on('message', (m: ToWorker) => {
  if (m.type === 'abort') deadline.abort(new TimedOut(m.message, 'scan'));
  else if (m.type === 'finish') {
    clearInterval(ticker);
    context.clients.destroy();
    post({ type: 'stats', stats: stats.total() });
    Promise.resolve(hooks?.finish?.()).then(
      (result) => post({ type: 'finished', result }),
      () => post({ type: 'finished', result: undefined }),
    );
  } else if (m.type === 'run') void run(m.seq, m.target);
});

async function run(seq: number, spec: Extract<ToWorker, { type: 'run' }>['target']): Promise<void> {
  try {
    const homeRegion = opts.region ?? spec.homeRegion ?? context.homeRegion ?? 'us-east-1';
    const credentials = spec.roles?.length ? credentialsOf(opts, spec.profile, spec.roles, context.homeRegion ?? homeRegion) : undefined;
    const outcome = await scanAccount(opts, { ...spec, ...(credentials ? { credentials } : {}) }, context);
    const id = 'account' in outcome ? outcome.account.id : undefined;
    const mine = id !== undefined ? recorded[id] : undefined;
    if (id !== undefined) delete recorded[id];
    post({ type: 'stats', stats: stats.total() });
    // An account's run goes as bytes (parked.ts): the main thread keeps it so until the report is built.
    const sent = 'unreached' in outcome ? { unreached: outcome.unreached, cause: serializeError(outcome.cause) } : park(outcome);
    post({ type: 'done', seq, outcome: sent, ...(mine && id ? { recorded: { id, ...mine } } : {}) });
  } catch (err) {
    post({ type: 'failed', seq, error: serializeError(err) });
  }
}
