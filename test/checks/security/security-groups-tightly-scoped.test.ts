import { describe, expect, it } from 'vitest';
import check, { anywhere } from '../../../src/checks/security/security-groups-tightly-scoped.js';
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

const rule = (o: object) => ({ IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [], ...o });
const VPC2 = 'vpc-0e9f8a7b';
/** The same group in another VPC (every VPC has its own default group). */
const inVpc = (g: ReturnType<typeof group>, VpcId: string, GroupId: string) => ({ ...g, VpcId, GroupId });

testCheck(check, {
  met: [
    {
      name: 'webOnlyOn80And443WithCleanDefault',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...groups('us-east-1', WEB, CLEAN_DEFAULT), ...groups('eu-west-1', CLEAN_DEFAULT) },
      expect: {
        resources: [sgArn('*'), sgArn('*', 'eu-west-1')],
        message: '2 security groups in us-east-1, none open to the internet beyond the allowed ports (80, 443); default groups have no rules.',
      },
    },
    {
      name: 'noSecurityGroups',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...groups('us-east-1'), ...groups('eu-west-1', CLEAN_DEFAULT) },
      expect: { resources: [sgArn('*'), sgArn('*', 'eu-west-1')], message: 'No security groups in us-east-1: nothing to judge there.' },
    },
    {
      name: 'cleanDefaultGroupsOfTwoVpcs',
      responses: groups('us-east-1', CLEAN_DEFAULT, inVpc(CLEAN_DEFAULT, VPC2, 'sg-default2'), inVpc(WEB, VPC2, 'sg-web2')),
      expect: { resources: [sgArn('*')], message: '3 security groups in us-east-1' },
    },
    {
      name: 'sshOnlyFromPrivateRangeAndOtherGroups',
      responses: groups('us-east-1', group('sg-app', 'app', [tcp(22, '10.0.0.0/8'), { ...tcp([0, 65535]), UserIdGroupPairs: [{ GroupId: 'sg-web' }] }])),
      expect: { resources: [sgArn('*')] },
    },
    {
      name: 'sshFromEc2InstanceConnectPrefixList',
      responses: {
        ...groups('us-east-1', group('sg-eic', 'eic-ssh', [viaPrefixList(22, 'pl-eic')])),
        ...prefixList('pl-eic', { Entries: [{ Cidr: '18.206.107.24/29' }] }),
      },
      expect: { resources: [sgArn('*')] },
    },
    {
      name: 'icmpFromAnywhereIsNotJudged',
      responses: groups(
        'us-east-1',
        group('sg-ping', 'ping', [
          { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          rule({ IpProtocol: '58', FromPort: -1, ToPort: -1, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }),
          rule({ IpProtocol: 'icmpv6', FromPort: -1, ToPort: -1, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }),
          rule({ IpProtocol: '1', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }),
        ]),
      ),
      expect: { resources: [sgArn('*')] },
    },
    {
      name: 'publicPortsByProtocolNumberAndRange',
      responses: groups(
        'us-east-1',
        group('sg-web-n', 'web-numeric', [rule({ IpProtocol: '6', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]),
        group('sg-quic', 'quic', [rule({ IpProtocol: 'UDP', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '::/0' }] })]),
      ),
      thresholds: { publicPorts: [80, 443] },
      expect: { resources: [sgArn('*')] },
    },
    {
      name: 'customPublicPorts',
      thresholds: { publicPorts: [443, 8443] },
      responses: groups('us-east-1', group('sg-api', 'api', [tcp(8443, '0.0.0.0/0'), tcp([8443, 8443], '::/0')])),
      expect: { resources: [sgArn('*')], message: 'none open to the internet beyond the allowed ports (443, 8443)' },
    },
    {
      name: 'contiguousPublicPortRange',
      thresholds: { publicPorts: [8080, 8081, 8082] },
      responses: groups('us-east-1', group('sg-alt', 'alt-http', [tcp([8080, 8082], '0.0.0.0/0')])),
      expect: { resources: [sgArn('*')] },
    },
    {
      name: 'wideRangeFromAPartnerCidrOnly',
      responses: groups('us-east-1', group('sg-partner', 'partner', [tcp([0, 65535], '203.0.113.0/24', '2001:db8::/32')])),
      expect: { resources: [sgArn('*')] },
    },
  ],
  notMet: [
    {
      // 0.0.0.0/1 + 128.0.0.0/1 is all of IPv4; a public /8 or a /16 of IPv6 is the internet at large too.
      name: 'sshFromRangesAsWideAsTheInternet',
      responses: {
        ...groups(
          'us-east-1',
          group('sg-halves', 'two-halves', [tcp(22, '0.0.0.0/1', '128.0.0.0/1')]),
          group('sg-slash8', 'public-eight', [tcp(3389, '1.0.0.0/8')]),
          group('sg-v6', 'v6-wide', [tcp(22, '2000::/3')]),
          group('sg-private', 'private-wide', [tcp(22, '10.0.0.0/8', '172.16.0.0/12', '11.0.0.0/9', 'fd00::/8', 'fe80::/10', '2001:db8::/32')]),
        ),
        ...interfaces('us-east-1'),
      },
      expect: {
        resources: [sgArn('sg-halves'), sgArn('sg-slash8'), sgArn('sg-v6')],
        metResources: [],
        check: (r) =>
          expect(r.findings.map((f) => f.message.split(';')[0])).toEqual([
            'Security group two-halves (sg-halves, vpc-0a1b2c3d) allows tcp/22 from 0.0.0.0/1',
            'Security group public-eight (sg-slash8, vpc-0a1b2c3d) allows tcp/3389 from 1.0.0.0/8',
            'Security group v6-wide (sg-v6, vpc-0a1b2c3d) allows tcp/22 from 2000::/3',
          ]),
      },
    },
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
      expect: { resources: [sgArn('sg-open')], message: 'allows all traffic from ::/0; used by eni-2 (ELB app/prod-web/50dc6c495c0c9188)' },
    },
    {
      name: 'allTrafficWithoutProtocolOrPorts',
      responses: { ...groups('us-east-1', group('sg-noproto', 'no-protocol', [{ IpRanges: [{ CidrIp: '0.0.0.0/0' }] }])), ...interfaces('us-east-1') },
      expect: { resources: [sgArn('sg-noproto')], message: 'allows all traffic from 0.0.0.0/0' },
    },
    {
      name: 'tcpWithoutPortsIsEveryPort',
      responses: { ...groups('us-east-1', group('sg-noports', 'no-ports', [rule({ IpProtocol: 'tcp', IpRanges: [{ CidrIp: '0.0.0.0/0' }] })])), ...interfaces('us-east-1') },
      expect: { resources: [sgArn('sg-noports')], message: 'allows tcp/0-65535 from 0.0.0.0/0' },
    },
    {
      name: 'rangeSpanningNonPublicPorts',
      responses: { ...groups('us-east-1', group('sg-range', 'range', [tcp([80, 443], '0.0.0.0/0')])), ...interfaces('us-east-1') },
      expect: { resources: [sgArn('sg-range')], message: 'allows tcp/80-443 from 0.0.0.0/0; not attached to any network interface (delete it if no longer needed)' },
    },
    {
      name: 'rangeOfAllowedPortsWithAGap',
      thresholds: { publicPorts: [8080, 8082] },
      responses: { ...groups('us-east-1', group('sg-gap', 'gap', [tcp([8080, 8082], '0.0.0.0/0')])), ...interfaces('us-east-1') },
      expect: { resources: [sgArn('sg-gap')], message: 'allows tcp/8080-8082 from 0.0.0.0/0' },
    },
    {
      name: 'udpByNumberFromAnywhere',
      responses: { ...groups('us-east-1', group('sg-dns', 'dns', [rule({ IpProtocol: '17', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })])), ...interfaces('us-east-1') },
      expect: { resources: [sgArn('sg-dns')], message: 'allows udp/53 from 0.0.0.0/0' },
    },
    {
      name: 'stockDefaultGroupRules',
      responses: { ...groups('us-east-1', WEB, STOCK_DEFAULT), ...interfaces('us-east-1', ['eni-3', 'sg-web']) },
      expect: { resources: [sgArn('sg-default')], message: 'is a default group with rules (1 inbound, 1 outbound); it should have none; not attached to any network interface.' },
    },
    {
      name: 'stockDefaultInOneVpcCleanInAnother',
      responses: {
        ...groups('us-east-1', CLEAN_DEFAULT, inVpc(STOCK_DEFAULT, VPC2, 'sg-default2')),
        ...interfaces('us-east-1', ['eni-4', 'sg-default2', 'i-0legacy'], ['eni-5', 'sg-default2', 'i-0legacy2']),
      },
      expect: { resources: [sgArn('sg-default2')], message: `default (sg-default2, ${VPC2}) is a default group with rules (1 inbound, 1 outbound); it should have none; used by eni-4 (i-0legacy), eni-5 (i-0legacy2).` },
    },
    {
      name: 'defaultGroupWithOutboundRulesOnly',
      responses: { ...groups('us-east-1', group('sg-default', 'default', [], [...ALL_OUT, rule({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-s3' }] })])), ...interfaces('us-east-1') },
      expect: { resources: [sgArn('sg-default')], message: 'is a default group with rules (0 inbound, 2 outbound)' },
    },
    {
      name: 'espProtocolFromAnywhere',
      responses: { ...groups('us-east-1', group('sg-vpn', 'vpn', [{ IpProtocol: '50', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }])), ...interfaces('us-east-1') },
      expect: { resources: [sgArn('sg-vpn')], message: 'allows all of protocol 50 from 0.0.0.0/0' },
    },
    {
      name: 'prefixListHoldingAnywhere',
      responses: {
        ...groups('us-east-1', group('sg-pl', 'partners', [viaPrefixList(3389, 'pl-partners')])),
        ...prefixList('pl-partners', { Entries: [{ Cidr: '203.0.113.0/24' }, { Cidr: '0.0.0.0/0' }] }),
        ...interfaces('us-east-1'),
      },
      expect: { resources: [sgArn('sg-pl')], message: 'allows tcp/3389 from 0.0.0.0/0 (in prefix list pl-partners)' },
    },
    {
      name: 'manyInterfacesOnAnOpenGroup',
      responses: {
        ...groups('us-east-1', group('sg-fleet', 'fleet', [tcp(22, '0.0.0.0/0')])),
        ...interfaces('us-east-1', ...Array.from({ length: 7 }, (_, i): [string, string, string] => [`eni-${i}`, 'sg-fleet', `i-${i}`])),
      },
      expect: { resources: [sgArn('sg-fleet')], message: 'used by eni-0 (i-0), eni-1 (i-1), eni-2 (i-2), eni-3 (i-3), eni-4 (i-4) and 2 more.' },
    },
    {
      name: 'openGroupsInTwoRegionsCleanInAThird',
      regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      responses: {
        ...groups('us-east-1', WEB, group('sg-bastion', 'bastion-ssh', [tcp(22, '0.0.0.0/0')])),
        ...interfaces('us-east-1'),
        ...groups('us-west-2', group('sg-rdp', 'rdp', [tcp(3389, '0.0.0.0/0', '::/0')])),
        ...interfaces('us-west-2'),
        ...groups('eu-west-1', WEB, CLEAN_DEFAULT),
      },
      expect: {
        resources: [sgArn('sg-bastion'), sgArn('sg-rdp', 'us-west-2')],
        metResources: [sgArn('*', 'eu-west-1')],
        message: 'rdp (sg-rdp, vpc-0a1b2c3d) allows tcp/3389 from 0.0.0.0/0; allows tcp/3389 from ::/0; not attached',
      },
    },
    {
      name: 'networkInterfacesDeniedStillNotMet',
      responses: { ...groups('us-east-1', group('sg-bastion', 'bastion-ssh', [tcp(22, '0.0.0.0/0')])), [callKey('ec2', 'DescribeNetworkInterfaces', {}, 'us-east-1')]: DENIED },
      expect: { resources: [sgArn('sg-bastion')], message: 'the network interfaces using it could not be listed', missingPermission: 'ec2:DescribeNetworkInterfaces' },
    },
    {
      name: 'openRuleBesideAnUnreadablePrefixList',
      responses: {
        ...groups('us-east-1', group('sg-mixed', 'mixed', [viaPrefixList(22, 'pl-partners'), tcp(3389, '0.0.0.0/0')])),
        ...prefixList('pl-partners', DENIED),
        ...interfaces('us-east-1'),
      },
      expect: {
        resources: [sgArn('sg-mixed')],
        message: /allows tcp\/3389 from 0\.0\.0\.0\/0; not attached/,
        check: (r) => expect(r.findings[0].evidence?.couldNotTell).toEqual(['missing permission ec2:GetManagedPrefixListEntries']),
      },
    },
  ],
  cannotTell: [
    {
      // A blank 200 answer: EC2 sends no groups as an empty <securityGroupInfo/>, so no list is no answer.
      name: 'groupListMissingFromTheAnswer',
      responses: { [callKey('ec2', 'DescribeSecurityGroups', {}, 'us-east-1')]: {} },
      expect: { resources: ['ec2:DescribeSecurityGroups'], message: 'answered a malformed response: SecurityGroups is missing' },
    },
    {
      // AWS always sends IpPermissions (an empty list when there are none): its absence is never "no rules".
      name: 'groupWithoutInboundRuleListIsNotReadAsClosed',
      responses: groups('us-east-1', WEB, (({ IpPermissions: _gone, ...g }) => g)(CLEAN_DEFAULT)),
      expect: { resources: [sgArn('sg-default')], metResources: [], message: 'the answer gives no inbound rules (IpPermissions), not even an empty list' },
    },
    {
      // The case: read leniently, a group without its id (or with rules that are not a list) looked tight.
      // The data layer refuses the answer, naming the call and field: every group of the region is unjudged.
      name: 'groupWithoutGroupIdIsAMalformedAnswer',
      responses: { ...groups('us-east-1', WEB, { GroupName: 'no-id', IpPermissions: [tcp(22, '0.0.0.0/0')] }), ...groups('eu-west-1', CLEAN_DEFAULT) },
      regions: ['us-east-1', 'eu-west-1'],
      expect: {
        resources: ['ec2:DescribeSecurityGroups'],
        metResources: [sgArn('*', 'eu-west-1')],
        message: 'could not tell: ec2:DescribeSecurityGroups@us-east-1 answered a malformed response: SecurityGroups[1].GroupId is missing',
      },
    },
    {
      name: 'rulesThatAreNotAListAreAMalformedAnswer',
      responses: groups('us-east-1', { ...CLEAN_DEFAULT, IpPermissions: { IpProtocol: '-1' } }),
      expect: { resources: ['ec2:DescribeSecurityGroups'], message: 'answered a malformed response: SecurityGroups[0].IpPermissions is not a list (got an object)' },
    },
    {
      name: 'describeSecurityGroupsDenied',
      responses: { [callKey('ec2', 'DescribeSecurityGroups', {}, 'us-east-1')]: DENIED },
      expect: { resources: ['ec2:DescribeSecurityGroups'], missingPermission: 'ec2:DescribeSecurityGroups' },
    },
    {
      name: 'prefixListEntriesDenied',
      responses: { ...groups('us-east-1', WEB, group('sg-pl', 'partners', [viaPrefixList(22, 'pl-partners')])), ...prefixList('pl-partners', DENIED) },
      expect: { resources: [sgArn('sg-pl')], missingPermission: 'ec2:GetManagedPrefixListEntries' },
    },
    {
      name: 'unreadablePrefixListAndARuleWithoutSource',
      responses: {
        ...groups('us-east-1', group('sg-two', 'two-gaps', [viaPrefixList(22, 'pl-partners'), rule({ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389 })])),
        ...prefixList('pl-partners', DENIED),
      },
      expect: {
        resources: [sgArn('sg-two')],
        missingPermission: 'ec2:GetManagedPrefixListEntries',
        message: 'could not tell: missing permission ec2:GetManagedPrefixListEntries; security group two-gaps (sg-two): inbound rule 2 (tcp/3389) names no source',
      },
    },
    {
      name: 'ruleWithoutAnySource',
      responses: groups('us-east-1', WEB, group('sg-nosrc', 'no-source', [rule({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 })])),
      expect: { resources: [sgArn('sg-nosrc')], message: 'could not tell: security group no-source (sg-nosrc): inbound rule 1 (tcp/22) names no source' },
    },
    {
      name: 'ruleWithoutSourceLists',
      responses: groups('us-east-1', group('sg-bare', 'bare', [{ IpProtocol: '-1' }])),
      expect: { resources: [sgArn('sg-bare')], message: 'inbound rule 1 (all traffic) names no source' },
    },
    {
      name: 'rangesWithoutCidr',
      responses: groups(
        'us-east-1',
        group('sg-nocidr', 'no-cidr', [rule({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ Description: 'office' }], Ipv6Ranges: [{}], PrefixListIds: [{}] })]),
      ),
      expect: {
        // The EC2 API always returns a range's CIDR and a prefix list's id: the whole answer is malformed.
        resources: ['ec2:DescribeSecurityGroups'],
        message: 'answered a malformed response: SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp is missing (and 2 more problems)',
      },
    },
    {
      name: 'invertedPortRange',
      responses: groups('us-east-1', group('sg-inverted', 'inverted', [tcp([443, 22], '0.0.0.0/0')])),
      expect: { resources: [sgArn('sg-inverted')], message: 'inbound rule 1 has an invalid tcp port range 443-22' },
    },
    {
      name: 'groupWithoutANameMayBeADefaultGroup',
      responses: groups('us-east-1', { ...STOCK_DEFAULT, GroupName: undefined }),
      expect: { resources: ['ec2:DescribeSecurityGroups'], message: 'answered a malformed response: SecurityGroups[0].GroupName is missing' },
    },
  ],
});

describe('anywhere: a source as wide as the internet', () => {
  it.each([
    ['0.0.0.0/0', true], ['::/0', true], ['0.0.0.0/1', true], ['128.0.0.0/1', true], ['1.0.0.0/8', true], ['12.0.0.0/7', true],
    ['10.0.0.0/8', false], ['127.0.0.0/8', false], ['0.0.0.0/8', false], ['11.0.0.0/9', false], ['172.16.0.0/12', false], ['203.0.113.0/24', false],
    ['2000::/3', true], ['2600::/16', true], ['2600::/17', false], ['fc00::/7', false], ['fd00::/8', false], ['fe80::/10', false], ['fe00::/7', true],
    ['::/1', true], ['garbage', false], ['1.2.3.4/x', false], [undefined, false],
  ])('%s → %s', (cidr, wide) => expect(anywhere(cidr)).toBe(wide));
});
