// 2.1 Network connectivity is highly available.
// The item asks that the paths customers use to reach the solution have no single point of failure, and
// that VPN and Direct Connect links support redundant connections. What the API shows, per region, each
// look on its own (a failed call is an `error` for that look only; the others still decide):
// - Site-to-Site VPN (ec2:DescribeVpnConnections): an `available` connection needs both tunnels UP
//   (VgwTelemetry[].Status); a tunnel DOWN → not met; `pending` → manual (judge it once available);
//   `deleting`/`deleted` are gone. A customer gateway with a single VPN connection is noted (customer-side
//   redundancy is the customer's choice; the item only asks the solution to support it).
// - Direct Connect (directconnect:DescribeConnections): `available` connections must be at least two, in at
//   least two DX locations; a `down` one → not met. Connections still being set up (ordering, requested,
//   pending) or of `unknown` state carry no traffic we can count on: they are evidence, not redundancy;
//   with nothing else → manual.
// - NAT gateways (ec2:DescribeNatGateways + DescribeSubnets), `available` ones only, per VPC: a regional NAT
//   gateway (AvailabilityMode regional) with AutoProvisionZones enabled spans the VPC's AZs → met; zonal
//   ones (and regional ones in manual mode, by their addresses' AZs) in one AZ while the VPC's subnets span
//   several → not met; an AZ that cannot be told (subnet not listed) never counts. Route tables are not read.
// - Internet-facing load balancers (elasticloadbalancing:DescribeLoadBalancers, not `failed`): the entry
//   point customers reach; enabled in one AZ → not met. Internal ones are 2.8's business.
// Decision: a region with none of these has no customer path that could be single, so it is met, saying so
// ("nothing to judge"); it does not hold the item back. Connectivity the API does not show (VPN appliances
// on EC2, PrivateLink from customer accounts, Classic Load Balancers) is not read.
import type { Connection } from '@aws-sdk/client-direct-connect';
import type { NatGateway, Subnet, VpnConnection } from '@aws-sdk/client-ec2';
import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Finding } from '../../model.js';
import { defineCheck, manual, met, notMet, type CheckContext } from '../define-check.js';
import { look } from '../settle.js';

const LIVE_VPN = new Set(['available', 'pending']);
const GONE_DX = new Set(['deleting', 'deleted', 'rejected']);
const SETTING_UP_DX = new Set(['ordering', 'requested', 'pending', 'unknown']);

export default defineCheck({
  meta: {
    id: '2.1',
    kind: 'partial',
    scope: 'region',
    permissions: [
      'ec2:DescribeVpnConnections',
      'directconnect:DescribeConnections',
      'ec2:DescribeNatGateways',
      'ec2:DescribeSubnets',
      'elasticloadbalancing:DescribeLoadBalancers',
    ],
    remediation:
      'Keep both tunnels of every Site-to-Site VPN connection up and offer customers a second customer gateway; use at ' +
      'least two Direct Connect connections in two DX locations (or a VPN backup); place a NAT gateway in every AZ ' +
      'that has private subnets (or use a regional NAT gateway); enable internet-facing load balancers in two or more AZs.',
    docs: 'https://docs.aws.amazon.com/whitepapers/latest/aws-vpc-connectivity-options/network-to-amazon-vpc-connectivity-options.html',
  },
  async run(ctx) {
    const { aws, region } = ctx;
    const arn = (service: string, resource: string) => `arn:${ctx.account.partition}:${service}:${region}:${ctx.account.id}:${resource}`;
    const looks = await Promise.all([
      look(arn('ec2', 'vpn-connection/*'), async () => vpnFindings(ctx, (await aws.ec2.vpnConnections(region)).filter((v) => LIVE_VPN.has(v.State ?? '')))),
      look(arn('directconnect', 'dxcon/*'), async () => dxFindings(ctx, (await aws.directconnect.connections(region)).filter((c) => !GONE_DX.has(c.connectionState ?? '')))),
      look(arn('ec2', 'natgateway/*'), async () => {
        const [nats, subnets] = await Promise.all([aws.ec2.natGateways(region), aws.ec2.subnets(region)]);
        return natFindings(ctx, nats.filter((n) => n.State === 'available'), subnets);
      }),
      look(arn('elasticloadbalancing', 'loadbalancer/*'), async () =>
        (await aws.elbv2.loadBalancers(region)).filter((lb) => lb.Scheme === 'internet-facing' && lb.State?.Code !== 'failed').map(lbFinding),
      ),
    ]);
    const findings = looks.flat();
    if (findings.length > 0) return findings;
    return [met(
      arn('ec2', 'network'),
      `Nothing to judge in ${region}: no VPN or Direct Connect connection, NAT gateway or internet-facing load balancer, so no customer path here could be single.`,
      { vpnConnections: 0, directConnectConnections: 0, natGateways: 0, internetFacingLoadBalancers: 0 },
    )];
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
    if (v.State !== 'available') return manual(arn, `VPN connection ${v.VpnConnectionId} is ${v.State}: check its tunnels once it is available.`, evidence);
    const up = tunnels.filter((t) => t.status === 'UP').length;
    if (up < 2) return notMet(arn, `VPN connection ${v.VpnConnectionId} has ${up} of ${tunnels.length} tunnels UP: it has no redundant tunnel.`, evidence);
    const note = single
      ? ` (customer gateway ${v.CustomerGatewayId} has only this connection: redundancy on the customer side is the customer's choice)`
      : '';
    return met(arn, `VPN connection ${v.VpnConnectionId} has both tunnels UP${note}.`, evidence);
  });
}

function dxFindings(ctx: CheckContext, conns: Connection[]): Finding[] {
  const arn = (id?: string) => `arn:${ctx.account.partition}:directconnect:${ctx.region}:${ctx.account.id}:dxcon/${id}`;
  const settingUp = conns.filter((c) => SETTING_UP_DX.has(c.connectionState ?? 'unknown'));
  const live = conns.filter((c) => !settingUp.includes(c));
  const up = live.filter((c) => c.connectionState === 'available');
  const locations = [...new Set(up.map((c) => c.location ?? '?'))].sort();
  const evidence = {
    connections: conns.map((c) => ({ id: c.connectionId, state: c.connectionState, location: c.location, lagId: c.lagId, bandwidth: c.bandwidth })),
    locations,
  };
  if (live.length === 0) return settingUp.map((c) => manual(
    arn(c.connectionId),
    `Direct Connect connection ${c.connectionId} is ${c.connectionState ?? 'of unknown state'}: judge its redundancy once it is available.`,
    evidence,
  ));
  const down = live.filter((c) => c.connectionState !== 'available');
  if (down.length > 0) return down.map((c) => notMet(arn(c.connectionId), `Direct Connect connection ${c.connectionId} at ${c.location} is ${c.connectionState}.`, evidence));
  if (up.length < 2) return [notMet(
    arn(up[0].connectionId),
    `Only one available Direct Connect connection (${up[0].connectionId} at ${up[0].location}): no redundant connection.`,
    evidence,
  )];
  if (locations.length < 2) return up.map((c) => notMet(
    arn(c.connectionId),
    `All ${up.length} Direct Connect connections are in one location (${locations[0]}): a location outage cuts them all.`,
    evidence,
  ));
  return up.map((c) => met(arn(c.connectionId), `Direct Connect connection ${c.connectionId} is one of ${up.length} across ${locations.length} locations.`, evidence));
}

function natFindings(ctx: CheckContext, nats: NatGateway[], subnets: Subnet[]): Finding[] {
  const azOf = new Map(subnets.map((s) => [s.SubnetId, s.AvailabilityZone]));
  const vpcIds = [...new Set(nats.map((n) => n.VpcId))].sort();
  return vpcIds.map((vpcId) => {
    const arn = `arn:${ctx.account.partition}:ec2:${ctx.region}:${ctx.account.id}:vpc/${vpcId}`;
    const inVpc = nats.filter((n) => n.VpcId === vpcId);
    const subnetAzs = sortedSet(subnets.filter((s) => s.VpcId === vpcId).map((s) => s.AvailabilityZone));
    const spanning = inVpc.filter((n) => n.AvailabilityMode === 'regional' && n.AutoProvisionZones !== 'disabled').map((n) => n.NatGatewayId);
    const zones = inVpc.flatMap((n) => (n.AvailabilityMode === 'regional' ? (n.NatGatewayAddresses ?? []).map((a) => a.AvailabilityZone) : [azOf.get(n.SubnetId)]));
    const natAzs = sortedSet(zones);
    const unplaced = zones.length - zones.filter((z) => z !== undefined).length;
    const evidence = { natGateways: inVpc.map((n) => n.NatGatewayId), natAzs, regionalNatGateways: spanning, subnetAzs, azsWithoutNat: spanning.length ? [] : subnetAzs.filter((az) => !natAzs.includes(az)) };
    const name = `VPC ${vpcId}`;
    if (spanning.length > 0) return met(arn, `${name} uses a regional NAT gateway (${spanning.join(', ')}), which follows its subnets into every AZ.`, evidence);
    const missing = evidence.azsWithoutNat.length ? ` (none in ${evidence.azsWithoutNat.join(', ')})` : '';
    if (natAzs.length >= 2) return met(arn, `${name} has NAT gateways in ${natAzs.join(', ')}${missing}.`, evidence);
    if (unplaced > 0 || natAzs.length === 0) {
      return manual(arn, `${name}: the AZ of some NAT gateways could not be told (subnet not listed, or no address AZ): check that they span its AZs.`, evidence);
    }
    if (subnetAzs.length < 2) return met(arn, `${name} has NAT gateways in ${natAzs[0]}, the only AZ of its subnets.`, evidence);
    return notMet(
      arn,
      `${name} has NAT gateways only in ${natAzs[0]} while its subnets span ${subnetAzs.length} AZs: an outage of that AZ cuts outbound access for the others.`,
      evidence,
    );
  });
}

function lbFinding(lb: LoadBalancer): Finding {
  const arn = lb.LoadBalancerArn ?? `${lb.LoadBalancerName}`;
  const azs = sortedSet((lb.AvailabilityZones ?? []).map((z) => z.ZoneName));
  const evidence = { type: lb.Type, scheme: lb.Scheme, state: lb.State?.Code, availabilityZones: azs };
  const name = `Internet-facing load balancer ${lb.LoadBalancerName} (${lb.Type})`;
  if (azs.length === 0) return manual(arn, `${name}: the API did not report its AZs; check that it spans two or more.`, evidence);
  if (azs.length < 2) return notMet(arn, `${name} is enabled in one AZ (${azs[0]}): an outage of that AZ cuts customers off.`, evidence);
  return met(arn, `${name} is enabled in ${azs.length} AZs (${azs.join(', ')}).`, evidence);
}

const sortedSet = (values: (string | undefined)[]): string[] => [...new Set(values.filter((v): v is string => v !== undefined))].sort();
