// 2.1 Network connectivity is highly available.
// What the API shows, per region:
// - Site-to-Site VPN (ec2:DescribeVpnConnections): an `available` connection needs both tunnels UP
//   (VgwTelemetry[].Status); a tunnel DOWN → not met. A customer gateway with a single VPN connection is
//   noted (customer-side redundancy is the customer's choice; the item only asks the solution to support it).
// - Direct Connect (directconnect:DescribeConnections): live connections (not deleted/rejected) must be at
//   least two, in at least two DX locations; one connection or one location → not met; a `down` one → not met.
// - NAT gateways (ec2:DescribeNatGateways + DescribeSubnets): a VPC whose available zonal NAT gateways sit in
//   one AZ while its subnets span several → not met (one AZ outage cuts private subnets off). Route tables are
//   not read: a VPC with NAT in two or more AZs is met, with AZs lacking one listed as evidence.
// Nothing of the three in a region → manual: how customers reach the solution is for people to attest.
import type { Connection } from '@aws-sdk/client-direct-connect';
import type { NatGateway, Subnet, VpnConnection } from '@aws-sdk/client-ec2';
import { defineCheck, manual, met, notMet, type CheckContext } from '../define-check.js';
import type { Finding } from '../../model.js';

const GONE_DX = new Set(['deleted', 'deleting', 'rejected']);

export default defineCheck({
  meta: {
    id: '2.1',
    kind: 'partial',
    scope: 'region',
    permissions: ['ec2:DescribeVpnConnections', 'directconnect:DescribeConnections', 'ec2:DescribeNatGateways', 'ec2:DescribeSubnets'],
    remediation:
      'Keep both tunnels of every Site-to-Site VPN connection up and offer customers a second customer gateway; use at ' +
      'least two Direct Connect connections in two DX locations (or a VPN backup); place a NAT gateway in every AZ ' +
      'that has private subnets (or use a regional NAT gateway).',
    docs: 'https://docs.aws.amazon.com/whitepapers/latest/aws-vpc-connectivity-options/network-to-amazon-vpc-connectivity-options.html',
  },
  async run(ctx) {
    const { aws, region } = ctx;
    const [vpns, dx, nats, subnets] = await Promise.all([
      aws.ec2.vpnConnections(region),
      aws.directconnect.connections(region),
      aws.ec2.natGateways(region),
      aws.ec2.subnets(region),
    ]);
    const liveVpns = vpns.filter((v) => v.State === 'available' || v.State === 'pending');
    const liveDx = dx.filter((c) => !GONE_DX.has(c.connectionState ?? ''));
    const liveNats = nats.filter((n) => n.State === 'available');
    const findings = [...vpnFindings(ctx, liveVpns), ...dxFindings(ctx, liveDx), ...natFindings(ctx, liveNats, subnets)];
    if (findings.length > 0) return findings;
    return [
      manual(
        `arn:${ctx.account.partition}:ec2:${region}:${ctx.account.id}:network`,
        `No VPN, Direct Connect or NAT gateway in ${region}: confirm how customers connect to the solution and that the path is redundant.`,
      ),
    ];
  },
});

function vpnFindings(ctx: CheckContext, vpns: VpnConnection[]): Finding[] {
  const perGateway = new Map<string, number>();
  for (const v of vpns) perGateway.set(v.CustomerGatewayId ?? '', (perGateway.get(v.CustomerGatewayId ?? '') ?? 0) + 1);
  return vpns.map((v) => {
    const arn = `arn:${ctx.account.partition}:ec2:${ctx.region}:${ctx.account.id}:vpn-connection/${v.VpnConnectionId}`;
    const tunnels = (v.VgwTelemetry ?? []).map((t) => ({ outsideIp: t.OutsideIpAddress, status: t.Status }));
    const single = perGateway.get(v.CustomerGatewayId ?? '') === 1;
    const evidence = { state: v.State, customerGatewayId: v.CustomerGatewayId, tunnels, singleConnectionForCustomerGateway: single };
    if (v.State !== 'available') return manual(
      arn,
      `VPN connection ${v.VpnConnectionId} is ${v.State}: check its tunnels once it is available.`,
      evidence,
    );
    const up = tunnels.filter((t) => t.status === 'UP').length;
    if (up < 2) return notMet(
      arn,
      `VPN connection ${v.VpnConnectionId} has ${up} of ${tunnels.length} tunnels UP: it has no redundant tunnel.`,
      evidence,
    );
    const note = single
      ? ` (customer gateway ${v.CustomerGatewayId} has only this connection: redundancy on the customer side is the customer's choice)`
      : '';
    return met(arn, `VPN connection ${v.VpnConnectionId} has both tunnels UP${note}.`, evidence);
  });
}

function dxFindings(ctx: CheckContext, conns: Connection[]): Finding[] {
  if (conns.length === 0) return [];
  const locations = [...new Set(conns.map((c) => c.location ?? '?'))].sort();
  const evidence = {
    connections: conns.map((c) => ({ id: c.connectionId, state: c.connectionState, location: c.location, lagId: c.lagId, bandwidth: c.bandwidth })),
    locations,
  };
  const arn = (id?: string) => `arn:${ctx.account.partition}:directconnect:${ctx.region}:${ctx.account.id}:dxcon/${id}`;
  const down = conns.filter((c) => c.connectionState === 'down');
  if (down.length > 0) return down.map((c) => notMet(
    arn(c.connectionId),
    `Direct Connect connection ${c.connectionId} at ${c.location} is down.`,
    evidence,
  ));
  if (conns.length < 2) return [notMet(
    arn(conns[0].connectionId),
    `Only one Direct Connect connection (${conns[0].connectionId} at ${conns[0].location}): no redundant connection.`,
    evidence,
  )];
  if (locations.length < 2) return conns.map((c) => notMet(
    arn(c.connectionId),
    `All ${conns.length} Direct Connect connections are in one location (${locations[0]}): a location outage cuts them all.`,
    evidence,
  ));
  return conns.map((c) => met(
    arn(c.connectionId),
    `Direct Connect connection ${c.connectionId} is one of ${conns.length} across ${locations.length} locations.`,
    evidence,
  ));
}

function natFindings(ctx: CheckContext, nats: NatGateway[], subnets: Subnet[]): Finding[] {
  const azOf = new Map(subnets.map((s) => [s.SubnetId, s.AvailabilityZone]));
  const vpcIds = [...new Set(nats.map((n) => n.VpcId ?? ''))].sort();
  return vpcIds.map((vpcId) => {
    const arn = `arn:${ctx.account.partition}:ec2:${ctx.region}:${ctx.account.id}:vpc/${vpcId}`;
    const inVpc = nats.filter((n) => n.VpcId === vpcId);
    const subnetAzs = [...new Set(subnets.filter((s) => s.VpcId === vpcId).map((s) => s.AvailabilityZone ?? '?'))].sort();
    const regional = inVpc.filter((n) => n.AvailabilityMode === 'regional').map((n) => n.NatGatewayId);
    const natAzs = [...new Set(inVpc.filter((n) => n.AvailabilityMode !== 'regional').map((n) => azOf.get(n.SubnetId) ?? '?'))].sort();
    const evidence = { natGateways: inVpc.map((n) => n.NatGatewayId), natAzs, regionalNatGateways: regional, subnetAzs };
    if (regional.length > 0) return met(arn, `VPC ${vpcId} uses a regional NAT gateway, which spans its AZs.`, evidence);
    if (natAzs.length < 2 && subnetAzs.length > 1) {
      return notMet(
        arn,
        `VPC ${vpcId} has NAT gateways only in ${natAzs.join(', ')} while its subnets span ${subnetAzs.length} AZs: an outage of that AZ cuts outbound access for the others.`,
        evidence,
      );
    }
    const missing = subnetAzs.filter((az) => !natAzs.includes(az));
    return met(
      arn,
      `VPC ${vpcId} has NAT gateways in ${natAzs.join(', ')}${missing.length ? ` (none in ${missing.join(', ')})` : ''}.`,
      { ...evidence, azsWithoutNat: missing },
    );
  });
}
