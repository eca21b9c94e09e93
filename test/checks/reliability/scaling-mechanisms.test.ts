import check, { SCALING_NAMESPACES } from '../../../src/checks/reliability/scaling-mechanisms.js';
import { DENIED, DENIED_EXCEPTION, testCheck } from '../../support/check-tester.js';

const ASG_ARN = 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1111:autoScalingGroupName/web';
const group = (extra = {}) => ({ AutoScalingGroupName: 'web', AutoScalingGroupARN: ASG_ARN, MinSize: 2, MaxSize: 6, DesiredCapacity: 2, ...extra });
const POLICY = { AutoScalingGroupName: 'web', PolicyName: 'cpu-target-50', PolicyType: 'TargetTrackingScaling' };
const target = (extra = {}) => ({
  ServiceNamespace: 'ecs',
  ResourceId: 'service/prod/api',
  ScalableDimension: 'ecs:service:DesiredCount',
  MinCapacity: 2,
  MaxCapacity: 10,
  ScalableTargetARN: 'arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/0ec1',
  ...extra,
});
const TARGET_POLICY = { ResourceId: 'service/prod/api', ScalableDimension: 'ecs:service:DesiredCount', PolicyName: 'api-cpu' };
const instance = (id: string, tags: { Key: string; Value: string }[] = []) => ({
  InstanceId: id,
  InstanceType: 't3.large',
  State: { Name: 'running' },
  Placement: { AvailabilityZone: 'us-east-1a' },
  Tags: tags,
});

const perNamespace = (op: string, items: string, ecs: unknown[]) =>
  Object.fromEntries(
    SCALING_NAMESPACES.map((ns) => [
      `applicationautoscaling:${op}@us-east-1 {"ServiceNamespace":"${ns}"}`,
      { [items]: ns === 'ecs' ? ecs : [] },
    ]),
  );
const responses = (o: { groups?: unknown[]; policies?: unknown[]; instances?: unknown[]; targets?: unknown[]; targetPolicies?: unknown[] } = {}) => ({
  'autoscaling:DescribeAutoScalingGroups@us-east-1': { AutoScalingGroups: o.groups ?? [] },
  'autoscaling:DescribePolicies@us-east-1': { ScalingPolicies: o.policies ?? [] },
  'ec2:DescribeInstances@us-east-1': { Reservations: [{ Instances: o.instances ?? [] }] },
  ...perNamespace('DescribeScalableTargets', 'ScalableTargets', o.targets ?? []),
  ...perNamespace('DescribeScalingPolicies', 'ScalingPolicies', o.targetPolicies ?? []),
});
const IN_GROUP = [{ Key: 'aws:autoscaling:groupName', Value: 'web' }];

testCheck(check, {
  met: [
    {
      name: 'groupWithTargetTrackingPolicy',
      responses: responses({ groups: [group()], policies: [POLICY], instances: [instance('i-web1', IN_GROUP), instance('i-web2', IN_GROUP)] }),
      expect: { resources: [ASG_ARN], message: 'scales between 2 and 6' },
    },
    { name: 'ecsServiceWithScalingPolicy', responses: responses({ targets: [target()], targetPolicies: [TARGET_POLICY] }) },
    { name: 'nothingInRegion', responses: responses({ instances: [instance('i-gone')].map((i) => ({ ...i, State: { Name: 'terminated' } })) }), expect: { message: 'nothing here needs scaling' } },
  ],
  notMet: [
    {
      name: 'groupWithLaunchSuspended',
      responses: responses({ groups: [group({ SuspendedProcesses: [{ ProcessName: 'Launch' }, { ProcessName: 'AZRebalance' }] })], policies: [POLICY] }),
      expect: { resources: [ASG_ARN], message: 'Launch suspended' },
    },
    {
      name: 'targetWithScaleOutSuspended',
      responses: responses({ targets: [target({ SuspendedState: { DynamicScalingOutSuspended: true } })], targetPolicies: [TARGET_POLICY] }),
      expect: { message: 'scale-out suspended' },
    },
  ],
  cannotTell: [
    {
      name: 'fixedSizeGroupIsManual',
      responses: responses({ groups: [group({ MinSize: 2, MaxSize: 2 })], policies: [POLICY] }),
      expect: { status: 'manual', resources: [ASG_ARN], message: 'min = max = 2' },
    },
    { name: 'groupWithoutPolicyIsManual', responses: responses({ groups: [group()] }), expect: { status: 'manual', message: 'no scaling policy' } },
    {
      name: 'groupWhosePolicyIsDisabledIsManual',
      responses: responses({ groups: [group()], policies: [{ ...POLICY, Enabled: false }] }),
      expect: { status: 'manual', resources: [ASG_ARN], message: 'its scaling policies are disabled: cpu-target-50' },
    },
    { name: 'targetWithoutPolicyIsManual', responses: responses({ targets: [target()] }), expect: { status: 'manual' } },
    {
      name: 'standaloneInstanceIsManual',
      responses: responses({ groups: [group()], policies: [POLICY], instances: [instance('i-batch'), instance('i-web1', IN_GROUP)] }),
      expect: { status: 'manual', resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-batch'] },
    },
    {
      name: 'groupsDenied',
      responses: { ...responses(), 'autoscaling:DescribeAutoScalingGroups@us-east-1': DENIED },
      expect: { missingPermission: 'autoscaling:DescribeAutoScalingGroups' },
    },
    { name: 'policiesDenied', responses: { ...responses(), 'autoscaling:DescribePolicies@us-east-1': DENIED }, expect: { missingPermission: 'autoscaling:DescribePolicies' } },
    {
      name: 'scalableTargetsDenied',
      responses: { ...responses(), 'applicationautoscaling:DescribeScalableTargets@us-east-1 {"ServiceNamespace":"dynamodb"}': DENIED_EXCEPTION },
      expect: { missingPermission: 'application-autoscaling:DescribeScalableTargets' },
    },
    {
      name: 'scalingPoliciesDenied',
      responses: { ...responses(), 'applicationautoscaling:DescribeScalingPolicies@us-east-1 {"ServiceNamespace":"ecs"}': DENIED_EXCEPTION },
      expect: { missingPermission: 'application-autoscaling:DescribeScalingPolicies' },
    },
    { name: 'instancesDenied', responses: { ...responses(), 'ec2:DescribeInstances@us-east-1': DENIED }, expect: { missingPermission: 'ec2:DescribeInstances' } },
  ],
});
