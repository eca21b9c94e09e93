// AWS Fault Injection Service (regional). ListExperiments paginates with nextToken and returns summaries
// (id, experimentTemplateId, state.status completed | stopped | failed | …, creationTime); GetExperiment
// returns the run itself: its actions (actionId, parameters) and targets (filters, parameters) as they
// were when it ran, whatever became of the template since. FIS keeps experiments for 120 days.
import type { GetExperimentCommandOutput, ListExperimentsCommandOutput } from '@aws-sdk/client-fis';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { date, id, list, maybe, obj, shapeOf, str, strings } from '../shapes.js';

export const fis = defineService({
  name: 'fis',
  iamPrefix: 'fis',
  load: () => sdkPackage<typeof import('@aws-sdk/client-fis')>('@aws-sdk/client-fis'),
  client: 'FisClient',
  operations: {
    ListExperiments: {
      command: 'ListExperimentsCommand',
      paginator: 'paginateListExperiments',
      items: ['experiments'],
      shape: shapeOf<ListExperimentsCommandOutput>()({
        experiments: list(obj({ id, experimentTemplateId: str, creationTime: date, state: maybe({ status: str, reason: str }) })),
      }),
    },
    // An experiment aged out since ListExperiments → undefined.
    GetExperiment: {
      command: 'GetExperimentCommand',
      absent: ['ResourceNotFoundException'],
      shape: shapeOf<GetExperimentCommandOutput>()({
        experiment: maybe({
          actions: z.record(z.string(), obj({ actionId: str, parameters: z.record(z.string(), z.string()).optional() })).optional(),
          targets: z
            .record(
              z.string(),
              obj({ filters: list(obj({ path: str, values: strings })), parameters: z.record(z.string(), z.string()).optional() }),
            )
            .optional(),
        }),
      }),
    },
  },
});

export const fisAccessors = (call: CallFn) => ({
  experiments: async (region: string) =>
    (await call<ListExperimentsCommandOutput>('fis', 'ListExperiments', {}, region)).experiments ?? [],
  experiment: async (region: string, id: string) =>
    (await call<GetExperimentCommandOutput | undefined>('fis', 'GetExperiment', { id }, region))?.experiment,
});
