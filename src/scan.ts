// One scan, end to end, as plain data: options → data layer (live or replay) → scope → engine → Report.
// No printing and no process access here: cli.ts owns those.
import { liveClientConfig, resolveHomeRegion } from './aws/client.js';
import { Fetcher, type FetcherOptions } from './aws/fetcher.js';
import { createAwsData } from './aws/index.js';
import { SERVICES } from './aws/services/index.js';
import { loadSnapshot, SNAPSHOT_FORMAT, type SnapshotFile } from './aws/snapshot.js';
import { CHECKS } from './checks/index.js';
import type { Check } from './checks/define-check.js';
import { applyAttestations, assertAttestationDates } from './config/attestations.js';
import type { Attestation } from './config/config-file.js';
import type { Thresholds } from './config/thresholds.js';
import { runChecks, type ProgressEvent } from './engine.js';
import { AwsDataError, EXIT, NotInSnapshot, TimedOut, UserError } from './errors.js';
import { STATUSES, type DeploymentModel, type Report, type ScanError, type ScanStats } from './model.js';
import { resolveScope } from './scope.js';
import { VERSION } from './version.js';

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
  /** Middleware for every SDK client (the benchmark's simulated AWS); see FetcherOptions.clientMiddleware. */
  clientMiddleware?: FetcherOptions['clientMiddleware'];
}

/** The engine's events, plus one when the scan starts, carrying its live API statistics (for a heartbeat line). */
export type ScanProgressEvent = ProgressEvent | { type: 'scan-start'; stats: Readonly<ScanStats> };

export interface ScanOutcome {
  report: Report;
  /** Set when the scan's --timeout passed: what happened, in one line (also the report's scan-level error). */
  timedOut?: string;
  /** The recorded snapshot, when options.record was set. */
  recorded?: SnapshotFile;
}

export async function scan(opts: ScanOptions): Promise<ScanOutcome> {
  const startedAt = new Date();
  // Checked against the same service declarations the fetcher replays with: a malformed answer is exit 2 here.
  const snapshot = opts.snapshot ? loadSnapshot(opts.snapshot, SERVICES) : undefined;
  const homeRegion = snapshot
    ? (opts.region ?? snapshot.homeRegion ?? 'us-east-1')
    : await resolveHomeRegion(opts.region, opts.profile);
  // The deadline aborts with the message every unfinished item and call will carry.
  const deadline = new AbortController();
  const limit = opts.timeoutMs === undefined ? undefined : `timed out: the scan's time limit (--timeout ${formatDuration(opts.timeoutMs)}) passed`;
  const timer = limit === undefined ? undefined : setTimeout(() => deadline.abort(new TimedOut(limit, 'scan')), opts.timeoutMs);
  const fetcher = new Fetcher({
    services: SERVICES,
    homeRegion,
    concurrency: opts.concurrency,
    snapshot,
    record: opts.record,
    requestTimeoutMs: opts.requestTimeoutMs,
    signal: deadline.signal,
    clientMiddleware: opts.clientMiddleware,
    clientConfig: snapshot ? undefined : { ...liveClientConfig({ profile: opts.profile }), ...opts.clientConfig },
  });
  try {
    opts.onProgress?.({ type: 'scan-start', stats: fetcher.stats });
    const aws = createAwsData(fetcher);
    const scope = await resolveScope(aws, homeRegion, opts.regions).catch((err: unknown) => {
      if (err instanceof NotInSnapshot) throw new UserError(`snapshot ${opts.snapshot} has no ${err.call} response (who the account is)`);
      // Not even "who am I" could be asked (no network, a wrong endpoint, an outage): nothing was scanned.
      if (err instanceof AwsDataError) {
        throw new UserError(
          `cannot start the scan: ${err.message}`,
          EXIT.incomplete,
          'check the network, proxy settings and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS',
        );
      }
      throw err;
    });
    // One instant for the whole scan, recorded as the snapshot's recordedAt: time-derived inputs (LookupEvents
    // StartTime, ByCreatedAfter …) then give the same call keys when the recording is replayed.
    const now = opts.now ?? (snapshot?.recordedAt ? new Date(snapshot.recordedAt) : startedAt);
    // Evidence dated after this instant cannot be about what the scan saw: refuse before the checks run.
    assertAttestationDates(opts.attestations ?? [], now, snapshot?.recordedAt ? 'when the snapshot was recorded' : 'when the scan started');
    const engine = await runChecks({
      checks: opts.checks ?? CHECKS,
      only: opts.only,
      skip: opts.skip,
      onProgress: opts.onProgress,
      signal: deadline.signal,
      context: {
        aws,
        account: scope.account,
        regions: scope.regions,
        homeRegion,
        thresholds: opts.thresholds,
        deploymentModel: opts.deploymentModel,
        now,
      },
    });
    const results = applyAttestations(engine.results, opts.attestations ?? [], now);
    const errors: ScanError[] = engine.errors;
    let timedOut: string | undefined;
    if (deadline.signal.aborted && limit !== undefined) {
      const unfinished = results.filter((r) => r.findings.some((f) => f.errorKind === 'timeout')).length;
      timedOut = `${limit}: ${unfinished} item${unfinished === 1 ? '' : 's'} did not finish and ${unfinished === 1 ? 'is' : 'are'} reported as error`;
      errors.push({ kind: 'timeout', message: timedOut });
    }
    const summary = Object.fromEntries(STATUSES.map((s) => [s, results.filter((r) => r.status === s).length])) as Report['summary'];
    summary.total = results.length;
    const report: Report = {
      schemaVersion: '1.0',
      tool: { name: 'cmt-audit', version: VERSION },
      scan: {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        deploymentModel: opts.deploymentModel,
        accounts: [{ id: scope.account.id, partition: scope.account.partition, arn: scope.account.arn }],
        regions: scope.regions,
        regionsNotEnabled: scope.regionsNotEnabled,
        homeRegion,
        source: snapshot ? 'snapshot' : 'live',
        snapshot: opts.snapshot,
        snapshotRecordedAt: snapshot?.recordedAt,
        configFile: opts.configFile,
        checksSelected: opts.only,
        checksSkipped: opts.skip,
        thresholds: { ...opts.thresholds },
        stats: { ...fetcher.stats },
      },
      summary,
      results,
      errors: [...scope.errors, ...errors],
    };
    const recorded: SnapshotFile | undefined = opts.record
      ? { format: SNAPSHOT_FORMAT, version: 1, recordedAt: startedAt.toISOString(), homeRegion, responses: fetcher.recorded }
      : undefined;
    return { report, recorded, timedOut };
  } finally {
    clearTimeout(timer);
    fetcher.destroy();
  }
}

/** 90000 → "1m30s", 1800000 → "30m", 5000 → "5s", 1500 → "1.5s": how --timeout values are written. */
export function formatDuration(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}
