// The IAM credential report: generated (the one tolerated write), polled until COMPLETE, fetched once,
// and parsed with a real CSV parser. Its quirks are normalised here so checks never see them:
//   "N/A", "no_information", "not_supported" → undefined; "true"/"false" → booleans; ISO dates → Date.
// The `<root_account>` row is split out as `root`.
import { parse } from 'csv-parse/sync';
import { MalformedResponse } from '../../errors.js';
import type { CallFn } from '../service.js';

export interface CredentialReportRow {
  user: string;
  arn: string;
  userCreationTime?: Date;
  passwordEnabled?: boolean;
  passwordLastUsed?: Date;
  passwordLastChanged?: Date;
  passwordNextRotation?: Date;
  mfaActive: boolean;
  accessKeys: AccessKeyColumns[];
  cert1Active: boolean;
  cert2Active: boolean;
}

export interface AccessKeyColumns {
  /** 1 or 2, the report's column pair. */
  slot: 1 | 2;
  active: boolean;
  lastRotated?: Date;
  lastUsedDate?: Date;
  lastUsedRegion?: string;
  lastUsedService?: string;
}

export interface CredentialReport {
  generatedAt?: Date;
  root?: CredentialReportRow;
  users: CredentialReportRow[];
}

const MISSING = new Set(['', 'N/A', 'no_information', 'not_supported']);

function text(value: string | undefined): string | undefined {
  return value === undefined || MISSING.has(value) ? undefined : value;
}
function date(value: string | undefined): Date | undefined {
  const t = text(value);
  if (!t) return undefined;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
function bool(value: string | undefined): boolean | undefined {
  const t = text(value);
  return t === undefined ? undefined : t.toLowerCase() === 'true';
}

/** Every column the parser reads: IAM always writes all of them, so one missing is a malformed report. */
export const REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  ...[1, 2].flatMap((n) => ['active', 'last_rotated', 'last_used_date', 'last_used_region', 'last_used_service'].map((c) => `access_key_${n}_${c}`)),
  'cert_1_active',
  'cert_2_active',
];

const malformed = (problem: string) =>
  new MalformedResponse(`iam:GetCredentialReport answered a malformed response: Content ${problem}`, 'iam:GetCredentialReport');

/**
 * The report's rows. A report that lacks a column, is not well-formed CSV, or has a row without user or ARN
 * throws MalformedResponse: read anyway, a missing password_enabled column would make every console user
 * look like a service, a missing access_key_1_active every key look inactive.
 */
export function parseCredentialReport(csv: string, generatedAt?: Date): CredentialReport {
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => {
        const missing = REPORT_COLUMNS.filter((c) => !header.includes(c));
        if (missing.length) throw malformed(`lacks the credential report column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
        return header;
      },
      skip_empty_lines: true,
      trim: true,
    }) as Record<string, string>[];
  } catch (err) {
    if (err instanceof MalformedResponse) throw err;
    // csv-parse's messages may quote the data: say only what is wrong and where.
    const { code, lines } = err as { code?: string; lines?: number };
    throw malformed(`is not well-formed CSV (${code ?? 'parse error'}${lines ? ` at line ${lines}` : ''})`);
  }
  if (records.length === 0 && csv.trim() === '') throw malformed('is empty');
  const nameless = records.findIndex((r) => !r.user || !r.arn);
  if (nameless >= 0) throw malformed(`row ${nameless + 2} has no user or arn`);
  const rows = records.map((r): CredentialReportRow => ({
    user: r.user,
    arn: r.arn,
    userCreationTime: date(r.user_creation_time),
    passwordEnabled: bool(r.password_enabled),
    passwordLastUsed: date(r.password_last_used),
    passwordLastChanged: date(r.password_last_changed),
    passwordNextRotation: date(r.password_next_rotation),
    mfaActive: bool(r.mfa_active) ?? false,
    accessKeys: ([1, 2] as const).map((slot) => ({
      slot,
      active: bool(r[`access_key_${slot}_active`]) ?? false,
      lastRotated: date(r[`access_key_${slot}_last_rotated`]),
      lastUsedDate: date(r[`access_key_${slot}_last_used_date`]),
      lastUsedRegion: text(r[`access_key_${slot}_last_used_region`]),
      lastUsedService: text(r[`access_key_${slot}_last_used_service`]),
    })),
    cert1Active: bool(r.cert_1_active) ?? false,
    cert2Active: bool(r.cert_2_active) ?? false,
  }));
  return {
    generatedAt,
    root: rows.find((r) => r.user === '<root_account>'),
    users: rows.filter((r) => r.user !== '<root_account>'),
  };
}

export async function fetchCredentialReport(call: CallFn): Promise<CredentialReport> {
  await call('iam', 'GenerateCredentialReport', {}, undefined, { repeatUntil: (o) => o?.State === 'COMPLETE' });
  const out = await call<{ Content?: Uint8Array | string; GeneratedTime?: Date }>('iam', 'GetCredentialReport');
  const content = out.Content;
  const csv = typeof content === 'string' ? content : new TextDecoder().decode(content ?? new Uint8Array());
  return parseCredentialReport(csv, out.GeneratedTime);
}
