// The IAM credential report: generated (the one tolerated write), polled until COMPLETE, fetched once,
// and parsed with a real CSV parser. Its quirks are normalised here so checks never see them:
//   "N/A", "no_information", "not_supported" → undefined; "true"/"false" → booleans; ISO dates → Date.
// The `<root_account>` row is split out as `root`.
// A report that is not what IAM writes (a column the checks read is missing, a flag that is neither
// true nor false, a date that is no date, CSV that does not parse) is an AwsDataError naming
// iam:GetCredentialReport: every check that reads it then says it could not tell, instead of reading a
// missing flag as "no password" or "no active key" and reporting met.
import { parse } from 'csv-parse/sync';
import { AwsDataError } from '../../errors.js';
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

/** The columns the checks read: a report without one of them cannot be judged. */
const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'mfa_active',
  ...[1, 2].flatMap((n) => [`access_key_${n}_active`, `access_key_${n}_last_rotated`, `access_key_${n}_last_used_date`]),
];

const CALL = 'iam:GetCredentialReport';
const clip = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
const malformed = (detail: string) => new AwsDataError(`the credential report is malformed: ${detail}`, CALL);

export function parseCredentialReport(csv: string, generatedAt?: Date): CredentialReport {
  let header: string[] | undefined;
  let records: Record<string, string>[];
  try {
    const columns = (names: string[]) => (header = names);
    records = parse(csv, { bom: true, columns, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (err) {
    throw malformed(`not CSV (${(err as Error).message.split('\n')[0].slice(0, 120)})`);
  }
  const absent = REQUIRED_COLUMNS.filter((c) => !header?.includes(c));
  if (!header) throw malformed('it is empty');
  if (absent.length) throw malformed(`missing column(s) ${absent.join(', ')}`);

  const rows = records.map((r, i): CredentialReportRow => {
    const at = (column: string) => `row ${i + 2} (${r.user || 'no user'}) ${column}`;
    const text = (column: string): string | undefined => (MISSING.has(r[column] ?? '') ? undefined : r[column]);
    const date = (column: string): Date | undefined => {
      const t = text(column);
      if (t === undefined) return undefined;
      const d = new Date(t);
      if (Number.isNaN(d.getTime())) throw malformed(`${at(column)} is ${clip(t)}, not a date`);
      return d;
    };
    const bool = (column: string): boolean | undefined => {
      const t = text(column)?.toLowerCase();
      if (t === undefined || t === 'true' || t === 'false') return t === undefined ? undefined : t === 'true';
      throw malformed(`${at(column)} is ${clip(r[column])}, neither true nor false`);
    };
    if (!r.user || !r.arn) throw malformed(`${at('user/arn')} is empty`);
    return parseRow(r, text, date, bool);
  });
  return {
    generatedAt,
    root: rows.find((r) => r.user === '<root_account>'),
    users: rows.filter((r) => r.user !== '<root_account>'),
  };
}

function parseRow(
  r: Record<string, string>,
  text: (column: string) => string | undefined,
  date: (column: string) => Date | undefined,
  bool: (column: string) => boolean | undefined,
): CredentialReportRow {
  return {
    user: r.user,
    arn: r.arn,
    userCreationTime: date('user_creation_time'),
    passwordEnabled: bool('password_enabled'),
    passwordLastUsed: date('password_last_used'),
    passwordLastChanged: date('password_last_changed'),
    passwordNextRotation: date('password_next_rotation'),
    mfaActive: bool('mfa_active') ?? false,
    accessKeys: ([1, 2] as const).map((slot) => ({
      slot,
      active: bool(`access_key_${slot}_active`) ?? false,
      lastRotated: date(`access_key_${slot}_last_rotated`),
      lastUsedDate: date(`access_key_${slot}_last_used_date`),
      lastUsedRegion: text(`access_key_${slot}_last_used_region`),
      lastUsedService: text(`access_key_${slot}_last_used_service`),
    })),
    cert1Active: bool('cert_1_active') ?? false,
    cert2Active: bool('cert_2_active') ?? false,
  };
}

export async function fetchCredentialReport(call: CallFn): Promise<CredentialReport> {
  await call('iam', 'GenerateCredentialReport', {}, undefined, { repeatUntil: (o) => o?.State === 'COMPLETE' });
  const out = await call<{ Content?: Uint8Array | string; GeneratedTime?: Date }>('iam', 'GetCredentialReport');
  const content = out.Content;
  const csv = typeof content === 'string' ? content : new TextDecoder().decode(content ?? new Uint8Array());
  return parseCredentialReport(csv, out.GeneratedTime);
}
