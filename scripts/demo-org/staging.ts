// workload-b (acme-staging): a smaller copy of the orders platform in us-east-1, run less carefully than
// production. Its failing items differ from production's: IAM users with old keys and no MFA, a weak password
// policy, its own single-region trail into a bucket of its own with versioning suspended, SSH open to the
// internet, unencrypted storage, plain HTTP, no flow logs or alarms, console changes, a single-AZ database.
import { baseline, baselineStack, logGroups, recording, stackSummary } from './baseline.js';
import { ACCOUNTS } from './platform.js';
import {
  ALL_MANAGEMENT_EVENTS,
  LOOKUP_EVENTS_INPUT,
  MGMT,
  REGIONS,
  STAGING,
  accountSummary,
  auditPolicy,
  auditRole,
  awsError,
  awsManagedPolicy,
  buckets,
  credentialReport,
  defaultGroup,
  defaultVpc,
  denyInsecureTransport,
  encodedPolicy,
  hex,
  memberSeesOrgTrail,
  orgAccessRole,
  rid,
  serviceLinkedRole,
  ssoRole,
  trail,
  trailEvent,
  uuid,
  type Json,
  type Recording,
} from './kit.js';

const ID = STAGING;
const R = 'us-east-1';
const arn = (service: string, resource: string, region: string = R) => `arn:aws:${service}:${region}:${ID}:${resource}`;

const STAGING_TRAIL_ARN = arn('cloudtrail', 'trail/acme-staging-audit');
const STAGING_TRAIL_BUCKET = 'acme-staging-trail-logs';

const vpcId = rid('vpc', 'staging/use1');
const subnet = (name: string) => rid('subnet', `staging/${name}`);
const SUBNETS: [string, string, string][] = [
  ['acme-staging-public-a', 'us-east-1a', '10.40.0.0/24'],
  ['acme-staging-public-b', 'us-east-1b', '10.40.1.0/24'],
  ['acme-staging-app-a', 'us-east-1a', '10.40.10.0/24'],
  ['acme-staging-app-b', 'us-east-1b', '10.40.11.0/24'],
  ['acme-staging-db-a', 'us-east-1a', '10.40.20.0/24'],
  ['acme-staging-db-b', 'us-east-1b', '10.40.21.0/24'],
];
const sg = (name: string) => rid('sg', `staging/${name}`);
const APP_INSTANCE = rid('i', 'staging/app-1');
const BASTION = rid('i', 'staging/bastion');
const LB_ARN = arn('elasticloadbalancing', `loadbalancer/app/staging-web/${hex('staging-web-lb', 16)}`);
const HTTP_LISTENER = arn('elasticloadbalancing', `listener/app/staging-web/${hex('staging-web-lb', 16)}/${hex('staging-web-http', 16)}`);
const SSO_ADMIN = `arn:aws:sts::${ID}:assumed-role/AWSReservedSSO_AdministratorAccess_${hex(`${ID}/AdministratorAccess`, 16)}/jonas.berg`;
const CFN_TAG = (stack: string) => ({ Key: 'aws:cloudformation:stack-name', Value: stack });

export function staging(rec: Recording): void {
  baseline(rec);
  iam(rec);
  cloudTrailAndBuckets(rec);
  network(rec);
  workloads(rec);
  data(rec);
  detective(rec);
  reliability(rec);
  operations(rec);
}

function iam(rec: Recording): void {
  rec.note(
    'iam.json',
    'Three IAM users beside IAM Identity Center: deploy-bot, a service user whose only access key was last rotated in May 2025 (1.5, 1.12 not met); qa-tester, a console user without MFA (1.4 not met); erik.lund, a console user with MFA and an access key. The password policy is weak (8 characters, no symbols, no expiry: 1.5 and 1.7 not met).',
  );
  rec.put('iam', 'GetAccountPasswordPolicy', {
    PasswordPolicy: {
      MinimumPasswordLength: 8,
      RequireSymbols: false,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      ExpirePasswords: false,
      HardExpiry: false,
    },
  });
  rec.put('iam', 'GetCredentialReport', credentialReport(ID, { created: ACCOUNTS.staging.joined, mfa: true }, [
    { user: 'deploy-bot', created: '2025-05-06T08:40:00.000Z', mfa: false, key1: { rotated: '2025-05-06T08:41:12.000Z', lastUsed: '2026-11-19T17:22:00.000Z', region: 'us-east-1', service: 'cloudformation' } },
    { user: 'erik.lund', created: '2024-03-04T10:00:00.000Z', mfa: true, password: { lastUsed: '2026-11-18T08:31:00.000Z', lastChanged: '2026-10-06T09:12:00.000Z' }, key1: { rotated: '2026-10-05T14:02:00.000Z', lastUsed: '2026-11-18T09:10:00.000Z', region: 'us-east-1', service: 's3' } },
    { user: 'qa-tester', created: '2025-09-15T13:20:00.000Z', mfa: false, password: { lastUsed: '2026-11-19T15:47:00.000Z', lastChanged: '2026-09-30T08:00:00.000Z' } },
  ]));
  const user = (name: string, created: string, groups: string[], inline: Json[] = []) => ({
    Path: '/',
    UserName: name,
    UserId: `AIDAXXXXXXXXXXXX${hex(`${ID}/${name}`, 4).toUpperCase()}`,
    Arn: `arn:aws:iam::${ID}:user/${name}`,
    CreateDate: created.replace('.000Z', 'Z'),
    UserPolicyList: inline,
    GroupList: groups,
    AttachedManagedPolicies: [],
    Tags: [],
  });
  const group = (name: string, managed: string) => ({
    Path: '/',
    GroupName: name,
    GroupId: `AGPAXXXXXXXXXXXX${hex(`${ID}/${name}`, 4).toUpperCase()}`,
    Arn: `arn:aws:iam::${ID}:group/${name}`,
    CreateDate: '2024-03-04T09:50:00Z',
    GroupPolicyList: [],
    AttachedManagedPolicies: [{ PolicyName: managed, PolicyArn: `arn:aws:iam::aws:policy/${managed}` }],
  });
  const roles = [
    ssoRole(ID, 'AdministratorAccess', ['AdministratorAccess']),
    ssoRole(ID, 'ReadOnly', ['ReadOnlyAccess']),
    orgAccessRole(ID, ACCOUNTS.staging.joined),
    auditRole(ID),
    {
      Path: '/',
      RoleName: 'acme-staging-app',
      RoleId: 'AROAXXXXXXXXXXXXSAPP',
      Arn: `arn:aws:iam::${ID}:role/acme-staging-app`,
      CreateDate: '2024-03-05T10:00:00Z',
      AssumeRolePolicyDocument: encodedPolicy([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
      InstanceProfileList: [],
      RolePolicyList: [
        {
          PolicyName: 'app-secrets',
          PolicyDocument: encodedPolicy([{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: `arn:aws:secretsmanager:us-east-1:${ID}:secret:staging/orders/db-*` }]),
        },
      ],
      AttachedManagedPolicies: [],
      Tags: [CFN_TAG('acme-staging-app')],
      RoleLastUsed: { LastUsedDate: '2026-11-20T08:50:00Z', Region: 'us-east-1' },
    },
    serviceLinkedRole(ID, 'elasticloadbalancing.amazonaws.com', 'AWSServiceRoleForElasticLoadBalancing', 'AWSElasticLoadBalancingServiceRolePolicy'),
    serviceLinkedRole(ID, 'rds.amazonaws.com', 'AWSServiceRoleForRDS', 'AmazonRDSServiceRolePolicy'),
    serviceLinkedRole(ID, 'securityhub.amazonaws.com', 'AWSServiceRoleForSecurityHub', 'AWSSecurityHubServiceRolePolicy'),
    serviceLinkedRole(ID, 'config.amazonaws.com', 'AWSServiceRoleForConfig', 'AWSConfigServiceRolePolicy'),
  ];
  rec.put('iam', 'GetAccountSummary', accountSummary({ users: 3, groups: 2, roles: roles.length, policies: 1, mfaDevices: 2, providers: 1, rootMfa: true }));
  rec.put('iam', 'GetAccountAuthorizationDetails', {
    UserDetailList: [
      user('deploy-bot', '2025-05-06T08:40:00.000Z', [], [
        {
          PolicyName: 'staging-deploy',
          PolicyDocument: encodedPolicy([
            { Sid: 'Stacks', Effect: 'Allow', Action: ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DescribeStacks', 'cloudformation:DescribeChangeSet'], Resource: `arn:aws:cloudformation:us-east-1:${ID}:stack/acme-staging-*/*` },
            { Sid: 'Artifacts', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: 'arn:aws:s3:::acme-staging-assets/releases/*' },
            { Sid: 'PassAppRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ID}:role/acme-staging-app` },
          ]),
        },
      ]),
      user('erik.lund', '2024-03-04T10:00:00.000Z', ['staging-admins']),
      user('qa-tester', '2025-09-15T13:20:00.000Z', ['qa']),
    ],
    GroupDetailList: [group('qa', 'ReadOnlyAccess'), group('staging-admins', 'AdministratorAccess')],
    RoleDetailList: roles,
    Policies: [awsManagedPolicy('AdministratorAccess', 3), awsManagedPolicy('ReadOnlyAccess', 2), auditPolicy(ID)],
    IsTruncated: false,
  });
}

function cloudTrailAndBuckets(rec: Recording): void {
  rec.note(
    'cloudtrail.json',
    `Besides the organization trail of account ${MGMT} (a shadow trail here; GetTrailStatus answers TrailNotFoundException), staging keeps its own single-region trail acme-staging-audit (us-east-1, logging all management events) writing to ${STAGING_TRAIL_BUCKET}, a bucket of this account: 1.14 and 1.15 fail for that trail.`,
  );
  const own = trail({ arn: STAGING_TRAIL_ARN, bucket: STAGING_TRAIL_BUCKET, multiRegion: false, organization: false });
  memberSeesOrgTrail(rec, { 'us-east-1': [own] });
  rec.put('cloudtrail', 'GetTrailStatus', {
    IsLogging: true,
    LatestDeliveryTime: '2026-11-20T08:48:33.000Z',
    LatestDigestDeliveryTime: '2026-11-20T08:03:10.000Z',
    StartLoggingTime: '2024-03-05T12:00:00.000Z',
    TimeLoggingStarted: '2024-03-05T12:00:00Z',
  }, { region: R, input: { Name: STAGING_TRAIL_ARN } });
  rec.put('cloudtrail', 'GetEventSelectors', { TrailARN: STAGING_TRAIL_ARN, ...ALL_MANAGEMENT_EVENTS }, { region: R, input: { TrailName: STAGING_TRAIL_ARN } });

  rec.note(
    's3.json',
    `${STAGING_TRAIL_BUCKET} (its own trail's bucket: versioning Suspended, no TLS-only statement), acme-staging-assets (no bucket policy at all) and acme-staging-eu-exports in eu-west-1; account-level Block Public Access is on, so nothing is public (1.17, 1.18 met), but two buckets accept plain HTTP (1.22, 1.24 not met).`,
  );
  buckets(rec, [
    {
      name: 'acme-staging-assets',
      region: 'us-east-1',
      created: '2024-03-05T10:20:00.000Z',
      encryption: { algorithm: 'AES256' },
    },
    {
      name: 'acme-staging-eu-exports',
      region: 'eu-west-1',
      created: '2025-02-18T09:00:00.000Z',
      statements: [denyInsecureTransport('acme-staging-eu-exports')],
      encryption: { algorithm: 'AES256' },
    },
    {
      name: STAGING_TRAIL_BUCKET,
      region: 'us-east-1',
      created: '2024-03-05T11:55:00.000Z',
      statements: [
        { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${STAGING_TRAIL_BUCKET}`, Condition: { StringEquals: { 'aws:SourceArn': STAGING_TRAIL_ARN } } },
        {
          Sid: 'AWSCloudTrailWrite',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::${STAGING_TRAIL_BUCKET}/AWSLogs/${ID}/*`,
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': STAGING_TRAIL_ARN } },
        },
      ],
      encryption: { algorithm: 'AES256' },
      versioning: { Status: 'Suspended' },
    },
  ]);
}

function securityGroup(name: string, description: string, rules: Json[], tags: Json[]): Json {
  return {
    GroupId: sg(name),
    GroupName: name,
    Description: description,
    OwnerId: ID,
    VpcId: vpcId,
    SecurityGroupArn: arn('ec2', `security-group/${sg(name)}`),
    IpPermissions: rules.map((r) => ({ IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [], ...r })),
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
    Tags: [{ Key: 'Name', Value: name }, ...tags],
  };
}

function eni(name: string, az: string, subnetName: string, ip: string, groups: string[], attachment: { instance?: string; description?: string; requester?: string }): Json {
  return {
    NetworkInterfaceId: rid('eni', `staging/${name}`),
    AvailabilityZone: az,
    SubnetId: subnet(subnetName),
    VpcId: vpcId,
    PrivateIpAddress: ip,
    Status: 'in-use',
    InterfaceType: 'interface',
    Description: attachment.description ?? '',
    OwnerId: ID,
    RequesterManaged: Boolean(attachment.requester),
    Groups: groups.map((g) => ({ GroupId: sg(g), GroupName: g })),
    ...(attachment.requester ? { RequesterId: attachment.requester } : {}),
    Attachment: {
      AttachmentId: rid('attach', `staging/${name}`),
      Status: 'attached',
      DeviceIndex: 0,
      ...(attachment.instance ? { InstanceId: attachment.instance, InstanceOwnerId: ID } : { InstanceOwnerId: attachment.requester ?? 'amazon-aws' }),
    },
  };
}

function network(rec: Recording): void {
  rec.note(
    'network.json',
    'us-east-1: the staging VPC with an internet-facing ALB group (80/443), app and database groups reachable only from other groups, and staging-bastion open on 22 to 0.0.0.0/0 (1.16 not met; 3.1 manual); the default groups of the staging VPC and of the untouched default VPC in eu-west-1 keep their stock rules (1.16 not met).',
  );
  const cfn = [CFN_TAG('acme-staging-app')];
  rec.put('ec2', 'DescribeSecurityGroups', {
    SecurityGroups: [
      defaultGroup(ID, R, vpcId, true),
      securityGroup('staging-web-alb', 'Public HTTP/HTTPS for the staging ALB', [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ], cfn),
      securityGroup('staging-app', 'Staging app servers behind the ALB', [
        { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: sg('staging-web-alb'), UserId: ID, Description: 'from ALB' }] },
      ], cfn),
      securityGroup('staging-db', 'PostgreSQL from the staging app servers', [
        { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: sg('staging-app'), UserId: ID, Description: 'from app' }] },
      ], cfn),
      securityGroup('staging-bastion', 'SSH for QA debugging', [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'temporary: QA from home' }] },
      ], [{ Key: 'Owner', Value: 'qa' }]),
    ],
  }, { region: R });
  rec.put('ec2', 'DescribeNetworkInterfaces', {
    NetworkInterfaces: [
      eni('alb-a', 'us-east-1a', 'acme-staging-public-a', '10.40.0.31', ['staging-web-alb'], { description: `ELB app/staging-web/${hex('staging-web-lb', 16)}`, requester: 'amazon-elb' }),
      eni('alb-b', 'us-east-1b', 'acme-staging-public-b', '10.40.1.44', ['staging-web-alb'], { description: `ELB app/staging-web/${hex('staging-web-lb', 16)}`, requester: 'amazon-elb' }),
      eni('app-1', 'us-east-1a', 'acme-staging-app-a', '10.40.10.21', ['staging-app'], { instance: APP_INSTANCE }),
      eni('bastion', 'us-east-1a', 'acme-staging-public-a', '10.40.0.9', ['staging-bastion'], { instance: BASTION }),
      eni('rds', 'us-east-1a', 'acme-staging-db-a', '10.40.20.17', ['staging-db'], { description: 'RDSNetworkInterface', requester: 'amazon-rds' }),
    ],
  }, { region: R });
  const eu = defaultVpc(ID, 'eu-west-1');
  rec.put('ec2', 'DescribeSecurityGroups', { SecurityGroups: [defaultGroup(ID, 'eu-west-1', eu.vpc.VpcId, true)] }, { region: 'eu-west-1' });
  rec.put('ec2', 'DescribeVpcs', { Vpcs: [eu.vpc] }, { region: 'eu-west-1' });
  rec.put('ec2', 'DescribeSubnets', { Subnets: eu.subnets }, { region: 'eu-west-1' });
}

function instance(id: string, name: string, type: string, az: string, subnetName: string, ip: string, group: string, tags: Json[], extra: Json = {}): Json {
  return {
    ReservationId: rid('r', `staging/${id}`),
    OwnerId: ID,
    Instances: [
      {
        InstanceId: id,
        ImageId: 'ami-0c7217cdde317cfec',
        InstanceType: type,
        LaunchTime: extra.launched ?? '2026-10-20T08:12:00Z',
        Placement: { AvailabilityZone: az, Tenancy: 'default' },
        State: { Code: 16, Name: 'running' },
        Monitoring: { State: 'disabled' },
        Architecture: 'x86_64',
        RootDeviceType: 'ebs',
        RootDeviceName: '/dev/xvda',
        MetadataOptions: { State: 'applied', HttpTokens: extra.imdsv1 ? 'optional' : 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2 },
        Tags: [{ Key: 'Name', Value: name }, ...tags],
        SubnetId: subnet(subnetName),
        VpcId: vpcId,
        PrivateIpAddress: ip,
        ...(extra.publicIp ? { PublicIpAddress: extra.publicIp } : {}),
        SecurityGroups: [{ GroupId: sg(group), GroupName: group }],
        ...(extra.profile ? { IamInstanceProfile: { Arn: `arn:aws:iam::${ID}:instance-profile/${extra.profile}`, Id: 'AIPAXXXXXXXXXXXXSTGA' } } : {}),
      },
    ],
  };
}

function workloads(rec: Recording): void {
  rec.note(
    'workloads.json',
    'us-east-1: one app instance in the Auto Scaling group acme-staging-app and a hand-made bastion; a Lambda function resets the staging data every night; secrets live in Secrets Manager and SSM SecureString parameters; CloudFormation passwords are NoEcho. eu-west-1 runs nothing.',
  );
  rec.put('ec2', 'DescribeInstances', {
    Reservations: [
      instance(APP_INSTANCE, 'staging-app', 't3.large', 'us-east-1a', 'acme-staging-app-a', '10.40.10.21', 'staging-app', [
        { Key: 'aws:autoscaling:groupName', Value: 'acme-staging-app' },
        CFN_TAG('acme-staging-app'),
      ], { profile: 'acme-staging-app' }),
      instance(BASTION, 'staging-bastion', 't3.micro', 'us-east-1a', 'acme-staging-public-a', '10.40.0.9', 'staging-bastion', [{ Key: 'Owner', Value: 'qa' }], {
        launched: '2025-09-16T10:05:00Z',
        publicIp: '3.91.44.120',
        imdsv1: true,
      }),
    ],
  }, { region: R });
  const userData = (text: string) => ({ Value: Buffer.from(text, 'utf8').toString('base64') });
  rec.put('ec2', 'DescribeInstanceAttribute', {
    InstanceId: APP_INSTANCE,
    UserData: userData(
      '#!/bin/bash\nset -euo pipefail\ndnf install -y java-21-amazon-corretto-headless\naws s3 cp s3://acme-staging-assets/releases/orders-api-4.3.0-rc2.jar /opt/orders/app.jar\n' +
        '# the database password comes from Secrets Manager (staging/orders/db) through the instance role\necho "DB_SECRET_ID=staging/orders/db" > /etc/orders/env\nsystemctl enable --now orders-api\n',
    ),
  }, { region: R, input: { Attribute: 'userData', InstanceId: APP_INSTANCE } });
  rec.put('ec2', 'DescribeInstanceAttribute', { InstanceId: BASTION, UserData: {} }, { region: R, input: { Attribute: 'userData', InstanceId: BASTION } });

  rec.put('lambda', 'ListFunctions', {
    Functions: [
      {
        FunctionName: 'acme-staging-nightly-reset',
        FunctionArn: arn('lambda', 'function:acme-staging-nightly-reset:$LATEST'),
        Runtime: 'python3.12',
        Role: `arn:aws:iam::${ID}:role/acme-staging-nightly-reset-role`,
        Handler: 'reset.handler',
        CodeSize: 18342,
        Description: 'Restores the staging database from anonymised fixtures every night',
        Timeout: 300,
        MemorySize: 512,
        LastModified: '2026-08-11T12:30:00.000+0000',
        CodeSha256: 'kq8B3mY1uJ9w0Zp2Xc5Rt7Ls4Nd6Vh3Ge1Fa8Qb2Po=',
        Version: '$LATEST',
        TracingConfig: { Mode: 'PassThrough' },
        PackageType: 'Zip',
        Architectures: ['arm64'],
        EphemeralStorage: { Size: 512 },
        Environment: { Variables: { DB_HOST: 'acme-staging-db.c2kz8q1xv7mp.us-east-1.rds.amazonaws.com', DB_SECRET_ARN: arn('secretsmanager', 'secret:staging/orders/db-Zx81Qa'), FIXTURES_PREFIX: 's3://acme-staging-assets/fixtures/' } },
      },
    ],
  }, { region: R, input: { FunctionVersion: 'ALL' } });

  const network = {
    StackId: arn('cloudformation', `stack/acme-staging-network/${uuid('staging-network-stack')}`),
    StackName: 'acme-staging-network',
    Description: 'Staging VPC, subnets, NAT',
    CreationTime: '2024-03-05T09:30:00Z',
    LastUpdatedTime: '2025-11-02T10:00:00Z',
    StackStatus: 'UPDATE_COMPLETE',
    DisableRollback: false,
    EnableTerminationProtection: false,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
    Capabilities: [],
    Parameters: [
      { ParameterKey: 'VpcCidr', ParameterValue: '10.40.0.0/16' },
      { ParameterKey: 'NatGateways', ParameterValue: '1' },
    ],
    Tags: [{ Key: 'Project', Value: 'acme' }],
  };
  const app = {
    StackId: arn('cloudformation', `stack/acme-staging-app/${uuid('staging-app-stack')}`),
    StackName: 'acme-staging-app',
    Description: 'Staging orders API: ASG, ALB, RDS',
    CreationTime: '2024-03-05T10:00:00Z',
    LastUpdatedTime: '2026-11-19T17:25:00Z',
    StackStatus: 'UPDATE_COMPLETE',
    DisableRollback: false,
    EnableTerminationProtection: false,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
    Capabilities: ['CAPABILITY_NAMED_IAM'],
    Parameters: [
      { ParameterKey: 'AppVersion', ParameterValue: '4.3.0-rc2' },
      { ParameterKey: 'InstanceType', ParameterValue: 't3.large' },
      { ParameterKey: 'DBMasterPassword', ParameterValue: '****' },
      { ParameterKey: 'DBUsername', ParameterValue: 'orders_admin' },
    ],
    Tags: [{ Key: 'Project', Value: 'acme' }],
  };
  const stacks = [network, app, baselineStack(ID)];
  rec.put('cloudformation', 'ListStacks', { StackSummaries: stacks.map(stackSummary) }, { region: R });
  rec.put('cloudformation', 'DescribeStacks', { Stacks: stacks }, { region: R });
  rec.put('ssm', 'DescribeParameters', {
    Parameters: [
      { Name: '/staging/db/host', ARN: arn('ssm', 'parameter/staging/db/host'), Type: 'String', LastModifiedDate: '2024-03-05T10:40:00Z', LastModifiedUser: SSO_ADMIN, Version: 1, Tier: 'Standard', Policies: [], DataType: 'text' },
      { Name: '/staging/db/password', ARN: arn('ssm', 'parameter/staging/db/password'), Type: 'SecureString', KeyId: 'alias/aws/ssm', LastModifiedDate: '2024-03-05T10:41:00Z', LastModifiedUser: SSO_ADMIN, Version: 2, Tier: 'Standard', Policies: [], DataType: 'text' },
    ],
  }, { region: R });
  rec.put('secretsmanager', 'ListSecrets', {
    SecretList: [
      { ARN: arn('secretsmanager', 'secret:staging/orders/db-Zx81Qa'), Name: 'staging/orders/db', LastChangedDate: '2025-06-01T00:00:00Z', CreatedDate: '2024-03-05T10:30:00Z', RotationEnabled: false, Tags: [{ Key: 'Project', Value: 'acme' }] },
    ],
  }, { region: R });
}

function data(rec: Recording): void {
  rec.note(
    'data.json',
    'EBS encryption by default is off in us-east-1, where the bastion\'s root volume is unencrypted and the PostgreSQL instance acme-staging-db has StorageEncrypted false (1.22 not met); the internet-facing ALB staging-web serves plain HTTP on port 80 with no HTTPS listener (1.22, 1.24 not met). No customer managed KMS key.',
  );
  rec.put('ec2', 'GetEbsEncryptionByDefault', { EbsEncryptionByDefault: false, SseType: 'sse-ebs' }, { region: R });
  const awsEbsKey = arn('kms', `key/${uuid('staging-aws-ebs')}`);
  rec.put('ec2', 'DescribeVolumes', {
    Volumes: [
      {
        VolumeId: rid('vol', 'staging/app-1'), Size: 30, VolumeType: 'gp3', State: 'in-use', Encrypted: true, KmsKeyId: awsEbsKey, AvailabilityZone: 'us-east-1a', CreateTime: '2026-10-20T08:12:05.000Z',
        Attachments: [{ VolumeId: rid('vol', 'staging/app-1'), InstanceId: APP_INSTANCE, Device: '/dev/xvda', State: 'attached', DeleteOnTermination: true, AttachTime: '2026-10-20T08:12:06.000Z' }],
      },
      {
        VolumeId: rid('vol', 'staging/bastion'), Size: 8, VolumeType: 'gp3', State: 'in-use', Encrypted: false, AvailabilityZone: 'us-east-1a', CreateTime: '2025-09-16T10:05:03.000Z',
        Attachments: [{ VolumeId: rid('vol', 'staging/bastion'), InstanceId: BASTION, Device: '/dev/xvda', State: 'attached', DeleteOnTermination: true, AttachTime: '2025-09-16T10:05:04.000Z' }],
      },
    ],
  }, { region: R });
  rec.put('rds', 'DescribeDBInstances', {
    DBInstances: [
      {
        DBInstanceIdentifier: 'acme-staging-db',
        DBInstanceArn: arn('rds', 'db:acme-staging-db'),
        DBInstanceClass: 'db.t4g.medium',
        Engine: 'postgres',
        EngineVersion: '16.4',
        DBInstanceStatus: 'available',
        MultiAZ: false,
        AvailabilityZone: 'us-east-1a',
        PubliclyAccessible: false,
        StorageEncrypted: false,
        BackupRetentionPeriod: 1,
        LatestRestorableTime: '2026-11-20T08:55:00.000Z',
        VpcSecurityGroups: [{ VpcSecurityGroupId: sg('staging-db'), Status: 'active' }],
      },
    ],
  }, { region: R });
  rec.put('elbv2', 'DescribeLoadBalancers', {
    LoadBalancers: [
      {
        LoadBalancerArn: LB_ARN,
        DNSName: `staging-web-${hex('staging-web-lb', 10)}.us-east-1.elb.amazonaws.com`,
        CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
        CreatedTime: '2024-03-05T10:05:00.000Z',
        LoadBalancerName: 'staging-web',
        Scheme: 'internet-facing',
        VpcId: vpcId,
        State: { Code: 'active' },
        Type: 'application',
        IpAddressType: 'ipv4',
        AvailabilityZones: [
          { ZoneName: 'us-east-1a', SubnetId: subnet('acme-staging-public-a') },
          { ZoneName: 'us-east-1b', SubnetId: subnet('acme-staging-public-b') },
        ],
        SecurityGroups: [sg('staging-web-alb')],
      },
    ],
  }, { region: R });
  const forward = [{ Type: 'forward', Order: 1, TargetGroupArn: arn('elasticloadbalancing', `targetgroup/staging-app/${hex('staging-tg', 16)}`) }];
  rec.put('elbv2', 'DescribeListeners', {
    Listeners: [{ ListenerArn: HTTP_LISTENER, LoadBalancerArn: LB_ARN, Port: 80, Protocol: 'HTTP', DefaultActions: forward }],
  }, { region: R, input: { LoadBalancerArn: LB_ARN } });
  rec.put('elbv2', 'DescribeRules', {
    Rules: [{ RuleArn: arn('elasticloadbalancing', `listener-rule/app/staging-web/${hex('staging-web-lb', 16)}/${hex('staging-web-http', 16)}/${hex('staging-rule', 16)}`), Priority: 'default', Conditions: [], Actions: forward, IsDefault: true }],
  }, { region: R, input: { ListenerArn: HTTP_LISTENER } });
}

function detective(rec: Recording): void {
  rec.note(
    'detective.json',
    'us-east-1 is watched as everywhere in the organization (Security Hub S3.1/S3.8, AWS Config); in eu-west-1 staging opted out of Security Hub and AWS Config and has no analyzer, while the bucket acme-staging-eu-exports lives there (1.19 not met). GuardDuty runs without Runtime Monitoring and Inspector is off; SSM manages the app instance but gathers no inventory.',
  );
  rec.put('securityhub', 'DescribeHub', awsError('InvalidAccessException', `Account ${ID} is not subscribed to AWS Security Hub`, 401), { region: 'eu-west-1' });
  rec.delete('securityhub', 'BatchGetSecurityControls', { region: 'eu-west-1', input: { SecurityControlIds: ['S3.1', 'S3.2', 'S3.3', 'S3.8'] } });
  rec.put('config', 'DescribeConfigRules', { ConfigRules: [] }, { region: 'eu-west-1' });
  recording(rec, R, false);
  for (const region of REGIONS) {
    const detectorId = hex(`${ID}/${region}/guardduty`, 32);
    const d = rec.get('guardduty', 'GetDetector', { region, input: { DetectorId: detectorId } });
    d.Features = d.Features.map((f: Json) => (f.Name === 'RUNTIME_MONITORING' ? { ...f, Status: 'DISABLED', AdditionalConfiguration: f.AdditionalConfiguration.map((c: Json) => ({ ...c, Status: 'DISABLED' })) } : f));
  }
  rec.put('ssm', 'DescribeInstanceInformation', {
    InstanceInformationList: [
      {
        InstanceId: APP_INSTANCE, PingStatus: 'Online', LastPingDateTime: '2026-11-20T08:55:00.000Z', AgentVersion: '3.3.1345.0', IsLatestVersion: false, PlatformType: 'Linux',
        PlatformName: 'Amazon Linux', PlatformVersion: '2023', ResourceType: 'EC2Instance', IPAddress: '10.40.10.21', ComputerName: 'ip-10-40-10-21.ec2.internal',
      },
    ],
  }, { region: R });
  rec.put('ssm', 'ListAssociations', { Associations: [] }, { region: R });
}

function reliability(rec: Recording): void {
  rec.note(
    'reliability-infra.json',
    'us-east-1: one NAT gateway (us-east-1a) for subnets in two AZs (2.1 not met); the app group is fixed at one instance in one AZ (2.2 manual, 2.8 not met, as is the single-AZ database); no VPC flow log (2.3 not met) and the Lambda log group is not forwarded (manual); no alarm at all although the ALB, two instances and the database run (2.4 not met); an administrator opened the bastion to the internet and resized the database from the console this week (2.5 not met). eu-west-1: only the untouched default VPC.',
  );
  rec.put('ec2', 'DescribeVpcs', {
    Vpcs: [
      {
        VpcId: vpcId, CidrBlock: '10.40.0.0/16', State: 'available', IsDefault: false, InstanceTenancy: 'default', OwnerId: ID, Tags: [{ Key: 'Name', Value: 'acme-staging' }, CFN_TAG('acme-staging-network')],
      },
    ],
  }, { region: R });
  rec.put('ec2', 'DescribeSubnets', {
    Subnets: SUBNETS.map(([name, az, cidr]) => ({
      SubnetId: subnet(name), VpcId: vpcId, AvailabilityZone: az, CidrBlock: cidr, State: 'available', MapPublicIpOnLaunch: name.includes('public'), DefaultForAz: false, Tags: [{ Key: 'Name', Value: name }],
    })),
  }, { region: R });
  rec.put('ec2', 'DescribeNatGateways', {
    NatGateways: [
      {
        NatGatewayId: rid('nat', 'staging/a'), SubnetId: subnet('acme-staging-public-a'), VpcId: vpcId, State: 'available', ConnectivityType: 'public', AvailabilityMode: 'zonal', CreateTime: '2024-03-05T09:40:00.000Z',
        NatGatewayAddresses: [{ AllocationId: rid('eipalloc', 'staging/nat-a'), PublicIp: '44.206.12.77', PrivateIp: '10.40.0.88', NetworkInterfaceId: rid('eni', 'staging/nat-a'), IsPrimary: true, Status: 'succeeded' }],
        Tags: [{ Key: 'Name', Value: 'acme-staging-nat-a' }, CFN_TAG('acme-staging-network')],
      },
    ],
  }, { region: R });
  logGroups(rec, R, [{ name: '/aws/lambda/acme-staging-nightly-reset', created: 1754915400000, retention: 14 }]);
  rec.put('autoscaling', 'DescribeAutoScalingGroups', {
    AutoScalingGroups: [
      {
        AutoScalingGroupName: 'acme-staging-app',
        AutoScalingGroupARN: arn('autoscaling', `autoScalingGroup:${uuid('staging-asg')}:autoScalingGroupName/acme-staging-app`),
        LaunchTemplate: { LaunchTemplateName: 'acme-staging-app', Version: '$Latest' },
        MinSize: 1,
        MaxSize: 1,
        DesiredCapacity: 1,
        DefaultCooldown: 300,
        AvailabilityZones: ['us-east-1a'],
        HealthCheckType: 'ELB',
        HealthCheckGracePeriod: 300,
        Instances: [{ InstanceId: APP_INSTANCE, AvailabilityZone: 'us-east-1a', LifecycleState: 'InService', HealthStatus: 'Healthy', ProtectedFromScaleIn: false }],
        CreatedTime: '2024-03-05T10:10:00.000Z',
        SuspendedProcesses: [],
        VPCZoneIdentifier: subnet('acme-staging-app-a'),
        Tags: [{ ResourceId: 'acme-staging-app', ResourceType: 'auto-scaling-group', Key: 'aws:cloudformation:stack-name', Value: 'acme-staging-app', PropagateAtLaunch: true }],
        TargetGroupARNs: [arn('elasticloadbalancing', `targetgroup/staging-app/${hex('staging-tg', 16)}`)],
      },
    ],
  }, { region: R });
  rec.put('cloudtrail', 'LookupEvents', {
    Events: [
      trailEvent({ id: uuid('staging-event-1'), name: 'ModifyDBInstance', source: 'rds.amazonaws.com', time: '2026-11-18T16:02:41Z', region: R, accountId: ID, principalArn: SSO_ADMIN, userName: 'jonas.berg', userAgent: 'console.amazonaws.com', console: true }),
      trailEvent({ id: uuid('staging-event-2'), name: 'AuthorizeSecurityGroupIngress', source: 'ec2.amazonaws.com', time: '2026-11-18T15:47:09Z', region: R, accountId: ID, principalArn: SSO_ADMIN, userName: 'jonas.berg', userAgent: 'console.ec2.amazonaws.com', console: true }),
      trailEvent({ id: uuid('staging-event-3'), name: 'ConsoleLogin', source: 'signin.amazonaws.com', time: '2026-11-18T15:40:12Z', region: R, accountId: ID, principalArn: SSO_ADMIN, userName: 'jonas.berg', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', console: true }),
      trailEvent({ id: uuid('staging-event-4'), name: 'ExecuteChangeSet', source: 'cloudformation.amazonaws.com', time: '2026-11-19T17:24:30Z', region: R, accountId: ID, principalArn: `arn:aws:iam::${ID}:user/deploy-bot`, userName: 'deploy-bot', userAgent: 'aws-sdk-java/2.29.1 Linux/6.1 jenkins' }),
    ],
  }, { region: R, input: LOOKUP_EVENTS_INPUT });
  rec.note(
    'reliability-dr.json',
    'No AWS Backup: the database relies on its own automated backups (1 day, 2.6 met); nothing is copied to another account (2.13 not met); no restore tests, FIS, Resilience Hub or Elastic Disaster Recovery.',
  );
}

function operations(rec: Recording): void {
  rec.note(
    'operations.json',
    'The CodePipeline acme-staging-deploy ran successfully yesterday, but staging-bastion opens SSH to the internet (3.1 manual); no runbooks or response plans; the Support API answers SubscriptionRequiredException.',
  );
  rec.put('codepipeline', 'ListPipelines', {
    pipelines: [{ name: 'acme-staging-deploy', version: 9, pipelineType: 'V2', executionMode: 'QUEUED', created: '2024-03-06T11:00:00.000Z', updated: '2026-06-11T09:30:00.000Z' }],
  }, { region: R });
  rec.put('codepipeline', 'ListPipelineExecutions', {
    pipelineExecutionSummaries: [
      { pipelineExecutionId: uuid('staging-run-3'), status: 'Succeeded', startTime: '2026-11-19T17:10:02.000Z', lastUpdateTime: '2026-11-19T17:26:40.000Z', executionMode: 'QUEUED', executionType: 'STANDARD', trigger: { triggerType: 'WebhookV2', triggerDetail: `arn:aws:codeconnections:us-east-1:${ID}:connection/${uuid('staging-connection')}` } },
      { pipelineExecutionId: uuid('staging-run-2'), status: 'Failed', startTime: '2026-11-12T10:01:11.000Z', lastUpdateTime: '2026-11-12T10:09:55.000Z', executionMode: 'QUEUED', executionType: 'STANDARD', trigger: { triggerType: 'WebhookV2', triggerDetail: `arn:aws:codeconnections:us-east-1:${ID}:connection/${uuid('staging-connection')}` } },
    ],
  }, { region: R, input: { pipelineName: 'acme-staging-deploy' } });
}
