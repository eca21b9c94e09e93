// Fixture builders for IAM checks: a credential report (the real 22-column CSV, with the real
// placeholders: N/A, no_information, not_supported) and GetAccountAuthorizationDetails pieces.
//
//   responses: {
//     ...credentialReport([root({ passwordLastUsed: daysAgo(3) }), user('alice', { password: { lastChanged: daysAgo(10) }, mfa: true })]),
//   }
import { ACCOUNT, NOW } from './check-tester.js';

export const REPORT_HEADER = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
].join(',');

export interface KeySpec {
  active?: boolean;
  /** ISO date the key was created or last rotated. */
  lastRotated: string;
  /** ISO date of last use; omitted: never used (N/A). */
  lastUsed?: string;
  region?: string;
  service?: string;
}

export interface UserSpec {
  created?: string;
  /** Omitted: the user has no console password. */
  password?: { lastChanged: string; lastUsed?: string; nextRotation?: string };
  mfa?: boolean;
  key1?: KeySpec;
  key2?: KeySpec;
  account?: string;
}

/** The report writes dates as 2026-05-01T10:00:00+00:00. */
const reportDate = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function keyColumns(key?: KeySpec): string[] {
  if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [
    String(key.active ?? true),
    reportDate(key.lastRotated),
    key.lastUsed ? reportDate(key.lastUsed) : 'N/A',
    key.lastUsed ? (key.region ?? 'us-east-1') : 'N/A',
    key.lastUsed ? (key.service ?? 's3') : 'N/A',
  ];
}

/** One CSV row for an IAM user. */
export function user(name: string, spec: UserSpec = {}): string {
  const account = spec.account ?? ACCOUNT.id;
  const pw = spec.password;
  return [
    name,
    `arn:aws:iam::${account}:user/${name}`,
    reportDate(spec.created ?? '2024-01-15T09:00:00Z'),
    String(pw !== undefined),
    pw ? (pw.lastUsed ? reportDate(pw.lastUsed) : 'no_information') : 'N/A',
    pw ? reportDate(pw.lastChanged) : 'N/A',
    pw?.nextRotation ? reportDate(pw.nextRotation) : 'N/A',
    String(spec.mfa ?? false),
    ...keyColumns(spec.key1),
    ...keyColumns(spec.key2),
    ...NO_SIGNING_CERTS,
  ]
    .map(csvField)
    .join(',');
}

/** cert_1_active, cert_1_last_rotated, cert_2_active, cert_2_last_rotated: no signing certificates. */
const NO_SIGNING_CERTS = ['false', 'N/A', 'false', 'N/A'];

/** The <root_account> row: password fields other than last use are not_supported. */
export function root(spec: { passwordLastUsed?: string; mfa?: boolean; key1?: KeySpec; key2?: KeySpec; account?: string } = {}): string {
  const account = spec.account ?? ACCOUNT.id;
  return [
    '<root_account>',
    `arn:aws:iam::${account}:root`,
    reportDate('2019-03-04T12:00:00Z'),
    'not_supported',
    spec.passwordLastUsed ? reportDate(spec.passwordLastUsed) : 'no_information',
    'not_supported',
    'not_supported',
    String(spec.mfa ?? true),
    ...keyColumns(spec.key1),
    ...keyColumns(spec.key2),
    ...NO_SIGNING_CERTS,
  ].join(',');
}

/** The CSV text of a report with these rows (a root row is not added for you). */
export const reportCsv = (rows: string[]) => [REPORT_HEADER, ...rows].join('\n') + '\n';

/** Fixture responses for aws.iam.credentialReport(): generation complete, then the CSV. */
export function credentialReport(rows: string[], generatedAt: Date = NOW) {
  return {
    'iam:GenerateCredentialReport': { State: 'COMPLETE' },
    'iam:GetCredentialReport': { Content: { $utf8: reportCsv(rows) }, GeneratedTime: generatedAt.toISOString(), ReportFormat: 'text/csv' },
  };
}

export const userArn = (name: string, account = ACCOUNT.id) => `arn:aws:iam::${account}:user/${name}`;

// ---- GetAccountAuthorizationDetails ----

export interface PolicyDocument {
  Version?: string;
  Statement: Record<string, unknown>[] | Record<string, unknown>;
}

/** IAM returns policy documents in this operation URL-encoded (RFC 3986). */
export const encodeDocument = (doc: PolicyDocument) => encodeURIComponent(JSON.stringify(doc));

export const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const allowAll: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export function userDetail(
  name: string,
  spec: { inline?: Record<string, PolicyDocument>; attached?: string[]; groups?: string[]; account?: string } = {},
) {
  return {
    Path: '/',
    UserName: name,
    UserId: `AIDA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(16, 'X').slice(0, 16)}`,
    Arn: userArn(name, spec.account),
    CreateDate: '2024-01-15T09:00:00Z',
    UserPolicyList: Object.entries(spec.inline ?? {}).map(([PolicyName, doc]) => ({ PolicyName, PolicyDocument: encodeDocument(doc) })),
    GroupList: spec.groups ?? [],
    AttachedManagedPolicies: (spec.attached ?? []).map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.split('/').pop() })),
  };
}

export function groupDetail(name: string, spec: { inline?: Record<string, PolicyDocument>; attached?: string[] } = {}) {
  return {
    Path: '/',
    GroupName: name,
    GroupId: `AGPA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(16, 'X').slice(0, 16)}`,
    Arn: `arn:aws:iam::${ACCOUNT.id}:group/${name}`,
    CreateDate: '2024-01-15T09:00:00Z',
    GroupPolicyList: Object.entries(spec.inline ?? {}).map(([PolicyName, doc]) => ({ PolicyName, PolicyDocument: encodeDocument(doc) })),
    AttachedManagedPolicies: (spec.attached ?? []).map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.split('/').pop() })),
  };
}

export function managedPolicy(arn: string, doc: PolicyDocument) {
  return {
    PolicyName: arn.split('/').pop(),
    Arn: arn,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    IsAttachable: true,
    PolicyVersionList: [{ Document: encodeDocument(doc), VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2024-01-15T09:00:00Z' }],
  };
}

export function ssoRole(permissionSet: string) {
  const name = `AWSReservedSSO_${permissionSet}_0123456789abcdef`;
  return {
    Path: '/aws-reserved/sso.amazonaws.com/',
    RoleName: name,
    RoleId: 'AROAXXXXXXXXXXXXSSO1',
    Arn: `arn:aws:iam::${ACCOUNT.id}:role/aws-reserved/sso.amazonaws.com/${name}`,
    CreateDate: '2024-01-15T09:00:00Z',
    RolePolicyList: [],
    AttachedManagedPolicies: [],
    InstanceProfileList: [],
  };
}

/** Fixture response for aws.iam.authorizationDetails(). */
export function authorizationDetails(parts: { users?: unknown[]; groups?: unknown[]; roles?: unknown[]; policies?: unknown[] }) {
  return {
    'iam:GetAccountAuthorizationDetails': {
      UserDetailList: parts.users ?? [],
      GroupDetailList: parts.groups ?? [],
      RoleDetailList: parts.roles ?? [],
      Policies: parts.policies ?? [],
      IsTruncated: false,
    },
  };
}
