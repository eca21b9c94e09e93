// AWS Fault Injection Service (regional). ListExperiments paginates with nextToken and returns summaries
// (id, experimentTemplateId, state.status completed | stopped | failed | …, creationTime); GetExperiment
// returns the run itself: its actions (actionId, parameters) and targets (filters, parameters) as they
// were when it ran, whatever became of the template since. FIS keeps experiments for 120 days.
import type { GetExperimentCommandOutput, ListExperimentsCommandOutput } from '@aws-sdk/client-fis';
import { defineService, type CallFn } from '../service.js';

export const fis = defineService({
  name: 'fis',
  iamPrefix: 'fis',
  load: () => import('@aws-sdk/client-fis'),
  client: 'FisClient',
  operations: {
    ListExperiments: { command: 'ListExperimentsCommand', paginator: 'paginateListExperiments', items: ['experiments'] },
    // An experiment aged out since ListExperiments → undefined.
    GetExperiment: { command: 'GetExperimentCommand', absent: ['ResourceNotFoundException'] },
  },
});

export const fisAccessors = (call: CallFn) => ({
  experiments: async (region: string) =>
    (await call<ListExperimentsCommandOutput>('fis', 'ListExperiments', {}, region)).experiments ?? [],
  experiment: async (region: string, id: string) =>
    (await call<GetExperimentCommandOutput | undefined>('fis', 'GetExperiment', { id }, region))?.experiment,
});
