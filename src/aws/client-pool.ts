// SDK clients, made once per (service, Region) and shared by every account a thread scans.
//
// Why: an account needs ~700 clients (40 services × 17 Regions), most of them for one or two requests, and an
// SDK client costs about a millisecond of CPU to build and to send its first request through (configuration
// lookups, the middleware stack, endpoint rules), three times what a later request costs, plus ~25 KiB each. An
// estate of 50 accounts built 35,000 of them; shared, a thread builds each once.
//
// What stays per account, as it was with clients of its own: the credentials every request is signed with, and
// the retry strategy (the adaptive mode's client-side rate limiter and the retry quota), since AWS throttles each
// account separately. Both are the account's *session*; the fetcher sends each request inside `session.run()`,
// and the pooled client reads the session of the request it is working on (AsyncLocalStorage follows the
// request through every await, timer and retry of the SDK's middleware).
//
// A request outside a session is refused, never signed with some other account's credentials.
import { AsyncLocalStorage } from 'node:async_hooks';
import { CredentialsError } from '../errors.js';

export type CredentialsLike = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };
export type CredentialProviderLike = (options?: unknown) => Promise<CredentialsLike>;

export interface ClientPoolOptions {
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
  acquireInitialRetryToken(scope: string): Promise<unknown>;
  refreshRetryTokenForRetry(token: unknown, errorInfo: unknown): Promise<unknown>;
  recordSuccess(token: unknown): void;
}

/** One account's side of the shared clients: its credentials and its retry strategies (one per client). */
export class Session {
  readonly strategies = new Map<string, Promise<RetryStrategyLike>>();
  constructor(readonly credentials: CredentialProviderLike) {}
}

const current = new AsyncLocalStorage<Session>();

/** Runs `fn` (and every request it sends through a pooled client) as `session`'s. */
export function inSession<T>(session: Session, fn: () => Promise<T>): Promise<T> {
  return current.run(session, fn);
}

function sessionOf(what: string): Session {
  const session = current.getStore();
  // Only a bug gets here (a pooled client used outside Fetcher.send): refuse rather than sign with anything.
  if (!session) throw new CredentialsError(`internal: a shared SDK client was asked for ${what} outside an account's session`);
  return session;
}

export class ClientPool {
  private readonly clients = new Map<string, any>();
  /** Settings every client would look up alike (config files, environment), looked up once, from the first. */
  private shared?: { requestHandler: unknown; useFipsEndpoint: boolean; useDualstackEndpoint: boolean };
  private sharing?: Promise<void>;

  constructor(private readonly opts: ClientPoolOptions = {}) {}

  /** The client for this service and Region, made on first use. */
  client(service: string, Client: new (config: Record<string, unknown>) => any, region: string, defaults: Record<string, unknown>): any {
    const key = `${region}/${service}`;
    let client = this.clients.get(key);
    if (client) return client;
    client = new Client({
      ...defaults,
      ...this.shared,
      ...this.opts.config,
      ...(this.opts.perRequestCredentials ? { credentials: sessionCredentials } : {}),
      region,
    });
    if (this.opts.perRequestCredentials) perSessionRetries(client, key);
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
 * The credentials of the session a request runs in. Marked memoized, so that the SDK calls it for each request
 * instead of keeping the first answer for all (the session's own provider keeps and renews its credentials).
 */
const sessionCredentials: CredentialProviderLike & { memoized?: boolean } = (options) => sessionOf('credentials').credentials(options);
sessionCredentials.memoized = true;

/**
 * The client's retry strategy becomes one per session: the SDK's own strategy (the same class and attempts it
 * would use), made for each account on its first request through this client.
 */
function perSessionRetries(client: any, key: string): void {
  const config = client.config;
  const made: () => Promise<RetryStrategyLike> = config.retryStrategy;
  if (typeof made !== 'function') return;
  const strategy = (): Promise<RetryStrategyLike> => {
    const session = sessionOf('a retry strategy');
    let s = session.strategies.get(key);
    if (!s) {
      // The client's default strategy shows which class the SDK chose (adaptive, standard) and is only a pattern.
      s = made().then((pattern) => new (pattern.constructor as new (maxAttempts: unknown) => RetryStrategyLike)(config.maxAttempts));
      session.strategies.set(key, s);
    }
    return s;
  };
  const forward: RetryStrategyLike & { mode?: string } = {
    acquireInitialRetryToken: async (scope) => (await strategy()).acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: async (token, info) => (await strategy()).refreshRetryTokenForRetry(token, info),
    recordSuccess: (token) => {
      // The strategy exists: this request acquired its first token from it.
      void strategy().then((s) => s.recordSuccess(token));
    },
  };
  config.retryStrategy = async () => forward;
}
