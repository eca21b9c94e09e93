// The one door to AWS. Every accessor is a line over `call()`, which:
//  1. memoizes on (account, region, service, operation, input) — concurrent callers share one promise;
//  2. paginates with the SDK's paginateX helpers and merges the pages;
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
} from '../errors.js';
import type { ScanStats } from '../model.js';
import { actionOf, type AnyInput, type CallOptions, type ServiceSpec } from './service.js';
import { callKey, isSnapshotError, revive, serialise, type SnapshotFile } from './snapshot.js';

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

export class Fetcher {
  readonly stats: ScanStats = { apiCalls: 0, uniqueCalls: 0, memoHits: 0, retries: 0, throttled: 0 };
  /** Every distinct call made, in order (the check tester reads it; the policy test too). */
  readonly calls: CallRecord[] = [];
  readonly recorded: Record<string, unknown> = {};
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly limits = new Map<string, LimitFunction>();
  private readonly clients = new Map<string, any>();
  private readonly services: Map<string, ServiceSpec>;

  constructor(private readonly opts: FetcherOptions) {
    this.services = new Map(opts.services.map((s) => [s.name, s]));
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
    const promise = this.fetch(service, operation, input, keyRegion, key, options);
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
      if (err === undefined) {
        if (this.opts.record) this.recorded[key] = { $error: { name: errorName(raw) } };
        return undefined;
      }
      if (this.opts.record && !(err instanceof CredentialsError) && !(err instanceof NotInSnapshot)) {
        this.recorded[key] = { $error: { name: errorName(raw), message: (raw as Error).message } };
      }
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
    if (!(key in responses)) throw new NotInSnapshot(`the snapshot has no response for ${key}`, key);
    const stored = responses[key];
    if (isSnapshotError(stored)) {
      const e = new Error(stored.$error.message ?? stored.$error.name) as Error & { $metadata: unknown };
      e.name = stored.$error.name;
      e.$metadata = { httpStatusCode: stored.$error.httpStatusCode };
      throw e;
    }
    return revive(stored);
  }

  private async live(service: ServiceSpec, operation: string, input: AnyInput, region: string | undefined) {
    const where = this.regionFor(service, region, operation);
    const client = this.client(service, where);
    const op = service.operations[operation];
    const limit = this.limit(`${where}/${service.name}`);
    const count = (out: any) => {
      const attempts = out?.$metadata?.attempts ?? 1;
      this.stats.apiCalls += attempts;
      this.stats.retries += attempts - 1;
      if ((out?.$metadata?.totalRetryDelay ?? 0) > 0) this.stats.throttled++;
    };
    try {
      if (!op.paginator) {
        const out = await limit(() => client.send(new op.command(input)));
        count(out);
        return out;
      }
      // Each page waits for its own slot so one long listing never starves the service's other calls.
      const pages: any[] = [];
      const iterator = op.paginator({ client }, input)[Symbol.asyncIterator]();
      for (;;) {
        const next = await limit(() => iterator.next());
        if (next.done) break;
        count(next.value);
        pages.push(next.value);
      }
      return mergePages(pages, op.items ?? []);
    } catch (err) {
      count((err as any) ?? {});
      throw err;
    }
  }

  private client(service: ServiceSpec, region: string) {
    const key = `${region}/${service.name}`;
    let client = this.clients.get(key);
    if (!client) {
      client = service.client({ retryMode: 'adaptive', maxAttempts: 8, ...this.opts.clientConfig, region });
      this.clients.set(key, client);
    }
    return client;
  }

  private limit(key: string): LimitFunction {
    let limit = this.limits.get(key);
    if (!limit) {
      limit = pLimit(this.opts.concurrency ?? 8);
      this.limits.set(key, limit);
    }
    return limit;
  }

  /** Release sockets of live clients. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy?.();
  }
}

function mergePages(pages: any[], items: string[]): any {
  if (pages.length === 0) return {};
  const merged: Record<string, unknown> = { ...pages[0] };
  for (const field of items) merged[field] = pages.flatMap((p) => p?.[field] ?? []);
  return merged;
}

function errorName(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string };
  return e?.name && e.name !== 'Error' ? e.name : (e?.Code ?? e?.code ?? 'Error');
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
  const name = errorName(raw);
  const message = (raw as Error)?.message ?? String(raw);
  const op = service.operations[operation];
  const call = `${service.name}:${operation}`;
  const action = actionOf(service, operation);
  const status = (raw as any)?.$metadata?.httpStatusCode as number | undefined;
  if (op.absent?.includes(name)) return undefined;
  if (op.notEnabled?.some((spec) => matches(spec, name, message))) {
    return new ServiceNotEnabled(`${service.name} is not enabled${region ? ` in ${region}` : ''} (${name})`, call, region);
  }
  if (ACCESS_DENIED.has(name) || (status === 403 && !CREDENTIALS.has(name) && !REGION_REFUSED.has(name))) {
    return new MissingPermission(action, call, region);
  }
  if (THROTTLED.has(name)) return new Throttled(`${call} still throttled after retries`, call, region);
  // A valid token refused in a region other than the home region: that region is not enabled.
  if (REGION_REFUSED.has(name) && region && region !== homeRegion) {
    return new RegionDisabled(`region ${region} is not enabled for this account`, call, region);
  }
  if (name === 'CredentialsProviderError' || CREDENTIALS.has(name)) {
    return new CredentialsError(`AWS credentials were rejected or are missing: ${message}`, credentialHint(name));
  }
  if (/ENOTFOUND|EAI_AGAIN|UnknownEndpoint|getaddrinfo/.test(`${name} ${message}`)) {
    return new RegionDisabled(`${service.name} has no endpoint in ${region ?? homeRegion}`, call, region);
  }
  return new AwsDataError(`${call} failed: ${name}: ${message}`, call, region);
}

function matches(spec: string, name: string, message: string): boolean {
  const [code, text] = spec.split(':', 2);
  return code === name && (text === undefined || message.toLowerCase().includes(text.toLowerCase()));
}

function credentialHint(name: string): string {
  if (/Expired|TokenRefresh/.test(name)) return 'your session has expired: run `aws sso login` (or refresh your credentials) and retry';
  return 'set AWS_PROFILE / --profile, or run `aws configure` / `aws sso login`';
}
