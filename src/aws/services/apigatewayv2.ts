// Amazon API Gateway v2: HTTP and WebSocket APIs. IAM actions are HTTP verbs (`apigateway:GET`), as for
// REST APIs. GetApis pages with NextToken and the SDK has no paginator for it, so it has one here.
import type { GetApisCommandOutput } from '@aws-sdk/client-apigatewayv2';
import { z } from 'zod';
import { defineService, tokenPaginator, type CallFn, sdkPackage } from '../service.js';
import { bool, id, list, obj, shapeOf } from '../shapes.js';

export const apigatewayv2 = defineService({
  name: 'apigatewayv2',
  iamPrefix: 'apigateway',
  load: () => sdkPackage<typeof import('@aws-sdk/client-apigatewayv2')>('@aws-sdk/client-apigatewayv2'),
  client: 'ApiGatewayV2Client',
  operations: {
    GetApis: {
      command: 'GetApisCommand',
      paginator: (sdk) => tokenPaginator(sdk.GetApisCommand, { inputToken: 'NextToken', outputToken: 'NextToken' }),
      items: ['Items'],
      action: 'apigateway:GET',
      shape: shapeOf<GetApisCommandOutput>()({
        Items: list(obj({ ApiId: id, Name: z.string(), ProtocolType: z.string(), DisableExecuteApiEndpoint: bool })),
      }),
    },
  },
});

export const apigatewayv2Accessors = (call: CallFn) => ({
  /** HTTP and WebSocket APIs of the region (ProtocolType HTTP | WEBSOCKET). */
  apis: async (region: string) => (await call<GetApisCommandOutput>('apigatewayv2', 'GetApis', {}, region)).Items ?? [],
});
