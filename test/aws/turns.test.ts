// Requests start PER_TURN per turn of the event loop (src/aws/turns.ts), in the order they asked, so answers are
// read between turns; a slow API's requests (LookupEvents, 2 a second) start at once.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

import { describe, expect, it } from 'vitest';
import { Fetcher } from '../../src/aws/fetcher.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { PER_TURN, SLOW_RATE, turnToStart, waitingToStart } from '../../src/aws/turns.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Asks for `n` turns at once; each start is noted (in the order they happen) and costs `busyMs` of CPU. */
function ask(n: number, started: number[], busyMs = 0, urgent = false): Promise<void>[] {
  return Array.from({ length: n }, async (_, i) => {
    const wait = turnToStart(urgent);
    if (wait) await wait;
    started.push(i);
    const until = performance.now() + busyMs;
    while (performance.now() < until);
  });
}

describe('turnToStart', () => {
  it(`lets ${PER_TURN} start per turn, in the order they asked; the rest wait for the next turns`, async () => {
    await nextTurn();
    const started: number[] = [];
    const all = ask(100, started);
    expect(waitingToStart()).toBe(100 - PER_TURN);
    await nextTurn();
    expect(waitingToStart()).toBe(100 - 2 * PER_TURN);
    await nextTurn();
    expect(waitingToStart()).toBe(100 - 3 * PER_TURN);
    await Promise.all(all);
    expect(waitingToStart()).toBe(0);
    expect(started).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('reads what arrives (a timer, an answer) between turns, not after every waiting request started', async () => {
    await nextTurn();
    const started: number[] = [];
    let waitingWhenTimerFired = -1;
    let startedWhenTimerFired = -1;
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        waitingWhenTimerFired = waitingToStart();
        startedWhenTimerFired = started.length;
        resolve();
      }, 1),
    );
    // 500 requests of 0.2 ms each: 100 ms in all, at most 6.4 ms per turn.
    const all = ask(500, started, 0.2);
    await Promise.all([timer, ...all]);
    expect(startedWhenTimerFired).toBeGreaterThanOrEqual(PER_TURN);
    expect(startedWhenTimerFired).toBeLessThanOrEqual(4 * PER_TURN);
    expect(waitingWhenTimerFired).toBeGreaterThan(300);
  });

  it('never holds back an urgent request, however many wait', async () => {
    await nextTurn();
    const started: number[] = [];
    const bulk = ask(200, started);
    expect(waitingToStart()).toBe(200 - PER_TURN);
    expect(turnToStart(true)).toBeUndefined();
    expect(waitingToStart()).toBe(200 - PER_TURN);
    // Not urgent unless said so: it waits behind the others.
    const plain = turnToStart();
    expect(plain).toBeInstanceOf(Promise);
    expect(waitingToStart()).toBe(201 - PER_TURN);
    bulk.push(plain!);
    await Promise.all(bulk);
  });
});

describe('the fetcher takes turns', () => {
  it(`sends LookupEvents (2 a second, ≤ ${SLOW_RATE}) before the EC2 requests already waiting`, async () => {
    const order: string[] = [];
    const answering = (client: { middlewareStack: any }, where: { service: string; region: string }) =>
      client.middlewareStack.addRelativeTo(
        (_next: unknown, context: { commandName: string }) => async () => {
          order.push(`${where.region}/${context.commandName}`);
          return { output: { Vpcs: [], Volumes: [], Events: [], $metadata: { httpStatusCode: 200 } }, response: { statusCode: 200, headers: {} } };
        },
        { name: 'answer', relation: 'after', toMiddleware: 'cmtAuditAttempts' },
      );
    const fetcher = new Fetcher({
      services: SERVICES,
      homeRegion: 'us-east-1',
      clientConfig: { credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'secret' } },
      clientMiddleware: answering,
    });
    // Warm the clients (a client's first request waits for its SDK package and settings).
    const regions = ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'us-west-1', 'us-west-2', 'ap-south-1'];
    await Promise.all([...regions.map((r) => fetcher.call('ec2', 'DescribeVpcs', { DryRun: false }, r)), fetcher.call('cloudtrail', 'LookupEvents', { MaxResults: 1 }, 'us-east-1')]);
    order.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 600)); // LookupEvents' bucket (2 a second) refills
    await nextTurn();
    // 8 Regions × 8 at a time (--concurrency): 64 EC2 requests ask to start in one turn, then one LookupEvents.
    const ec2 = regions.flatMap((r) => Array.from({ length: 8 }, (_, i) => fetcher.call('ec2', 'DescribeVolumes', { VolumeIds: [`vol-${i}`] }, r)));
    const lookup = fetcher.call('cloudtrail', 'LookupEvents', { MaxResults: 2 }, 'us-east-1');
    await Promise.all([...ec2, lookup]);
    expect(order).toHaveLength(65);
    // It leaves with the first turn's requests, ahead of the 32 that waited.
    expect(order.indexOf('us-east-1/LookupEventsCommand')).toBeLessThanOrEqual(PER_TURN);
    fetcher.destroy();
  });
});
