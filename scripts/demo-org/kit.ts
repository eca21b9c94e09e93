// The building blocks of the demo organization (scripts/demo-org.ts): one Recording per account (call key →
// response, written as v1 snapshot files grouped by topic), the instant everything is recorded at, and
// small builders for the answers every account gives in the same shape (a security group, a bucket and its
// reads, a trail, a credential report …). Keys are built with the scanner's own callKey(), so a key here is
// exactly the key the scan asks for.
import { createHash } from 'node:crypto';
import { callKey } from '../../src/aws/snapshot.js';

export type Json = any;

export const RECORDED_AT = '2026-11-20T09:00:00.000Z';
export const NOW = new Date(RECORDED_AT);
export const HOME = 'us-east-1';
export const REGIONS = ['us-east-1', 'eu-west-1'] as const;
export type Region = (typeof REGIONS)[number];
export const ORG_ID = 'o-demo12345';

export const MGMT = '111111111111';
export const LOG_ARCHIVE = '222222222222';
export const SECURITY = '333333333333';
export const PROD = '444444444444';
export const STAGING = '555555555555';
export const OLD_SANDBOX = '666666666666';

export const ORG_TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/acme-org-trail`;
export const ORG_TRAIL_BUCKET = 'acme-org-cloudtrail-logs';
export const DR_VAULT_ARN = `arn:aws:backup:us-east-1:${SECURITY}:backup-vault:acme-dr-vault`;
/** The log-archive account's CloudWatch Logs destination that every account's subscription filters feed. */
export const CENTRAL_LOGS = (region: Region) => `arn:aws:logs:${region}:${LOG_ARCHIVE}:destination:acme-central-logs`;

/** Time-derived inputs, as the checks compute them from the instant the snapshot was recorded. */
const DAY = 86_400_000;
const utcMidnight = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
/** backup windowStart(now, 12): the UTC midnight 12 months back (2.7, 2.9, 2.12, 2.13). */
export const TWELVE_MONTHS_AGO = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - 12, NOW.getUTCDate())).toISOString();
/** 3.1: deployments since the UTC midnight 90 days back (thresholds.deploymentActivityDays). */
export const DEPLOYMENTS_SINCE = new Date(utcMidnight(NOW) - 90 * DAY).toISOString();
/** 2.5: CloudTrail write events of the last 7 days (thresholds.consoleChangeLookbackDays). */
export const LOOKUP_EVENTS_INPUT = {
  LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
  StartTime: new Date(NOW.getTime() - 7 * DAY).toISOString(),
  EndTime: RECORDED_AT,
  MaxResults: 50,
};
export const ALARM_TYPES = { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] };
export const AUTOMATION_RUNBOOKS = {
  Filters: [
    { Key: 'Owner', Values: ['Self'] },
    { Key: 'DocumentType', Values: ['Automation'] },
  ],
};
export const S3_CONTROLS = { SecurityControlIds: ['S3.1', 'S3.2', 'S3.3', 'S3.8'] };
export const SCALING_NAMESPACES = ['ecs', 'dynamodb', 'rds', 'lambda'] as const;

export interface Account {
  /** Subdirectory of fixtures/demo-org. */
  dir: string;
  id: string;
  name: string;
  email: string;
  joined: string;
  /** One sentence for every file's description: who this account is. */
  role: string;
}

/** A failed call as the recorder writes it. */
export const awsError = (name: string, message: string, httpStatusCode = 400) => ({ $error: { name, message, httpStatusCode } });

/** Deterministic hex (resource ids, canonical ids, UUIDs) from a seed. */
export function hex(seed: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}#${i}`).digest('hex');
  return out.slice(0, length);
}

export const uuid = (seed: string) => {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** An AWS resource id such as sg-0c4d1e7a2b9f30001: prefix, then 17 hex digits. */
export const rid = (prefix: string, seed: string) => `${prefix}-0${hex(`${prefix}/${seed}`, 16)}`;

/** JSON text of an IAM / bucket / key policy (IAM authorization details carry it URL-encoded). */
export const policyText = (statements: Json[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const encodedPolicy = (statements: Json[]) => encodeURIComponent(policyText(statements));

/** The statement every bucket policy of the organization carries: no request without TLS. */
export const denyInsecureTransport = (bucket: string) => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

interface FileSpec {
  name: string;
  topic: string;
}

/** Snapshot files, in the order they are written, and which calls each holds (by service:Operation). */
export const FILES: FileSpec[] = [
  { name: 'account.json', topic: 'who the account is and which regions are enabled' },
  { name: 'organizations.json', topic: 'AWS Organizations, as the estate layer asks it (organizations:DescribeOrganization, and organizations:ListAccounts from the management account)' },
  { name: 'iam.json', topic: 'IAM (1.1-1.12)' },
  { name: 'cloudtrail.json', topic: 'CloudTrail trails, their status and event selectors (1.13-1.15)' },
  { name: 's3.json', topic: 'S3 buckets and account-level Block Public Access (1.14, 1.15, 1.17, 1.18, 1.22, 1.24)' },
  { name: 'network.json', topic: 'security groups and network interfaces (1.16, 2.3, 3.1)' },
  { name: 'data.json', topic: 'data protection at rest and in transit (1.22-1.25)' },
  { name: 'detective.json', topic: 'detective services (1.19, 1.20, 1.25)' },
  { name: 'workloads.json', topic: 'workloads and where they keep configuration (1.10, 1.11, 2.2, 2.5)' },
  { name: 'reliability-infra.json', topic: 'networks, logs, scaling, alarms and console changes (2.1-2.5, 2.8)' },
  { name: 'reliability-dr.json', topic: 'backups and disaster recovery (2.6, 2.7, 2.9-2.13), with the backup vaults the estate layer reads for 2.13' },
  { name: 'operations.json', topic: 'operations: deployments, runbooks, contacts and support (3.1-3.3)' },
];

const ROUTES: [RegExp, string][] = [
  [/^(sts:|ec2:DescribeRegions)/, 'account.json'],
  [/^organizations:/, 'organizations.json'],
  [/^iam:/, 'iam.json'],
  [/^cloudtrail:(DescribeTrails|GetTrailStatus|GetEventSelectors)/, 'cloudtrail.json'],
  [/^(s3|s3control):/, 's3.json'],
  [/^ec2:(DescribeSecurityGroups|DescribeNetworkInterfaces|GetManagedPrefixListEntries)/, 'network.json'],
  [/^(ec2:(GetEbsEncryptionByDefault|DescribeVolumes|DescribeSnapshots)|rds:|efs:|dynamodb:(ListTables|DescribeTable)|kms:|elbv2:|elb:|apigateway:|apigatewayv2:|cloudfront:)/, 'data.json'],
  [/^account:GetAlternateContact {"AlternateContactType":"SECURITY"}/, 'data.json'],
  [/^(accessanalyzer|macie2|securityhub|config|guardduty|inspector2):/, 'detective.json'],
  [/^(support:DescribeTrustedAdvisor|ecs:ListClusters|ssm:(DescribeInstanceInformation|ListAssociations))/, 'detective.json'],
  [/^(lambda:|ec2:(DescribeInstances|DescribeInstanceAttribute)|ecs:|cloudformation:|ssm:DescribeParameters|secretsmanager:)/, 'workloads.json'],
  [/^(ec2:|directconnect:|logs:|autoscaling:|applicationautoscaling:|cloudwatch:|sns:|cloudtrail:LookupEvents)/, 'reliability-infra.json'],
  [/^(backup:|dynamodb:DescribeContinuousBackups|fis:|resiliencehub:|drs:)/, 'reliability-dr.json'],
  [/^(codepipeline:|codedeploy:|ssm:ListDocuments|ssmincidents:|account:|support:)/, 'operations.json'],
];

export function fileFor(key: string): string {
  const route = ROUTES.find(([re]) => re.test(key));
  if (!route) throw new Error(`no snapshot file for ${key}`);
  return route[1];
}

/** One account's recorded responses: call key → answer, in the order they were put. */
export class Recording {
  readonly responses = new Map<string, Json>();
  /** What each file says about this account, beyond its topic. */
  readonly notes = new Map<string, string>();

  constructor(readonly account: Account) {}

  /** Records the answer to one call (replacing an earlier one for the same key, in place). */
  put(service: string, operation: string, response: Json, where: { region?: string; input?: Record<string, unknown> } = {}): string {
    const key = callKey(service, operation, where.input ?? {}, where.region);
    this.responses.set(key, response);
    return key;
  }

  /** The same call in each region in scope, answered by `answer(region)`. */
  each(service: string, operation: string, answer: (region: Region) => Json, input?: Record<string, unknown>): void {
    for (const region of REGIONS) this.put(service, operation, answer(region), { region, input });
  }

  get(service: string, operation: string, where: { region?: string; input?: Record<string, unknown> } = {}): Json {
    const key = callKey(service, operation, where.input ?? {}, where.region);
    if (!this.responses.has(key)) throw new Error(`${this.account.dir}: no response for ${key}`);
    return this.responses.get(key);
  }

  delete(service: string, operation: string, where: { region?: string; input?: Record<string, unknown> } = {}): void {
    const key = callKey(service, operation, where.input ?? {}, where.region);
    if (!this.responses.delete(key)) throw new Error(`${this.account.dir}: nothing to delete at ${key}`);
  }

  note(file: string, text: string): void {
    if (!FILES.some((f) => f.name === file)) throw new Error(`unknown snapshot file ${file}`);
    this.notes.set(file, text);
  }

  /** The snapshot files: name → v1 snapshot object, keys in insertion order. */
  files(): Map<string, Json> {
    const byFile = new Map<string, Record<string, Json>>(FILES.map((f) => [f.name, {}]));
    for (const [key, value] of this.responses) byFile.get(fileFor(key))![key] = value;
    const out = new Map<string, Json>();
    for (const f of FILES) {
      const responses = byFile.get(f.name)!;
      if (Object.keys(responses).length === 0) continue;
      const a = this.account;
      const note = this.notes.get(f.name);
      out.set(f.name, {
        format: 'cmt-audit-snapshot',
        version: 1,
        recordedAt: RECORDED_AT,
        homeRegion: HOME,
        description:
          `Demo organization ${ORG_ID}, account ${a.id} '${a.name}' (${a.dir}; generated by scripts/demo-org.ts): ${f.topic}. ${a.role}` +
          (note ? ` ${note}` : ''),
        responses,
      });
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Builders shared by the accounts.

/** The credential report's columns, as IAM writes them. */
const REPORT_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

export interface ReportUser {
  user: string;
  created: string;
  password?: { lastUsed: string; lastChanged: string };
  mfa: boolean;
  key1?: { rotated: string; lastUsed?: string; region?: string; service?: string };
}

/** iam:GetCredentialReport's CSV: the root row, then one row per user. */
export function credentialReport(accountId: string, root: { created: string; passwordLastUsed?: string; mfa: boolean }, users: ReportUser[]): Json {
  const t = (iso: string) => iso.replace(/\.000Z$|Z$/, '+00:00');
  const rootRow = [
    '<root_account>',
    `arn:aws:iam::${accountId}:root`,
    t(root.created),
    'not_supported',
    root.passwordLastUsed ? t(root.passwordLastUsed) : 'no_information',
    'not_supported',
    'not_supported',
    String(root.mfa),
    'false,N/A,N/A,N/A,N/A',
    'false,N/A,N/A,N/A,N/A',
    'false,N/A,false,N/A',
  ].join(',');
  const rows = users.map((u) =>
    [
      u.user,
      `arn:aws:iam::${accountId}:user/${u.user}`,
      t(u.created),
      String(Boolean(u.password)),
      u.password ? t(u.password.lastUsed) : 'N/A',
      u.password ? t(u.password.lastChanged) : 'N/A',
      'N/A',
      String(u.mfa),
      u.key1
        ? ['true', t(u.key1.rotated), u.key1.lastUsed ? t(u.key1.lastUsed) : 'N/A', u.key1.region ?? 'N/A', u.key1.service ?? 'N/A'].join(',')
        : 'false,N/A,N/A,N/A,N/A',
      'false,N/A,N/A,N/A,N/A',
      'false,N/A,false,N/A',
    ].join(','),
  );
  return {
    Content: { $utf8: `${[REPORT_HEADER, rootRow, ...rows].join('\n')}\n` },
    ReportFormat: 'text/csv',
    GeneratedTime: '2026-11-20T08:52:14.000Z',
  };
}

export function accountSummary(counts: { users: number; groups: number; roles: number; policies: number; mfaDevices: number; providers: number; rootMfa: boolean }): Json {
  return {
    SummaryMap: {
      Users: counts.users,
      UsersQuota: 5000,
      Groups: counts.groups,
      GroupsQuota: 300,
      Roles: counts.roles,
      RolesQuota: 1000,
      Policies: counts.policies,
      PoliciesQuota: 1500,
      PolicyVersionsInUse: counts.policies,
      PolicyVersionsInUseQuota: 10000,
      AttachedPoliciesPerUserQuota: 10,
      AttachedPoliciesPerGroupQuota: 10,
      AttachedPoliciesPerRoleQuota: 10,
      ServerCertificates: 0,
      ServerCertificatesQuota: 20,
      MFADevices: counts.mfaDevices,
      MFADevicesInUse: counts.mfaDevices,
      AccountMFAEnabled: counts.rootMfa ? 1 : 0,
      AccountAccessKeysPresent: 0,
      AccountSigningCertificatesPresent: 0,
      Providers: counts.providers,
      GlobalEndpointTokenVersion: 1,
    },
  };
}

/** The password policy the organization's baseline sets (CIS: 14 characters, every class, 90 days, 24 remembered). */
export const STRONG_PASSWORD_POLICY = {
  PasswordPolicy: {
    MinimumPasswordLength: 14,
    RequireSymbols: true,
    RequireNumbers: true,
    RequireUppercaseCharacters: true,
    RequireLowercaseCharacters: true,
    AllowUsersToChangePassword: true,
    ExpirePasswords: true,
    MaxPasswordAge: 90,
    PasswordReusePrevention: 24,
    HardExpiry: false,
  },
};

const SSO_PROVIDER = (accountId: string) => `arn:aws:iam::${accountId}:saml-provider/AWSSSO_8c2f41d07e5a9b36_DO_NOT_DELETE`;

export const samlProviders = (accountId: string) => ({
  SAMLProviderList: [{ Arn: SSO_PROVIDER(accountId), ValidUntil: '2125-01-09T11:02:31.000Z', CreateDate: '2024-01-09T11:02:31.000Z' }],
});

/** An IAM Identity Center permission set role, as provisioned into an account. */
export function ssoRole(accountId: string, permissionSet: string, managed: string[]): Json {
  const suffix = hex(`${accountId}/${permissionSet}`, 16);
  return {
    Path: '/aws-reserved/sso.amazonaws.com/',
    RoleName: `AWSReservedSSO_${permissionSet}_${suffix}`,
    RoleId: `AROAXXXXXXXXXXXX${hex(`${accountId}/${permissionSet}/id`, 4).toUpperCase()}`,
    Arn: `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${permissionSet}_${suffix}`,
    CreateDate: '2024-01-09T11:04:00Z',
    AssumeRolePolicyDocument: encodedPolicy([
      {
        Effect: 'Allow',
        Principal: { Federated: SSO_PROVIDER(accountId) },
        Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
        Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
      },
    ]),
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: managed.map((name) => ({ PolicyName: name, PolicyArn: `arn:aws:iam::aws:policy/${name}` })),
    Tags: [],
    RoleLastUsed: { LastUsedDate: '2026-11-19T16:20:00Z', Region: 'us-east-1' },
  };
}

export function serviceLinkedRole(accountId: string, service: string, name: string, policy: string): Json {
  return {
    Path: `/aws-service-role/${service}/`,
    RoleName: name,
    RoleId: `AROAXXXXXXXXXXXX${hex(`${accountId}/${name}`, 4).toUpperCase()}`,
    Arn: `arn:aws:iam::${accountId}:role/aws-service-role/${service}/${name}`,
    CreateDate: '2024-01-09T10:58:00Z',
    AssumeRolePolicyDocument: encodedPolicy([{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }]),
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [{ PolicyName: policy, PolicyArn: `arn:aws:iam::aws:policy/aws-service-role/${policy}` }],
    Tags: [],
    RoleLastUsed: {},
  };
}

/** OrganizationAccountAccessRole: created by AWS Organizations in every account it creates. */
export function orgAccessRole(accountId: string, created: string): Json {
  return {
    Path: '/',
    RoleName: 'OrganizationAccountAccessRole',
    RoleId: `AROAXXXXXXXXXXXX${hex(`${accountId}/oaar`, 4).toUpperCase()}`,
    Arn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
    CreateDate: created,
    AssumeRolePolicyDocument: encodedPolicy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MGMT}:root` }, Action: 'sts:AssumeRole' }]),
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    Tags: [],
    RoleLastUsed: { LastUsedDate: '2026-06-02T13:40:00Z', Region: 'us-east-1' },
  };
}

/** The role cmt-audit assumes in a member account: trusted by the management account's security-audit permission set. */
export function auditRole(accountId: string): Json {
  return {
    Path: '/',
    RoleName: 'CmtAuditReadOnly',
    RoleId: `AROAXXXXXXXXXXXX${hex(`${accountId}/audit`, 4).toUpperCase()}`,
    Arn: `arn:aws:iam::${accountId}:role/CmtAuditReadOnly`,
    CreateDate: '2026-10-01T09:00:00Z',
    AssumeRolePolicyDocument: encodedPolicy([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${MGMT}:root` },
        Action: 'sts:AssumeRole',
        Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${MGMT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecurityAudit_*` } },
      },
    ]),
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [{ PolicyName: 'cmt-audit-readonly', PolicyArn: `arn:aws:iam::${accountId}:policy/cmt-audit-readonly` }],
    Tags: [{ Key: 'managed-by', Value: 'StackSet-acme-member-baseline' }],
    RoleLastUsed: { LastUsedDate: RECORDED_AT.replace('.000Z', 'Z'), Region: 'us-east-1' },
  };
}

/** The customer managed policy of CmtAuditReadOnly (the read-only actions of policy/cmt-audit-readonly.json, in short). */
export function auditPolicy(accountId: string): Json {
  return managedPolicy(`arn:aws:iam::${accountId}:policy/cmt-audit-readonly`, 'cmt-audit-readonly', 1, '2026-10-01T09:01:00Z', [
    {
      Sid: 'CmtAuditReadOnly',
      Effect: 'Allow',
      Action: [
        'iam:GenerateCredentialReport', 'iam:Get*', 'iam:List*', 'ec2:Describe*', 'ec2:Get*', 'cloudtrail:Describe*', 'cloudtrail:Get*',
        'cloudtrail:LookupEvents', 's3:ListAllMyBuckets', 's3:GetBucket*', 's3:GetEncryptionConfiguration', 's3:GetAccountPublicAccessBlock',
        'backup:List*', 'backup:Get*', 'support:Describe*', 'organizations:Describe*', 'organizations:List*',
      ],
      Resource: '*',
    },
  ]);
}

export function managedPolicy(arn: string, name: string, attachments: number, created: string, statements: Json[]): Json {
  return {
    PolicyName: name,
    PolicyId: `ANPAXXXXXXXXXXXX${hex(arn, 4).toUpperCase()}`,
    Arn: arn,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: created,
    UpdateDate: created,
    PolicyVersionList: [{ Document: encodedPolicy(statements), VersionId: 'v1', IsDefaultVersion: true, CreateDate: created }],
  };
}

/** AWS managed policies as GetAccountAuthorizationDetails lists them (documents shortened to their gist). */
export const AWS_POLICY_DOCS: Record<string, Json[]> = {
  AdministratorAccess: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  ReadOnlyAccess: [{ Effect: 'Allow', Action: ['cloudtrail:Describe*', 'cloudwatch:Describe*', 'ec2:Describe*', 'iam:Get*', 'iam:List*', 's3:Get*', 's3:List*'], Resource: '*' }],
  SecurityAudit: [{ Effect: 'Allow', Action: ['access-analyzer:List*', 'cloudtrail:DescribeTrails', 'config:Describe*', 'iam:GenerateCredentialReport', 'iam:Get*', 'iam:List*', 'organizations:List*'], Resource: '*' }],
  Billing: [{ Effect: 'Allow', Action: ['aws-portal:*Billing', 'budgets:ModifyBudget', 'ce:Get*', 'cur:DescribeReportDefinitions'], Resource: '*' }],
  PowerUserAccess: [
    { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions'], Resource: '*' },
  ],
};

export function awsManagedPolicy(name: string, attachments: number): Json {
  return managedPolicy(`arn:aws:iam::aws:policy/${name}`, name, attachments, '2015-02-06T18:39:46Z', AWS_POLICY_DOCS[name]);
}

/** A trail as DescribeTrails lists it (the same object in every region it records, shadow copies included). */
export function trail(t: {
  arn: string;
  bucket: string;
  multiRegion: boolean;
  organization: boolean;
  logGroup?: string;
  logRole?: string;
  kmsKey?: string;
  prefix?: string;
}): Json {
  const [, , , home, , name] = t.arn.split(':');
  return {
    Name: name.replace(/^trail\//, ''),
    S3BucketName: t.bucket,
    ...(t.prefix ? { S3KeyPrefix: t.prefix } : {}),
    IncludeGlobalServiceEvents: t.multiRegion,
    IsMultiRegionTrail: t.multiRegion,
    HomeRegion: home,
    TrailARN: t.arn,
    LogFileValidationEnabled: true,
    ...(t.logGroup ? { CloudWatchLogsLogGroupArn: t.logGroup, CloudWatchLogsRoleArn: t.logRole } : {}),
    ...(t.kmsKey ? { KmsKeyId: t.kmsKey } : {}),
    HasCustomEventSelectors: false,
    HasInsightSelectors: false,
    IsOrganizationTrail: t.organization,
  };
}

/** The management account's organization trail: every account, every region, all management events. */
export const ORG_TRAIL = trail({
  arn: ORG_TRAIL_ARN,
  bucket: ORG_TRAIL_BUCKET,
  multiRegion: true,
  organization: true,
  logGroup: `arn:aws:logs:us-east-1:${MGMT}:log-group:/aws/cloudtrail/acme-org-trail:*`,
  logRole: `arn:aws:iam::${MGMT}:role/acme-org-trail-to-cloudwatch`,
  kmsKey: `arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/${uuid('org-trail-key')}`,
});

/**
 * A member account's view of the organization trail: listed in every region (a shadow trail), but its status
 * is the management account's to read: GetTrailStatus with its ARN answers TrailNotFoundException.
 */
export function memberSeesOrgTrail(rec: Recording, ownTrails: Partial<Record<Region, Json[]>> = {}): void {
  rec.each('cloudtrail', 'DescribeTrails', (region) => ({ trailList: [ORG_TRAIL, ...(ownTrails[region] ?? [])] }), { includeShadowTrails: true });
  rec.put('cloudtrail', 'GetTrailStatus', awsError('TrailNotFoundException', `Unknown trail: ${ORG_TRAIL_ARN} for the user: ${rec.account.id}`), {
    region: 'us-east-1',
    input: { Name: ORG_TRAIL_ARN },
  });
}

export const ALL_MANAGEMENT_EVENTS = {
  EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
};

/** S3: the buckets an account owns, and every read the checks make of each (in its own region). */
export interface BucketSpec {
  name: string;
  region: Region;
  created: string;
  /** Bucket policy statements; undefined: no policy (NoSuchBucketPolicy). */
  statements?: Json[];
  encryption: { algorithm: 'AES256' | 'aws:kms'; key?: string };
  /** Only for buckets whose versioning is read (CloudTrail log buckets: 1.15 and the estate facts). */
  versioning?: { Status?: string; MFADelete?: string };
}

export function buckets(rec: Recording, list: BucketSpec[]): void {
  const id = rec.account.id;
  const canonical = hex(`canonical/${id}`, 64);
  rec.put('s3', 'ListBuckets', {
    Buckets: list
      .slice()
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((b) => ({ Name: b.name, CreationDate: b.created, BucketRegion: b.region })),
    Owner: { DisplayName: rec.account.name, ID: canonical },
  });
  rec.put('s3control', 'GetPublicAccessBlock', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }, { input: { AccountId: id } });
  for (const b of list) {
    const at = { region: b.region, input: { Bucket: b.name } };
    const noPolicy = awsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
    rec.put('s3', 'GetBucketPolicy', b.statements ? { Policy: policyText(b.statements) } : noPolicy, at);
    rec.put('s3', 'GetBucketPolicyStatus', b.statements ? { PolicyStatus: { IsPublic: false } } : noPolicy, at);
    rec.put('s3', 'GetBucketAcl', {
      Owner: { DisplayName: rec.account.name, ID: canonical },
      Grants: [{ Grantee: { Type: 'CanonicalUser', ID: canonical, DisplayName: rec.account.name }, Permission: 'FULL_CONTROL' }],
    }, at);
    rec.put('s3', 'GetPublicAccessBlock', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }, at);
    rec.put('s3', 'GetBucketOwnershipControls', { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }, at);
    rec.put('s3', 'GetBucketEncryption', {
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: b.encryption.algorithm, ...(b.encryption.key ? { KMSMasterKeyID: b.encryption.key } : {}) },
            BucketKeyEnabled: b.encryption.algorithm === 'aws:kms',
          },
        ],
      },
    }, at);
    if (b.versioning) rec.put('s3', 'GetBucketVersioning', b.versioning, at);
  }
}

/** A VPC's default security group: with the rules AWS gives it (self-referencing all traffic in, all out), or emptied. */
export function defaultGroup(accountId: string, region: string, vpcId: string, stockRules: boolean): Json {
  const id = rid('sg', `${accountId}/${vpcId}/default`);
  return {
    GroupId: id,
    GroupName: 'default',
    Description: 'default VPC security group',
    OwnerId: accountId,
    VpcId: vpcId,
    SecurityGroupArn: `arn:aws:ec2:${region}:${accountId}:security-group/${id}`,
    IpPermissions: stockRules
      ? [{ IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: id, UserId: accountId }] }]
      : [],
    IpPermissionsEgress: stockRules ? [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }] : [],
  };
}

/** An untouched default VPC (172.31.0.0/16, a default subnet per AZ). */
export function defaultVpc(accountId: string, region: Region): { vpc: Json; subnets: Json[] } {
  const vpcId = rid('vpc', `${accountId}/${region}/default`);
  const azs = region === 'us-east-1' ? ['a', 'b', 'c', 'd', 'e', 'f'] : ['a', 'b', 'c'];
  return {
    vpc: { VpcId: vpcId, CidrBlock: '172.31.0.0/16', State: 'available', IsDefault: true, InstanceTenancy: 'default', OwnerId: accountId, DhcpOptionsId: rid('dopt', `${accountId}/${region}`) },
    subnets: azs.map((az, i) => ({
      SubnetId: rid('subnet', `${accountId}/${region}/default/${az}`),
      VpcId: vpcId,
      AvailabilityZone: `${region}${az}`,
      CidrBlock: `172.31.${i * 16}.0/20`,
      State: 'available',
      MapPublicIpOnLaunch: true,
      DefaultForAz: true,
    })),
  };
}

// Business Support is per account (an Enterprise On-Ramp or Enterprise plan would cover every account of the
// organization, and the Support API would answer in each): only the management account has it here.
export const BUSINESS_SEVERITY_LEVELS = {
  severityLevels: [
    { code: 'low', name: 'Low' },
    { code: 'normal', name: 'Normal' },
    { code: 'high', name: 'High' },
    { code: 'urgent', name: 'Urgent' },
  ],
};

export const NO_PREMIUM_SUPPORT = awsError('SubscriptionRequiredException', 'AWS Premium Support Subscription is required to use this service.');

/** The alternate contacts the organization sets on every account (AWS Organizations account management). */
export const SECURITY_CONTACT = {
  AlternateContact: { AlternateContactType: 'SECURITY', Name: 'Acme Security Team', Title: 'Security on-call', EmailAddress: 'security@acme-example.com', PhoneNumber: '+1-555-0100' },
};
export const OPERATIONS_CONTACT = {
  AlternateContact: { AlternateContactType: 'OPERATIONS', Name: 'Acme NOC', Title: 'NOC on-call lead', EmailAddress: 'noc@acme-example.com', PhoneNumber: '+1-555-0142' },
};

/** A CloudTrail event-history record (LookupEvents), with the CloudTrailEvent JSON the check parses. */
export function trailEvent(e: {
  id: string;
  name: string;
  source: string;
  time: string;
  region: string;
  accountId: string;
  principalArn: string;
  userName: string;
  userAgent: string;
  console?: boolean;
  invokedBy?: string;
}): Json {
  const record = {
    eventVersion: '1.10',
    userIdentity: { type: e.principalArn.includes(':assumed-role/') ? 'AssumedRole' : 'IAMUser', arn: e.principalArn, accountId: e.accountId, ...(e.invokedBy ? { invokedBy: e.invokedBy } : {}) },
    eventTime: e.time,
    eventSource: e.source,
    eventName: e.name,
    awsRegion: e.region,
    sourceIPAddress: e.invokedBy ?? '198.51.100.23',
    userAgent: e.userAgent,
    requestID: uuid(`${e.id}/request`),
    eventID: e.id,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: e.accountId,
    eventCategory: 'Management',
    ...(e.console ? { sessionCredentialFromConsole: 'true' } : {}),
  };
  return {
    EventId: e.id,
    EventName: e.name,
    ReadOnly: 'false',
    EventTime: e.time,
    EventSource: e.source,
    Username: e.userName,
    Resources: [],
    CloudTrailEvent: JSON.stringify(record),
  };
}

/** A backup vault as backup:ListBackupVaults lists it. */
export function vault(accountId: string, region: string, name: string, v: { created: string; key: string; points: number; locked?: boolean }): Json {
  return {
    BackupVaultName: name,
    BackupVaultArn: `arn:aws:backup:${region}:${accountId}:backup-vault:${name}`,
    VaultType: 'BACKUP_VAULT',
    CreationDate: v.created,
    EncryptionKeyArn: v.key,
    CreatorRequestId: uuid(`${accountId}/${name}/request`),
    NumberOfRecoveryPoints: v.points,
    Locked: v.locked ?? false,
    ...(v.locked ? { MinRetentionDays: 35, MaxRetentionDays: 400, LockDate: '2025-04-01T00:00:00.000Z' } : {}),
  };
}
