import { expect } from 'vitest';
import check, { SCALING_NAMESPACES } from '../../../src/checks/reliability/scaling-mechanisms.js';
import { DENIED, DENIED_EXCEPTION, testCheck } from '../../support/check-tester.js';

const P = 'arn:aws:autoscaling:us-east-1:123456789012';
const ASG_ARN = (name: string) => `${P}:autoScalingGroup:1111:autoScalingGroupName/${name}`;
const group = (name = 'web', extra = {}) => ({ AutoScalingGroupName: name, AutoScalingGroupARN: ASG_ARN(name), MinSize: 2, MaxSize: 6, DesiredCapacity: 2, ...extra });
const policy = (groupName: string, PolicyName: string, extra = {}) => ({ AutoScalingGroupName: groupName, PolicyName, PolicyType: 'TargetTrackingScaling', ...extra });
const POLICY = policy('web', 'cpu-target-50');
const ALARM = [{ AlarmName: 'cpu-high', AlarmARN: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high' }];
const TARGET_ARN = (id: string) => `arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/${id}`;
const target = (id = '0ec1', extra = {}) => ({
  ServiceNamespace: 'ecs',
  ResourceId: 'service/prod/api',
  ScalableDimension: 'ecs:service:DesiredCount',
  MinCapacity: 2,
  MaxCapacity: 10,
  ScalableTargetARN: TARGET_ARN(id),
  ...extra,
});
const targetPolicy = (PolicyName = 'api-cpu', extra = {}) => ({
  ServiceNamespace: 'ecs',
  ResourceId: 'service/prod/api',
  ScalableDimension: 'ecs:service:DesiredCount',
  PolicyName,
  PolicyType: 'TargetTrackingScaling',
  ...extra,
});
const TABLE = { ServiceNamespace: 'dynamodb', ResourceId: 'table/orders' };
const READS = { ...TABLE, ScalableDimension: 'dynamodb:table:ReadCapacityUnits' };
const WRITES = { ...TABLE, ScalableDimension: 'dynamodb:table:WriteCapacityUnits' };
const instance = (id: string, tags: { Key: string; Value: string }[] = []) => ({
  InstanceId: id,
  InstanceType: 't3.large',
  State: { Name: 'running' },
  Placement: { AvailabilityZone: 'us-east-1a' },
  Tags: tags,
});

type Per = Partial<Record<string, unknown[]>>;
const perNamespace = (op: string, items: string, byNs: Per, region: string) =>
  Object.fromEntries(SCALING_NAMESPACES.map((ns) => [`applicationautoscaling:${op}@${region} {"ServiceNamespace":"${ns}"}`, { [items]: byNs[ns] ?? [] }]));
const responses = (
  o: { groups?: unknown[]; policies?: unknown[]; instances?: unknown[]; targets?: Per; targetPolicies?: Per } = {},
  region = 'us-east-1',
) => ({
  [`autoscaling:DescribeAutoScalingGroups@${region}`]: { AutoScalingGroups: o.groups ?? [] },
  [`autoscaling:DescribePolicies@${region}`]: { ScalingPolicies: o.policies ?? [] },
  [`ec2:DescribeInstances@${region}`]: { Reservations: [{ Instances: o.instances ?? [] }] },
  ...perNamespace('DescribeScalableTargets', 'ScalableTargets', o.targets ?? {}, region),
  ...perNamespace('DescribeScalingPolicies', 'ScalingPolicies', o.targetPolicies ?? {}, region),
});
const IN_GROUP = [{ Key: 'aws:autoscaling:groupName', Value: 'web' }];
const NOTHING = (region: string) => `arn:aws:autoscaling:${region}:123456789012:*`;

testCheck(check, {
  met: [
    {
      name: 'groupWithTargetTrackingPolicy',
      responses: responses({ groups: [group()], policies: [POLICY], instances: [instance('i-web1', IN_GROUP), instance('i-web2', IN_GROUP)] }),
      expect: { resources: [ASG_ARN('web')], message: 'scales between 2 and 6 (cpu-target-50 (TargetTrackingScaling))' },
    },
    {
      name: 'stepPolicyWithAlarmAndPredictivePolicyThatScales',
      responses: responses({
        groups: [group(), group('api')],
        policies: [
          policy('web', 'step-out', { PolicyType: 'StepScaling', Alarms: ALARM }),
          policy('api', 'predict', { PolicyType: 'PredictiveScaling', PredictiveScalingConfiguration: { Mode: 'ForecastAndScale', MetricSpecifications: [] } }),
        ],
      }),
      expect: { resources: [ASG_ARN('web'), ASG_ARN('api')] },
    },
    {
      name: 'severalGroupsEachWithItsOwnPolicy',
      responses: responses({ groups: [group(), group('api', { MinSize: 1, MaxSize: 3 })], policies: [POLICY, policy('api', 'api-requests')] }),
      expect: { resources: [ASG_ARN('web'), ASG_ARN('api')], message: 'Auto Scaling group api scales between 1 and 3 (api-requests (TargetTrackingScaling))' },
    },
    {
      name: 'targetsOfSeveralNamespacesEachWithItsOwnPolicy',
      responses: responses({
        targets: { ecs: [target()], dynamodb: [{ ...READS, MinCapacity: 5, MaxCapacity: 100, ScalableTargetARN: TARGET_ARN('ddb1') }] },
        targetPolicies: { ecs: [targetPolicy()], dynamodb: [{ ...READS, PolicyName: 'reads', PolicyType: 'TargetTrackingScaling' }] },
      }),
      expect: { resources: [TARGET_ARN('0ec1'), TARGET_ARN('ddb1')], message: 'Scalable target dynamodb:table/orders (dynamodb:table:ReadCapacityUnits) scales between 5 and 100 (reads' },
    },
    {
      name: 'groupBeingDeletedIsLeftOut',
      responses: responses({ groups: [group('old', { Status: 'Delete in progress' })], instances: [instance('i-old', [{ Key: 'aws:autoscaling:groupName', Value: 'old' }])] }),
      expect: { resources: [NOTHING('us-east-1')] },
    },
    {
      name: 'nothingInRegion',
      responses: responses({ instances: [{ ...instance('i-gone'), State: { Name: 'terminated' } }] }),
      expect: { resources: [NOTHING('us-east-1')], message: 'nothing here needs scaling' },
    },
    {
      // No group and no target: their policies are not read (were they, the denials would make this an error).
      name: 'noGroupOrTargetSoPoliciesAreNotRead',
      responses: {
        ...responses(),
        'autoscaling:DescribePolicies@us-east-1': DENIED,
        ...Object.fromEntries(SCALING_NAMESPACES.map((ns) => [`applicationautoscaling:DescribeScalingPolicies@us-east-1 {"ServiceNamespace":"${ns}"}`, DENIED_EXCEPTION])),
      },
      expect: { resources: [NOTHING('us-east-1')], message: 'nothing here needs scaling' },
    },
    {
      name: 'anEmptyRegionDoesNotHoldTheItemBack',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...responses({ groups: [group()], policies: [POLICY] }), ...responses({}, 'eu-west-1') },
      expect: { resources: [ASG_ARN('web'), NOTHING('eu-west-1')] },
    },
  ],
  notMet: [
    {
      name: 'groupWithLaunchSuspended',
      responses: responses({ groups: [group('web', { SuspendedProcesses: [{ ProcessName: 'Launch' }, { ProcessName: 'AZRebalance' }] })], policies: [POLICY] }),
      expect: { resources: [ASG_ARN('web')], message: 'has scaling policies but Launch suspended: it cannot scale out' },
    },
    {
      name: 'groupWithAlarmNotificationSuspendedAmongOthers',
      responses: responses({ groups: [group(), group('api', { SuspendedProcesses: [{ ProcessName: 'AlarmNotification' }] })], policies: [POLICY, policy('api', 'api-requests')] }),
      expect: { resources: [ASG_ARN('api')], metResources: [ASG_ARN('web')], message: 'AlarmNotification suspended' },
    },
    {
      name: 'targetWithScaleOutSuspended',
      responses: responses({ targets: { ecs: [target('0ec1', { SuspendedState: { DynamicScalingOutSuspended: true, DynamicScalingInSuspended: false } })] }, targetPolicies: { ecs: [targetPolicy()] } }),
      expect: { resources: [TARGET_ARN('0ec1')], message: 'Scalable target ecs:service/prod/api (ecs:service:DesiredCount) has dynamic scale-out suspended' },
    },
    {
      name: 'notMetStandsWhenAnotherLookFails',
      responses: {
        ...responses({ groups: [group('web', { SuspendedProcesses: [{ ProcessName: 'Launch' }] })], policies: [POLICY] }),
        'applicationautoscaling:DescribeScalableTargets@us-east-1 {"ServiceNamespace":"ecs"}': DENIED_EXCEPTION,
      },
      expect: { resources: [ASG_ARN('web')], check: (r) => expectErrors(r, ['arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/* (ecs)']) },
    },
  ],
  cannotTell: [
    {
      name: 'fixedSizeGroupIsManual',
      responses: responses({ groups: [group('web', { MinSize: 2, MaxSize: 2 })], policies: [POLICY] }),
      expect: { status: 'manual', resources: [ASG_ARN('web')], message: 'does not scale by itself (min = max = 2)' },
    },
    {
      // MinSize is always returned (Auto Scaling API reference): without it the whole answer is malformed.
      name: 'groupWithoutBoundsIsAMalformedAnswer',
      responses: responses({ groups: [group('web', { MinSize: undefined })], policies: [POLICY] }),
      expect: {
        status: 'error',
        resources: ['arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:*', 'arn:aws:ec2:us-east-1:123456789012:instance/*'],
        message: 'autoscaling:DescribeAutoScalingGroups@us-east-1 answered a malformed response: AutoScalingGroups[0].MinSize is missing',
      },
    },
    {
      name: 'groupWithoutPolicyIsManual',
      responses: responses({ groups: [group()] }),
      expect: { status: 'manual', resources: [ASG_ARN('web')], message: 'does not scale by itself (no scaling policy)' },
    },
    {
      name: 'policyOfAnotherGroupDoesNotCount',
      responses: responses({ groups: [group(), group('batch')], policies: [POLICY, policy('gone', 'orphan')] }),
      expect: { status: 'manual', resources: [ASG_ARN('batch')], metResources: [ASG_ARN('web')], message: 'Auto Scaling group batch does not scale by itself (no scaling policy)' },
    },
    {
      name: 'policiesThatCannotActAreManual',
      responses: responses({
        groups: [group()],
        policies: [
          { ...POLICY, Enabled: false },
          policy('web', 'forecast', { PolicyType: 'PredictiveScaling', PredictiveScalingConfiguration: { MetricSpecifications: [] } }),
          policy('web', 'forecast-only', { PolicyType: 'PredictiveScaling', PredictiveScalingConfiguration: { Mode: 'ForecastOnly', MetricSpecifications: [] } }),
          policy('web', 'step-out', { PolicyType: 'StepScaling', Alarms: [] }),
          policy('web', 'legacy', { PolicyType: undefined }),
        ],
      }),
      expect: {
        status: 'manual',
        resources: [ASG_ARN('web')],
        message:
          'no scaling policy that can act: cpu-target-50: disabled; forecast: forecast only; forecast-only: forecast only; step-out: no alarm invokes it; legacy: no alarm invokes it',
      },
    },
    {
      name: 'targetWithMinEqualToMaxIsManual',
      responses: responses({ targets: { ecs: [target('0ec1', { MinCapacity: 4, MaxCapacity: 4 })] }, targetPolicies: { ecs: [targetPolicy()] } }),
      expect: { status: 'manual', resources: [TARGET_ARN('0ec1')], message: 'does not scale by itself (min = max = 4)' },
    },
    {
      name: 'targetWithoutPolicyIsManual',
      responses: responses({ targets: { ecs: [target()] } }),
      expect: { status: 'manual', resources: [TARGET_ARN('0ec1')], message: 'does not scale by itself (no scaling policy): attest how it is scaled' },
    },
    {
      name: 'policyOfAnotherTargetDoesNotCount',
      responses: responses({
        targets: {
          ecs: [target(), target('0ec2', { ResourceId: 'service/prod/worker' })],
          dynamodb: [
            { ...READS, MinCapacity: 5, MaxCapacity: 100, ScalableTargetARN: TARGET_ARN('ddb-r') },
            { ...WRITES, MinCapacity: 5, MaxCapacity: 100, ScalableTargetARN: TARGET_ARN('ddb-w') },
          ],
        },
        targetPolicies: {
          // The worker has a policy only under another namespace (a malformed answer): it never counts.
          ecs: [targetPolicy(), targetPolicy('worker-cpu', { ResourceId: 'service/prod/worker', ServiceNamespace: 'dynamodb' })],
          dynamodb: [{ ...READS, PolicyName: 'reads', PolicyType: 'TargetTrackingScaling' }],
        },
      }),
      expect: { status: 'manual', resources: [TARGET_ARN('0ec2'), TARGET_ARN('ddb-w')], metResources: [TARGET_ARN('0ec1'), TARGET_ARN('ddb-r')] },
    },
    {
      name: 'targetPoliciesThatCannotActAreManual',
      responses: responses({
        targets: { ecs: [target()] },
        targetPolicies: {
          ecs: [
            targetPolicy('predict', { PolicyType: 'PredictiveScaling', PredictiveScalingPolicyConfiguration: { Mode: 'ForecastOnly', MetricSpecifications: [] } }),
            targetPolicy('step', { PolicyType: 'StepScaling' }),
          ],
        },
      }),
      expect: { status: 'manual', resources: [TARGET_ARN('0ec1')], message: 'no scaling policy that can act: predict: forecast only; step: no alarm invokes it' },
    },
    {
      name: 'standaloneInstanceIsManual',
      responses: responses({ groups: [group()], policies: [POLICY], instances: [instance('i-batch'), instance('i-web1', IN_GROUP)] }),
      expect: { status: 'manual', resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-batch'], metResources: [ASG_ARN('web')], message: 'Instance i-batch is not in any Auto Scaling group' },
    },
    {
      name: 'groupsDenied',
      responses: { ...responses(), 'autoscaling:DescribeAutoScalingGroups@us-east-1': DENIED },
      expect: {
        resources: [`${P}:autoScalingGroup:*`, 'arn:aws:ec2:us-east-1:123456789012:instance/*'],
        missingPermission: 'autoscaling:DescribeAutoScalingGroups',
      },
    },
    {
      name: 'policiesDenied',
      responses: { ...responses({ groups: [group()], instances: [instance('i-batch')] }), 'autoscaling:DescribePolicies@us-east-1': DENIED },
      expect: { resources: [`${P}:autoScalingGroup:*`], missingPermission: 'autoscaling:DescribePolicies' },
    },
    {
      name: 'scalableTargetsDenied',
      responses: { ...responses(), 'applicationautoscaling:DescribeScalableTargets@us-east-1 {"ServiceNamespace":"dynamodb"}': DENIED_EXCEPTION },
      expect: { resources: ['arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/* (dynamodb)'], missingPermission: 'application-autoscaling:DescribeScalableTargets' },
    },
    {
      name: 'scalingPoliciesDenied',
      responses: { ...responses({ targets: { ecs: [target()] } }), 'applicationautoscaling:DescribeScalingPolicies@us-east-1 {"ServiceNamespace":"ecs"}': DENIED_EXCEPTION },
      expect: { resources: ['arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/* (ecs)'], missingPermission: 'application-autoscaling:DescribeScalingPolicies' },
    },
    {
      name: 'instancesDenied',
      responses: { ...responses({ groups: [group()], policies: [POLICY] }), 'ec2:DescribeInstances@us-east-1': DENIED },
      expect: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/*'], metResources: [ASG_ARN('web')], missingPermission: 'ec2:DescribeInstances' },
    },
  ],
});

function expectErrors(r: { findings: { status: string; resource: string }[] }, resources: string[]): void {
  expect(r.findings.filter((f) => f.status === 'error').map((f) => f.resource)).toEqual(resources);
}
