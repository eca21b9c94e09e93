// End to end, LIVE, on the BUILT binary: a scan never hangs and never prints an SDK stack trace, whatever
// the endpoint does. A local server on 127.0.0.1 plays AWS badly:
// - `hang`: accepts the connection, reads the request, never answers (the first call, sts:GetCallerIdentity,
//   hangs): the scan gives up in one line, exit 4;
// - `slow`: answers who the account is and its regions, then never answers anything else: the scan's
//   --timeout ends it with a partial report in every requested format, exit 4, with a heartbeat line in the
//   (non-terminal) stderr meanwhile;
// - `s3`: answers STS, EC2 regions and an empty S3 ListBuckets, with AWS_ENDPOINT_URL an IP address, which
//   S3 Control (account id in front of the host) cannot use: one clear error, no SDK stack trace, the rest of
//   the scan unaffected.
// Small --request-timeout / --timeout values keep it fast; the worst case of the defaults is computed below.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_REQUEST_TIMEOUT_MS, RETRY_BUDGET_FACTOR } from '../../src/aws/fetcher.js';
import { EXIT } from '../../src/errors.js';
import type { Report } from '../../src/model.js';
import { parseRequestTimeout } from '../../src/options.js';
import { cliSandbox, ensureBuilt, ROOT, STACK } from '../support/cli-runner.js';

const ACCOUNT = '123456789012';
type Mode = 'hang' | 'slow' | 's3';
let mode: Mode = 'hang';
let server: Server;
let endpoint: string;
const seen: string[] = [];
/** Responses held open forever (closed in afterAll). */
const held: ServerResponse[] = [];

const xml = (res: ServerResponse, body: string): void => void res.writeHead(200, { 'content-type': 'text/xml' }).end(body);

function answer(req: IncomingMessage, body: string, res: ServerResponse): void {
  const params = new URLSearchParams(body);
  const action = params.get('Action') ?? `${req.method} ${req.url}`;
  seen.push(action);
  if (mode !== 'hang' && action === 'GetCallerIdentity') {
    return xml(
      res,
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
        `<Arn>arn:aws:iam::${ACCOUNT}:user/auditor</Arn><UserId>AIDAEXAMPLE</UserId><Account>${ACCOUNT}</Account>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  }
  if (mode !== 'hang' && action === 'DescribeRegions') {
    return xml(
      res,
      `<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>1</requestId><regionInfo>` +
        `<item><regionName>us-east-1</regionName><regionEndpoint>ec2.us-east-1.amazonaws.com</regionEndpoint>` +
        `<optInStatus>opt-in-not-required</optInStatus></item></regionInfo></DescribeRegionsResponse>`,
    );
  }
  if (mode === 's3' && req.method === 'GET' && req.url?.startsWith('/?')) {
    // S3 ListBuckets (path style: the host is an IP address): no buckets.
    return xml(res, `<ListAllMyBucketsResult><Buckets></Buckets><Owner><ID>abc</ID></Owner></ListAllMyBucketsResult>`);
  }
  if (mode === 's3') {
    return void res.writeHead(403, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>');
  }
  held.push(res); // never answered
}

const sandbox = cliSandbox('cmt-audit-stuck-', () => ({
  AWS_ACCESS_KEY_ID: 'AKIAFAKESTUCKTEST001',
  AWS_SECRET_ACCESS_KEY: 'fake-secret-for-the-never-stuck-test',
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL: endpoint,
  NO_PROXY: '127.0.0.1',
}));

beforeAll(async () => {
  ensureBuilt();
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => answer(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  for (const res of held) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  sandbox.remove();
});

async function timed(args: string[], as: Mode) {
  mode = as;
  seen.length = 0;
  const started = Date.now();
  const run = await sandbox.run(args);
  return { ...run, seconds: (Date.now() - started) / 1000, seen: [...seen] };
}

describe('a scan never hangs', { timeout: 60_000 }, () => {
  it('an endpoint that accepts connections and never answers: the first call gives up in one line, exit 4', async () => {
    // --request-timeout 0.5: each attempt waits 0.5 s, and the call gives up 4 × 0.5 = 2 s after it started.
    const run = await timed(['scan', '--checks', '1.2', '--request-timeout', '0.5'], 'hang');
    expect(run.code).toBe(EXIT.incomplete);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(STACK);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^cmt-audit: cannot start the scan: no answer from sts GetCallerIdentity: (the request timed out|gave up after 2 s of retries)/);
    expect(lines.slice(1).every((l) => l.startsWith('hint: '))).toBe(true);
    // Who am I, and the regions (asked at the same time, src/scope.ts): nothing else, as the identity never came.
    expect(run.seen.filter((a) => a !== 'GetCallerIdentity' && a !== 'DescribeRegions')).toEqual([]);
    expect(run.seen.filter((a) => a === 'GetCallerIdentity').length).toBeGreaterThanOrEqual(2); // retried, within the budget
    expect(run.seconds).toBeLessThan(15); // 2 s of budget, plus starting Node on a busy machine
  });

  it('answers, then silence: --timeout ends the scan with the partial report in every format, exit 4, a heartbeat meanwhile', async () => {
    // Every item: dozens of checks wait on the deadline at once (and none may make Node warn about it).
    const out = join(sandbox.tmp, 'partial');
    const run = await timed(['scan', '--timeout', '6s', '--request-timeout', '20', '--format', 'table,json', '--output', out, '--progress-interval', '1'], 'slow');
    expect(run.stderr).not.toMatch(STACK);
    expect(run.stderr).not.toMatch(/Warning/);
    expect(run.code).toBe(EXIT.incomplete);
    // 6 s of scan, plus starting Node and loading the SDK clients of 40 checks on a busy machine; without the
    // deadline each hanging call would take its 80 s retry budget (--request-timeout 20), one after another.
    expect(run.seconds).toBeLessThan(60);

    const report = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as Report;
    expect(report.scan.accounts[0].id).toBe(ACCOUNT);
    const automated = report.results.filter((r) => r.automated && r.status !== 'not-applicable');
    expect(automated.length).toBeGreaterThan(20);
    for (const result of automated) {
      expect(result.status).toBe('error');
      expect(result.findings).toEqual([
        expect.objectContaining({
          status: 'error',
          errorKind: 'timeout',
          account: ACCOUNT,
          message: "could not tell: timed out: the scan's time limit (--timeout 6s) passed before this check finished",
        }),
      ]);
    }
    // What needs no AWS call is decided as ever (items only people can decide, items that do not apply).
    expect(report.results.filter((r) => !automated.includes(r)).every((r) => r.status === 'manual' || r.status === 'not-applicable')).toBe(true);
    const line = `timed out: the scan's time limit (--timeout 6s) passed: ${automated.length} items did not finish and are reported as error`;
    expect(report.errors).toContainEqual({ kind: 'timeout', message: line });
    expect(run.stderr).toContain(`cmt-audit: ${line}\n`);
    // stderr is a pipe here, as in CI: plain progress lines (no escape codes) show the scan is alive.
    expect(run.stderr).toMatch(
      /^cmt-audit: still scanning: (\d+\/40 items done|finding the account and its regions), \d+ API calls? \(\d+ retr(y|ies), 0 throttled\), [1-6]s elapsed$/m,
    );
    expect(run.stderr).not.toContain('\x1b');
    const table = readFileSync(`${out}.txt`, 'utf8');
    expect(table).toMatch(/^ {2}1\.2 +ERROR /m);
    expect(table).toContain('timed out');
  });
});

describe('AWS_ENDPOINT_URL an IP address', { timeout: 60_000 }, () => {
  it('S3 Control cannot use it: no SDK stack trace, no request to it, and the rest of the scan is decided', async () => {
    const run = await timed(['scan', '--checks', '1.2,1.18', '--format', 'json', '--fail-on', 'none'], 's3');
    expect(run.stderr).not.toMatch(STACK);
    expect(run.stderr).not.toContain('Failed to construct URL');
    expect(run.stderr).not.toContain('Invalid URL');
    const report = JSON.parse(run.stdout) as Report;
    // 1.18 read the buckets (none); account-level Block Public Access was refused before any request, in one line.
    const s3 = report.results.find((r) => r.id === '1.18')!;
    expect(s3.findings).toContainEqual(expect.objectContaining({ status: 'met', message: 'The account has no S3 buckets.' }));
    for (const f of s3.findings.filter((x) => x.status === 'error')) {
      expect(f).toMatchObject({ errorKind: 'endpoint' });
      expect(f.message).toBe(
        `could not tell: s3control:GetPublicAccessBlock cannot be sent to ${endpoint}: S3 Control puts the account id in front of ` +
          "the endpoint's host name, which an IP address cannot take (set AWS_ENDPOINT_URL_S3_CONTROL to a host name)",
      );
    }
    expect(run.seen.some((a) => a.includes('publicAccessBlock'))).toBe(false);
    // 1.2 reads IAM, denied by this server: an error naming the permission, as always.
    expect(report.results.find((r) => r.id === '1.2')?.findings[0]).toMatchObject({ missingPermission: 'iam:GetAccountSummary' });
    expect(run.code).toBe(EXIT.incomplete);
  });
});

describe('documented', { timeout: 60_000 }, () => {
  it('scan --help names the flags and their defaults (the progress period is for tests, hidden)', async () => {
    const help = await sandbox.run(['scan', '--help']);
    expect(help.code).toBe(EXIT.ok);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(/--request-timeout <seconds> the longest one attempt of an AWS request may take; a request with its retries gives up after 4 times that \(default: "15"\)/);
    expect(text).toMatch(/--timeout <duration> time limit for the whole scan \(90s, 15m, 1h; 0: none\).* exit 4 \(default: "30m"\)/);
    expect(text).not.toContain('--progress-interval');
  });

  it('the README flags table has both, with their defaults', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/^\| `--request-timeout <seconds>` \| `15` \| .*4 times that \(60 s by default\), whatever `AWS_MAX_ATTEMPTS` says\. \|$/m);
    expect(readme).toMatch(/^\| `--timeout <duration>` \| `30m` \| .*exit 4\. \|$/m);
  });
});

describe('the defaults end a hanging scan within 2 minutes', () => {
  it('the first call, hanging, is abandoned after its retry budget, well before 2 minutes', () => {
    // Without the budget, a call could take every attempt's timeout plus every backoff: the SDK's backoff is at most
    // 20 s per retry (MAXIMUM_RETRY_DELAY in @smithy/util-retry), plus up to 5 s more when a Retry-After header asks.
    const uncapped = DEFAULT_MAX_ATTEMPTS * DEFAULT_REQUEST_TIMEOUT_MS + (DEFAULT_MAX_ATTEMPTS - 1) * 25_000;
    const budget = RETRY_BUDGET_FACTOR * DEFAULT_REQUEST_TIMEOUT_MS;
    expect(uncapped).toBeGreaterThan(120_000); // which is why the budget exists
    expect(Math.min(uncapped, budget)).toBe(60_000);
    // The flag's default is the fetcher's, and the scan then stops: sts:GetCallerIdentity failing is fatal (exit 4).
    expect(parseRequestTimeout(undefined)).toBe(DEFAULT_REQUEST_TIMEOUT_MS);
    expect(budget + 10_000).toBeLessThan(120_000); // 10 s for Node, credentials and writing the line
  });
});
