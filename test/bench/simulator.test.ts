// The benchmark's simulated AWS (scripts/bench), at tiny size: its token buckets throttle after the burst,
// its answers reach the scanner through the real SDK (retries, error deserialization, pagination), and the
// floor formula gives the hand-computed value. The benchmark itself (npm run bench) is not run here.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

import { describe, expect, it } from 'vitest';
import { Fetcher } from '../../src/aws/fetcher.js';
import { createAwsData } from '../../src/aws/index.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { Throttled } from '../../src/errors.js';
import { Estate } from '../../scripts/bench/estate.js';
import { computeFloor } from '../../scripts/bench/floor.js';
import { TokenBucket } from '../../scripts/bench/token-bucket.js';
import { credentialsFor, requestKey, SimulatedAws, type SimModel, type UniqueRequest } from '../../scripts/bench/simulator.js';

const ACCOUNT = '123456789012';

/** A Fetcher for ACCOUNT whose every SDK client answers from `sim` (nothing is sent). */
function fetcherFor(sim: SimulatedAws, clientConfig: Record<string, unknown> = {}) {
  return new Fetcher({
    services: SERVICES,
    homeRegion: 'us-east-1',
    clientMiddleware: sim.clientMiddleware,
    clientConfig: { credentials: credentialsFor(ACCOUNT), ...clientConfig },
  });
}

/** Every API in one bucket of `burst` tokens refilled at `refill`/s; answers are the model's. */
const tiny = (model: SimModel, burst: number, refill: number) =>
  new SimulatedAws({ model, serverErrorRate: 0, latencyOf: () => 1, rateOf: () => ({ burst, refill, source: 'assumed' }) });

const groups: SimModel = {
  answer: (req) => ({ output: { SecurityGroups: [{ GroupId: String(req.input.GroupIds?.[0]), GroupName: 'g', IpPermissions: [], IpPermissionsEgress: [] }] } }),
};

describe('token bucket', () => {
  it('allows the burst at once, then one request per 1/refill seconds', () => {
    const b = new TokenBucket(3, 2, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(499)).toBe(false);
    expect(b.take(500)).toBe(true);
    expect(b.take(10_000)).toBe(true);
    expect(b.level(10_000)).toBe(2);
  });
});

describe('simulated AWS beneath the SDK retry layer', () => {
  it('answers throttling after the burst; the SDK backs off and retries, and the call succeeds', async () => {
    const sim = tiny(groups, 1, 20);
    const fetcher = fetcherFor(sim);
    const [a, b] = await Promise.all(
      ['sg-1', 'sg-2'].map((id) => fetcher.call('ec2', 'DescribeSecurityGroups', { GroupIds: [id] }, 'eu-west-1')),
    );
    expect([a.SecurityGroups[0].GroupId, b.SecurityGroups[0].GroupId]).toEqual(['sg-1', 'sg-2']);
    // One of the two met the empty bucket (RequestLimitExceeded, HTTP 503), was retried by the SDK and succeeded.
    expect(sim.stats).toMatchObject({ requests: 2, attempts: 3, throttles: 1, duplicates: 0 });
    // The fetcher's attempt counter sits above the simulator: it saw the throttled attempt and the retry.
    expect(fetcher.stats).toMatchObject({ apiCalls: 3, retries: 1, throttled: 1 });
    fetcher.destroy();
  });

  it.each([
    ['ec2', 'DescribeSecurityGroups', 'eu-west-1'],
    ['iam', 'ListSAMLProviders', undefined],
    ['cloudtrail', 'DescribeTrails', 'eu-west-1'],
    ['lambda', 'ListFunctions', 'eu-west-1'],
  ])('a throttle that outlasts the retries reaches the scanner as the SDK deserialized it: %s (Throttled)', async (service, operation, region) => {
    // (EC2 always sends its listed fields: an empty list is an empty element.)
    const sim = tiny({ answer: () => ({ output: { SecurityGroups: [] } }) }, 1, 0.001);
    const fetcher = fetcherFor(sim, { maxAttempts: 1 });
    await fetcher.call(service, operation, { MaxItems: 1 }, region);
    const err = await fetcher.call(service, operation, { MaxItems: 2 }, region).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Throttled);
    expect((err as Throttled).message).toMatch(new RegExp(`^${service}:${operation} still throttled after retries`));
    fetcher.destroy();
  });

  it('serves the estate through the SDK: pages, S3 errors that mean "absent", and every request counted once', async () => {
    const estate = new Estate({ accounts: 2, regions: 2, scale: 1 });
    const sim = new SimulatedAws({ model: estate, serverErrorRate: 0, latencyOf: () => 1 });
    const id = estate.ids[1];
    const fetcher = new Fetcher({ services: SERVICES, homeRegion: 'us-east-1', clientMiddleware: sim.clientMiddleware, clientConfig: { credentials: credentialsFor(id) } });
    const aws = createAwsData(fetcher);
    const details = await aws.iam.authorizationDetails();
    const spec = estate.account(id)!;
    // Users, groups, roles (and the scanner's own) and policies, 100 per page as IAM answers.
    expect(details.UserDetailList).toHaveLength(spec.users);
    expect(details.RoleDetailList).toHaveLength(spec.roles + 1);
    const entities = spec.users + spec.groups + spec.roles + 1 + spec.policies;
    const pages = sim.uniqueCount;
    expect(pages).toBe(Math.ceil(entities / 100));
    // Each page named the previous page's Marker: a chain of 1 ms answers, so the account's floor is its path,
    // one page after the other (not 1 ms, as if the pages could all be asked at once).
    expect(sim.floor.floor({ rates: sim.bucketRates, concurrency: 8, accountConcurrency: 1 }).accounts).toEqual([{ kind: 'path', ms: pages }]);
    const buckets = await aws.s3.buckets();
    const withoutPolicy = [];
    for (const b of buckets) if ((await aws.s3.policy(b)) === undefined) withoutPolicy.push(b.Name);
    expect(withoutPolicy.length).toBeGreaterThan(0);
    expect(estate.misrouted).toBe(0);
    expect(sim.stats.duplicates).toBe(0);
    expect(sim.stats.requests).toBe(sim.uniqueCount);
    fetcher.destroy();
  });

  it('counts a request from the earliest answer that revealed what it names, and each unique request once', async () => {
    // Two answers reveal vpc-1: the first asked answers at 40 ms, the second at 10 ms. A request naming vpc-1
    // (50 ms) could start at 10 ms: the account's floor is 60 ms, not 90.
    const latency: Record<string, number> = { Slow: 40, Fast: 10, Use: 50 };
    const sim = new SimulatedAws({
      model: { answer: (req) => ({ output: {}, reveals: req.operation === 'Use' ? [] : ['vpc-1'] }) },
      serverErrorRate: 0,
      latencyOf: (req) => latency[req.operation],
      rateOf: () => ({ burst: 100, refill: 100, source: 'assumed' }),
    });
    const ask = (operation: string, input: Record<string, unknown> = {}, attempt = 1) => sim.attempt({ account: ACCOUNT, region: 'eu-west-1', service: 'ec2', operation, input }, attempt);
    await Promise.all([ask('Slow'), ask('Fast')]);
    await ask('Use', { VpcId: 'vpc-1' });
    // A retry (attempt 2) and the same request again are not new requests.
    await ask('Use', { VpcId: 'vpc-1' }, 2);
    await ask('Use', { VpcId: 'vpc-1' });
    expect(sim.uniqueCount).toBe(3);
    expect(sim.stats).toMatchObject({ requests: 4, attempts: 5, duplicates: 1 });
    expect(sim.floor.floor({ rates: sim.bucketRates, concurrency: 8, accountConcurrency: 1 }).accounts).toEqual([{ kind: 'path', ms: 60 }]);
  });

  it('names each request by account, region, API and input (page tokens included)', () => {
    expect(requestKey({ account: ACCOUNT, region: 'eu-west-1', service: 'ec2', operation: 'DescribeVpcs', input: { NextToken: 't', MaxResults: 5 } })).toBe(
      `${ACCOUNT}|eu-west-1|ec2:DescribeVpcs|{"MaxResults":5,"NextToken":"t"}`,
    );
  });
});

describe('floor', () => {
  const req = (account: number, bucket: number, queue: number, latency: number, deps: number[][] = []): UniqueRequest => ({ account, bucket, queue, latency, deps });

  it('is the largest of the dependency path, the token buckets and the queues, per account', () => {
    // Account 0: a 3-page listing (100 ms each, chained: path 300 ms), then 25 requests on one API whose
    // bucket holds 5 tokens refilled at 10/s: (25 − 5) ÷ 10 s = 2 s after the listing, + 50 ms → 2350 ms.
    const requests = [req(0, 0, 0, 100), req(0, 0, 0, 100, [[0]]), req(0, 0, 0, 100, [[1]])];
    for (let i = 0; i < 25; i++) requests.push(req(0, 1, 1, 50, [[2]]));
    // Account 1: 40 requests of 200 ms in one queue of 4 (no dependencies, a roomy bucket): 40 × 200 ÷ 4 = 2000 ms.
    for (let i = 0; i < 40; i++) requests.push(req(1, 2, 2, 200));
    const rates = [
      { burst: 100, refill: 100 },
      { burst: 5, refill: 10 },
      { burst: 1000, refill: 1000 },
    ];
    const one = computeFloor({ requests, rates, concurrency: 4, accountConcurrency: 2 });
    expect(one.accounts.map((a) => [a.kind, a.ms])).toEqual([
      ['bucket', 2350],
      ['queue', 2000],
    ]);
    expect(one.ms).toBe(2350);
    // One account at a time: the accounts' floors add up.
    const serial = computeFloor({ requests, rates, concurrency: 4, accountConcurrency: 1 });
    expect(serial.binding).toMatchObject({ kind: 'accounts', ms: 4350 });
  });

  it('with more accounts than slots, two of the K+1 longest share a slot', () => {
    // Three accounts of 1000 ms (one request each), two at a time: Σ ÷ K = 1500 ms, but two must run one after
    // the other: 2000 ms.
    const requests = [0, 1, 2].map((a) => req(a, a, a, 1000));
    const rates = [0, 1, 2].map(() => ({ burst: 10, refill: 10 }));
    const floor = computeFloor({ requests, rates, concurrency: 8, accountConcurrency: 2 });
    expect(floor.binding).toMatchObject({ kind: 'accounts', ms: 2000, name: '3 accounts, 2 at a time: two share a slot' });
  });

  it('takes the earliest of several answers that reveal the same thing', () => {
    // Request 2 names something both 0 (100 ms) and 1 (400 ms) revealed: it can start at 100 ms.
    const requests = [req(0, 0, 0, 100), req(0, 0, 1, 400), req(0, 0, 2, 50, [[0, 1]])];
    const floor = computeFloor({ requests, rates: [{ burst: 10, refill: 10 }], concurrency: 8, accountConcurrency: 1 });
    expect(floor.ms).toBe(400);
    expect(computeFloor({ requests: [requests[0], requests[1], req(0, 0, 2, 50, [[0], [1]])], rates: [{ burst: 10, refill: 10 }], concurrency: 8, accountConcurrency: 1 }).ms).toBe(450);
  });
});
