import type { ListFunctionsCommandOutput } from '@aws-sdk/client-lambda';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { id, list, maybe, obj, shapeOf, str } from '../shapes.js';

export const lambda = defineService({
  name: 'lambda',
  iamPrefix: 'lambda',
  load: () => sdkPackage<typeof import('@aws-sdk/client-lambda')>('@aws-sdk/client-lambda'),
  client: 'LambdaClient',
  operations: {
    // Up to 50 entries a page (Marker / NextMarker). Without FunctionVersion only the unpublished ($LATEST)
    // configuration of each function is listed; FunctionVersion ALL adds every published version (what
    // aliases run), each with its own frozen Environment.Variables and KMSKeyArn (only set when a customer
    // managed key encrypts them). With ALL, $LATEST's FunctionArn ends in ":$LATEST", a version's in ":<n>".
    ListFunctions: {
      command: 'ListFunctionsCommand',
      paginator: 'paginateListFunctions',
      items: ['Functions'],
      // Variable values are strings: 1.10 and 1.11 read each one for credentials.
      shape: shapeOf<ListFunctionsCommandOutput>()({
        Functions: list(
          obj({
            FunctionName: id,
            FunctionArn: str,
            Version: str,
            KMSKeyArn: str,
            Environment: maybe({ Variables: z.record(z.string(), z.string()).optional(), Error: maybe({ ErrorCode: str }) }),
          }),
        ),
      }),
    },
  },
});

export const lambdaAccessors = (call: CallFn) => ({
  /** Every function's $LATEST configuration and every published version's (FunctionVersion ALL). */
  functions: async (region: string) =>
    (await call<ListFunctionsCommandOutput>('lambda', 'ListFunctions', { FunctionVersion: 'ALL' }, region)).Functions ?? [],
});
