// Amazon API Gateway v2: HTTP and WebSocket APIs. IAM actions are HTTP verbs (`apigateway:GET`), as for
// REST APIs. GetApis pages with NextToken and the SDK has no paginator for it, so it has one here.
import {
  ApiGatewayV2Client,
  GetApisCommand,
  type GetApisCommandInput,
  type GetApisCommandOutput,
} from '@aws-sdk/client-apigatewayv2';
import { defineService, type CallFn } from '../service.js';

async function* paginateGetApis(config: { client: ApiGatewayV2Client }, input: GetApisCommandInput) {
  let NextToken: string | undefined;
  do {
    const page: GetApisCommandOutput = await config.client.send(new GetApisCommand({ ...input, NextToken }));
    yield page;
    NextToken = page.NextToken;
  } while (NextToken);
}

export const apigatewayv2 = defineService({
  name: 'apigatewayv2',
  iamPrefix: 'apigateway',
  client: (config) => new ApiGatewayV2Client(config),
  operations: {
    GetApis: { command: GetApisCommand, paginator: paginateGetApis, items: ['Items'], action: 'apigateway:GET' },
  },
});

export const apigatewayv2Accessors = (call: CallFn) => ({
  /** HTTP and WebSocket APIs of the region (ProtocolType HTTP | WEBSOCKET). */
  apis: async (region: string) => (await call<GetApisCommandOutput>('apigatewayv2', 'GetApis', {}, region)).Items ?? [],
});
