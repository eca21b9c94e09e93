// Snapshot files: recorded API responses, replayed without any network call.
//
// {
//   "format": "cmt-audit-snapshot", "version": 1, "recordedAt": "…", "homeRegion": "us-east-1",
//   "responses": {
//     "sts:GetCallerIdentity": { "Account": "…", "Arn": "…" },
//     "ec2:DescribeSecurityGroups@eu-west-1": { "SecurityGroups": [ … ] },
//     "s3:GetBucketPolicy@us-east-1 {\"Bucket\":\"logs\"}": { "$error": { "name": "NoSuchBucketPolicy" } },
//     "iam:GetCredentialReport": { "Content": { "$utf8": "user,arn,…" } }
//   }
// }
//
// A key is `service:Operation`, then `@region` for regional services, then the input as canonical JSON
// when it is not empty. Paginated calls are stored merged (all pages). Timestamps are ISO strings and
// come back as Date objects, as the SDK gives them. A directory snapshot is every *.json file in it,
// merged (a key defined twice is an error).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { ServiceSpec } from './service.js';
import { SERVICES } from './services/index.js';
import { kindOf, shapeProblem } from './shapes.js';

export const SNAPSHOT_FORMAT = 'cmt-audit-snapshot';

export interface SnapshotFile {
  format: typeof SNAPSHOT_FORMAT;
  version: 1;
  recordedAt?: string;
  homeRegion?: string;
  description?: string;
  responses: Record<string, unknown>;
}

export interface SnapshotError {
  /** `name`: the SDK error's name (exception class or code); `code`: the wire code when it differs. */
  $error: { name: string; code?: string; message?: string; httpStatusCode?: number };
}

export function isSnapshotError(value: unknown): value is SnapshotError {
  return typeof value === 'object' && value !== null && '$error' in value;
}

/** Canonical JSON: object keys sorted, so equal inputs give equal keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function callKey(service: string, operation: string, input: Record<string, unknown>, region?: string): string {
  const where = region ? `@${region}` : '';
  const args = Object.keys(input).length ? ` ${canonicalJson(input)}` : '';
  return `${service}:${operation}${where}${args}`;
}

/** Parse a key back into its parts (used by the check tester to name the operation used). */
export function parseCallKey(key: string): { service: string; operation: string; region?: string; input: string } {
  const m = /^([a-z0-9-]+):([A-Za-z0-9]+)(?:@([a-z0-9-]+))?(?: (.*))?$/.exec(key);
  if (!m) throw new Error(`malformed snapshot key: ${key}`);
  return { service: m[1], operation: m[2], region: m[3], input: m[4] ?? '{}' };
}

/**
 * Reads a snapshot file, or every *.json file of a directory, merged. Every problem is a UserError (exit 2)
 * naming the file: not JSON, not a snapshot, a bad envelope field, a key no call could match, a malformed
 * `$error`, or a response whose shape does not fit its operation's (each checked against `services`).
 */
export function loadSnapshot(path: string, services: readonly ServiceSpec[] = SERVICES): SnapshotFile {
  const merged = readSnapshot(path, services);
  CHECKED.set(merged, services);
  return merged;
}

/** Snapshots loadSnapshot() returned, with the declarations their responses were checked against. */
const CHECKED = new WeakMap<SnapshotFile, readonly ServiceSpec[]>();

/** The service declarations this snapshot's responses were checked against at load, if it was loaded so. */
export function shapesCheckedWith(snapshot: SnapshotFile): readonly ServiceSpec[] | undefined {
  return CHECKED.get(snapshot);
}

/** Far above any account's recording (the demo account's is 0.2 MiB); a bigger file is not a snapshot. */
const MAX_SNAPSHOT_BYTES = 512 * 2 ** 20;

function readSnapshot(path: string, services: readonly ServiceSpec[]): SnapshotFile {
  let files: string[];
  try {
    files = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(path, f))
      : [path];
  } catch (err) {
    throw new UserError(`cannot read snapshot ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (files.length === 0) throw new UserError(`snapshot directory ${path} has no .json files`);
  // A device or FIFO would be read forever (/dev/zero) or block (a FIFO with no writer): files only.
  for (const file of files) {
    const stat = statSync(file);
    if (!stat.isFile()) throw new UserError(`cannot read snapshot ${file}: it is not a regular file`);
    if (stat.size > MAX_SNAPSHOT_BYTES) throw new UserError(`cannot read snapshot ${file}: it is larger than ${MAX_SNAPSHOT_BYTES / 2 ** 20} MiB`);
  }
  const merged: SnapshotFile = { format: SNAPSHOT_FORMAT, version: 1, responses: {} };
  for (const file of files) {
    let text: string;
    let parsed: SnapshotFile;
    try {
      text = readFileSync(file, 'utf8');
      parsed = JSON.parse(text) as SnapshotFile;
    } catch (err) {
      throw new UserError(`cannot read snapshot ${file}: ${(err as Error).message}`);
    }
    if (
      parsed?.format !== SNAPSHOT_FORMAT ||
      typeof parsed.responses !== 'object' ||
      parsed.responses === null ||
      Array.isArray(parsed.responses)
    ) {
      if (parsed?.format === SNAPSHOT_FORMAT && (parsed as { version?: unknown }).version === 2) {
        throw new UserError(`${file} is a snapshot of several accounts (version 2): pass it alone to --snapshot, not in a directory of one account's files`);
      }
      throw new UserError(`${file} is not a cmt-audit snapshot (expected "format": "${SNAPSHOT_FORMAT}" and "responses")`);
    }
    if (parsed.version !== 1) throw new UserError(`${file}: unsupported snapshot version ${String(parsed.version)} (expected 1)`);
    // JSON.parse keeps the last of two equal keys silently; a hand-written snapshot must not lose one.
    const twice = duplicateResponseKeys(text);
    if (twice.length) throw new UserError(`${file}: response "${twice[0]}" is defined twice in the snapshot`);
    absorb(file, parsed, merged, services);
  }
  return merged;
}

/**
 * Adds one file's (or one account's) envelope and responses to `merged`, checking each: envelope fields, key
 * form, no key twice, and every answer's shape. Every problem is a UserError naming `file`.
 */
export function absorb(file: string, parsed: Omit<SnapshotFile, 'format' | 'version'>, merged: SnapshotFile, services: readonly ServiceSpec[]): void {
  const field = envelopeProblem(parsed as SnapshotFile);
  if (field) throw new UserError(`${file}: ${field}`);
  merged.homeRegion ??= parsed.homeRegion;
  merged.recordedAt ??= parsed.recordedAt;
  merged.description ??= parsed.description;
  for (const [key, value] of Object.entries(parsed.responses)) {
    const problem = keyProblem(key);
    if (problem) throw new UserError(`${file}: malformed response key "${shown(key)}": ${problem}`);
    if (key in merged.responses) throw new UserError(`${file}: response "${shown(key)}" is defined twice in the snapshot`);
    // The answer must have the shape the fetcher checks at replay (shapes.ts), so that a wrong one is
    // refused here, naming the file, the key and the field, before anything is scanned.
    const malformed = responseProblem(key, value, services);
    if (malformed) throw new UserError(`${file}: malformed response "${shown(key)}": ${malformed}`);
    merged.responses[key] = value;
  }
}

/** Marks a snapshot assembled outside loadSnapshot (an account of an estate snapshot) as checked against `services`. */
export function markChecked(snapshot: SnapshotFile, services: readonly ServiceSpec[]): SnapshotFile {
  CHECKED.set(snapshot, services);
  return snapshot;
}

/** Why a key could never match a call (the fetcher builds keys with callKey), or undefined. */
function keyProblem(key: string): string | undefined {
  let parts: ReturnType<typeof parseCallKey>;
  try {
    parts = parseCallKey(key);
  } catch {
    return 'expected service:Operation[@region][ {input as JSON}]';
  }
  if (parts.input === '{}') return undefined;
  let input: unknown;
  try {
    input = JSON.parse(parts.input);
  } catch {
    return 'the input is not JSON';
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) return 'the input is not a JSON object';
  const canonical = callKey(parts.service, parts.operation, input as Record<string, unknown>, parts.region);
  return canonical === key ? undefined : `write it as ${canonical} (keys sorted, no spaces)`;
}

function errorProblem(value: unknown): string | undefined {
  if (!isSnapshotError(value)) return undefined;
  const e = value.$error as unknown;
  if (!e || typeof e !== 'object' || typeof (e as { name?: unknown }).name !== 'string') return '"$error" needs a "name" (the AWS error code)';
  const extra = Object.keys(value).filter((k) => k !== '$error');
  if (extra.length) return `"$error" stands alone: remove ${extra.map((k) => `"${shown(k)}"`).join(', ')} beside it`;
  return shapeProblem(SNAPSHOT_ERROR, e, '"$error"');
}

/** What fetcher.ts replays as the SDK's error; nothing else may be in it (it is written by the recorder). */
const SNAPSHOT_ERROR = z.strictObject({
  name: z.string().min(1),
  code: z.string().optional(),
  message: z.string().optional(),
  httpStatusCode: z.number().int().min(100).max(599).optional(),
});

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** recordedAt, homeRegion, description: of the right type when present. */
function envelopeProblem(parsed: SnapshotFile): string | undefined {
  const { recordedAt, homeRegion, description } = parsed as unknown as Record<string, unknown>;
  const got = (v: unknown) => (typeof v === 'string' ? `got "${shown(v.slice(0, 40))}"` : `got ${kindOf(v)}`);
  if (recordedAt !== undefined && (typeof recordedAt !== 'string' || !ISO_DATE.test(recordedAt) || Number.isNaN(Date.parse(recordedAt)))) {
    return `"recordedAt" must be an ISO 8601 date-time such as 2026-06-01T00:00:00Z (${got(recordedAt)})`;
  }
  if (homeRegion !== undefined && (typeof homeRegion !== 'string' || !REGION.test(homeRegion))) {
    return `"homeRegion" must be a region name such as us-east-1 (${got(homeRegion)})`;
  }
  if (description !== undefined && typeof description !== 'string') return `"description" must be a string (${got(description)})`;
  return undefined;
}

/** Why a stored answer cannot be what its operation returns, or undefined. Keys of undeclared operations are only checked to be objects. */
function responseProblem(key: string, value: unknown, services: readonly ServiceSpec[]): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `the response is not an object (got ${kindOf(value)}); a failed call is written { "$error": { "name": "…" } }`;
  }
  if (isSnapshotError(value)) return errorProblem(value);
  const { service, operation } = parseCallKey(key);
  const shape = services.find((s) => s.name === service)?.operations[operation]?.shape;
  return shape && shapeProblem(shape, revive(value));
}

/** A key or name as it may appear in a one-line message: control characters out, long ones cut. */
export function shown(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 200 ? `${clean.slice(0, 197)}...` : clean;
}

/** Keys that appear twice in the top-level "responses" object of a snapshot file JSON.parse accepted. */
export function duplicateResponseKeys(text: string): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  let depth = 0;
  let topKey: string | undefined;
  let inResponses = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      let k = j + 1;
      while (k < text.length && /\s/.test(text[k])) k++;
      if (text[k] === ':') {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (depth === 1) topKey = key;
        else if (depth === 2 && inResponses) {
          if (seen.has(key)) twice.push(key);
          seen.add(key);
        }
      }
      i = j;
    } else if (ch === '{' || ch === '[') {
      depth++;
      if (depth === 2) inResponses = ch === '{' && topKey === 'responses';
    } else if (ch === '}' || ch === ']') {
      if (depth === 2) inResponses = false;
      depth--;
    }
  }
  return twice;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Snapshot JSON → the shapes the SDK returns: ISO timestamps → Date, {$utf8} → Uint8Array. */
export function revive(value: unknown): unknown {
  if (typeof value === 'string') return ISO_DATE.test(value) ? new Date(value) : value;
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.$utf8 === 'string' && Object.keys(obj).length === 1) return new TextEncoder().encode(obj.$utf8);
    if (typeof obj.$base64 === 'string' && Object.keys(obj).length === 1) return Buffer.from(obj.$base64, 'base64');
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

// Redaction for recorded snapshots: no secret ever lands in a file. Access key ids keep their prefix
// and last four characters (so detectors still see "an access key is here"); anything that looks like
// a secret access key, session token or password is replaced.
const ACCESS_KEY_ID = /\b(AKIA|ASIA|AIDA|AROA|ANPA|ANVA|AGPA)[A-Z0-9]{12}([A-Z0-9]{4})\b/g;
const SECRET_KEY = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const SECRET_FIELD = /secret|password|token|credential|private.?key/i;
// Fields that only name or describe a secret (SecretName, PasswordLastUsed, TokenType, …) are kept.
const DESCRIBES_SECRET = /(Name|Names|Arn|Arns|Id|Ids|Type|Status|State|Date|Time|Enabled|Required|Policy|Region|Count|Length|Age)$/;

// `DB_PASSWORD=hunter2`, `"api_token": "abc"` inside free text (user data, scripts): keep the name, drop the value.
const SECRET_ASSIGNMENT = /\b([A-Za-z0-9_.-]*(?:secret|password|passwd|token|credential|private.?key)[A-Za-z0-9_.-]*)("?\s*=\s*|"?:\s+|":)(["']?)([^\s"',;]+)/gi;
// scheme://user:password@host
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)([^@\s/]+)@/gi;

export function redactString(s: string): string {
  return s
    .replace(ACCESS_KEY_ID, (_m, prefix: string, last4: string) => `${prefix}XXXXXXXXXXXX${last4}`)
    .replace(SECRET_KEY, (m) => (/[0-9]/.test(m) && /[A-Z]/.test(m) && /[a-z]/.test(m) ? '<redacted>' : m))
    .replace(URL_PASSWORD, '$1<redacted>@')
    .replace(SECRET_ASSIGNMENT, (m, name: string, sep: string, quote: string, value: string) =>
      // A flag or a number (CloudTrail's "sessionCredentialFromConsole":"true") is never a secret, and checks read it.
      value === '<redacted>' || value.startsWith('arn:') || /^(true|false|null|\d+)$/.test(value) ? m : `${name}${sep}${quote}<redacted>`,
    );
}

// Name/value pairs (ECS environment, CloudFormation parameters, tags): a secret-named pair hides its value.
const PAIR_NAME = ['name', 'Name', 'key', 'Key', 'ParameterKey'];
const PAIR_VALUE = ['value', 'Value', 'ParameterValue'];

function secretPairValueKey(obj: Record<string, unknown>): string | undefined {
  const nameKey = PAIR_NAME.find((k) => typeof obj[k] === 'string');
  if (!nameKey || !isSecretField(obj[nameKey] as string)) return undefined;
  return PAIR_VALUE.find((k) => typeof obj[k] === 'string');
}

/** EC2 user data is base64 (maybe gzip): decode, redact, and store it re-encoded as plain base64. */
function redactUserData(value: string): string {
  let bytes = Buffer.from(value, 'base64');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      return '<redacted>';
    }
  }
  return Buffer.from(redactString(bytes.toString('utf8')), 'utf8').toString('base64');
}

/** SDK output → snapshot JSON: Date → ISO, bytes → {$utf8}, secrets redacted, $metadata dropped. */
export function serialise(value: unknown, key = ''): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return { $utf8: redactString(new TextDecoder().decode(value)) };
  if (typeof value === 'string') return isSecretField(key) ? redactValue(value) : redactString(value);
  if (Array.isArray(value)) return value.map((v) => serialise(v, key));
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const secretValueKey = secretPairValueKey(obj);
    return Object.fromEntries(
      Object.entries(obj)
        .filter(([k]) => k !== '$metadata')
        .map(([k, v]) => {
          // AWS's own mask (a NoEcho parameter answers '****') is no secret, and tells the checks the value is hidden.
          if (k === secretValueKey) return [k, v === '' || /^\*+$/.test(v as string) ? v : '<redacted>'];
          if (key === 'UserData' && k === 'Value' && typeof v === 'string') return [k, redactUserData(v)];
          return [k, serialise(v, k)];
        }),
    );
  }
  return value;
}

function isSecretField(key: string): boolean {
  return SECRET_FIELD.test(key) && !DESCRIBES_SECRET.test(key);
}

function redactValue(value: string): string {
  // Keep ARNs and names (they are not secrets), drop the rest.
  return value.startsWith('arn:') ? value : redactString(value).length > 0 ? '<redacted>' : value;
}
