// AWS Account Management: account-wide settings (its endpoint is the partition's global one, so the
// service is global). An alternate contact type never set answers ResourceNotFoundException → undefined.
import type { AlternateContactType, GetAlternateContactCommandOutput } from '@aws-sdk/client-account';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { obj, present, shapeOf, str } from '../shapes.js';

export const account = defineService({
  name: 'account',
  iamPrefix: 'account',
  global: true,
  load: () => sdkPackage<typeof import('@aws-sdk/client-account')>('@aws-sdk/client-account'),
  client: 'AccountClient',
  operations: {
    // A contact never set answers ResourceNotFoundException; an answer always carries the contact.
    GetAlternateContact: {
      command: 'GetAlternateContactCommand',
      absent: ['ResourceNotFoundException'],
      shape: shapeOf<GetAlternateContactCommandOutput>()({ AlternateContact: present(obj({ Title: str })) }),
    },
  },
});

export const accountAccessors = (call: CallFn) => ({
  /** The BILLING, OPERATIONS or SECURITY contact of the caller's account; undefined when none is set. */
  alternateContact: async (AlternateContactType: AlternateContactType) =>
    (await call<GetAlternateContactCommandOutput | undefined>('account', 'GetAlternateContact', { AlternateContactType }))?.AlternateContact,
});
