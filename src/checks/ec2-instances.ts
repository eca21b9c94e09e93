// EC2 instances as several checks read them (ec2:DescribeInstances): which are still there, and which
// run on their own, outside any Auto Scaling group (2.2 asks how those scale, 2.8 what stands in for them
// when their AZ goes down).
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { Instance } from '@aws-sdk/client-ec2';

const GONE = new Set(['terminated', 'shutting-down']);

/** Instances not terminated or shutting down. */
export const liveInstances = (instances: readonly Instance[]): Instance[] => instances.filter((i) => !GONE.has(i.State?.Name ?? ''));

/**
 * Live instances in no Auto Scaling group: not listed by one (DescribeAutoScalingGroups Instances) and not
 * tagged by one at launch (aws:autoscaling:groupName).
 */
export function standaloneInstances(instances: readonly Instance[], groups: readonly AutoScalingGroup[]): Instance[] {
  const members = new Set(groups.flatMap((g) => (g.Instances ?? []).map((m) => m.InstanceId)));
  return liveInstances(instances).filter(
    (i) => !members.has(i.InstanceId) && !(i.Tags ?? []).some((t) => t.Key === 'aws:autoscaling:groupName'),
  );
}

/** The instance's Name tag, if any. */
export const nameTag = (i: Instance): string | undefined => i.Tags?.find((t) => t.Key === 'Name')?.Value;
