// 2.2 Infrastructure scaling mechanisms align with business requirements.
// The item is met either by auto scaling at each layer or by documented, tested manual scaling, so the
// API can prove "scales automatically" but never that manual scaling is wrong. Per region:
// - Auto Scaling groups (autoscaling:DescribeAutoScalingGroups) with scaling policies
//   (autoscaling:DescribePolicies, any type incl. predictive; a policy with Enabled false does not count) and
//   MinSize < MaxSize → met; a group with MinSize == MaxSize or no enabled policy is fixed-size → manual
//   (scheduled actions are not read).
// - Application Auto Scaling targets (application-autoscaling:DescribeScalableTargets + DescribeScalingPolicies)
//   in the namespaces below, each a call: ecs (services), dynamodb (provisioned tables/indexes), rds (Aurora
//   replicas), lambda (provisioned concurrency). A target with a policy and Min < Max → met; otherwise manual.
// - A mechanism that exists but is switched off (group with policies and the Launch or AlarmNotification
//   process suspended; target with DynamicScalingOutSuspended) → not met: it cannot scale out.
// - Instances outside any group (ec2:DescribeInstances, no aws:autoscaling:groupName tag) → manual evidence.
// No group, target or instance in the region → met (nothing here needs scaling).
import type { ScalableTarget, ScalingPolicy as TargetPolicy, ServiceNamespace } from '@aws-sdk/client-application-auto-scaling';
import type { AutoScalingGroup, ScalingPolicy } from '@aws-sdk/client-auto-scaling';
import { defineCheck, manual, met, notMet } from '../define-check.js';
import type { Finding } from '../../model.js';
import { nameTag, standaloneInstances } from '../ec2-instances.js';

/** Application Auto Scaling namespaces looked at: one call each, per region. */
export const SCALING_NAMESPACES: readonly ServiceNamespace[] = ['ecs', 'dynamodb', 'rds', 'lambda'];
const SCALE_OUT_PROCESSES = ['Launch', 'AlarmNotification'];

export default defineCheck({
  meta: {
    id: '2.2',
    kind: 'partial',
    scope: 'region',
    permissions: [
      'autoscaling:DescribeAutoScalingGroups',
      'autoscaling:DescribePolicies',
      'application-autoscaling:DescribeScalableTargets',
      'application-autoscaling:DescribeScalingPolicies',
      'ec2:DescribeInstances',
    ],
    remediation:
      'Put each layer behind an automatic scaling mechanism (EC2 Auto Scaling policies, Application Auto Scaling for ' +
      'ECS, DynamoDB, Aurora, Lambda) and resume suspended scaling processes — or document the manual scaling ' +
      'procedure, why auto scaling is not needed, and when it was last tested.',
    docs: 'https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_adapt_to_changes_autoscale_adapt.html',
  },
  async run({ aws, region, account }) {
    const [groups, policies, instances, targets, targetPolicies] = await Promise.all([
      aws.autoscaling.groups(region),
      aws.autoscaling.policies(region),
      aws.ec2.instances(region),
      Promise.all(SCALING_NAMESPACES.map((ns) => aws.applicationautoscaling.scalableTargets(region, ns))).then((t) => t.flat()),
      Promise.all(SCALING_NAMESPACES.map((ns) => aws.applicationautoscaling.scalingPolicies(region, ns))).then((p) => p.flat()),
    ]);
    const findings: Finding[] = [
      ...groups.map((g) => groupFinding(g, policies.filter((p) => p.AutoScalingGroupName === g.AutoScalingGroupName))),
      ...targets.map((t) =>
        targetFinding(t, targetPolicies.filter((p) => p.ResourceId === t.ResourceId && p.ScalableDimension === t.ScalableDimension)),
      ),
    ];
    for (const i of standaloneInstances(instances, groups)) {
      const arn = `arn:${account.partition}:ec2:${region}:${account.id}:instance/${i.InstanceId}`;
      const name = nameTag(i);
      const evidence = { type: i.InstanceType, az: i.Placement?.AvailabilityZone, state: i.State?.Name, name };
      findings.push(manual(
        arn,
        `Instance ${i.InstanceId} is not in any Auto Scaling group: attest how it is scaled (documented, tested manual procedure).`,
        evidence,
      ));
    }
    if (findings.length > 0) return findings;
    const none = `No EC2 instances, Auto Scaling groups or scalable targets in ${region}: nothing here needs scaling.`;
    return [met(`arn:${account.partition}:autoscaling:${region}:${account.id}:*`, none, { namespaces: SCALING_NAMESPACES })];
  },
});

function groupFinding(g: AutoScalingGroup, policies: ScalingPolicy[]): Finding {
  const arn = g.AutoScalingGroupARN ?? `${g.AutoScalingGroupName}`;
  const names = policies.filter((p) => p.Enabled !== false).map((p) => `${p.PolicyName} (${p.PolicyType})`);
  const disabled = policies.filter((p) => p.Enabled === false).map((p) => p.PolicyName);
  const suspended = (g.SuspendedProcesses ?? []).map((s) => s.ProcessName ?? '').filter((p) => SCALE_OUT_PROCESSES.includes(p));
  const evidence = { minSize: g.MinSize, maxSize: g.MaxSize, desired: g.DesiredCapacity, policies: names, disabledPolicies: disabled, suspended };
  const name = `Auto Scaling group ${g.AutoScalingGroupName}`;
  if (names.length > 0 && suspended.length > 0) return notMet(
    arn,
    `${name} has scaling policies but ${suspended.join(' and ')} suspended: it cannot scale out.`,
    evidence,
  );
  if (names.length > 0 && (g.MinSize ?? 0) < (g.MaxSize ?? 0)) return met(
    arn,
    `${name} scales between ${g.MinSize} and ${g.MaxSize} (${names.join(', ')}).`,
    evidence,
  );
  const why = names.length ? `min = max = ${g.MaxSize}` : disabled.length ? `its scaling policies are disabled: ${disabled.join(', ')}` : 'no scaling policy';
  return manual(arn, `${name} is fixed-size (${why}): attest its documented, tested manual scaling procedure.`, evidence);
}

function targetFinding(t: ScalableTarget, policies: TargetPolicy[]): Finding {
  const id = `${t.ServiceNamespace}:${t.ResourceId} (${t.ScalableDimension})`;
  const arn = t.ScalableTargetARN ?? id;
  const names = policies.map((p) => p.PolicyName);
  const evidence = { minCapacity: t.MinCapacity, maxCapacity: t.MaxCapacity, policies: names, suspendedState: t.SuspendedState };
  if (names.length > 0 && t.SuspendedState?.DynamicScalingOutSuspended) return notMet(
    arn,
    `Scalable target ${id} has dynamic scale-out suspended.`,
    evidence,
  );
  if (names.length > 0 && (t.MinCapacity ?? 0) < (t.MaxCapacity ?? 0)) return met(
    arn,
    `Scalable target ${id} scales between ${t.MinCapacity} and ${t.MaxCapacity}.`,
    evidence,
  );
  return manual(arn, `Scalable target ${id} has no effective scaling policy (or min = max): attest how it is scaled.`, evidence);
}
