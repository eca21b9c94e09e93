// 2.2 Infrastructure scaling mechanisms align with business requirements.
// The item is met either by auto scaling at each layer or by documented, tested manual scaling, so the
// API can prove "scales automatically" but never that manual scaling is wrong. Per region:
// - Auto Scaling groups (autoscaling:DescribeAutoScalingGroups) and scaling policies (autoscaling:DescribePolicies).
//   A policy counts only for the group it names (AutoScalingGroupName), and only when it can act: not
//   Enabled false; a predictive policy only in Mode ForecastAndScale (the default, ForecastOnly, forecasts and
//   never scales); a step or simple policy (PolicyType absent means simple) only with an alarm to invoke it.
//   A group with such a policy and MinSize < MaxSize → met; min = max (it cannot scale), or no policy that
//   acts → manual (scheduled actions are not read).
// - Application Auto Scaling targets (application-autoscaling:DescribeScalableTargets + DescribeScalingPolicies)
//   in the namespaces below, one call each (policies only where targets are registered, groups' policies only
//   where there are groups): ecs (services), dynamodb (provisioned tables/indexes), rds (Aurora
//   replicas), lambda (provisioned concurrency). A policy counts only for the target with its ServiceNamespace,
//   ResourceId and ScalableDimension, under the same rules; policy and MinCapacity < MaxCapacity → met; else manual.
// - A mechanism that exists but is switched off (group with policies and the Launch or AlarmNotification
//   process suspended; target with DynamicScalingOutSuspended) → not met: it cannot scale out.
// - Instances outside any group (ec2:DescribeInstances, no aws:autoscaling:groupName tag) → manual evidence.
// Each look (groups, each namespace, instances) settles on its own: a failed call is an `error` for that
// look, and what the others found stands. No group, target or instance in the region → met (nothing here
// needs scaling): an empty region does not hold the item back.
import type { ScalableTarget, ScalingPolicy as TargetPolicy, ServiceNamespace } from '@aws-sdk/client-application-auto-scaling';
import type { AutoScalingGroup, ScalingPolicy } from '@aws-sdk/client-auto-scaling';
import type { Finding } from '../../model.js';
import { defineCheck, manual, met, notMet } from '../define-check.js';
import { nameTag, standaloneInstances } from '../ec2-instances.js';
import { look } from '../settle.js';

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
    const arn = (service: string, resource: string) => `arn:${account.partition}:${service}:${region}:${account.id}:${resource}`;
    const looks = await Promise.all([
      look(arn('autoscaling', 'autoScalingGroup:*'), async () => {
        // A group's Status is set only while it is being deleted: it scales nothing any more.
        const groups = (await aws.autoscaling.groups(region)).filter((g) => g.Status === undefined);
        // Policies are read only where there is a group for them to count for (most Regions have none).
        const policies = groups.length ? await aws.autoscaling.policies(region) : [];
        return groups.map((g) => groupFinding(g, policies.filter((p) => p.AutoScalingGroupName === g.AutoScalingGroupName)));
      }),
      ...SCALING_NAMESPACES.map((ns) =>
        look(arn('application-autoscaling', `scalable-target/* (${ns})`), async () => {
          const targets = await aws.applicationautoscaling.scalableTargets(region, ns);
          // A scaling policy belongs to a registered target: none registered, none to read.
          const policies = targets.length ? await aws.applicationautoscaling.scalingPolicies(region, ns) : [];
          return targets.map((t) => targetFinding(t, policies.filter((p) => sameTarget(p, t))));
        }),
      ),
      look(arn('ec2', 'instance/*'), async () => {
        const [instances, groups] = await Promise.all([aws.ec2.instances(region), aws.autoscaling.groups(region)]);
        return standaloneInstances(instances, groups).map((i) => manual(
          arn('ec2', `instance/${i.InstanceId}`),
          `Instance ${i.InstanceId} is not in any Auto Scaling group: attest how it is scaled (documented, tested manual procedure).`,
          { type: i.InstanceType, az: i.Placement?.AvailabilityZone, state: i.State?.Name, name: nameTag(i) },
        ));
      }),
    ]);
    const findings = looks.flat();
    if (findings.length > 0) return findings;
    const none = `No EC2 instances, Auto Scaling groups or scalable targets in ${region}: nothing here needs scaling.`;
    return [met(arn('autoscaling', '*'), none, { namespaces: SCALING_NAMESPACES })];
  },
});

const sameTarget = (p: TargetPolicy, t: ScalableTarget) =>
  p.ServiceNamespace === t.ServiceNamespace && p.ResourceId === t.ResourceId && p.ScalableDimension === t.ScalableDimension;

/** Why a policy cannot scale anything, or undefined when it can. */
function idle(p: { PolicyType?: string; Alarms?: unknown[]; Enabled?: boolean }, mode: string | undefined): string | undefined {
  if (p.Enabled === false) return 'disabled';
  const type = p.PolicyType ?? 'SimpleScaling';
  if (type === 'PredictiveScaling') return mode === 'ForecastAndScale' ? undefined : 'forecast only';
  if (type !== 'TargetTrackingScaling' && (p.Alarms ?? []).length === 0) return 'no alarm invokes it';
  return undefined;
}

/** Policies that scale (`name (type)`) and those that cannot (`name: why`). */
function sortPolicies<P extends { PolicyName?: string; PolicyType?: string }>(policies: P[], why: (p: P) => string | undefined) {
  const active = policies.filter((p) => !why(p)).map((p) => `${p.PolicyName} (${p.PolicyType ?? 'SimpleScaling'})`);
  const inactive = policies.filter((p) => why(p)).map((p) => `${p.PolicyName}: ${why(p)}`);
  return { active, inactive };
}

/** Whether the capacity range lets the mechanism scale at all (absent bounds never do). */
const canScale = (min: number | undefined, max: number | undefined) => typeof min === 'number' && typeof max === 'number' && min < max;

function fixedWhy(active: string[], inactive: string[], min: number | undefined, max: number | undefined): string {
  if (active.length === 0) return inactive.length ? `no scaling policy that can act: ${inactive.join('; ')}` : 'no scaling policy';
  return min === max ? `min = max = ${max}` : `capacity range ${min}–${max} allows no scaling`;
}

function groupFinding(g: AutoScalingGroup, policies: ScalingPolicy[]): Finding {
  const arn = g.AutoScalingGroupARN ?? `${g.AutoScalingGroupName}`;
  const { active, inactive } = sortPolicies(policies, (p) => idle(p, p.PredictiveScalingConfiguration?.Mode));
  const suspended = (g.SuspendedProcesses ?? []).map((s) => s.ProcessName ?? '').filter((p) => SCALE_OUT_PROCESSES.includes(p));
  const evidence = { minSize: g.MinSize, maxSize: g.MaxSize, desired: g.DesiredCapacity, policies: active, inactivePolicies: inactive, suspended };
  const name = `Auto Scaling group ${g.AutoScalingGroupName}`;
  if (active.length > 0 && suspended.length > 0) return notMet(arn, `${name} has scaling policies but ${suspended.join(' and ')} suspended: it cannot scale out.`, evidence);
  if (active.length > 0 && canScale(g.MinSize, g.MaxSize)) return met(arn, `${name} scales between ${g.MinSize} and ${g.MaxSize} (${active.join(', ')}).`, evidence);
  const why = fixedWhy(active, inactive, g.MinSize, g.MaxSize);
  return manual(arn, `${name} does not scale by itself (${why}): attest its documented, tested manual scaling procedure.`, evidence);
}

function targetFinding(t: ScalableTarget, policies: TargetPolicy[]): Finding {
  const id = `${t.ServiceNamespace}:${t.ResourceId} (${t.ScalableDimension})`;
  const arn = t.ScalableTargetARN ?? id;
  const { active, inactive } = sortPolicies(policies, (p) => idle(p, p.PredictiveScalingPolicyConfiguration?.Mode));
  const evidence = { minCapacity: t.MinCapacity, maxCapacity: t.MaxCapacity, policies: active, inactivePolicies: inactive, suspendedState: t.SuspendedState };
  if (active.length > 0 && t.SuspendedState?.DynamicScalingOutSuspended === true) return notMet(arn, `Scalable target ${id} has dynamic scale-out suspended.`, evidence);
  if (active.length > 0 && canScale(t.MinCapacity, t.MaxCapacity)) {
    return met(arn, `Scalable target ${id} scales between ${t.MinCapacity} and ${t.MaxCapacity} (${active.join(', ')}).`, evidence);
  }
  const why = fixedWhy(active, inactive, t.MinCapacity, t.MaxCapacity);
  return manual(arn, `Scalable target ${id} does not scale by itself (${why}): attest how it is scaled.`, evidence);
}
