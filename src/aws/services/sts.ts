import type { GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { id, shapeOf } from '../shapes.js';

export const sts = defineService({
  name: 'sts',
  iamPrefix: 'sts',
  global: true,
  load: () => sdkPackage<typeof import('@aws-sdk/client-sts')>('@aws-sdk/client-sts'),
  client: 'STSClient',
  operations: {
    // Account and Arn name the account scanned; the STS API always returns both (and UserId).
    GetCallerIdentity: { command: 'GetCallerIdentityCommand', shape: shapeOf<GetCallerIdentityCommandOutput>()({ Account: id, Arn: id }) },
  },
});

export const stsAccessors = (call: CallFn) => ({
  callerIdentity: () => call<GetCallerIdentityCommandOutput>('sts', 'GetCallerIdentity'),
});
