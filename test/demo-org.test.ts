// The demo organization (fixtures/demo-org): five accounts of o-demo12345, one v1 snapshot directory each.
// It stays what scripts/demo-org.ts writes; each account, scanned alone, answers every call the 40 checks make
// and decides each item as its role implies; it holds the calls the estate layer makes beside the checks
// (organizations:*, backup:ListBackupVaults) with their exact keys; and scanned as an estate, the rules that
// judge across accounts change exactly the findings the fixture was built to show.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoOrg, DEMO_ORG_DIR } from '../scripts/demo-org.js';
import { Fetcher } from '../src/aws/fetcher.js';
import { createAwsData } from '../src/aws/index.js';
import { SERVICES } from '../src/aws/services/index.js';
import { loadSnapshot, revive } from '../src/aws/snapshot.js';
import { CHECKS } from '../src/checks/index.js';
import { DEFAULT_THRESHOLDS } from '../src/config/thresholds.js';
import { runChecks } from '../src/engine.js';
import type { CheckResult, Report, Status } from '../src/model.js';
import { scan } from '../src/scan.js';
import { resolveScope, type Scope } from '../src/scope.js';

const ACCOUNTS = {
  management: '111111111111',
  'log-archive': '222222222222',
  security: '333333333333',
  'workload-a': '444444444444',
  'workload-b': '555555555555',
} as const;
type Dir = keyof typeof ACCOUNTS;
const DIRS = Object.keys(ACCOUNTS) as Dir[];

const ORG_TRAIL = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-org-trail';
const DR_VAULT = 'arn:aws:backup:us-east-1:333333333333:backup-vault:acme-dr-vault';

/** Each item's status when the account is scanned alone (no config), as the fixture's README tells it. */
const M = 'met';
const N = 'not-met';
const H = 'manual';
const E = 'error';
const ITEMS = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.7', '1.8', '1.9', '1.10', '1.11', '1.12', '1.13', '1.14', '1.15', '1.16', '1.17', '1.18', '1.19', '1.20', '1.21', '1.22', '1.23', '1.24', '1.25', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12', '2.13', '3.1', '3.2', '3.3'];
const EXPECTED: Record<Dir, Status[]> = {
  //               1.1 1.2 1.3 1.4 1.5 1.7 1.8 1.9 1.10 1.11 1.12 1.13 1.14 1.15 1.16 1.17 1.18 1.19 1.20 1.21 1.22 1.23 1.24 1.25 2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8 2.9 2.10 2.11 2.12 2.13 3.1 3.2 3.3
  management:    [M,  M,  M,  M,  M,  M,  M,  H,  H,   H,   M,   M,   M,   H,   N,   M,   M,   M,   M,   H,   H,   H,   H,   H,   M,  M,  M,  M,  M,  M,  H,  M,  H,  H,   H,   H,   N,   H,  H,  M],
  'log-archive': [M,  M,  M,  M,  M,  M,  M,  H,  H,   H,   M,   E,   N,   M,   M,   M,   M,   M,   M,   H,   H,   H,   H,   H,   M,  M,  M,  M,  M,  M,  H,  M,  H,  H,   H,   H,   N,   H,  H,  N],
  security:      [M,  M,  M,  M,  M,  M,  M,  H,  H,   H,   M,   E,   M,   H,   M,   M,   M,   M,   M,   H,   H,   H,   H,   H,   M,  M,  M,  M,  M,  M,  H,  M,  H,  H,   H,   H,   N,   H,  H,  N],
  'workload-a':  [M,  M,  M,  M,  M,  M,  M,  H,  H,   H,   M,   E,   M,   H,   M,   M,   M,   M,   H,   H,   H,   N,   H,   H,   N,  M,  M,  M,  M,  M,  H,  M,  M,  H,   M,   H,   H,   M,  H,  N],
  'workload-b':  [M,  M,  M,  N,  N,  N,  H,  H,  H,   H,   N,   E,   N,   N,   N,   M,   M,   N,   H,   H,   N,   H,   N,   H,   N,  H,  N,  N,  N,  M,  H,  N,  H,  H,   H,   H,   N,   H,  H,  N],
};

/** Responses only the estate layer asks for (the checks never do): they must be there, and must not be used. */
const ESTATE_KEYS = (dir: Dir) => [
  'organizations:DescribeOrganization',
  ...(dir === 'management' ? ['organizations:ListAccounts'] : []),
  'backup:ListBackupVaults@us-east-1',
  'backup:ListBackupVaults@eu-west-1',
];

interface Scanned {
  scope: Scope;
  results: Map<string, CheckResult>;
  responses: Record<string, unknown>;
  asked: Set<string>;
}

const scanned = new Map<Dir, Scanned>();

/** Scans one account alone, as `scan --snapshot fixtures/demo-org/<dir>` does, noting every call key asked. */
async function scanAccount(dir: Dir): Promise<Scanned> {
  const snapshot = loadSnapshot(join(DEMO_ORG_DIR, dir));
  const responses = snapshot.responses;
  const asked = new Set<string>();
  snapshot.responses = new Proxy(responses, {
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string') asked.add(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
  const fetcher = new Fetcher({ services: SERVICES, homeRegion: 'us-east-1', snapshot });
  const aws = createAwsData(fetcher);
  const scope = await resolveScope(aws, 'us-east-1');
  const { results } = await runChecks({
    checks: CHECKS,
    context: {
      aws,
      account: scope.account,
      regions: scope.regions,
      homeRegion: 'us-east-1',
      thresholds: DEFAULT_THRESHOLDS,
      deploymentModel: 'multi-tenant-saas',
      now: new Date(snapshot.recordedAt!),
    },
  });
  return { scope, results: new Map(results.map((r) => [r.id, r])), responses, asked };
}

beforeAll(async () => {
  for (const dir of DIRS) scanned.set(dir, await scanAccount(dir));
});

const account = (dir: Dir) => scanned.get(dir)!;
const response = (dir: Dir, key: string) => revive(account(dir).responses[key]) as any;

describe('fixtures/demo-org', () => {
  it('is exactly what scripts/demo-org.ts writes', () => {
    const built = buildDemoOrg();
    const committed = new Map<string, string>();
    for (const dir of DIRS) {
      for (const f of readdirSync(join(DEMO_ORG_DIR, dir)).filter((name) => name.endsWith('.json'))) committed.set(`${dir}/${f}`, readFileSync(join(DEMO_ORG_DIR, dir, f), 'utf8'));
    }
    expect([...committed.keys()].sort()).toEqual([...built.keys()].sort());
    for (const [file, text] of built) expect(committed.get(file), `${file} differs from what npm run demo-org writes`).toBe(text);
  });

  it.each(DIRS)('%s: is the account its sts:GetCallerIdentity names, with us-east-1 and eu-west-1 enabled', (dir) => {
    const { scope } = account(dir);
    expect(scope.account.id).toBe(ACCOUNTS[dir]);
    expect(scope.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(scope.regionsNotEnabled).toEqual(['ap-east-1']);
    expect(scope.account.arn).toBe(
      dir === 'management'
        ? 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_SecurityAudit_c062dd23c54f984d/dana.whitfield'
        : `arn:aws:sts::${ACCOUNTS[dir]}:assumed-role/CmtAuditReadOnly/cmt-audit`,
    );
  });

  it.each(DIRS)('%s: decides every item as its role implies', (dir) => {
    const statuses = Object.fromEntries([...account(dir).results].map(([id, r]) => [id, r.status]));
    expect(statuses).toEqual(Object.fromEntries(ITEMS.map((id, i) => [id, EXPECTED[dir][i]])));
  });

  it.each(DIRS)('%s: answers every call the checks make; the only error is a member reading the organization trail', (dir) => {
    const errors = [...account(dir).results.values()].flatMap((r) => r.findings.filter((f) => f.status === 'error').map((f) => ({ id: r.id, resource: f.resource, kind: f.errorKind, message: f.message })));
    expect(errors.filter((e) => e.kind === 'not-in-snapshot')).toEqual([]);
    expect(errors.map(({ id, resource }) => ({ id, resource }))).toEqual(dir === 'management' ? [] : [{ id: '1.13', resource: ORG_TRAIL }]);
    if (dir !== 'management') expect(errors[0].message).toContain(`TrailNotFoundException: Unknown trail: ${ORG_TRAIL} for the user: ${ACCOUNTS[dir]}`);
  });

  it.each(DIRS)('%s: holds no response beside those the checks ask for, except the estate layer\'s', (dir) => {
    const { responses, asked } = account(dir);
    const unused = Object.keys(responses).filter((k) => !asked.has(k));
    expect(unused.sort()).toEqual(ESTATE_KEYS(dir).sort());
  });
});

describe('fixtures/demo-org: the estate layer\'s facts', () => {
  it.each(DIRS)('%s: belongs to organization o-demo12345, managed by 111111111111', (dir) => {
    const { Organization } = response(dir, 'organizations:DescribeOrganization');
    expect(Organization).toMatchObject({ Id: 'o-demo12345', MasterAccountId: '111111111111', FeatureSet: 'ALL' });
  });

  it('management lists the five accounts ACTIVE and the old sandbox SUSPENDED', () => {
    const { Accounts } = response('management', 'organizations:ListAccounts');
    expect(Accounts.map((a: any) => [a.Id, a.Name, a.Status])).toEqual([
      ['111111111111', 'acme-management', 'ACTIVE'],
      ['222222222222', 'acme-log-archive', 'ACTIVE'],
      ['333333333333', 'acme-security', 'ACTIVE'],
      ['444444444444', 'acme-prod', 'ACTIVE'],
      ['555555555555', 'acme-staging', 'ACTIVE'],
      ['666666666666', 'acme-old-sandbox', 'SUSPENDED'],
    ]);
  });

  it('the organization trail is the management account\'s, logging, and every member sees it', () => {
    expect(response('management', `cloudtrail:GetTrailStatus@us-east-1 {"Name":"${ORG_TRAIL}"}`).IsLogging).toBe(true);
    for (const dir of DIRS) {
      for (const region of ['us-east-1', 'eu-west-1']) {
        const trails = response(dir, `cloudtrail:DescribeTrails@${region} {"includeShadowTrails":true}`).trailList;
        expect(trails.find((t: any) => t.TrailARN === ORG_TRAIL)).toMatchObject({ IsOrganizationTrail: true, IsMultiRegionTrail: true, S3BucketName: 'acme-org-cloudtrail-logs' });
      }
    }
  });

  it('log-archive owns the trail bucket: versioning Enabled, a policy letting cloudtrail.amazonaws.com write', () => {
    const listed = response('log-archive', 's3:ListBuckets').Buckets.map((b: any) => b.Name);
    expect(listed).toContain('acme-org-cloudtrail-logs');
    for (const dir of DIRS.filter((d) => d !== 'log-archive')) expect(response(dir, 's3:ListBuckets').Buckets.map((b: any) => b.Name)).not.toContain('acme-org-cloudtrail-logs');
    const policy = JSON.parse(response('log-archive', 's3:GetBucketPolicy@us-east-1 {"Bucket":"acme-org-cloudtrail-logs"}').Policy);
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject' }));
    expect(response('log-archive', 's3:GetBucketVersioning@us-east-1 {"Bucket":"acme-org-cloudtrail-logs"}').Status).toBe('Enabled');
    expect(response('workload-b', 's3:GetBucketVersioning@us-east-1 {"Bucket":"acme-staging-trail-logs"}').Status).toBe('Suspended');
  });

  it('workload-a copies its backups to the vault the security account owns', () => {
    const vaults = response('security', 'backup:ListBackupVaults@us-east-1').BackupVaultList.map((v: any) => v.BackupVaultArn);
    expect(vaults).toEqual([DR_VAULT]);
    const vault = account('workload-a').results.get('2.13')!.findings.find((f) => f.resource === DR_VAULT);
    expect(vault?.status).toBe('met');
    expect(vault?.message).toBe('Backups are copied to vault acme-dr-vault in account 333333333333 (us-east-1): 4 copies completed in the last 12 months, latest 2026-11-20.');
  });

  it('only the management account has Business Support (it is per account)', () => {
    for (const dir of DIRS) {
      const finding = account(dir).results.get('3.3')!.findings[0];
      expect([dir, finding.message]).toEqual([
        dir,
        dir === 'management'
          ? 'Business support: the Support API answers with severity levels low, normal, high, urgent.'
          : 'Basic or Developer support (the Support API answered SubscriptionRequiredException).',
      ]);
    }
  });
});

describe('fixtures/demo-org scanned as an estate', () => {
  let report: Report;
  beforeAll(async () => {
    ({ report } = await scan({ snapshot: DEMO_ORG_DIR, deploymentModel: 'multi-tenant-saas', concurrency: 4, thresholds: DEFAULT_THRESHOLDS }));
  });
  const result = (id: string) => report.results.find((r) => r.id === id)!;

  it('scans the five ACTIVE accounts of the organization, not the suspended one', () => {
    expect(report.scan.organization?.id).toBe('o-demo12345');
    expect(report.scan.organization?.accounts.map((a) => `${a.id} ${a.status}`)).toContain('666666666666 SUSPENDED');
    expect(report.scan.accounts.map((a) => [a.id, a.name, a.status])).toEqual(DIRS.map((dir, i) => [ACCOUNTS[dir], ['acme-management', 'acme-log-archive', 'acme-security', 'acme-prod', 'acme-staging'][i], 'scanned']));
  });

  it('judges each item across the accounts: the accounts behind each failing item vary', () => {
    const failing = Object.fromEntries(report.results.filter((r) => r.status === 'not-met').map((r) => [r.id, r.accounts!.filter((a) => a.status === 'not-met').map((a) => a.id)]));
    expect(failing).toEqual({
      '1.4': ['555555555555'], '1.5': ['555555555555'], '1.7': ['555555555555'], '1.12': ['555555555555'],
      '1.14': ['555555555555'], '1.15': ['555555555555'], '1.16': ['111111111111', '555555555555'],
      '1.19': ['555555555555'], '1.22': ['555555555555'], '1.23': ['444444444444'], '1.24': ['555555555555'],
      '2.1': ['444444444444', '555555555555'], '2.3': ['555555555555'], '2.4': ['555555555555'], '2.5': ['555555555555'],
      '2.8': ['555555555555'],
    });
    // 2.13 is judged on the account whose backups reach another account (workload-a): manual, for people to attest the test.
    expect(result('2.13').status).toBe('manual');
    expect(result('2.13').accounts!.filter((a) => a.status === 'not-met').map((a) => a.id)).toEqual(['111111111111', '222222222222', '333333333333', '555555555555']);
    expect(report.summary).toMatchObject({ met: 8, 'not-met': 16, manual: 16, error: 0 });
  });

  it('1.13: every member is covered by the management account\'s organization trail', () => {
    const changed = result('1.13').findings.filter((f) => f.accountView);
    expect(changed.map((f) => [f.account, f.accountView!.status, f.status])).toEqual(DIRS.slice(1).map((dir) => [ACCOUNTS[dir], 'error', 'met']));
    expect(result('1.13').status).toBe('met');
  });

  it('1.15: the organization trail\'s bucket is judged on its versioning, read in log-archive', () => {
    const changed = result('1.15').findings.filter((f) => f.accountView);
    expect(changed.map((f) => [f.account, f.accountView!.status, f.status])).toEqual(
      ['111111111111', '333333333333', '444444444444', '555555555555'].map((id) => [id, 'manual', 'met']),
    );
    expect(changed[0].message).toBe('CloudTrail log bucket acme-org-cloudtrail-logs (owned by account 222222222222 (acme-log-archive), read there) has versioning enabled.');
  });

  it('1.14: in log-archive, the organization trail writing into its bucket is met (the bucket is not the trail account\'s)', () => {
    const f = result('1.14').findings.find((x) => x.account === '222222222222')!;
    expect([f.status, f.accountView?.status, f.resource]).toEqual(['met', 'not-met', 'arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-org-trail']);
    expect(f.message).toBe(
      "Organization trail acme-org-trail of management account 111111111111 (acme-management) stores the organization's logs in acme-org-cloudtrail-logs, a bucket of this account (the log archive), not of the account that makes the trail.",
    );
  });

  it('1.14 names the owner of the organization trail\'s bucket; 2.13 the account of the DR vault', () => {
    expect(result('1.14').findings.find((f) => f.account === '111111111111')?.message).toBe(
      'Trail acme-org-trail stores its logs in acme-org-cloudtrail-logs, owned by another account. Owner: account 222222222222 (acme-log-archive), another account of organization o-demo12345, scanned here.',
    );
    expect(result('2.13').findings.find((f) => f.resource === DR_VAULT)?.message).toBe(
      'Backups are copied to vault acme-dr-vault in account 333333333333 (us-east-1): 4 copies completed in the last 12 months, latest 2026-11-20. Destination: account 333333333333 (acme-security), another account of organization o-demo12345, scanned here. The vault exists there.',
    );
  });

  it('3.3: the management account\'s Business Support is enough for the estate', () => {
    expect(result('3.3').status).toBe('met');
    expect(result('3.3').accounts!.map((a) => a.status)).toEqual(['met', 'not-met', 'not-met', 'not-met', 'not-met']);
  });
});
