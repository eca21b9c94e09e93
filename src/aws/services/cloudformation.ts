import type { DescribeStacksCommandOutput, ListStacksCommandOutput } from '@aws-sdk/client-cloudformation';
import { z } from 'zod';
import { defineService, type CallFn } from '../service.js';
import { list, obj, shapeOf, str } from '../shapes.js';

export const cloudformation = defineService({
  name: 'cloudformation',
  iamPrefix: 'cloudformation',
  load: () => import('@aws-sdk/client-cloudformation'),
  client: 'CloudFormationClient',
  listsAlwaysSent: true,
  operations: {
    // Summaries of live and recently deleted stacks (no parameters).
    ListStacks: {
      command: 'ListStacksCommand',
      paginator: 'paginateListStacks',
      items: ['StackSummaries'],
      shape: shapeOf<ListStacksCommandOutput>()({ StackSummaries: list(obj({ StackName: z.string(), StackStatus: z.string() })) }),
    },
    // Without StackName: every live stack with its Parameters (NoEcho values come back as "****").
    // Since 2023 a DescribeStacks call without StackName also needs cloudformation:ListStacks.
    DescribeStacks: {
      command: 'DescribeStacksCommand',
      paginator: 'paginateDescribeStacks',
      items: ['Stacks'],
      shape: shapeOf<DescribeStacksCommandOutput>()({
        Stacks: list(obj({ StackName: z.string(), StackId: str, Parameters: list(obj({ ParameterKey: str, ParameterValue: str, ResolvedValue: str })) })),
      }),
    },
  },
});

export const cloudformationAccessors = (call: CallFn) => {
  const stackSummaries = async (region: string) =>
    (await call<ListStacksCommandOutput>('cloudformation', 'ListStacks', {}, region)).StackSummaries ?? [];
  return {
    stackSummaries,
    /**
     * Every live stack, described. ListStacks first: most regions have none, and then DescribeStacks
     * (which, without StackName, needs the ListStacks permission as well) is not called at all.
     */
    stacks: async (region: string) => {
      if (!(await stackSummaries(region)).some((s) => s.StackStatus !== 'DELETE_COMPLETE')) return [];
      return (await call<DescribeStacksCommandOutput>('cloudformation', 'DescribeStacks', {}, region)).Stacks ?? [];
    },
  };
};
