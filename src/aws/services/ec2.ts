import type {
  DescribeRegionsCommandOutput,
  DescribeInstanceAttributeCommandOutput,
  DescribeInstancesCommandOutput,
  DescribeFlowLogsCommandOutput,
  DescribeNatGatewaysCommandOutput,
  DescribeSubnetsCommandOutput,
  DescribeVpcsCommandOutput,
  DescribeVpnConnectionsCommandOutput,
  DescribeNetworkInterfacesCommandOutput,
  DescribeSecurityGroupsCommandOutput,
  GetManagedPrefixListEntriesCommandOutput,
  DescribeSnapshotsCommandOutput,
  DescribeVolumesCommandOutput,
  GetEbsEncryptionByDefaultCommandOutput,
} from '@aws-sdk/client-ec2';
import { defineService, type CallFn } from '../service.js';

export const ec2 = defineService({
  name: 'ec2',
  iamPrefix: 'ec2',
  load: () => import('@aws-sdk/client-ec2'),
  client: 'EC2Client',
  operations: {
    DescribeRegions: { command: 'DescribeRegionsCommand' },
    DescribeInstances: { command: 'DescribeInstancesCommand', paginator: 'paginateDescribeInstances', items: ['Reservations'] },
    // One instance, one attribute (userData → UserData.Value, base64). Gone meanwhile → undefined.
    DescribeInstanceAttribute: { command: 'DescribeInstanceAttributeCommand', absent: ['InvalidInstanceID.NotFound'] },
    // Site-to-Site VPN connections with per-tunnel telemetry (VgwTelemetry); not paginated.
    DescribeVpnConnections: { command: 'DescribeVpnConnectionsCommand' },
    DescribeNatGateways: { command: 'DescribeNatGatewaysCommand', paginator: 'paginateDescribeNatGateways', items: ['NatGateways'] },
    DescribeSubnets: { command: 'DescribeSubnetsCommand', paginator: 'paginateDescribeSubnets', items: ['Subnets'] },
    DescribeVpcs: { command: 'DescribeVpcsCommand', paginator: 'paginateDescribeVpcs', items: ['Vpcs'] },
    DescribeFlowLogs: { command: 'DescribeFlowLogsCommand', paginator: 'paginateDescribeFlowLogs', items: ['FlowLogs'] },
    DescribeSecurityGroups: { command: 'DescribeSecurityGroupsCommand', paginator: 'paginateDescribeSecurityGroups', items: ['SecurityGroups'] },
    DescribeNetworkInterfaces: {
      command: 'DescribeNetworkInterfacesCommand',
      paginator: 'paginateDescribeNetworkInterfaces',
      items: ['NetworkInterfaces'],
    },
    GetManagedPrefixListEntries: {
      command: 'GetManagedPrefixListEntriesCommand',
      paginator: 'paginateGetManagedPrefixListEntries',
      items: ['Entries'],
    },
    // EBS encryption by default is a per-region account setting.
    GetEbsEncryptionByDefault: { command: 'GetEbsEncryptionByDefaultCommand' },
    DescribeVolumes: { command: 'DescribeVolumesCommand', paginator: 'paginateDescribeVolumes', items: ['Volumes'] },
    // Only with OwnerIds ['self']: without it the listing includes every public snapshot.
    DescribeSnapshots: { command: 'DescribeSnapshotsCommand', paginator: 'paginateDescribeSnapshots', items: ['Snapshots'] },
  },
});

export const ec2Accessors = (call: CallFn) => ({
  /** Every region with its opt-in status (AllRegions: true), asked in the home region. */
  regions: async (homeRegion: string) =>
    (await call<DescribeRegionsCommandOutput>('ec2', 'DescribeRegions', { AllRegions: true }, homeRegion)).Regions ?? [],
  /** Every instance in the region (all reservations merged). */
  instances: async (region: string) =>
    ((await call<DescribeInstancesCommandOutput>('ec2', 'DescribeInstances', {}, region)).Reservations ?? []).flatMap(
      (r) => r.Instances ?? [],
    ),
  /** An instance's user data, still base64-encoded as the API returns it; undefined when it has none. */
  instanceUserData: async (region: string, InstanceId: string) =>
    (await call<DescribeInstanceAttributeCommandOutput | undefined>('ec2', 'DescribeInstanceAttribute', { Attribute: 'userData', InstanceId }, region))
      ?.UserData?.Value,
  vpnConnections: async (region: string) =>
    (await call<DescribeVpnConnectionsCommandOutput>('ec2', 'DescribeVpnConnections', {}, region)).VpnConnections ?? [],
  natGateways: async (region: string) =>
    (await call<DescribeNatGatewaysCommandOutput>('ec2', 'DescribeNatGateways', {}, region)).NatGateways ?? [],
  subnets: async (region: string) => (await call<DescribeSubnetsCommandOutput>('ec2', 'DescribeSubnets', {}, region)).Subnets ?? [],
  vpcs: async (region: string) => (await call<DescribeVpcsCommandOutput>('ec2', 'DescribeVpcs', {}, region)).Vpcs ?? [],
  flowLogs: async (region: string) => (await call<DescribeFlowLogsCommandOutput>('ec2', 'DescribeFlowLogs', {}, region)).FlowLogs ?? [],
  securityGroups: async (region: string) =>
    (await call<DescribeSecurityGroupsCommandOutput>('ec2', 'DescribeSecurityGroups', {}, region)).SecurityGroups ?? [],
  /** Every network interface in the region (one call; index by Groups[].GroupId to see who uses a group). */
  networkInterfaces: async (region: string) =>
    (await call<DescribeNetworkInterfacesCommandOutput>('ec2', 'DescribeNetworkInterfaces', {}, region)).NetworkInterfaces ?? [],
  /** The CIDRs of a managed prefix list (current version). */
  prefixListEntries: async (region: string, PrefixListId: string) =>
    (await call<GetManagedPrefixListEntriesCommandOutput>('ec2', 'GetManagedPrefixListEntries', { PrefixListId }, region)).Entries ?? [],
  /** Whether new EBS volumes in the region are encrypted by default. */
  ebsEncryptionByDefault: async (region: string) =>
    (await call<GetEbsEncryptionByDefaultCommandOutput>('ec2', 'GetEbsEncryptionByDefault', {}, region)).EbsEncryptionByDefault === true,
  volumes: async (region: string) => (await call<DescribeVolumesCommandOutput>('ec2', 'DescribeVolumes', {}, region)).Volumes ?? [],
  /** EBS snapshots the account owns (OwnerIds ['self']). */
  ownSnapshots: async (region: string) =>
    (await call<DescribeSnapshotsCommandOutput>('ec2', 'DescribeSnapshots', { OwnerIds: ['self'] }, region)).Snapshots ?? [],
});
