// AWS Direct Connect (regional). DescribeConnections lists every dedicated and hosted connection of the
// account in the region. It takes an optional maxResults/nextToken (without maxResults the service
// answers with everything); the SDK ships no paginator for it, so a small one follows the token here.
import type { Connections } from '@aws-sdk/client-direct-connect';
import { defineService, tokenPaginator, type CallFn, sdkPackage } from '../service.js';
import { id, list, obj, shapeOf, str } from '../shapes.js';

export const directconnect = defineService({
  name: 'directconnect',
  iamPrefix: 'directconnect',
  load: () => sdkPackage<typeof import('@aws-sdk/client-direct-connect')>('@aws-sdk/client-direct-connect'),
  client: 'DirectConnectClient',
  operations: {
    DescribeConnections: {
      command: 'DescribeConnectionsCommand',
      paginator: (sdk) => tokenPaginator(sdk.DescribeConnectionsCommand, { inputToken: 'nextToken', outputToken: 'nextToken' }),
      items: ['connections'],
      shape: shapeOf<Connections>()({ connections: list(obj({ connectionId: id, connectionState: str, location: str, lagId: str, bandwidth: str })) }),
    },
  },
});

export const directconnectAccessors = (call: CallFn) => ({
  /** Every Direct Connect connection in the region (any state; deleted ones linger for a while). */
  connections: async (region: string) =>
    (await call<Connections>('directconnect', 'DescribeConnections', {}, region)).connections ?? [],
});
