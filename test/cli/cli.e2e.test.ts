// End to end: the BUILT binary (`node bin/cmt-audit.js`), run as a user would, against fixture
// snapshots. Checks stdout, stderr and exit codes. Nothing here reaches the network: every run gets
// empty AWS config files, no credentials, IMDS disabled, and AWS_ENDPOINT_URL pointing at a closed
// local port, so a stray call would fail fast and locally.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKLIST, PILLAR_TITLES } from '../../src/checklist.js';
import { EXIT } from '../../src/errors.js';
import type { Report } from '../../src/model.js';
import { evaluateGate } from '../../src/options.js';
import { renderPolicy } from '../../src/policy.js';
import { reportProblems } from '../../src/reporters/json.js';
import { summaryLine } from '../../src/reporters/table.js';
import { cliSandbox, ensureBuilt, ROOT, STACK, type EnvOverrides, type Run } from '../support/cli-runner.js';

const DEMO = 'fixtures/demo';
const MFA_ON = 'fixtures/cli/root-mfa-on.json';
const MFA_OFF = 'fixtures/cli/root-mfa-off.json';
const MFA_DENIED = 'fixtures/cli/root-mfa-denied.json';
const REGIONS_DENIED = 'fixtures/cli/regions-denied-root-mfa-off.json';
const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`);
const ANSI_ALL = new RegExp(ANSI.source, 'g');

const sandbox = cliSandbox('cmt-audit-e2e-', () => ({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' }));
const { tmp } = sandbox;
const cli = (args: string[], env: EnvOverrides = {}): Promise<Run> => sandbox.run(args, env);

const memo = new Map<string, Promise<Run>>();
/** For runs without side effects that several tests look at: each distinct run happens once. */
function cliOnce(args: string[], env: EnvOverrides = {}): Promise<Run> {
  const key = JSON.stringify([args, env]);
  if (!memo.has(key)) memo.set(key, cli(args, env));
  return memo.get(key)!;
}

/** A saved JSON report of MFA_OFF (1.2 not met, critical), for `report` runs: fast, no scan. */
const SAVED = join(tmp, 'mfa-off-report.json');

beforeAll(async () => {
  ensureBuilt();
  const run = await cli(['scan', '--snapshot', MFA_OFF, '--checks', '1.2', '--format', 'json', '--output', SAVED]);
  if (run.code !== EXIT.gateFailed) throw new Error(`could not save the report for the tests: ${run.stderr}`);
}, 180_000);

// Each scan run starts Node and loads the data layer (about a second); runs are sequential and shared.
const SLOW = { timeout: 60_000 };

/** The one-line error contract: `cmt-audit: <message>`, maybe `hint: …`, no stack, nothing on stdout. */
function expectUsageError(run: Run, message: string | RegExp, code: number = EXIT.usage) {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  const [first, ...rest] = run.stderr.trimEnd().split('\n');
  expect(first).toMatch(/^cmt-audit: /);
  if (typeof message === 'string') expect(first).toContain(message);
  else expect(first).toMatch(message);
  expect(rest.every((l) => l.startsWith('hint: '))).toBe(true);
  expect(run.stderr).not.toMatch(STACK);
}

describe('cmt-audit scan (replaying snapshots)', SLOW, () => {
  it('renders the demo account as a table, and its exit code is the gate over its own report', async () => {
    const table = await cliOnce(['scan', '--snapshot', DEMO]);
    const json = await cliOnce(['scan', '--snapshot', DEMO, '--format', 'json']);
    const report = JSON.parse(json.stdout) as Report;
    const out = table.stdout;
    expect(out).toContain('Account           210987654321 (arn:aws:iam::210987654321:user/audit-bot)');
    expect(out).toContain('Deployment model  multi-tenant-saas');
    expect(out).toContain('Regions           eu-west-1, us-east-1, us-west-2');
    expect(out).toContain('Not enabled       ap-east-1, me-south-1');
    expect(out).toContain(`Source            snapshot ${DEMO} (replayed, no AWS calls)\n  Recorded          2026-11-20T09:30:00.000Z`);
    for (const title of Object.values(PILLAR_TITLES)) expect(out).toContain(`\n${title}\n`);
    for (const item of CHECKLIST) expect(out).toMatch(new RegExp(`^ {2}${item.id.replace('.', '\\.')} +(MET|NOT MET|MANUAL|N/A|ERROR) `, 'm'));
    expect(out.trimEnd().split('\n').at(-1)).toBe(summaryLine(report));
    expect(out).toMatch(/^40 items: \d+ met, \d+ not met, \d+ manual, \d+ not applicable, \d+ errors?$/m);
    expect(out).not.toMatch(ANSI); // stdout is a pipe: no colour
    // within 100 columns, but for a resource ARN longer than a line (shown whole, on a line of its own)
    expect(out.split('\n').filter((l) => l.length > 100 && !/^ +[-!] \S+$/.test(l))).toEqual([]);
    expect(table.code).toBe(evaluateGate(report, { failOn: 'critical', allowErrors: false }).exitCode);
    expect(table.stderr).not.toMatch(STACK);
  });

  it('--format json is the schema-valid report', async () => {
    const run = await cliOnce(['scan', '--snapshot', DEMO, '--format', 'json']);
    const report = JSON.parse(run.stdout) as Report;
    expect(await reportProblems(report)).toEqual([]);
    expect(report.results.map((r) => r.id)).toEqual(CHECKLIST.map((i) => i.id));
    expect(report.scan).toMatchObject({ source: 'snapshot', snapshot: DEMO, deploymentModel: 'multi-tenant-saas' });
    expect(run.stderr).toContain(`cmt-audit: ${summaryLine(report)}`); // no table on stdout: the summary goes to stderr
  });

  it('--checks runs only the items named; --skip-checks leaves items out', async () => {
    const only = JSON.parse((await cli(['scan', '--snapshot', DEMO, '--format', 'json', '--checks', '1.4,1.2'])).stdout) as Report;
    expect(only.results.map((r) => r.id)).toEqual(['1.2', '1.4']);
    expect(only.summary.total).toBe(2);
    expect(only.scan.checksSelected).toEqual(['1.2', '1.4']);
    const skipped = JSON.parse((await cli(['scan', '--snapshot', DEMO, '--format', 'json', '--skip-checks', '1.2,2.1'])).stdout) as Report;
    expect(skipped.results.map((r) => r.id)).toEqual(CHECKLIST.map((i) => i.id).filter((id) => id !== '1.2' && id !== '2.1'));
    expect(skipped.scan.checksSkipped).toEqual(['1.2', '2.1']);
  });

  it('--deployment-model makes items that do not apply not-applicable', async () => {
    const run = await cli(['scan', '--snapshot', MFA_OFF, '--checks', '1.2', '--deployment-model', 'customer-deployed-on-premises']);
    expect(run.stdout).toMatch(/^ {2}1\.2 +N\/A +critical/m);
    expect(run.code).toBe(EXIT.ok);
  });

  it('passes (0) when the gate passes', async () => {
    const run = await cli(['scan', '--snapshot', MFA_ON, '--checks', '1.2']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^ {2}1\.2 +MET +critical/m);
    expect(run.stderr).toBe('');
  });

  it('fails the gate (3) on a critical item not met, and says which', async () => {
    const run = await cliOnce(['scan', '--snapshot', MFA_OFF, '--checks', '1.2']);
    expect(run.code).toBe(EXIT.gateFailed);
    expect(run.stdout).toMatch(/^ {2}1\.2 +NOT MET +critical/m);
    expect(run.stdout).toContain('arn:aws:iam::123456789012:root — The root user has no MFA device.');
    expect(run.stderr).toBe('cmt-audit: gate failed: 1 item not met at or above critical severity (1.2)\n');
  });

  it('--fail-on none passes (0) what is not met', async () => {
    const run = await cli(['scan', '--snapshot', MFA_OFF, '--checks', '1.2', '--fail-on', 'none']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^ {2}1\.2 +NOT MET +critical/m);
    expect(run.stderr).toBe('');
  });

  it('is incomplete (4) when an item ended in error, naming the missing permission', async () => {
    const run = await cli(['scan', '--snapshot', MFA_DENIED, '--checks', '1.2']);
    expect(run.code).toBe(EXIT.incomplete);
    expect(run.stdout).toMatch(/^ {2}1\.2 +ERROR +critical/m);
    expect(run.stdout).toContain('Missing permissions: iam:GetAccountSummary');
    expect(run.stderr).toContain('cmt-audit: incomplete: 1 item could not be checked (1.2)');
    expect(run.stderr).toContain('hint: grant the policy from `cmt-audit policy`, or pass --allow-errors');
  });

  it('--allow-errors accepts an incomplete scan (0)', async () => {
    const allowed = await cli(['scan', '--snapshot', MFA_DENIED, '--checks', '1.2', '--allow-errors']);
    expect(allowed.code).toBe(EXIT.ok);
    expect(allowed.stderr).toContain('(allowed by --allow-errors)');
  });

  it('a failed gate (3) wins over an incomplete scan (4)', async () => {
    const run = await cli(['scan', '--snapshot', REGIONS_DENIED, '--checks', '1.2']);
    expect(run.code).toBe(EXIT.gateFailed);
    expect(run.stdout).toContain('Scan errors');
    expect(run.stdout).toContain('cannot list regions (missing permission ec2:DescribeRegions)');
    expect(run.stderr).toContain('gate failed');
    expect(run.stderr).toContain('incomplete: 1 scan error');
    // the same scan without the gate: incomplete (4), and --fail-on none does not hide errors
    const saved = join(tmp, 'regions-denied.json');
    await cli(['scan', '--snapshot', REGIONS_DENIED, '--checks', '1.2', '--format', 'json', '--output', saved, '--quiet']);
    expect((await cli(['report', saved, '--fail-on', 'none'])).code).toBe(EXIT.incomplete);
    expect((await cli(['report', saved, '--fail-on', 'none', '--allow-errors'])).code).toBe(EXIT.ok);
  });

  it('--output writes the file atomically and keeps stdout clean', async () => {
    const dir = mkdtempSync(join(tmp, 'out-'));
    const file = join(dir, 'report.json');
    const run = await cli(['scan', '--snapshot', MFA_ON, '--checks', '1.2', '--format', 'json', '--output', file]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`cmt-audit: wrote ${file}`);
    expect(await reportProblems(JSON.parse(readFileSync(file, 'utf8')))).toEqual([]);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('several formats: a base name gets one file per format; a path list may send one to stdout', async () => {
    const dir = mkdtempSync(join(tmp, 'multi-'));
    const base = await cli(['scan', '--snapshot', MFA_ON, '--checks', '1.2', '--format', 'table,json', '--output', join(dir, 'scan')]);
    expect(base.code).toBe(EXIT.ok);
    expect(readdirSync(dir).sort()).toEqual(['scan.json', 'scan.txt']);
    expect(readFileSync(join(dir, 'scan.txt'), 'utf8')).toContain('1 item: 1 met');
    const mixed = await cli(['scan', '--snapshot', MFA_ON, '--checks', '1.2', '--format', 'table,json', '--output', `-,${join(dir, 'r.json')}`]);
    expect(mixed.stdout).toContain('1 item: 1 met');
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).summary.met).toBe(1);
    const none = await cli(['scan', '--snapshot', MFA_ON, '--format', 'table,json']);
    expectUsageError(none, '--format table,json writes several formats: give --output');
  });

  it('--record writes a snapshot that replays to the same results', async () => {
    const file = join(mkdtempSync(join(tmp, 'rec-')), 'recorded.json');
    const first = await cli(['scan', '--snapshot', MFA_OFF, '--checks', '1.2', '--format', 'json', '--record', file]);
    expect(first.stderr).toMatch(/cmt-audit: recorded \d+ responses to /);
    const recorded = JSON.parse(readFileSync(file, 'utf8'));
    expect(recorded).toMatchObject({ format: 'cmt-audit-snapshot', version: 1, homeRegion: 'us-east-1' });
    expect(Object.keys(recorded.responses)).toContain('iam:GetAccountSummary');
    const again = await cli(['scan', '--snapshot', file, '--checks', '1.2', '--format', 'json']);
    const statuses = (r: Run) => (JSON.parse(r.stdout) as Report).results.map((x) => [x.id, x.status, x.findings.length]);
    expect(statuses(again)).toEqual(statuses(first));
    expect(again.code).toBe(first.code);
  });

  it('--quiet prints only the summary line; --verbose adds progress and statistics on stderr', async () => {
    const quiet = await cli(['scan', '--snapshot', MFA_OFF, '--checks', '1.2', '--quiet']);
    expect(quiet.stdout).toBe('1 item: 0 met, 1 not met, 0 manual, 0 not applicable, 0 errors\n');
    expect(quiet.stderr).toBe('');
    expect(quiet.code).toBe(EXIT.gateFailed);
    const verbose = await cli(['scan', '--snapshot', MFA_ON, '--checks', '1.2', '--verbose']);
    expect(verbose.stderr).toContain('cmt-audit: checking 1 checklist item');
    expect(verbose.stderr).toMatch(/\[1\/1\] 1\.2 +MET/);
    expect(verbose.stderr).toMatch(/cmt-audit: \d+ distinct API calls, 0 requests sent \(0 retries, 0 throttled\)/);
    expectUsageError(await cli(['scan', '--snapshot', MFA_ON, '--quiet', '--verbose']), /cannot be used with option/);
  });

  it('colour: never on a pipe; FORCE_COLOR forces it; --no-color and NO_COLOR turn it off', async () => {
    const scanned = await cli(['scan', '--snapshot', MFA_OFF, '--checks', '1.2'], { FORCE_COLOR: '1' });
    expect(scanned.stdout).toMatch(ANSI);
    expect(scanned.stdout).toContain('NOT MET');
    // the same rules through `report` (same output code, no scan: fast)
    const plain = await cli(['report', SAVED]);
    const forced = await cli(['report', SAVED], { FORCE_COLOR: '1' });
    expect(plain.stdout).not.toMatch(ANSI);
    expect(forced.stdout).toMatch(ANSI);
    expect(forced.stdout.replace(ANSI_ALL, '')).toBe(plain.stdout);
    expect((await cli(['report', SAVED, '--no-color'], { FORCE_COLOR: '1' })).stdout).not.toMatch(ANSI);
    expect((await cli(['report', SAVED], { NO_COLOR: '1' })).stdout).not.toMatch(ANSI);
    expect((await cli(['report', SAVED], { FORCE_COLOR: '0' })).stdout).not.toMatch(ANSI);
  });
});

describe('user errors: one line, exit 2, no stack trace', SLOW, () => {
  it('an unknown check id lists the valid ids', async () => {
    const run = await cli(['scan', '--snapshot', DEMO, '--checks', '1.2,1.6']);
    expectUsageError(run, 'cmt-audit: unknown check id in --checks: 1.6');
    expect(run.stderr).toContain('hint: valid ids: 1.1, 1.2, 1.3');
    expect(run.stderr).toContain('3.3');
  });

  it('an unknown flag', async () => {
    const run = await cli(['scan', '--snapshot', DEMO, '--frobnicate']);
    expectUsageError(run, "cmt-audit: unknown option '--frobnicate'");
    expect(run.stderr).toContain('hint: see `cmt-audit scan --help`');
  });

  it('an unknown command, and no command at all', async () => {
    expectUsageError(await cli(['frobnicate']), "unknown command 'frobnicate'");
    const none = await cli([]);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toContain('Usage: cmt-audit');
  });

  it('an invalid flag value', async () => {
    expectUsageError(await cli(['scan', '--snapshot', DEMO, '--concurrency', '0']), 'invalid --concurrency "0": expected a positive integer');
    expectUsageError(await cli(['scan', '--snapshot', DEMO, '--fail-on', 'severe']), /argument 'severe' is invalid/);
    expectUsageError(await cli(['scan', '--snapshot', DEMO, '--format', 'yaml']), 'unknown --format yaml');
    expectUsageError(await cli(['scan', '--snapshot', DEMO, '--regions', 'mars-1']), 'invalid region "mars-1" in --regions');
  });

  it('a region the account does not have', async () => {
    expectUsageError(await cli(['scan', '--snapshot', MFA_ON, '--regions', 'eu-central-9']), 'unknown region: eu-central-9');
  });

  it('a missing snapshot', async () => {
    expectUsageError(await cli(['scan', '--snapshot', 'fixtures/cli/no-such-snapshot.json']), 'cannot read snapshot fixtures/cli/no-such-snapshot.json: ENOENT');
  });

  it('a file that is not a snapshot', async () => {
    expectUsageError(await cli(['scan', '--snapshot', 'package.json']), 'package.json is not a cmt-audit snapshot');
  });

  it('an unwritable --output, before any scanning', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, '');
    const underFile = join(file, 'report.json');
    expectUsageError(await cli(['scan', '--snapshot', DEMO, '--output', underFile]), `cannot write ${underFile}: ${file} is not a directory`);
    expectUsageError(await cli(['scan', '--snapshot', DEMO, '--output', tmp]), `cannot write ${tmp}: it is a directory`);
    expectUsageError(await cli(['scan', '--snapshot', DEMO, '--record', underFile]), `cannot write ${underFile}`);
  });
  it('filters that leave no account: one line, exit 2, nothing scanned (--allow-errors changes nothing)', async () => {
    const line = 'cmt-audit: --accounts and --exclude-accounts leave no ACTIVE account of organization o-demo12345 to scan\n';
    for (const extra of [[], ['--allow-errors']]) {
      const run = await cli(['scan', '--snapshot', 'fixtures/demo-org', '--accounts', '222222222222', '--exclude-accounts', '222222222222', ...extra]);
      expect([run.code, run.stdout, run.stderr]).toEqual([EXIT.usage, '', line]);
    }
    const one = await cli(['scan', '--snapshot', DEMO, '--exclude-accounts', '210987654321']);
    expect([one.code, one.stdout, one.stderr]).toEqual([EXIT.usage, '', 'cmt-audit: --exclude-accounts leaves no account of snapshot fixtures/demo to scan\n']);
  });

  it('--ous on a snapshot recorded without the OU tree: exit 2 saying so, with how to record it', async () => {
    const run = await cli(['scan', '--snapshot', 'fixtures/demo-org', '--org', '--ous', 'r-demo']);
    expect([run.code, run.stdout, run.stderr]).toEqual([
      EXIT.usage,
      '',
      'cmt-audit: --ous / --exclude-ous: the snapshot holds no OU tree (no organizations:ListRoots response)\n' +
        'hint: record the snapshot with the OU filters (scan --org --ous … --record FILE): the recording then holds the tree\n',
    ]);
  });

  it('a shard with no share (8 shards, 5 accounts) is not a usage error: a report of no account, exit 4 (0 with --allow-errors)', async () => {
    const run = await cli(['scan', '--snapshot', 'fixtures/demo-org', '--shard', '8/8', '--format', 'json']);
    expect(run.code).toBe(EXIT.incomplete);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.scan.accounts).toEqual([]);
    expect(report.scan.shard).toEqual({ index: 8, count: 8, of: ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'], keys: [] });
    expect(report.errors).toEqual([
      { kind: 'no-account', message: 'shard 8/8 holds no account: the filters and the shard leave none of the accounts of organization o-demo12345 to scan' },
    ]);
    expect(report.summary).toMatchObject({ error: 40, total: 40 });
    const allowed = await cli(['scan', '--snapshot', 'fixtures/demo-org', '--shard', '8/8', '--format', 'json', '--allow-errors']);
    expect(allowed.code).toBe(EXIT.ok);
  });

  it('--debug adds the stack trace to the same message and exit code', async () => {
    const run = await cli(['report', join(tmp, 'missing.json'), '--debug']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/^cmt-audit: cannot read report .*missing\.json: no such file\n/);
    expect(run.stderr).toMatch(STACK);
  });
});

describe('live scans without usable credentials (never reaching the network)', SLOW, () => {
  it('an unknown profile is a usage error (2)', async () => {
    const run = await cli(['scan', '--profile', 'nosuch']);
    expectUsageError(run, 'cmt-audit: profile "nosuch" is not defined');
  });

  it('an unknown profile is a usage error (2) even when the region is given', async () => {
    const run = await cli(['scan', '--profile', 'nosuch', '--region', 'eu-west-1']);
    expectUsageError(run, 'cmt-audit: profile "nosuch" is not defined');
    const fromEnv = await cli(['scan'], { AWS_PROFILE: 'nosuch', AWS_REGION: 'eu-west-1' });
    expectUsageError(fromEnv, 'cmt-audit: profile "nosuch" is not defined');
  });

  it('AWS out of reach (a closed endpoint) is one clear line and exit 4, not a crash', async () => {
    const run = await cli(['scan'], { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'not-a-secret', AWS_REGION: 'us-east-1' });
    expectUsageError(run, 'cmt-audit: cannot start the scan: sts:GetCallerIdentity failed', EXIT.incomplete);
    expect(run.stderr).toContain('hint: check the network');
  });

  it('no credentials at all exits 5', async () => {
    const run = await cli(['scan']);
    expectUsageError(run, 'cmt-audit: AWS credentials were rejected or are missing', EXIT.noCredentials);
    expect(run.stderr).toContain('hint: ');
  });

  it('an expired SSO session exits 5 and says how to log in again', async () => {
    const dir = mkdtempSync(join(tmp, 'sso-'));
    const config = join(dir, 'config');
    writeFileSync(
      config,
      [
        '[profile ssoprof]',
        'sso_start_url = https://example.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_account_id = 123456789012',
        'sso_role_name = ReadOnly',
        'region = us-east-1',
        '',
      ].join('\n'),
    );
    // the token the last `aws sso login` cached (legacy profile: keyed by the SHA-1 of the start URL), expired
    const startUrl = 'https://example.awsapps.com/start';
    const cache = join(dir, '.aws', 'sso', 'cache');
    mkdirSync(cache, { recursive: true });
    const token = { accessToken: 'expired-token', expiresAt: '2020-01-01T00:00:00Z', region: 'us-east-1', startUrl };
    writeFileSync(join(cache, `${createHash('sha1').update(startUrl).digest('hex')}.json`), JSON.stringify(token));
    const run = await cli(['scan', '--profile', 'ssoprof'], { AWS_CONFIG_FILE: config, HOME: dir });
    expectUsageError(run, /^cmt-audit: AWS credentials were rejected or are missing: .*SSO session .*expired/, EXIT.noCredentials);
    expect(run.stderr).toContain('hint: run `aws sso login --profile ssoprof` and retry');
  });
});

describe('cmt-audit checks, policy, report', SLOW, () => {
  it('checks lists all 40 items with kind, severity, applicability and permissions', async () => {
    const table = await cli(['checks']);
    expect(table.code).toBe(EXIT.ok);
    for (const item of CHECKLIST) expect(table.stdout).toMatch(new RegExp(`^ {2}${item.id.replace('.', '\\.')} +(automated|partial|manual) +${item.severity} `, 'm'));
    expect(table.stdout).toContain('permissions: iam:GetAccountSummary');
    expect(table.stdout).toMatch(/^40 items: \d+ automated, \d+ partial, \d+ manual$/m);
    const json = JSON.parse((await cli(['checks', '--format', 'json'])).stdout) as { id: string; kind: string; permissions: string[]; appliesTo: object }[];
    expect(json.map((e) => e.id)).toEqual(CHECKLIST.map((i) => i.id));
    expect(json.find((e) => e.id === '1.2')).toMatchObject({ kind: 'automated', permissions: ['iam:GetAccountSummary'] });
    expect(Object.keys(json[0].appliesTo)).toEqual(['multi-tenant-saas', 'single-tenant-saas', 'customer-deployed-on-premises', 'customer-deployed-on-aws']);
    expect((await cli(['checks', '--format', 'markdown'])).stdout).toMatch(/^# Checks\n/);
  });

  it('policy prints the generated read-only policy', async () => {
    const run = await cli(['policy']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toBe(renderPolicy());
    const policy = JSON.parse(run.stdout);
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement[0].Action).toContain('iam:GetAccountSummary');
  });

  it('report re-renders a saved JSON report without AWS, with the same verdict', async () => {
    const table = await cli(['report', SAVED]);
    const scanned = await cliOnce(['scan', '--snapshot', MFA_OFF, '--checks', '1.2']);
    expect(table.code).toBe(EXIT.gateFailed);
    expect(table.stderr).toBe(scanned.stderr);
    expect(table.stdout.replace(/Scanned .*\n/, '')).toBe(scanned.stdout.replace(/Scanned .*\n/, ''));
    const json = await cli(['report', SAVED, '--format', 'json', '--fail-on', 'none']);
    expect(json.code).toBe(EXIT.ok);
    expect(json.stdout).toBe(readFileSync(SAVED, 'utf8'));
    expect((await cli(['report', SAVED, '--fail-on', 'high'])).code).toBe(EXIT.gateFailed);
    expect((await cli(['report', SAVED, '--quiet'])).stdout).toBe('1 item: 0 met, 1 not met, 0 manual, 0 not applicable, 0 errors\n');
  });

  it('report rejects a file that is missing, not JSON, or not a report', async () => {
    const dir = mkdtempSync(join(tmp, 'bad-'));
    writeFileSync(join(dir, 'text.json'), 'hello');
    writeFileSync(join(dir, 'other.json'), '{"schemaVersion":"1.0","results":[]}');
    expectUsageError(await cli(['report', join(dir, 'missing.json')]), `cannot read report ${join(dir, 'missing.json')}: no such file`);
    expectUsageError(await cli(['report', join(dir, 'text.json')]), /text\.json is not JSON: /);
    const other = await cli(['report', join(dir, 'other.json')]);
    expectUsageError(other, /other\.json is not a valid cmt-audit report: \/ must have required property 'tool'/);
    expect(other.stderr).toContain('hint: give a report written by `cmt-audit scan --format json`');
  });

  it('init writes a starter config once (--force to overwrite) that scan then reads', async () => {
    const dir = mkdtempSync(join(tmp, 'init-'));
    const file = join(dir, 'cmt-audit.config.yaml');
    const first = await cli(['init', '--output', file, '--deployment-model', 'single-tenant-saas']);
    expect(first.code).toBe(EXIT.ok);
    expect(first.stderr).toMatch(new RegExp(`^cmt-audit: wrote ${file}: thresholds, and \\d+ items for people to attest \\(single-tenant-saas\\)\n$`));
    expect(readFileSync(file, 'utf8')).toContain('deploymentModel: single-tenant-saas');
    expectUsageError(await cli(['init', '--output', file]), `cmt-audit: ${file} already exists`);
    expect((await cli(['init', '--output', file, '--force'])).code).toBe(EXIT.ok);
    expect((await cli(['init', '--output', '-'])).stdout).toMatch(/^# cmt-audit configuration/);
    const run = await cli(['scan', '--snapshot', MFA_ON, '--checks', '1.2', '--config', file, '--format', 'json']);
    expect(run.code).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout).scan).toMatchObject({ deploymentModel: 'multi-tenant-saas', configFile: file });
  });

  it('the demo with its config: attestations fill in manual items in the table, the markdown and the html checklist', async () => {
    const dir = mkdtempSync(join(tmp, 'checklist-'));
    const base = join(dir, 'demo');
    const run = await cli([
      'scan', '--snapshot', 'fixtures/demo', '--config', 'fixtures/demo/cmt-audit.config.yaml',
      '--format', 'table,markdown,html', '--output', base, '--fail-on', 'none',
    ]);
    expect(run.code).toBe(EXIT.ok);
    const table = readFileSync(`${base}.txt`, 'utf8');
    expect(table).toContain('✓ attested met by Marco Liu, SRE lead on 2026-06-30');
    const md = readFileSync(`${base}.md`, 'utf8');
    expect(md).toMatch(/^\| 2\.10 \| .* \| \*\*Y\*\* \| Attestation \|$/m);
    expect(md).toMatch(/^\| 2\.9 \| .* \| \*\*Pending attestation\*\* \|/m);
    expect(md).toContain('expired on 2026-09-03');
    expect(md).toMatch(/^\| 1\.25 \| .* \| \*\*N\*\* \| AWS API \(automated\) \|$/m);
    const html = readFileSync(`${base}.html`, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Marco Liu, SRE lead');
  });

  it('scan and report take deploymentModel and failOn from --config; flags win; a bad config is one clear line', async () => {
    const dir = mkdtempSync(join(tmp, 'config-'));
    const onPrem = join(dir, 'on-prem.yaml');
    writeFileSync(onPrem, 'deploymentModel: customer-deployed-on-premises\n');
    const lenient = join(dir, 'lenient.yaml');
    writeFileSync(lenient, 'failOn: none\n');
    const na = await cli(['scan', '--snapshot', MFA_OFF, '--checks', '1.2', '--config', onPrem]);
    expect(na.stdout).toMatch(/^ {2}1\.2 +N\/A +critical/m);
    expect(na.stdout).toContain(`Config            ${onPrem}`);
    expect((await cli(['report', SAVED, '--config', lenient])).code).toBe(EXIT.ok);
    expect((await cli(['report', SAVED, '--config', lenient, '--fail-on', 'critical'])).code).toBe(EXIT.gateFailed);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'deploymentModel: multi-tenant-saas\nfailOn: sometimes\n');
    expectUsageError(await cli(['report', SAVED, '--config', bad]), `cmt-audit: ${bad}:2: failOn must be one of critical, high, medium, low, info, none`);
  });

  it('--help and --version', async () => {
    const help = await cli(['scan', '--help']);
    expect(help.code).toBe(EXIT.ok);
    for (const flag of ['--profile', '--regions', '--deployment-model', '--checks', '--skip-checks', '--format', '--output', '--snapshot', '--record', '--concurrency', '--fail-on', '--allow-errors', '--quiet', '--verbose', '--no-color', '--debug']) {
      expect(help.stdout).toContain(flag);
    }
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
