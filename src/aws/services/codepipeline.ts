// AWS CodePipeline (regional): pipelines and their recent executions. ListPipelineExecutions is read one
// page per pipeline (up to 100 executions, newest first; the history kept is at most 12 months): enough to
// tell whether a pipeline ran recently without paging through a busy pipeline's whole history. A pipeline
// deleted between the two calls answers PipelineNotFoundException: absent.
import type { ListPipelineExecutionsCommandOutput, ListPipelinesCommandOutput } from '@aws-sdk/client-codepipeline';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { date, id, list, obj, shapeOf, str } from '../shapes.js';

export const codepipeline = defineService({
  name: 'codepipeline',
  iamPrefix: 'codepipeline',
  load: () => sdkPackage<typeof import('@aws-sdk/client-codepipeline')>('@aws-sdk/client-codepipeline'),
  client: 'CodePipelineClient',
  operations: {
    ListPipelines: {
      command: 'ListPipelinesCommand',
      paginator: 'paginateListPipelines',
      items: ['pipelines'],
      shape: shapeOf<ListPipelinesCommandOutput>()({ pipelines: list(obj({ name: id, updated: date })) }),
    },
    // Deliberately without a paginator: the first page (the most recent executions) is all callers need.
    ListPipelineExecutions: {
      command: 'ListPipelineExecutionsCommand',
      absent: ['PipelineNotFoundException'],
      shape: shapeOf<ListPipelineExecutionsCommandOutput>()({
        pipelineExecutionSummaries: list(obj({ startTime: date, status: str })),
        nextToken: str,
      }),
    },
  },
});

export const codepipelineAccessors = (call: CallFn) => ({
  /** Every pipeline of the region: name, pipelineType, created, updated. */
  pipelines: async (region: string) =>
    (await call<ListPipelinesCommandOutput>('codepipeline', 'ListPipelines', {}, region)).pipelines ?? [],
  /**
   * The pipeline's most recent executions (one page, up to 100, newest first): status, startTime, trigger.
   * `truncated`: older executions exist beyond this page. [] when the pipeline no longer exists.
   */
  recentExecutions: async (region: string, pipelineName: string) => {
    const out = await call<ListPipelineExecutionsCommandOutput | undefined>('codepipeline', 'ListPipelineExecutions', { pipelineName }, region);
    return { executions: out?.pipelineExecutionSummaries ?? [], truncated: out?.nextToken !== undefined };
  },
});
