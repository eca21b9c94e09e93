// Amazon EC2 Auto Scaling (regional): the groups and their scaling policies. DescribePolicies without a
// group name returns the policies of every group in the region in one paginated listing.
import type { DescribeAutoScalingGroupsCommandOutput, DescribePoliciesCommandOutput } from '@aws-sdk/client-auto-scaling';
import { defineService, type CallFn } from '../service.js';

export const autoscaling = defineService({
  name: 'autoscaling',
  iamPrefix: 'autoscaling',
  load: () => import('@aws-sdk/client-auto-scaling'),
  client: 'AutoScalingClient',
  operations: {
    DescribeAutoScalingGroups: {
      command: 'DescribeAutoScalingGroupsCommand',
      paginator: 'paginateDescribeAutoScalingGroups',
      items: ['AutoScalingGroups'],
    },
    DescribePolicies: { command: 'DescribePoliciesCommand', paginator: 'paginateDescribePolicies', items: ['ScalingPolicies'] },
  },
});

export const autoscalingAccessors = (call: CallFn) => ({
  groups: async (region: string) =>
    (await call<DescribeAutoScalingGroupsCommandOutput>('autoscaling', 'DescribeAutoScalingGroups', {}, region)).AutoScalingGroups ?? [],
  /** Every scaling policy in the region (each names its AutoScalingGroupName). */
  policies: async (region: string) =>
    (await call<DescribePoliciesCommandOutput>('autoscaling', 'DescribePolicies', {}, region)).ScalingPolicies ?? [],
});
