// The simulated AWS: a pair of middlewares added to every SDK client the scanner creates (the Fetcher's
// clientMiddleware hook), placed beneath the SDK's retry layer and beneath the fetcher's attempt counter, so
// the SDK's real retry strategy (adaptive by default) and the fetcher's counting see every attempt:
//
//   retryMiddleware (finalizeRequest, high) → … signing … → cmtAuditAttempts (deserialize, high)
//     → benchSimulatedAws (right after cmtAuditAttempts)   answers successes itself, as an SDK output
//     → deserializerMiddleware (the SDK's own)               turns an error answer into the SDK's exception
//     → benchSimulatedWire (deserialize, low)                hands the deserializer the HTTP error answer
//
// Nothing is ever sent: the wire middleware answers instead of the HTTP handler, and refuses a request the
// simulator did not prepare (so a bypass fails loudly instead of reaching the network).
//
// Each attempt: the request travels half the region's round trip; AWS takes a token from the API's bucket
// (per account, region and API; rates.ts) or answers throttling; a few attempts answer a random 5xx; the
// rest answer after the full latency. Latencies and 5xx are drawn from the request key and attempt number,
// so runs are repeatable. The account is read from the request's SigV4 Authorization header: the access key
// id carries it (accessKeyFor()).
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICES } from '../../src/aws/services/index.js';
import { hash53, normal, unit } from './rng.js';
import { bucketKey, latencyOf, rateOf, rttOf, serverErrorOf, throttleOf, type Rate, type WireError } from './rates.js';
import { FloorSums } from './floor.js';
import { TokenBucket } from './token-bucket.js';
import { wireError, type WireResponse } from './wire.js';

export interface SimRequest {
  account: string;
  /** The region the client was made for (S3 bucket calls: the bucket's region). */
  region: string;
  /** The scanner's service name (src/aws/services): iam, ec2, s3, s3control, … */
  service: string;
  operation: string;
  input: Record<string, any>;
}

export type SimAnswer = { output: Record<string, unknown>; reveals?: readonly string[] } | { error: WireError };

/** What the simulated accounts hold: one answer per request (a page of a listing, an error …). */
export interface SimModel {
  answer(req: SimRequest): SimAnswer;
  /** Strings a request needs besides its input's (e.g. the credential report needs its generation). */
  needs?(req: SimRequest): readonly string[];
}

export interface SimOptions {
  model: SimModel;
  /** Share of attempts answering a random 5xx (InternalError / ServiceUnavailable). */
  serverErrorRate?: number;
  /** Milliseconds since start; tests may drive time themselves. */
  now?: () => number;
  /** Tests: other rates than AWS's (rates.ts). */
  rateOf?: (service: string, operation: string) => Rate;
  /** Tests: other latencies (ms) than rates.ts's model. */
  latencyOf?: (req: SimRequest, attempt: number) => number;
}

/** A unique request as the floor needs it (floor.ts). */
export interface UniqueRequest {
  account: number;
  bucket: number;
  queue: number;
  /** The first attempt's latency, ms. */
  latency: number;
  /**
   * What this request needs from earlier answers: one group per string it names (an id, a page token, its
   * region) that an earlier answer revealed, holding every unique request that revealed it (any one is enough).
   */
  deps: number[][];
}

export interface ApiStats {
  requests: number;
  attempts: number;
  throttles: number;
  serverErrors: number;
}

/** Access key id that names an account to the simulator: AKIA + BNCH + the 12-digit account id. */
export function accessKeyFor(account: string): string {
  if (!/^\d{12}$/.test(account)) throw new Error(`not an account id: ${account}`);
  return `AKIABNCH${account}`;
}

export function credentialsFor(account: string) {
  return { accessKeyId: accessKeyFor(account), secretAccessKey: `bench-secret-${account}` };
}

const SIM = Symbol('benchSimulatedWire');
const GLOBAL = new Set(
  SERVICES.flatMap((s) => Object.entries(s.operations).filter(([, op]) => s.global || op.global).map(([name]) => `${s.name}:${name}`)),
);

export class SimulatedAws {
  readonly stats = { requests: 0, attempts: 0, throttles: 0, serverErrors: 0, modeledErrors: 0, duplicates: 0 };
  /** Time spent in the simulator's own code (bookkeeping, generating answers), not waiting: its share of the CPU. */
  busyMs = 0;
  /** Requests made again (same account, region, API and input, not a retry), by API. */
  readonly duplicateApis = new Map<string, number>();
  readonly perApi = new Map<string, ApiStats>();
  /** The floor's sums over the unique requests (floor.ts), kept as they arrive: nothing per request is kept. */
  readonly floor = new FloorSums();
  /** Unique requests seen (calls made, not counting the same request made again). */
  uniqueCount = 0;
  readonly accounts: string[] = [];
  readonly bucketRates: Rate[] = [];
  readonly bucketNames: string[] = [];
  readonly queueNames: string[] = [];
  // The simulator's bookkeeping is kept small: it shares the scanner's process, so it counts in the peak RSS the
  // benchmark measures. Requests and revealed strings are known by a 53-bit hash of their key (a collision
  // among the ~10⁵ keys of a run has a chance of about 10⁻⁶), and each maps to a time, not to a list.
  /** Unique request (hash of its key) → when it could finish at the earliest, ms (floor.ts). */
  private readonly seen = new Map<number, number>();
  /** Account and string (hash) → the earliest finish of the answers that revealed it. */
  private readonly revealed = new Map<number, number>();
  private readonly bucketIds = new Map<string, number>();
  private readonly tokenBuckets: TokenBucket[] = [];
  private readonly queues = new Map<string, number>();
  private readonly accountIds = new Map<string, number>();
  private readonly serverErrorRate: number;
  private readonly now: () => number;
  private readonly started = performance.now();

  constructor(private readonly opts: SimOptions) {
    this.serverErrorRate = opts.serverErrorRate ?? 0.002;
    this.now = opts.now ?? (() => performance.now() - this.started);
  }

  /** The Fetcher's clientMiddleware: puts the simulator beneath the retry layer of this client. */
  readonly clientMiddleware = (client: { middlewareStack: any; config?: any }, where: { service: string; region: string }): void => {
    const protocol: string | undefined = client.config?.protocol?.constructor?.name;
    client.middlewareStack.addRelativeTo(
      (next: any, context: any) => async (args: any) => {
        const operation = String(context.commandName ?? '').replace(/Command$/, '');
        const headers = args.request?.headers ?? {};
        const account = accountOf(headers.authorization ?? headers.Authorization);
        const attempt = Number(/attempt=(\d+)/.exec(headers['amz-sdk-request'] ?? '')?.[1] ?? 1);
        const req: SimRequest = { account, region: where.region, service: where.service, operation, input: args.input ?? {} };
        const outcome = await this.attempt(req, attempt);
        if ('output' in outcome) {
          return { output: { ...outcome.output, $metadata: { httpStatusCode: 200, requestId: outcome.requestId } }, response: { statusCode: 200, headers: {} } };
        }
        context[SIM] = wireError(protocol, outcome.error, outcome.requestId);
        return next(args);
      },
      { name: 'benchSimulatedAws', relation: 'after', toMiddleware: 'cmtAuditAttempts' },
    );
    client.middlewareStack.add(
      (_next: any, context: any) => async () => {
        const response: WireResponse | undefined = context[SIM];
        if (!response) throw new Error(`simulated AWS: a ${where.service} request reached the wire without the simulator`);
        delete context[SIM];
        return { response };
      },
      { name: 'benchSimulatedWire', step: 'deserialize', priority: 'low' },
    );
  };

  /** One attempt of one request: latency, token bucket, random 5xx, then the model's answer. */
  async attempt(req: SimRequest, attempt: number): Promise<({ output: Record<string, unknown> } | { error: WireError }) & { requestId: string }> {
    const started = performance.now();
    const api = `${req.service}:${req.operation}`;
    const key = requestKey(req);
    const draw = `${key}#${attempt}`;
    const requestId = hash53(draw).toString(16).padStart(14, '0');
    const latency = this.opts.latencyOf?.(req, attempt) ?? latencyOf(req.service, req.operation, req.region, normal(draw), unit(draw, 3));
    const stats = this.apiStats(api);
    this.stats.attempts++;
    stats.attempts++;
    const { id: bucketId, bucket } = this.bucket(req);
    const finish = this.record(req, key, attempt, latency, bucketId);
    // On its way: half the round trip, then AWS counts the request against the API's bucket.
    const inbound = Math.min(latency, rttOf(req.region) ?? 0) / 2;
    this.busyMs += performance.now() - started;
    await sleep(inbound);
    if (!bucket.take(this.now())) {
      this.stats.throttles++;
      stats.throttles++;
      await sleep(inbound + 2);
      return { error: throttleOf(req.service), requestId };
    }
    await sleep(Math.max(0, latency - inbound));
    if (unit(draw, 4) < this.serverErrorRate) {
      this.stats.serverErrors++;
      stats.serverErrors++;
      return { error: serverErrorOf(req.service, unit(draw, 5)), requestId };
    }
    const answering = performance.now();
    try {
      const answer = this.opts.model.answer(req);
      if ('error' in answer) {
        this.stats.modeledErrors++;
        return { error: answer.error, requestId };
      }
      if (answer.reveals && finish !== undefined) for (const value of answer.reveals) this.reveal(req.account, value, finish);
      return { output: answer.output, requestId };
    } finally {
      this.busyMs += performance.now() - answering;
    }
  }

  /**
   * Counts the request; on its first sight, adds it to the floor's sums: it could start once the earliest
   * answer revealing each string it names had arrived (its bucket, queue and latency count too). Returns the
   * time it could finish, for the strings its answer reveals.
   */
  private record(req: SimRequest, key: string, attempt: number, latency: number, bucket: number): number | undefined {
    const id = hash53(key);
    const known = this.seen.get(id);
    if (attempt > 1) return known;
    this.stats.requests++;
    this.apiStats(`${req.service}:${req.operation}`).requests++;
    if (known !== undefined) {
      this.stats.duplicates++;
      const api = `${req.service}:${req.operation}`;
      this.duplicateApis.set(api, (this.duplicateApis.get(api) ?? 0) + 1);
      return known;
    }
    this.uniqueCount++;
    const needs = [...stringsIn(req.input), ...(this.opts.model.needs?.(req) ?? [])];
    if (!GLOBAL.has(`${req.service}:${req.operation}`)) needs.push(req.region);
    let ready = 0;
    for (const value of new Set(needs)) {
      // Named by several answers (a trail every region lists): the earliest of them is enough.
      const by = this.revealed.get(revealKey(req.account, value));
      if (by !== undefined) ready = Math.max(ready, by);
    }
    const finish = this.floor.add(
      { account: this.accountIndex(req.account), bucket, queue: this.queueIndex(`${req.account}/${req.region}/${req.service}`), latency },
      ready,
    );
    this.seen.set(id, finish);
    return finish;
  }

  private reveal(account: string, value: string, finish: number): void {
    const key = revealKey(account, value);
    const by = this.revealed.get(key);
    if (by === undefined || finish < by) this.revealed.set(key, finish);
  }

  private bucket(req: SimRequest): { id: number; bucket: TokenBucket } {
    const key = bucketKey(req.account, req.region, req.service, req.operation, req.input);
    let id = this.bucketIds.get(key);
    if (id === undefined) {
      const rate = (this.opts.rateOf ?? rateOf)(req.service, req.operation);
      id = this.bucketRates.length;
      this.tokenBuckets.push(new TokenBucket(rate.burst, rate.refill, this.now()));
      this.bucketRates.push(rate);
      this.bucketNames.push(key);
      this.bucketIds.set(key, id);
    }
    return { id, bucket: this.tokenBuckets[id] };
  }

  private queueIndex(name: string): number {
    let id = this.queues.get(name);
    if (id === undefined) {
      id = this.queueNames.length;
      this.queueNames.push(name);
      this.queues.set(name, id);
    }
    return id;
  }

  private accountIndex(account: string): number {
    let id = this.accountIds.get(account);
    if (id === undefined) {
      id = this.accounts.length;
      this.accounts.push(account);
      this.accountIds.set(account, id);
    }
    return id;
  }

  private apiStats(api: string): ApiStats {
    let s = this.perApi.get(api);
    if (!s) {
      s = { requests: 0, attempts: 0, throttles: 0, serverErrors: 0 };
      this.perApi.set(api, s);
    }
    return s;
  }
}

/** The account a signed request is for, from its access key id (accessKeyFor()). */
export function accountOf(authorization: string | undefined): string {
  const m = /Credential=AKIABNCH(\d{12})\//.exec(authorization ?? '');
  if (!m) throw new Error('simulated AWS: the request is not signed with a benchmark access key (accessKeyFor())');
  return m[1];
}

const revealKey = (account: string, value: string) => hash53(`${account}\u0000${value}`);

/** One request's identity: account, region, API and its input (canonical JSON; page tokens included). */
export function requestKey(req: SimRequest): string {
  return `${req.account}|${req.region}|${req.service}:${req.operation}|${canonical(req.input)}`;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Every string in an input, however deep (identifiers a request names, page tokens). */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object' && !(value instanceof Date)) for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}
