import check from '../../../src/checks/reliability/az-resilience.js';
import { DENIED, testCheck } from '../../support/check-tester.js';

const P = 'arn:aws:rds:us-east-1:123456789012';
const db = (id: string, extra = {}) => ({ DBInstanceIdentifier: id, DBInstanceArn: `${P}:db:${id}`, Engine: 'postgres', MultiAZ: true, AvailabilityZone: 'us-east-1a', ...extra });
const cluster = (id: string, members: string[], extra = {}) => ({
  DBClusterIdentifier: id,
  DBClusterArn: `${P}:cluster:${id}`,
  Engine: 'aurora-postgresql',
  EngineMode: 'provisioned',
  DBClusterMembers: members.map((m, i) => ({ DBInstanceIdentifier: m, IsClusterWriter: i === 0 })),
  ...extra,
});
const member = (id: string, cl: string, az: string) => db(id, { DBClusterIdentifier: cl, Engine: 'aurora-postgresql', MultiAZ: false, AvailabilityZone: az });
const ASG_ARN = 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1:autoScalingGroupName/web';
const group = (azs: string[]) => ({ AutoScalingGroupName: 'web', AutoScalingGroupARN: ASG_ARN, AvailabilityZones: azs, MinSize: 2, MaxSize: 4 });
const LB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188';
const lb = (azs: string[]) => ({ LoadBalancerName: 'web', LoadBalancerArn: LB_ARN, Type: 'application', AvailabilityZones: azs.map((ZoneName) => ({ ZoneName })) });
const instance = (id: string, tags: { Key: string; Value: string }[] = [], state = 'running') => ({
  InstanceId: id,
  State: { Name: state },
  Placement: { AvailabilityZone: 'us-east-1a' },
  Tags: tags,
});

const responses = (o: { dbs?: unknown[]; clusters?: unknown[]; groups?: unknown[]; lbs?: unknown[]; instances?: unknown[] } = {}) => ({
  'rds:DescribeDBInstances@us-east-1': { DBInstances: o.dbs ?? [] },
  'rds:DescribeDBClusters@us-east-1': { DBClusters: o.clusters ?? [] },
  'autoscaling:DescribeAutoScalingGroups@us-east-1': { AutoScalingGroups: o.groups ?? [] },
  'elbv2:DescribeLoadBalancers@us-east-1': { LoadBalancers: o.lbs ?? [] },
  'ec2:DescribeInstances@us-east-1': { Reservations: [{ Instances: o.instances ?? [] }] },
});
const IN_GROUP = [{ Key: 'aws:autoscaling:groupName', Value: 'web' }];

testCheck(check, {
  met: [
    {
      name: 'multiAzEverything',
      responses: responses({
        dbs: [db('orders'), db('orders-replica', { MultiAZ: false, ReadReplicaSourceDBInstanceIdentifier: 'orders' }), member('aur-1', 'aur', 'us-east-1a'), member('aur-2', 'aur', 'us-east-1b')],
        clusters: [cluster('aur', ['aur-1', 'aur-2'])],
        groups: [{ ...group(['us-east-1a', 'us-east-1b']), Instances: [{ InstanceId: 'i-web2' }] }],
        lbs: [lb(['us-east-1a', 'us-east-1b'])],
        instances: [instance('i-web1', IN_GROUP), instance('i-web2'), instance('i-old', [], 'terminated')],
      }),
      expect: { resources: [`${P}:db:orders`, `${P}:cluster:aur`, ASG_ARN, LB_ARN] },
    },
    { name: 'auroraServerlessV1', responses: responses({ clusters: [cluster('reports', [], { EngineMode: 'serverless' })] }) },
    { name: 'nothingToAssess', responses: responses(), expect: { message: 'nothing to assess' } },
  ],
  notMet: [
    { name: 'singleAzRdsInstance', responses: responses({ dbs: [db('billing', { MultiAZ: false })] }), expect: { resources: [`${P}:db:billing`], message: 'single-AZ (us-east-1a)' } },
    {
      name: 'auroraWithOneInstance',
      responses: responses({ dbs: [member('aur-1', 'aur', 'us-east-1a')], clusters: [cluster('aur', ['aur-1'])] }),
      expect: { resources: [`${P}:cluster:aur`], message: 'a single instance' },
    },
    {
      name: 'auroraReplicasInOneAz',
      responses: responses({ dbs: [member('aur-1', 'aur', 'us-east-1a'), member('aur-2', 'aur', 'us-east-1a')], clusters: [cluster('aur', ['aur-1', 'aur-2'])] }),
      expect: { message: 'all in us-east-1a' },
    },
    { name: 'groupInOneAz', responses: responses({ groups: [group(['us-east-1a'])] }), expect: { resources: [ASG_ARN] } },
    { name: 'loadBalancerInOneAz', responses: responses({ lbs: [lb(['us-east-1b'])] }), expect: { resources: [LB_ARN], message: 'one AZ (us-east-1b)' } },
  ],
  cannotTell: [
    {
      name: 'singleInstanceIsManual',
      responses: responses({ instances: [instance('i-bastion', [{ Key: 'Name', Value: 'bastion' }])] }),
      expect: { status: 'manual', resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-bastion'], message: 'Single instance i-bastion (bastion) in us-east-1a' },
    },
    {
      name: 'loadBalancerWithoutAzsReported',
      responses: responses({ lbs: [{ LoadBalancerName: 'web', LoadBalancerArn: LB_ARN, Type: 'application' }] }),
      expect: { status: 'manual', resources: [LB_ARN], message: 'did not report its AZs' },
    },
    { name: 'dbInstancesDenied', responses: { ...responses(), 'rds:DescribeDBInstances@us-east-1': DENIED }, expect: { missingPermission: 'rds:DescribeDBInstances' } },
    { name: 'dbClustersDenied', responses: { ...responses(), 'rds:DescribeDBClusters@us-east-1': DENIED }, expect: { missingPermission: 'rds:DescribeDBClusters' } },
    {
      name: 'groupsDenied',
      responses: { ...responses(), 'autoscaling:DescribeAutoScalingGroups@us-east-1': DENIED },
      expect: { missingPermission: 'autoscaling:DescribeAutoScalingGroups' },
    },
    {
      name: 'loadBalancersDenied',
      responses: { ...responses(), 'elbv2:DescribeLoadBalancers@us-east-1': DENIED },
      expect: { missingPermission: 'elasticloadbalancing:DescribeLoadBalancers' },
    },
    { name: 'instancesDenied', responses: { ...responses(), 'ec2:DescribeInstances@us-east-1': DENIED }, expect: { missingPermission: 'ec2:DescribeInstances' } },
  ],
});
