// Amazon CloudWatch Logs (regional): log groups and their subscription filters (how logs leave a group
// for a central destination: Kinesis, Firehose, Lambda or a cross-account destination).
// DescribeSubscriptionFilters on a group deleted since the listing → ResourceNotFoundException: absent.
import type { DescribeLogGroupsCommandOutput, DescribeSubscriptionFiltersCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { id, list, obj, shapeOf, str } from '../shapes.js';

export const logs = defineService({
  name: 'logs',
  iamPrefix: 'logs',
  load: () => sdkPackage<typeof import('@aws-sdk/client-cloudwatch-logs')>('@aws-sdk/client-cloudwatch-logs'),
  client: 'CloudWatchLogsClient',
  operations: {
    DescribeLogGroups: {
      command: 'DescribeLogGroupsCommand',
      paginator: 'paginateDescribeLogGroups',
      items: ['logGroups'],
      shape: shapeOf<DescribeLogGroupsCommandOutput>()({ logGroups: list(obj({ logGroupName: id })) }),
    },
    DescribeSubscriptionFilters: {
      command: 'DescribeSubscriptionFiltersCommand',
      paginator: 'paginateDescribeSubscriptionFilters',
      items: ['subscriptionFilters'],
      absent: ['ResourceNotFoundException'],
      shape: shapeOf<DescribeSubscriptionFiltersCommandOutput>()({ subscriptionFilters: list(obj({ destinationArn: str })) }),
    },
  },
});

export const logsAccessors = (call: CallFn) => ({
  logGroups: async (region: string) =>
    (await call<DescribeLogGroupsCommandOutput>('logs', 'DescribeLogGroups', {}, region)).logGroups ?? [],
  /** The group's subscription filters ([] when it has none or no longer exists). */
  subscriptionFilters: async (region: string, logGroupName: string) =>
    (await call<DescribeSubscriptionFiltersCommandOutput | undefined>('logs', 'DescribeSubscriptionFilters', { logGroupName }, region))
      ?.subscriptionFilters ?? [],
});
