import { expect } from 'vitest';
import check from '../../../src/checks/reliability/az-resilience.js';
import { DENIED, THROTTLED, testCheck } from '../../support/check-tester.js';

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
const group = (azs: string[], name = 'web') => ({ AutoScalingGroupName: name, AutoScalingGroupARN: ASG_ARN.replace('/web', `/${name}`), AvailabilityZones: azs, MinSize: 2, MaxSize: 4 });
const LB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188';
const lb = (azs: string[], name = 'web', state = 'active') => ({
  LoadBalancerName: name,
  LoadBalancerArn: LB_ARN.replace('/web/', `/${name}/`),
  Type: 'application',
  State: { Code: state },
  AvailabilityZones: azs.map((ZoneName) => ({ ZoneName })),
});
const instance = (id: string, tags: { Key: string; Value: string }[] = [], state = 'running') => ({
  InstanceId: id,
  State: { Name: state },
  Placement: { AvailabilityZone: 'us-east-1a' },
  Tags: tags,
});

const responses = (o: { dbs?: unknown[]; clusters?: unknown[]; groups?: unknown[]; lbs?: unknown[]; instances?: unknown[] } = {}, region = 'us-east-1') => ({
  [`rds:DescribeDBInstances@${region}`]: { DBInstances: o.dbs ?? [] },
  [`rds:DescribeDBClusters@${region}`]: { DBClusters: o.clusters ?? [] },
  [`autoscaling:DescribeAutoScalingGroups@${region}`]: { AutoScalingGroups: o.groups ?? [] },
  [`elbv2:DescribeLoadBalancers@${region}`]: { LoadBalancers: o.lbs ?? [] },
  [`ec2:DescribeInstances@${region}`]: { Reservations: [{ Instances: o.instances ?? [] }] },
});
const IN_GROUP = [{ Key: 'aws:autoscaling:groupName', Value: 'web' }];
const NOTHING = (region: string) => `arn:aws:ec2:${region}:123456789012:*`;
const scope = (service: string, resource: string) => `arn:aws:${service}:us-east-1:123456789012:${resource}`;
const errors = (r: { findings: { status: string; resource: string }[] }) => r.findings.filter((f) => f.status === 'error').map((f) => f.resource);

testCheck(check, {
  met: [
    {
      name: 'multiAzEverything',
      responses: responses({
        dbs: [db('orders'), db('orders-replica', { MultiAZ: false, ReadReplicaSourceDBInstanceIdentifier: 'orders' }), member('aur-1', 'aur', 'us-east-1a'), member('aur-2', 'aur', 'us-east-1b')],
        clusters: [cluster('aur', ['aur-1', 'aur-2'])],
        groups: [{ ...group(['us-east-1a', 'us-east-1b']), Instances: [{ InstanceId: 'i-web2' }] }],
        lbs: [lb(['us-east-1a', 'us-east-1b']), lb(['us-east-1a'], 'broken', 'failed')],
        instances: [instance('i-web1', IN_GROUP), instance('i-web2'), instance('i-old', [], 'terminated')],
      }),
      expect: { resources: [`${P}:db:orders`, `${P}:cluster:aur`, ASG_ARN, LB_ARN] },
    },
    {
      name: 'clusterAcrossAzsWithOneMemberUnlisted',
      responses: responses({ dbs: [member('aur-1', 'aur', 'us-east-1a'), member('aur-2', 'aur', 'us-east-1c')], clusters: [cluster('aur', ['aur-1', 'aur-2', 'aur-3'])] }),
      expect: { resources: [`${P}:cluster:aur`], message: 'DB cluster aur has 3 instances across us-east-1a, us-east-1c' },
    },
    { name: 'auroraServerlessV1', responses: responses({ clusters: [cluster('reports', [], { EngineMode: 'serverless' })] }), expect: { resources: [`${P}:cluster:reports`], message: 'Aurora Serverless v1' } },
    {
      name: 'resourcesBeingDeletedAreLeftOut',
      responses: responses({
        dbs: [db('billing', { MultiAZ: false, DBInstanceStatus: 'deleting' }), member('aur-1', 'aur', 'us-east-1a')],
        clusters: [cluster('aur', ['aur-1'], { Status: 'deleting' })],
        groups: [{ ...group(['us-east-1a']), Status: 'Delete in progress' }],
      }),
      expect: { resources: [NOTHING('us-east-1')] },
    },
    { name: 'nothingToAssess', responses: responses(), expect: { resources: [NOTHING('us-east-1')], message: 'No databases, Auto Scaling groups, load balancers or instances in us-east-1: nothing to assess' } },
    {
      name: 'anEmptyRegionDoesNotHoldTheItemBack',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...responses({ groups: [group(['us-east-1a', 'us-east-1b'])] }), ...responses({}, 'eu-west-1') },
      expect: { resources: [ASG_ARN, NOTHING('eu-west-1')] },
    },
  ],
  notMet: [
    {
      name: 'singleAzRdsInstance',
      responses: responses({ dbs: [db('billing', { MultiAZ: false, DBInstanceStatus: 'available' }), db('orders')] }),
      expect: { resources: [`${P}:db:billing`], metResources: [`${P}:db:orders`], message: 'RDS instance billing (postgres) is single-AZ (us-east-1a): enable Multi-AZ' },
    },
    {
      name: 'auroraWithOneInstance',
      responses: responses({ dbs: [member('aur-1', 'aur', 'us-east-1a')], clusters: [cluster('aur', ['aur-1'], { Status: 'available' })] }),
      expect: { resources: [`${P}:cluster:aur`], message: 'DB cluster aur (aurora-postgresql) has a single instance' },
    },
    {
      name: 'clusterWithNoInstance',
      responses: responses({ clusters: [cluster('empty', [])] }),
      expect: { resources: [`${P}:cluster:empty`], message: 'has no instance' },
    },
    {
      name: 'auroraReplicasInOneAz',
      responses: responses({
        dbs: [member('aur-1', 'aur', 'us-east-1a'), member('aur-2', 'aur', 'us-east-1a'), member('oth-1', 'oth', 'us-east-1b')],
        clusters: [cluster('aur', ['aur-1', 'aur-2'])],
      }),
      expect: { resources: [`${P}:cluster:aur`], message: 'DB cluster aur has 2 instances, all in us-east-1a' },
    },
    {
      name: 'groupInOneAzAmongSeveral',
      responses: responses({ groups: [group(['us-east-1a']), group(['us-east-1a', 'us-east-1b'], 'api')] }),
      expect: { resources: [ASG_ARN], metResources: [ASG_ARN.replace('/web', '/api')], message: 'Auto Scaling group web spans one AZ (us-east-1a)' },
    },
    {
      name: 'loadBalancerInOneAz',
      responses: responses({ lbs: [lb(['us-east-1b']), lb(['us-east-1a', 'us-east-1b'], 'api')] }),
      expect: { resources: [LB_ARN], metResources: [LB_ARN.replace('/web/', '/api/')], message: 'Load balancer web (application) is enabled in one AZ (us-east-1b)' },
    },
    {
      name: 'singleInstanceClusterStandsWithoutTheInstanceListing',
      responses: { ...responses({ clusters: [cluster('aur', ['aur-1'])], lbs: [lb(['us-east-1a'])] }), 'rds:DescribeDBInstances@us-east-1': THROTTLED },
      expect: { resources: [`${P}:cluster:aur`, LB_ARN], check: (r) => expect(errors(r)).toEqual([scope('rds', 'db:*')]) },
    },
  ],
  cannotTell: [
    {
      name: 'singleInstanceIsManual',
      responses: responses({ instances: [instance('i-bastion', [{ Key: 'Name', Value: 'bastion' }])] }),
      expect: { status: 'manual', resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-bastion'], message: 'Single instance i-bastion (bastion) in us-east-1a' },
    },
    {
      name: 'loadBalancerWithoutAzsReported',
      responses: responses({ lbs: [{ LoadBalancerName: 'web', LoadBalancerArn: LB_ARN, Type: 'application' }, { ...lb([], 'api'), AvailabilityZones: [] }] }),
      expect: { status: 'manual', resources: [LB_ARN, LB_ARN.replace('/web/', '/api/')], message: 'did not report its AZs' },
    },
    {
      name: 'groupWithoutAzsReported',
      responses: responses({ groups: [{ ...group([]), AvailabilityZones: undefined }] }),
      expect: { status: 'manual', resources: [ASG_ARN], message: 'Auto Scaling group web: the API did not report its AZs' },
    },
    {
      name: 'clusterMembersUnlistedIsManual',
      responses: responses({ dbs: [member('aur-1', 'aur', 'us-east-1a')], clusters: [cluster('aur', ['aur-1', 'aur-2'])] }),
      expect: { status: 'manual', resources: [`${P}:cluster:aur`], message: 'the AZ of aur-2 could not be told' },
    },
    {
      name: 'dbInstancesDenied',
      responses: { ...responses({ clusters: [cluster('aur', ['aur-1', 'aur-2'])] }), 'rds:DescribeDBInstances@us-east-1': DENIED },
      expect: { resources: [scope('rds', 'db:*'), `${P}:cluster:aur`], missingPermission: 'rds:DescribeDBInstances' },
    },
    { name: 'dbClustersDenied', responses: { ...responses(), 'rds:DescribeDBClusters@us-east-1': DENIED }, expect: { resources: [scope('rds', 'cluster:*')], missingPermission: 'rds:DescribeDBClusters' } },
    {
      name: 'groupsDenied',
      responses: { ...responses({ lbs: [lb(['us-east-1a', 'us-east-1b'])] }), 'autoscaling:DescribeAutoScalingGroups@us-east-1': DENIED },
      expect: { resources: [scope('autoscaling', 'autoScalingGroup:*'), scope('ec2', 'instance/*')], metResources: [LB_ARN], missingPermission: 'autoscaling:DescribeAutoScalingGroups' },
    },
    {
      name: 'loadBalancersDenied',
      responses: { ...responses(), 'elbv2:DescribeLoadBalancers@us-east-1': DENIED },
      expect: { resources: [scope('elasticloadbalancing', 'loadbalancer/*')], missingPermission: 'elasticloadbalancing:DescribeLoadBalancers' },
    },
    { name: 'instancesDenied', responses: { ...responses(), 'ec2:DescribeInstances@us-east-1': DENIED }, expect: { resources: [scope('ec2', 'instance/*')], missingPermission: 'ec2:DescribeInstances' } },
  ],
});
