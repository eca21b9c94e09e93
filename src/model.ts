// The types every layer shares. Plain, serialisable data only: the Report is the source of truth that
// every reporter renders and that `cmt-audit report` re-reads from JSON.

import type { BaselineBlock } from './diff.js';

export const DEPLOYMENT_MODELS = [
  'multi-tenant-saas',
  'single-tenant-saas',
  'customer-deployed-on-premises',
  'customer-deployed-on-aws',
] as const;
export type DeploymentModel = (typeof DEPLOYMENT_MODELS)[number];

export type Pillar = 'security' | 'reliability' | 'operational-excellence';

/** Result of one checklist item. `manual`: only people can tell; `error`: the scan could not tell. */
export type Status = 'met' | 'not-met' | 'manual' | 'not-applicable' | 'error';
export const STATUSES: readonly Status[] = ['met', 'not-met', 'manual', 'not-applicable', 'error'];

/** What a single finding can say. `not-applicable` is decided by the engine, never by a check. */
export type FindingStatus = 'met' | 'not-met' | 'manual' | 'error';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** automated: the API decides; partial: the API decides part, people attest the rest; manual: people only. */
export type CheckKind = 'automated' | 'partial' | 'manual';

export interface Finding {
  status: FindingStatus;
  /** ARN (or a stable identifier when the resource has no ARN) of the thing looked at. */
  resource: string;
  account?: string;
  region?: string;
  message: string;
  /** Facts behind the verdict; never secret values. */
  evidence?: Record<string, unknown>;
  /** For status `error`: the IAM action that was denied, when that was the cause. */
  missingPermission?: string;
  /** For status `error`: the class of failure (see ScanError.kind). */
  errorKind?: string;
  /**
   * Set when a rule judging across accounts changed this finding (docs/estate.md): what its own account's
   * check said, so `merge` can judge again from the same facts.
   */
  accountView?: { status: FindingStatus; message: string; errorKind?: string };
  /**
   * The CloudFormation stack and logical id that created the resource (cloudformation:ListStackResources),
   * learnt only when the config maps stacks to template files (`sarif.templates`; docs/sarif.md).
   */
  source?: { stack: string; logicalId: string; region?: string };
  /**
   * Set on a `not-met` finding a suppression of the config file accepts (docs/configuration.md#suppressions):
   * it stays in the report, and out of the gate. `rule`: its index in the config's `suppressions` (and in
   * `scan.suppressions`).
   */
  suppressed?: FindingSuppression;
}

export interface FindingSuppression {
  reason: string;
  owner?: string;
  /** YYYY-MM-DD: the last day it applies. */
  expires?: string;
  rule: number;
}

/** A suppression of the config file, and what became of it in this report. */
export interface SuppressionRecord {
  /** Its index in the config's `suppressions`. */
  rule: number;
  item: string;
  /** The ARN glob (`*` any characters, `?` one). */
  resource: string;
  account?: string;
  reason: string;
  owner?: string;
  expires?: string;
  /** applied: it suppressed `matched` findings; expired: past its `expires` at the scan's instant; unmatched: it matched no not-met finding. */
  state: 'applied' | 'expired' | 'unmatched';
  /** Findings it suppressed (expired: the findings it would have). */
  matched: number;
  /** What to tell people about it (expired or unmatched), one line. */
  note?: string;
}

/** An item's status in one account of the scan. */
export interface AccountStatus {
  id: string;
  status: Status;
}

export interface CheckResult {
  id: string;
  title: string;
  pillar: Pillar;
  severity: Severity;
  kind: CheckKind;
  status: Status;
  /** Why the item is not applicable, or the note the checklist attaches to the deployment model. */
  applicability?: string;
  /** true when a check module exists; false when the item has no automated look yet. */
  automated: boolean;
  findings: Finding[];
  remediation?: string;
  docs?: string;
  durationMs: number;
  /** What decided the status: the API, a person's attestation, both, or nothing yet. */
  decidedBy: DecidedBy;
  /** The attestation from the config file for this item, and what became of it. */
  attestation?: AppliedAttestation;
  /** The item's status in each account scanned, in `scan.accounts` order; `status` is the estate's. */
  accounts?: AccountStatus[];
}

export type DecidedBy = 'api' | 'attestation' | 'api+attestation' | 'undecided' | 'not-applicable';

export interface AppliedAttestation {
  status: 'met' | 'not-met';
  evidence: string;
  links?: string[];
  by: string;
  /** YYYY-MM-DD: when the evidence was produced. */
  date: string;
  /** YYYY-MM-DD: the last day it counts (the config's `expires`, or date + the item's freshness window). */
  expires?: string;
  /** applied: it decided a manual item; expired: too old to count; not-used: the API already decided. */
  state: 'applied' | 'expired' | 'not-used';
  note?: string;
}

export interface ScanError {
  checkId?: string;
  account?: string;
  region?: string;
  /** `missing-permission` | `region-disabled` | `throttled` | `service-not-enabled` | `aws` | `internal` */
  kind: string;
  message: string;
  missingPermission?: string;
}

export interface ScanStats {
  /** HTTP requests actually sent (including pages and retries not counted). */
  apiCalls: number;
  /** Distinct (account, region, service, operation, input) calls the scan needed. */
  uniqueCalls: number;
  /** Calls served from the in-scan memo instead of the network. */
  memoHits: number;
  retries: number;
  throttled: number;
}

/** What an account's scan learnt that other accounts' items need (docs/estate.md): kept so `merge` can judge again. */
export interface AccountFacts {
  /** The organization the account belongs to (organizations:DescribeOrganization); null: none. */
  organization?: { id: string; managementAccountId: string } | null;
  /** Buckets of this account that CloudTrail may write to (their policy grants cloudtrail.amazonaws.com), with versioning. */
  trailBuckets?: { name: string; region?: string; versioning?: string; mfaDelete?: string; error?: string }[];
  /** Every AWS Backup vault of the account in the regions scanned (ARNs). */
  backupVaults?: string[];
  /** Facts that could not be read: fact name → why. */
  errors?: Record<string, string>;
}

export interface ScannedAccount {
  id: string;
  partition: string;
  /** The identity the scan ran as in this account (sts:GetCallerIdentity). */
  arn?: string;
  /** The account's name in the organization, or the snapshot directory / profile it came from. */
  name?: string;
  /** `error`: the account could not be scanned at all (its items are `error` for it); `scanned` otherwise. */
  status?: 'scanned' | 'error';
  /** Why the account could not be scanned. */
  error?: string;
  /** How the account was reached: `profile prod`, `role arn:aws:iam::…:role/CmtAuditReadOnly`, `snapshot log-archive`. */
  via?: string;
  homeRegion?: string;
  /** Regions scanned in this account (enabled and selected). */
  regions?: string[];
  facts?: AccountFacts;
}

/** The JSON report's schema version this cmt-audit writes (docs/json-report.md: minor versions only add optional fields). */
export const REPORT_SCHEMA_VERSION = '1.2';

export interface Report {
  schemaVersion: string;
  tool: { name: 'cmt-audit'; version: string };
  scan: {
    startedAt: string;
    finishedAt: string;
    deploymentModel: DeploymentModel;
    accounts: ScannedAccount[];
    /** The AWS Organization listed with --org (or recorded in the snapshot): every account, scanned or not. */
    organization?: { id: string; managementAccountId: string; accounts: { id: string; name?: string; status?: string }[] };
    /**
     * This report is shard `index` of `count` (--shard); a merged report has none. `of`: every account the scan
     * selected before the shard took its share (ids, or `profile NAME`); `keys`: this shard's share; `regions`:
     * the --regions asked. merge checks the shards are of one selection and cover it exactly.
     */
    shard?: { index: number; count: number; of?: string[]; keys?: string[]; regions?: string[] };
    regions: string[];
    /** Opt-in regions that are not enabled for the account: listed, never scanned, never errors. */
    regionsNotEnabled: string[];
    homeRegion: string;
    /** `live` scans AWS; `snapshot` replays recorded responses without any network call. */
    source: 'live' | 'snapshot';
    snapshot?: string;
    /** When the replayed snapshot was recorded: the time the account looked as reported. */
    snapshotRecordedAt?: string;
    /** The config file read (thresholds, attestations), if any. */
    configFile?: string;
    checksSelected?: string[];
    checksSkipped?: string[];
    thresholds: Record<string, unknown>;
    /** The config file's suppressions, each with what became of it (applied, expired, unmatched). */
    suppressions?: SuppressionRecord[];
    stats: ScanStats;
  };
  summary: Record<Status, number> & { total: number };
  results: CheckResult[];
  errors: ScanError[];
  /** `scan --baseline FILE`: what changed since that report (docs/diff.md). */
  baseline?: BaselineBlock;
}
