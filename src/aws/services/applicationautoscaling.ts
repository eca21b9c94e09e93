// Application Auto Scaling (regional): scalable targets (ECS services, DynamoDB tables, Aurora replicas,
// Lambda provisioned concurrency, …) and their scaling policies. Both operations require a
// ServiceNamespace, so each namespace is its own call; callers keep the list of namespaces short.
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  paginateDescribeScalableTargets,
  paginateDescribeScalingPolicies,
  type DescribeScalableTargetsCommandOutput,
  type DescribeScalingPoliciesCommandOutput,
  type ServiceNamespace,
} from '@aws-sdk/client-application-auto-scaling';
import { defineService, type CallFn } from '../service.js';

export const applicationautoscaling = defineService({
  name: 'applicationautoscaling',
  iamPrefix: 'application-autoscaling',
  client: (config) => new ApplicationAutoScalingClient(config),
  operations: {
    DescribeScalableTargets: {
      command: DescribeScalableTargetsCommand,
      paginator: paginateDescribeScalableTargets,
      items: ['ScalableTargets'],
    },
    DescribeScalingPolicies: {
      command: DescribeScalingPoliciesCommand,
      paginator: paginateDescribeScalingPolicies,
      items: ['ScalingPolicies'],
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
