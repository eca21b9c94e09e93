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
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { bool, id, list, maybe, num, obj, present, shapeOf, str, tags, text } from '../shapes.js';
import { z } from 'zod';

// Shapes: the EC2 model marks no output member required, so every field the checks cannot do without is
// present(): identifiers, rule sources (CidrIp, Cidr) and the encryption-by-default answer; the EC2 API
// reference documents each as always returned. A volume or snapshot without Encrypted reads as unencrypted
// (not met), so that flag may be absent.
const permission = obj({
  IpProtocol: str,
  FromPort: num,
  ToPort: num,
  IpRanges: list(obj({ CidrIp: text })),
  Ipv6Ranges: list(obj({ CidrIpv6: text })),
  PrefixListIds: list(obj({ PrefixListId: id })),
  UserIdGroupPairs: list(obj({})),
});

export const ec2 = defineService({
  name: 'ec2',
  iamPrefix: 'ec2',
  load: () => sdkPackage<typeof import('@aws-sdk/client-ec2')>('@aws-sdk/client-ec2'),
  client: 'EC2Client',
  listsAlwaysSent: true,
  // Each API has its own bucket per account and Region; non-mutating actions hold 100 tokens refilled at 20/s
  // (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html).
  rate: { burst: 100, perSecond: 20 },
  operations: {
    DescribeRegions: {
      command: 'DescribeRegionsCommand',
      shape: shapeOf<DescribeRegionsCommandOutput>()({ Regions: present(z.array(obj({ RegionName: id, OptInStatus: str }))) }),
    },
    DescribeInstances: {
      command: 'DescribeInstancesCommand',
      paginator: 'paginateDescribeInstances',
      items: ['Reservations'],
      shape: shapeOf<DescribeInstancesCommandOutput>()({
        Reservations: list(
          obj({
            Instances: list(
              obj({ InstanceId: id, InstanceType: str, State: maybe({ Name: str }), Placement: maybe({ AvailabilityZone: str }), Tags: tags }),
            ),
          }),
        ),
      }),
    },
    // One instance, one attribute (userData → UserData.Value, base64). Gone meanwhile → undefined.
    DescribeInstanceAttribute: {
      command: 'DescribeInstanceAttributeCommand',
      absent: ['InvalidInstanceID.NotFound'],
      shape: shapeOf<DescribeInstanceAttributeCommandOutput>()({ UserData: maybe({ Value: str }) }),
    },
    // Site-to-Site VPN connections with per-tunnel telemetry (VgwTelemetry); not paginated.
    DescribeVpnConnections: {
      command: 'DescribeVpnConnectionsCommand',
      shape: shapeOf<DescribeVpnConnectionsCommandOutput>()({
        VpnConnections: list(
          obj({ VpnConnectionId: id, State: str, CustomerGatewayId: str, VgwTelemetry: list(obj({ OutsideIpAddress: str, Status: str })) }),
        ),
      }),
    },
    DescribeNatGateways: {
      command: 'DescribeNatGatewaysCommand',
      paginator: 'paginateDescribeNatGateways',
      items: ['NatGateways'],
      shape: shapeOf<DescribeNatGatewaysCommandOutput>()({
        NatGateways: list(obj({ NatGatewayId: id, VpcId: str, SubnetId: str, State: str, AvailabilityMode: str })),
      }),
    },
    DescribeSubnets: {
      command: 'DescribeSubnetsCommand',
      paginator: 'paginateDescribeSubnets',
      items: ['Subnets'],
      shape: shapeOf<DescribeSubnetsCommandOutput>()({ Subnets: list(obj({ SubnetId: id, VpcId: str, AvailabilityZone: str })) }),
    },
    DescribeVpcs: {
      command: 'DescribeVpcsCommand',
      paginator: 'paginateDescribeVpcs',
      items: ['Vpcs'],
      shape: shapeOf<DescribeVpcsCommandOutput>()({ Vpcs: list(obj({ VpcId: id, IsDefault: bool })) }),
    },
    DescribeFlowLogs: {
      command: 'DescribeFlowLogsCommand',
      paginator: 'paginateDescribeFlowLogs',
      items: ['FlowLogs'],
      shape: shapeOf<DescribeFlowLogsCommandOutput>()({
        FlowLogs: list(
          obj({ FlowLogId: str, ResourceId: str, FlowLogStatus: str, DeliverLogsStatus: str, LogDestinationType: str, LogDestination: str, LogGroupName: str }),
        ),
      }),
    },
    DescribeSecurityGroups: {
      command: 'DescribeSecurityGroupsCommand',
      paginator: 'paginateDescribeSecurityGroups',
      items: ['SecurityGroups'],
      // GroupName decides the default-group rule of 1.16, so it is required like GroupId.
      shape: shapeOf<DescribeSecurityGroupsCommandOutput>()({
        SecurityGroups: list(
          obj({ GroupId: id, GroupName: id, VpcId: str, Tags: tags, IpPermissions: list(permission), IpPermissionsEgress: list(permission) }),
        ),
      }),
    },
    DescribeNetworkInterfaces: {
      command: 'DescribeNetworkInterfacesCommand',
      paginator: 'paginateDescribeNetworkInterfaces',
      items: ['NetworkInterfaces'],
      shape: shapeOf<DescribeNetworkInterfacesCommandOutput>()({
        NetworkInterfaces: list(
          obj({ NetworkInterfaceId: id, Description: str, InterfaceType: str, Attachment: maybe({ InstanceId: str }), Groups: list(obj({ GroupId: str })) }),
        ),
      }),
    },
    GetManagedPrefixListEntries: {
      command: 'GetManagedPrefixListEntriesCommand',
      paginator: 'paginateGetManagedPrefixListEntries',
      items: ['Entries'],
      shape: shapeOf<GetManagedPrefixListEntriesCommandOutput>()({ Entries: list(obj({ Cidr: text })) }),
    },
    // EBS encryption by default is a per-region account setting.
    GetEbsEncryptionByDefault: {
      command: 'GetEbsEncryptionByDefaultCommand',
      shape: shapeOf<GetEbsEncryptionByDefaultCommandOutput>()({ EbsEncryptionByDefault: present(z.boolean()) }),
    },
    DescribeVolumes: {
      command: 'DescribeVolumesCommand',
      paginator: 'paginateDescribeVolumes',
      items: ['Volumes'],
      shape: shapeOf<DescribeVolumesCommandOutput>()({
        Volumes: list(obj({ VolumeId: id, Encrypted: bool, State: str, Attachments: list(obj({ InstanceId: str })) })),
      }),
    },
    // Only with OwnerIds ['self']: without it the listing includes every public snapshot.
    DescribeSnapshots: {
      command: 'DescribeSnapshotsCommand',
      paginator: 'paginateDescribeSnapshots',
      items: ['Snapshots'],
      shape: shapeOf<DescribeSnapshotsCommandOutput>()({
        Snapshots: list(obj({ SnapshotId: id, VolumeId: str, OwnerId: id, Encrypted: bool })),
      }),
    },
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
