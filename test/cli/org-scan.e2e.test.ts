// `scan --org` end to end, LIVE, against a fake AWS on 127.0.0.1 (test/support/fake-aws.ts): the real SDK clients
// (credential providers, SigV4, pagination, XML / JSON parsing) list the organization, assume CmtAuditReadOnly in
// each member through the SDK's fromTemporaryCredentials, and scan each account with its own credentials. The fake
// answers each call as the account whose access key signed it, so a finding that names the account proves whose
// credentials were used.
// - scan() in process: the fetchers' clients go to the fake through clientConfig.endpoint; the STS client that
//   fromTemporaryCredentials creates for AssumeRole reads AWS_ENDPOINT_URL_STS, set here for the file (restored
//   after), as someone pointing the scanner at an emulator would.
// - the built binary (`scan --org`, AWS_ENDPOINT_URL and environment credentials): the flags reach the scan, and the
//   estate report and exit code come out as documented.
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { assumeRole, DEFAULT_ROLE_NAME } from '../../src/accounts.js';
import { defineCheck, met } from '../../src/checks/define-check.js';
import { DEFAULT_THRESHOLDS } from '../../src/config/thresholds.js';
import { CredentialsError, EXIT, UserError } from '../../src/errors.js';
import type { Report } from '../../src/model.js';
import { scan, type ScanOptions } from '../../src/scan.js';
import { cliSandbox, ensureBuilt, STACK } from '../support/cli-runner.js';
import { startFakeAws, type FakeAws, type FakeAwsConfig, type FakeOrganization } from '../support/fake-aws.js';

const MANAGEMENT = '111111111111';
const LOG_ARCHIVE = '222222222222';
const AUDIT = '333333333333';
const PROD = '444444444444';
const DEV = '555555555555';
const RETIRED = '666666666666'; // SUSPENDED
const SANDBOX = '777777777777';
const CLOSING = '888888888888'; // PENDING_CLOSURE
const ACTIVE = [MANAGEMENT, LOG_ARCHIVE, AUDIT, PROD, DEV, SANDBOX];
const MEMBERS = ACTIVE.filter((id) => id !== MANAGEMENT);

const ORG_ID = 'o-exampleorg1';
const ROOT = 'r-ex12';
const SECURITY_OU = 'ou-ex12-security';
const WORKLOADS_OU = 'ou-ex12-workload';
const PROD_OU = 'ou-ex12-prod0001'; // under Workloads
const DEV_OU = 'ou-ex12-dev00001'; // under Workloads

const CALLER_KEY = 'AKIAFAKEMANAGEMENT01';
const CALLER_ARN = `arn:aws:iam::${MANAGEMENT}:user/auditor`;
const EXTERNAL_ID = 'cmt-ext-42';
const roleArn = (account: string, name = DEFAULT_ROLE_NAME) => `arn:aws:iam::${account}:role/${name}`;
const sessionArn = (account: string, name = DEFAULT_ROLE_NAME) => `arn:aws:sts::${account}:assumed-role/${name}/cmt-audit`;

/** ListAccounts answers in join order, not by id: the scan sorts. */
const ORGANIZATION: FakeOrganization = {
  id: ORG_ID,
  managementAccountId: MANAGEMENT,
  rootId: ROOT,
  ous: [
    { id: SECURITY_OU, name: 'Security', parent: ROOT },
    { id: WORKLOADS_OU, name: 'Workloads', parent: ROOT },
    { id: PROD_OU, name: 'Prod', parent: WORKLOADS_OU },
    { id: DEV_OU, name: 'Dev', parent: WORKLOADS_OU },
  ],
  accounts: [
    { id: MANAGEMENT, name: 'management', parent: ROOT },
    { id: AUDIT, name: 'audit', parent: SECURITY_OU },
    { id: LOG_ARCHIVE, name: 'log-archive', parent: SECURITY_OU },
    { id: RETIRED, name: 'retired', status: 'SUSPENDED', parent: WORKLOADS_OU },
    { id: PROD, name: 'prod-app', parent: PROD_OU },
    { id: SANDBOX, name: 'sandbox', parent: ROOT },
    { id: DEV, name: 'dev-app', parent: DEV_OU },
    { id: CLOSING, name: 'closing', status: 'PENDING_CLOSURE', parent: DEV_OU },
  ],
};
const NAMES: Record<string, string> = Object.fromEntries(ORGANIZATION.accounts.map((a) => [a.id, a.name]));

const config = (overrides: Partial<FakeAwsConfig> = {}): FakeAwsConfig => ({
  users: { [CALLER_KEY]: { account: MANAGEMENT, user: 'auditor' } },
  organization: ORGANIZATION,
  externalId: EXTERNAL_ID,
  ...overrides,
});

/** A tiny check: who the account's own credentials are, as STS says. */
const whoAmI = defineCheck({
  meta: { id: '1.2', kind: 'automated', scope: 'account', permissions: ['sts:GetCallerIdentity'], remediation: 'n/a' },
  run: async ({ aws, account }) => [met(`arn:aws:iam::${account.id}:root`, `signed as ${(await aws.sts.callerIdentity()).Arn}`)],
});

let fake: FakeAws;
const savedEnv: Record<string, string | undefined> = {};
let tmp: string;

beforeAll(async () => {
  fake = await startFakeAws(config());
  tmp = mkdtempSync(join(tmpdir(), 'cmt-audit-org-'));
  // Nothing of the developer's AWS setup reaches the scan; fromTemporaryCredentials' STS client goes to the fake.
  const env: Record<string, string | undefined> = {
    AWS_ENDPOINT_URL_STS: fake.endpoint,
    AWS_ENDPOINT_URL: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_CONFIG_FILE: join(tmp, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const [k, v] of Object.entries(env)) {
    savedEnv[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

afterAll(async () => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await fake?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function orgScan(overrides: Partial<ScanOptions> = {}, fakeConfig: Partial<FakeAwsConfig> = {}) {
  fake.reset(config(fakeConfig));
  return scan({
    deploymentModel: 'multi-tenant-saas',
    concurrency: 4,
    thresholds: DEFAULT_THRESHOLDS,
    region: 'us-east-1',
    org: true,
    externalId: EXTERNAL_ID,
    only: ['1.2'],
    checks: [whoAmI],
    clientConfig: { endpoint: fake.endpoint, credentials: { accessKeyId: CALLER_KEY, secretAccessKey: 'fake-secret' } },
    ...overrides,
  });
}

/** The scan's error, or a failure when it did not throw one. */
async function refused(run: Promise<unknown>): Promise<UserError> {
  try {
    await run;
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected the scan to refuse');
}

const assumed = () =>
  fake.requests
    .filter((r) => r.call === 'sts:AssumeRole')
    .map((r): Record<string, unknown> => ({ keyId: r.keyId, status: r.status, ...r.params }))
    .sort((a, b) => String(a.RoleArn).localeCompare(String(b.RoleArn)));
const assumeRequest = (account: string, status = 200, externalId = EXTERNAL_ID) => ({
  keyId: CALLER_KEY,
  status,
  RoleArn: roleArn(account),
  RoleSessionName: 'cmt-audit',
  DurationSeconds: '3600',
  ExternalId: externalId,
});
const ids = (report: Report) => report.scan.accounts.map((a) => a.id);

describe('scan --org: every ACTIVE account of the organization, each with its own credentials', () => {
  it('lists the organization (two pages), skips suspended and closing accounts, assumes CmtAuditReadOnly in every member', async () => {
    const { report } = await orgScan({ accountConcurrency: 2 });

    // The listing: both pages of ListAccounts, by the caller's own key.
    const listings = fake.requests.filter((r) => r.call === 'organizations:ListAccounts');
    expect(listings.map((r) => [r.keyId, r.status, r.params.NextToken === undefined ? 'first page' : 'next page'])).toEqual([
      [CALLER_KEY, 200, 'first page'],
      [CALLER_KEY, 200, 'next page'],
    ]);
    // The caller's own account is scanned on the fetcher that listed the organization: who it is and its
    // organization are asked once in the whole scan.
    for (const call of ['sts:GetCallerIdentity', 'organizations:DescribeOrganization']) {
      expect(fake.requests.filter((r) => r.call === call && r.keyId === CALLER_KEY)).toHaveLength(1);
    }
    // One AssumeRole per member (never for the management account, the suspended or the closing one), from the
    // caller's key, with the role name, the session name, an hour and the external id.
    expect(assumed()).toEqual(MEMBERS.map((id) => assumeRequest(id)));
    expect(fake.requests.filter((r) => r.call === 'sts:AssumeRole').every((r) => r.signingService === 'sts' && r.signingRegion === 'us-east-1')).toBe(true);

    // Each account's calls are signed by its own credentials: the caller's key for the management account, the
    // session AssumeRole handed out (with its token) for each member.
    const sessionOf = Object.fromEntries(fake.sessions.map((s) => [s.account, s.accessKeyId]));
    for (const id of ACTIVE) {
      const keys = new Set(fake.requests.filter((r) => r.account === id && r.call !== 'sts:AssumeRole').map((r) => r.keyId));
      expect(keys).toEqual(new Set([id === MANAGEMENT ? CALLER_KEY : sessionOf[id]]));
    }
    expect(fake.requests.every((r) => r.status === 200)).toBe(true);
    expect(fake.requests.some((r) => r.account === RETIRED || r.account === CLOSING)).toBe(false);

    // The report: every ACTIVE account scanned, sorted by id, the organization as listed.
    expect(report.scan.accounts).toEqual(
      ACTIVE.map((id) => ({
        id,
        partition: 'aws',
        arn: id === MANAGEMENT ? CALLER_ARN : sessionArn(id),
        name: NAMES[id],
        status: 'scanned',
        via: id === MANAGEMENT ? 'default credentials' : `role ${roleArn(id)}`,
        homeRegion: 'us-east-1',
        regions: ['us-east-1'],
        facts: { organization: { id: ORG_ID, managementAccountId: MANAGEMENT } },
      })),
    );
    expect(report.scan.organization).toEqual({
      id: ORG_ID,
      managementAccountId: MANAGEMENT,
      accounts: [
        { id: MANAGEMENT, name: 'management', status: 'ACTIVE' },
        { id: LOG_ARCHIVE, name: 'log-archive', status: 'ACTIVE' },
        { id: AUDIT, name: 'audit', status: 'ACTIVE' },
        { id: PROD, name: 'prod-app', status: 'ACTIVE' },
        { id: DEV, name: 'dev-app', status: 'ACTIVE' },
        { id: RETIRED, name: 'retired', status: 'SUSPENDED' },
        { id: SANDBOX, name: 'sandbox', status: 'ACTIVE' },
        { id: CLOSING, name: 'closing', status: 'PENDING_CLOSURE' },
      ],
    });
    expect(report.scan.shard).toBeUndefined();
    const [item] = report.results;
    expect(item.status).toBe('met');
    expect(item.accounts).toEqual(ACTIVE.map((id) => ({ id, status: 'met' })));
    expect(item.findings.map((f) => [f.account, f.status, f.message])).toEqual(
      ACTIVE.map((id) => [id, 'met', `signed as ${id === MANAGEMENT ? CALLER_ARN : sessionArn(id)}`]),
    );
    expect(report.errors).toEqual([]);
  });

  it('--role-name and --role-session-name name the role and the session', async () => {
    const { report } = await orgScan({ roleName: 'OrgAuditor', roleSessionName: 'nightly-audit', accountFilters: { accounts: [MANAGEMENT, PROD] } });
    expect(fake.requests.filter((r) => r.call === 'sts:AssumeRole').map((r) => [r.params.RoleArn, r.params.RoleSessionName])).toEqual([
      [roleArn(PROD, 'OrgAuditor'), 'nightly-audit'],
    ]);
    expect(report.results[0].findings.map((f) => f.message)).toEqual([
      `signed as ${CALLER_ARN}`,
      `signed as arn:aws:sts::${PROD}:assumed-role/OrgAuditor/nightly-audit`,
    ]);
  });

  it('from a delegated administrator: its own account with its own credentials, the management account through the role', async () => {
    const { report } = await orgScan(
      {
        clientConfig: { endpoint: fake.endpoint, credentials: { accessKeyId: 'AKIAFAKEDELEGATED001', secretAccessKey: 'fake-secret' } },
        accountFilters: { accounts: [MANAGEMENT, AUDIT, PROD] },
      },
      {
        users: { AKIAFAKEDELEGATED001: { account: AUDIT, user: 'auditor' } },
        organization: { ...ORGANIZATION, delegatedAdministrators: [AUDIT] },
      },
    );
    expect(fake.requests.filter((r) => r.call === 'sts:AssumeRole').map((r) => r.params.RoleArn).sort()).toEqual([roleArn(MANAGEMENT), roleArn(PROD)]);
    expect(report.scan.accounts.map((a) => [a.id, a.status, a.via])).toEqual([
      [MANAGEMENT, 'scanned', `role ${roleArn(MANAGEMENT)}`],
      [AUDIT, 'scanned', 'default credentials'],
      [PROD, 'scanned', `role ${roleArn(PROD)}`],
    ]);
    expect(report.scan.organization?.managementAccountId).toBe(MANAGEMENT);
  });
});

describe('scan --org: an account that cannot be reached', () => {
  const denied = (account: string) =>
    `cannot scan account ${account}: cannot assume role ${roleArn(account)}: AccessDenied: ` +
    `User: ${CALLER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${roleArn(account)}`;

  it('a member whose role refuses AssumeRole: that account is error, naming the role and AccessDenied; every other account is scanned', async () => {
    const { report } = await orgScan({}, { denyAssume: [AUDIT] });
    // Refused once: the account is given up at its first call, not retried per client.
    expect(assumed()).toEqual(MEMBERS.map((id) => assumeRequest(id, id === AUDIT ? 403 : 200)));
    expect(report.scan.accounts.map((a) => [a.id, a.status])).toEqual(ACTIVE.map((id) => [id, id === AUDIT ? 'error' : 'scanned']));
    expect(report.scan.accounts.find((a) => a.id === AUDIT)).toEqual({
      id: AUDIT,
      partition: 'aws',
      name: 'audit',
      status: 'error',
      error: denied(AUDIT),
      via: `role ${roleArn(AUDIT)}`,
    });
    const [item] = report.results;
    expect(item.status).toBe('error');
    expect(item.accounts).toEqual(ACTIVE.map((id) => ({ id, status: id === AUDIT ? 'error' : 'met' })));
    expect(item.findings.find((f) => f.account === AUDIT)).toEqual({
      status: 'error',
      resource: `arn:aws:::${AUDIT}`,
      message: denied(AUDIT),
      errorKind: 'credentials',
      account: AUDIT,
    });
    expect(item.findings.filter((f) => f.account !== AUDIT).every((f) => f.status === 'met')).toBe(true);
    expect(report.errors).toEqual([
      { account: AUDIT, kind: 'credentials', message: denied(AUDIT) },
      { checkId: '1.2', account: AUDIT, kind: 'credentials', message: denied(AUDIT) },
    ]);
    expect(report.summary).toMatchObject({ error: 1, total: 1 });
  });

  it('a wrong --external-id: every member refused (the management account, on its own credentials, is scanned)', async () => {
    const { report } = await orgScan({ externalId: 'not-the-one', accountFilters: { accounts: [MANAGEMENT, PROD, SANDBOX] } });
    expect(assumed()).toEqual([assumeRequest(PROD, 403, 'not-the-one'), assumeRequest(SANDBOX, 403, 'not-the-one')]);
    expect(report.scan.accounts.map((a) => [a.id, a.status, a.error])).toEqual([
      [MANAGEMENT, 'scanned', undefined],
      [PROD, 'error', denied(PROD)],
      [SANDBOX, 'error', denied(SANDBOX)],
    ]);
  });

  it('no --external-id when the roles require one: refused the same way, and no ExternalId is sent', async () => {
    const { report } = await orgScan({ externalId: undefined, accountFilters: { accounts: [PROD] } });
    expect(assumed()).toEqual([{ keyId: CALLER_KEY, status: 403, RoleArn: roleArn(PROD), RoleSessionName: 'cmt-audit', DurationSeconds: '3600' }]);
    expect(report.scan.accounts.map((a) => [a.id, a.status, a.error])).toEqual([[PROD, 'error', denied(PROD)]]);
  });
});

describe('scan --org: which accounts (--accounts, --exclude-accounts, --ous, --exclude-ous)', () => {
  it.each([
    ['--accounts', { accounts: [PROD, LOG_ARCHIVE] }, [LOG_ARCHIVE, PROD]],
    ['--exclude-accounts', { excludeAccounts: [MANAGEMENT, DEV] }, [LOG_ARCHIVE, AUDIT, PROD, SANDBOX]],
    ['--ous (recursively: Workloads holds Prod and Dev)', { ous: [WORKLOADS_OU] }, [PROD, DEV]],
    ['--ous with two OUs', { ous: [SECURITY_OU, PROD_OU] }, [LOG_ARCHIVE, AUDIT, PROD]],
    ['--ous with the root', { ous: [ROOT] }, ACTIVE],
    ['--exclude-ous (a nested OU)', { excludeOus: [PROD_OU] }, [MANAGEMENT, LOG_ARCHIVE, AUDIT, DEV, SANDBOX]],
    ['--exclude-ous (a parent OU: its nested OUs too)', { excludeOus: [WORKLOADS_OU, SECURITY_OU] }, [MANAGEMENT, SANDBOX]],
    ['--ous and --exclude-ous', { ous: [WORKLOADS_OU], excludeOus: [DEV_OU] }, [PROD]],
    ['--accounts and --ous', { accounts: [MANAGEMENT, DEV, AUDIT], ous: [WORKLOADS_OU, SECURITY_OU] }, [AUDIT, DEV]],
    ['--exclude-accounts and --exclude-ous', { excludeAccounts: [MANAGEMENT], excludeOus: [WORKLOADS_OU] }, [LOG_ARCHIVE, AUDIT, SANDBOX]],
  ] as const)('%s', async (_, accountFilters, expected) => {
    const { report } = await orgScan({ accountFilters: { ...accountFilters } as never });
    expect(ids(report)).toEqual(expected);
    expect(report.scan.accounts.every((a) => a.status === 'scanned')).toBe(true);
    expect(report.results[0].findings.map((f) => f.account)).toEqual(expected);
    // Roles are assumed only in the members selected; the organization in the report is all of it.
    expect(fake.sessions.map((s) => s.account).sort()).toEqual(expected.filter((id) => id !== MANAGEMENT));
    expect(report.scan.organization?.accounts).toHaveLength(ORGANIZATION.accounts.length);
    // The OU tree is read only when an OU filter needs it.
    const treeRead = fake.requests.some((r) => r.call === 'organizations:ListRoots');
    expect(treeRead).toBe('ous' in accountFilters || 'excludeOus' in accountFilters);
  });

  it('--accounts naming a suspended account: not scanned, and said so (an account error naming its status)', async () => {
    const { report } = await orgScan({ accountFilters: { accounts: [RETIRED, SANDBOX] } });
    expect(report.scan.accounts.map((a) => [a.id, a.status, a.error])).toEqual([
      [RETIRED, 'error', `account ${RETIRED} is SUSPENDED in organization ${ORG_ID}: not scanned`],
      [SANDBOX, 'scanned', undefined],
    ]);
    expect(fake.sessions.map((s) => s.account)).toEqual([SANDBOX]);
  });

  it.each([
    [{ accounts: [PROD, '999999999999'] }, `--accounts: not an account of organization ${ORG_ID}: 999999999999`],
    [{ excludeAccounts: ['999999999999', '123412341234'] }, `--exclude-accounts: not an account of organization ${ORG_ID}: 999999999999, 123412341234`],
    [{ ous: ['ou-ex12-nothere1'] }, '--ous / --exclude-ous: ou-ex12-nothere1 is not an organizational unit (or root) of this organization'],
    [{ ous: [WORKLOADS_OU], excludeOus: ['r-zz99'] }, '--ous / --exclude-ous: r-zz99 is not an organizational unit (or root) of this organization'],
    // Filters that leave no account: nothing to scan is a usage error, not an incomplete scan of nothing.
    [{ accounts: [PROD], excludeAccounts: [PROD] }, `--accounts and --exclude-accounts leave no ACTIVE account of organization ${ORG_ID} to scan`],
    [{ excludeOus: [ROOT] }, `--exclude-ous leaves no ACTIVE account of organization ${ORG_ID} to scan`],
    [{ accounts: [DEV], ous: [PROD_OU] }, `--accounts and --ous leave no ACTIVE account of organization ${ORG_ID} to scan`],
  ])('%j: a usage error naming it (exit 2), before any role is assumed or account scanned', async (accountFilters, message) => {
    const err = await refused(orgScan({ accountFilters }));
    expect(err.message).toBe(message);
    expect(err.exitCode).toBe(EXIT.usage);
    expect(err.hint).toBeUndefined();
    expect(fake.sessions).toEqual([]);
    expect(fake.requests.some((r) => r.call === 'ec2:DescribeRegions')).toBe(false);
  });

  it('an account ListAccounts lists twice (on both of its pages): in the report once, scanned once', async () => {
    const { report } = await orgScan({}, { organization: { ...ORGANIZATION, accounts: [...ORGANIZATION.accounts, { id: PROD, name: 'prod-app', parent: PROD_OU }] } });
    expect(fake.requests.filter((r) => r.call === 'organizations:ListAccounts')).toHaveLength(2);
    expect(report.scan.organization?.accounts.map((a) => a.id)).toEqual(ORGANIZATION.accounts.map((a) => a.id).sort());
    expect(ids(report)).toEqual(ACTIVE);
    expect(assumed()).toEqual(MEMBERS.map((id) => assumeRequest(id)));
    expect(report.results[0].findings.map((f) => f.account)).toEqual(ACTIVE);
    expect(report.errors).toEqual([]);
  });
});

describe('scan --org --shard K/N', () => {
  it('each shard scans its share of the accounts sorted by id (i-th → shard i mod N + 1); together they cover every account once', async () => {
    // ACTIVE, sorted: 111 222 333 444 555 777.
    const expected: Record<number, string[]> = { 1: [MANAGEMENT, DEV], 2: [LOG_ARCHIVE, SANDBOX], 3: [AUDIT], 4: [PROD] };
    const seen: string[] = [];
    for (const index of [1, 2, 3, 4]) {
      const { report } = await orgScan({ shard: { index, count: 4 } });
      expect(ids(report)).toEqual(expected[index]);
      expect(report.scan.shard).toEqual({ index, count: 4, of: ACTIVE, keys: expected[index] });
      expect(report.scan.organization?.accounts.map((a) => a.id)).toEqual(ORGANIZATION.accounts.map((a) => a.id).sort());
      expect(report.results[0].accounts).toEqual(expected[index].map((id) => ({ id, status: 'met' })));
      // A shard assumes roles in its own share only.
      expect(fake.sessions.map((s) => s.account).sort()).toEqual(expected[index].filter((id) => id !== MANAGEMENT));
      seen.push(...ids(report));
    }
    expect(seen.sort()).toEqual(ACTIVE);
  });

  it('a shard with no share (more shards than accounts) is no usage error: a report of no account, every item error', async () => {
    const { report } = await orgScan({ shard: { index: 7, count: 7 } });
    expect(report.scan.accounts).toEqual([]);
    expect(report.scan.shard).toEqual({ index: 7, count: 7, of: ACTIVE, keys: [] });
    expect(report.results.map((r) => [r.id, r.status, r.findings])).toEqual([['1.2', 'error', []]]);
    expect(report.errors).toEqual([
      { kind: 'no-account', message: `shard 7/7 holds no account: the filters and the shard leave none of the accounts of organization ${ORG_ID} to scan` },
    ]);
    expect(fake.sessions).toEqual([]);
  });

  it('filters that leave no account at all are a usage error in every shard too', async () => {
    const err = await refused(orgScan({ accountFilters: { accounts: [PROD], excludeAccounts: [PROD] }, shard: { index: 1, count: 2 } }));
    expect([err.exitCode, err.message]).toEqual([EXIT.usage, `--accounts and --exclude-accounts leave no ACTIVE account of organization ${ORG_ID} to scan`]);
  });

  it('the share is taken after the filters', async () => {
    const first = await orgScan({ accountFilters: { excludeAccounts: [MANAGEMENT] }, shard: { index: 1, count: 2 } });
    const second = await orgScan({ accountFilters: { excludeAccounts: [MANAGEMENT] }, shard: { index: 2, count: 2 } });
    expect([ids(first.report), ids(second.report)]).toEqual([
      [LOG_ARCHIVE, PROD, SANDBOX],
      [AUDIT, DEV],
    ]);
  });
});

describe('scan --org: a caller that cannot list the organization', () => {
  it('an account in no organization (AWSOrganizationsNotInUseException): a usage error saying so (exit 2)', async () => {
    const err = await refused(orgScan({}, { organization: undefined }));
    expect(err.message).toBe("--org: the caller's account belongs to no AWS Organization");
    expect(err.exitCode).toBe(EXIT.usage);
    expect(err.hint).toBe('scan accounts with --profile a,b,c instead');
    const answer = fake.requests.find((r) => r.call === 'organizations:DescribeOrganization');
    expect(answer?.status).toBe(400);
    expect(fake.requests.some((r) => r.call === 'organizations:ListAccounts')).toBe(false);
  });

  it('denied organizations:ListAccounts: exit 4 naming the permission', async () => {
    const err = await refused(orgScan({}, { denyOrganizations: ['ListAccounts'] }));
    expect(err.message).toBe("--org: cannot list the organization's accounts: missing permission organizations:ListAccounts");
    expect(err.exitCode).toBe(EXIT.incomplete);
    expect(err.hint).toBe(
      'run from the management account or a delegated administrator, with organizations:DescribeOrganization and organizations:ListAccounts',
    );
    expect(fake.sessions).toEqual([]);
  });

  it('a member account that is no delegated administrator: the same (AWS answers AccessDeniedException)', async () => {
    const err = await refused(
      orgScan(
        { clientConfig: { endpoint: fake.endpoint, credentials: { accessKeyId: 'AKIAFAKEMEMBERUSER01', secretAccessKey: 'fake-secret' } } },
        { users: { AKIAFAKEMEMBERUSER01: { account: SANDBOX, user: 'dev' } } },
      ),
    );
    expect(err.message).toBe("--org: cannot list the organization's accounts: missing permission organizations:ListAccounts");
    expect(err.exitCode).toBe(EXIT.incomplete);
  });

  it('denied the OU tree with --ous: exit 4 naming the permission', async () => {
    const err = await refused(orgScan({ accountFilters: { ous: [PROD_OU] } }, { denyOrganizations: ['ListOrganizationalUnitsForParent'] }));
    expect(err.message).toBe("--ous: cannot read the organization's OU tree: missing permission organizations:ListOrganizationalUnitsForParent");
    expect(err.exitCode).toBe(EXIT.incomplete);
  });

  it('credentials AWS does not know: exit 5 at the first call', async () => {
    const err = await refused(orgScan({ clientConfig: { endpoint: fake.endpoint, credentials: { accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: 'x' } } }));
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toBe('AWS credentials were rejected or are missing: InvalidClientTokenId: The security token included in the request is invalid.');
    expect(err.exitCode).toBe(EXIT.noCredentials);
    // (A call of the test before may still land: only this key's requests count.)
    expect(fake.requests.filter((r) => r.keyId === 'AKIAUNKNOWNKEY000001').map((r) => [r.call, r.status])).toEqual([['sts:GetCallerIdentity', 403]]);
  });
});

describe('role sessions through the SDK (fromTemporaryCredentials against the fake STS)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('one AssumeRole for concurrent callers; assumed again once within 5 minutes of the end, in the background (a 6-minute session, a minute later)', async () => {
    fake.reset(config({ sessionSeconds: 360 }));
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-06-01T12:00:00Z') });
    const session = assumeRole({
      roleArn: roleArn(PROD),
      externalId: EXTERNAL_ID,
      region: 'us-east-1',
      source: async () => ({ accessKeyId: CALLER_KEY, secretAccessKey: 'fake-secret' }),
    });
    const first = await Promise.all([session(), session(), session()]);
    expect(new Set(first.map((c) => c.accessKeyId)).size).toBe(1);
    expect(first[0]).toMatchObject({ accessKeyId: expect.stringMatching(new RegExp(`^ASIA${PROD}`)), expiration: new Date('2025-06-01T12:06:00Z') });
    expect(first[0].sessionToken).toBe(`FakeSessionToken/${first[0].accessKeyId}`);
    expect(fake.sessions).toHaveLength(1);

    vi.setSystemTime(new Date('2025-06-01T12:00:59Z')); // 5 min 1 s left: kept
    expect((await session()).accessKeyId).toBe(first[0].accessKeyId);
    vi.setSystemTime(new Date('2025-06-01T12:01:01Z')); // 4 min 59 s left: renewed once, in the background
    const during = await Promise.all([session(), session(), session()]);
    expect(during.map((c) => c.accessKeyId)).toEqual([first[0].accessKeyId, first[0].accessKeyId, first[0].accessKeyId]);
    const renewed = await vi.waitFor(async () => {
      const c = await session();
      expect(c.accessKeyId).not.toBe(first[0].accessKeyId);
      return c;
    });
    expect(renewed.expiration).toEqual(new Date('2025-06-01T12:07:01Z'));
    expect(fake.sessions.map((s) => [s.roleArn, s.externalId, s.assumedBy])).toEqual([
      [roleArn(PROD), EXTERNAL_ID, CALLER_KEY],
      [roleArn(PROD), EXTERNAL_ID, CALLER_KEY],
    ]);
  });

  it('a refusal names the role and AWS\'s reason, and is not kept: once the role trusts the caller, the next call gets a session', async () => {
    fake.reset(config({ denyAssume: [PROD] }));
    const session = assumeRole({
      roleArn: roleArn(PROD),
      externalId: EXTERNAL_ID,
      region: 'us-east-1',
      source: async () => ({ accessKeyId: CALLER_KEY, secretAccessKey: 'fake-secret' }),
    });
    const err = (await session().then(
      () => undefined,
      (e: unknown) => e,
    )) as CredentialsError;
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toBe(
      `cannot assume role ${roleArn(PROD)}: AccessDenied: User: ${CALLER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${roleArn(PROD)}`,
    );
    expect(err.hint).toBe('the role must exist in that account and trust the scanning principal: see docs/organizations.md');
    fake.reset(config());
    expect((await session()).accessKeyId).toMatch(new RegExp(`^ASIA${PROD}`));
  });
});

/** The built binary, signed as the management account's caller, every service at the fake AWS. */
const callerSandbox = (prefix: string) =>
  cliSandbox(prefix, () => ({
    AWS_ACCESS_KEY_ID: CALLER_KEY,
    AWS_SECRET_ACCESS_KEY: 'fake-secret-for-the-org-test',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: fake.endpoint,
    NO_PROXY: '127.0.0.1',
  }));

describe('the built binary: cmt-audit scan --org', { timeout: 120_000 }, () => {
  const sandbox = callerSandbox('cmt-audit-org-e2e-');
  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(() => sandbox.remove());

  it('3.3 over the organization: met because one account has Business Support; a refused member is error and the exit code 4', async () => {
    fake.reset(config({ supportPlans: { [MANAGEMENT]: 'business', [PROD]: 'enterprise' }, denyAssume: [AUDIT] }));
    const out = join(sandbox.tmp, 'org.json');
    const run = await sandbox.run(['scan', '--org', '--external-id', EXTERNAL_ID, '--checks', '3.3', '--exclude-ous', SECURITY_OU.replace('security', 'nothing0'), '--format', 'json', '--output', out]);
    // An unknown OU is refused before anything is scanned.
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toBe(`cmt-audit: --ous / --exclude-ous: ou-ex12-nothing0 is not an organizational unit (or root) of this organization\n`);

    const scanned = await sandbox.run(['scan', '--org', '--external-id', EXTERNAL_ID, '--checks', '3.3', '--accounts', [AUDIT, PROD, MANAGEMENT, DEV].join(','), '--format', 'json', '--output', out]);
    expect(scanned.stderr).not.toMatch(STACK);
    expect(scanned.code).toBe(EXIT.incomplete);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.scan.accounts.map((a) => [a.id, a.status])).toEqual([
      [MANAGEMENT, 'scanned'],
      [AUDIT, 'error'],
      [PROD, 'scanned'],
      [DEV, 'scanned'],
    ]);
    const [item] = report.results;
    expect(item.id).toBe('3.3');
    expect(item.status).toBe('met');
    expect(item.accounts).toEqual([
      { id: MANAGEMENT, status: 'met' },
      { id: AUDIT, status: 'error' },
      { id: PROD, status: 'met' },
      { id: DEV, status: 'not-met' },
    ]);
    expect(item.findings.map((f) => [f.account, f.status, f.message])).toEqual([
      [MANAGEMENT, 'met', 'Business support: the Support API answers with severity levels low, normal, high, urgent.'],
      [AUDIT, 'error', `cannot scan account ${AUDIT}: cannot assume role ${roleArn(AUDIT)}: AccessDenied: User: ${CALLER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${roleArn(AUDIT)}`],
      [PROD, 'met', 'Enterprise On-Ramp or Enterprise support: the Support API answers with severity levels low, normal, high, urgent, critical.'],
      [DEV, 'not-met', 'Basic or Developer support (the Support API answered SubscriptionRequiredException).'],
    ]);
    expect(report.scan.organization?.id).toBe(ORG_ID);
    expect(fake.requests.filter((r) => r.call === 'support:DescribeSeverityLevels').map((r) => r.account).sort()).toEqual([MANAGEMENT, PROD, DEV]);
    expect(scanned.stderr).toContain(`cmt-audit: incomplete: 1 scan error\n`);
  });
});

describe('the built binary: accounts scanned on worker threads (--workers)', { timeout: 120_000 }, () => {
  const sandbox = callerSandbox('cmt-audit-workers-e2e-');
  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(() => sandbox.remove());
  // What a scan says, without what differs from run to run (times, durations, statistics).
  const verdicts = (r: Report) => ({
    accounts: r.scan.accounts.map((a) => [a.id, a.status, a.via, a.error]),
    results: r.results.map((x) => [x.id, x.status, x.accounts, x.findings.map((f) => [f.account, f.status, f.resource, f.message])]),
    errors: r.errors,
  });
  const run = async (workers: string, extra: string[] = []) => {
    fake.reset(config({ supportPlans: { [MANAGEMENT]: 'business' }, denyAssume: [AUDIT] }));
    const out = join(sandbox.tmp, `workers-${workers}.json`);
    const result = await sandbox.run(['scan', '--org', '--external-id', EXTERNAL_ID, '--checks', '1.2,3.3', '--workers', workers, '--format', 'json', '--output', out, ...extra]);
    expect(result.stderr).not.toMatch(STACK);
    return { result, report: JSON.parse(readFileSync(out, 'utf8')) as Report, requests: fake.requests.map((r) => `${r.account ?? '?'} ${r.call} ${r.signingRegion} ${JSON.stringify(r.params)}`).sort() };
  };

  it('three worker threads give the report one thread gives, each call made once, each member on its own role session', async () => {
    const one = await run('1');
    const three = await run('3', ['--verbose']);
    expect(three.result.code).toBe(EXIT.incomplete); // AUDIT refuses the role
    expect(verdicts(three.report)).toEqual(verdicts(one.report));
    expect(three.report.scan.accounts.map((a) => [a.id, a.status])).toEqual(ACTIVE.map((id) => [id, id === AUDIT ? 'error' : 'scanned']));
    // The same requests, signed by the same accounts' keys: no call made twice, every member reached through its role.
    expect(three.requests).toEqual(one.requests);
    const calls = three.requests.filter((r) => !r.includes(' sts:AssumeRole '));
    expect(new Set(calls).size).toBe(calls.length);
    for (const id of MEMBERS.filter((m) => m !== AUDIT)) expect(three.requests.filter((r) => r.startsWith(`${id} support:DescribeSeverityLevels `))).toHaveLength(1);
    // The statistics of the worker threads reach the report, and --verbose prints each account's line.
    expect(three.report.scan.stats.apiCalls).toBe(one.report.scan.stats.apiCalls);
    for (const id of MEMBERS.filter((m) => m !== AUDIT)) expect(three.result.stderr).toContain(id);
  });

  it('--workers 0 or a word is refused with one line (exit 2)', async () => {
    const bad = await sandbox.run(['scan', '--org', '--workers', '0']);
    expect([bad.code, bad.stderr]).toEqual([EXIT.usage, 'cmt-audit: invalid --workers "0": expected a whole number from 1 to 64 (1: scan on one thread)\n']);
  });
});

describe('scan --profile a,b,c: one account per profile', () => {
  const PROD_KEY = 'AKIAFAKEPRODUCTION01';
  // A file of its own: the SDK keeps each shared file it read (by path) for the life of the process.
  const profiles = (text: string) => {
    const file = join(tmp, 'profiles-credentials');
    writeFileSync(file, text);
    process.env.AWS_SHARED_CREDENTIALS_FILE = file;
  };
  afterAll(() => {
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(tmp, 'no-credentials');
  });
  const profileScan = (names: string[], fakeConfig: Partial<FakeAwsConfig> = {}) => {
    fake.reset(config({ users: { [CALLER_KEY]: { account: MANAGEMENT, user: 'auditor' }, [PROD_KEY]: { account: PROD, user: 'auditor' } }, ...fakeConfig }));
    return scan({
      deploymentModel: 'multi-tenant-saas',
      concurrency: 4,
      thresholds: DEFAULT_THRESHOLDS,
      region: 'us-east-1',
      profiles: names,
      only: ['1.2'],
      checks: [whoAmI],
      clientConfig: { endpoint: fake.endpoint },
    });
  };
  const key = (name: string, id: string) => `[${name}]\naws_access_key_id = ${id}\naws_secret_access_key = fake-secret\n`;
  // Written once: the SDK reads the shared files once per process.
  beforeAll(() =>
    profiles(key('mgmt', CALLER_KEY) + key('mgmt-again', CALLER_KEY) + key('prod', PROD_KEY) + key('stale', 'AKIAFAKEUNKNOWN00001') + key('old', 'AKIAFAKEUNKNOWN00002')),
  );

  it('scans each profile\'s account with its own keys; one whose credentials are refused is a scan error naming the profile, not an account', async () => {
    const { report } = await profileScan(['stale', 'prod', 'mgmt']);
    expect(report.scan.accounts.map((a) => [a.id, a.status, a.via])).toEqual([
      [MANAGEMENT, 'scanned', 'profile mgmt'],
      [PROD, 'scanned', 'profile prod'],
    ]);
    const why = expect.stringMatching(/^cannot scan via profile stale: AWS credentials were rejected or are missing: InvalidClientTokenId/);
    expect(report.errors).toEqual([
      { kind: 'credentials', message: why },
      { checkId: '1.2', kind: 'credentials', message: why, account: undefined, region: undefined, missingPermission: undefined },
    ]);
    // The account behind the profile is unknown, so the estate cannot be met: 1.2 is error, by a finding of no account.
    const item = report.results.find((r) => r.id === '1.2')!;
    expect([item.status, item.accounts]).toEqual(['error', [{ id: MANAGEMENT, status: 'met' }, { id: PROD, status: 'met' }]]);
    expect(item.findings.filter((f) => !f.account).map((f) => [f.status, f.resource])).toEqual([['error', 'profile stale']]);
    // The report is one `cmt-audit report` reads back (every account id is an account id).
    const file = join(tmp, 'profiles.json');
    writeFileSync(file, JSON.stringify(report));
    const { readReportFile } = await import('../../src/reporters/json.js');
    expect((await readReportFile(file)).scan.accounts).toHaveLength(2);
  });

  it('no profile\'s credentials work: exit 5, as a one-account scan with bad credentials', async () => {
    const err = await refused(profileScan(['stale', 'old']));
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(/InvalidClientTokenId/);
  });

  it('two profiles of one account: scanned once in the report, and said so', async () => {
    const { report } = await profileScan(['mgmt', 'mgmt-again']);
    expect(report.scan.accounts.map((a) => [a.id, a.via])).toEqual([[MANAGEMENT, 'profile mgmt']]);
    expect(report.errors).toEqual([{ account: MANAGEMENT, kind: 'duplicate-account', message: 'profile mgmt-again reaches account 111111111111 again (as profile mgmt did): reported once' }]);
  });
});
