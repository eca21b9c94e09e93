// The one door to AWS. Every accessor is a line over `call()`, which:
//  1. memoizes on (account, region, service, operation, input) — concurrent callers share one promise;
//  2. loads the service's SDK package on its first live call (never in replay), paginates with the
//     SDK's paginateX helpers and merges the pages;
//  3. runs under a per-(region, service) concurrency limit, with the SDK's adaptive retry mode, so
//     throttling is absorbed and counted, never reported as a failed check;
//  4. classifies errors once (see classify());
//  5. records every response for --record, or, in replay mode, serves from a snapshot with no network.
// A Fetcher belongs to one account (one set of credentials), so the memo is per account by construction.
import pLimit, { type LimitFunction } from 'p-limit';
import {
  AwsDataError,
  CredentialsError,
  MissingPermission,
  NotInSnapshot,
  RegionDisabled,
  ServiceNotEnabled,
  Throttled,
  UserError,
} from '../errors.js';
import type { ScanStats } from '../model.js';
import { actionOf, type AnyInput, type CallOptions, type Paginate, type ServiceSpec } from './service.js';
import { conform } from './shapes.js';
import { callKey, isSnapshotError, redactString, revive, serialise, shapesCheckedWith, type SnapshotError, type SnapshotFile } from './snapshot.js';

export interface FetcherOptions {
  services: readonly ServiceSpec[];
  homeRegion: string;
  /** Concurrent requests per (region, service). */
  concurrency?: number;
  /** Replay: serve every call from this snapshot; nothing reaches the network. */
  snapshot?: SnapshotFile;
  /** Live: base SDK client configuration (credentials, retry mode, …); region is added per client. */
  clientConfig?: Record<string, unknown>;
  /** Keep every response (serialised, redacted) for --record. */
  record?: boolean;
  /** First delay of a repeatUntil poll (doubles each time, 30 s cap); tests set it to 0. */
  pollDelayMs?: number;
  /** Give up a repeatUntil poll after this long. */
  pollTimeoutMs?: number;
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

const DEFAULT_CONCURRENCY = 8;

export class Fetcher {
  readonly stats: ScanStats = { apiCalls: 0, uniqueCalls: 0, memoHits: 0, retries: 0, throttled: 0 };
  /** Every distinct call made, in order (the check tester reads it; the policy test too). */
  readonly calls: CallRecord[] = [];
  readonly recorded: Record<string, unknown> = {};
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly limits = new Map<string, LimitFunction>();
  private readonly clients = new Map<string, any>();
  private readonly sdks = new Map<string, Promise<any>>();
  private readonly services: Map<string, ServiceSpec>;

  constructor(private readonly opts: FetcherOptions) {
    this.services = new Map(opts.services.map((s) => [s.name, s]));
    const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new UserError(`concurrency must be a whole number of 1 or more, got ${String(opts.concurrency)}`);
    }
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
      if (err instanceof Throttled) this.stats.throttled++;
      // Credentials failures are about this machine, not the account; a missing key is about the snapshot.
      if (this.opts.record && !(err instanceof CredentialsError) && !(err instanceof NotInSnapshot)) {
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
      await new Promise((resolve) => setTimeout(resolve, delay));
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
    const where = this.regionFor(service, region, operation);
    const sdk = await this.sdk(service);
    const client = this.client(service, sdk, where);
    const op = service.operations[operation];
    const Command = sdkExport(sdk, service, op.command);
    const paginate: Paginate | undefined =
      typeof op.paginator === 'function' ? op.paginator(sdk) : op.paginator && sdkExport(sdk, service, op.paginator);
    const limit = this.limit(`${where}/${service.name}`);
    // The SDK's retry middleware sets $metadata.attempts / totalRetryDelay on outputs and on thrown errors.
    // `throttled` counts calls that waited and still succeeded here; one that failed throttled is counted
    // once classified (fetch()).
    const count = (out: any, failed = false) => {
      const attempts = out?.$metadata?.attempts ?? 1;
      this.stats.apiCalls += attempts;
      this.stats.retries += attempts - 1;
      if (!failed && (out?.$metadata?.totalRetryDelay ?? 0) > 0) this.stats.throttled++;
    };
    try {
      // Inputs are copied: SDK paginators write their page token into the input object they are given.
      if (!paginate) {
        const out = await limit(() => client.send(new Command({ ...input })));
        count(out);
        return out;
      }
      // Each page waits for its own slot so one long listing never starves the service's other calls.
      // The paginator sends through the same client, so each page gets the client's retry behaviour.
      const pages: any[] = [];
      const iterator = paginate({ client }, { ...input })[Symbol.asyncIterator]();
      for (;;) {
        const next = await limit(() => iterator.next());
        if (next.done) break;
        count(next.value);
        pages.push(next.value);
      }
      return mergePages(pages, op.items ?? []);
    } catch (err) {
      count(err, true);
      throw err;
    }
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
    const key = `${region}/${service.name}`;
    let client = this.clients.get(key);
    if (!client) {
      const Client = sdkExport(sdk, service, service.client);
      client = new Client({ retryMode: 'adaptive', maxAttempts: 8, ...this.opts.clientConfig, region });
      this.clients.set(key, client);
    }
    return client;
  }

  private limit(key: string): LimitFunction {
    let limit = this.limits.get(key);
    if (!limit) {
      limit = pLimit(this.opts.concurrency ?? DEFAULT_CONCURRENCY);
      this.limits.set(key, limit);
    }
    return limit;
  }

  /** Release sockets of live clients. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy?.();
  }
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
  for (const field of items) merged[field] = pages.flatMap((p) => p?.[field] ?? []);
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
  const message = (raw as Error)?.message ?? String(raw);
  const op = service.operations[operation];
  const call = `${service.name}:${operation}`;
  const action = actionOf(service, operation);
  const status = (raw as any)?.$metadata?.httpStatusCode as number | undefined;
  if (op.absent?.some((code) => codes.includes(code))) return undefined;
  if (op.notEnabled?.some((spec) => matches(spec, codes, message))) {
    return new ServiceNotEnabled(`${service.name} is not enabled${region ? ` in ${region}` : ''} (${name})`, call, region);
  }
  if (is(ACCESS_DENIED) || (status === 403 && !is(CREDENTIALS) && !is(REGION_REFUSED))) {
    return new MissingPermission(action, call, region);
  }
  if (is(THROTTLED)) return new Throttled(`${call} still throttled after retries`, call, region);
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
  return new AwsDataError(`${call} failed: ${name}: ${message}`, call, region);
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
