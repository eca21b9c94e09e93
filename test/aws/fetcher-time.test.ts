// Bounded time and honest counts, at the HTTP level: real SDK clients (IAM, Query protocol) against a local
// server on 127.0.0.1 that answers, throttles, fails or never answers, as scripted per request.
// - every attempt is bounded by the request timeout (the SDK's NodeHttpHandler);
// - every request, all its retries included, by the retry budget (RETRY_BUDGET_FACTOR × request timeout),
//   whatever maxAttempts (AWS_MAX_ATTEMPTS) says;
// - everything by the scan's deadline signal;
// - stats count requests sent, retries, and requests that met throttling (HTTP 429 included), once each;
// - failures read as one line: "HTTP 500 from iam GetAccountSummary", never the SDK's deserialization hint.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetAccountSummaryCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_REQUEST_TIMEOUT_MS, Fetcher, RETRY_BUDGET_FACTOR } from '../../src/aws/fetcher.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { createAwsData } from '../../src/aws/index.js';
import rootAccountMfa from '../../src/checks/security/root-account-mfa.js';
import { runChecks } from '../../src/engine.js';
import { AwsDataError, Throttled, TimedOut } from '../../src/errors.js';
import { engineContext, liveFetcher } from '../support/check-tester.js';

type Reply = { status: number; body: string; headers?: Record<string, string> } | 'hang' | 'headers-only';
const xmlError = (code: string, message: string, status: number): Reply => ({
  status,
  body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
  headers: { 'content-type': 'text/xml' },
});
const THROTTLING = xmlError('Throttling', 'Rate exceeded', 400);
const SUMMARY: Reply = {
  status: 200,
  headers: { 'content-type': 'text/xml' },
  body:
    '<GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountSummaryResult><SummaryMap>' +
    '<entry><key>AccountMFAEnabled</key><value>1</value></entry></SummaryMap></GetAccountSummaryResult>' +
    '<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetAccountSummaryResponse>',
};

let server: Server;
let endpoint: string;
/** Replies in order; the last one repeats. */
let script: Reply[] = [];
let requests = 0;
const open: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      const reply = script.length > 1 ? script.shift()! : script[0];
      if (reply === 'hang') return void open.push(res);
      if (reply === 'headers-only') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.write('<GetAccountSummaryResponse');
        return void open.push(res);
      }
      res.writeHead(reply.status, reply.headers ?? {}).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let fetchers: Fetcher[] = [];
beforeEach(() => {
  script = [];
  requests = 0;
  fetchers = [];
});
afterEach(() => {
  for (const f of fetchers) f.destroy();
  for (const res of open.splice(0)) res.destroy();
});

/** Standard retries (no adaptive slow-down), `attempts` of them, against the local server. */
function fetcher(opts: { requestTimeoutMs?: number; attempts?: number; signal?: AbortSignal } = {}): Fetcher {
  const f = liveFetcher({
    requestTimeoutMs: opts.requestTimeoutMs,
    signal: opts.signal,
    clientConfig: { endpoint, retryMode: 'standard', maxAttempts: opts.attempts ?? 3 },
  });
  fetchers.push(f);
  return f;
}

const failure = (promise: Promise<unknown>) => promise.then(
  () => {
    throw new Error('expected the call to fail');
  },
  (err: unknown) => err as AwsDataError,
);

async function elapsed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const value = await work();
  return [value, Date.now() - started];
}

describe('every attempt is bounded by the request timeout', () => {
  it('an endpoint that never answers: each attempt times out, the call is retried, then fails as a timeout', async () => {
    script = ['hang'];
    const f = fetcher({ requestTimeoutMs: 300, attempts: 2 });
    const [err, ms] = await elapsed(() => failure(f.call('iam', 'GetAccountSummary')));
    expect(err).toBeInstanceOf(TimedOut);
    expect(err.message).toBe('no answer from iam GetAccountSummary: the request timed out (2 attempts)');
    expect(err.kind).toBe('timeout');
    expect(requests).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(550); // 2 × 300 ms; the message says the budget (1.2 s) was not what ended it
    expect(f.stats).toMatchObject({ apiCalls: 2, retries: 1, throttled: 0 });
  });

  it('headers, then a body that never ends: the silence times out too', async () => {
    script = ['headers-only'];
    const f = fetcher({ requestTimeoutMs: 300, attempts: 1 });
    const err = await failure(f.call('iam', 'GetAccountSummary'));
    expect(err).toBeInstanceOf(TimedOut);
    expect(requests).toBe(1);
  });

  it('a timed-out call is not recorded for --record (a replay would report a timeout that never happens there)', async () => {
    script = ['hang'];
    const f = liveFetcher({ record: true, requestTimeoutMs: 200, clientConfig: { endpoint, maxAttempts: 1 } });
    fetchers.push(f);
    await failure(f.call('iam', 'GetAccountSummary'));
    expect(f.recorded).toEqual({});
  });

  it('the timeout is per attempt, not per call: a slow retry still succeeds', async () => {
    script = ['hang', SUMMARY];
    const f = fetcher({ requestTimeoutMs: 300, attempts: 3 });
    expect(await createAwsData(f).iam.accountSummary()).toEqual({ AccountMFAEnabled: 1 });
    expect(f.stats).toMatchObject({ apiCalls: 2, retries: 1, throttled: 0 });
  });

  it('the default request timeout is 15 s, and a request gives up 4 of them (60 s) after it started', () => {
    expect(DEFAULT_REQUEST_TIMEOUT_MS).toBe(15_000);
    expect(RETRY_BUDGET_FACTOR).toBe(4);
    expect(liveFetcher().retryBudgetMs).toBe(60_000);
    expect(liveFetcher({ requestTimeoutMs: 500 }).retryBudgetMs).toBe(2000);
  });

  it('a request timeout that is not a positive number is refused', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => liveFetcher({ requestTimeoutMs: bad })).toThrow(/the request timeout must be more than 0/);
    }
  });
});

describe('every request, its retries included, is bounded by the retry budget whatever AWS_MAX_ATTEMPTS says', () => {
  it('never answering, 50 attempts allowed: abandoned after 4 request timeouts', async () => {
    script = ['hang'];
    const f = fetcher({ requestTimeoutMs: 250, attempts: 50 });
    const [err, ms] = await elapsed(() => failure(f.call('iam', 'GetAccountSummary')));
    expect(err).toBeInstanceOf(TimedOut);
    expect(err.message).toMatch(/^no answer from iam GetAccountSummary: gave up after 1 s of retries \([3-4] attempts\)$/);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(5000); // 50 attempts of 250 ms would take 12.5 s
    expect(requests).toBeLessThanOrEqual(4);
  });

  it('throttled on every attempt, 50 attempts allowed: Throttled once the budget is spent, counted once', async () => {
    script = [THROTTLING];
    const f = fetcher({ requestTimeoutMs: 300, attempts: 50 });
    const [err, ms] = await elapsed(() => failure(f.call('iam', 'GetAccountSummary')));
    expect(err).toBeInstanceOf(Throttled);
    expect(err.message).toMatch(/^iam:GetAccountSummary still throttled: gave up after 1\.2 s of retries \(\d+ attempts?\)$/);
    expect(ms).toBeLessThan(5000); // the SDK's throttling backoff alone could reach 20 s per retry
    expect(f.stats.throttled).toBe(1);
    // Every attempt the server saw is counted; on a busy machine the budget may also abort one attempt after it
    // started and before it reached the server: counted too (the scanner made it), never more than that one.
    expect(f.stats.apiCalls - requests).toBeGreaterThanOrEqual(0);
    expect(f.stats.apiCalls - requests).toBeLessThanOrEqual(1);
    expect(f.stats.retries).toBe(f.stats.apiCalls - 1);
  });

  it('HTTP 500 on every attempt: the last answer, and that the budget ran out', async () => {
    script = [{ status: 500, body: 'upstream overloaded', headers: { 'content-type': 'text/plain' } }];
    const f = fetcher({ requestTimeoutMs: 200, attempts: 1000 });
    const err = await failure(f.call('iam', 'GetAccountSummary'));
    expect(err).toBeInstanceOf(AwsDataError);
    expect(err.kind).toBe('aws');
    expect(err.message).toMatch(/^HTTP 500 from iam GetAccountSummary: upstream overloaded; gave up after 0\.8 s of retries \(\d+ attempts\)$/);
  });
});

describe('the scan deadline', () => {
  it('abandons a call in flight with the reason it was aborted with, and fails later calls at once', async () => {
    script = ['hang'];
    const deadline = new AbortController();
    const f = fetcher({ requestTimeoutMs: 10_000, signal: deadline.signal });
    const pending = failure(f.call('iam', 'GetAccountSummary'));
    setTimeout(() => deadline.abort(new TimedOut('timed out: the time limit passed', 'scan')), 100);
    const [err, ms] = await elapsed(() => pending);
    expect(err).toBeInstanceOf(TimedOut);
    expect(err.message).toBe('timed out: the time limit passed');
    expect(err.call).toBe('iam:GetAccountSummary');
    expect(ms).toBeLessThan(1000);

    const seen = requests;
    const later = await failure(f.call('iam', 'ListUsers'));
    expect(later).toBeInstanceOf(TimedOut);
    expect(later.message).toBe('timed out: the time limit passed');
    expect(requests).toBe(seen);
  });

  it('a deadline aborted without a reason of ours still reads as the deadline', async () => {
    const deadline = new AbortController();
    deadline.abort();
    const err = await failure(fetcher({ signal: deadline.signal }).call('iam', 'GetAccountSummary'));
    expect(err).toBeInstanceOf(TimedOut);
    expect(err.message).toBe('timed out: the scan deadline passed');
    expect(requests).toBe(0);
  });

  it('cuts a repeatUntil poll short (the credential report is polled with backoff)', async () => {
    script = [{ status: 200, headers: { 'content-type': 'text/xml' }, body: '<GenerateCredentialReportResponse><GenerateCredentialReportResult><State>STARTED</State></GenerateCredentialReportResult></GenerateCredentialReportResponse>' }];
    const deadline = new AbortController();
    const f = liveFetcher({ signal: deadline.signal, pollDelayMs: 60_000, clientConfig: { endpoint, maxAttempts: 1 } });
    fetchers.push(f);
    const pending = failure(createAwsData(f).iam.credentialReport());
    setTimeout(() => deadline.abort(new TimedOut('timed out: the time limit passed', 'scan')), 300);
    const [err, ms] = await elapsed(() => pending);
    expect(err).toBeInstanceOf(TimedOut);
    expect(ms).toBeLessThan(3000);
  });
});

describe('the counters: requests, retries, throttled', () => {
  const run = (f: Fetcher) => runChecks({ checks: [rootAccountMfa], only: ['1.2'], context: engineContext(f) });

  it('throttled, then answered: met (never a failed check), one request throttled, one retry', async () => {
    script = [THROTTLING, SUMMARY];
    const f = fetcher();
    const { results } = await run(f);
    expect(results[0].status).toBe('met');
    expect(f.stats).toEqual({ apiCalls: 2, uniqueCalls: 1, memoHits: 0, retries: 1, throttled: 1 });
  });

  it('HTTP 429 with no body is throttling too: retried, counted, and Throttled when it never stops', async () => {
    script = [{ status: 429, body: '' }, SUMMARY];
    const f = fetcher();
    expect(await createAwsData(f).iam.accountSummary()).toEqual({ AccountMFAEnabled: 1 });
    expect(f.stats).toMatchObject({ apiCalls: 2, retries: 1, throttled: 1 });

    script = [{ status: 429, body: '<html>Too Many Requests</html>', headers: { 'content-type': 'text/html' } }];
    const g = fetcher({ attempts: 2 });
    const err = await failure(g.call('iam', 'GetAccountSummary'));
    expect(err).toBeInstanceOf(Throttled);
    expect(err.message).toBe('iam:GetAccountSummary still throttled after retries (HTTP 429) (2 attempts)');
    const { results } = await run(g);
    expect(results[0].findings[0]).toMatchObject({ status: 'error', errorKind: 'throttled' });
    expect(g.stats).toMatchObject({ apiCalls: 2, retries: 1, throttled: 1 });
  });

  it('a retried HTTP 500 is a retry, not a throttle', async () => {
    script = [{ status: 500, body: '' }, SUMMARY];
    const f = fetcher();
    await createAwsData(f).iam.accountSummary();
    expect(f.stats).toMatchObject({ apiCalls: 2, retries: 1, throttled: 0 });
  });

  it('throttled twice in one request counts that request once; two throttled requests count two', async () => {
    script = [THROTTLING, THROTTLING, SUMMARY, THROTTLING, xmlError('NoSuchEntity', 'none', 404)];
    const f = fetcher({ attempts: 5 });
    const aws = createAwsData(f);
    await aws.iam.accountSummary();
    expect(await aws.iam.passwordPolicy()).toBeUndefined();
    expect(f.stats).toMatchObject({ apiCalls: 5, retries: 3, throttled: 2, uniqueCalls: 2 });
  });
});

describe('failures read as one line', () => {
  it('an HTML error page: "HTTP 502 from iam GetAccountSummary", not the SDK\'s deserialization hint', async () => {
    script = [{ status: 502, body: '<html><body><h1>502 Bad Gateway</h1>nginx</body></html>', headers: { 'content-type': 'text/html' } }];
    const err = await failure(fetcher({ attempts: 1 }).call('iam', 'GetAccountSummary'));
    expect(err.message).toBe('HTTP 502 from iam GetAccountSummary');
  });

  it('a body with markup and terminal escape codes: its text only, on one line', async () => {
    script = [{ status: 502, body: 'upstream \x1b[31mconnect\x1b[0m error\x07\n<b>reset</b>', headers: { 'content-type': 'text/plain' } }];
    const err = await failure(fetcher({ attempts: 1 }).call('iam', 'GetAccountSummary'));
    expect(err.message).toBe('HTTP 502 from iam GetAccountSummary: upstream connect error reset');
  });

  it('a plain-text body is cut to one short line', async () => {
    script = [{ status: 503, body: `upstream\r\nreset ${'x'.repeat(5000)}`, headers: { 'content-type': 'text/plain' } }];
    const err = await failure(fetcher({ attempts: 1 }).call('iam', 'GetAccountSummary'));
    expect(err.message).toMatch(/^HTTP 503 from iam GetAccountSummary: upstream reset x+…$/);
    expect(err.message.length).toBeLessThan(170);
  });

  it('an empty 500 the SDK calls "Unknown": the status and the call', async () => {
    script = [{ status: 500, body: '' }];
    const err = await failure(fetcher({ attempts: 1 }).call('iam', 'GetAccountSummary'));
    expect(err.message).toBe('HTTP 500 from iam GetAccountSummary');
  });

  it('a 200 the SDK cannot read is named as such', async () => {
    script = [{ status: 200, body: 'not xml at all', headers: { 'content-type': 'text/xml' } }];
    const err = await failure(fetcher({ attempts: 1 }).call('iam', 'GetAccountSummary'));
    expect(err.message).toBe('unreadable answer (HTTP 200) from iam GetAccountSummary: not xml at all');
  });

  it('a real AWS error keeps its code and message', async () => {
    script = [xmlError('InternalFailure', 'We encountered an internal error', 500)];
    const err = await failure(fetcher({ attempts: 2 }).call('iam', 'GetAccountSummary'));
    expect(err.message).toBe('iam:GetAccountSummary failed: InternalFailure: We encountered an internal error (2 attempts)');
  });
});

// The same rules where the SDK's middleware does not run (Client#send stubbed): counting falls back on the
// output's $metadata, and the fetcher's own timers and checks still hold.
describe('with the client stubbed', () => {
  let iam: ReturnType<typeof mockClient>;
  beforeEach(() => {
    iam = mockClient(IAMClient);
  });
  afterEach(() => {
    iam.restore();
    vi.useRealTimers();
  });

  it('counts attempts from $metadata when no attempt was seen: 3 attempts are 3 requests, 2 retries', async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: {}, $metadata: { attempts: 3 } });
    const f = liveFetcher();
    await f.call('iam', 'GetAccountSummary');
    expect(f.stats).toMatchObject({ apiCalls: 3, retries: 2, throttled: 0 });
  });

  it('a throttled failure it never saw is counted once as throttled', async () => {
    iam.on(GetAccountSummaryCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400, attempts: 2 } }));
    const f = liveFetcher();
    expect(await failure(f.call('iam', 'GetAccountSummary'))).toBeInstanceOf(Throttled);
    expect(f.stats).toMatchObject({ apiCalls: 2, retries: 1, throttled: 1 });
  });

  it('a send that never settles is abandoned at the budget, as having had no answer at all', async () => {
    iam.on(GetAccountSummaryCommand).callsFake(() => new Promise(() => undefined));
    const f = liveFetcher({ requestTimeoutMs: 50 });
    const err = await failure(f.call('iam', 'GetAccountSummary'));
    expect(err).toBeInstanceOf(TimedOut);
    expect(err.message).toBe('no answer from iam GetAccountSummary: gave up after 0.2 s of retries (0 attempts)');
    expect(f.stats).toMatchObject({ apiCalls: 0, retries: 0 });
  });

  it('after the deadline nothing more is handed to the SDK', async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: {} });
    const deadline = new AbortController();
    deadline.abort(new TimedOut('timed out: the time limit passed', 'scan'));
    const err = await failure(liveFetcher({ signal: deadline.signal }).call('iam', 'GetAccountSummary'));
    expect(err.message).toBe('timed out: the time limit passed');
    expect(iam.commandCalls(GetAccountSummaryCommand)).toHaveLength(0);
  });

  it('a listing whose deadline passes between two pages: the next page is not sent', async () => {
    const deadline = new AbortController();
    iam.on(ListUsersCommand).callsFake(async (input: { Marker?: string }) => {
      if (!input.Marker) deadline.abort(new TimedOut('timed out: the time limit passed', 'scan'));
      return { Users: [], IsTruncated: true, Marker: 'next' };
    });
    const err = await failure(liveFetcher({ signal: deadline.signal }).call('iam', 'ListUsers'));
    expect(err).toBeInstanceOf(TimedOut);
    expect(iam.commandCalls(ListUsersCommand)).toHaveLength(1);
  });

  it('after the deadline, no SDK package is even loaded', async () => {
    const load = vi.fn(async () => import('@aws-sdk/client-iam'));
    const spec = { ...SERVICES.find((x) => x.name === 'iam')!, load };
    const deadline = new AbortController();
    deadline.abort(new TimedOut('timed out: the time limit passed', 'scan'));
    const f = new Fetcher({ services: [spec], homeRegion: 'us-east-1', signal: deadline.signal });
    expect((await failure(f.call('iam', 'GetAccountSummary'))).message).toBe('timed out: the time limit passed');
    expect(load).not.toHaveBeenCalled();
  });

  it('each send passes its abort signal to the SDK', async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: {} });
    await liveFetcher().call('iam', 'GetAccountSummary');
    const [, options] = iam.send.firstCall.args as unknown as [unknown, { abortSignal?: AbortSignal }];
    expect(options.abortSignal).toBeInstanceOf(AbortSignal);
    expect(options.abortSignal!.aborted).toBe(false);
  });

  it('leaves no timer behind once a call is answered (a finished scan exits at once)', async () => {
    vi.useFakeTimers();
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: {} });
    iam.on(ListUsersCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }));
    const f = liveFetcher();
    await f.call('iam', 'GetAccountSummary');
    await failure(f.call('iam', 'ListUsers')); // a failure is cleaned up too
    expect(vi.getTimerCount()).toBe(0);
  });
});
