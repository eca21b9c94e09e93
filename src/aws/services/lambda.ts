import { LambdaClient, ListFunctionsCommand, paginateListFunctions, type ListFunctionsCommandOutput } from '@aws-sdk/client-lambda';
import { defineService, type CallFn } from '../service.js';

export const lambda = defineService({
  name: 'lambda',
  iamPrefix: 'lambda',
  client: (config) => new LambdaClient(config),
  operations: {
    // Up to 50 functions a page; the unpublished ($LATEST) configuration of each, with
    // Environment.Variables and KMSKeyArn (only set when a customer managed key encrypts them).
    ListFunctions: { command: ListFunctionsCommand, paginator: paginateListFunctions, items: ['Functions'] },
  },
});

export const lambdaAccessors = (call: CallFn) => ({
  functions: async (region: string) =>
    (await call<ListFunctionsCommandOutput>('lambda', 'ListFunctions', {}, region)).Functions ?? [],
});
