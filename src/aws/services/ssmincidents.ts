// AWS Systems Manager Incident Manager (ssm-incidents). Response plans belong to the account's replication
// set (their ARNs carry no region: arn:aws:ssm-incidents::123456789012:response-plan/name) and can be
// listed from the regions of that set; callers list per region and de-duplicate by ARN. Incident Manager is
// offered in some regions only: where it has no endpoint the fetcher answers RegionDisabled.
import type { ListResponsePlansCommandOutput } from '@aws-sdk/client-ssm-incidents';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { obj, shapeOf, str } from '../shapes.js';

export const ssmincidents = defineService({
  name: 'ssmincidents',
  iamPrefix: 'ssm-incidents',
  load: () => sdkPackage<typeof import('@aws-sdk/client-ssm-incidents')>('@aws-sdk/client-ssm-incidents'),
  client: 'SSMIncidentsClient',
  operations: {
    ListResponsePlans: {
      command: 'ListResponsePlansCommand',
      paginator: 'paginateListResponsePlans',
      items: ['responsePlanSummaries'],
      shape: shapeOf<ListResponsePlansCommandOutput>()({ responsePlanSummaries: z.array(obj({ arn: z.string(), name: z.string(), displayName: str })) }),
    },
  },
});

export const ssmincidentsAccessors = (call: CallFn) => ({
  /** Response plans (arn, name, displayName) as seen from this region. */
  responsePlans: async (region: string) =>
    (await call<ListResponsePlansCommandOutput>('ssmincidents', 'ListResponsePlans', {}, region)).responsePlanSummaries ?? [],
});
