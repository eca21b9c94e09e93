// Amazon API Gateway, REST APIs (API version 1). Its IAM actions are HTTP verbs on resource paths:
// every read here is `apigateway:GET`. Lists page with position/limit (SDK paginators, key `items`).
// Custom domain names are shared by REST, HTTP and WebSocket APIs, so GetDomainNames lists them all.
import type { GetDomainNamesCommandOutput, GetRestApisCommandOutput } from '@aws-sdk/client-api-gateway';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { bool, id, list, maybe, obj, shapeOf, str, strings } from '../shapes.js';

export const apigateway = defineService({
  name: 'apigateway',
  iamPrefix: 'apigateway',
  load: () => sdkPackage<typeof import('@aws-sdk/client-api-gateway')>('@aws-sdk/client-api-gateway'),
  client: 'APIGatewayClient',
  operations: {
    GetRestApis: {
      command: 'GetRestApisCommand',
      paginator: 'paginateGetRestApis',
      items: ['items'],
      action: 'apigateway:GET',
      shape: shapeOf<GetRestApisCommandOutput>()({
        items: list(obj({ id, name: str, securityPolicy: str, disableExecuteApiEndpoint: bool, endpointConfiguration: maybe({ types: strings }) })),
      }),
    },
    GetDomainNames: {
      command: 'GetDomainNamesCommand',
      paginator: 'paginateGetDomainNames',
      items: ['items'],
      action: 'apigateway:GET',
      shape: shapeOf<GetDomainNamesCommandOutput>()({
        items: list(obj({ domainName: id, domainNameArn: str, securityPolicy: str, endpointConfiguration: maybe({ types: strings }) })),
      }),
    },
  },
});

export const apigatewayAccessors = (call: CallFn) => ({
  restApis: async (region: string) => (await call<GetRestApisCommandOutput>('apigateway', 'GetRestApis', {}, region)).items ?? [],
  /** Custom domain names of the region (owned by the account). */
  domainNames: async (region: string) => (await call<GetDomainNamesCommandOutput>('apigateway', 'GetDomainNames', {}, region)).items ?? [],
});
