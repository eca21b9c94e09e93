import type { GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import { defineService, type CallFn } from '../service.js';

export const sts = defineService({
  name: 'sts',
  iamPrefix: 'sts',
  global: true,
  load: () => import('@aws-sdk/client-sts'),
  client: 'STSClient',
  operations: {
    GetCallerIdentity: { command: 'GetCallerIdentityCommand' },
  },
});

export const stsAccessors = (call: CallFn) => ({
  callerIdentity: () => call<GetCallerIdentityCommandOutput>('sts', 'GetCallerIdentity'),
});
