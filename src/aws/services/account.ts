// AWS Account Management: account-wide settings (its endpoint is the partition's global one, so the
// service is global). An alternate contact type never set answers ResourceNotFoundException → undefined.
import type { AlternateContactType, GetAlternateContactCommandOutput } from '@aws-sdk/client-account';
import { defineService, type CallFn } from '../service.js';

export const account = defineService({
  name: 'account',
  iamPrefix: 'account',
  global: true,
  load: () => import('@aws-sdk/client-account'),
  client: 'AccountClient',
  operations: {
    GetAlternateContact: { command: 'GetAlternateContactCommand', absent: ['ResourceNotFoundException'] },
  },
});

export const accountAccessors = (call: CallFn) => ({
  /** The BILLING, OPERATIONS or SECURITY contact of the caller's account; undefined when none is set. */
  alternateContact: async (AlternateContactType: AlternateContactType) =>
    (await call<GetAlternateContactCommandOutput | undefined>('account', 'GetAlternateContact', { AlternateContactType }))?.AlternateContact,
});
