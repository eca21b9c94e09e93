// One scan, end to end, as plain data: options → data layer (live or replay) → scope → engine → Report.
// No printing and no process access here: cli.ts owns those.
import { liveClientConfig, resolveHomeRegion } from './aws/client.js';
import { Fetcher } from './aws/fetcher.js';
import { createAwsData } from './aws/index.js';
import { SERVICES } from './aws/services/index.js';
import { loadSnapshot, SNAPSHOT_FORMAT, type SnapshotFile } from './aws/snapshot.js';
import { CHECKS } from './checks/index.js';
import type { Check } from './checks/define-check.js';
import { applyAttestations } from './config/attestations.js';
import type { Attestation } from './config/config-file.js';
import type { Thresholds } from './config/thresholds.js';
import { runChecks, type ProgressEvent } from './engine.js';
import { AwsDataError, EXIT, NotInSnapshot, UserError } from './errors.js';
import { STATUSES, type DeploymentModel, type Report } from './model.js';
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
  now?: Date;
  onProgress?: (event: ProgressEvent) => void;
  checks?: readonly Check[];
  /** Extra SDK client config (tests point clients at a local server with it). */
  clientConfig?: Record<string, unknown>;
}

export interface ScanOutcome {
  report: Report;
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
  const fetcher = new Fetcher({
    services: SERVICES,
    homeRegion,
    concurrency: opts.concurrency,
    snapshot,
    record: opts.record,
    clientConfig: snapshot ? undefined : { ...liveClientConfig({ profile: opts.profile }), ...opts.clientConfig },
  });
  try {
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
    const engine = await runChecks({
      checks: opts.checks ?? CHECKS,
      only: opts.only,
      skip: opts.skip,
      onProgress: opts.onProgress,
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
    const errors = engine.errors;
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
    return { report, recorded };
  } finally {
    fetcher.destroy();
  }
}
