import type { DescribeStacksCommandOutput, ListStackResourcesCommandOutput, ListStacksCommandOutput } from '@aws-sdk/client-cloudformation';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { id, list, obj, shapeOf, str } from '../shapes.js';

export const cloudformation = defineService({
  name: 'cloudformation',
  iamPrefix: 'cloudformation',
  load: () => sdkPackage<typeof import('@aws-sdk/client-cloudformation')>('@aws-sdk/client-cloudformation'),
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
    // One stack's resources (StackName required; paginated by NextToken): logical id, physical id, type.
    // Read only when the config maps stacks to template files (sarif.templates; docs/sarif.md).
    // LogicalResourceId and ResourceType are required in every StackResourceSummary (API reference);
    // PhysicalResourceId is absent while a resource is being created or failed to be.
    ListStackResources: {
      command: 'ListStackResourcesCommand',
      paginator: 'paginateListStackResources',
      items: ['StackResourceSummaries'],
      shape: shapeOf<ListStackResourcesCommandOutput>()({
        StackResourceSummaries: list(obj({ LogicalResourceId: id, PhysicalResourceId: str, ResourceType: id })),
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
    /** The resources of one stack (cloudformation:ListStackResources). */
    stackResources: async (stackName: string, region: string) =>
      (await call<ListStackResourcesCommandOutput>('cloudformation', 'ListStackResources', { StackName: stackName }, region)).StackResourceSummaries ?? [],
  };
};
