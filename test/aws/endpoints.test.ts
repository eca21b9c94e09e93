// Where a call goes:
// - global services with a fixed region (Support, CloudFront: `globalRegion`) are sent to that region
//   whatever the home region and whatever region the caller names, and keyed without a region;
//   other global services (IAM) go to the home region;
// - S3 Control puts the account id in front of the endpoint's host name, which an IP-address endpoint
//   (AWS_ENDPOINT_URL=http://127.0.0.1:4566) cannot take: the call is refused in one line before the SDK
//   logs a stack trace, and nothing is sent.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Fetcher } from '../../src/aws/fetcher.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { EndpointUnusable } from '../../src/errors.js';
import { liveFetcher } from '../support/check-tester.js';
import { MalformedResponse } from '../../src/errors.js';

const HOME = 'eu-west-1';
const PINNED = SERVICES.filter((s) => s.globalRegion);

describe('global services pinned to a region', () => {
  it('Support and CloudFront are among them, pinned to us-east-1', () => {
    expect(Object.fromEntries(PINNED.map((s) => [s.name, s.globalRegion]))).toEqual({ support: 'us-east-1', cloudfront: 'us-east-1' });
  });

  for (const service of PINNED) {
    it(`${service.name}: every operation is sent to ${service.globalRegion} from home ${HOME}, keyed without a region`, async () => {
      const sdk = await service.load();
      const stub = mockClient(sdk[service.client]);
      const regions: string[] = [];
      stub.onAnyCommand().callsFake(async (_input: unknown, getClient: () => { config: unknown }) => {
        regions.push(await (getClient().config as { region(): Promise<string> }).region());
        return {};
      });
      try {
        const f = liveFetcher({ homeRegion: HOME });
        const operations = Object.keys(service.operations);
        for (const operation of operations) {
          // An empty answer may not fit the operation's shape: where it went is what is tested here.
          const shapeless = (err: unknown) => {
            if (!(err instanceof MalformedResponse)) throw err;
          };
          await f.call(service.name, operation, {}, 'ap-southeast-2').catch(shapeless);
          await f.call(service.name, operation, {}).catch(shapeless); // same key: served from the memo
        }
        expect(regions).toEqual(operations.map(() => service.globalRegion));
        expect(f.calls.map((c) => [c.key, c.region])).toEqual(operations.map((op) => [`${service.name}:${op}`, undefined]));
        expect(f.stats.memoHits).toBe(operations.length);
        expect(f.regionFor(service, 'ap-southeast-2')).toBe(service.globalRegion);
      } finally {
        stub.restore();
      }
    });
  }

  it('a global service without a fixed region (IAM) goes to the home region', async () => {
    const iam = SERVICES.find((s) => s.name === 'iam')!;
    const f = new Fetcher({ services: SERVICES, homeRegion: HOME });
    expect(f.regionFor(iam, 'ap-southeast-2')).toBe(HOME);
    // A regional service goes where it is asked, else home; an account-wide operation of it (S3 ListBuckets) home.
    const s3 = SERVICES.find((s) => s.name === 's3')!;
    expect(f.regionFor(s3, 'ap-southeast-2', 'GetBucketPolicy')).toBe('ap-southeast-2');
    expect(f.regionFor(s3, undefined, 'GetBucketPolicy')).toBe(HOME);
    expect(f.regionFor(s3, 'ap-southeast-2', 'ListBuckets')).toBe(HOME);
  });
});

describe('S3 Control and an IP-address endpoint', () => {
  let server: Server;
  let port: number;
  let requests = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<Error><Code>NoSuchPublicAccessBlockConfiguration</Code><Message>none</Message></Error>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const consoleError = vi.spyOn(console, 'error');
  afterEach(() => {
    consoleError.mockClear();
    requests = 0;
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_S3_CONTROL;
  });

  const refused = async (f: Fetcher) => {
    try {
      const err = await f.call('s3control', 'GetPublicAccessBlock', { AccountId: '123456789012' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(EndpointUnusable);
      expect(consoleError).not.toHaveBeenCalled(); // the SDK's "Failed to construct URL" and its stack trace
      expect(requests).toBe(0);
      return err as EndpointUnusable;
    } finally {
      f.destroy();
    }
  };

  it('an IPv4 endpoint in the client configuration: refused, naming the call, the endpoint and the fix; not recorded', async () => {
    const f = liveFetcher({ record: true, clientConfig: { endpoint: `http://127.0.0.1:${port}` } });
    const err = await refused(f);
    expect(f.recorded).toEqual({});
    expect(err.message).toBe(
      `s3control:GetPublicAccessBlock cannot be sent to http://127.0.0.1:${port}: S3 Control puts the account id in front of the ` +
        "endpoint's host name, which an IP address cannot take (set AWS_ENDPOINT_URL_S3_CONTROL to a host name)",
    );
    expect(err).toMatchObject({ kind: 'endpoint', call: 's3control:GetPublicAccessBlock' });
  });

  it('AWS_ENDPOINT_URL an IP address (read by the SDK itself): refused the same way', async () => {
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${port}`;
    const err = await refused(liveFetcher());
    expect(err.message).toContain(`cannot be sent to http://127.0.0.1:${port}: S3 Control puts`);
  });

  it('AWS_ENDPOINT_URL_S3_CONTROL wins over AWS_ENDPOINT_URL, and an IPv6 address is refused too', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://localhost:9';
    process.env.AWS_ENDPOINT_URL_S3_CONTROL = `http://[::1]:${port}`;
    const err = await refused(liveFetcher());
    expect(err.message).toContain(`cannot be sent to http://[::1]:${port}:`);
  });

  it('a host name is not refused: the request is made (here the prefixed name does not resolve)', async () => {
    const f = liveFetcher({ clientConfig: { endpoint: `http://localhost:${port}`, maxAttempts: 1 } });
    try {
      const err = await f.call('s3control', 'GetPublicAccessBlock', { AccountId: '123456789012' }).catch((e: unknown) => e);
      expect(err).not.toBeInstanceOf(EndpointUnusable);
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      f.destroy();
    }
  });

  it('an IP endpoint without a port is named as given', async () => {
    const err = await refused(liveFetcher({ clientConfig: { endpoint: 'http://10.0.0.1' } }));
    expect(err.message).toContain('cannot be sent to http://10.0.0.1: S3 Control puts');
  });

  it('an IPv6 endpoint in the client configuration is refused too', async () => {
    const err = await refused(liveFetcher({ clientConfig: { endpoint: `http://[::1]:${port}` } }));
    expect(err.message).toContain(`cannot be sent to http://[::1]:${port}: S3 Control puts`);
  });

  describe('what is not refused (the client is stubbed: nothing is sent anywhere)', () => {
    const PAB = { PublicAccessBlockConfiguration: { BlockPublicAcls: true } };
    const sent = async (clientConfig: Record<string, unknown> = {}) => {
      const stub = mockClient(S3ControlClient);
      stub.on(GetPublicAccessBlockCommand).resolves(PAB);
      try {
        const value = await liveFetcher({ clientConfig }).call('s3control', 'GetPublicAccessBlock', { AccountId: '123456789012' });
        expect(stub.commandCalls(GetPublicAccessBlockCommand)).toHaveLength(1);
        return value;
      } finally {
        stub.restore();
      }
    };

    it('no endpoint configured (AWS itself)', async () => {
      expect(await sent()).toEqual(PAB);
    });

    it('an IP in AWS_ENDPOINT_URL that the client is told to ignore (ignoreConfiguredEndpointUrls)', async () => {
      process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:4566';
      expect(await sent({ ignoreConfiguredEndpointUrls: true })).toEqual(PAB);
    });

    it('an AWS_ENDPOINT_URL that is no URL at all: left to the SDK', async () => {
      process.env.AWS_ENDPOINT_URL = 'not a url';
      expect(await sent()).toEqual(PAB);
    });
  });

  it('other services are not concerned by an IP-address endpoint', async () => {
    const f = liveFetcher({ clientConfig: { endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 } });
    try {
      const err = await f.call('iam', 'GetAccountSummary').catch((e: unknown) => e);
      expect(err).not.toBeInstanceOf(EndpointUnusable);
      expect(requests).toBe(1);
    } finally {
      f.destroy();
    }
  });
});
