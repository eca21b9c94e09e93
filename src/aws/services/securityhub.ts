// AWS Security Hub CSPM (regional). An account not subscribed in a region answers InvalidAccessException
// "Account … is not subscribed to AWS Security Hub": classified as ServiceNotEnabled.
import type { BatchGetSecurityControlsCommandOutput, DescribeHubCommandOutput } from '@aws-sdk/client-securityhub';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { obj, shapeOf, str } from '../shapes.js';

const NOT_ENABLED = ['InvalidAccessException:not subscribed', 'ResourceNotFoundException'];

export const securityhub = defineService({
  name: 'securityhub',
  iamPrefix: 'securityhub',
  load: () => sdkPackage<typeof import('@aws-sdk/client-securityhub')>('@aws-sdk/client-securityhub'),
  client: 'SecurityHubClient',
  operations: {
    DescribeHub: { command: 'DescribeHubCommand', notEnabled: NOT_ENABLED, shape: shapeOf<DescribeHubCommandOutput>()({ HubArn: str }) },
    BatchGetSecurityControls: {
      command: 'BatchGetSecurityControlsCommand',
      notEnabled: NOT_ENABLED,
      shape: shapeOf<BatchGetSecurityControlsCommandOutput>()({
        SecurityControls: z.array(obj({ SecurityControlId: z.string(), SecurityControlStatus: z.string() })),
      }),
    },
  },
});

export const securityhubAccessors = (call: CallFn) => ({
  /** The hub (HubArn, SubscribedAt); throws ServiceNotEnabled when Security Hub is off in the region. */
  hub: (region: string) => call<DescribeHubCommandOutput>('securityhub', 'DescribeHub', {}, region),
  /** Controls by id (e.g. ['S3.1', 'S3.8']) with SecurityControlStatus ENABLED | DISABLED; ids are sorted for one memo key. */
  securityControls: (region: string, ids: readonly string[]) =>
    call<BatchGetSecurityControlsCommandOutput>('securityhub', 'BatchGetSecurityControls', { SecurityControlIds: [...ids].sort() }, region),
});
