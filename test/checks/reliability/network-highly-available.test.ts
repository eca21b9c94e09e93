import { expect } from 'vitest';
import check from '../../../src/checks/reliability/network-highly-available.js';
import { DENIED, DENIED_EXCEPTION, THROTTLED, testCheck } from '../../support/check-tester.js';

const tunnel = (ip: string, Status: 'UP' | 'DOWN') => ({ OutsideIpAddress: ip, Status });
const vpn = (id: string, cgw: string, a: 'UP' | 'DOWN', b: 'UP' | 'DOWN', State = 'available') => ({
  VpnConnectionId: id,
  CustomerGatewayId: cgw,
  State,
  VgwTelemetry: [tunnel('198.51.100.10', a), tunnel('198.51.100.20', b)],
});
const dx = (id: string, location: string, connectionState = 'available') => ({ connectionId: id, location, connectionState, bandwidth: '1Gbps' });
const nat = (id: string, subnet: string, vpc = 'vpc-app', extra = {}) => ({ NatGatewayId: id, SubnetId: subnet, VpcId: vpc, State: 'available', ...extra });
const regionalNat = (id: string, extra = {}) => ({ NatGatewayId: id, VpcId: 'vpc-app', State: 'available', AvailabilityMode: 'regional', ...extra });
const subnet = (id: string, az: string, vpc = 'vpc-app') => ({ SubnetId: id, VpcId: vpc, AvailabilityZone: `us-east-1${az}` });
const SUBNETS = [subnet('subnet-a', 'a'), subnet('subnet-b', 'b'), subnet('subnet-c', 'c')];
const DATA_SUBNETS = [subnet('subnet-data-a', 'a', 'vpc-data'), subnet('subnet-data-b', 'b', 'vpc-data')];
const lb = (name: string, azs: string[], Scheme = 'internet-facing', state = 'active') => ({
  LoadBalancerName: name,
  LoadBalancerArn: LB_ARN(name),
  Type: 'network',
  Scheme,
  State: { Code: state },
  AvailabilityZones: azs.map((z) => ({ ZoneName: `us-east-1${z}` })),
});

const responses = (o: { vpns?: unknown[]; dx?: unknown[]; nats?: unknown[]; subnets?: unknown[]; lbs?: unknown[] } = {}, region = 'us-east-1') => ({
  [`ec2:DescribeVpnConnections@${region}`]: { VpnConnections: o.vpns ?? [] },
  [`directconnect:DescribeConnections@${region}`]: { connections: o.dx ?? [] },
  [`ec2:DescribeNatGateways@${region}`]: { NatGateways: o.nats ?? [] },
  [`ec2:DescribeSubnets@${region}`]: { Subnets: o.subnets ?? SUBNETS },
  [`elbv2:DescribeLoadBalancers@${region}`]: { LoadBalancers: o.lbs ?? [] },
});
const A = 'us-east-1:123456789012';
const VPN_ARN = (id: string) => `arn:aws:ec2:${A}:vpn-connection/${id}`;
const DX_ARN = (id: string) => `arn:aws:directconnect:${A}:dxcon/${id}`;
const VPC_ARN = (id: string) => `arn:aws:ec2:${A}:vpc/${id}`;
const LB_ARN = (name: string) => `arn:aws:elasticloadbalancing:${A}:loadbalancer/net/${name}/0f1e2d3c4b5a6978`;
const NOTHING = (region: string) => `arn:aws:ec2:${region}:123456789012:network`;

testCheck(check, {
  met: [
    {
      name: 'vpnBothTunnelsUpWithTwoCustomerGateways',
      responses: responses({ vpns: [vpn('vpn-1', 'cgw-1', 'UP', 'UP'), vpn('vpn-2', 'cgw-2', 'UP', 'UP')] }),
      expect: { resources: [VPN_ARN('vpn-1'), VPN_ARN('vpn-2')] },
    },
    {
      name: 'singleCustomerGatewayIsOnlyANote',
      responses: responses({ vpns: [vpn('vpn-1', 'cgw-1', 'UP', 'UP'), vpn('vpn-9', 'cgw-9', 'DOWN', 'DOWN', 'deleted'), vpn('vpn-8', 'cgw-1', 'DOWN', 'DOWN', 'deleting')] }),
      expect: { resources: [VPN_ARN('vpn-1')], message: 'customer gateway cgw-1 has only this connection' },
    },
    {
      name: 'twoDxConnectionsInTwoLocationsAndOneBeingSetUp',
      responses: responses({ dx: [dx('dxcon-1', 'EqDC2'), dx('dxcon-2', 'CSVA1'), dx('dxcon-old', 'EqDC2', 'deleted'), dx('dxcon-new', 'EqDC2', 'pending'), dx('dxcon-x', 'EqDC2', 'rejected')] }),
      expect: { resources: [DX_ARN('dxcon-1'), DX_ARN('dxcon-2')], message: 'one of 2 across 2 locations' },
    },
    { name: 'natInTwoAzs', responses: responses({ nats: [nat('nat-a', 'subnet-a'), nat('nat-b', 'subnet-b')] }), expect: { resources: [VPC_ARN('vpc-app')], message: /NAT gateways in us-east-1a, us-east-1b \(none in us-east-1c\)/ } },
    {
      name: 'regionalNatGateway',
      responses: responses({ nats: [regionalNat('nat-r', { AutoProvisionZones: 'enabled' })] }),
      expect: { resources: [VPC_ARN('vpc-app')], message: 'regional NAT gateway (nat-r)' },
    },
    {
      name: 'regionalNatGatewayInManualModeWithTwoAzs',
      responses: responses({
        nats: [regionalNat('nat-r', { AutoProvisionZones: 'disabled', NatGatewayAddresses: [{ AvailabilityZone: 'us-east-1a' }, { AvailabilityZone: 'us-east-1c' }] })],
      }),
      expect: { resources: [VPC_ARN('vpc-app')], message: 'NAT gateways in us-east-1a, us-east-1c (none in us-east-1b)' },
    },
    { name: 'natInSingleAzVpcWithOneAz', responses: responses({ nats: [nat('nat-a', 'subnet-a')], subnets: [SUBNETS[0]] }), expect: { resources: [VPC_ARN('vpc-app')], message: 'the only AZ of its subnets' } },
    {
      name: 'eachVpcJudgedWithItsOwnNatGateways',
      responses: responses({ nats: [nat('nat-a', 'subnet-a'), nat('nat-b', 'subnet-b'), nat('nat-d1', 'subnet-data-a', 'vpc-data'), nat('nat-d2', 'subnet-data-b', 'vpc-data')], subnets: [...SUBNETS, ...DATA_SUBNETS] }),
      expect: { resources: [VPC_ARN('vpc-app'), VPC_ARN('vpc-data')] },
    },
    {
      name: 'internetFacingLoadBalancerInTwoAzs',
      responses: responses({ lbs: [lb('web', ['a', 'b']), lb('internal-one-az', ['a'], 'internal'), lb('broken', ['a'], 'internet-facing', 'failed')] }),
      expect: { resources: [LB_ARN('web')], message: 'enabled in 2 AZs (us-east-1a, us-east-1b)' },
    },
    {
      name: 'emptyRegionIsNothingToJudge',
      responses: responses({ vpns: [vpn('vpn-9', 'cgw-9', 'DOWN', 'DOWN', 'deleted')], dx: [dx('dxcon-old', 'EqDC2', 'deleted')], nats: [nat('nat-old', 'subnet-a', 'vpc-app', { State: 'deleted' })] }),
      expect: { resources: [NOTHING('us-east-1')], message: 'Nothing to judge in us-east-1' },
    },
    {
      name: 'anEmptyRegionDoesNotHoldTheItemBack',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...responses({ vpns: [vpn('vpn-1', 'cgw-1', 'UP', 'UP'), vpn('vpn-2', 'cgw-2', 'UP', 'UP')] }), ...responses({ subnets: [] }, 'eu-west-1') },
      expect: { metResources: [VPN_ARN('vpn-1'), VPN_ARN('vpn-2'), NOTHING('eu-west-1')] },
    },
  ],
  notMet: [
    {
      name: 'vpnTunnelDown',
      responses: responses({ vpns: [vpn('vpn-1', 'cgw-1', 'UP', 'DOWN'), vpn('vpn-2', 'cgw-2', 'UP', 'UP')] }),
      expect: { resources: [VPN_ARN('vpn-1')], metResources: [VPN_ARN('vpn-2')], message: '1 of 2 tunnels UP' },
    },
    {
      name: 'vpnWithoutTelemetry',
      responses: responses({ vpns: [{ VpnConnectionId: 'vpn-1', CustomerGatewayId: 'cgw-1', State: 'available' }] }),
      expect: { resources: [VPN_ARN('vpn-1')], message: '0 of 0 tunnels UP' },
    },
    {
      name: 'singleDxConnection',
      responses: responses({ dx: [dx('dxcon-1', 'EqDC2'), dx('dxcon-2', 'CSVA1', 'requested'), dx('dxcon-3', 'CSVA1', 'unknown')] }),
      expect: { resources: [DX_ARN('dxcon-1')], message: 'Only one available Direct Connect connection (dxcon-1 at EqDC2)' },
    },
    {
      name: 'dxConnectionsInOneLocation',
      responses: responses({ dx: [dx('dxcon-1', 'EqDC2'), dx('dxcon-2', 'EqDC2')] }),
      expect: { resources: [DX_ARN('dxcon-1'), DX_ARN('dxcon-2')], message: 'All 2 Direct Connect connections are in one location (EqDC2)' },
    },
    {
      name: 'dxConnectionDown',
      responses: responses({ dx: [dx('dxcon-1', 'EqDC2', 'down'), dx('dxcon-2', 'CSVA1'), dx('dxcon-3', 'CSVA1')] }),
      expect: { resources: [DX_ARN('dxcon-1')], message: 'dxcon-1 at EqDC2 is down' },
    },
    {
      name: 'natOnlyInOneAzOfThree',
      responses: responses({ nats: [nat('nat-a', 'subnet-a'), nat('nat-a2', 'subnet-a')] }),
      expect: { resources: [VPC_ARN('vpc-app')], message: 'NAT gateways only in us-east-1a while its subnets span 3 AZs' },
    },
    {
      name: 'natOfAnotherVpcDoesNotCount',
      responses: responses({ nats: [nat('nat-a', 'subnet-a'), nat('nat-b', 'subnet-b'), nat('nat-d1', 'subnet-data-a', 'vpc-data')], subnets: [...SUBNETS, ...DATA_SUBNETS] }),
      expect: { resources: [VPC_ARN('vpc-data')], metResources: [VPC_ARN('vpc-app')], message: 'VPC vpc-data has NAT gateways only in us-east-1a while its subnets span 2 AZs' },
    },
    {
      name: 'deletedFailedAndPendingNatsDoNotCount',
      responses: responses({
        nats: [
          nat('nat-a', 'subnet-a'),
          nat('nat-b', 'subnet-b', 'vpc-app', { State: 'deleted' }),
          nat('nat-c', 'subnet-c', 'vpc-app', { State: 'failed' }),
          nat('nat-b2', 'subnet-b', 'vpc-app', { State: 'pending' }),
          nat('nat-c2', 'subnet-c', 'vpc-app', { State: 'deleting' }),
          regionalNat('nat-r', { State: 'deleted', AutoProvisionZones: 'enabled' }),
        ],
      }),
      expect: {
        resources: [VPC_ARN('vpc-app')],
        message: 'only in us-east-1a',
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ natGateways: ['nat-a'], natAzs: ['us-east-1a'] }),
      },
    },
    {
      name: 'regionalNatGatewayInManualModeInOneAz',
      responses: responses({ nats: [regionalNat('nat-r', { AutoProvisionZones: 'disabled', NatGatewayAddresses: [{ AvailabilityZone: 'us-east-1b' }] })] }),
      expect: { resources: [VPC_ARN('vpc-app')], message: 'only in us-east-1b' },
    },
    {
      name: 'internetFacingLoadBalancerInOneAz',
      responses: responses({ lbs: [lb('web', ['b']), lb('api', ['a', 'c'])] }),
      expect: { resources: [LB_ARN('web')], metResources: [LB_ARN('api')], message: 'enabled in one AZ (us-east-1b)' },
    },
    {
      name: 'notMetStandsWhenAnotherLookFails',
      responses: { ...responses({ nats: [nat('nat-a', 'subnet-a')] }), 'ec2:DescribeVpnConnections@us-east-1': DENIED, 'elbv2:DescribeLoadBalancers@us-east-1': THROTTLED },
      expect: {
        resources: [VPC_ARN('vpc-app')],
        check: (r) =>
          expect(Object.fromEntries(r.findings.filter((f) => f.status === 'error').map((f) => [f.resource, f.missingPermission ?? f.errorKind]))).toEqual({
            [`arn:aws:ec2:${A}:vpn-connection/*`]: 'ec2:DescribeVpnConnections',
            [`arn:aws:elasticloadbalancing:${A}:loadbalancer/*`]: 'throttled',
          }),
      },
    },
    {
      name: 'notMetInOneRegionOfTwo',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...responses({ vpns: [vpn('vpn-1', 'cgw-1', 'DOWN', 'UP')] }), ...responses({ subnets: [] }, 'eu-west-1') },
      expect: { resources: [VPN_ARN('vpn-1')], metResources: [NOTHING('eu-west-1')] },
    },
  ],
  cannotTell: [
    {
      name: 'vpnPendingIsManual',
      responses: responses({ vpns: [vpn('vpn-1', 'cgw-1', 'DOWN', 'DOWN', 'pending')] }),
      expect: { status: 'manual', resources: [VPN_ARN('vpn-1')], message: 'vpn-1 is pending: check its tunnels once it is available' },
    },
    {
      name: 'dxOnlyBeingSetUpIsManual',
      responses: responses({ dx: [dx('dxcon-1', 'EqDC2', 'ordering'), { connectionId: 'dxcon-2', location: 'CSVA1' }] }),
      expect: { status: 'manual', resources: [DX_ARN('dxcon-1'), DX_ARN('dxcon-2')], message: 'dxcon-2 is of unknown state' },
    },
    {
      name: 'natInUnlistedSubnetIsManual',
      responses: responses({ nats: [nat('nat-a', 'subnet-a'), nat('nat-x', 'subnet-gone')] }),
      expect: { status: 'manual', resources: [VPC_ARN('vpc-app')], message: 'the AZ of some NAT gateways could not be told' },
    },
    {
      name: 'regionalNatInManualModeWithoutAddressesIsManual',
      responses: responses({ nats: [regionalNat('nat-r', { AutoProvisionZones: 'disabled' })] }),
      expect: { status: 'manual', resources: [VPC_ARN('vpc-app')] },
    },
    {
      name: 'loadBalancerWithoutAzsIsManual',
      responses: responses({ lbs: [{ ...lb('web', []), AvailabilityZones: undefined }] }),
      expect: { status: 'manual', resources: [LB_ARN('web')], message: 'did not report its AZs' },
    },
    {
      name: 'vpnDenied',
      responses: { ...responses(), 'ec2:DescribeVpnConnections@us-east-1': DENIED },
      expect: { resources: [`arn:aws:ec2:${A}:vpn-connection/*`], missingPermission: 'ec2:DescribeVpnConnections' },
    },
    {
      name: 'directConnectDenied',
      responses: { ...responses(), 'directconnect:DescribeConnections@us-east-1': DENIED_EXCEPTION },
      expect: { resources: [`arn:aws:directconnect:${A}:dxcon/*`], missingPermission: 'directconnect:DescribeConnections' },
    },
    {
      name: 'natDenied',
      responses: { ...responses(), 'ec2:DescribeNatGateways@us-east-1': DENIED },
      expect: { resources: [`arn:aws:ec2:${A}:natgateway/*`], missingPermission: 'ec2:DescribeNatGateways' },
    },
    {
      name: 'subnetsDenied',
      responses: { ...responses(), 'ec2:DescribeSubnets@us-east-1': DENIED },
      expect: { resources: [`arn:aws:ec2:${A}:natgateway/*`], missingPermission: 'ec2:DescribeSubnets' },
    },
    {
      name: 'loadBalancersDeniedWhileTheRestIsMet',
      responses: { ...responses({ vpns: [vpn('vpn-1', 'cgw-1', 'UP', 'UP')] }), 'elbv2:DescribeLoadBalancers@us-east-1': DENIED },
      expect: { resources: [`arn:aws:elasticloadbalancing:${A}:loadbalancer/*`], metResources: [VPN_ARN('vpn-1')], missingPermission: 'elasticloadbalancing:DescribeLoadBalancers' },
    },
  ],
});

