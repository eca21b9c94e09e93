// tokenPaginator (src/aws/service.ts): the paginator for operations whose SDK has no paginateX. It has
// the shape of the SDK's (config: { client }, input) => AsyncIterable<output>, follows the output token
// into the input token, copies the input, and is lazy, so the fetcher can put each page under its
// concurrency limit. Sends are stubbed with aws-sdk-client-mock; nothing reaches the network.
import { ApiGatewayV2Client, GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import { DescribeConnectionsCommand, DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { DescribeSSLPoliciesCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Fetcher } from '../../src/aws/fetcher.js';
import { tokenPaginator } from '../../src/aws/service.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { MissingPermission } from '../../src/errors.js';
import { HOME } from '../support/check-tester.js';

const CLIENT_CONFIG = { region: HOME, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } };
const paginateGetApis = tokenPaginator(GetApisCommand, { inputToken: 'NextToken', outputToken: 'NextToken' });
const api = (id: string) => ({ ApiId: id, Name: id, ProtocolType: 'HTTP' as const, RouteSelectionExpression: '$request.method $request.path' });

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const mocks = {
  apigatewayv2: mockClient(ApiGatewayV2Client),
  elbv2: mockClient(ElasticLoadBalancingV2Client),
  directconnect: mockClient(DirectConnectClient),
};
afterEach(() => Object.values(mocks).forEach((m) => m.reset()));
afterAll(() => Object.values(mocks).forEach((m) => m.restore()));

describe('tokenPaginator', () => {
  it('yields every page in order, sending each page token back, and leaves the caller input alone', async () => {
    const pages: Record<string, object> = {
      first: { Items: [api('a'), api('b')], NextToken: 't1' },
      t1: { Items: [api('c')], NextToken: 't2' },
      t2: { Items: [api('d')] },
    };
    mocks.apigatewayv2.on(GetApisCommand).callsFake((input: { NextToken?: string }) => pages[input.NextToken ?? 'first']);
    const input = { MaxResults: '2' };
    const out = await collect(paginateGetApis({ client: new ApiGatewayV2Client(CLIENT_CONFIG) }, input));
    expect(out.map((p) => p.Items?.map((i) => i.ApiId))).toEqual([['a', 'b'], ['c'], ['d']]);
    const sent = mocks.apigatewayv2.commandCalls(GetApisCommand).map((c) => c.args[0].input);
    expect(sent.map((i) => i.NextToken)).toEqual([undefined, 't1', 't2']);
    expect(sent.every((i) => i.MaxResults === '2' && i !== input)).toBe(true);
    expect(new Set(sent).size).toBe(3);
    expect(input).toEqual({ MaxResults: '2' });
  });

  it('one page without a token is one request', async () => {
    mocks.apigatewayv2.on(GetApisCommand).resolves({ Items: [api('a')] });
    const out = await collect(paginateGetApis({ client: new ApiGatewayV2Client(CLIENT_CONFIG) }, {}));
    expect(out).toHaveLength(1);
    expect(mocks.apigatewayv2.commandCalls(GetApisCommand)).toHaveLength(1);
  });

  it('an empty token ends the listing, like a missing one', async () => {
    mocks.apigatewayv2.on(GetApisCommand).resolves({ Items: [], NextToken: '' });
    await collect(paginateGetApis({ client: new ApiGatewayV2Client(CLIENT_CONFIG) }, {}));
    expect(mocks.apigatewayv2.commandCalls(GetApisCommand)).toHaveLength(1);
  });

  it('follows an output token named differently from the input token (NextMarker → Marker)', async () => {
    mocks.elbv2
      .on(DescribeSSLPoliciesCommand)
      .callsFake((input: { Marker?: string }) =>
        input.Marker ? { SslPolicies: [{ Name: 'p2' }] } : { SslPolicies: [{ Name: 'p1' }], NextMarker: 'm1' },
      );
    const paginate = tokenPaginator(DescribeSSLPoliciesCommand, { inputToken: 'Marker', outputToken: 'NextMarker' });
    const input = { Names: ['p1', 'p2'] };
    const out = await collect(paginate({ client: new ElasticLoadBalancingV2Client(CLIENT_CONFIG) }, input));
    expect(out.flatMap((p) => p.SslPolicies?.map((s) => s.Name))).toEqual(['p1', 'p2']);
    expect(mocks.elbv2.commandCalls(DescribeSSLPoliciesCommand).map((c) => c.args[0].input.Marker)).toEqual([undefined, 'm1']);
    expect(input).toEqual({ Names: ['p1', 'p2'] });
  });

  it('is lazy: the next page is requested only when the consumer asks for it', async () => {
    mocks.apigatewayv2
      .on(GetApisCommand)
      .callsFake((input: { NextToken?: string }) => (input.NextToken ? { Items: [api('b')] } : { Items: [api('a')], NextToken: 't1' }));
    const iterator = paginateGetApis({ client: new ApiGatewayV2Client(CLIENT_CONFIG) }, {})[Symbol.asyncIterator]();
    expect(mocks.apigatewayv2.commandCalls(GetApisCommand)).toHaveLength(0);
    expect((await iterator.next()).done).toBe(false);
    expect(mocks.apigatewayv2.commandCalls(GetApisCommand)).toHaveLength(1);
    expect((await iterator.next()).done).toBe(false);
    expect(mocks.apigatewayv2.commandCalls(GetApisCommand)).toHaveLength(2);
    expect((await iterator.next()).done).toBe(true);
    expect(mocks.apigatewayv2.commandCalls(GetApisCommand)).toHaveLength(2);
  });

  it('a failing page fails the iteration', async () => {
    mocks.apigatewayv2
      .on(GetApisCommand)
      .resolvesOnce({ Items: [api('a')], NextToken: 't1' })
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const iterator = paginateGetApis({ client: new ApiGatewayV2Client(CLIENT_CONFIG) }, {})[Symbol.asyncIterator]();
    await iterator.next();
    await expect(iterator.next()).rejects.toThrow('not authorized');
  });
});

describe('tokenPaginator in the fetcher', () => {
  const fetcher = () => new Fetcher({ services: SERVICES, homeRegion: HOME, clientConfig: { credentials: CLIENT_CONFIG.credentials } });

  it('directconnect:DescribeConnections merges its nextToken pages and counts each one', async () => {
    mocks.directconnect.on(DescribeConnectionsCommand).callsFake((input: { nextToken?: string }) =>
      input.nextToken
        ? { connections: [{ connectionId: 'dxcon-2' }] }
        : { connections: [{ connectionId: 'dxcon-1' }], nextToken: 'n1' },
    );
    const f = fetcher();
    const out = await f.call('directconnect', 'DescribeConnections', {}, HOME);
    expect(out.connections.map((c: { connectionId: string }) => c.connectionId)).toEqual(['dxcon-1', 'dxcon-2']);
    expect(f.stats).toMatchObject({ apiCalls: 2, uniqueCalls: 1 });
  });

  it('a page denied after the first is classified as the operation missing its permission', async () => {
    mocks.apigatewayv2
      .on(GetApisCommand)
      .resolvesOnce({ Items: [api('a')], NextToken: 't1' })
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const err = await fetcher()
      .call('apigatewayv2', 'GetApis', {}, HOME)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingPermission);
    expect((err as MissingPermission).action).toBe('apigateway:GET');
  });
});
