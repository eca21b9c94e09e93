// keepSigner and keepMiddlewareOrder (src/aws/client-pool.ts, src/aws/middleware-order.ts) change no signed byte: the same commands go through two identical clients,
// one keeping its first signer and its middleware order and one not, and every request's method, host, path, query and headers
// (Authorization included) are compared: S3 (virtual-hosted and path-style buckets, keys that need escaping, two
// Regions), S3 Control (account host prefix), IAM and CloudFront (global, signed in us-east-1), EC2, STS, and the
// older 3.523 clients (DRS, FIS, Resilience Hub), several at once, for SessionSigner and for the SDK's own signer,
// with credentials that change and a clock-skew correction between requests. Real SDK clients; a middleware
// beneath the signer notes each request and answers instead of the network.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { S3Client, GetBucketPolicyCommand, ListBucketsCommand, GetObjectCommand, GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import { S3ControlClient, GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { IAMClient, GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import { EC2Client, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DrsClient, DescribeSourceServersCommand } from '@aws-sdk/client-drs';
import { FisClient, ListExperimentTemplatesCommand } from '@aws-sdk/client-fis';
import { ResiliencehubClient, ListAppsCommand } from '@aws-sdk/client-resiliencehub';
import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { keepSigner, Session, SessionSigner } from '../../src/aws/client-pool.js';
import { keepMiddlewareOrder } from '../../src/aws/middleware-order.js';

type Capture = string[];
async function settle(ps: Promise<unknown>[]) {
  for (const r of await Promise.allSettled(ps)) if (r.status === 'rejected' && (r.reason as Error).name !== 'Captured') throw r.reason;
}

function answering(client: any, seen: Capture) {
  client.middlewareStack.add(
    () => async (args: { request: { method: string; hostname: string; path: string; query: unknown; headers: Record<string, string> } }) => {
      const r = args.request;
      seen.push(JSON.stringify([r.method, r.hostname, r.path, r.query, Object.entries(r.headers).filter(([k]) => k !== 'amz-sdk-invocation-id').sort()]));
      throw Object.assign(new Error('captured'), { name: 'Captured', $metadata: {} });
    },
    { step: 'deserialize', priority: 'low', name: 'answerHere' },
  );
  // The invocation id (random, signed) fixed, so two runs can give the same signatures.
  client.middlewareStack.addRelativeTo(
    (next: any) => async (args: any) => {
      args.request.headers['amz-sdk-invocation-id'] = 'fixed';
      return next(args);
    },
    { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'fixedInvocation' },
  );
}

const COMMANDS: [any, string, () => any][] = [
  [S3Client, 'us-east-1', () => new GetBucketPolicyCommand({ Bucket: 'plain-bucket' })],
  [S3Client, 'us-east-1', () => new GetBucketPolicyCommand({ Bucket: 'dotted.bucket.name' })],
  [S3Client, 'us-east-1', () => new GetObjectCommand({ Bucket: 'plain-bucket', Key: 'a b/ç%2F../x?y=z' })],
  [S3Client, 'us-east-1', () => new ListBucketsCommand({ MaxBuckets: 10 })],
  [S3Client, 'eu-west-1', () => new GetBucketVersioningCommand({ Bucket: 'dotted.bucket.name' })],
  [S3Client, 'eu-west-1', () => new GetObjectCommand({ Bucket: 'Bad_Name', Key: 'k//a%20b' })],
  [S3ControlClient, 'eu-west-1', () => new GetPublicAccessBlockCommand({ AccountId: '111111111111' })],
  [IAMClient, 'eu-west-1', () => new GetAccountSummaryCommand({})],
  [EC2Client, 'eu-west-1', () => new DescribeVpcsCommand({})],
  [STSClient, 'ap-south-1', () => new GetCallerIdentityCommand({})],
  [CloudFrontClient, 'eu-west-1', () => new ListDistributionsCommand({})],
  [DrsClient, 'eu-west-1', () => new DescribeSourceServersCommand({})],
  [FisClient, 'eu-west-1', () => new ListExperimentTemplatesCommand({})],
  [ResiliencehubClient, 'eu-west-1', () => new ListAppsCommand({})],
];

async function run(keep: boolean, perRequest: boolean, credentials: () => Promise<any>, order: number[], skew?: (client: any, i: number) => void): Promise<Capture> {
  const seen: Capture = [];
  const clients = new Map<string, any>();
  const session = new Session(credentials);
  const sends: Promise<unknown>[] = [];
  for (const [step, i] of order.entries()) {
    const [Client, region, make] = COMMANDS[i];
    const k = `${Client.name}/${region}`;
    let client = clients.get(k);
    if (!client) {
      client = new Client({ region, maxAttempts: 1, ...(perRequest ? { credentials: { accessKeyId: 'NO', secretAccessKey: 'NO' }, signerConstructor: SessionSigner } : { credentials }) });
      if (keep) {
        keepSigner(client);
        keepMiddlewareOrder(client);
      }
      answering(client, seen);
      clients.set(k, client);
    }
    skew?.(client, step);
    // Several at once (the first calls of a client race to make its signer).
    sends.push(perRequest ? session.send(client, make()) : client.send(make()));
    if (step % 5 === 4) await settle(sends.splice(0));
  }
  await settle(sends);
  session.close();
  for (const c of clients.values()) c.destroy();
  return seen.sort();
}

describe('keepSigner changes nothing signed', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-03T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  const order = [...COMMANDS.keys(), ...COMMANDS.keys(), 2, 5, 0, 0, 7, 11, 12, 13, 4, 3];
  const creds = async () => ({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'tok' });

  for (const perRequest of [true, false]) {
    it(`same requests, same signatures (${perRequest ? 'SessionSigner' : 'SDK signer'})`, async () => {
      const a = await run(false, perRequest, creds, order);
      const b = await run(true, perRequest, creds, order);
      expect(a.length).toBe(order.length);
      expect(b).toEqual(a);
    });

    it(`credentials that change mid-way and a clock skew correction are followed (${perRequest ? 'SessionSigner' : 'SDK signer'})`, async () => {
      const changing = () => {
        let n = 0;
        return async () => {
          n++;
          // Expires at once: the SDK's memo asks again every time.
          return { accessKeyId: `AKIA${n}`, secretAccessKey: `s${n}`, expiration: new Date(Date.now() + 1000) };
        };
      };
      const skew = (client: any, step: number) => {
        client.config.systemClockOffset = step * 1000 * 60;
      };
      // Sequential, so the n-th credentials go with the n-th request in both runs.
      const seq = async (keep: boolean) => {
        const out: Capture = [];
        for (const i of order) out.push(...(await run(keep, perRequest, changing(), [i], skew)));
        return out;
      };
      const a = await seq(false);
      const b = await seq(true);
      expect(b).toEqual(a);
      // Within one client, over many requests:
      const c = await run(false, perRequest, changing(), order.map(() => 8), skew);
      const d = await run(true, perRequest, changing(), order.map(() => 8), skew);
      expect(d).toEqual(c);
      expect(new Set(d.map((x) => /Credential=(\w+)\//.exec(x)?.[1])).size).toBeGreaterThan(1);
      expect(new Set(d.map((x) => /X-Amz-Date","(\w+)"/i.exec(x)?.[1])).size).toBeGreaterThan(1);
    });
  }
});
