// The one door to AWS. Every accessor is a line over `call()`, which:
//  1. memoizes on (account, region, service, operation, input) — concurrent callers share one promise;
//  2. loads the service's SDK package on its first live call (never in replay), paginates with the
//     SDK's paginateX helpers and merges the pages;
//  3. runs under a per-(region, service) concurrency limit, paces each attempt to the API's published rate
//     where AWS documents one (pacer()), with the SDK's adaptive retry mode, so throttling is avoided, or
//     absorbed and counted, never reported as a failed check;
//  4. bounds time: every attempt by the request timeout (the SDK's NodeHttpHandler), every request with
//     its retries by a retry budget (RETRY_BUDGET_FACTOR request timeouts, whatever AWS_MAX_ATTEMPTS
//     says), and everything by the scan's deadline signal;
//  5. classifies errors once (see classify());
//  6. records every response for --record, or, in replay mode, serves from a snapshot with no network.
// A Fetcher belongs to one account (one set of credentials), so the memo is per account by construction; its SDK
// clients may be shared with the other accounts a thread scans (client-pool.ts), each request signed as its own.
import { isIP } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';
import pLimit, { type LimitFunction } from 'p-limit';
import {
  AwsDataError,
  CredentialsError,
  EndpointUnusable,
  MissingPermission,
  NotInSnapshot,
  RegionDisabled,
  ServiceNotEnabled,
  Throttled,
  TimedOut,
  UserError,
} from '../errors.js';
import type { ScanStats } from '../model.js';
import { ClientPool, keptCredentials, Session, type CredentialProviderLike, type CredentialsLike } from './client-pool.js';
import { actionOf, type AnyInput, type CallOptions, type Paginate, type RequestRate, type ServiceSpec } from './service.js';
import { conform } from './shapes.js';
import { SLOW_RATE, turnToStart } from './turns.js';
import { callKey, isSnapshotError, redactString, revive, serialise, shapesCheckedWith, type SnapshotError, type SnapshotFile } from './snapshot.js';

export interface FetcherOptions {
  services: readonly ServiceSpec[];
  homeRegion: string;
  /** Concurrent requests per (region, service). */
  concurrency?: number;
  /** Replay: serve every call from this snapshot; nothing reaches the network. */
  snapshot?: SnapshotFile;
  /** Live: base SDK client configuration (credentials, retry mode, …); region is added per client. Not with `pool`. */
  clientConfig?: Record<string, unknown>;
  /**
   * Live: SDK clients shared with other accounts (made with perRequestCredentials), and this account's
   * credentials, which sign every request this fetcher sends through them. Without it, the fetcher makes its
   * own clients from clientConfig.
   */
  pool?: { clients: ClientPool; credentials: CredentialProviderLike | CredentialsLike };
  /** Keep every response (serialised, redacted) for --record. */
  record?: boolean;
  /** First delay of a repeatUntil poll (doubles each time, 30 s cap); tests set it to 0. */
  pollDelayMs?: number;
  /** Give up a repeatUntil poll after this long. */
  pollTimeoutMs?: number;
  /** Live: the longest one attempt may take (connect, then each wait for data); default DEFAULT_REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
  /** The scan's deadline: once aborted, calls in flight are abandoned and new ones fail at once (TimedOut). */
  signal?: AbortSignal;
  /**
   * Live: called once for each SDK client created (per region and service), to add middleware to its stack.
   * The benchmark's simulated AWS sits there, beneath the SDK's retry layer.
   */
  clientMiddleware?: (client: { middlewareStack: any }, where: { service: string; region: string }) => void;
}

export interface CallRecord {
  key: string;
  service: string;
  operation: string;
  action: string;
  region?: string;
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'UnauthorizedException',
  'AuthorizationError',
  'AuthorizationErrorException',
  'AccessDeniedFault',
  'Forbidden',
  'ForbiddenException',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
]);
// What an opt-in region that is not enabled answers (the token is valid, but not there).
const REGION_REFUSED = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure', 'OptInRequired']);
const CREDENTIALS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
]);

export const DEFAULT_CONCURRENCY = 8;
/** Attempts per request unless AWS_MAX_ATTEMPTS says otherwise (the SDK's own default is 3). */
export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** A request, all its retries included, is abandoned this many request timeouts after it started (60 s by default). */
export const RETRY_BUDGET_FACTOR = 4;

/** What one request (one SDK send, all attempts) went through, as the attempt middleware saw it. */
interface AttemptLog {
  attempts: number;
  throttled: boolean;
  /** The last attempt's failure (an abort is not one). */
  last?: unknown;
}

/** Per-attempt middleware: inside the SDK's retry loop, so it sees every attempt and its failure. */
const ATTEMPT_MIDDLEWARE = { step: 'deserialize', priority: 'high', name: 'cmtAuditAttempts' } as const;

export class Fetcher {
  readonly stats: ScanStats = { apiCalls: 0, uniqueCalls: 0, memoHits: 0, retries: 0, throttled: 0 };
  /** Every distinct call made, in order (the check tester reads it; the policy test too). */
  readonly calls: CallRecord[] = [];
  readonly recorded: Record<string, unknown> = {};
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly limits = new Map<string, LimitFunction>();
  private readonly paces = new Map<string, () => Promise<void>>();
  private readonly clients: ClientPool;
  /** With shared clients: this account's credentials and retry strategies (undefined: the clients are its own). */
  private readonly session?: Session;
  /** The sends in flight (their abort controllers), for the deadline to abort. */
  private readonly sending = new Set<AbortController>();
  private watching = false;
  private readonly sdks = new Map<string, Promise<any>>();
  private readonly services: Map<string, ServiceSpec>;

  constructor(private readonly opts: FetcherOptions) {
    this.services = new Map(opts.services.map((s) => [s.name, s]));
    const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new UserError(`concurrency must be a whole number of 1 or more, got ${String(opts.concurrency)}`);
    }
    const timeout = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    if (!Number.isFinite(timeout) || timeout <= 0) throw new UserError(`the request timeout must be more than 0, got ${String(opts.requestTimeoutMs)}`);
    if (opts.pool) {
      this.clients = opts.pool.clients;
      this.session = new Session(accountCredentials(opts.pool.credentials));
    } else {
      this.clients = new ClientPool({ defaults: clientDefaults(this.requestTimeoutMs), config: opts.clientConfig, clientMiddleware: opts.clientMiddleware });
    }
  }

  private get requestTimeoutMs(): number {
    return this.opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  /** How long one request may take, all attempts and backoff included. */
  get retryBudgetMs(): number {
    return RETRY_BUDGET_FACTOR * this.requestTimeoutMs;
  }

  get homeRegion(): string {
    return this.opts.homeRegion;
  }

  /** Where a call to this service goes: global services are pinned to one region. */
  regionFor(service: ServiceSpec, region?: string, operation?: string): string {
    if (service.global || (operation && service.operations[operation]?.global)) return service.globalRegion ?? this.opts.homeRegion;
    return region ?? this.opts.homeRegion;
  }

  call = <T = any>(
    serviceName: string,
    operation: string,
    input: AnyInput = {},
    region?: string,
    options: CallOptions = {},
  ): Promise<T> => {
    const service = this.services.get(serviceName);
    const op = service?.operations[operation];
    if (!service || !op) throw new Error(`internal: ${serviceName}:${operation} is not declared in src/aws/services`);
    const keyRegion = service.global || op.global ? undefined : this.regionFor(service, region);
    const key = callKey(serviceName, operation, input, keyRegion);
    const hit = this.memo.get(key);
    if (hit) {
      this.stats.memoHits++;
      return hit as Promise<T>;
    }
    this.stats.uniqueCalls++;
    this.calls.push({ key, service: serviceName, operation, action: actionOf(service, operation), region: keyRegion });
    // The answer's shape is checked once, here, whether it came live or from a snapshot (shapes.ts);
    // a snapshot file had all its answers checked against these declarations when it was loaded.
    const checked = this.opts.snapshot !== undefined && shapesCheckedWith(this.opts.snapshot) === this.opts.services;
    const promise = this.fetch(service, operation, input, keyRegion, key, options).then((value) =>
      checked ? value : conform(op.shape, value, key, `${serviceName}:${operation}`, keyRegion),
    );
    this.memo.set(key, promise);
    return promise as Promise<T>;
  };

  private async fetch(
    service: ServiceSpec,
    operation: string,
    input: AnyInput,
    region: string | undefined,
    key: string,
    options: CallOptions,
  ) {
    try {
      const value = this.opts.snapshot ? this.replay(key) : await this.poll(service, operation, input, region, options);
      if (this.opts.record) this.recorded[key] = serialise(value);
      return value;
    } catch (raw) {
      const err = classify(raw, service, operation, region, this.opts.homeRegion);
      // Credentials failures are about this machine, not the account; a missing key is about the snapshot;
      // a timeout or an unusable endpoint is about this scan's network and settings (a replay would only mislead).
      if (this.opts.record && !(err instanceof CredentialsError || err instanceof NotInSnapshot || err instanceof TimedOut || err instanceof EndpointUnusable)) {
        this.recorded[key] = recordError(raw, err === undefined);
      }
      if (err === undefined) return undefined;
      throw err;
    }
  }

  private async poll(service: ServiceSpec, operation: string, input: AnyInput, region: string | undefined, options: CallOptions) {
    let value = await this.live(service, operation, input, region);
    if (!options.repeatUntil) return value;
    const deadline = Date.now() + (this.opts.pollTimeoutMs ?? 120_000);
    let delay = this.opts.pollDelayMs ?? 1000;
    while (!options.repeatUntil(value)) {
      if (Date.now() > deadline) {
        throw new AwsDataError(`${service.name}:${operation} did not become ready in time`, `${service.name}:${operation}`, region);
      }
      // The scan's deadline cuts the wait short (sleep rejects; live() then reports the deadline).
      await sleep(delay, undefined, { signal: this.opts.signal }).catch(() => undefined);
      delay = Math.min(delay * 2, 30_000);
      value = await this.live(service, operation, input, region);
    }
    return value;
  }

  private replay(key: string): unknown {
    const responses = this.opts.snapshot!.responses;
    if (!Object.hasOwn(responses, key)) throw new NotInSnapshot(`the snapshot has no response for ${key}`, key);
    const stored = responses[key];
    if (isSnapshotError(stored)) {
      const { name, code, message, httpStatusCode } = stored.$error;
      // The same shape the SDK throws: `name` (exception class or code), `Code` (the wire code), status.
      throw Object.assign(new Error(message ?? name), { name, Code: code, $metadata: { httpStatusCode } });
    }
    return revive(stored);
  }

  private async live(service: ServiceSpec, operation: string, input: AnyInput, region: string | undefined) {
    // Past the deadline, not even the SDK package is loaded (loading one blocks the process for a while).
    if (this.opts.signal?.aborted) throw deadlineError(this.opts.signal, `${service.name}:${operation}`, region);
    const where = this.regionFor(service, region, operation);
    const sdk = await this.sdk(service);
    const client = this.client(service, sdk, where);
    const call = `${service.name}:${operation}`;
    if (service.accountIdHostPrefix) await assertHostTakesPrefix(client, call, region);
    const op = service.operations[operation];
    const Command = sdkExport(sdk, service, op.command);
    const paginate: Paginate | undefined =
      typeof op.paginator === 'function' ? op.paginator(sdk) : op.paginator && sdkExport(sdk, service, op.paginator);
    const limit = this.limit(`${where}/${service.name}`);
    const rate = rateOf(service, operation);
    const pace = this.pace(service, operation, where, rate);
    // Requests take turns to start (turns.ts); a slow API's never wait.
    const urgent = rate !== undefined && rate.perSecond <= SLOW_RATE;
    const send = (command: any) => this.send(client, command, service, operation, region, pace, urgent);
    // Inputs are copied: SDK paginators write their page token into the input object they are given.
    if (!paginate) return limit(() => send(new Command({ ...input })));
    // Each page waits for its own slot so one long listing never starves the service's other calls.
    // The paginator gets the client with its `send` routed through this.send() (same client, so each page
    // gets the client's retries, and this fetcher's timeouts and counting); it still is an instance of the
    // client class, which SDK paginators check.
    const pager = Object.create(client, { send: { value: send } });
    const pages: any[] = [];
    const iterator = paginate({ client: pager }, { ...input })[Symbol.asyncIterator]();
    for (;;) {
      const next = await limit(() => iterator.next());
      if (next.done) break;
      pages.push(next.value);
    }
    return mergePages(pages, op.items ?? []);
  }

  /**
   * One SDK send (one request, all its attempts): abandoned when the retry budget or the scan's deadline
   * runs out, whether or not the SDK notices the abort signal (older clients sleep through it).
   */
  private async send(
    client: any,
    command: any,
    service: ServiceSpec,
    operation: string,
    region: string | undefined,
    pace?: () => Promise<void>,
    urgent = false,
  ): Promise<any> {
    const call = `${service.name}:${operation}`;
    const deadline = this.opts.signal;
    const turn = turnToStart(urgent);
    if (turn) await turn;
    // The next page of a listing, or the next poll, after the deadline: not sent.
    if (deadline?.aborted) throw deadlineError(deadline, call, region);
    const log: AttemptLog = { attempts: 0, throttled: false };
    command.middlewareStack.add(attemptRecorder(log, this.stats, pace), ATTEMPT_MIDDLEWARE);
    // One signal for this send, aborted by its retry budget or by the scan's deadline (through the fetcher's one
    // deadline listener: AbortSignal.any, or a listener per send, would cost more for each of thousands of sends).
    const abort = new AbortController();
    let spent = false;
    const timer = setTimeout(() => {
      spent = true;
      abort.abort();
    }, this.retryBudgetMs);
    this.watchDeadline();
    this.sending.add(abort);
    const signal = abort.signal;
    try {
      const sent = this.session ? this.session.send(client, command, { abortSignal: signal }) : client.send(command, { abortSignal: signal });
      const out = await untilAborted(Promise.resolve(sent), signal);
      this.countUnobserved(log, out);
      return out;
    } catch (err) {
      if (deadline?.aborted) throw deadlineError(deadline, call, region);
      if (spent) throw retryTimeSpent(log, this.retryBudgetMs, service, operation, region, this.opts.homeRegion);
      this.countUnobserved(log, err);
      throw err;
    } finally {
      clearTimeout(timer);
      this.sending.delete(abort);
    }
  }

  /** The scan's deadline aborts every send in flight; one listener per fetcher, removed by destroy(). */
  private watchDeadline(): void {
    const deadline = this.opts.signal;
    if (!deadline || this.watching) return;
    this.watching = true;
    deadline.addEventListener('abort', this.onDeadline, { once: true });
  }

  private readonly onDeadline = () => {
    for (const abort of this.sending) abort.abort(this.opts.signal?.reason);
  };

  /**
   * The attempt middleware counts every attempt it sees. A send it never saw (a stubbed client in tests, or
   * one that failed before sending, e.g. signing) is counted from the SDK's $metadata, as one request if none.
   */
  private countUnobserved(log: AttemptLog, outcome: any): void {
    if (log.attempts > 0) return;
    const attempts = outcome?.$metadata?.attempts ?? 1;
    this.stats.apiCalls += attempts;
    this.stats.retries += attempts - 1;
    if (isThrottling(outcome)) this.stats.throttled++;
  }

  /** The service's SDK module, imported on its first live call (replay never gets here). */
  private sdk(service: ServiceSpec): Promise<any> {
    let sdk = this.sdks.get(service.name);
    if (!sdk) {
      sdk = service.load();
      this.sdks.set(service.name, sdk);
    }
    return sdk;
  }

  private client(service: ServiceSpec, sdk: any, region: string) {
    return this.clients.client(service.name, sdkExport(sdk, service, service.client), region);
  }

  /** The operation's pacer in this region (one per account, Region and API), when its rate is published. */
  private pace(service: ServiceSpec, operation: string, region: string, rate: RequestRate | undefined): (() => Promise<void>) | undefined {
    if (!rate) return undefined;
    const key = `${region}/${service.name}:${operation}`;
    let pace = this.paces.get(key);
    if (!pace) {
      pace = pacer(rate);
      this.paces.set(key, pace);
    }
    return pace;
  }

  private limit(key: string): LimitFunction {
    let limit = this.limits.get(key);
    if (!limit) {
      limit = pLimit(this.opts.concurrency ?? DEFAULT_CONCURRENCY);
      this.limits.set(key, limit);
    }
    return limit;
  }

  /** Release sockets of live clients (shared clients are released by whoever made the pool). */
  destroy(): void {
    this.opts.signal?.removeEventListener('abort', this.onDeadline);
    this.watching = false;
    if (this.session) this.session.close();
    else this.clients.destroy();
  }
}

/**
 * What every client gets unless the configuration says otherwise: the adaptive retry mode, DEFAULT_MAX_ATTEMPTS,
 * and each attempt connected within the timeout, the answer's headers within it (an error, not the handler's
 * default warning), and no silence longer than it while the body streams.
 */
export function clientDefaults(timeout: number, maxSockets?: number): Record<string, unknown> {
  const agent = maxSockets ? { httpAgent: { maxSockets }, httpsAgent: { maxSockets } } : {};
  return {
    retryMode: 'adaptive',
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: timeout, requestTimeout: timeout, throwOnRequestTimeout: true, socketTimeout: timeout, ...agent },
  };
}

/** An account's credentials as a provider, kept until shortly before they expire (as the SDK would per client). */
function accountCredentials(source: CredentialProviderLike | CredentialsLike): CredentialProviderLike {
  if (typeof source !== 'function') return async () => source;
  return (source as { memoized?: boolean }).memoized ? source : keptCredentials(source);
}

/**
 * Counts each attempt as it starts (so progress shows retries while they happen) and keeps its failure; an
 * attempt of a paced API first waits for its turn (retries included: they are requests too).
 */
function attemptRecorder(log: AttemptLog, stats: ScanStats, pace?: () => Promise<void>) {
  return (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
    if (pace) await pace();
    log.attempts++;
    stats.apiCalls++;
    if (log.attempts > 1) stats.retries++;
    try {
      return await next(args);
    } catch (err) {
      if ((err as Error)?.name !== 'AbortError') log.last = err;
      if (!log.throttled && isThrottling(err)) {
        log.throttled = true;
        stats.throttled++;
      }
      throw err;
    }
  };
}

/** The rate AWS publishes for an operation: its own, else its service's (undefined: none published). */
function rateOf(service: ServiceSpec, operation: string): RequestRate | undefined {
  return service.operations[operation]?.rate ?? service.rate;
}

/** How long a request may take to reach AWS, more than another sent after it: the pacer keeps that many tokens back. */
export const PACE_JITTER_MS = 250;

/**
 * Paces requests to a published rate: the same token bucket AWS keeps (`burst` tokens, refilled at
 * `perSecond`), less the tokens that refill in PACE_JITTER_MS, because requests sent exactly at the rate can
 * reach AWS closer together than they left. Callers are served in order; each resolves when it may send.
 */
export function pacer(rate: RequestRate, now: () => number = () => performance.now()): () => Promise<void> {
  const burst = Math.max(1, rate.burst - (rate.perSecond * PACE_JITTER_MS) / 1000);
  let tokens = burst;
  let last = now();
  let queue: Promise<void> = Promise.resolve();
  const take = async () => {
    for (;;) {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * rate.perSecond);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - tokens) / rate.perSecond) * 1000));
    }
  };
  return () => (queue = queue.then(take));
}

/**
 * The promise's outcome, or a rejection as soon as the signal aborts (the promise's own outcome is then
 * ignored). The signal is this send's own and not aborted yet (send() checked the deadline).
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    // The listener goes once the send settles: a listener left behind on the send's signal would keep this
    // send's outcome reachable for as long as the signal is (the fetcher's sends in flight hold it).
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The scan's deadline passed: the reason it was aborted with says which (scan.ts aborts with a TimedOut). */
function deadlineError(deadline: AbortSignal, call: string, region: string | undefined): TimedOut {
  const why = deadline.reason instanceof AwsDataError ? deadline.reason.message : 'timed out: the scan deadline passed';
  return new TimedOut(why, call, region);
}

/** A request abandoned when its retry budget ran out: say what its last attempt met, and that time ran out. */
function retryTimeSpent(
  log: AttemptLog,
  budgetMs: number,
  service: ServiceSpec,
  operation: string,
  region: string | undefined,
  homeRegion: string,
): AwsDataError {
  const call = `${service.name}:${operation}`;
  const note = `gave up after ${seconds(budgetMs)} of retries (${plural(log.attempts, 'attempt')})`;
  const cause = log.last === undefined || isTimeout(log.last) ? undefined : classify(log.last, service, operation, region, homeRegion);
  if (cause instanceof Throttled) return new Throttled(`${call} still throttled: ${note}`, call, region);
  if (cause instanceof AwsDataError) return new AwsDataError(`${cause.message}; ${note}`, call, region);
  return new TimedOut(`no answer from ${service.name} ${operation}: ${note}`, call, region);
}

/**
 * S3 Control sends each request to `<account id>.<endpoint host>`: with an endpoint given as an IP address
 * (AWS_ENDPOINT_URL=http://127.0.0.1:4566) that is no host name at all, and the SDK logs a stack trace
 * before it fails. Refuse such a call up front, in one line, so only the items that need it are affected.
 */
async function assertHostTakesPrefix(client: any, call: string, region: string | undefined): Promise<void> {
  // The client's own resolution: an explicit `endpoint`, else what the SDK reads from AWS_ENDPOINT_URL_<SERVICE>,
  // AWS_ENDPOINT_URL or the config file (unless told to ignore those).
  const config = client.config;
  const explicit = config.isCustomEndpoint ? await config.endpoint() : undefined;
  const configured = explicit ?? (config.ignoreConfiguredEndpointUrls ? undefined : await config.serviceConfiguredEndpoint());
  if (!configured) return;
  const url = typeof configured === 'string' ? configured : `${configured.protocol}//${configured.hostname}${configured.port ? `:${configured.port}` : ''}`;
  const host: string = typeof configured === 'string' ? (URL.canParse(configured) ? new URL(configured).hostname : '') : configured.hostname;
  // An IPv6 host comes in brackets: http://[::1]:4566.
  if (isIP(host.startsWith('[') ? host.slice(1, -1) : host) === 0) return;
  const serviceId = String(config.serviceId);
  const variable = `AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/ /g, '_')}`;
  throw new EndpointUnusable(
    `${call} cannot be sent to ${url}: ${serviceId} puts the account id in front of the endpoint's host name, which an IP address cannot take (set ${variable} to a host name)`,
    call,
    region,
  );
}

/** A named export of a service's SDK module (client class, command class, paginator); test/policy.test.ts checks every name. */
function sdkExport(sdk: any, service: ServiceSpec, name: string): any {
  const value = sdk[name];
  if (typeof value !== 'function') throw new Error(`internal: ${service.name}: the SDK module has no export ${name}`);
  return value;
}

/** The last page carries no continuation token (IsTruncated false, no Marker/NextToken); items are all pages'. */
function mergePages(pages: any[], items: string[]): any {
  if (pages.length === 0) return {};
  const merged: Record<string, unknown> = { ...pages[pages.length - 1] };
  // A field no page holds stays absent (the shape decides whether that is malformed): never an invented [].
  for (const field of items) if (pages.some((p) => p?.[field] !== undefined)) merged[field] = pages.flatMap((p) => p?.[field] ?? []);
  return merged;
}

/**
 * Every code an error answers to. SDK v3 names modeled errors after their exception class
 * (`NoSuchEntityException`) and keeps the wire code in `Code` (`NoSuchEntity`); unmodeled errors are named
 * by the code; Node network errors carry `code` (`ENOTFOUND`).
 */
function errorCodes(err: unknown): string[] {
  const e = err as { name?: string; Code?: string; code?: string; Error?: { Code?: string } } | undefined;
  const codes = [e?.name, e?.Code, e?.Error?.Code, e?.code].filter((c): c is string => typeof c === 'string' && c !== '' && c !== 'Error');
  return codes.length ? [...new Set(codes)] : ['Error'];
}

/** The wire code when the SDK kept it, else the name: what people search the AWS docs for. */
function errorName(err: unknown): string {
  const e = err as { Code?: string; Error?: { Code?: string } } | undefined;
  return e?.Code ?? e?.Error?.Code ?? errorCodes(err)[0];
}

/** A failure as the snapshot keeps it, so replay classifies it the same way (no secrets in messages). */
function recordError(raw: unknown, absent: boolean): SnapshotError {
  const e = raw as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  const codes = errorCodes(raw);
  const name = codes[0];
  const code = errorName(raw);
  return {
    $error: {
      name,
      ...(code !== name ? { code } : {}),
      ...(absent || !e?.message ? {} : { message: redactString(e.message) }),
      ...(e?.$metadata?.httpStatusCode ? { httpStatusCode: e.$metadata.httpStatusCode } : {}),
    },
  };
}

/**
 * One place decides what an AWS failure means. Returns undefined for "optional configuration absent"
 * (the accessor resolves to undefined), otherwise the classified error to throw.
 */
export function classify(
  raw: unknown,
  service: ServiceSpec,
  operation: string,
  region: string | undefined,
  homeRegion: string,
): AwsDataError | CredentialsError | undefined {
  if (raw instanceof AwsDataError || raw instanceof CredentialsError) return raw;
  const codes = errorCodes(raw);
  const is = (set: ReadonlySet<string>) => codes.some((c) => set.has(c));
  const name = errorName(raw);
  const message = oneLine(withoutSdkHint((raw as Error)?.message ?? String(raw)));
  const op = service.operations[operation];
  const call = `${service.name}:${operation}`;
  const action = actionOf(service, operation);
  const status = (raw as any)?.$metadata?.httpStatusCode as number | undefined;
  const attempts = (raw as any)?.$metadata?.attempts as number | undefined;
  const tries = (attempts ?? 0) > 1 ? ` (${attempts} attempts)` : '';
  if (op.absent?.some((code) => codes.includes(code))) return undefined;
  if (op.notEnabled?.some((spec) => matches(spec, codes, message))) {
    return new ServiceNotEnabled(`${service.name} is not enabled${region ? ` in ${region}` : ''} (${name})`, call, region);
  }
  if (is(ACCESS_DENIED) || (status === 403 && !is(CREDENTIALS) && !is(REGION_REFUSED))) {
    return new MissingPermission(action, call, region, denialSource(message));
  }
  if (isThrottling(raw)) return new Throttled(`${call} still throttled after retries${status === 429 ? ' (HTTP 429)' : ''}${tries}`, call, region);
  // A valid token refused in a region other than the home region: that region is not enabled.
  if (is(REGION_REFUSED) && region && region !== homeRegion) {
    return new RegionDisabled(`region ${region} is not enabled for this account`, call, region);
  }
  // Refused in the home region (or by a global service): the credentials themselves are the problem.
  if (is(CREDENTIALS) || is(REGION_REFUSED)) {
    return new CredentialsError(`AWS credentials were rejected or are missing: ${name}: ${message}`, credentialHint(codes, homeRegion));
  }
  if (codes.some((c) => NO_ENDPOINT.test(c)) || NO_ENDPOINT.test(message)) {
    return new RegionDisabled(`${service.name} has no endpoint in ${region ?? homeRegion} (${name})`, call, region);
  }
  if (isTimeout(raw)) return new TimedOut(`no answer from ${service.name} ${operation}: the request timed out${tries}`, call, region);
  if (codes.includes('ERR_INVALID_URL')) return new EndpointUnusable(`${call} cannot be sent: its endpoint URL is not valid`, call, region);
  // The SDK could not read the answer (an HTML error page from a proxy, an empty 503): say what came back.
  if (status !== undefined && unreadable(raw, message)) {
    const body = (raw as any)?.$response?.body;
    const excerpt = typeof body === 'string' ? oneLine(body.replace(/<[^>]*>/g, ' '), 120) : '';
    const what = status < 300 ? `unreadable answer (HTTP ${status}) from` : `HTTP ${status} from`;
    return new AwsDataError(`${what} ${service.name} ${operation}${excerpt ? `: ${excerpt}` : ''}${tries}`, call, region);
  }
  // A JSON client fed something else (an XML or HTML page) throws the parser's SyntaxError, quoting the body.
  if (name === 'SyntaxError') return new AwsDataError(`unreadable answer from ${service.name} ${operation} (not the JSON it speaks)${tries}`, call, region);
  return new AwsDataError(`${call} failed: ${name}: ${message}${tries}`, call, region);
}

/**
 * What denied the action, when AWS's AccessDenied message says (its wording since 2021: "… with an explicit deny
 * in a service control policy"): a service control policy applies to a whole account or OU, which is worth
 * naming in an organization scan.
 */
export function denialSource(message: string): string | undefined {
  if (/service control polic/i.test(message)) return 'denied by a service control policy';
  if (/resource control polic/i.test(message)) return 'denied by a resource control policy';
  if (/permissions boundary/i.test(message)) return 'denied by a permissions boundary';
  if (/session polic/i.test(message)) return 'denied by a session policy';
  if (/explicit deny/i.test(message)) return 'an explicit deny';
  return undefined;
}

/** Throttled by code, or by HTTP 429 whatever the body says (the SDK's retry strategy reads 429 the same way). */
function isThrottling(err: unknown): boolean {
  return (err as any)?.$metadata?.httpStatusCode === 429 || errorCodes(err).some((c) => THROTTLED.has(c));
}

/** A request that timed out (the SDK's request or connection timeout, or the socket's). */
function isTimeout(err: unknown): boolean {
  return errorCodes(err).some((c) => TIMEOUT.has(c));
}

const TIMEOUT = new Set(['TimeoutError', 'ETIMEDOUT', 'RequestTimeout', 'RequestTimeoutException']);

/** The SDK's names for an answer it could not parse. */
function unreadable(raw: unknown, message: string): boolean {
  const name = (raw as Error)?.name;
  return (
    SDK_HINT.test((raw as Error)?.message ?? '') ||
    name === 'SyntaxError' ||
    ((name === 'Unknown' || name === 'UnknownError' || name === 'Error') && ['Unknown', 'UnknownError', ''].includes(message))
  );
}

const SDK_HINT = /\s*Deserialization error: to see the raw response[^]*$/;

function withoutSdkHint(message: string): string {
  return message.replace(SDK_HINT, '');
}

/** Text from AWS (or a proxy) for one line of a message: no escape sequences or control characters, bounded. */
export function oneLine(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const flat = stripVTControlCharacters(text).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const NO_ENDPOINT = /ENOTFOUND|EAI_AGAIN|UnknownEndpoint|getaddrinfo/;

/** A `notEnabled` spec: `Code`, or `Code:message substring` (the substring may itself hold colons). */
function matches(spec: string, codes: readonly string[], message: string): boolean {
  const colon = spec.indexOf(':');
  const code = colon < 0 ? spec : spec.slice(0, colon);
  const text = colon < 0 ? undefined : spec.slice(colon + 1);
  return codes.includes(code) && (text === undefined || message.toLowerCase().includes(text.toLowerCase()));
}

function credentialHint(codes: readonly string[], homeRegion: string): string {
  if (codes.some((c) => /Expired|TokenRefresh/.test(c))) {
    return 'your session has expired: run `aws sso login` (or refresh your credentials) and retry';
  }
  if (codes.some((c) => REGION_REFUSED.has(c) && !CREDENTIALS.has(c))) {
    return `check the credentials, and that the home region ${homeRegion} is enabled for the account (choose another with --region)`;
  }
  return 'set AWS_PROFILE / --profile, or run `aws configure` / `aws sso login`';
}
