// Amazon Inspector (v2, regional). BatchGetAccountStatus without accountIds answers for the calling
// account: state.status and resourceState.{ec2,ecr,lambda,…}.status (ENABLED, ENABLING, DISABLED, …).
// An account Inspector cannot resolve is listed in failedAccounts instead of accounts.
import type { BatchGetAccountStatusCommandOutput } from '@aws-sdk/client-inspector2';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { list, obj, shapeOf, str } from '../shapes.js';

export const inspector2 = defineService({
  name: 'inspector2',
  iamPrefix: 'inspector2',
  load: () => sdkPackage<typeof import('@aws-sdk/client-inspector2')>('@aws-sdk/client-inspector2'),
  client: 'Inspector2Client',
  operations: {
    BatchGetAccountStatus: {
      command: 'BatchGetAccountStatusCommand',
      shape: shapeOf<BatchGetAccountStatusCommandOutput>()({
        accounts: z.array(
          obj({ accountId: z.string(), resourceState: obj({ ec2: obj({ status: z.string() }), ecr: obj({ status: z.string() }) }) }),
        ),
        failedAccounts: list(obj({ accountId: z.string(), errorCode: str })),
      }),
    },
  },
});

export const inspector2Accessors = (call: CallFn) => ({
  /** The calling account's Inspector status in the region (accounts[] and failedAccounts[]). */
  accountStatus: (region: string) => call<BatchGetAccountStatusCommandOutput>('inspector2', 'BatchGetAccountStatus', {}, region),
});
