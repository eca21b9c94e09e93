// End to end, LIVE: the BUILT binary (`node bin/cmt-audit.js scan`, no --snapshot) goes through the real
// AWS SDK (credential chain, SigV4 signing, retry, Query/EC2-Query XML parsing) to whatever
// AWS_ENDPOINT_URL names, as someone scanning an emulator would. Here that is a tiny AWS look-alike on
// 127.0.0.1 (random port) that speaks just enough of the Query protocols for STS, EC2 and IAM, logs every
// request, and answers anything it does not know with AccessDenied. Nothing leaves 127.0.0.1: fake
// environment credentials, empty AWS config files, IMDS disabled, proxies unset.
// Also proven: --record writes a snapshot without secrets, and --snapshot replays it to the same results
// without a single request.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_FORMAT, type SnapshotFile } from '../../src/aws/snapshot.js';
import { EXIT } from '../../src/errors.js';
import type { CheckResult, Report } from '../../src/model.js';
import { cliSandbox, ensureBuilt, STACK, type Run } from '../support/cli-runner.js';

const ACCOUNT = '123456789012';
const CALLER_ARN = `arn:aws:iam::${ACCOUNT}:user/auditor`;
const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const ALICE_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;
// Fake credentials: the secret is only ever used to sign, it must never reach a file or the output.
const ACCESS_KEY_ID = 'AKIAFAKEE2ETESTKEY01';
const SECRET_ACCESS_KEY = 'fAkE/e2eSecretAccessKey+DoNotLeak0123456';
const SESSION_TOKEN = 'FakeSessionTokenForTheLiveEndpointTestOnly0123456789';

// ── the local AWS look-alike ──────────────────────────────────────────────────────────────────────────

/** Query APIs name their service only by Version; the SigV4 scope names it too (checked below). */
const SERVICE_BY_VERSION: Record<string, 'sts' | 'iam' | 'ec2'> = { '2011-06-15': 'sts', '2010-05-08': 'iam', '2016-11-15': 'ec2' };
const XMLNS = { sts: 'https://sts.amazonaws.com/doc/2011-06-15/', iam: 'https://iam.amazonaws.com/doc/2010-05-08/', ec2: 'http://ec2.amazonaws.com/doc/2016-11-15/' };

interface Reply {
  status: number;
  body: string;
}
interface Logged {
  service: string;
  action: string;
  /** Every parameter but Action and Version, in the order sent. */
  params: string;
  /** From the Authorization header: Credential=<key id>/<date>/<region>/<service>/aws4_request. */
  keyId?: string;
  signingRegion?: string;
  signingService?: string;
  sessionToken?: string;
  unexpected: boolean;
}

/** awsQuery (STS, IAM): <XResponse><XResult>…</XResult><ResponseMetadata/></XResponse>. */
const query = (service: 'sts' | 'iam', action: string, result: string): Reply => ({
  status: 200,
  body:
    `<${action}Response xmlns="${XMLNS[service]}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>e2e-${action}</RequestId></ResponseMetadata></${action}Response>`,
});
/** awsQuery errors: <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>. */
const queryError = (service: 'sts' | 'iam', status: number, code: string, message: string): Reply => ({
  status,
  body:
    `<ErrorResponse xmlns="${XMLNS[service]}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
    `<RequestId>e2e-error</RequestId></ErrorResponse>`,
});
/** ec2Query errors: <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>. */
const ec2Error = (status: number, code: string, message: string): Reply => ({
  status,
  body: `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>e2e-error</RequestID></Response>`,
});

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** A credential report as IAM writes it: root, one console user without MFA, one programmatic user. */
function credentialReportCsv(): string {
  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
    'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
    'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
    'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
  const noKey2 = 'false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
  return [
    header,
    `<root_account>,${ROOT_ARN},${daysAgo(900)},not_supported,no_information,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,${noKey2}`,
    `alice,${ALICE_ARN},${daysAgo(400)},true,${daysAgo(2)},${daysAgo(30)},N/A,false,false,N/A,N/A,N/A,N/A,${noKey2}`,
    `ci-bot,arn:aws:iam::${ACCOUNT}:user/ci-bot,${daysAgo(200)},false,N/A,N/A,N/A,false,true,${daysAgo(10)},${daysAgo(1)},us-east-1,s3,${noKey2}`,
  ].join('\n') + '\n';
}

/** The calls this account answers; anything else falls through to AccessDenied. */
function route(service: string, action: string, params: URLSearchParams): Reply | undefined {
  switch (`${service}:${action}`) {
    case 'sts:GetCallerIdentity':
      return query('sts', action, `<Arn>${CALLER_ARN}</Arn><UserId>AIDAE2EAUDITORUSER01</UserId><Account>${ACCOUNT}</Account>`);
    case 'ec2:DescribeRegions': {
      if (params.get('AllRegions') !== 'true') return undefined; // the scope asks for every region, opt-in ones too
      const region = (name: string, optIn: string) =>
        `<item><regionName>${name}</regionName><regionEndpoint>ec2.${name}.amazonaws.com</regionEndpoint><optInStatus>${optIn}</optInStatus></item>`;
      return {
        status: 200,
        body:
          `<DescribeRegionsResponse xmlns="${XMLNS.ec2}"><requestId>e2e-regions</requestId><regionInfo>` +
          region('us-east-1', 'opt-in-not-required') +
          region('eu-west-1', 'opt-in-not-required') +
          region('ap-east-1', 'not-opted-in') +
          `</regionInfo></DescribeRegionsResponse>`,
      };
    }
    case 'iam:GetAccountSummary': {
      const entries = { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, Users: 2, MFADevices: 0 };
      const map = Object.entries(entries).map(([k, v]) => `<entry><key>${k}</key><value>${v}</value></entry>`).join('');
      return query('iam', action, `<SummaryMap>${map}</SummaryMap>`);
    }
    case 'iam:GenerateCredentialReport':
      return query('iam', action, '<State>COMPLETE</State><Description>The credential report is ready.</Description>');
    case 'iam:GetCredentialReport':
      return query(
        'iam',
        action,
        `<Content>${Buffer.from(credentialReportCsv()).toString('base64')}</Content><ReportFormat>text/csv</ReportFormat>` +
          `<GeneratedTime>${new Date().toISOString()}</GeneratedTime>`,
      );
    case 'iam:GetAccountPasswordPolicy':
      return queryError('iam', 404, 'NoSuchEntity', `The Password Policy with domain name ${ACCOUNT} cannot be found.`);
    default:
      return undefined;
  }
}

function accessDenied(service: string, action: string): Reply {
  const message = `User: ${CALLER_ARN} is not authorized to perform: ${service}:${action} on resource: *`;
  return service === 'ec2' ? ec2Error(400, 'UnauthorizedOperation', message) : queryError(service === 'sts' ? 'sts' : 'iam', 400, 'AccessDenied', message);
}

let server: Server;
let endpoint: string;
const requests: Logged[] = [];
/** Actions ("service:Action") this account's auditor is not allowed to call, for the AccessDenied case. */
const denied = new Set<string>();

function handle(req: IncomingMessage, body: string): Reply {
  const params = new URLSearchParams(body);
  const action = params.get('Action') ?? '?';
  const version = params.get('Version') ?? '?';
  const service = SERVICE_BY_VERSION[version] ?? `unknown(${version})`;
  const rest = new URLSearchParams([...params].filter(([k]) => k !== 'Action' && k !== 'Version')).toString();
  const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(req.headers.authorization ?? ''));
  const reply = req.method === 'POST' && !denied.has(`${service}:${action}`) ? route(service, action, params) : undefined;
  requests.push({
    service,
    action,
    params: rest,
    keyId: scope?.[1],
    signingRegion: scope?.[2],
    signingService: scope?.[3],
    sessionToken: req.headers['x-amz-security-token'] as string | undefined,
    unexpected: reply === undefined,
  });
  return reply ?? accessDenied(service, action);
}

// ── running the built CLI ─────────────────────────────────────────────────────────────────────────────

/** Fake env credentials; every endpoint is ours (read at each run: the server's port is known in beforeAll). */
const sandbox = cliSandbox('cmt-audit-live-', () => ({
  AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
  AWS_SESSION_TOKEN: SESSION_TOKEN,
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL: endpoint,
  AWS_MAX_ATTEMPTS: '2',
  NO_PROXY: '127.0.0.1',
}));
const { tmp } = sandbox;

/** Runs once, shared by the tests that look at it; the requests it caused are taken out of the log. */
function once(args: string[]): () => Promise<Run & { requests: Logged[] }> {
  let run: Promise<Run & { requests: Logged[] }> | undefined;
  return () =>
    (run ??= (async () => {
      requests.length = 0;
      const result = await sandbox.run(args);
      return { ...result, requests: requests.splice(0) };
    })());
}

const CHECKS = '1.1,1.2,1.4,1.5,1.7';
const RECORD = join(tmp, 'rec.json');
const DENIED_RECORD = join(tmp, 'denied.json');
const live = once(['scan', '--checks', CHECKS, '--format', 'json', '--fail-on', 'none', '--allow-errors', '--record', RECORD]);
const replay = once(['scan', '--snapshot', RECORD, '--checks', CHECKS, '--format', 'json']);

const byId = (report: Report, id: string): CheckResult => {
  const result = report.results.find((r) => r.id === id);
  if (!result) throw new Error(`no result for ${id}`);
  return result;
};
/** What a result decided, without timings. */
const decided = (report: Report) => report.results.map((r) => ({ id: r.id, status: r.status, findings: r.findings }));
/** The distinct calls of a scan of CHECKS, as callId writes them, sorted (the denied run, without 1.5, makes the same). */
const SCAN_CALLS = [
  'ec2:DescribeRegions AllRegions=true',
  'iam:GenerateCredentialReport',
  'iam:GetAccountPasswordPolicy',
  'iam:GetAccountSummary',
  'iam:GetCredentialReport',
  'sts:GetCallerIdentity',
];
const callId = (r: Logged) => `${r.service}:${r.action}${r.params ? ` ${r.params}` : ''}`;

beforeAll(async () => {
  ensureBuilt();
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const reply = handle(req, body);
      res.writeHead(reply.status, { 'content-type': 'text/xml' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  sandbox.remove();
});

// Each run starts Node and loads the data layer (about a second); runs are sequential and shared.
const SLOW = { timeout: 30_000 };

describe('cmt-audit scan, live, against AWS_ENDPOINT_URL on 127.0.0.1', SLOW, () => {
  it('reaches the endpoint through the SDK, signed with the environment credentials, each distinct call exactly once', async () => {
    const run = await live();
    expect(run.stderr).not.toMatch(STACK);
    expect(run.code).toBe(EXIT.ok); // --fail-on none --allow-errors

    // Exactly the calls the scope and the five checks need, each once although checks share them:
    // the account summary (1.1, 1.2), the credential report (1.1, 1.4, 1.5), the password policy (1.5, 1.7).
    expect(run.requests.map(callId).sort()).toEqual(SCAN_CALLS);
    expect(run.requests.filter((r) => r.unexpected)).toEqual([]);
    // Who am I and the regions come first (asked together, src/scope.ts): no check asks anything before the scan
    // knows the account.
    expect(run.requests.slice(0, 2).map((r) => r.action).sort()).toEqual(['DescribeRegions', 'GetCallerIdentity']);
    // SigV4 with the environment credentials, scoped to the right service, global services in the home region.
    for (const r of run.requests) {
      expect(r).toMatchObject({ keyId: ACCESS_KEY_ID, signingRegion: 'us-east-1', signingService: r.service, sessionToken: SESSION_TOKEN });
    }

    const report = JSON.parse(run.stdout) as Report;
    expect(report.scan.source).toBe('live');
    expect(report.scan.stats).toMatchObject({ apiCalls: 6, uniqueCalls: 6, retries: 0 });
    expect(report.scan.stats.memoHits).toBeGreaterThan(0);
  });

  it('reports the account, its enabled regions, and the items the responses decide', async () => {
    const report = JSON.parse((await live()).stdout) as Report;
    expect(report.scan.accounts).toEqual([{ id: ACCOUNT, partition: 'aws', arn: CALLER_ARN }]);
    expect(report.scan.homeRegion).toBe('us-east-1');
    expect(report.scan.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(report.scan.regionsNotEnabled).toEqual(['ap-east-1']);
    expect(report.errors).toEqual([]);
    expect(report.results.map((r) => [r.id, r.status])).toEqual([
      ['1.1', 'met'], // root never signed in, no root keys (report and AccountAccessKeysPresent agree)
      ['1.2', 'not-met'],
      ['1.4', 'not-met'],
      ['1.5', 'not-met'], // no password policy, so nothing makes passwords expire
      ['1.7', 'not-met'],
    ]);

    expect(byId(report, '1.2').findings).toEqual([
      expect.objectContaining({ status: 'not-met', resource: ROOT_ARN, account: ACCOUNT, evidence: { AccountMFAEnabled: 0 } }),
    ]);
    // Only the console user is looked at (ci-bot has no password), and it is named.
    expect(byId(report, '1.4').findings).toEqual([
      expect.objectContaining({
        status: 'not-met',
        resource: ALICE_ARN,
        message: 'alice has a console password but no MFA device.',
        evidence: { user: 'alice', passwordEnabled: true, mfaActive: false },
      }),
    ]);
    // NoSuchEntity is "no policy", not an error and not a missing permission.
    expect(byId(report, '1.7').findings).toEqual([
      expect.objectContaining({ status: 'not-met', resource: ROOT_ARN, evidence: { passwordPolicy: null } }),
    ]);
    expect(byId(report, '1.5').findings.map((f) => [f.status, f.resource])).toEqual([
      ['not-met', ROOT_ARN],
      ['met', ALICE_ARN],
      ['met', `arn:aws:iam::${ACCOUNT}:user/ci-bot`],
    ]);
  });

  it('--record writes a snapshot of every response, with no secret in it or in the output', async () => {
    const run = await live();
    expect(existsSync(RECORD)).toBe(true);
    const text = readFileSync(RECORD, 'utf8');
    const snapshot = JSON.parse(text) as SnapshotFile;
    expect(snapshot).toMatchObject({ format: SNAPSHOT_FORMAT, version: 1, homeRegion: 'us-east-1' });
    expect(Object.keys(snapshot.responses).sort()).toEqual([
      'ec2:DescribeRegions@us-east-1 {"AllRegions":true}',
      'iam:GenerateCredentialReport',
      'iam:GetAccountPasswordPolicy',
      'iam:GetAccountSummary',
      'iam:GetCredentialReport',
      'sts:GetCallerIdentity',
    ]);
    const r = snapshot.responses as Record<string, any>;
    expect(r['sts:GetCallerIdentity']).toMatchObject({ Account: ACCOUNT, Arn: CALLER_ARN });
    expect(r['iam:GetAccountSummary']).toMatchObject({ SummaryMap: { AccountMFAEnabled: 0 } });
    expect(r['iam:GetAccountPasswordPolicy']).toEqual({ $error: { name: 'NoSuchEntityException', code: 'NoSuchEntity', httpStatusCode: 404 } });
    expect(r['iam:GetCredentialReport'].Content.$utf8).toContain(`alice,${ALICE_ARN},`);
    expect(text).not.toContain('$metadata');
    for (const secret of [SECRET_ACCESS_KEY, SESSION_TOKEN, ACCESS_KEY_ID]) {
      expect(text).not.toContain(secret);
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  });

  it('--snapshot replays the recording to the same statuses and findings, with no request at all', async () => {
    const recorded = JSON.parse((await live()).stdout) as Report;
    const run = await replay();
    expect(run.stderr).not.toMatch(STACK);
    expect(run.requests).toEqual([]);
    expect(run.code).toBe(EXIT.gateFailed); // default --fail-on critical: 1.2 is critical and not met
    const report = JSON.parse(run.stdout) as Report;
    expect(report.scan).toMatchObject({ source: 'snapshot', snapshot: RECORD, homeRegion: 'us-east-1', regions: recorded.scan.regions });
    expect(report.scan.accounts).toEqual(recorded.scan.accounts);
    expect(report.scan.regionsNotEnabled).toEqual(recorded.scan.regionsNotEnabled);
    expect(report.scan.stats.apiCalls).toBe(0);
    expect(decided(report)).toEqual(decided(recorded));
    expect(report.errors).toEqual(recorded.errors);
  });

  it('AccessDenied on iam:GetAccountSummary: those items end in error naming the permission, the rest is decided, exit 4', async () => {
    denied.add('iam:GetAccountSummary');
    let run: Run & { requests: Logged[] };
    try {
      run = await once(['scan', '--checks', '1.1,1.2,1.4,1.7', '--format', 'json', '--fail-on', 'none', '--record', DENIED_RECORD])();
    } finally {
      denied.clear();
    }
    expect(run.stderr).not.toMatch(STACK);
    // --fail-on none turns off the gate, not the check for errors: without --allow-errors, incomplete.
    expect(run.code).toBe(EXIT.incomplete);
    // Denied once and not retried (AccessDenied is final), the other calls answered as before.
    expect(run.requests.filter((r) => r.unexpected).map(callId)).toEqual(['iam:GetAccountSummary']);
    expect(run.requests.map(callId).sort()).toEqual(SCAN_CALLS);

    const report = JSON.parse(run.stdout) as Report;
    const mfa = byId(report, '1.2');
    expect(mfa.status).toBe('error');
    expect(mfa.findings).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: 'iam:GetAccountSummary', // the engine names the call that failed
        account: ACCOUNT,
        message: 'could not tell: missing permission iam:GetAccountSummary',
        missingPermission: 'iam:GetAccountSummary',
        errorKind: 'missing-permission',
      }),
    ]);
    expect(report.errors).toContainEqual(
      expect.objectContaining({ checkId: '1.2', kind: 'missing-permission', missingPermission: 'iam:GetAccountSummary' }),
    );
    // 1.1 reads the summary too: its credential-report verdict stands, the summary part is an error.
    expect(byId(report, '1.1').findings.find((f) => f.status === 'error')).toMatchObject({ missingPermission: 'iam:GetAccountSummary' });
    expect(byId(report, '1.4').status).toBe('not-met');
    expect(byId(report, '1.7').status).toBe('not-met');

    // The denial is recorded like any response, and replays as the same error with no request.
    const snapshot = JSON.parse(readFileSync(DENIED_RECORD, 'utf8')) as SnapshotFile;
    expect(snapshot.responses['iam:GetAccountSummary']).toMatchObject({ $error: { name: 'AccessDenied', httpStatusCode: 400 } });
    const again = await once(['scan', '--snapshot', DENIED_RECORD, '--checks', '1.1,1.2,1.4,1.7', '--format', 'json', '--fail-on', 'none'])();
    expect(again.requests).toEqual([]);
    expect(again.code).toBe(EXIT.incomplete);
    expect(decided(JSON.parse(again.stdout) as Report)).toEqual(decided(report));
  });
});
