import check from '../../../src/checks/security/security-groups-tightly-scoped.js';
import { callKey } from '../../../src/aws/snapshot.js';
import { DENIED, testCheck } from '../../support/check-tester.js';

const VPC = 'vpc-0a1b2c3d';
const sgArn = (id: string, region = 'us-east-1') => `arn:aws:ec2:${region}:123456789012:security-group/${id}`;
const tcp = (port: number | [number, number], ...cidrs: string[]) => {
  const [FromPort, ToPort] = typeof port === 'number' ? [port, port] : port;
  return {
    IpProtocol: 'tcp',
    FromPort,
    ToPort,
    IpRanges: cidrs.filter((c) => !c.includes(':')).map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: cidrs.filter((c) => c.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: [],
    UserIdGroupPairs: [],
  };
};
const ALL_OUT = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }];
const group = (GroupId: string, GroupName: string, inbound: object[], outbound: object[] = ALL_OUT) => ({
  GroupId,
  GroupName,
  VpcId: VPC,
  OwnerId: '123456789012',
  Description: GroupName,
  IpPermissions: inbound,
  IpPermissionsEgress: outbound,
});
/** A default group whose rules were all removed (what CIS 5.4 asks for). */
const CLEAN_DEFAULT = group('sg-default', 'default', [], []);
/** A default group as AWS creates it: all traffic from itself, all traffic out. */
const STOCK_DEFAULT = group(
  'sg-default',
  'default',
  [{ IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: 'sg-default', UserId: '123456789012' }] }],
  ALL_OUT,
);
const WEB = group('sg-web', 'web-alb', [tcp(443, '0.0.0.0/0', '::/0'), tcp(80, '0.0.0.0/0')]);
const groups = (region: string, ...list: object[]) => ({ [callKey('ec2', 'DescribeSecurityGroups', {}, region)]: { SecurityGroups: list } });
const interfaces = (region: string, ...list: [string, string, string?][]) => ({
  [callKey('ec2', 'DescribeNetworkInterfaces', {}, region)]: {
    NetworkInterfaces: list.map(([NetworkInterfaceId, GroupId, InstanceId]) => ({
      NetworkInterfaceId,
      InterfaceType: 'interface',
      Description: InstanceId ? '' : 'ELB app/prod-web/50dc6c495c0c9188',
      Attachment: InstanceId ? { InstanceId, Status: 'attached' } : undefined,
      Groups: [{ GroupId, GroupName: GroupId }],
    })),
  },
});
const prefixList = (id: string, body: object) => ({ [callKey('ec2', 'GetManagedPrefixListEntries', { PrefixListId: id }, 'us-east-1')]: body });
const viaPrefixList = (port: number, PrefixListId: string) => ({ ...tcp(port), PrefixListIds: [{ PrefixListId }] });

testCheck(check, {
  met: [
    {
      name: 'webOnlyOn80And443WithCleanDefault',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...groups('us-east-1', WEB, CLEAN_DEFAULT), ...groups('eu-west-1', CLEAN_DEFAULT) },
      expect: {
        resources: [sgArn('*'), sgArn('*', 'eu-west-1')],
        message: '2 security groups in us-east-1, none open to the internet beyond the allowed ports (80, 443)',
      },
    },
    { name: 'noSecurityGroups', responses: groups('us-east-1'), expect: { message: 'No security groups in us-east-1' } },
    {
      name: 'sshOnlyFromPrivateRangeAndOtherGroups',
      responses: groups('us-east-1', group('sg-app', 'app', [tcp(22, '10.0.0.0/8'), { ...tcp([0, 65535]), UserIdGroupPairs: [{ GroupId: 'sg-web' }] }])),
    },
    {
      name: 'sshFromEc2InstanceConnectPrefixList',
      responses: {
        ...groups('us-east-1', group('sg-eic', 'eic-ssh', [viaPrefixList(22, 'pl-eic')])),
        ...prefixList('pl-eic', { Entries: [{ Cidr: '18.206.107.24/29' }] }),
      },
    },
    {
      name: 'icmpFromAnywhereIsNotJudged',
      responses: groups('us-east-1', group('sg-ping', 'ping', [{ IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }])),
    },
    {
      name: 'customPublicPorts',
      thresholds: { publicPorts: [443, 8443] },
      responses: groups('us-east-1', group('sg-api', 'api', [tcp(8443, '0.0.0.0/0')])),
    },
  ],
  notMet: [
    {
      name: 'sshFromAnywhereOnAnInstance',
      responses: { ...groups('us-east-1', WEB, group('sg-bastion', 'bastion-ssh', [tcp(22, '0.0.0.0/0')])), ...interfaces('us-east-1', ['eni-1', 'sg-bastion', 'i-0bastion']) },
      expect: { resources: [sgArn('sg-bastion')], message: 'bastion-ssh (sg-bastion, vpc-0a1b2c3d) allows tcp/22 from 0.0.0.0/0; used by eni-1 (i-0bastion).' },
    },
    {
      name: 'allTrafficFromAnyIpv6',
      responses: {
        ...groups('us-east-1', group('sg-open', 'wide-open', [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }])),
        ...interfaces('us-east-1', ['eni-2', 'sg-open']),
      },
      expect: { message: 'allows all traffic from ::/0; used by eni-2 (ELB app/prod-web/50dc6c495c0c9188)' },
    },
    {
      name: 'rangeSpanningNonPublicPorts',
      responses: { ...groups('us-east-1', group('sg-range', 'range', [tcp([80, 443], '0.0.0.0/0')])), ...interfaces('us-east-1') },
      expect: { message: 'allows tcp/80-443 from 0.0.0.0/0; not attached to any network interface (delete it if no longer needed)' },
    },
    {
      name: 'stockDefaultGroupRules',
      responses: { ...groups('us-east-1', WEB, STOCK_DEFAULT), ...interfaces('us-east-1', ['eni-3', 'sg-web']) },
      expect: { resources: [sgArn('sg-default')], message: 'is a default group with rules (1 inbound, 1 outbound); it should have none; not attached to any network interface.' },
    },
    {
      name: 'espProtocolFromAnywhere',
      responses: { ...groups('us-east-1', group('sg-vpn', 'vpn', [{ IpProtocol: '50', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }])), ...interfaces('us-east-1') },
      expect: { message: 'allows all of protocol 50 from 0.0.0.0/0' },
    },
    {
      name: 'prefixListHoldingAnywhere',
      responses: {
        ...groups('us-east-1', group('sg-pl', 'partners', [viaPrefixList(3389, 'pl-partners')])),
        ...prefixList('pl-partners', { Entries: [{ Cidr: '203.0.113.0/24' }, { Cidr: '0.0.0.0/0' }] }),
        ...interfaces('us-east-1'),
      },
      expect: { message: 'allows tcp/3389 from 0.0.0.0/0 (in prefix list pl-partners)' },
    },
    {
      name: 'networkInterfacesDeniedStillNotMet',
      responses: { ...groups('us-east-1', group('sg-bastion', 'bastion-ssh', [tcp(22, '0.0.0.0/0')])), [callKey('ec2', 'DescribeNetworkInterfaces', {}, 'us-east-1')]: DENIED },
      expect: { message: 'the network interfaces using it could not be listed', missingPermission: 'ec2:DescribeNetworkInterfaces' },
    },
  ],
  cannotTell: [
    {
      name: 'describeSecurityGroupsDenied',
      responses: { [callKey('ec2', 'DescribeSecurityGroups', {}, 'us-east-1')]: DENIED },
      expect: { missingPermission: 'ec2:DescribeSecurityGroups' },
    },
    {
      name: 'prefixListEntriesDenied',
      responses: { ...groups('us-east-1', WEB, group('sg-pl', 'partners', [viaPrefixList(22, 'pl-partners')])), ...prefixList('pl-partners', DENIED) },
      expect: { resources: [sgArn('sg-pl')], missingPermission: 'ec2:GetManagedPrefixListEntries' },
    },
  ],
});
