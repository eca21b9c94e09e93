// One scan, end to end, as plain data: options → data layer (live or replay) → scope → engine → Report.
// No printing and no process access here: cli.ts owns those.
import pLimit from 'p-limit';
import {
  assumeRole,
  byId,
  DEFAULT_ACCOUNT_CONCURRENCY,
  DEFAULT_ROLE_NAME,
  listOrganization,
  noAccountLeft,
  shareOf,
  type AccountTarget,
  type AssumeRole,
  type CredentialProvider,
  type Credentials,
  type OrgFilters,
  type Organization,
  type RoleSpec,
  type Shard,
} from './accounts.js';
import { liveClientConfig, resolveHomeRegion } from './aws/client.js';
import { loadEstateSnapshot, type EstateSnapshot, type SnapshotFileV2 } from './aws/estate-snapshot.js';
import { ClientPool } from './aws/client-pool.js';
import { clientDefaults, DEFAULT_CONCURRENCY, DEFAULT_REQUEST_TIMEOUT_MS, Fetcher, type FetcherOptions } from './aws/fetcher.js';
import { createAwsData } from './aws/index.js';
import { SERVICES } from './aws/services/index.js';
import { SNAPSHOT_FORMAT, type SnapshotFile } from './aws/snapshot.js';
import { CHECKLIST } from './checklist.js';
import { CHECKS } from './checks/index.js';
import type { Check } from './checks/define-check.js';
import { applyAttestations, assertAttestationDates } from './config/attestations.js';
import type { Attestation } from './config/config-file.js';
import type { Suppression } from './config/config-file.js';
import { suppress } from './suppressions.js';
import type { Thresholds } from './config/thresholds.js';
import { runChecks, type ProgressEvent } from './engine.js';
import { combine, itemErrors } from './estate/combine.js';
import { collectFacts, factNeeds } from './estate/facts.js';
import { AwsDataError, CredentialsError, EXIT, NotInSnapshot, TimedOut, UserError } from './errors.js';
import { REPORT_SCHEMA_VERSION, STATUSES, type Finding, type Status, type CheckResult, type DeploymentModel, type Report, type ScanError, type ScanStats, type ScannedAccount } from './model.js';
import { withFindings } from './rollup.js';
import { resolveScope } from './scope.js';
import { stackResources, withSources } from './cfn-sources.js';
import { VERSION } from './version.js';
import { isParked, park, unpark, type Parked } from './parked.js';
import type { WorkerData } from './scan-worker.js';
import { deserializeError, targetSpec, WorkerFailed, WorkerPool, workerCount, workerScript, type SerializedError, type WorkerHooksSpec } from './workers.js';

export interface ScanOptions {
  profile?: string;
  /** Home region for global calls. */
  region?: string;
  /** Regions to scan (default: every enabled region). */
  regions?: string[];
  deploymentModel: DeploymentModel;
  only?: string[];
  skip?: string[];
  /** Replay this snapshot file or directory instead of calling AWS. */
  snapshot?: string;
  /** Keep every response for --record. */
  record?: boolean;
  concurrency: number;
  thresholds: Thresholds;
  /** From the config file: people's statements for items the API cannot decide. */
  attestations?: Attestation[];
  /** From the config file: findings accepted for a reason (src/suppressions.ts). */
  suppressions?: Suppression[];
  /** The config file that was read, recorded in the report. */
  configFile?: string;
  /** Live: the longest one attempt of a request may take (see Fetcher). */
  requestTimeoutMs?: number;
  /** The whole scan's time limit: when it passes, unfinished items end in error (kind timeout) and the report is made. */
  timeoutMs?: number;
  now?: Date;
  onProgress?: (event: ScanProgressEvent) => void;
  checks?: readonly Check[];
  /** Extra SDK client config (tests point clients at a local server with it). */
  clientConfig?: Record<string, unknown>;
  /** Several accounts, one per profile (--profile a,b,c); `profile` is the single one. */
  profiles?: string[];
  /** Assume this role first (--role-arn), from the profile's credentials. */
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
  /** Scan the organization's accounts (--org), assuming `roleName` in each. */
  org?: boolean;
  roleName?: string;
  accountFilters?: OrgFilters;
  /** Accounts scanned at once (--account-concurrency). */
  accountConcurrency?: number;
  shard?: Shard;
  /** How roles are assumed (tests replace it). */
  assumeRole?: AssumeRole;
  /** Middleware for every SDK client (the benchmark's simulated AWS); see FetcherOptions.clientMiddleware. */
  clientMiddleware?: FetcherOptions['clientMiddleware'];
  /** CloudFormation stacks the config maps to template files (sarif.templates): learn which made each finding's resource. */
  templateStacks?: string[];
  /** Worker threads that scan accounts (--workers; src/workers.ts). Default: one per CPU, for live scans of several accounts. */
  workers?: number;
  /** Hooks a worker thread imports (the benchmark's simulated AWS), as functions cannot be sent to a thread. */
  workerHooks?: WorkerHooksSpec;
}

/** The engine's events, plus one when the scan starts, carrying its live API statistics (for a heartbeat line). */
export type ScanProgressEvent =
  | { type: 'scan-start'; stats: Readonly<ScanStats> }
  | { type: 'start'; total: number; accounts?: number }
  | (Extract<ProgressEvent, { type: 'check-done' }> & { account?: string })
  /** An account's scope is known: it is being scanned in `regions` regions. */
  | { type: 'account-start'; account: string; regions: number }
  /** An account is done (or could not be scanned): its items' statuses and the calls it needed, by service. */
  | { type: 'account-done'; account: string; name?: string; error?: string; statuses: Status[]; byService: Record<string, number> };

export interface ScanOutcome {
  report: Report;
  /** Set when the scan's --timeout passed: what happened, in one line (also the report's scan-level error). */
  timedOut?: string;
  /** The recorded snapshot, when options.record was set (version 2 for several accounts). */
  recorded?: SnapshotFile | SnapshotFileV2;
  /** What each worker's hooks returned when the scan was done (ScanOptions.workerHooks). */
  workerResults?: unknown[];
}

export async function scan(opts: ScanOptions): Promise<ScanOutcome> {
  const startedAt = new Date();
  // Checked against the same service declarations the fetcher replays with: a malformed answer is exit 2 here.
  const estateSnapshot = opts.snapshot ? loadEstateSnapshot(opts.snapshot, SERVICES) : undefined;
  const estate = isEstateScan(opts, estateSnapshot);
  // The deadline aborts with the message every unfinished item and call will carry.
  const deadline = new AbortController();
  const limit = opts.timeoutMs === undefined ? undefined : `timed out: the scan's time limit (--timeout ${formatDuration(opts.timeoutMs)}) passed`;
  const timer = limit === undefined ? undefined : setTimeout(() => deadline.abort(new TimedOut(limit, 'scan')), opts.timeoutMs);
  const stats = new StatsTotal();
  const recorded: Record<string, { homeRegion: string; responses: Record<string, unknown> }> = {};
  let pool: WorkerPool | undefined;
  const clients = new ClientPools(opts);
  let plan: Plan | undefined;
  try {
    opts.onProgress?.({ type: 'scan-start', stats: stats.view });
    plan = await resolveTargets(opts, estateSnapshot, { signal: deadline.signal, stats, recorded, clients });
    // One instant for the whole scan, recorded as the snapshot's recordedAt: time-derived inputs (LookupEvents
    // StartTime, ByCreatedAfter …) then give the same call keys when the recording is replayed.
    const now = opts.now ?? (estateSnapshot?.recordedAt ? new Date(estateSnapshot.recordedAt) : startedAt);
    // Evidence dated after this instant cannot be about what the scan saw: refuse before the checks run.
    assertAttestationDates(opts.attestations ?? [], now, estateSnapshot?.recordedAt ? 'when the snapshot was recorded' : 'when the scan started');
    const items = selectedItems(opts);
    const progress = estateProgress(opts, plan.targets.length, items.length);
    const ctx: WorkerContext = { estate, now, signal: deadline.signal, stats, recorded, clients, items, progress, homeRegion: plan.homeRegion };
    const accountSlots = estate ? (opts.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY) : 1;
    pool = !estateSnapshot && estate ? startPool(opts, plan, ctx, accountSlots) : undefined;
    if (pool) deadline.signal.addEventListener('abort', () => pool?.abort(limit ?? 'timed out'), { once: true });
    // The main thread scans accounts too, as one more worker: it would mostly wait otherwise. Each account goes to
    // the thread with the fewest in hand (this one first).
    let here = 0;
    const runHere = async (target: AccountTarget) => {
      here++;
      try {
        return await scanAccount(opts, target, ctx);
      } finally {
        here--;
      }
    };
    const runOne = async (target: AccountTarget) => {
      const outcome = await (pool && here > pool.leastBusy && targetSpec(target) ? onWorker(pool, opts, target, ctx) : runHere(target));
      return isParked<AccountRun>(outcome) ? outcome : parkRun(outcome, opts);
    };
    const limitAccounts = pLimit(accountSlots);
    // Finished accounts wait for the others as bytes (parked.ts), unpacked once every account is done.
    const parked: (Parked<AccountRun> | AccountRun | Unreached | undefined)[] = await Promise.all(plan.targets.map((t) => limitAccounts(() => runOne(t))));
    // The worker threads go first: their heaps are freed before the accounts' objects come back.
    const workerResults = await pool?.close();
    pool = undefined;
    const outcomes = parked.map((o, i) => {
      parked[i] = undefined; // each account's bytes go as its objects come
      return isParked<AccountRun>(o) ? unpark(o) : o!;
    });
    const unreached = outcomes.filter((o): o is Unreached => 'unreached' in o);
    // No credentials worked at all: as a one-account scan with bad credentials, exit 5.
    if (unreached.length === outcomes.length && unreached.length > 0 && unreached.every((u) => u.cause instanceof CredentialsError)) throw unreached[0].cause;
    plan.errors.push(...unreached.map((u) => u.unreached));
    // Sorted by account id, whatever order they were reached in: a merge of shard reports gives the same order.
    const runs = dedupe(outcomes.filter((o): o is AccountRun => 'account' in o).sort((a, b) => byId(a.account, b.account)), plan.errors);
    const accounts = runs.map((r) => r.account);
    const view = { accounts, organization: plan.organization };
    const combined = runs.length === 0 ? nothingScanned(opts) : estate ? combine(runs, view) : combine(runs, { accounts: [] }, { judge: false });
    if (runs.length === 0 && unreached.length === 0) plan.errors.push({ kind: NO_ACCOUNT, message: noAccountWhy(opts, plan) });
    // A profile that reached no account leaves an unknown account out: the estate's items cannot be met without
    // it, so each applicable item with a check gets an error finding naming the profile (no account: none is known).
    const withUnreached = unreached.length ? unreachedFindings(combined, unreached.map((u) => u.unreached), opts) : combined;
    const results = applyAttestations(withUnreached, opts.attestations ?? [], now);
    const errors: ScanError[] = [...runs.flatMap((r) => r.scopeErrors), ...plan.errors, ...itemErrors(results)];
    let timedOut: string | undefined;
    if (deadline.signal.aborted && limit !== undefined) {
      const unfinished = results.filter((r) => r.findings.some((f) => f.errorKind === 'timeout')).length;
      timedOut = `${limit}: ${unfinished} item${unfinished === 1 ? '' : 's'} did not finish and ${unfinished === 1 ? 'is' : 'are'} reported as error`;
      errors.push({ kind: 'timeout', message: timedOut });
    }
    const summary = Object.fromEntries(STATUSES.map((s) => [s, results.filter((r) => r.status === s).length])) as Report['summary'];
    summary.total = results.length;
    const first = runs[0];
    const report: Report = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: { name: 'cmt-audit', version: VERSION },
      scan: {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        deploymentModel: opts.deploymentModel,
        accounts: estate ? accounts : accounts.map(({ id, partition, arn }) => ({ id, partition, arn })),
        ...(plan.organization ? { organization: plan.organization } : {}),
        ...(opts.shard
          ? { shard: { ...opts.shard, of: plan.selected, keys: plan.targets.map(targetKey), ...(opts.regions ? { regions: [...opts.regions].sort() } : {}) } }
          : {}),
        regions: [...new Set(runs.flatMap((r) => r.regions))].sort(),
        regionsNotEnabled: [...new Set(runs.flatMap((r) => r.regionsNotEnabled))].sort(),
        homeRegion: plan.homeRegion ?? first?.account.homeRegion ?? 'us-east-1',
        source: estateSnapshot ? 'snapshot' : 'live',
        snapshot: opts.snapshot,
        snapshotRecordedAt: estateSnapshot?.recordedAt,
        configFile: opts.configFile,
        checksSelected: opts.only,
        checksSkipped: opts.skip,
        thresholds: { ...opts.thresholds },
        stats: stats.total(),
      },
      summary,
      results,
      errors,
    };
    const suppressed = opts.suppressions ? suppress(report, opts.suppressions, now) : report;
    return { report: suppressed, recorded: opts.record ? recording(now, estate, plan, recorded) : undefined, timedOut, ...(workerResults ? { workerResults } : {}) };
  } finally {
    clearTimeout(timer);
    await pool?.close();
    // The --org caller's fetcher, handed over to its account's scan, when the scan stopped before it (destroy is
    // idempotent): its session and deadline listener go.
    for (const t of plan?.targets ?? []) t.fetcher?.destroy();
    clients.destroy();
  }
}


/** Several accounts, an organization, a shard or an estate snapshot: facts are kept and items judged across accounts. */
function isEstateScan(opts: ScanOptions, snap: EstateSnapshot | undefined): boolean {
  return !!(
    opts.org ||
    (opts.profiles?.length ?? 0) > 1 ||
    opts.shard ||
    opts.accountFilters?.accounts?.length ||
    opts.accountFilters?.excludeAccounts?.length ||
    (snap && (snap.accounts.length > 1 || snap.caller))
  );
}

function selectedItems(opts: ScanOptions): string[] {
  return selection(opts).map((i) => i.id);
}

/** The checklist items of --checks / --skip-checks, in checklist order. */
function selection(opts: ScanOptions) {
  return CHECKLIST.filter((i) => (!opts.only || opts.only.includes(i.id)) && !opts.skip?.includes(i.id));
}

/** What scanAccount needs besides the options: the scan's instant, deadline, statistics, recordings and progress. */
export type WorkerContext = Shared & { estate: boolean; now: Date; items: string[]; progress: EstateProgress; homeRegion?: string };

/**
 * Worker threads for this scan (src/workers.ts), when it scans several live accounts that can be handed to a thread
 * and more than one thread would help. Undefined: every account is scanned on this thread.
 */
function startPool(opts: ScanOptions, plan: Plan, ctx: WorkerContext, accountSlots: number): WorkerPool | undefined {
  const script = workerScript();
  const hooksAreData = opts.workerHooks !== undefined || (!opts.assumeRole && !opts.clientMiddleware && !opts.checks);
  if (!script || !hooksAreData || !cloneable(opts.clientConfig)) return undefined;
  const movable = plan.targets.filter((t) => targetSpec(t) !== undefined).length;
  // Threads in all, this one included: a pool of count − 1 workers.
  const count = workerCount(opts.workers, movable, accountSlots);
  if (count < 2) return undefined;
  // Functions stay here: the worker gets its hooks from opts.workerHooks' module, and sends progress back.
  const { onProgress: _p, checks: _c, assumeRole: _a, clientMiddleware: _m, workerHooks, ...data } = opts;
  const workerData: WorkerData = { opts: data, context: { estate: ctx.estate, now: ctx.now.toISOString(), items: ctx.items, homeRegion: ctx.homeRegion }, hooks: workerHooks };
  return new WorkerPool(script, count - 1, workerData, {
    stats: ctx.stats,
    onEngine: (account, event) => ctx.progress.engine(account, event, opts.onProgress),
    onEvent: (event) => opts.onProgress?.(event as ScanProgressEvent),
  });
}

/** Scans a target on a worker thread when it can go to one (else, or when its worker stops, on this thread). */
async function onWorker(pool: WorkerPool, opts: ScanOptions, target: AccountTarget, ctx: WorkerContext): Promise<Parked<AccountRun> | AccountRun | Unreached> {
  const spec = pool.usable ? targetSpec(target) : undefined;
  if (!spec) return scanAccount(opts, target, ctx);
  try {
    const done = await pool.run(spec);
    if (done.recorded) ctx.recorded[done.recorded.id] = { homeRegion: done.recorded.homeRegion, responses: done.recorded.responses };
    // An account's run comes parked (the worker serialized it: scan-worker.ts); one scanned here is parked by runOne.
    const outcome = done.outcome as Parked<AccountRun> | { unreached: ScanError; cause: SerializedError };
    return 'unreached' in outcome ? { unreached: outcome.unreached, cause: deserializeError(outcome.cause) } : outcome;
  } catch (err) {
    // A worker that stopped (out of memory, a crash) loses what it had gathered for the account, not the account:
    // it is scanned again here, on the main thread.
    if (!(err instanceof WorkerFailed)) throw err;
    return scanAccount(opts, target, ctx);
  }
}

/**
 * An account's run parked (parked.ts); an account not reached stays as it is (its cause is an error class). So
 * does the run of checks a caller gave (ScanOptions.checks, tests): only the built-in checks are known to give
 * plain data (model.ts), which structured clone gives back unchanged; a URL or a function in another check's
 * evidence would not survive it.
 */
function parkRun(outcome: AccountRun | Unreached, opts: ScanOptions): Parked<AccountRun> | AccountRun | Unreached {
  return 'account' in outcome && opts.checks === undefined ? park(outcome) : outcome;
}

/** Whether a value can be sent to a worker thread (no functions, no class instances that do not clone). */
function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

interface Shared {
  signal: AbortSignal;
  stats: StatsTotal;
  recorded: Record<string, { homeRegion: string; responses: Record<string, unknown> }>;
  /** This thread's SDK clients, one pool per profile, shared by the accounts it scans (src/aws/client-pool.ts). */
  clients: ClientPools;
}

/** A thread's client pools, one per profile (a profile's settings, such as its endpoints, shape its clients). */
export class ClientPools {
  private readonly pools = new Map<string, ClientPool>();
  constructor(private readonly opts: ScanOptions) {}

  for(profile: string | undefined, config: Record<string, unknown>): ClientPool {
    let pool = this.pools.get(profile ?? '');
    if (!pool) {
      // Every account this thread scans at once may have `concurrency` requests in flight to one host.
      const sockets = (this.opts.concurrency ?? DEFAULT_CONCURRENCY) * (this.opts.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY);
      pool = new ClientPool({
        defaults: clientDefaults(this.opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, Math.max(50, sockets)),
        config,
        clientMiddleware: this.opts.clientMiddleware,
        perRequestCredentials: true,
      });
      this.pools.set(profile ?? '', pool);
    }
    return pool;
  }

  destroy(): void {
    for (const pool of this.pools.values()) pool.destroy();
    this.pools.clear();
  }
}

export interface AccountRun {
  account: ScannedAccount;
  results: CheckResult[];
  regions: string[];
  regionsNotEnabled: string[];
  scopeErrors: ScanError[];
}

/**
 * A Fetcher for one account: its own memo and limits, and (live) its credentials, signing requests sent through
 * the clients this thread shares among its accounts; replayed, its recorded answers.
 */
function fetcherFor(opts: ScanOptions, target: AccountTarget, homeRegion: string, shared: Shared): Fetcher {
  const base = { services: SERVICES, homeRegion, concurrency: opts.concurrency, record: opts.record, requestTimeoutMs: opts.requestTimeoutMs, signal: shared.signal };
  let fetcher: Fetcher;
  if (target.snapshot) fetcher = new Fetcher({ ...base, snapshot: target.snapshot });
  else {
    const { credentials, ...config } = {
      ...liveClientConfig({ profile: target.profile }),
      ...opts.clientConfig,
      // The account's own credentials (an assumed role) win over clientConfig's, which are only the caller's.
      ...(target.credentials ? { credentials: target.credentials } : {}),
    } as Record<string, unknown> & { credentials: NonNullable<FetcherOptions['pool']>['credentials'] };
    fetcher = target.clientConfig
      ? new Fetcher({ ...base, clientMiddleware: opts.clientMiddleware, clientConfig: { ...config, credentials, ...target.clientConfig } })
      : new Fetcher({ ...base, pool: { clients: shared.clients.for(target.profile, config), credentials } });
  }
  shared.stats.add(fetcher.stats);
  return fetcher;
}

function unreachedFindings(results: CheckResult[], unreached: ScanError[], opts: ScanOptions): CheckResult[] {
  const checked = new Set((opts.checks ?? CHECKS).map((c) => c.meta.id));
  const findings = unreached.map((u): Finding => ({ status: 'error', resource: u.message.replace(/^cannot scan via ([^:]+):.*$/s, '$1'), message: u.message, errorKind: u.kind }));
  return results.map((r) => (checked.has(r.id) ? withFindings(r, findings) : r));
}

/** Two targets that reached the same account (two profiles of one account): scanned once in the report, said so. */
function dedupe(runs: AccountRun[], errors: ScanError[]): AccountRun[] {
  return runs.filter((r, i) => {
    const first = runs.findIndex((x) => x.account.id === r.account.id);
    if (first === i) return true;
    errors.push({ account: r.account.id, kind: 'duplicate-account', message: `${r.account.via} reaches account ${r.account.id} again (as ${runs[first].account.via} did): reported once` });
    return false;
  });
}

/** A target that led to no account (a profile whose credentials failed). */
interface Unreached {
  unreached: ScanError;
  cause: unknown;
}

export async function scanAccount(opts: ScanOptions, target: AccountTarget, ctx: WorkerContext): Promise<AccountRun | Unreached> {
  const homeRegion = opts.region ?? target.homeRegion ?? target.snapshot?.homeRegion ?? ctx.homeRegion ?? 'us-east-1';
  const fetcher = target.fetcher ?? fetcherFor(opts, target, homeRegion, ctx);
  const aws = createAwsData(fetcher);
  const unreachable = (id: string | undefined, why: string, kind = 'account'): Promise<AccountRun> => accountFailed(opts, target, id, homeRegion, why, kind, ctx);
  try {
    if (target.error) return await unreachable(target.id, target.error);
    let scope;
    try {
      scope = await resolveScope(aws, homeRegion, opts.regions);
    } catch (err) {
      if (!ctx.estate) throw startError(err, opts.snapshot);
      if (err instanceof UserError && err.message.startsWith('unknown region')) throw err;
      const why = err instanceof NotInSnapshot ? 'not recorded in the snapshot' : (err as Error).message;
      const kind = err instanceof CredentialsError ? 'credentials' : err instanceof AwsDataError ? err.kind : 'account';
      // Reached through a profile whose credentials failed: which account it is, nobody knows. No account to
      // report items for, only a scan error naming the profile (and exit 5 when no profile worked at all).
      if (!target.id) return { unreached: { kind, message: `cannot scan via ${target.via}: ${why}` }, cause: err };
      return await unreachable(target.id, `cannot scan account ${target.id}: ${why}`, kind);
    }
    if (target.id && scope.account.id !== target.id) {
      return await unreachable(target.id, `${target.via} reached account ${scope.account.id}, not ${target.id}`);
    }
    opts.onProgress?.({ type: 'account-start', account: scope.account.id, regions: scope.regions.length });
    // The estate's facts are read alongside the checks, not after them: most of their calls are the checks' own
    // (the memo shares them, in flight or answered), and the rest (each region's backup vaults, the
    // organization) would otherwise add a round trip after the account's last check.
    const factsRead = ctx.estate ? collectFacts(aws, scope.regions, factNeeds(ctx.items)) : undefined;
    factsRead?.catch(() => undefined); // awaited below; a check that throws first must not leave it unhandled
    const engine = await runChecks({
      checks: opts.checks ?? CHECKS,
      only: opts.only,
      skip: opts.skip,
      onProgress: (e) => ctx.progress.engine(scope.account.id, e, opts.onProgress),
      signal: ctx.signal,
      context: {
        aws,
        account: scope.account,
        regions: scope.regions,
        homeRegion,
        thresholds: opts.thresholds,
        deploymentModel: opts.deploymentModel,
        now: ctx.now,
      },
    });
    // sarif.templates in the config: which mapped stack made each finding's resource (src/cfn-sources.ts).
    const results = opts.templateStacks?.length && !ctx.signal.aborted ? withSources(engine.results, await stackResources(aws, scope.regions, opts.templateStacks)) : engine.results;
    const facts = factsRead && !ctx.signal.aborted ? await factsRead : undefined;
    if (opts.record) ctx.recorded[scope.account.id] = { homeRegion, responses: { ...ctx.recorded[scope.account.id]?.responses, ...fetcher.recorded } };
    const account: ScannedAccount = {
      id: scope.account.id,
      partition: scope.account.partition,
      arn: scope.account.arn,
      ...(target.name ? { name: target.name } : {}),
      status: 'scanned',
      via: target.via,
      homeRegion,
      regions: scope.regions,
      ...(facts ? { facts } : {}),
    };
    const scopeErrors = scope.errors.map((e) => ({ ...e, account: e.account ?? scope.account.id }));
    const byService: Record<string, number> = {};
    for (const c of fetcher.calls) byService[c.service] = (byService[c.service] ?? 0) + 1;
    opts.onProgress?.({ type: 'account-done', account: account.id, name: account.name, statuses: engine.results.map((r) => r.status), byService });
    return { account, results, regions: scope.regions, regionsNotEnabled: scope.regionsNotEnabled, scopeErrors };
  } finally {
    fetcher.destroy();
    ctx.stats.done(fetcher.stats);
  }
}

/** Every item of an account that could not be scanned: `error` for it, naming why (manual and not-applicable items stay so). */
async function accountFailed(
  opts: ScanOptions,
  target: AccountTarget,
  id: string | undefined,
  homeRegion: string,
  why: string,
  kind: string,
  ctx: Shared & { now: Date; progress: EstateProgress },
): Promise<AccountRun> {
  const accountId = id ?? target.via;
  const engine = await runChecks({
    checks: opts.checks ?? CHECKS,
    only: opts.only,
    skip: opts.skip,
    onProgress: (e) => ctx.progress.engine(accountId, e, opts.onProgress),
    unreachable: { message: why, kind },
    context: {
      aws: undefined as never,
      account: { id: accountId, partition: 'aws', rootArn: `arn:aws:iam::${accountId}:root` },
      regions: [],
      homeRegion,
      thresholds: opts.thresholds,
      deploymentModel: opts.deploymentModel,
      now: ctx.now,
    },
  });
  const account: ScannedAccount = { id: accountId, partition: 'aws', ...(target.name ? { name: target.name } : {}), status: 'error', error: why, via: target.via };
  opts.onProgress?.({ type: 'account-done', account: accountId, name: target.name, error: why, statuses: engine.results.map((r) => r.status), byService: {} });
  return { account, results: engine.results, regions: [], regionsNotEnabled: [], scopeErrors: [{ account: accountId, kind, message: why }] };
}

/**
 * No account to scan (a shard with no share: more shards than accounts; filters that keep none are refused before
 * this, by noAccountLeft in src/accounts.ts): every applicable item is `error` with no finding (nothing was seen),
 * so the report is whole and honest, and a merge of it adds nothing.
 */
function nothingScanned(opts: ScanOptions): CheckResult[] {
  const checks = new Map((opts.checks ?? CHECKS).map((c) => [c.meta.id, c]));
  return selection(opts).map((item) => {
    const check = checks.get(item.id);
    const applies = item.appliesTo[opts.deploymentModel].applies;
    return {
      id: item.id,
      title: item.title,
      pillar: item.pillar,
      severity: item.severity,
      kind: check?.meta.kind ?? 'manual',
      automated: check !== undefined,
      status: applies ? 'error' : 'not-applicable',
      findings: [],
      accounts: [],
      durationMs: 0,
      decidedBy: applies ? 'undecided' : 'not-applicable',
    };
  });
}

/** The scan-level error of a report with no account (merge drops it: the other shards hold the accounts). */
export const NO_ACCOUNT = 'no-account';

function noAccountWhy(opts: ScanOptions, plan: Plan): string {
  const shard = opts.shard ? `shard ${opts.shard.index}/${opts.shard.count} holds no account` : 'no account is selected';
  const of = plan.organization ? ` of organization ${plan.organization.id}` : '';
  return `${shard}: the filters${opts.shard ? ' and the shard' : ''} leave none of the accounts${of} to scan`;
}

/** Not even "who am I" could be asked in a one-account scan: nothing was scanned (exit 2, 4 or 5). */
function startError(err: unknown, snapshot: string | undefined): unknown {
  if (err instanceof NotInSnapshot) return new UserError(`snapshot ${snapshot} has no ${err.call} response (who the account is)`);
  if (err instanceof AwsDataError) {
    return new UserError(`cannot start the scan: ${err.message}`, EXIT.incomplete, 'check the network, proxy settings and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS');
  }
  return err;
}

interface Plan {
  targets: AccountTarget[];
  /** Every account selected before --shard took its share (account ids; `profile NAME` for profiles), sorted. */
  selected: string[];
  organization?: Organization;
  homeRegion?: string;
  /** The account whose credentials listed the organization. */
  caller?: string;
  errors: ScanError[];
}

/** An account of the snapshot the caller's listing does not name would be left out without a word: refused (exit 2). */
function assertEveryAccountListed(snap: EstateSnapshot, organization: Organization, path: string | undefined): void {
  const inOrganization = new Set(organization.accounts.map((a) => a.id));
  const strays = snap.accounts.filter((a) => !inOrganization.has(a.id));
  if (strays.length === 0) return;
  // A directory's accounts are named by their subdirectory; a recording's by their id.
  const named = strays.map((a) => (a.label === a.id ? `account ${a.id}` : `${a.label} (account ${a.id})`));
  const fromDirectory = strays.some((a) => a.label !== a.id);
  throw new UserError(
    `snapshot ${path}: ${named.join(', ')} ${strays.length > 1 ? 'are not accounts' : 'is not an account'} of organization ${organization.id}, whose listing the snapshot holds`,
    2,
    fromDirectory
      ? 'each account of an estate snapshot must be one the organization lists: move that subdirectory out of the estate directory'
      : 'each account of a recording must be one its organization listing names',
  );
}

/** Which accounts to scan and how each is reached (src/accounts.ts), then this shard's share of them. */
async function resolveTargets(opts: ScanOptions, snap: EstateSnapshot | undefined, shared: Shared): Promise<Plan> {
  const filters = opts.accountFilters ?? {};
  if (snap) {
    const homeRegion = opts.region ?? snap.homeRegion ?? 'us-east-1';
    const caller = snap.accounts.find((a) => a.id === snap.caller);
    if (opts.org && !caller) throw new UserError(`--org: snapshot ${opts.snapshot} holds no organization listing (organizations:ListAccounts)`);
    if (caller && (opts.org || snap.accounts.length > 1 || snap.listed)) {
      const fetcher = fetcherFor(opts, { via: 'snapshot', snapshot: caller.snapshot }, homeRegion, shared);
      try {
        const aws = createAwsData(fetcher);
        // Who the caller is, as --org asks live: a recording of this replay must hold it (a version-2 account
        // without it is no snapshot) and the listing too, or it could not be replayed as it was scanned, also
        // when the caller's own account is not in this share (--shard, --accounts).
        await aws.sts.callerIdentity();
        const { organization, selected } = await listOrganization(aws, filters);
        assertEveryAccountListed(snap, organization, opts.snapshot);
        if (opts.record) shared.recorded[caller.id] = { homeRegion: caller.snapshot.homeRegion ?? homeRegion, responses: { ...fetcher.recorded } };
        const targets = selected.map((a): AccountTarget => {
          const found = snap.accounts.find((s) => s.id === a.id);
          if (a.notActive) return { via: 'snapshot', id: a.id, name: a.name, error: a.notActive };
          return found
            ? { via: `snapshot ${found.label}`, id: a.id, name: a.name, snapshot: found.snapshot }
            : { via: 'snapshot', id: a.id, name: a.name, error: `account ${a.id} (${a.name ?? 'no name'}) is in the organization but not in snapshot ${opts.snapshot}` };
        });
        return { ...share(targets.sort(byId), opts.shard), organization, homeRegion, caller: caller.id, errors: [] };
      } finally {
        shared.stats.done(fetcher.stats);
      }
    }
    const ids = new Set(snap.accounts.map((a) => a.id));
    const unknown = [...(filters.accounts ?? []), ...(filters.excludeAccounts ?? [])].filter((id) => !ids.has(id));
    if (unknown.length) throw new UserError(`--accounts / --exclude-accounts: not in snapshot ${opts.snapshot}: ${unknown.join(', ')}`);
    const targets = snap.accounts
      .filter((a) => (!filters.accounts?.length || filters.accounts.includes(a.id)) && !filters.excludeAccounts?.includes(a.id))
      .map((a): AccountTarget => ({ via: `snapshot ${a.label}`, id: a.id, snapshot: a.snapshot, ...(snap.accounts.length > 1 ? { name: a.label } : {}) }));
    if (targets.length === 0) throw noAccountLeft(filters, `account of snapshot ${opts.snapshot}`);
    return { ...share(targets, opts.shard), homeRegion, errors: [] };
  }

  const profiles = opts.profiles?.length ? opts.profiles : [opts.profile];
  const homeRegions = await Promise.all(profiles.map((p) => resolveHomeRegion(opts.region, p)));
  const homeRegion = homeRegions[0];
  const callerRoles: RoleSpec[] = opts.roleArn ? [{ roleArn: opts.roleArn, externalId: opts.externalId, sessionName: opts.roleSessionName }] : [];
  const base = (profile: string | undefined): CredentialProvider | undefined => credentialsOf(opts, profile, callerRoles, homeRegion);
  if (opts.org) {
    if (profiles.length > 1) throw new UserError('--org takes one --profile (the caller in the management or delegated administrator account)');
    const callerCredentials = base(profiles[0]);
    const callerTarget: AccountTarget = { via: opts.roleArn ? `role ${opts.roleArn}` : profiles[0] ? `profile ${profiles[0]}` : 'default credentials', profile: profiles[0], credentials: callerCredentials, roles: callerRoles };
    const fetcher = fetcherFor(opts, callerTarget, homeRegion, shared);
    let handedOver = false;
    try {
      const aws = createAwsData(fetcher);
      const identity = await aws.sts.callerIdentity().catch((err: unknown) => {
        throw startError(err, undefined);
      });
      const partition = identity.Arn!.split(':')[1] ?? 'aws';
      const { organization, selected } = await listOrganization(aws, filters);
      if (opts.record) shared.recorded[identity.Account!] = { homeRegion, responses: { ...fetcher.recorded } };
      const targets = selected.map((a): AccountTarget => {
        if (a.notActive) return { via: 'organization listing', id: a.id, name: a.name, error: a.notActive };
        if (a.id === identity.Account) return { ...callerTarget, id: a.id, name: a.name, fetcher };
        const role: RoleSpec = { roleArn: `arn:${partition}:iam::${a.id}:role/${opts.roleName ?? DEFAULT_ROLE_NAME}`, externalId: opts.externalId, sessionName: opts.roleSessionName };
        return {
          via: `role ${role.roleArn}`,
          id: a.id,
          name: a.name,
          profile: profiles[0],
          credentials: assumeWith(opts)({ ...role, region: homeRegion, source: callerCredentials, requestTimeoutMs: opts.requestTimeoutMs }),
          roles: [...callerRoles, role],
        };
      });
      const plan = { ...share(targets, opts.shard), organization, homeRegion, caller: identity.Account, errors: [] };
      // The caller's own account, when in this share, is scanned on the same fetcher (which it then closes).
      handedOver = plan.targets.some((t) => t.fetcher === fetcher);
      return plan;
    } finally {
      if (!handedOver) {
        fetcher.destroy();
        shared.stats.done(fetcher.stats);
      }
    }
  }
  const sorted = profiles.length > 1 ? [...profiles].sort() : profiles;
  const targets = sorted.map((p): AccountTarget => ({
    // Each profile's own region (resolveHomeRegion: --region, AWS_REGION, the profile's, us-east-1).
    homeRegion: homeRegions[profiles.indexOf(p)],
    via: opts.roleArn ? `role ${opts.roleArn}` : p ? `profile ${p}` : 'default credentials',
    profile: p,
    credentials: opts.roleArn ? base(p) : undefined,
    ...(opts.roleArn ? { roles: callerRoles } : {}),
    ...(profiles.length > 1 && p ? { name: p } : {}),
  }));
  return { ...share(targets, opts.shard), homeRegion, errors: [] };
}

/** The key that names a target before it is scanned: its account id, or how it is reached (a profile). */
const targetKey = (t: AccountTarget) => t.id ?? t.via;

/** --shard's share of the selected targets, and the selection itself (recorded so that merge can check the shards cover it). */
function share(targets: AccountTarget[], shard: Shard | undefined): Pick<Plan, 'targets' | 'selected'> {
  return { targets: shareOf(targets, shard), selected: targets.map(targetKey) };
}

const assumeWith = (opts: ScanOptions): AssumeRole => opts.assumeRole ?? assumeRole;

/** A profile's credentials (or the default chain's), then each role assumed in turn from the one before. */
export function credentialsOf(opts: ScanOptions, profile: string | undefined, roles: readonly RoleSpec[], region: string): CredentialProvider | undefined {
  return roles.reduce<CredentialProvider | undefined>(
    (source, role) => assumeWith(opts)({ ...role, region, source, requestTimeoutMs: opts.requestTimeoutMs }),
    sourceCredentials(opts, profile),
  );
}

/** The credentials a profile (or the default chain) gives, as a provider another role can be assumed from. */
function sourceCredentials(opts: ScanOptions, profile: string | undefined): CredentialProvider | undefined {
  const fromConfig = opts.clientConfig?.credentials as CredentialProvider | Credentials | undefined;
  if (fromConfig) return typeof fromConfig === 'function' ? fromConfig : async () => fromConfig;
  return liveClientConfig({ profile }).credentials as CredentialProvider;
}

/** `at`: the scan's instant (its start, live; the recording's own time, replayed), so a replay of it asks the same calls. */
function recording(at: Date, estate: boolean, plan: Plan, recorded: Shared['recorded']): SnapshotFile | SnapshotFileV2 {
  const ids = Object.keys(recorded).sort();
  if (!estate && ids.length === 1) {
    const only = recorded[ids[0]];
    return { format: SNAPSHOT_FORMAT, version: 1, recordedAt: at.toISOString(), homeRegion: only.homeRegion, responses: only.responses };
  }
  return {
    format: SNAPSHOT_FORMAT,
    version: 2,
    recordedAt: at.toISOString(),
    ...(plan.caller ? { caller: plan.caller } : {}),
    accounts: Object.fromEntries(ids.map((id) => [id, recorded[id]])),
  };
}

/** API statistics summed over every account's fetcher, live (the heartbeat reads them while the scan runs). */
export class StatsTotal {
  private readonly active = new Set<ScanStats>();
  private readonly finished: ScanStats = { apiCalls: 0, uniqueCalls: 0, memoHits: 0, retries: 0, throttled: 0 };
  add(s: ScanStats): void {
    this.active.add(s);
  }
  done(s: ScanStats): void {
    if (!this.active.delete(s)) return;
    for (const k of STAT_KEYS) this.finished[k] += s[k];
  }
  total(): ScanStats {
    const t = { ...this.finished };
    for (const s of this.active) for (const k of STAT_KEYS) t[k] += s[k];
    return t;
  }
  readonly view: Readonly<ScanStats> = Object.defineProperties(
    {},
    Object.fromEntries(STAT_KEYS.map((k) => [k, { enumerable: true, get: () => this.total()[k] }])),
  ) as ScanStats;
}
const STAT_KEYS = ['apiCalls', 'uniqueCalls', 'memoHits', 'retries', 'throttled'] as const;

interface EstateProgress {
  engine(account: string, e: ProgressEvent, emit?: (event: ScanProgressEvent) => void): void;
}

/** The engine's per-account events as one scan's: items done over accounts × items, with the account. */
function estateProgress(opts: ScanOptions, accounts: number, items: number): EstateProgress {
  let done = 0;
  let started = false;
  const total = accounts * items;
  return {
    engine(account, e, emit) {
      if (!emit) return;
      if (e.type === 'start') {
        if (!started) emit({ type: 'start', total, accounts });
        started = true;
        return;
      }
      emit({ ...e, done: ++done, total, account: accounts > 1 ? account : undefined });
    },
  };
}

/** 90000 → "1m30s", 1800000 → "30m", 5000 → "5s", 1500 → "1.5s": how --timeout values are written. */
export function formatDuration(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}
