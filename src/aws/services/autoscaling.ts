// Amazon EC2 Auto Scaling (regional): the groups and their scaling policies. DescribePolicies without a
// group name returns the policies of every group in the region in one paginated listing.
import type { DescribeAutoScalingGroupsCommandOutput, DescribePoliciesCommandOutput } from '@aws-sdk/client-auto-scaling';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { bool, list, num, obj, shapeOf, str, strings } from '../shapes.js';

export const autoscaling = defineService({
  name: 'autoscaling',
  iamPrefix: 'autoscaling',
  load: () => sdkPackage<typeof import('@aws-sdk/client-auto-scaling')>('@aws-sdk/client-auto-scaling'),
  client: 'AutoScalingClient',
  listsAlwaysSent: true,
  operations: {
    DescribeAutoScalingGroups: {
      command: 'DescribeAutoScalingGroupsCommand',
      paginator: 'paginateDescribeAutoScalingGroups',
      items: ['AutoScalingGroups'],
      shape: shapeOf<DescribeAutoScalingGroupsCommandOutput>()({
        AutoScalingGroups: z.array(
          obj({
            AutoScalingGroupName: z.string(),
            AutoScalingGroupARN: str,
            MinSize: z.number(),
            MaxSize: z.number(),
            DesiredCapacity: num,
            AvailabilityZones: strings,
            Instances: list(obj({ InstanceId: z.string() })),
            SuspendedProcesses: list(obj({ ProcessName: str })),
          }),
        ),
      }),
    },
    DescribePolicies: {
      command: 'DescribePoliciesCommand',
      paginator: 'paginateDescribePolicies',
      items: ['ScalingPolicies'],
      // A policy names its group; Enabled false is a disabled policy (a "false" string would read as enabled).
      shape: shapeOf<DescribePoliciesCommandOutput>()({
        ScalingPolicies: list(obj({ AutoScalingGroupName: str, PolicyName: str, PolicyType: str, Enabled: bool })),
      }),
    },
  },
});

export const autoscalingAccessors = (call: CallFn) => ({
  groups: async (region: string) =>
    (await call<DescribeAutoScalingGroupsCommandOutput>('autoscaling', 'DescribeAutoScalingGroups', {}, region)).AutoScalingGroups ?? [],
  /** Every scaling policy in the region (each names its AutoScalingGroupName). */
  policies: async (region: string) =>
    (await call<DescribePoliciesCommandOutput>('autoscaling', 'DescribePolicies', {}, region)).ScalingPolicies ?? [],
});
