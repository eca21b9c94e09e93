// 1.16 EC2 security groups are tightly scoped.
// ec2:DescribeSecurityGroups in the region. A group is not met when:
//  - an inbound rule from anywhere (0.0.0.0/0, ::/0, any public range as wide as a /8 of IPv4 or a /16 of
//    IPv6 — two /1s are all of IPv4 —, or a managed prefix list holding one, read with
//    ec2:GetManagedPrefixListEntries) reaches a port outside thresholds.publicPorts (default 80, 443):
//    all traffic (IpProtocol -1, or no protocol), a protocol without ports (50/ESP, 47/GRE …: all of it), or a
//    TCP/UDP range that goes beyond the allowed ports (22, 3389, 0-65535, no ports at all …). ICMP has no
//    ports and is not judged.
//  - it is a VPC's default group with any rule, inbound or outbound (CIS 5.4: anything launched without a
//    group lands in it, so it must allow nothing; its out-of-the-box self-referencing all-traffic inbound
//    rule and all-traffic outbound rule are therefore not met).
// The network interfaces using each offending group come from one ec2:DescribeNetworkInterfaces per region;
// unused groups are called out. Rules from other groups or private ranges are not judged: how tight traffic
// inside a VPC must be is a design question the checklist leaves to people. Missing data is never read as
// tight: an exposing rule that names no source, a range without its CIDR, a prefix list without its id, an
// inverted port range or a group without a name (default or not?) make the group "could not tell" unless
// another rule already fails it, and so does a group whose answer lists no inbound rules at all (AWS always
// sends IpPermissions, an empty list when there are none). A region without security groups has nothing to judge: met, and said so.
import type { IpPermission, NetworkInterface, SecurityGroup } from '@aws-sdk/client-ec2';
import type { AwsData } from '../../aws/index.js';
import { AwsDataError } from '../../errors.js';
import type { Finding } from '../../model.js';
import { defineCheck, errorFinding, findingFromError, met, notMet } from '../define-check.js';

export default defineCheck({
  meta: {
    id: '1.16',
    kind: 'automated',
    scope: 'region',
    permissions: ['ec2:DescribeSecurityGroups', 'ec2:DescribeNetworkInterfaces', 'ec2:GetManagedPrefixListEntries'],
    remediation:
      'Remove inbound rules that open ports other than the public ones (80, 443 by default) to 0.0.0.0/0, ::/0 or any public range as wide as a /8 (IPv4) or /16 (IPv6): ' +
      'reach instances through Session Manager, EC2 Instance Connect or a VPN instead of SSH/RDP from the internet. ' +
      'Remove every rule from each VPC\'s default security group and give resources their own groups; delete unused groups.',
    docs: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html',
  },
  async run({ aws, account, region, thresholds }) {
    const arn = (id = '*') => `arn:${account.partition}:ec2:${region}:${account.id}:security-group/${id}`;
    const groups = await aws.ec2.securityGroups(region);
    const allowed = new Set(thresholds.publicPorts);
    const inspected = await Promise.all(groups.map(async (g) => ({ g, ...(await inspect(aws, region, g, allowed)) })));
    const errors = inspected.filter((r) => !r.problems.length && (r.error || r.unknown.length)).map((r) => unknownFinding(r, arn(r.g.GroupId)));
    const open = inspected.filter((r) => r.problems.length);
    if (!open.length) {
      if (errors.length) return errors;
      const ports = [...allowed].join(', ') || 'none';
      const message = groups.length
        ? `${groups.length} security group${groups.length === 1 ? '' : 's'} in ${region}, none open to the internet beyond the allowed ports (${ports}); default groups have no rules.`
        : `No security groups in ${region}: nothing to judge there.`;
      return [met(arn(), message, { groups: groups.length, allowedPublicPorts: [...allowed] })];
    }
    let users: Map<string, string[]> | undefined;
    try {
      users = usersByGroup(await aws.ec2.networkInterfaces(region));
    } catch (err) {
      errors.push(findingFromError(err, `arn:${account.partition}:ec2:${region}:${account.id}:network-interface/*`));
    }
    const findings = open.map(({ g, problems, unknown, error }) => {
      const used = users?.get(g.GroupId ?? '') ?? [];
      const usage = !users
        ? 'the network interfaces using it could not be listed'
        : used.length
          ? `used by ${used.slice(0, 5).join(', ')}${used.length > 5 ? ` and ${used.length - 5} more` : ''}`
          : `not attached to any network interface${g.GroupName === 'default' ? '' : ' (delete it if no longer needed)'}`;
      const couldNotTell = [...unknown, ...(error ? [error.message] : [])];
      const evidence = {
        groupId: g.GroupId,
        groupName: g.GroupName,
        vpcId: g.VpcId,
        problems,
        ...(couldNotTell.length ? { couldNotTell } : {}),
        networkInterfaces: users ? used : 'unknown',
      };
      return notMet(arn(g.GroupId), `Security group ${g.GroupName} (${g.GroupId}, ${g.VpcId}) ${problems.join('; ')}; ${usage}.`, evidence);
    });
    return [...findings, ...errors];
  },
});

/** A group no rule fails, but whose data (a prefix list, a rule's source or ports, its name) could not be told. */
function unknownFinding(r: { g: SecurityGroup; error?: AwsDataError; unknown: string[] }, resource: string): Finding {
  const what = r.unknown.length ? `security group ${r.g.GroupName ?? '(no name)'} (${r.g.GroupId}): ${r.unknown.join('; ')}` : '';
  if (!r.error) return errorFinding(resource, `could not tell: ${what}`);
  const f = findingFromError(r.error, resource);
  return what ? { ...f, message: `${f.message}; ${what}` } : f;
}

/** A group's problems (not met), what could not be told about it, and a failed prefix-list read. */
async function inspect(aws: AwsData, region: string, g: SecurityGroup, allowed: Set<number>) {
  const problems: string[] = [];
  const unknown: string[] = [];
  let error: AwsDataError | undefined;
  if (g.IpPermissions === undefined) unknown.push('the answer gives no inbound rules (IpPermissions), not even an empty list');
  for (const [i, rule] of (g.IpPermissions ?? []).entries()) {
    const ports = exposedPorts(rule, allowed);
    if (ports === undefined) continue;
    const which = `inbound rule ${i + 1}`;
    if (ports === null) {
      unknown.push(`${which} has an invalid ${rule.IpProtocol} port range ${rule.FromPort}-${rule.ToPort}`);
      continue;
    }
    if (sourceCount(rule) === 0) unknown.push(`${which} (${ports}) names no source`);
    const v4 = (rule.IpRanges ?? []).map((r) => r.CidrIp);
    const v6 = (rule.Ipv6Ranges ?? []).map((r) => r.CidrIpv6);
    if (v4.includes(undefined)) unknown.push(`${which} (${ports}) has an IPv4 range without CidrIp`);
    if (v6.includes(undefined)) unknown.push(`${which} (${ports}) has an IPv6 range without CidrIpv6`);
    const sources = [...v4, ...v6].filter(anywhere);
    for (const { PrefixListId: id } of rule.PrefixListIds ?? []) {
      if (!id) {
        unknown.push(`${which} (${ports}) has a prefix list without PrefixListId`);
        continue;
      }
      try {
        const cidr = (await aws.ec2.prefixListEntries(region, id)).map((e) => e.Cidr).find(anywhere);
        if (cidr) sources.push(`${cidr} (in prefix list ${id})`);
      } catch (err) {
        if (!(err instanceof AwsDataError)) throw err;
        error = err;
      }
    }
    problems.push(...sources.map((source) => `allows ${ports} from ${source}`));
  }
  const rules = (g.IpPermissions?.length ?? 0) + (g.IpPermissionsEgress?.length ?? 0);
  if (g.GroupName === 'default' && rules > 0) {
    const count = (rules?: IpPermission[]) => (rules ?? []).reduce((n, r) => n + Math.max(1, sourceCount(r)), 0);
    problems.push(`is a default group with rules (${count(g.IpPermissions)} inbound, ${count(g.IpPermissionsEgress)} outbound); it should have none`);
  }
  if (g.GroupName === undefined && rules > 0) unknown.push("has no GroupName, so whether it is a VPC's default group (which must have no rules) is unknown");
  return { problems, unknown, error };
}

/**
 * The ports a rule exposes beyond the allowed public ones, as text; undefined when none (or ICMP); null when
 * its TCP/UDP port range is not a range (from above to, or negative).
 */
function exposedPorts(rule: IpPermission, allowed: Set<number>): string | undefined | null {
  const protocol = (rule.IpProtocol ?? '-1').toLowerCase();
  if (protocol === '-1') return 'all traffic';
  if (['icmp', 'icmpv6', '1', '58'].includes(protocol)) return undefined;
  const name = ({ '6': 'tcp', '17': 'udp' } as Record<string, string>)[protocol] ?? protocol;
  if (name !== 'tcp' && name !== 'udp') return `all of protocol ${protocol}`;
  const from = rule.FromPort ?? 0;
  const to = rule.ToPort ?? 65535;
  if (from < 0 || to < from) return null;
  const range = from === to ? `${name}/${from}` : `${name}/${from}-${to}`;
  if (to - from < allowed.size && Array.from({ length: to - from + 1 }, (_, i) => from + i).every((p) => allowed.has(p))) return undefined;
  return range;
}

/**
 * Open to the internet: /0, or a range as wide as a /8 of IPv4 or a /16 of IPv6 (0.0.0.0/1 + 128.0.0.0/1 is
 * all of IPv4; 1.0.0.0/8 is 16 million public addresses), unless all of it is private, loopback or
 * link-local (10.0.0.0/8, 127.0.0.0/8, 0.0.0.0/8; fc00::/7, fe80::/10). Narrower public ranges are a
 * design decision (a partner's /16) left to people, as rules between groups are.
 */
export function anywhere(cidr: string | undefined): cidr is string {
  if (cidr === undefined) return false;
  const [address, bits] = cidr.split('/');
  const prefix = Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0) return false;
  if (prefix === 0) return true;
  if (!address.includes(':')) return prefix <= WIDE_V4 && !(prefix === 8 && ['0', '10', '127'].includes(address.split('.')[0]));
  if (prefix > WIDE_V6) return false;
  const first = parseInt(address.split(':')[0] || '0', 16);
  const inside = (base: number, mask: number, length: number) => prefix >= length && (first & mask) === base;
  return !inside(0xfc00, 0xfe00, 7) && !inside(0xfe80, 0xffc0, 10);
}

/** The widest ranges still read as scoped: shorter prefixes reach the internet at large. */
const WIDE_V4 = 8;
const WIDE_V6 = 16;

function sourceCount(r: IpPermission): number {
  return (r.IpRanges?.length ?? 0) + (r.Ipv6Ranges?.length ?? 0) + (r.PrefixListIds?.length ?? 0) + (r.UserIdGroupPairs?.length ?? 0);
}

/** Group id → the network interfaces using it, as "eni-… (i-… | description)". */
function usersByGroup(interfaces: NetworkInterface[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const ni of interfaces) {
    const what = ni.Attachment?.InstanceId ?? (ni.Description || ni.InterfaceType);
    const label = what ? `${ni.NetworkInterfaceId} (${what})` : `${ni.NetworkInterfaceId}`;
    for (const { GroupId } of ni.Groups ?? []) users.set(GroupId ?? '', [...(users.get(GroupId ?? '') ?? []), label]);
  }
  return users;
}
