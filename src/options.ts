// Flag parsing and validation: raw commander values → validated options, with one clear message per
// mistake (UserError, exit 2). Also the gate: how a finished Report maps to an exit code. Pure: no
// process access here (cli.ts owns argv, env, streams and the exit code).
import { parseShard } from './accounts.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, RETRY_BUDGET_FACTOR } from './aws/fetcher.js';
import { CHECKLIST, compareIds } from './checklist.js';
import type { ConfigFile } from './config/config-file.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from './config/thresholds.js';
import { EXIT, UserError } from './errors.js';
import { DEPLOYMENT_MODELS, SEVERITIES, type CheckResult, type DeploymentModel, type Report, type Severity } from './model.js';
import { FORMAT_EXTENSIONS, FORMATS, type FormatName } from './reporters/index.js';
import type { ScanOptions } from './scan.js';
import { gateStatus } from './suppressions.js';
import { STATUSES, type Status } from './model.js';

export const FAIL_ON = [...SEVERITIES, 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export const DEFAULT_DEPLOYMENT_MODEL: DeploymentModel = 'multi-tenant-saas';
export const DEFAULT_FAIL_ON: FailOn = 'critical';
export const DEFAULT_CONCURRENCY = 8;
/** --request-timeout, in seconds: the longest one attempt of one AWS request may take. */
export const DEFAULT_REQUEST_TIMEOUT = String(DEFAULT_REQUEST_TIMEOUT_MS / 1000);
export { RETRY_BUDGET_FACTOR };
/** --timeout: the whole scan's time limit. */
export const DEFAULT_TIMEOUT = '30m';

/** The flags of `scan` as commander hands them over (strings, unvalidated). */
export interface RawScanFlags {
  profile?: string;
  /** --low-memory (src/heap.ts favourMemory; the CLI sets it, the scan never reads it). */
  lowMemory?: boolean;
  region?: string;
  regions?: string;
  deploymentModel?: string;
  checks?: string;
  skipChecks?: string;
  format?: string;
  output?: string;
  snapshot?: string;
  record?: string;
  concurrency?: string;
  requestTimeout?: string;
  timeout?: string;
  failOn?: string;
  allowErrors?: boolean;
  /** scan --baseline FILE (docs/diff.md): read before the scan, diffed after it. */
  baseline?: string;
  /** With --baseline: the gate fails on new failing findings only. */
  failOnNew?: boolean;
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
  org?: boolean;
  roleName?: string;
  accounts?: string;
  excludeAccounts?: string;
  ous?: string;
  excludeOus?: string;
  accountConcurrency?: string;
  workers?: string;
  shard?: string;
  severity?: string;
  status?: string;
  /** --output-dir: every format to DIR/cmt-audit.<ext> (src/output-dir.ts); cli.ts fills in the outputs after the scan. */
  outputDir?: string;
  timestamp?: boolean;
  /** --demo: replay the bundled demo snapshot (src/demo.ts). */
  demo?: boolean;
}

/** Where one rendered format goes: a file, or stdout when `path` is undefined. */
export interface OutputTarget {
  format: FormatName;
  path?: string;
}

export interface GateOptions {
  failOn: FailOn;
  allowErrors: boolean;
}

export interface ParsedScanFlags {
  scan: Omit<ScanOptions, 'onProgress' | 'now' | 'checks' | 'clientConfig'>;
  outputs: OutputTarget[];
  /** Write the recorded snapshot here. */
  record?: string;
  gate: GateOptions;
  /** --severity / --status: which items the table shows. */
  tableFilter: TableFilter;
}

/** A config file that was found and read (cli.ts finds and loads it; see src/config/config-file.ts). */
export interface LoadedConfig {
  /** As shown to people and recorded in the report. */
  path: string;
  config: ConfigFile;
}

/** Flags win over the config file, which wins over the defaults. */
/** `env`: where --shard auto reads its index and count (cli.ts passes process.env). */
export function parseScanFlags(raw: RawScanFlags, loaded?: LoadedConfig, env: Record<string, string | undefined> = {}): ParsedScanFlags {
  const config = loaded?.config ?? {};
  const only = raw.checks !== undefined ? parseCheckIds(raw.checks, '--checks') : undefined;
  const skip = raw.skipChecks !== undefined ? parseCheckIds(raw.skipChecks, '--skip-checks') : undefined;
  const selected = CHECKLIST.filter((i) => (!only || only.includes(i.id)) && !(skip ?? []).includes(i.id));
  if (selected.length === 0) throw new UserError('--checks and --skip-checks leave no checklist item to run');
  if (raw.snapshot !== undefined && raw.snapshot.trim() === '') throw new UserError('--snapshot needs a file or directory');
  if (raw.record !== undefined && raw.record.trim() === '') throw new UserError('--record needs a file name');
  if (raw.profile !== undefined && raw.profile.trim() === '') throw new UserError('--profile needs a profile name');
  const profiles = raw.profile !== undefined ? list(raw.profile, '--profile') : undefined;
  const accountFlags = estateFlags(raw, env);
  return {
    scan: {
      profile: profiles?.length === 1 ? profiles[0] : undefined,
      ...(profiles && profiles.length > 1 ? { profiles } : {}),
      ...accountFlags,
      region: raw.region !== undefined ? parseRegion(raw.region, '--region') : undefined,
      regions: raw.regions !== undefined ? parseRegions(raw.regions) : config.regions ? parseRegions(config.regions.join(',')) : undefined,
      deploymentModel: parseDeploymentModel(raw.deploymentModel ?? config.deploymentModel),
      only,
      skip,
      snapshot: raw.snapshot,
      record: raw.record !== undefined,
      concurrency: parseConcurrency(raw.concurrency),
      requestTimeoutMs: parseRequestTimeout(raw.requestTimeout),
      timeoutMs: parseTimeout(raw.timeout),
      thresholds: mergeThresholds(DEFAULT_THRESHOLDS, config.thresholds),
      attestations: config.attestations,
      suppressions: config.suppressions,
      configFile: loaded?.path,
      ...(config.sarif?.templates && Object.keys(config.sarif.templates).length ? { templateStacks: Object.keys(config.sarif.templates) } : {}),
    },
    outputs: raw.outputDir !== undefined ? [] : parseOutputs(parseFormats(raw.format), raw.output),
    record: raw.record,
    gate: parseGate({ failOn: raw.failOn ?? config.failOn, allowErrors: raw.allowErrors }),
    // --format all (with --output-dir) includes the table.
    tableFilter: parseTableFilter(raw, splitList(raw.format ?? 'table').some((f) => f.toLowerCase() === 'all') ? FORMATS : parseFormats(raw.format)),
  };
}

/** --severity / --status: which items the table shows (never what the JSON or the other formats hold). */
export interface TableFilter {
  severities?: Severity[];
  statuses?: Status[];
}

/** "critical,high" / "not-met,error" → the table's filter; unknown values, or no table to filter: exit 2. */
export function parseTableFilter(raw: { severity?: string; status?: string }, formats: readonly string[]): TableFilter {
  const values = <T extends string>(value: string | undefined, flag: string, allowed: readonly T[]): T[] | undefined => {
    if (value === undefined) return undefined;
    const got = splitList(value).map((v) => v.toLowerCase());
    if (got.length === 0) throw new UserError(`${flag} needs at least one value`, EXIT.usage, `use one or more of: ${allowed.join(', ')}`);
    const bad = got.find((v) => !(allowed as readonly string[]).includes(v));
    if (bad !== undefined) throw new UserError(`invalid ${flag} "${bad}"`, EXIT.usage, `use one or more of: ${allowed.join(', ')} (comma separated)`);
    return allowed.filter((a) => got.includes(a));
  };
  const filter: TableFilter = {};
  const severities = values(raw.severity, '--severity', SEVERITIES);
  const statuses = values(raw.status, '--status', STATUSES);
  if (severities) filter.severities = severities;
  if (statuses) filter.statuses = statuses;
  if ((severities || statuses) && !formats.includes('table')) {
    throw new UserError(`${severities ? '--severity' : '--status'} filters the table, and no table is written`, EXIT.usage, 'add --format table (the JSON and the other formats always hold every item)');
  }
  return filter;
}

/** A comma-separated list, blanks dropped; duplicates refused. */
function list(value: string, flag: string): string[] {
  const items = value.split(',').map((v) => v.trim()).filter(Boolean);
  if (items.length === 0) throw new UserError(`${flag} needs at least one value`);
  const twice = items.find((v, i) => items.indexOf(v) !== i);
  if (twice) throw new UserError(`${flag}: ${twice} is given twice`);
  return items;
}

const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** --org, --role-arn, --accounts, --shard …: which accounts, and how each is reached (src/accounts.ts). */
function estateFlags(raw: RawScanFlags, env: Record<string, string | undefined>): Pick<ScanOptions, 'roleArn' | 'externalId' | 'roleSessionName' | 'org' | 'roleName' | 'accountFilters' | 'accountConcurrency' | 'shard' | 'workers'> {
  const ids = (value: string | undefined, flag: string) => {
    if (value === undefined) return undefined;
    const got = list(value, flag);
    const bad = got.find((v) => !ACCOUNT_ID.test(v));
    if (bad) throw new UserError(`${flag}: "${bad}" is not an AWS account id (12 digits)`);
    return got;
  };
  const ous = (value: string | undefined, flag: string) => {
    if (value === undefined) return undefined;
    const got = list(value, flag);
    const bad = got.find((v) => !OU_ID.test(v));
    if (bad) throw new UserError(`${flag}: "${bad}" is not an organizational unit id (ou-xxxx-xxxxxxxx) or root id (r-xxxx)`);
    return got;
  };
  if (raw.roleArn !== undefined && !ROLE_ARN.test(raw.roleArn)) throw new UserError(`--role-arn: "${raw.roleArn}" is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)`);
  if (raw.roleName !== undefined && !ROLE_NAME.test(raw.roleName)) throw new UserError(`--role-name: "${raw.roleName}" is not an IAM role name`);
  if (raw.roleName !== undefined && !raw.org) throw new UserError('--role-name is the role assumed in each account of the organization: it needs --org');
  if ((raw.ous !== undefined || raw.excludeOus !== undefined) && !raw.org) throw new UserError('--ous / --exclude-ous filter the organization\'s accounts: they need --org');
  if (raw.externalId !== undefined && !(raw.roleArn || raw.org)) throw new UserError('--external-id is sent when a role is assumed: it needs --role-arn or --org');
  if (raw.externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(raw.externalId)) throw new UserError('--external-id: 2 to 1224 characters of letters, digits and +=,.@:/-');
  if (raw.roleSessionName !== undefined && !/^[\w+=,.@-]{2,64}$/.test(raw.roleSessionName)) throw new UserError('--role-session-name: 2 to 64 characters of letters, digits and +=,.@-');
  if ((raw.accounts !== undefined || raw.excludeAccounts !== undefined) && !raw.org && raw.snapshot === undefined) {
    throw new UserError('--accounts / --exclude-accounts choose among an organization\'s accounts (--org) or a snapshot\'s (--snapshot)', 2, 'with --profile a,b,c, list only the profiles to scan');
  }
  const accountFilters = {
    accounts: ids(raw.accounts, '--accounts'),
    excludeAccounts: ids(raw.excludeAccounts, '--exclude-accounts'),
    ous: ous(raw.ous, '--ous'),
    excludeOus: ous(raw.excludeOus, '--exclude-ous'),
  };
  let accountConcurrency: number | undefined;
  if (raw.accountConcurrency !== undefined) {
    accountConcurrency = Number(raw.accountConcurrency);
    if (!/^\d+$/.test(raw.accountConcurrency) || accountConcurrency < 1 || accountConcurrency > 64) {
      throw new UserError(`invalid --account-concurrency "${raw.accountConcurrency}": expected a whole number from 1 to 64`);
    }
  }
  let workers: number | undefined;
  if (raw.workers !== undefined) {
    workers = Number(raw.workers);
    if (!/^\d+$/.test(raw.workers) || workers < 1 || workers > 64) {
      throw new UserError(`invalid --workers "${raw.workers}": expected a whole number from 1 to 64 (1: scan on one thread)`);
    }
  }
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return defined({
    roleArn: raw.roleArn,
    externalId: raw.externalId,
    roleSessionName: raw.roleSessionName,
    org: raw.org || undefined,
    roleName: raw.roleName,
    accountFilters: Object.values(accountFilters).some((v) => v !== undefined) ? defined(accountFilters) : undefined,
    accountConcurrency,
    workers,
    shard: raw.shard !== undefined ? parseShard(raw.shard, env) : undefined,
  });
}

/** The config file's thresholds over the defaults (the password policy is merged field by field). */
export function mergeThresholds(base: Thresholds, override: ConfigFile['thresholds']): Thresholds {
  if (!override) return base;
  return { ...base, ...override, passwordPolicy: { ...base.passwordPolicy, ...override.passwordPolicy } } as Thresholds;
}

export function parseGate(raw: { failOn?: string; allowErrors?: boolean }): GateOptions {
  const failOn = (raw.failOn ?? DEFAULT_FAIL_ON).trim().toLowerCase();
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new UserError(`invalid --fail-on "${raw.failOn}"`, EXIT.usage, `use one of: ${FAIL_ON.join(', ')}`);
  }
  return { failOn: failOn as FailOn, allowErrors: raw.allowErrors === true };
}

/** "1.2, 1.4" → ['1.2', '1.4'] in checklist order; unknown ids are a usage error listing the valid ones. */
export function parseCheckIds(value: string, flag: string): string[] {
  const ids = splitList(value);
  if (ids.length === 0) throw new UserError(`${flag} needs at least one checklist id, e.g. ${flag} 1.2,1.4`);
  const valid = CHECKLIST.map((i) => i.id);
  const unknown = ids.filter((id) => !valid.includes(id));
  if (unknown.length > 0) {
    throw new UserError(
      `unknown check id${unknown.length > 1 ? 's' : ''} in ${flag}: ${unknown.join(', ')}`,
      EXIT.usage,
      `valid ids: ${valid.join(', ')}`,
    );
  }
  return [...new Set(ids)].sort(compareIds);
}

export function parseDeploymentModel(value: string | undefined): DeploymentModel {
  const model = (value ?? DEFAULT_DEPLOYMENT_MODEL).trim();
  if (!(DEPLOYMENT_MODELS as readonly string[]).includes(model)) {
    throw new UserError(`invalid --deployment-model "${value}"`, EXIT.usage, `use one of: ${DEPLOYMENT_MODELS.join(', ')}`);
  }
  return model as DeploymentModel;
}

const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function parseRegion(value: string, flag: string): string {
  const region = value.trim();
  if (!REGION_NAME.test(region)) throw new UserError(`invalid region "${value}" in ${flag}`, EXIT.usage, 'regions look like us-east-1, eu-west-1');
  return region;
}

export function parseRegions(value: string): string[] {
  const regions = splitList(value).map((r) => parseRegion(r, '--regions'));
  if (regions.length === 0) throw new UserError('--regions needs at least one region, e.g. --regions us-east-1,eu-west-1');
  return [...new Set(regions)].sort();
}

export function parseConcurrency(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UserError(`invalid --concurrency "${value}": expected a positive integer`);
  return n;
}

/** --request-timeout: seconds (decimals allowed), more than 0 and at most an hour → milliseconds. */
export function parseRequestTimeout(value: string | undefined): number {
  const text = (value ?? DEFAULT_REQUEST_TIMEOUT).trim();
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(n > 0 && n <= 3600)) {
    throw new UserError(`invalid --request-timeout "${value}": expected seconds, more than 0 and at most 3600`, EXIT.usage, 'e.g. --request-timeout 30');
  }
  return Math.round(n * 1000);
}

const DURATION_UNITS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000 };

/**
 * --timeout: a duration such as 90s, 15m, 1h, 1h30m (a bare number is seconds) → milliseconds; 0 means
 * no time limit (undefined).
 */
export function parseTimeout(value: string | undefined): number | undefined {
  const text = (value ?? DEFAULT_TIMEOUT).trim().toLowerCase();
  let ms = NaN;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  // Each unit once, largest first (1h30m, 2m30s): `1m1m` or `30s1h` is a typo, not a duration.
  else if (/^(\d+(\.\d+)?h)?(\d+(\.\d+)?m)?(\d+(\.\d+)?s)?$/.test(text) && text !== '') ms = [...text.matchAll(/(\d+(?:\.\d+)?)([hms])/g)].reduce((sum, [, n, unit]) => sum + Number(n) * DURATION_UNITS[unit], 0);
  // Node's timers hold at most 2^31-1 ms (about 24 days); a longer one would fire at once.
  if (Number.isNaN(ms) || ms > 2 ** 31 - 1) {
    throw new UserError(`invalid --timeout "${value}": expected a duration of at most 24 days`, EXIT.usage, 'e.g. --timeout 90s, 15m, 1h or 1h30m (0: no time limit)');
  }
  return ms === 0 ? undefined : Math.ceil(ms);
}

export function parseFormats(value: string | undefined, allowed: readonly string[] = FORMATS): FormatName[] {
  const formats = splitList(value ?? 'table').map((f) => f.toLowerCase());
  if (formats.length === 0) throw new UserError('--format needs a format name', EXIT.usage, `use one of: ${allowed.join(', ')}`);
  const unknown = formats.filter((f) => !allowed.includes(f));
  if (unknown.length > 0) {
    throw new UserError(`unknown --format ${unknown.join(', ')}`, EXIT.usage, `use one or more of: ${allowed.join(', ')}`);
  }
  return [...new Set(formats)] as FormatName[];
}

/**
 * Where each format goes.
 * - no --output: the one format goes to stdout (several formats need --output);
 * - one format: --output is the file (`-` = stdout);
 * - several formats: --output is either a comma list with one path per format, in --format order
 *   (`-` = stdout, at most once), or a base name that gets each format's extension
 *   (`--output out/scan` → out/scan.txt, out/scan.json; a trailing extension of a selected format is
 *   dropped first, so `--output scan.json` works too).
 */
export function parseOutputs(formats: FormatName[], output: string | undefined): OutputTarget[] {
  if (output === undefined) {
    if (formats.length > 1) {
      throw new UserError(
        `--format ${formats.join(',')} writes several formats: give --output`,
        EXIT.usage,
        `a base name (--output out/scan → ${formats.map((f) => `out/scan.${FORMAT_EXTENSIONS[f]}`).join(', ')}) or one path per format (--output -,scan.json; - is stdout)`,
      );
    }
    return [{ format: formats[0] }];
  }
  const paths = output.split(',').map((p) => p.trim());
  if (paths.some((p) => p === '')) throw new UserError(`--output "${output}" has an empty path`);
  const target = (format: FormatName, path: string): OutputTarget => (path === '-' ? { format } : { format, path });
  if (paths.length === 1 && formats.length === 1) return [target(formats[0], paths[0])];
  if (paths.length === 1) {
    if (paths[0] === '-') throw new UserError('only one format can go to stdout (-)');
    let base = paths[0];
    const ext = formats.map((f) => `.${FORMAT_EXTENSIONS[f]}`).sort((a, b) => b.length - a.length).find((e) => base.endsWith(e) && base.length > e.length);
    if (ext) base = base.slice(0, -ext.length);
    return formats.map((f) => ({ format: f, path: `${base}.${FORMAT_EXTENSIONS[f]}` }));
  }
  if (paths.length !== formats.length) {
    throw new UserError(
      `--output lists ${paths.length} paths for ${formats.length} format${formats.length > 1 ? 's' : ''} (${formats.join(',')})`,
      EXIT.usage,
      'give one path per format, in --format order, or a single base name',
    );
  }
  if (paths.filter((p) => p === '-').length > 1) throw new UserError('only one format can go to stdout (-)');
  const targets = formats.map((f, i) => target(f, paths[i]));
  const files = targets.flatMap((t) => (t.path ? [t.path] : []));
  if (new Set(files).size !== files.length) throw new UserError('--output names the same file twice');
  return targets;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

// ── The gate ─────────────────────────────────────────────────────────────────────────────────────

export interface GateVerdict {
  exitCode: number;
  /** Not-met items at or above --fail-on. */
  failing: CheckResult[];
  /** Items that ended in error. */
  incomplete: CheckResult[];
  /** Scan-level errors (no item), e.g. the region list could not be read. */
  scanErrors: Report['errors'];
  /** Not-met items at or above --fail-on kept out of the gate: every not-met finding is suppressed. */
  suppressed: CheckResult[];
}

/** True when `severity` is at or above `failOn` (critical is the highest). */
export function atOrAbove(severity: Severity, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(failOn);
}

/**
 * 3 when a not-met item is at or above --fail-on; else 4 when the scan is incomplete (an item ended in
 * error, or a scan-level error such as an unreadable region list) unless --allow-errors; else 0.
 * A failed gate wins over incompleteness: what was seen already fails, whatever was not seen.
 */
export function evaluateGate(report: Report, gate: GateOptions): GateVerdict {
  // Suppressed findings stay out of the gate (src/suppressions.ts): an item reads as its other findings say.
  const failing = report.results.filter((r) => gateStatus(r) === 'not-met' && atOrAbove(r.severity, gate.failOn));
  const incomplete = report.results.filter((r) => gateStatus(r) === 'error');
  const suppressed = report.results.filter((r) => r.status === 'not-met' && gateStatus(r) !== 'not-met' && atOrAbove(r.severity, gate.failOn));
  const scanErrors = report.errors.filter((e) => e.checkId === undefined);
  let exitCode: number = EXIT.ok;
  if (failing.length > 0) exitCode = EXIT.gateFailed;
  else if ((incomplete.length > 0 || scanErrors.length > 0) && !gate.allowErrors) exitCode = EXIT.incomplete;
  return { exitCode, failing, incomplete, scanErrors, suppressed };
}
