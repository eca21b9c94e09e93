// Amazon Macie (regional). When Macie was never enabled (or was disabled) in a region, its APIs answer
// AccessDeniedException "Macie is not enabled": classified as ServiceNotEnabled, an answer rather than
// a missing permission. A real missing permission says "… is not authorized to perform …".
import type {
  GetAutomatedDiscoveryConfigurationCommandOutput,
  GetMacieSessionCommandOutput,
  ListClassificationJobsCommandOutput,
} from '@aws-sdk/client-macie2';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { list, obj, shapeOf, str } from '../shapes.js';

const NOT_ENABLED = ['AccessDeniedException:Macie is not enabled'];

export const macie2 = defineService({
  name: 'macie2',
  iamPrefix: 'macie2',
  load: () => sdkPackage<typeof import('@aws-sdk/client-macie2')>('@aws-sdk/client-macie2'),
  client: 'Macie2Client',
  operations: {
    GetMacieSession: { command: 'GetMacieSessionCommand', notEnabled: NOT_ENABLED, shape: shapeOf<GetMacieSessionCommandOutput>()({ status: str }) },
    ListClassificationJobs: {
      command: 'ListClassificationJobsCommand',
      paginator: 'paginateListClassificationJobs',
      items: ['items'],
      notEnabled: NOT_ENABLED,
      shape: shapeOf<ListClassificationJobsCommandOutput>()({ items: list(obj({ name: str, jobStatus: str, jobType: str })) }),
    },
    GetAutomatedDiscoveryConfiguration: {
      command: 'GetAutomatedDiscoveryConfigurationCommand',
      notEnabled: NOT_ENABLED,
      shape: shapeOf<GetAutomatedDiscoveryConfigurationCommandOutput>()({ status: str }),
    },
  },
});

export const macie2Accessors = (call: CallFn) => ({
  /** The Macie session (status ENABLED | PAUSED); throws ServiceNotEnabled when Macie is off in the region. */
  session: (region: string) => call<GetMacieSessionCommandOutput>('macie2', 'GetMacieSession', {}, region),
  /** Every sensitive-data discovery job of the region (jobId, name, jobType, jobStatus, createdAt). */
  classificationJobs: async (region: string) =>
    (await call<ListClassificationJobsCommandOutput>('macie2', 'ListClassificationJobs', {}, region)).items ?? [],
  /** Automated sensitive data discovery settings (status ENABLED | DISABLED). */
  automatedDiscovery: (region: string) =>
    call<GetAutomatedDiscoveryConfigurationCommandOutput>('macie2', 'GetAutomatedDiscoveryConfiguration', {}, region),
});
