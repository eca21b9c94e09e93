// Estate reports (several accounts) for the reporters' tests, built as scan() and combine() build them:
// findings per account, each result's `accounts` rolled up per account, the estate's status by the estate
// rule (3.3: one account met is enough), summary and errors derived. Valid for `cmt-audit report`.
//
// estateReport(): five accounts of an organization (a sixth, suspended, not covered):
//   111111111111 acme-mgmt          the management account
//   222222222222 acme-<script>…     a name with markup, a pipe and backticks
//   333333333333 acme-staging
//   444444444444 acme-broken        could not be scanned (its role could not be assumed)
//   555555555555 acme-sandbox
// Items: 1.2 met everywhere scanned; 1.4 not met in 222 (2 users) and 333 (14 users); 1.7 error in 555
// (missing permission) and in 444; 1.13 met everywhere scanned, the members by the management account's
// organization trail (accountView: not met alone); 2.13 not met in 333 by the rule judging across accounts
// (accountView: met alone); 3.3 met in 111 only (estate met); 2.10 attested met for the estate; the rest manual.
//
// largeEstateReport(n): n accounts, deterministic, with every status in the grid.
import { CHECKLIST } from '../../src/checklist.js';
import { REPORT_SCHEMA_VERSION, STATUSES, type CheckResult, type Finding, type Report, type ScanError, type ScannedAccount } from '../../src/model.js';
import { estateRollUp, rollUp } from '../../src/rollup.js';

export const MGMT = '111111111111';
export const HOSTILE = '222222222222';
export const STAGING = '333333333333';
export const BROKEN = '444444444444';
export const SANDBOX = '555555555555';
export const SUSPENDED = '666666666666';

/** An AWS account name (organizations:ListAccounts) with markup, a table pipe and backticks. */
export const HOSTILE_NAME = 'acme-<script>alert(1)</script> | `prod` *x*';
export const BROKEN_WHY = `could not assume arn:aws:iam::${BROKEN}:role/CmtAuditReadOnly: AccessDenied`;

const MODEL = 'multi-tenant-saas' as const;

const manual = (id: string): Finding => ({ status: 'manual', resource: `arn:aws:::${id}`, account: id, message: 'No automated check covers this item: attest it with evidence.' });
const unreachable = (id: string): Finding => ({ status: 'error', resource: `arn:aws:::${id}`, account: id, region: 'us-east-1', message: BROKEN_WHY, errorKind: 'credentials' });

/** The findings of one automated item in one account, by item id. */
type Findings = Record<string, (account: string) => Finding[]>;

const FIVE: Findings = {
  '1.2': (id) => [{ status: 'met', resource: `arn:aws:iam::${id}:root`, account: id, message: 'The root user has an MFA device.' }],
  '1.4': (id) =>
    id === HOSTILE || id === STAGING
      ? Array.from({ length: id === HOSTILE ? 2 : 14 }, (_, n) => ({
          status: 'not-met' as const,
          resource: `arn:aws:iam::${id}:user/dev-${String(n).padStart(2, '0')}`,
          account: id,
          message: `dev-${String(n).padStart(2, '0')} has a console password but no MFA device.`,
        }))
      : [{ status: 'met', resource: `arn:aws:iam::${id}:user/ops`, account: id, message: 'ops signs in with MFA.' }],
  '1.7': (id) =>
    id === SANDBOX
      ? [
          {
            status: 'error',
            resource: 'iam:GetAccountPasswordPolicy',
            account: id,
            region: 'us-east-1',
            message: 'could not tell: missing permission iam:GetAccountPasswordPolicy',
            missingPermission: 'iam:GetAccountPasswordPolicy',
            errorKind: 'missing-permission',
          },
        ]
      : [{ status: 'met', resource: `arn:aws:iam::${id}:root`, account: id, message: 'The password policy is strong enough.' }],
  '1.13': (id) =>
    id === MGMT
      ? [{ status: 'met', resource: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`, account: id, message: 'Organization trail org-trail logs every region.' }]
      : [
          {
            status: 'met',
            resource: `arn:aws:::${id}`,
            account: id,
            message: `No trail in this account; covered by organization trail org-trail of the management account ${MGMT} (acme-mgmt).`,
            evidence: { estate: { coveredBy: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail` } },
            accountView: { status: 'not-met', message: 'No trail logs management events in every region.' },
          },
        ],
  '2.13': (id) =>
    id === STAGING
      ? [
          {
            status: 'not-met',
            resource: `arn:aws:backup:us-west-2:${MGMT}:backup-vault:dr-vault`,
            account: id,
            message: `Backups are copied to vault dr-vault in account ${MGMT} (us-west-2). Destination: account ${MGMT} (acme-mgmt), which has no such vault.`,
            evidence: { estate: { vaultAccount: MGMT, vaultExists: false } },
            accountView: { status: 'met', message: `Backups are copied to vault dr-vault in account ${MGMT} (us-west-2).` },
          },
        ]
      : [manual(id)],
  '3.3': (id) =>
    id === MGMT
      ? [{ status: 'met', resource: `arn:aws:account::${id}:account`, account: id, message: 'Enterprise support.' }]
      : [{ status: 'not-met', resource: `arn:aws:account::${id}:account`, account: id, message: 'Basic or Developer support.' }],
};

const FIVE_ACCOUNTS: ScannedAccount[] = (
  [
    { id: MGMT, name: 'acme-mgmt', via: 'role (caller)' },
    { id: HOSTILE, name: HOSTILE_NAME, via: `role arn:aws:iam::${HOSTILE}:role/CmtAuditReadOnly` },
    { id: STAGING, name: 'acme-staging', via: `role arn:aws:iam::${STAGING}:role/CmtAuditReadOnly` },
    { id: BROKEN, name: 'acme-broken', via: `role arn:aws:iam::${BROKEN}:role/CmtAuditReadOnly`, status: 'error', error: BROKEN_WHY },
    { id: SANDBOX, name: 'acme-sandbox', via: `role arn:aws:iam::${SANDBOX}:role/CmtAuditReadOnly` },
  ] as Omit<ScannedAccount, 'partition'>[]
).map((a): ScannedAccount => ({
  partition: 'aws',
  status: 'scanned' as const,
  ...a,
  ...(a.status === 'error' ? {} : { arn: `arn:aws:sts::${a.id}:assumed-role/CmtAuditReadOnly/cmt-audit`, homeRegion: 'us-east-1', regions: ['eu-west-1', 'us-east-1'] }),
}));

export function estateReport(): Report {
  const report = build(FIVE_ACCOUNTS, (item, account) => {
    if (account.status === 'error') return item in FIVE ? [unreachable(account.id)] : [manual(account.id)];
    return FIVE[item]?.(account.id) ?? [manual(account.id)];
  });
  // 2.10 attested for the whole estate: each account's manual item counts as met.
  const attested = report.results.find((r) => r.id === '2.10')!;
  Object.assign(attested, { status: 'met', decidedBy: 'attestation' });
  attested.attestation = { status: 'met', evidence: 'DR plan DRP-4, reviewed 2026-09', by: 'Jane Doe, CISO', date: '2026-09-14', expires: '2027-09-14', state: 'applied' };
  report.summary.manual--;
  report.summary.met++;
  report.scan.organization = {
    id: 'o-a1b2c3d4e5',
    managementAccountId: MGMT,
    accounts: [...FIVE_ACCOUNTS.map((a) => ({ id: a.id, name: a.name, status: 'ACTIVE' })), { id: SUSPENDED, name: 'acme-old', status: 'SUSPENDED' }],
  };
  return report;
}

/**
 * `n` accounts (`1000000000NN`, `acme-team-NN`): items the checklist automates are not met, met or in error
 * by a fixed pattern; account 3 could not be scanned; the rest manual.
 */
export function largeEstateReport(n: number): Report {
  const accounts: ScannedAccount[] = Array.from({ length: n }, (_, k) => {
    const id = String(100000000000 + k + 1);
    return k === 2
      ? { id, partition: 'aws', name: `acme-team-${String(k + 1).padStart(2, '0')}`, status: 'error', error: `could not assume arn:aws:iam::${id}:role/CmtAuditReadOnly: AccessDenied` }
      : { id, partition: 'aws', name: `acme-team-${String(k + 1).padStart(2, '0')}`, status: 'scanned', arn: `arn:aws:sts::${id}:assumed-role/CmtAuditReadOnly/cmt-audit` };
  });
  return build(accounts, (item, account, k, i) => {
    if (i % 3 === 2) return [manual(account.id)];
    if (account.status === 'error') return [{ ...unreachable(account.id), message: account.error! }];
    const pick = (k * 7 + i * 3) % 11;
    const status = pick < 5 ? 'met' : pick < 10 ? 'not-met' : 'error';
    return [{ status, resource: `arn:aws:iam::${account.id}:root`, account: account.id, message: `item ${item} is ${status} in ${account.name}` }];
  });
}

function build(accounts: ScannedAccount[], findingsOf: (item: string, account: ScannedAccount, k: number, i: number) => Finding[]): Report {
  const results: CheckResult[] = CHECKLIST.map((item, i) => {
    const base = { id: item.id, title: item.title, pillar: item.pillar, severity: item.severity, durationMs: 3 };
    if (!item.appliesTo[MODEL].applies) {
      return {
        ...base,
        kind: 'manual',
        status: 'not-applicable',
        automated: false,
        applicability: `does not apply to the ${MODEL} deployment model`,
        findings: [],
        decidedBy: 'not-applicable',
        accounts: accounts.map((a) => ({ id: a.id, status: 'not-applicable' as const })),
      };
    }
    const findings = accounts.flatMap((a, k) => findingsOf(item.id, a, k, i));
    const status = estateRollUp(item.id, findings);
    const automated = findings.some((f) => f.status !== 'manual');
    return {
      ...base,
      kind: automated ? 'automated' : 'manual',
      status,
      automated,
      findings,
      remediation: automated ? 'Fix it as the AWS documentation describes.' : undefined,
      decidedBy: status === 'met' || status === 'not-met' ? 'api' : 'undecided',
      accounts: accounts.map((a) => ({ id: a.id, status: rollUp(findings.filter((f) => f.account === a.id)) })),
    };
  });
  const summary = Object.fromEntries(STATUSES.map((s) => [s, results.filter((r) => r.status === s).length])) as Report['summary'];
  summary.total = results.length;
  const errors: ScanError[] = [
    ...accounts.filter((a) => a.status === 'error').map((a) => ({ account: a.id, kind: 'credentials', message: a.error! })),
    ...results.flatMap((r) =>
      r.findings
        .filter((f) => f.status === 'error')
        .map((f) => ({ checkId: r.id, account: f.account, region: f.region, kind: f.errorKind ?? 'aws', message: f.message, missingPermission: f.missingPermission })),
    ),
  ];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'cmt-audit', version: '0.1.0' },
    scan: {
      startedAt: '2026-11-20T09:30:00.000Z',
      finishedAt: '2026-11-20T09:34:00.000Z',
      deploymentModel: MODEL,
      accounts: structuredClone(accounts),
      regions: ['eu-west-1', 'us-east-1'],
      regionsNotEnabled: [],
      homeRegion: 'us-east-1',
      source: 'live',
      thresholds: {},
      stats: { apiCalls: 900, uniqueCalls: 800, memoHits: 300, retries: 0, throttled: 0 },
    },
    summary,
    results,
    errors,
  };
}
