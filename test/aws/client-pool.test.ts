// SDK clients shared by the accounts a thread scans (src/aws/client-pool.ts): one client per service and Region,
// yet every request signed with its own account's credentials and retried under its own account's retry
// strategy. Real SDK clients; a middleware beneath the signer and the retry loop answers instead of the network and
// notes the Authorization header each attempt was signed with.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

import { describe, expect, it } from 'vitest';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ClientPool, keepSigner, Session } from '../../src/aws/client-pool.js';
import { clientDefaults, Fetcher } from '../../src/aws/fetcher.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { CredentialsError } from '../../src/errors.js';

const keyOf = (account: string) => `AKIA${account}`;
const credentialsOf = (account: string) => async () => ({ accessKeyId: keyOf(account), secretAccessKey: `secret-${account}` });

interface Seen {
  region: string;
  operation: string;
  input: unknown;
  /** The access key id in the attempt's SigV4 Authorization header. */
  signedBy: string;
  /** The Region and service in the signature's credential scope. */
  scope: string;
  attempt: number;
}

/** Answers each attempt after a random delay (so requests of different accounts interleave), throttling `vol-throttle`. */
function answering(seen: Seen[]) {
  return (client: { middlewareStack: any }, where: { service: string; region: string }) => {
    client.middlewareStack.addRelativeTo(
      (_next: unknown, context: { commandName: string }) => async (args: { input: any; request: { headers: Record<string, string> } }) => {
        const auth = args.request.headers.authorization ?? '';
        const attempt = Number(/attempt=(\d+)/.exec(args.request.headers['amz-sdk-request'] ?? '')?.[1] ?? 1);
        seen.push({ region: where.region, operation: context.commandName, input: args.input, signedBy: /Credential=([^/]+)\//.exec(auth)?.[1] ?? '', scope: /Credential=[^/]+\/\d{8}\/([^/]+\/[^/]+)\//.exec(auth)?.[1] ?? '', attempt });
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        if (args.input?.VolumeIds?.[0] === 'vol-throttle') {
          throw Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 503 }, $fault: 'server' });
        }
        return { output: { Volumes: [], Vpcs: [], SummaryMap: {}, $metadata: { httpStatusCode: 200 } }, response: { statusCode: 200, headers: {} } };
      },
      { name: 'answer', relation: 'after', toMiddleware: 'cmtAuditAttempts' },
    );
  };
}

function pooled(seen: Seen[]) {
  return new ClientPool({ defaults: clientDefaults(5_000), config: { retryMode: 'standard', maxAttempts: 2 }, clientMiddleware: answering(seen), perRequestCredentials: true });
}

/** A command as Fetcher.send makes it (with the attempt middleware the answering one sits after). */
function command<C extends new (input: any) => any>(Command: C, input: ConstructorParameters<C>[0]) {
  const c = new Command(input);
  c.middlewareStack.add((next: (a: unknown) => unknown) => next, { step: 'deserialize', priority: 'high', name: 'cmtAuditAttempts' });
  return c;
}

const fetcherWith = (clients: ClientPool, credentials: () => Promise<{ accessKeyId: string; secretAccessKey: string }>) =>
  new Fetcher({ services: SERVICES, homeRegion: 'us-east-1', pool: { clients, credentials } });
const fetcherOn = (clients: ClientPool, account: string) => fetcherWith(clients, credentialsOf(account));

describe('ClientPool', () => {
  it('makes one client per service and Region for all accounts, and signs each request with its own account\'s key', async () => {
    const seen: Seen[] = [];
    const clients = pooled(seen);
    const accounts = ['111111111111', '222222222222', '333333333333'];
    const fetchers = accounts.map((a) => fetcherOn(clients, a));
    // Every account asks the same APIs in the same Regions at once, with inputs naming the account.
    await Promise.all(
      fetchers.flatMap((f, i) =>
        ['eu-west-1', 'us-east-2'].flatMap((region) =>
          Array.from({ length: 20 }, (_, n) => f.call('ec2', 'DescribeVolumes', { VolumeIds: [`vol-${accounts[i]}-${n}`] }, region)),
        ),
      ),
    );
    expect(clients.size).toBe(2); // ec2 in eu-west-1 and us-east-2
    expect(seen).toHaveLength(3 * 2 * 20);
    const wrong = seen.filter((s) => s.signedBy !== keyOf(/vol-(\d{12})-/.exec((s.input as { VolumeIds: string[] }).VolumeIds[0])![1]));
    expect(wrong).toEqual([]);
    clients.destroy();
  });

  it('retries under the account\'s own retry strategy: one account\'s throttled retries spend its own retry quota only', async () => {
    const seen: Seen[] = [];
    const clients = pooled(seen);
    const throttled = fetcherOn(clients, '111111111111');
    const calm = fetcherOn(clients, '222222222222');
    const [refused] = await Promise.allSettled([
      throttled.call('ec2', 'DescribeVolumes', { VolumeIds: ['vol-throttle'] }, 'eu-west-1'),
      calm.call('ec2', 'DescribeVolumes', { VolumeIds: ['vol-calm'] }, 'eu-west-1'),
    ]);
    // Throttled on both attempts (maxAttempts 2): never an answer, and the retry it spent is not given back.
    expect(refused.status).toBe('rejected');
    expect(seen.filter((s) => s.signedBy === keyOf('111111111111')).map((s) => s.attempt)).toEqual([1, 2]);
    expect(seen.filter((s) => s.signedBy === keyOf('222222222222')).map((s) => s.attempt)).toEqual([1]);
    const quota = async (f: Fetcher) => {
      const session = (f as unknown as { session: Session }).session;
      const strategies = [...session.strategies.values()];
      expect(strategies).toHaveLength(1);
      return ((await strategies[0]) as unknown as { getCapacity(): number }).getCapacity();
    };
    // The throttled retry cost its account's retry capacity; the other account's is whole.
    expect(await quota(throttled)).toBeLessThan(500);
    expect(await quota(calm)).toBe(500);
    expect(throttled.stats).toMatchObject({ apiCalls: 2, retries: 1, throttled: 1 });
    expect(calm.stats).toMatchObject({ apiCalls: 1, retries: 0, throttled: 0 });
    clients.destroy();
  });

  it('refuses a request sent through a shared client outside any account\'s session: nothing is signed', async () => {
    const seen: Seen[] = [];
    const clients = pooled(seen);
    const sdk = await import('@aws-sdk/client-ec2');
    const client = clients.client('ec2', sdk.EC2Client, 'eu-west-1');
    await expect(client.send(command(sdk.DescribeVpcsCommand, {}))).rejects.toBeInstanceOf(CredentialsError);
    expect(seen).toEqual([]);
    // In a session it goes, signed as that session's account.
    await new Session(credentialsOf('444444444444')).send(client, command(sdk.DescribeVpcsCommand, {}));
    expect(seen.map((s) => s.signedBy)).toEqual([keyOf('444444444444')]);
    clients.destroy();
  });

  it('renews an account\'s credentials once they are about to expire (an assumed role renewed mid-scan), then keeps the new ones', async () => {
    const seen: Seen[] = [];
    const clients = pooled(seen);
    let asked = 0;
    const expiring = async () => {
      asked++;
      // The first session ends in 1 minute (within the 5-minute renewal margin), the second in an hour.
      return { accessKeyId: `AKIASESSION${asked}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(Date.now() + (asked === 1 ? 60_000 : 3_600_000)) };
    };
    const f = fetcherWith(clients, expiring);
    await f.call('ec2', 'DescribeVolumes', { VolumeIds: ['vol-1'] }, 'eu-west-1');
    await f.call('ec2', 'DescribeVolumes', { VolumeIds: ['vol-2'] }, 'eu-west-1');
    await f.call('ec2', 'DescribeVolumes', { VolumeIds: ['vol-3'] }, 'eu-west-1');
    // The first session, ending within the 5-minute margin, signs the request it was fetched for and is renewed for the next.
    expect(seen.map((s) => s.signedBy)).toEqual(['AKIASESSION1', 'AKIASESSION2', 'AKIASESSION2']);
    expect(asked).toBe(2);
    clients.destroy();
  });

  it('gets an account\'s credentials before sending: a failure to get them is not retried as a failing service, and nothing is sent', async () => {
    const seen: Seen[] = [];
    const clients = pooled(seen);
    let asked = 0;
    const failing = async () => {
      asked++;
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }); // looks transient to the SDK
    };
    const f = fetcherWith(clients, failing);
    const other = fetcherOn(clients, '222222222222');
    const [failed, fine] = await Promise.allSettled([f.call('ec2', 'DescribeVpcs', {}, 'eu-west-1'), other.call('ec2', 'DescribeVpcs', {}, 'eu-west-1')]);
    expect(failed.status).toBe('rejected');
    expect(String((failed as PromiseRejectedResult).reason)).toMatch(/socket hang up/);
    expect(asked).toBe(1);
    expect(f.stats.retries).toBe(0);
    expect(fine.status).toBe('fulfilled');
    expect(seen.map((s) => s.signedBy)).toEqual([keyOf('222222222222')]);
    clients.destroy();
  });

  it('gives each account a retry strategy like the client\'s own, its settings included (DynamoDB\'s 25 ms base delay)', async () => {
    const clients = new ClientPool({ defaults: clientDefaults(5_000), perRequestCredentials: true, clientMiddleware: answering([]) });
    const sdk = await import('@aws-sdk/client-dynamodb');
    const client = clients.client('dynamodb', sdk.DynamoDBClient, 'eu-west-1');
    const session = new Session(credentialsOf('111111111111'));
    await session.send(client, command(sdk.ListTablesCommand, {}));
    const own = (await new sdk.DynamoDBClient({ region: 'eu-west-1', ...clientDefaults(5_000) }).config.retryStrategy()) as any;
    const mine = (await session.strategies.get('eu-west-1/dynamodb')) as any;
    expect(mine.constructor).toBe(own.constructor);
    expect(mine).not.toBe(own);
    expect(mine.standardRetryStrategy.baseDelay).toBe(own.standardRetryStrategy.baseDelay);
    expect(await mine.standardRetryStrategy.maxAttempts()).toBe(await own.standardRetryStrategy.maxAttempts());
    clients.destroy();
  });

  it('makes the SDK\'s signer once per client: later requests reuse it, each still signed as its own account, Region and service', async () => {
    const seen: Seen[] = [];
    const clients = pooled(seen);
    const [a, b] = [fetcherOn(clients, '111111111111'), fetcherOn(clients, '222222222222')];
    await Promise.all([
      a.call('ec2', 'DescribeVpcs', {}, 'eu-west-1'),
      b.call('ec2', 'DescribeVpcs', {}, 'eu-west-1'),
      a.call('ec2', 'DescribeVpcs', {}, 'us-east-2'),
      b.call('iam', 'GetAccountSummary', {}, 'us-east-1'),
    ]);
    const ec2 = clients.client('ec2', EC2Client, 'eu-west-1');
    expect(await ec2.config.signer()).toBe(await ec2.config.signer());
    expect(seen.map((s) => `${s.signedBy} ${s.scope}`).sort()).toEqual([
      `${keyOf('111111111111')} eu-west-1/ec2`,
      `${keyOf('111111111111')} us-east-2/ec2`,
      `${keyOf('222222222222')} eu-west-1/ec2`,
      `${keyOf('222222222222')} us-east-1/iam`,
    ]);
    clients.destroy();
  });

  it('keeps the first signer the SDK makes, but not a failure to make one: the next request asks again', async () => {
    let calls = 0;
    const signer = { sign: async (r: unknown) => r };
    const client = {
      config: {
        signer: async () => {
          if (++calls === 1) throw new Error('region provider failed');
          return signer;
        },
      },
    };
    keepSigner(client);
    await expect(client.config.signer()).rejects.toThrow('region provider failed');
    expect(await client.config.signer()).toBe(signer);
    expect(await client.config.signer()).toBe(signer);
    expect(calls).toBe(2);
  });

  it('leaves shared clients alone when one account\'s fetcher is done; the pool releases them', async () => {
    const seen: Seen[] = [];
    const clients = pooled(seen);
    const a = fetcherOn(clients, '111111111111');
    await a.call('ec2', 'DescribeVpcs', {}, 'eu-west-1');
    a.destroy();
    expect(clients.size).toBe(1);
    const b = fetcherOn(clients, '222222222222');
    await b.call('ec2', 'DescribeVpcs', {}, 'eu-west-1');
    expect(seen.map((s) => s.signedBy)).toEqual([keyOf('111111111111'), keyOf('222222222222')]);
    clients.destroy();
    expect(clients.size).toBe(0);
  });
});
