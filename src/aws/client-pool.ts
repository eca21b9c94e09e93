// SDK clients, made once per (service, Region) and shared by every account a thread scans.
//
// Why: an account needs ~700 clients (40 services × 17 Regions), most of them for one or two requests, and an
// SDK client costs about a millisecond of CPU to build and to send its first request through (configuration
// lookups, the middleware stack, endpoint rules), plus ~25 KiB. An estate of 50 accounts built 35,000 of them;
// shared, a thread builds each once (benchmark: a fifth less CPU).
//
// What stays per account, as it was with clients of its own: the credentials every request is signed with, and
// the retry strategy (the adaptive mode's client-side rate limiter and the retry quota), since AWS throttles each
// account separately. Both are the account's Session. A middleware the session adds to each command it sends
// (Session.send, build step) marks the request with its session, before the SDK's retry loop and signer run:
//  - signing: the session gets its credentials before the send (as the SDK would before its retry loop), and the
//    clients' `signerConstructor` (a documented client setting) is SessionSigner, a SigV4 signer that signs each
//    request with the credentials it is marked with; the clients' own credentials are a placeholder no
//    AWS endpoint accepts, and a request without a session is refused before it is signed, so no request is
//    ever signed as another account;
//  - retries: the session's scope is the request's retry token scope (the context's `partition_id`, which the
//    SDK's retry middleware hands to the strategy), and the client's strategy forwards to the session's own.
// (An AsyncLocalStorage would carry the session without touching the SDK's context, but on Node 20 it hooks
// every promise of the process: 5 % more CPU.)
import { SignatureV4 } from '@smithy/signature-v4';
import { CredentialsError } from '../errors.js';
import { keepMiddlewareOrder } from './middleware-order.js';

export type CredentialsLike = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };
export type CredentialProviderLike = (options?: unknown) => Promise<CredentialsLike>;

export interface ClientPoolOptions {
  /** What every client gets unless the settings shared from the first client, or `config`, say otherwise. */
  defaults?: Record<string, unknown>;
  /** SDK client configuration every client shares (credentials excepted: each request gets its session's). */
  config?: Record<string, unknown>;
  /** Called once for each SDK client made, to add middleware to its stack (the benchmark's simulated AWS). */
  clientMiddleware?: (client: { middlewareStack: any }, where: { service: string; region: string }) => void;
  /**
   * false: a pool for one fetcher alone, whose `config` carries its credentials as usual (no session needed);
   * the SDK then keeps its own retry strategy per client, as it always does.
   */
  perRequestCredentials?: boolean;
}

interface RetryStrategyLike {
  acquireInitialRetryToken(scope: string): Promise<object>;
  refreshRetryTokenForRetry(token: object, errorInfo: unknown): Promise<object>;
  recordSuccess(token: object): void;
}

/** Credentials are asked for again this long before they expire. */
export const REFRESH_BEFORE_MS = 5 * 60_000;
/** A renewal that failed is asked again after this long, while the kept credentials still serve. */
export const RENEW_AGAIN_MS = 30_000;
/** Kept credentials serve while a renewal is on its way (or failed) as long as more than this is left (a request must end before they do). */
export const STILL_VALID_MS = 60_000;

/**
 * A provider's credentials, kept until REFRESH_BEFORE_MS before they expire, then renewed. The callers that ask
 * while a request for them is on its way share it, and its failure (passed through `onError`); a failure is not
 * kept.
 *
 * While the kept credentials have more than STILL_VALID_MS left, a renewal does not hold anyone up: it is asked
 * for in the background and the callers get the kept credentials meanwhile, so an STS that is slow, throttled
 * or briefly unreachable in the middle of a long scan stalls nothing. A renewal that fails is asked again
 * RENEW_AGAIN_MS later. Only when the kept ones are about to end (or there are none) do the callers wait for
 * the renewal, and get its failure.
 */
export function keptCredentials<C extends CredentialsLike>(
  get: (options?: unknown) => Promise<C>,
  { now = Date.now, onError = (err: unknown) => err }: { now?: () => number; onError?: (err: unknown) => unknown } = {},
): (options?: unknown) => Promise<C> {
  let held: C | undefined;
  let pending: Promise<C> | undefined;
  let renewAt = 0;
  const left = () => (held?.expiration ? held.expiration.getTime() - now() : Infinity);
  const renew = (options: unknown): Promise<C> =>
    (pending ??= get(options).then(
      (credentials) => {
        held = credentials;
        pending = undefined;
        renewAt = 0;
        return credentials;
      },
      (err: unknown) => {
        pending = undefined;
        renewAt = now() + RENEW_AGAIN_MS;
        throw onError(err);
      },
    ));
  return (options) => {
    if (held && left() > REFRESH_BEFORE_MS) return Promise.resolve(held);
    if (held && left() > STILL_VALID_MS) {
      if (!pending && now() >= renewAt) renew(options).catch(() => undefined); // its failure: asked again later
      return Promise.resolve(held);
    }
    return renew(options);
  };
}

/** The key a request carries its session's mark under: the credentials to sign it with. */
const SESSION = Symbol('cmtAuditSession');
interface Mark {
  credentials: CredentialsLike;
}
/** Sessions by retry token scope, while they are open. */
const byScope = new Map<string, Session>();
let sessions = 0;

/** One account's side of the shared clients: its credentials and its retry strategies (one per client). */
export class Session {
  readonly scope = `cmt-audit-session-${++sessions}`;
  readonly strategies = new Map<string, Promise<RetryStrategyLike>>();
  constructor(readonly credentials: CredentialProviderLike) {
    byScope.set(this.scope, this);
  }

  /**
   * Sends `command` through a shared client as this session's (its middleware marks the request). The session's
   * credentials are asked for first, as the SDK does before its retry loop: a failure to get them is not retried
   * as if the service had failed (the signer then finds them kept).
   */
  async send(client: any, command: any, options?: unknown): Promise<any> {
    const mark: Mark = { credentials: await this.credentials() };
    command.middlewareStack.add(
      (next: (args: { request?: unknown }) => Promise<unknown>, context: Record<string, unknown>) => (args: { request?: unknown }) => {
        // The request (made by the serializer) is the one the signer gets, every attempt (it signs a copy).
        if (args.request && typeof args.request === 'object') Object.defineProperty(args.request, SESSION, { value: mark });
        context.partition_id = this.scope;
        return next(args);
      },
      { step: 'build', priority: 'high', name: 'cmtAuditSession' },
    );
    return client.send(command, options);
  }

  /** The account is done: its retry strategies go. */
  close(): void {
    byScope.delete(this.scope);
    this.strategies.clear();
  }
}

/** What a shared client is configured to sign with: nothing AWS accepts (every request is signed as its session's). */
const NO_SESSION: CredentialsLike = { accessKeyId: 'CMT-AUDIT-NO-ACCOUNT-SESSION', secretAccessKey: 'none' };

export class ClientPool {
  private readonly clients = new Map<string, any>();
  /** Settings every client would look up alike (config files, environment), looked up once, from the first. */
  private shared?: { requestHandler: unknown; useFipsEndpoint: boolean; useDualstackEndpoint: boolean };
  private sharing?: Promise<void>;

  constructor(private readonly opts: ClientPoolOptions = {}) {}

  /** The client for this service and Region, made on first use. */
  client(service: string, Client: new (config: Record<string, unknown>) => any, region: string): any {
    const key = `${region}/${service}`;
    let client = this.clients.get(key);
    if (client) return client;
    const perRequest = this.opts.perRequestCredentials;
    client = new Client({ ...this.opts.defaults, ...this.shared, ...this.opts.config, ...(perRequest ? { credentials: NO_SESSION, signerConstructor: SessionSigner } : {}), region });
    // A retry strategy the configuration gives is kept as it is (shared); the SDK's default one becomes per session.
    if (perRequest && this.opts.config?.retryStrategy === undefined) retryAsSession(client, key);
    keepSigner(client);
    keepMiddlewareOrder(client);
    this.opts.clientMiddleware?.(client, { service, region });
    this.clients.set(key, client);
    this.share(client);
    return client;
  }

  get size(): number {
    return this.clients.size;
  }

  /**
   * What every client would build alike is built once, from the first: the HTTP handler (its agents pool
   * sockets per endpoint host anyway) and the FIPS / dual-stack settings (each client would look for them in
   * the environment and config files again).
   */
  private share(first: any): void {
    if (this.sharing) return;
    const config = first.config;
    this.sharing = (async () => {
      const [useFipsEndpoint, useDualstackEndpoint] = await Promise.all([config.useFipsEndpoint(), config.useDualstackEndpoint()]);
      if (typeof useFipsEndpoint !== 'boolean' || typeof useDualstackEndpoint !== 'boolean') return;
      this.shared = { requestHandler: config.requestHandler, useFipsEndpoint, useDualstackEndpoint };
    })().catch(() => undefined);
  }

  /** Release the clients' sockets. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy?.();
    this.clients.clear();
  }
}

/**
 * The SDK makes a signer for each request it signs, from a copy of the whole client configuration (~2 % of a scan's
 * CPU). Every one after the first is the same as the first: the first call writes its signing Region and service
 * into the configuration (config.signingRegion / signingName, kept from then on), a signer takes nothing else from
 * the copy that changes (its hash, path escaping and credentials are the client's), and each request's own signing
 * Region, service and date are passed when it is signed. So the first is kept; a first call that fails is not.
 */
export function keepSigner(client: any): void {
  const made = client.config?.signer;
  if (typeof made !== 'function') return;
  let kept: Promise<unknown> | undefined;
  client.config.signer = (authScheme?: unknown) => {
    kept ??= Promise.resolve(made(authScheme)).catch((err: unknown) => {
      kept = undefined;
      throw err;
    });
    return kept;
  };
}

/**
 * The SigV4 signer of shared clients: the SDK makes one for each request from the client's settings (region,
 * service, hashing, path escaping: `params`), and it signs with the credentials of the request's session.
 */
export class SessionSigner {
  constructor(private readonly params: Record<string, unknown>) {}

  async sign(request: any, options?: Record<string, unknown>): Promise<any> {
    const mark: Mark | undefined = request?.[SESSION];
    // Only a bug gets here (a shared client used without Session.send): refuse rather than sign with anything.
    if (!mark?.credentials) throw new CredentialsError('internal: a shared SDK client was asked to sign a request outside an account\'s session');
    return new SignatureV4({ ...(this.params as unknown as ConstructorParameters<typeof SignatureV4>[0]), credentials: mark.credentials }).sign(request, options);
  }

  presign(): never {
    throw new Error('internal: cmt-audit presigns no request');
  }
}

/**
 * The client's retry strategy forwards to the session's own: the SDK's strategy (the same class and attempts it
 * would use for this client), made for each session on its first request through the client. The SDK's retry
 * middleware passes the request's token scope (the session's) when it asks for the first token; later calls
 * pass that token, which remembers its strategy.
 */
function retryAsSession(client: any, key: string): void {
  const config = client.config;
  const made: () => Promise<RetryStrategyLike> = config.retryStrategy;
  if (typeof made !== 'function') throw new Error('internal: this SDK client has no retry strategy to share');
  const owner = new WeakMap<object, RetryStrategyLike>();
  const strategyOf = (scope: string): Promise<RetryStrategyLike> => {
    const session = byScope.get(scope.replace(/:longpoll$/, ''));
    // Only a bug gets here (a shared client used without Session.send): refuse rather than retry as anyone.
    if (!session) throw new CredentialsError('internal: a shared SDK client was asked for a retry token outside an account\'s session');
    let s = session.strategies.get(key);
    if (!s) {
      s = made().then((pattern) => sessionStrategy(pattern, config.maxAttempts));
      session.strategies.set(key, s);
    }
    return s;
  };
  const mine = (token: object): RetryStrategyLike => {
    const s = owner.get(token);
    if (!s) throw new Error('internal: a retry token of no session');
    return s;
  };
  const forward: RetryStrategyLike = {
    acquireInitialRetryToken: async (scope) => {
      const s = await strategyOf(String(scope ?? ''));
      const token = await s.acquireInitialRetryToken(scope);
      owner.set(token, s);
      return token;
    },
    refreshRetryTokenForRetry: async (token, info) => {
      const s = mine(token);
      const next = await s.refreshRetryTokenForRetry(token, info);
      owner.set(next, s);
      return next;
    },
    recordSuccess: (token) => mine(token).recordSuccess(token),
  };
  config.retryStrategy = async () => forward;
}

/**
 * A fresh strategy like the client's default one: the class the SDK chose (adaptive, standard) and its settings
 * (attempts; the base delay, which some services set, e.g. DynamoDB's 25 ms), with state of its own.
 */
function sessionStrategy(pattern: RetryStrategyLike, maxAttempts: () => Promise<number>): Promise<RetryStrategyLike> | RetryStrategyLike {
  const Strategy = pattern.constructor as new (...args: unknown[]) => RetryStrategyLike;
  const inner = (pattern as { standardRetryStrategy?: { baseDelay?: unknown } }).standardRetryStrategy;
  const baseDelay = inner ? inner.baseDelay : (pattern as { baseDelay?: unknown }).baseDelay;
  if (typeof baseDelay !== 'number') return new Strategy(maxAttempts);
  return maxAttempts().then((attempts) => (inner ? new Strategy(maxAttempts, { maxAttempts: attempts, baseDelay }) : new Strategy({ maxAttempts: attempts, baseDelay })));
}
