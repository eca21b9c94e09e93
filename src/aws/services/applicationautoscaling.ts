// Application Auto Scaling (regional): scalable targets (ECS services, DynamoDB tables, Aurora replicas,
// Lambda provisioned concurrency, …) and their scaling policies. Both operations require a
// ServiceNamespace, so each namespace is its own call; callers keep the list of namespaces short.
import type {
  DescribeScalableTargetsCommandOutput,
  DescribeScalingPoliciesCommandOutput,
  ServiceNamespace,
} from '@aws-sdk/client-application-auto-scaling';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { bool, list, maybe, obj, shapeOf, str } from '../shapes.js';

export const applicationautoscaling = defineService({
  name: 'applicationautoscaling',
  iamPrefix: 'application-autoscaling',
  load: () => sdkPackage<typeof import('@aws-sdk/client-application-auto-scaling')>('@aws-sdk/client-application-auto-scaling'),
  client: 'ApplicationAutoScalingClient',
  operations: {
    DescribeScalableTargets: {
      command: 'DescribeScalableTargetsCommand',
      paginator: 'paginateDescribeScalableTargets',
      items: ['ScalableTargets'],
      shape: shapeOf<DescribeScalableTargetsCommandOutput>()({
        ScalableTargets: list(
          obj({
            ServiceNamespace: z.string(),
            ResourceId: z.string(),
            ScalableDimension: z.string(),
            MinCapacity: z.number(),
            MaxCapacity: z.number(),
            ScalableTargetARN: str,
            SuspendedState: maybe({ DynamicScalingOutSuspended: bool }),
          }),
        ),
      }),
    },
    DescribeScalingPolicies: {
      command: 'DescribeScalingPoliciesCommand',
      paginator: 'paginateDescribeScalingPolicies',
      items: ['ScalingPolicies'],
      shape: shapeOf<DescribeScalingPoliciesCommandOutput>()({
        ScalingPolicies: list(obj({ PolicyName: z.string(), ResourceId: z.string(), ScalableDimension: z.string() })),
      }),
    },
  },
});

export const applicationautoscalingAccessors = (call: CallFn) => ({
  scalableTargets: async (region: string, ServiceNamespace: ServiceNamespace) =>
    (await call<DescribeScalableTargetsCommandOutput>('applicationautoscaling', 'DescribeScalableTargets', { ServiceNamespace }, region))
      .ScalableTargets ?? [],
  scalingPolicies: async (region: string, ServiceNamespace: ServiceNamespace) =>
    (await call<DescribeScalingPoliciesCommandOutput>('applicationautoscaling', 'DescribeScalingPolicies', { ServiceNamespace }, region))
      .ScalingPolicies ?? [],
});
