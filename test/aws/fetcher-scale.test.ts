// What the fetcher does for large scans: it paces an API with a published rate to that rate (per account,
// Region and API), and it releases a finished request (nothing of it stays reachable from the scan's deadline
// signal). Real SDK clients; a middleware beneath the fetcher's attempt counter answers instead of the network.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Fetcher, PACE_JITTER_MS, pacer } from '../../src/aws/fetcher.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { MissingPermission } from '../../src/errors.js';

const credentials = { accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'secret' };

/** A clientMiddleware answering every attempt at once (or failing it), and noting when each attempt started. */
function answering(starts: { key: string; at: number }[], fail?: () => Error) {
  return (client: { middlewareStack: any }, where: { service: string; region: string }) => {
    client.middlewareStack.addRelativeTo(
      (_next: unknown, context: { commandName: string }) => async (args: { input: unknown }) => {
        starts.push({ key: `${where.region}/${context.commandName}/${JSON.stringify(args.input)}`, at: performance.now() });
        if (fail) throw fail();
        // The listed fields the APIs used here always send (an empty list is an empty element).
        return { output: { Volumes: [], Vpcs: [], Events: [], $metadata: { httpStatusCode: 200 } }, response: { statusCode: 200, headers: {} } };
      },
      { name: 'answer', relation: 'after', toMiddleware: 'cmtAuditAttempts' },
    );
  };
}

describe('pacer', () => {
  it('lets the burst through at once (less what refills in the jitter allowance), then one per 1/perSecond', async () => {
    const take = pacer({ burst: 10, perSecond: 20 });
    // 10 − 20 × 0.25 = 5 tokens at once, then one every 50 ms.
    expect(10 - 20 * (PACE_JITTER_MS / 1000)).toBe(5);
    const t0 = performance.now();
    const at = await Promise.all(Array.from({ length: 7 }, () => take().then(() => performance.now() - t0)));
    expect(Math.max(...at.slice(0, 5))).toBeLessThan(40);
    expect(at[5]).toBeGreaterThanOrEqual(49);
    expect(at[6]).toBeGreaterThanOrEqual(99);
    // In order.
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('never holds back a bucket of one', async () => {
    const take = pacer({ burst: 1, perSecond: 1000 });
    await take();
    await take();
  });
});

describe('Fetcher pacing', () => {
  it('sends an EC2 API at most at its published rate (100 at once, then 20/s), per Region and API', async () => {
    const starts: { key: string; at: number }[] = [];
    const fetcher = new Fetcher({ services: SERVICES, homeRegion: 'us-east-1', concurrency: 200, clientConfig: { credentials }, clientMiddleware: answering(starts) });
    const t0 = performance.now();
    // 97 distinct requests to one API in one Region: 95 go at once (100 less 20/s × 250 ms), then 50 ms apart.
    await Promise.all(Array.from({ length: 97 }, (_, i) => fetcher.call('ec2', 'DescribeVolumes', { VolumeIds: [`vol-${i}`] }, 'eu-west-1')));
    const paced = starts.map((s) => s.at - t0).sort((a, b) => a - b);
    expect(paced).toHaveLength(97);
    expect(paced[96] - paced[0]).toBeGreaterThanOrEqual(95);
    // Another API, and the same API in another Region, have buckets of their own: not held back.
    const t1 = performance.now();
    await Promise.all([
      fetcher.call('ec2', 'DescribeVpcs', {}, 'eu-west-1'),
      fetcher.call('ec2', 'DescribeVolumes', { VolumeIds: ['vol-x'] }, 'eu-west-2'),
    ]);
    expect(performance.now() - t1).toBeLessThan(45);
    fetcher.destroy();
  });

  it('paces LookupEvents (2 per second) apart from the rest of CloudTrail', async () => {
    const starts: { key: string; at: number }[] = [];
    const fetcher = new Fetcher({ services: SERVICES, homeRegion: 'us-east-1', clientConfig: { credentials }, clientMiddleware: answering(starts) });
    const t0 = performance.now();
    // A bucket of 2 less 2/s × 250 ms = 1.5: one at once, the next 250 ms later.
    await Promise.all([0, 1].map((i) => fetcher.call('cloudtrail', 'LookupEvents', { MaxResults: 50 + i }, 'us-east-1')));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(245);
    fetcher.destroy();
  });
});

describe('Fetcher clients', () => {
  it("share the first client's HTTP handler and FIPS / dual-stack settings, as the environment gives them", async () => {
    const made: any[] = [];
    const answer = answering([]);
    const keep = (client: { middlewareStack: any }, where: { service: string; region: string }) => {
      made.push(client);
      answer(client, where);
    };
    const before = process.env.AWS_USE_FIPS_ENDPOINT;
    process.env.AWS_USE_FIPS_ENDPOINT = 'true';
    try {
      const fetcher = new Fetcher({ services: SERVICES, homeRegion: 'us-east-1', clientConfig: { credentials }, clientMiddleware: keep });
      await fetcher.call('ec2', 'DescribeVpcs', {}, 'us-east-1');
      await fetcher.call('ec2', 'DescribeVpcs', {}, 'us-east-2');
      await fetcher.call('cloudtrail', 'LookupEvents', {}, 'us-west-2');
      expect(made).toHaveLength(3);
      expect(made[1].config.requestHandler).toBe(made[0].config.requestHandler);
      expect(made[2].config.requestHandler).toBe(made[0].config.requestHandler);
      // What the environment said reaches every client (each would otherwise have read it again).
      expect(await Promise.all(made.map((c) => c.config.useFipsEndpoint()))).toEqual([true, true, true]);
      expect(await Promise.all(made.map((c) => c.config.useDualstackEndpoint()))).toEqual([false, false, false]);
      // The shared handler keeps the request timeout every client needs.
      expect(made[2].config.requestHandler.config ?? (await made[2].config.requestHandler.configProvider)).toMatchObject({ requestTimeout: 15_000 });
      fetcher.destroy();
    } finally {
      if (before === undefined) delete process.env.AWS_USE_FIPS_ENDPOINT;
      else process.env.AWS_USE_FIPS_ENDPOINT = before;
    }
  });
});

describe('Fetcher release', () => {
  it('keeps nothing of a finished account reachable from the scan-wide deadline signal', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const deadline = new AbortController();
    const deny = () => Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const account = async () => {
      const fetcher = new Fetcher({ services: SERVICES, homeRegion: 'us-east-1', signal: deadline.signal, clientConfig: { credentials, maxAttempts: 1 }, clientMiddleware: answering([], deny) });
      // A failure's stack trace holds the fetcher (its frames' receivers): the worst case.
      const failed = await fetcher.call('iam', 'GetAccountSummary').then(
        () => false,
        (err: unknown) => err instanceof MissingPermission,
      );
      if (!failed) throw new Error('expected the call to fail with MissingPermission');
      fetcher.destroy();
      return new WeakRef(fetcher);
    };
    // The SDK caches its first read of the shared config files for good (a missing file's error included, with
    // the stack that read it): let another account be first.
    await account();
    const released = await account();
    // deref() keeps its target alive until the current job ends: collect first, look in a later job.
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      gc();
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(released.deref()).toBeUndefined();
    expect(deadline.signal.aborted).toBe(false);
  });
});
