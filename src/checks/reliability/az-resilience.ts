// 2.8 Solution is resilient to availability zone disruption.
// Per region, what one AZ outage would take down:
// - RDS instances (rds:DescribeDBInstances) outside a cluster with MultiAZ false → not met (read replicas
//   are left to their source); clusters (rds:DescribeDBClusters, Aurora / Multi-AZ DB clusters, Neptune,
//   DocumentDB) with fewer than two members, or all members in one AZ → not met. Aurora Serverless v1
//   (EngineMode serverless) moves capacity between AZs itself → met.
// - Auto Scaling groups (autoscaling:DescribeAutoScalingGroups) spanning one AZ → not met.
// - Load balancers (elasticloadbalancing:DescribeLoadBalancers, ALB/NLB/GWLB) enabled in one AZ → not met
//   (no AvailabilityZones in the answer at all → manual: nothing to decide on).
// - EC2 instances outside any Auto Scaling group (ec2:DescribeInstances) → manual: a single instance may
//   have a standby elsewhere or be non-critical, which only people can tell.
// Nothing of these in the region → met ("nothing to assess"). Other services (ElastiCache, EFS One Zone,
// OpenSearch, …) are not read; attest them.
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import { defineCheck, manual, met, notMet } from '../define-check.js';
import type { Finding } from '../../model.js';
import { nameTag, standaloneInstances } from '../ec2-instances.js';

export default defineCheck({
  meta: {
    id: '2.8',
    kind: 'partial',
    scope: 'region',
    permissions: [
      'rds:DescribeDBInstances',
      'rds:DescribeDBClusters',
      'autoscaling:DescribeAutoScalingGroups',
      'elasticloadbalancing:DescribeLoadBalancers',
      'ec2:DescribeInstances',
    ],
    remediation:
      'Run databases Multi-AZ (RDS Multi-AZ, an Aurora replica in another AZ), spread Auto Scaling groups and load ' +
      'balancers over at least two AZs, and replace single EC2 instances with an Auto Scaling group across AZs ' +
      '(or document their standby in another AZ).',
    docs: 'https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/use-fault-isolation-to-protect-your-workload.html',
  },
  async run({ aws, region, account }) {
    const [dbs, clusters, groups, lbs, instances] = await Promise.all([
      aws.rds.dbInstances(region),
      aws.rds.dbClusters(region),
      aws.autoscaling.groups(region),
      aws.elbv2.loadBalancers(region),
      aws.ec2.instances(region),
    ]);
    const findings: Finding[] = [
      ...dbs.filter((d) => !d.DBClusterIdentifier && !d.ReadReplicaSourceDBInstanceIdentifier).map(dbFinding),
      ...clusters.map((c) => clusterFinding(c, dbs)),
      ...groups.map(groupFinding),
      ...lbs.map(lbFinding),
    ];
    for (const i of standaloneInstances(instances, groups)) {
      const az = i.Placement?.AvailabilityZone;
      const name = nameTag(i);
      const arn = `arn:${account.partition}:ec2:${region}:${account.id}:instance/${i.InstanceId}`;
      findings.push(manual(
        arn,
        `Single instance ${i.InstanceId}${name ? ` (${name})` : ''} in ${az}, not in an Auto Scaling group: attest its standby in another AZ or that it is not critical.`,
        { az, state: i.State?.Name, name },
      ));
    }
    if (findings.length > 0) return findings;
    return [met(
      `arn:${account.partition}:ec2:${region}:${account.id}:*`,
      `No databases, Auto Scaling groups, load balancers or instances in ${region}: nothing to assess.`,
    )];
  },
});

function dbFinding(d: DBInstance): Finding {
  const arn = d.DBInstanceArn ?? `${d.DBInstanceIdentifier}`;
  const evidence = { engine: d.Engine, multiAZ: d.MultiAZ, az: d.AvailabilityZone, secondaryAz: d.SecondaryAvailabilityZone };
  return d.MultiAZ
    ? met(arn, `RDS instance ${d.DBInstanceIdentifier} is Multi-AZ.`, evidence)
    : notMet(arn, `RDS instance ${d.DBInstanceIdentifier} (${d.Engine}) is single-AZ${d.AvailabilityZone ? ` (${d.AvailabilityZone})` : ''}: enable Multi-AZ.`, evidence);
}

function clusterFinding(c: DBCluster, dbs: DBInstance[]): Finding {
  const arn = c.DBClusterArn ?? `${c.DBClusterIdentifier}`;
  const members = (c.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier);
  const azs = [...new Set(dbs.filter((d) => members.includes(d.DBInstanceIdentifier)).map((d) => d.AvailabilityZone ?? '?'))].sort();
  const evidence = { engine: c.Engine, engineMode: c.EngineMode, members, memberAzs: azs, multiAZ: c.MultiAZ };
  const name = `DB cluster ${c.DBClusterIdentifier}`;
  if (c.EngineMode === 'serverless') return met(arn, `${name} is Aurora Serverless v1, which fails over to another AZ itself.`, evidence);
  if (members.length < 2) return notMet(
    arn,
    `${name} (${c.Engine}) has ${members.length === 1 ? 'a single instance' : 'no instance'}: add a replica in another AZ.`,
    evidence,
  );
  if (azs.length < 2) return notMet(arn, `${name} has ${members.length} instances, all in ${azs[0]}: place a replica in another AZ.`, evidence);
  return met(arn, `${name} has ${members.length} instances across ${azs.join(', ')}.`, evidence);
}

function groupFinding(g: AutoScalingGroup): Finding {
  const arn = g.AutoScalingGroupARN ?? `${g.AutoScalingGroupName}`;
  const azs = g.AvailabilityZones ?? [];
  const evidence = { availabilityZones: azs, minSize: g.MinSize, maxSize: g.MaxSize };
  return azs.length < 2
    ? notMet(arn, `Auto Scaling group ${g.AutoScalingGroupName} spans one AZ (${azs.join(', ') || 'none'}).`, evidence)
    : met(arn, `Auto Scaling group ${g.AutoScalingGroupName} spans ${azs.length} AZs.`, evidence);
}

function lbFinding(lb: LoadBalancer): Finding {
  const arn = lb.LoadBalancerArn ?? `${lb.LoadBalancerName}`;
  const azs = (lb.AvailabilityZones ?? []).map((z) => z.ZoneName ?? '?').sort();
  const evidence = { type: lb.Type, scheme: lb.Scheme, availabilityZones: azs };
  if (!lb.AvailabilityZones) return manual(arn, `Load balancer ${lb.LoadBalancerName}: the API did not report its AZs; attest them.`, evidence);
  return azs.length < 2
    ? notMet(arn, `Load balancer ${lb.LoadBalancerName} (${lb.Type}) is enabled in one AZ (${azs.join(', ') || 'none'}).`, evidence)
    : met(arn, `Load balancer ${lb.LoadBalancerName} spans ${azs.length} AZs.`, evidence);
}
