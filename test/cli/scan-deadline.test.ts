// scan() end to end, in process: the whole-scan deadline (--timeout) and a first call that never answers.
// Replayed snapshots and tiny checks made here; a local server on 127.0.0.1 that never answers for the live cases.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_FORMAT } from '../../src/aws/snapshot.js';
import { defineCheck, met, type Check } from '../../src/checks/define-check.js';
import { DEFAULT_THRESHOLDS } from '../../src/config/thresholds.js';
import { EXIT, UserError } from '../../src/errors.js';
import { scan, type ScanOptions, type ScanProgressEvent } from '../../src/scan.js';

const ACCOUNT = '123456789012';
let dir: string;
let snapshot: string;
let server: Server;
let endpoint: string;
const held: ServerResponse[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cmt-audit-deadline-'));
  snapshot = join(dir, 'snapshot.json');
  writeFileSync(
    snapshot,
    JSON.stringify({
      format: SNAPSHOT_FORMAT,
      version: 1,
      homeRegion: 'us-east-1',
      responses: {
        'sts:GetCallerIdentity': { Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/audit`, UserId: 'AIDA' },
        'ec2:DescribeRegions@us-east-1 {"AllRegions":true}': { Regions: [{ RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }] },
      },
    }),
  );
  server = createServer((req, res) => {
    req.resume();
    held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of held) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const check = (id: string, run: () => Promise<ReturnType<typeof met>[]>): Check =>
  defineCheck({ meta: { id, kind: 'automated', scope: 'account', permissions: ['iam:GetAccountSummary'], remediation: 'n/a' }, run });
const base = (overrides: Partial<ScanOptions>): ScanOptions => ({
  deploymentModel: 'multi-tenant-saas',
  concurrency: 8,
  thresholds: DEFAULT_THRESHOLDS,
  region: 'us-east-1',
  ...overrides,
});

describe('--timeout: the whole scan', () => {
  it('passes while a check runs: that item is error (timeout), the others stand, and the report says what happened', async () => {
    const events: ScanProgressEvent[] = [];
    const started = Date.now();
    const { report, timedOut } = await scan(
      base({
        snapshot,
        only: ['1.2', '1.3'],
        timeoutMs: 300,
        checks: [check('1.2', () => new Promise(() => undefined)), check('1.3', async () => [met(`arn:aws:iam::${ACCOUNT}:root`, 'fine')])],
        onProgress: (e) => events.push(e),
      }),
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(timedOut).toBe("timed out: the scan's time limit (--timeout 0.3s) passed: 1 item did not finish and is reported as error");
    expect(report.results.map((r) => [r.id, r.status])).toEqual([
      ['1.2', 'error'],
      ['1.3', 'met'],
    ]);
    expect(report.results[0].findings).toEqual([
      expect.objectContaining({
        errorKind: 'timeout',
        message: "could not tell: timed out: the scan's time limit (--timeout 0.3s) passed before this check finished",
      }),
    ]);
    expect(report.errors).toEqual([
      expect.objectContaining({ checkId: '1.2', kind: 'timeout' }),
      { kind: 'timeout', message: timedOut },
    ]);
    expect(report.summary).toMatchObject({ error: 1, met: 1, total: 2 });
    // The first event hands over the fetcher's live counters (for the heartbeat line): by now, the scan's final ones.
    expect(events[0]).toEqual({ type: 'scan-start', stats: report.scan.stats });
    expect(report.scan.stats.uniqueCalls).toBe(2); // who the account is, and its regions
  });

  it('several unfinished items are counted', async () => {
    const never = () => new Promise<ReturnType<typeof met>[]>(() => undefined);
    const { timedOut } = await scan(base({ snapshot, only: ['1.2', '1.3'], timeoutMs: 100, checks: [check('1.2', never), check('1.3', never)] }));
    expect(timedOut).toBe("timed out: the scan's time limit (--timeout 0.1s) passed: 2 items did not finish and are reported as error");
  });

  it('a scan that finishes in time says nothing about it', async () => {
    const { report, timedOut } = await scan(
      base({ snapshot, only: ['1.3'], timeoutMs: 60_000, checks: [check('1.3', async () => [met(`arn:aws:iam::${ACCOUNT}:root`, 'fine')])] }),
    );
    expect(timedOut).toBeUndefined();
    expect(report.errors).toEqual([]);
  });
});

describe('a live scan whose first call never answers', () => {
  const live = (overrides: Partial<ScanOptions>) =>
    scan(base({ only: ['1.2'], clientConfig: { endpoint, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 2 }, ...overrides })).then(
      () => {
        throw new Error('expected the scan not to start');
      },
      (err: unknown) => err as UserError,
    );

  it('gives up after the request timeouts: one line, exit 4 (incomplete), with a hint', async () => {
    const err = await live({ requestTimeoutMs: 200 });
    expect(err).toBeInstanceOf(UserError);
    expect(err.exitCode).toBe(EXIT.incomplete);
    expect(err.message).toBe('cannot start the scan: no answer from sts GetCallerIdentity: the request timed out (2 attempts)');
    expect(err.hint).toMatch(/AWS_ENDPOINT_URL/);
  });

  it('or at the scan deadline, when that comes first', async () => {
    const err = await live({ requestTimeoutMs: 30_000, timeoutMs: 300 });
    expect(err.exitCode).toBe(EXIT.incomplete);
    expect(err.message).toBe("cannot start the scan: timed out: the scan's time limit (--timeout 0.3s) passed");
  });
});
