import check from '../../../src/checks/reliability/network-highly-available.js';
import { DENIED, DENIED_EXCEPTION, testCheck } from '../../support/check-tester.js';

const tunnel = (ip: string, Status: 'UP' | 'DOWN') => ({ OutsideIpAddress: ip, Status });
const vpn = (id: string, cgw: string, a: 'UP' | 'DOWN', b: 'UP' | 'DOWN', State = 'available') => ({
  VpnConnectionId: id,
  CustomerGatewayId: cgw,
  State,
  VgwTelemetry: [tunnel('198.51.100.10', a), tunnel('198.51.100.20', b)],
});
const dx = (id: string, location: string, connectionState = 'available') => ({ connectionId: id, location, connectionState, bandwidth: '1Gbps' });
const nat = (id: string, subnet: string, vpc = 'vpc-app', extra = {}) => ({ NatGatewayId: id, SubnetId: subnet, VpcId: vpc, State: 'available', ...extra });
const SUBNETS = [
  { SubnetId: 'subnet-a', VpcId: 'vpc-app', AvailabilityZone: 'us-east-1a' },
  { SubnetId: 'subnet-b', VpcId: 'vpc-app', AvailabilityZone: 'us-east-1b' },
  { SubnetId: 'subnet-c', VpcId: 'vpc-app', AvailabilityZone: 'us-east-1c' },
];

const responses = (o: { vpns?: unknown[]; dx?: unknown[]; nats?: unknown[]; subnets?: unknown[] } = {}) => ({
  'ec2:DescribeVpnConnections@us-east-1': { VpnConnections: o.vpns ?? [] },
  'directconnect:DescribeConnections@us-east-1': { connections: o.dx ?? [] },
  'ec2:DescribeNatGateways@us-east-1': { NatGateways: o.nats ?? [] },
  'ec2:DescribeSubnets@us-east-1': { Subnets: o.subnets ?? SUBNETS },
});
const VPN_ARN = (id: string) => `arn:aws:ec2:us-east-1:123456789012:vpn-connection/${id}`;

testCheck(check, {
  met: [
    {
      name: 'vpnBothTunnelsUpWithTwoCustomerGateways',
      responses: responses({ vpns: [vpn('vpn-1', 'cgw-1', 'UP', 'UP'), vpn('vpn-2', 'cgw-2', 'UP', 'UP')] }),
      expect: { resources: [VPN_ARN('vpn-1'), VPN_ARN('vpn-2')] },
    },
    {
      name: 'singleCustomerGatewayIsOnlyANote',
      responses: responses({ vpns: [vpn('vpn-1', 'cgw-1', 'UP', 'UP'), vpn('vpn-9', 'cgw-9', 'DOWN', 'DOWN', 'deleted')] }),
      expect: { message: /only this connection/ },
    },
    { name: 'twoDxConnectionsInTwoLocations', responses: responses({ dx: [dx('dxcon-1', 'EqDC2'), dx('dxcon-2', 'CSVA1'), dx('dxcon-old', 'EqDC2', 'deleted')] }) },
    { name: 'natInTwoAzs', responses: responses({ nats: [nat('nat-a', 'subnet-a'), nat('nat-b', 'subnet-b')] }), expect: { message: /none in us-east-1c/ } },
    { name: 'regionalNatGateway', responses: responses({ nats: [{ NatGatewayId: 'nat-r', VpcId: 'vpc-app', State: 'available', AvailabilityMode: 'regional' }] }) },
    { name: 'natInSingleAzVpcWithOneAz', responses: responses({ nats: [nat('nat-a', 'subnet-a')], subnets: [SUBNETS[0]] }) },
  ],
  notMet: [
    {
      name: 'vpnTunnelDown',
      responses: responses({ vpns: [vpn('vpn-1', 'cgw-1', 'UP', 'DOWN'), vpn('vpn-2', 'cgw-2', 'UP', 'UP')] }),
      expect: { resources: [VPN_ARN('vpn-1')], message: '1 of 2 tunnels UP' },
    },
    { name: 'singleDxConnection', responses: responses({ dx: [dx('dxcon-1', 'EqDC2')] }), expect: { message: 'Only one Direct Connect connection' } },
    { name: 'dxConnectionsInOneLocation', responses: responses({ dx: [dx('dxcon-1', 'EqDC2'), dx('dxcon-2', 'EqDC2')] }), expect: { message: 'one location' } },
    { name: 'dxConnectionDown', responses: responses({ dx: [dx('dxcon-1', 'EqDC2', 'down'), dx('dxcon-2', 'CSVA1')] }), expect: { message: 'is down' } },
    {
      name: 'natOnlyInOneAzOfThree',
      responses: responses({ nats: [nat('nat-a', 'subnet-a'), nat('nat-a2', 'subnet-a')] }),
      expect: { resources: ['arn:aws:ec2:us-east-1:123456789012:vpc/vpc-app'], message: 'only in us-east-1a' },
    },
  ],
  cannotTell: [
    { name: 'nothingToLookAt', responses: responses(), expect: { status: 'manual', message: 'confirm how customers connect' } },
    { name: 'vpnPendingIsManual', responses: responses({ vpns: [vpn('vpn-1', 'cgw-1', 'DOWN', 'DOWN', 'pending')] }), expect: { status: 'manual' } },
    { name: 'vpnDenied', responses: { ...responses(), 'ec2:DescribeVpnConnections@us-east-1': DENIED }, expect: { missingPermission: 'ec2:DescribeVpnConnections' } },
    {
      name: 'directConnectDenied',
      responses: { ...responses(), 'directconnect:DescribeConnections@us-east-1': DENIED_EXCEPTION },
      expect: { missingPermission: 'directconnect:DescribeConnections' },
    },
    { name: 'natDenied', responses: { ...responses(), 'ec2:DescribeNatGateways@us-east-1': DENIED }, expect: { missingPermission: 'ec2:DescribeNatGateways' } },
    { name: 'subnetsDenied', responses: { ...responses(), 'ec2:DescribeSubnets@us-east-1': DENIED }, expect: { missingPermission: 'ec2:DescribeSubnets' } },
  ],
});
