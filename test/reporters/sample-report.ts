// A hand-built Report covering what reporters must show: every status, a not-met item with more
// findings than the table lists, an item with both not-met and error findings, a missing permission,
// a scan-level error, an attestation, regions not enabled. Summary and errors are derived, as scan() does.
import { CHECKLIST } from '../../src/checklist.js';
import { STATUSES, type CheckResult, type Finding, type Report, type ScanError, type Status } from '../../src/model.js';

export const ACCOUNT = '210987654321';
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

const user = (n: number) => `arn:aws:iam::${ACCOUNT}:user/dev-${String(n).padStart(2, '0')}`;

const FINDINGS: Record<string, Finding[]> = {
  '1.2': [{ status: 'met', resource: ROOT, account: ACCOUNT, message: 'The root user has an MFA device.' }],
  // 14 users without MFA: the table lists 10 and says "… and 4 more".
  '1.4': Array.from({ length: 14 }, (_, n) => ({
    status: 'not-met' as const,
    resource: user(n),
    account: ACCOUNT,
    message: `dev-${String(n).padStart(2, '0')} has a console password but no MFA device.`,
  })),
  '1.7': [
    {
      status: 'error',
      resource: 'iam:GetAccountPasswordPolicy',
      account: ACCOUNT,
      region: 'us-east-1',
      message: 'could not tell: missing permission iam:GetAccountPasswordPolicy',
      missingPermission: 'iam:GetAccountPasswordPolicy',
      errorKind: 'missing-permission',
    },
  ],
  '1.16': [
    { status: 'met', resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0aa11`, account: ACCOUNT, region: 'us-east-1', message: 'No ingress from the internet.' },
    {
      status: 'error',
      resource: 'ec2:DescribeSecurityGroups',
      account: ACCOUNT,
      region: 'us-west-2',
      message: 'could not tell: ec2:DescribeSecurityGroups still throttled after retries',
      errorKind: 'throttled',
    },
    {
      status: 'not-met',
      resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0bb22`,
      account: ACCOUNT,
      region: 'eu-west-1',
      message:
        'Port 22 (SSH) is open to 0.0.0.0/0. Security group web-tier (sg-0bb22, vpc-07c1d2e3) lets anyone on the internet ' +
        'try to log in: allow SSH only from your bastion or use Session Manager instead, and remove the rule.',
      evidence: { groupId: 'sg-0bb22', port: 22, cidr: '0.0.0.0/0' },
    },
  ],
};

const STATUS: Record<string, Status> = { '1.2': 'met', '1.4': 'not-met', '1.7': 'error', '1.16': 'not-met', '2.1': 'not-applicable' };

export function sampleReport(): Report {
  const results: CheckResult[] = CHECKLIST.map((item) => {
    const status = STATUS[item.id] ?? 'manual';
    const automated = item.id in FINDINGS;
    return {
      id: item.id,
      title: item.title,
      pillar: item.pillar,
      severity: item.severity,
      kind: automated ? 'automated' : 'manual',
      status,
      automated,
      applicability: status === 'not-applicable' ? 'does not apply to the multi-tenant-saas deployment model' : undefined,
      findings:
        FINDINGS[item.id] ??
        (status === 'manual'
          ? [{ status: 'manual', resource: `arn:aws:::${ACCOUNT}`, account: ACCOUNT, message: 'No automated check covers this item: attest it with evidence.' }]
          : []),
      remediation: automated ? 'Fix it as the AWS documentation describes.' : undefined,
      docs: automated ? 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html' : undefined,
      durationMs: automated ? 12 : 0,
      decidedBy: status === 'not-applicable' ? 'not-applicable' : status === 'manual' || status === 'error' ? 'undecided' : 'api',
    };
  });
  const attested = results.find((r) => r.id === '1.25')!;
  attested.status = 'met';
  attested.decidedBy = 'attestation';
  attested.attestation = {
    status: 'met',
    evidence: 'Incident response game day GD-7',
    links: ['https://wiki.example.com/gd7'],
    by: 'Jane Doe, CISO',
    date: '2026-09-14',
    expires: '2027-09-14',
    state: 'applied',
  };
  const summary = Object.fromEntries(STATUSES.map((s) => [s, results.filter((r) => r.status === s).length])) as Report['summary'];
  summary.total = results.length;
  const errors: ScanError[] = [
    { kind: 'missing-permission', message: 'cannot list regions (missing permission ec2:DescribeRegions); scanning us-east-1 only', missingPermission: 'ec2:DescribeRegions' },
    ...results.flatMap((r) =>
      r.findings
        .filter((f) => f.status === 'error')
        .map((f) => ({ checkId: r.id, account: f.account, region: f.region, kind: f.errorKind ?? 'aws', message: f.message, missingPermission: f.missingPermission })),
    ),
  ];
  return {
    schemaVersion: '1.0',
    tool: { name: 'cmt-audit', version: '0.1.0' },
    scan: {
      startedAt: '2026-11-20T09:30:00.000Z',
      finishedAt: '2026-11-20T09:31:02.500Z',
      deploymentModel: 'multi-tenant-saas',
      accounts: [{ id: ACCOUNT, partition: 'aws', arn: `arn:aws:iam::${ACCOUNT}:user/audit-bot` }],
      regions: ['eu-west-1', 'us-east-1', 'us-west-2'],
      regionsNotEnabled: ['ap-east-1', 'me-south-1'],
      homeRegion: 'us-east-1',
      source: 'live',
      configFile: 'cmt-audit.config.yaml',
      thresholds: { accessKeyMaxAgeDays: 90 },
      stats: { apiCalls: 57, uniqueCalls: 41, memoHits: 30, retries: 3, throttled: 1 },
    },
    summary,
    results,
    errors,
  };
}
