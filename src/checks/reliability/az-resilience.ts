// 2.8 Solution is resilient to availability zone disruption.
// Per region, what one AZ outage would take down:
// - RDS instances (rds:DescribeDBInstances) outside a cluster with MultiAZ false → not met (read replicas
//   are left to their source); clusters (rds:DescribeDBClusters, Aurora / Multi-AZ DB clusters, Neptune,
//   DocumentDB) with fewer than two members, or all members in one AZ → not met; a member whose AZ cannot
//   be told (not in the instance listing) never counts as a second AZ → manual when it would decide.
//   Aurora Serverless v1 (EngineMode serverless) moves capacity between AZs itself → met.
// - Auto Scaling groups (autoscaling:DescribeAutoScalingGroups) spanning one AZ → not met.
// - Load balancers (elasticloadbalancing:DescribeLoadBalancers, ALB/NLB/GWLB, not `failed`) enabled in one
//   AZ → not met. A group or load balancer whose AZs the API does not report → manual: nothing to decide on.
// - EC2 instances outside any Auto Scaling group (ec2:DescribeInstances) → manual: a single instance may
//   have a standby elsewhere or be non-critical, which only people can tell.
// Resources being deleted (RDS status `deleting`, a group with a Status) are left out.
// Each look (instances, clusters, groups, load balancers, standalone instances) settles on its own: a
// failed call is an `error` for that look, and what the others found stands. Nothing of these in the
// region → met ("nothing to assess"): an empty region does not hold the item back. Other services
// (ElastiCache, EFS One Zone, OpenSearch, …) are not read; attest them.
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import { defineCheck, findingFromError, manual, met, notMet } from '../define-check.js';
import type { Finding } from '../../model.js';
import { nameTag, standaloneInstances } from '../ec2-instances.js';
import { look, settle, type Settled } from '../settle.js';

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
    const arn = (service: string, resource: string) => `arn:${account.partition}:${service}:${region}:${account.id}:${resource}`;
    const looks = await Promise.all([
      look(arn('rds', 'db:*'), async () =>
        (await aws.rds.dbInstances(region)).filter((d) => !d.DBClusterIdentifier && !d.ReadReplicaSourceDBInstanceIdentifier && d.DBInstanceStatus !== 'deleting').map(dbFinding),
      ),
      look(arn('rds', 'cluster:*'), async () => {
        const [clusters, dbs] = await Promise.all([aws.rds.dbClusters(region), settle(aws.rds.dbInstances(region))]);
        return clusters.filter((c) => c.Status !== 'deleting').map((c) => clusterFinding(c, dbs));
      }),
      // A group's Status is set only while it is being deleted.
      look(arn('autoscaling', 'autoScalingGroup:*'), async () => (await aws.autoscaling.groups(region)).filter((g) => g.Status === undefined).map(groupFinding)),
      look(arn('elasticloadbalancing', 'loadbalancer/*'), async () => (await aws.elbv2.loadBalancers(region)).filter((lb) => lb.State?.Code !== 'failed').map(lbFinding)),
      look(arn('ec2', 'instance/*'), async () => {
        const [instances, groups] = await Promise.all([aws.ec2.instances(region), aws.autoscaling.groups(region)]);
        return standaloneInstances(instances, groups).map((i) => {
          const az = i.Placement?.AvailabilityZone;
          const name = nameTag(i);
          return manual(
            arn('ec2', `instance/${i.InstanceId}`),
            `Single instance ${i.InstanceId}${name ? ` (${name})` : ''} in ${az}, not in an Auto Scaling group: attest its standby in another AZ or that it is not critical.`,
            { az, state: i.State?.Name, name },
          );
        });
      }),
    ]);
    const findings = looks.flat();
    if (findings.length > 0) return findings;
    return [met(arn('ec2', '*'), `No databases, Auto Scaling groups, load balancers or instances in ${region}: nothing to assess.`)];
  },
});

function dbFinding(d: DBInstance): Finding {
  const arn = d.DBInstanceArn ?? `${d.DBInstanceIdentifier}`;
  const evidence = { engine: d.Engine, multiAZ: d.MultiAZ, az: d.AvailabilityZone, secondaryAz: d.SecondaryAvailabilityZone };
  return d.MultiAZ
    ? met(arn, `RDS instance ${d.DBInstanceIdentifier} is Multi-AZ.`, evidence)
    : notMet(arn, `RDS instance ${d.DBInstanceIdentifier} (${d.Engine}) is single-AZ${d.AvailabilityZone ? ` (${d.AvailabilityZone})` : ''}: enable Multi-AZ.`, evidence);
}

/** `listed`: the region's DB instances, where the members' AZs are read (only needed for two or more members). */
function clusterFinding(c: DBCluster, listed: Settled<DBInstance[]>): Finding {
  const arn = c.DBClusterArn ?? `${c.DBClusterIdentifier}`;
  const members = (c.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier);
  const dbs = listed.ok ? listed.value : [];
  const placed = dbs.filter((d) => members.includes(d.DBInstanceIdentifier) && d.AvailabilityZone);
  const azs = [...new Set(placed.map((d) => d.AvailabilityZone ?? ''))].sort();
  const unplaced = members.filter((m) => !placed.some((d) => d.DBInstanceIdentifier === m));
  const evidence = { engine: c.Engine, engineMode: c.EngineMode, members, memberAzs: azs, membersWithoutAz: unplaced, multiAZ: c.MultiAZ };
  const name = `DB cluster ${c.DBClusterIdentifier}`;
  if (c.EngineMode === 'serverless') return met(arn, `${name} is Aurora Serverless v1, which fails over to another AZ itself.`, evidence);
  if (members.length < 2) return notMet(
    arn,
    `${name} (${c.Engine}) has ${members.length === 1 ? 'a single instance' : 'no instance'}: add a replica in another AZ.`,
    evidence,
  );
  if (!listed.ok) return findingFromError(listed.error, arn);
  if (azs.length >= 2) return met(arn, `${name} has ${members.length} instances across ${azs.join(', ')}.`, evidence);
  if (unplaced.length > 0) return manual(arn, `${name}: the AZ of ${unplaced.join(', ')} could not be told; check that its instances span two AZs.`, evidence);
  return notMet(arn, `${name} has ${members.length} instances, all in ${azs[0]}: place a replica in another AZ.`, evidence);
}

function groupFinding(g: AutoScalingGroup): Finding {
  const arn = g.AutoScalingGroupARN ?? `${g.AutoScalingGroupName}`;
  const azs = g.AvailabilityZones ?? [];
  const evidence = { availabilityZones: azs, minSize: g.MinSize, maxSize: g.MaxSize };
  const name = `Auto Scaling group ${g.AutoScalingGroupName}`;
  if (azs.length === 0) return manual(arn, `${name}: the API did not report its AZs; attest them.`, evidence);
  return azs.length < 2 ? notMet(arn, `${name} spans one AZ (${azs[0]}).`, evidence) : met(arn, `${name} spans ${azs.length} AZs.`, evidence);
}

function lbFinding(lb: LoadBalancer): Finding {
  const arn = lb.LoadBalancerArn ?? `${lb.LoadBalancerName}`;
  const azs = (lb.AvailabilityZones ?? []).map((z) => z.ZoneName).filter((z) => z !== undefined).sort();
  const evidence = { type: lb.Type, scheme: lb.Scheme, availabilityZones: azs };
  if (azs.length === 0) return manual(arn, `Load balancer ${lb.LoadBalancerName}: the API did not report its AZs; attest them.`, evidence);
  return azs.length < 2
    ? notMet(arn, `Load balancer ${lb.LoadBalancerName} (${lb.Type}) is enabled in one AZ (${azs[0]}).`, evidence)
    : met(arn, `Load balancer ${lb.LoadBalancerName} spans ${azs.length} AZs.`, evidence);
}
