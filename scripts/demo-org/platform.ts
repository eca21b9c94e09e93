// The three platform accounts of the demo organization: management (the organization, its trail, Business
// Support), log-archive (the trail's bucket) and security (delegated administrator, the DR vault). Few
// workloads: what they hold is what accounts of that role hold.
import { baseline, logGroups, ORGANIZATION } from './baseline.js';
import {
  ALL_MANAGEMENT_EVENTS,
  CENTRAL_LOGS,
  BUSINESS_SEVERITY_LEVELS,
  LOG_ARCHIVE,
  LOOKUP_EVENTS_INPUT,
  MGMT,
  OLD_SANDBOX,
  ORG_ID,
  ORG_TRAIL,
  ORG_TRAIL_ARN,
  ORG_TRAIL_BUCKET,
  PROD,
  REGIONS,
  SECURITY,
  STAGING,
  accountSummary,
  awsManagedPolicy,
  buckets,
  credentialReport,
  defaultGroup,
  defaultVpc,
  denyInsecureTransport,
  encodedPolicy,
  hex,
  policyText,
  serviceLinkedRole,
  ssoRole,
  trailEvent,
  uuid,
  vault,
  type Account,
  type Recording,
} from './kit.js';

export const ACCOUNTS: Record<'management' | 'logArchive' | 'security' | 'prod' | 'staging', Account> = {
  management: {
    dir: 'management',
    id: MGMT,
    name: 'acme-management',
    email: 'aws-root@acme-example.com',
    joined: '2019-01-15T09:12:00.000Z',
    role: 'The management account of the organization: AWS Organizations, IAM Identity Center, the organization trail and Business Support; no workloads.',
  },
  logArchive: {
    dir: 'log-archive',
    id: LOG_ARCHIVE,
    name: 'acme-log-archive',
    email: 'aws-log-archive@acme-example.com',
    joined: '2024-01-09T10:55:00.000Z',
    role: "The log-archive account: it owns the organization trail's bucket acme-org-cloudtrail-logs and the central log buckets; scanned through CmtAuditReadOnly.",
  },
  security: {
    dir: 'security',
    id: SECURITY,
    name: 'acme-security',
    email: 'aws-security@acme-example.com',
    joined: '2024-01-09T10:57:00.000Z',
    role: 'The security account: delegated administrator of GuardDuty, Security Hub and IAM Access Analyzer, and owner of the DR backup vault acme-dr-vault that production copies to; scanned through CmtAuditReadOnly.',
  },
  prod: {
    dir: 'workload-a',
    id: PROD,
    name: 'acme-prod',
    email: 'aws-prod@acme-example.com',
    joined: '2024-02-12T09:00:00.000Z',
    role: 'Production (workload-a): the orders platform in us-east-1 and analytics workers in eu-west-1, derived from fixtures/demo and brought mostly into line; scanned through CmtAuditReadOnly.',
  },
  staging: {
    dir: 'workload-b',
    id: STAGING,
    name: 'acme-staging',
    email: 'aws-staging@acme-example.com',
    joined: '2024-02-12T09:05:00.000Z',
    role: 'Staging (workload-b): a smaller copy of the orders platform in us-east-1, run less carefully than production; scanned through CmtAuditReadOnly.',
  },
};

// ---------------------------------------------------------------------------------------------------------
// management

export function management(rec: Recording): void {
  baseline(rec);
  const id = MGMT;
  rec.note('account.json', 'Scanned with the caller\'s own credentials: the IAM Identity Center permission set SecurityAudit (dana.whitfield).');
  rec.put('sts', 'GetCallerIdentity', {
    UserId: 'AROAXXXXXXXXXXXXSECA:dana.whitfield',
    Account: id,
    Arn: `arn:aws:sts::${id}:assumed-role/AWSReservedSSO_SecurityAudit_${hex(`${id}/SecurityAudit`, 16)}/dana.whitfield`,
  });

  rec.note('organizations.json', `Organization ${ORG_ID} lists five ACTIVE accounts and one SUSPENDED (${OLD_SANDBOX} acme-old-sandbox), which must not be scanned.`);
  rec.put('organizations', 'DescribeOrganization', ORGANIZATION);
  const member = (accountId: string, name: string, email: string, joined: string, status = 'ACTIVE', method = 'CREATED') => ({
    Id: accountId,
    Arn: `arn:aws:organizations::${MGMT}:account/${ORG_ID}/${accountId}`,
    Email: email,
    Name: name,
    Status: status,
    State: status,
    JoinedMethod: method,
    JoinedTimestamp: joined,
  });
  rec.put('organizations', 'ListAccounts', {
    Accounts: [
      member(MGMT, 'acme-management', 'aws-root@acme-example.com', '2019-01-15T09:12:00.000Z', 'ACTIVE', 'INVITED'),
      member(LOG_ARCHIVE, 'acme-log-archive', 'aws-log-archive@acme-example.com', '2024-01-09T10:55:00.000Z'),
      member(SECURITY, 'acme-security', 'aws-security@acme-example.com', '2024-01-09T10:57:00.000Z'),
      member(PROD, 'acme-prod', 'aws-prod@acme-example.com', '2024-02-12T09:00:00.000Z', 'ACTIVE', 'INVITED'),
      member(STAGING, 'acme-staging', 'aws-staging@acme-example.com', '2024-02-12T09:05:00.000Z'),
      member(OLD_SANDBOX, 'acme-old-sandbox', 'aws-sandbox@acme-example.com', '2021-04-07T14:30:00.000Z', 'SUSPENDED'),
    ],
  });

  // IAM: Identity Center lives here; the root user (hardware MFA) last signed in in March, for the support plan change.
  rec.note('iam.json', 'No IAM users: people sign in through IAM Identity Center (AdministratorAccess, SecurityAudit, Billing, ReadOnly permission sets). The root user has MFA and last signed in on 2 March 2026.');
  const roles = [
    ssoRole(id, 'AdministratorAccess', ['AdministratorAccess']),
    ssoRole(id, 'SecurityAudit', ['SecurityAudit', 'ReadOnlyAccess']),
    ssoRole(id, 'Billing', ['Billing']),
    ssoRole(id, 'ReadOnly', ['ReadOnlyAccess']),
    {
      Path: '/',
      RoleName: 'acme-org-trail-to-cloudwatch',
      RoleId: 'AROAXXXXXXXXXXXXCTCW',
      Arn: `arn:aws:iam::${id}:role/acme-org-trail-to-cloudwatch`,
      CreateDate: '2024-01-09T11:20:00Z',
      AssumeRolePolicyDocument: encodedPolicy([{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
      InstanceProfileList: [],
      RolePolicyList: [
        {
          PolicyName: 'deliver-to-log-group',
          PolicyDocument: encodedPolicy([
            {
              Effect: 'Allow',
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: `arn:aws:logs:us-east-1:${id}:log-group:/aws/cloudtrail/acme-org-trail:log-stream:*`,
            },
          ]),
        },
      ],
      AttachedManagedPolicies: [],
      Tags: [],
      RoleLastUsed: { LastUsedDate: '2026-11-20T08:58:00Z', Region: 'us-east-1' },
    },
    serviceLinkedRole(id, 'organizations.amazonaws.com', 'AWSServiceRoleForOrganizations', 'AWSOrganizationsServiceTrustPolicy'),
    serviceLinkedRole(id, 'sso.amazonaws.com', 'AWSServiceRoleForSSO', 'AWSSSOServiceRolePolicy'),
    serviceLinkedRole(id, 'cloudtrail.amazonaws.com', 'AWSServiceRoleForCloudTrail', 'CloudTrailServiceRolePolicy'),
    serviceLinkedRole(id, 'support.amazonaws.com', 'AWSServiceRoleForSupport', 'AWSSupportServiceRolePolicy'),
    serviceLinkedRole(id, 'trustedadvisor.amazonaws.com', 'AWSServiceRoleForTrustedAdvisor', 'AWSTrustedAdvisorServiceRolePolicy'),
    serviceLinkedRole(id, 'securityhub.amazonaws.com', 'AWSServiceRoleForSecurityHub', 'AWSSecurityHubServiceRolePolicy'),
    serviceLinkedRole(id, 'config.amazonaws.com', 'AWSServiceRoleForConfig', 'AWSConfigServiceRolePolicy'),
  ];
  rec.put('iam', 'GetAccountSummary', accountSummary({ users: 0, groups: 0, roles: roles.length, policies: 0, mfaDevices: 1, providers: 1, rootMfa: true }));
  rec.put('iam', 'GetCredentialReport', credentialReport(id, { created: '2019-01-15T09:12:00.000Z', passwordLastUsed: '2026-03-02T10:41:07.000Z', mfa: true }, []));
  rec.put('iam', 'GetAccountAuthorizationDetails', {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: roles,
    Policies: [awsManagedPolicy('AdministratorAccess', 1), awsManagedPolicy('SecurityAudit', 1), awsManagedPolicy('ReadOnlyAccess', 2), awsManagedPolicy('Billing', 1)],
    IsTruncated: false,
  });

  // CloudTrail: the organization trail is this account's; it can read its status and selectors.
  rec.note('cloudtrail.json', `The organization trail acme-org-trail (home us-east-1, multi-region, all accounts) logs all read and write management events to ${ORG_TRAIL_BUCKET} in the log-archive account ${LOG_ARCHIVE}, and to CloudWatch Logs here.`);
  rec.each('cloudtrail', 'DescribeTrails', () => ({ trailList: [ORG_TRAIL] }), { includeShadowTrails: true });
  rec.put('cloudtrail', 'GetTrailStatus', {
    IsLogging: true,
    LatestDeliveryTime: '2026-11-20T08:56:10.000Z',
    LatestDigestDeliveryTime: '2026-11-20T08:01:44.000Z',
    LatestCloudWatchLogsDeliveryTime: '2026-11-20T08:57:02.000Z',
    StartLoggingTime: '2024-01-09T11:22:31.000Z',
    TimeLoggingStarted: '2024-01-09T11:22:31Z',
  }, { region: 'us-east-1', input: { Name: ORG_TRAIL_ARN } });
  rec.put('cloudtrail', 'GetEventSelectors', { TrailARN: ORG_TRAIL_ARN, ...ALL_MANAGEMENT_EVENTS }, { region: 'us-east-1', input: { TrailName: ORG_TRAIL_ARN } });

  rec.note('s3.json', `One bucket, acme-mgmt-billing-reports (Cost and Usage Reports); the organization trail's bucket is in the log-archive account, so it is not listed here.`);
  buckets(rec, [
    {
      name: 'acme-mgmt-billing-reports',
      region: 'us-east-1',
      created: '2019-02-01T10:00:00.000Z',
      statements: [
        denyInsecureTransport('acme-mgmt-billing-reports'),
        {
          Sid: 'AllowBillingReportsDelivery',
          Effect: 'Allow',
          Principal: { Service: 'billingreports.amazonaws.com' },
          Action: ['s3:GetBucketAcl', 's3:GetBucketPolicy', 's3:PutObject'],
          Resource: ['arn:aws:s3:::acme-mgmt-billing-reports', 'arn:aws:s3:::acme-mgmt-billing-reports/*'],
          Condition: { StringEquals: { 'aws:SourceAccount': MGMT } },
        },
      ],
      encryption: { algorithm: 'AES256' },
    },
  ]);

  // The default VPCs were never removed: their default security groups keep AWS's stock rules (1.16).
  rec.note('network.json', 'The default VPCs of us-east-1 and eu-west-1 were never removed, and their default security groups keep the rules AWS creates them with (1.16 not met); nothing runs in them.');
  rec.note('reliability-infra.json', 'Default VPCs only (no traffic); the organization trail\'s log group forwards to the log-archive account; one billing alarm notifies acme-billing-alerts; the week\'s write events come from the stack set service and automation, none from the console.');
  for (const region of REGIONS) {
    const { vpc, subnets } = defaultVpc(id, region);
    rec.put('ec2', 'DescribeSecurityGroups', { SecurityGroups: [defaultGroup(id, region, vpc.VpcId, true)] }, { region });
    rec.put('ec2', 'DescribeVpcs', { Vpcs: [vpc] }, { region });
    rec.put('ec2', 'DescribeSubnets', { Subnets: subnets }, { region });
  }
  logGroups(rec, 'us-east-1', [{ name: '/aws/cloudtrail/acme-org-trail', created: 1704799351000, forwardTo: CENTRAL_LOGS('us-east-1'), retention: 30 }]);
  const billingTopic = `arn:aws:sns:us-east-1:${id}:acme-billing-alerts`;
  rec.put('cloudwatch', 'DescribeAlarms', {
    MetricAlarms: [
      {
        AlarmName: 'acme-estimated-charges-monthly',
        AlarmArn: `arn:aws:cloudwatch:us-east-1:${id}:alarm:acme-estimated-charges-monthly`,
        AlarmDescription: 'Organization charges above the monthly budget line',
        ActionsEnabled: true,
        OKActions: [],
        AlarmActions: [billingTopic],
        InsufficientDataActions: [],
        StateValue: 'OK',
        StateUpdatedTimestamp: '2026-11-01T00:12:00.000Z',
        MetricName: 'EstimatedCharges',
        Namespace: 'AWS/Billing',
        Statistic: 'Maximum',
        Dimensions: [{ Name: 'Currency', Value: 'USD' }],
        Period: 21600,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 42000,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'missing',
      },
    ],
    CompositeAlarms: [],
  }, { region: 'us-east-1', input: { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] } });
  rec.put('sns', 'ListTopics', { Topics: [{ TopicArn: billingTopic }] }, { region: 'us-east-1' });
  rec.put('sns', 'ListSubscriptionsByTopic', {
    Subscriptions: [
      { SubscriptionArn: `${billingTopic}:${uuid('billing-sub')}`, Owner: id, Protocol: 'email', Endpoint: 'finance-ops@acme-example.com', TopicArn: billingTopic },
    ],
  }, { region: 'us-east-1', input: { TopicArn: billingTopic } });
  const automation = `arn:aws:sts::${id}:assumed-role/AWSReservedSSO_AdministratorAccess_${hex(`${id}/AdministratorAccess`, 16)}/marco.liu`;
  rec.put('cloudtrail', 'LookupEvents', {
    Events: [
      trailEvent({
        id: uuid('mgmt-event-1'), name: 'CreateStackInstances', source: 'cloudformation.amazonaws.com', time: '2026-11-17T10:02:11Z', region: 'us-east-1',
        accountId: id, principalArn: automation, userName: 'marco.liu', userAgent: 'aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.1 os/linux',
      }),
      trailEvent({
        id: uuid('mgmt-event-2'), name: 'ConsoleLogin', source: 'signin.amazonaws.com', time: '2026-11-17T09:55:40Z', region: 'us-east-1',
        accountId: id, principalArn: automation, userName: 'marco.liu', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6)', console: true,
      }),
      trailEvent({
        id: uuid('mgmt-event-3'), name: 'PutLogEvents', source: 'logs.amazonaws.com', time: '2026-11-16T03:00:05Z', region: 'us-east-1',
        accountId: id, principalArn: `arn:aws:sts::${id}:assumed-role/acme-org-trail-to-cloudwatch/CloudTrail`, userName: 'CloudTrail', userAgent: 'cloudtrail.amazonaws.com', invokedBy: 'cloudtrail.amazonaws.com',
      }),
    ],
  }, { region: 'us-east-1', input: LOOKUP_EVENTS_INPUT });

  // Detective: an account analyzer here too; Business Support brings the Trusted Advisor API.
  rec.note('detective.json', 'IAM Access Analyzer (account zone of trust) in both regions, Security Hub and AWS Config as everywhere in the organization, and Trusted Advisor through Business Support (the S3 bucket permissions check is ok).');
  rec.each('accessanalyzer', 'ListAnalyzers', (region) => ({
    analyzers: [
      {
        arn: `arn:aws:access-analyzer:${region}:${id}:analyzer/acme-management-external`,
        name: 'acme-management-external',
        type: 'ACCOUNT',
        status: 'ACTIVE',
        createdAt: '2024-01-10T09:45:00.000Z',
      },
    ],
  }));
  rec.put('support', 'DescribeTrustedAdvisorChecks', {
    checks: [
      { id: 'Pfx0RwqBli', name: 'Amazon S3 Bucket Permissions', description: 'Checks buckets in Amazon S3 that have open access permissions.', category: 'security', metadata: ['Region Name', 'Bucket Name', 'ACL Allows List', 'ACL Allows Upload/Delete', 'Status', 'Policy Allows Access', 'Ignored Bucket Name'] },
      { id: 'Hs4Ma3G127', name: 'Amazon EBS Public Snapshots', description: 'Checks the permission settings for your Amazon EBS volume snapshots.', category: 'security', metadata: ['Region', 'Volume ID', 'Snapshot ID', 'Description'] },
      { id: 'zXCkfM1nI3', name: 'IAM Use', description: 'Checks for your use of AWS IAM.', category: 'security', metadata: [] },
    ],
  }, { input: { language: 'en' } });
  rec.put('support', 'DescribeTrustedAdvisorCheckResult', {
    result: {
      checkId: 'Pfx0RwqBli',
      timestamp: '2026-11-20T06:14:08Z',
      status: 'ok',
      resourcesSummary: { resourcesProcessed: 1, resourcesFlagged: 0, resourcesIgnored: 0, resourcesSuppressed: 0 },
      categorySpecificSummary: { costOptimizing: { estimatedMonthlySavings: 0, estimatedPercentMonthlySavings: 0 } },
      flaggedResources: [],
    },
  }, { input: { checkId: 'Pfx0RwqBli', language: 'en' } });

  rec.note('workloads.json', 'No workloads: one CloudFormation stack (the billing alarm).');
  const stack = {
    StackId: `arn:aws:cloudformation:us-east-1:${id}:stack/acme-billing-alerts/${uuid('billing-stack')}`,
    StackName: 'acme-billing-alerts',
    Description: 'Monthly estimated-charges alarm for the organization',
    CreationTime: '2024-01-12T08:00:00Z',
    LastUpdatedTime: '2026-01-05T08:00:00Z',
    StackStatus: 'UPDATE_COMPLETE',
    DisableRollback: false,
    EnableTerminationProtection: false,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
    Capabilities: [],
    Parameters: [
      { ParameterKey: 'MonthlyThresholdUsd', ParameterValue: '42000' },
      { ParameterKey: 'NotifyEmail', ParameterValue: 'finance-ops@acme-example.com' },
    ],
    Tags: [{ Key: 'Project', Value: 'acme-platform' }],
  };
  rec.put('cloudformation', 'ListStacks', { StackSummaries: [{ StackId: stack.StackId, StackName: stack.StackName, CreationTime: stack.CreationTime, LastUpdatedTime: stack.LastUpdatedTime, StackStatus: stack.StackStatus, DriftInformation: stack.DriftInformation }] }, { region: 'us-east-1' });
  rec.put('cloudformation', 'DescribeStacks', { Stacks: [stack] }, { region: 'us-east-1' });

  rec.note('operations.json', 'Business Support (per account: the only account that has it): the Support API answers, with the urgent severity level; no pipelines or runbooks of its own.');
  rec.put('support', 'DescribeSeverityLevels', BUSINESS_SEVERITY_LEVELS);
  rec.note('reliability-dr.json', 'AWS Backup is not used here: nothing to back up, and no copy to another account.');
  rec.note('data.json', 'No data stores or endpoints: EBS encryption by default on, no customer managed KMS key, the billing bucket denies plain HTTP.');
}

// ---------------------------------------------------------------------------------------------------------
// log-archive

export const ORG_TRAIL_KEY = ORG_TRAIL.KmsKeyId as string;

export function logArchive(rec: Recording): void {
  baseline(rec);
  const id = LOG_ARCHIVE;
  rec.note('cloudtrail.json', `It sees the management account's organization trail acme-org-trail in every region (a shadow trail); its status belongs to account ${MGMT}, so GetTrailStatus answers TrailNotFoundException here (1.13 error on purpose; the estate judges it from the management account).`);
  rec.note('s3.json', `Owns ${ORG_TRAIL_BUCKET} (versioning Enabled, SSE-KMS with the organization trail key, a policy that lets the cloudtrail.amazonaws.com service principal write for the organization trail only), acme-org-vpc-flow-logs and acme-org-s3-access-logs; every bucket denies plain HTTP. Because the trail's bucket is in this account's own list, 1.14 is not met here when the account is judged alone.`);
  const trailCondition = { StringEquals: { 'aws:SourceArn': ORG_TRAIL_ARN } };
  buckets(rec, [
    {
      name: ORG_TRAIL_BUCKET,
      region: 'us-east-1',
      created: '2024-01-09T11:15:00.000Z',
      statements: [
        { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${ORG_TRAIL_BUCKET}`, Condition: trailCondition },
        {
          Sid: 'AWSCloudTrailWrite',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: [`arn:aws:s3:::${ORG_TRAIL_BUCKET}/AWSLogs/${MGMT}/*`, `arn:aws:s3:::${ORG_TRAIL_BUCKET}/AWSLogs/${ORG_ID}/*`],
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': ORG_TRAIL_ARN } },
        },
        denyInsecureTransport(ORG_TRAIL_BUCKET),
      ],
      encryption: { algorithm: 'aws:kms', key: ORG_TRAIL_KEY },
      versioning: { Status: 'Enabled', MFADelete: 'Disabled' },
    },
    {
      name: 'acme-org-vpc-flow-logs',
      region: 'us-east-1',
      created: '2024-03-01T09:00:00.000Z',
      statements: [
        {
          Sid: 'AWSLogDeliveryWrite',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::acme-org-vpc-flow-logs/*',
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceOrgID': ORG_ID } },
        },
        {
          Sid: 'AWSLogDeliveryAclCheck',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: 'arn:aws:s3:::acme-org-vpc-flow-logs',
          Condition: { StringEquals: { 'aws:SourceOrgID': ORG_ID } },
        },
        denyInsecureTransport('acme-org-vpc-flow-logs'),
      ],
      encryption: { algorithm: 'AES256' },
    },
    {
      name: 'acme-org-s3-access-logs',
      region: 'us-east-1',
      created: '2024-03-01T09:05:00.000Z',
      statements: [
        {
          Sid: 'S3ServerAccessLogsPolicy',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::acme-org-s3-access-logs/*',
          Condition: { StringEquals: { 'aws:SourceOrgID': ORG_ID } },
        },
        denyInsecureTransport('acme-org-s3-access-logs'),
      ],
      encryption: { algorithm: 'AES256' },
    },
  ]);

  rec.note('data.json', 'One customer managed KMS key, acme-org-cloudtrail (the organization trail\'s log encryption key), rotated yearly; no compute or databases.');
  const keyId = ORG_TRAIL_KEY.split('/').pop()!;
  rec.put('kms', 'ListKeys', { Keys: [{ KeyId: keyId, KeyArn: ORG_TRAIL_KEY }] }, { region: 'us-east-1' });
  rec.put('kms', 'DescribeKey', {
    KeyMetadata: {
      AWSAccountId: id,
      KeyId: keyId,
      Arn: ORG_TRAIL_KEY,
      CreationDate: '2024-01-09T11:10:00.000Z',
      Enabled: true,
      Description: 'acme-org-cloudtrail: organization trail log files',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      MultiRegion: false,
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    },
  }, { region: 'us-east-1', input: { KeyId: keyId } });
  rec.put('kms', 'GetKeyPolicy', {
    PolicyName: 'default',
    Policy: policyText([
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'AllowCloudTrailEncrypt',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceArn': ORG_TRAIL_ARN }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${MGMT}:trail/*` } },
      },
      {
        Sid: 'AllowLogReadersDecrypt',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${SECURITY}:root` },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
      },
    ]),
  }, { region: 'us-east-1', input: { KeyId: keyId, PolicyName: 'default' } });
  rec.put('kms', 'GetKeyRotationStatus', { KeyId: ORG_TRAIL_KEY, KeyRotationEnabled: true, RotationPeriodInDays: 365, NextRotationDate: '2027-01-09T11:10:00.000Z' }, { region: 'us-east-1', input: { KeyId: keyId } });

  rec.note('network.json', 'The default VPCs were deleted when the account was vended: no VPC, no security group.');
  rec.note('reliability-infra.json', 'No network, compute or alarms; it receives the other accounts\' logs (CloudWatch Logs destination acme-central-logs, S3 buckets).');
  rec.note('reliability-dr.json', 'AWS Backup is not used here (the log buckets are versioned instead): no plan, no vault, no copy to another account.');
  rec.note('operations.json', 'No pipelines or runbooks; the Support API answers SubscriptionRequiredException (Business Support is per account, and only the management account has it).');
}

// ---------------------------------------------------------------------------------------------------------
// security

export function security(rec: Recording): void {
  baseline(rec);
  const id = SECURITY;
  rec.note('cloudtrail.json', `It sees the organization trail acme-org-trail of account ${MGMT} (a shadow trail); GetTrailStatus answers TrailNotFoundException here (1.13 error on purpose).`);
  rec.note('detective.json', 'Delegated administrator: the organization analyzer acme-org-analyzer (IAM Access Analyzer, organization zone of trust) in both regions, GuardDuty and Security Hub administrator.');
  rec.each('accessanalyzer', 'ListAnalyzers', (region) => ({
    analyzers: [
      {
        arn: `arn:aws:access-analyzer:${region}:${id}:analyzer/acme-org-analyzer`,
        name: 'acme-org-analyzer',
        type: 'ORGANIZATION',
        status: 'ACTIVE',
        createdAt: '2024-01-10T10:05:00.000Z',
        lastResourceAnalyzed: `arn:aws:s3:::${ORG_TRAIL_BUCKET}`,
        lastResourceAnalyzedAt: '2026-11-20T08:40:12.000Z',
      },
    ],
  }));

  rec.note('s3.json', 'One bucket: acme-security-findings-archive (Security Hub findings exported by Firehose), versioned, denying plain HTTP.');
  const vaultKey = `arn:aws:kms:us-east-1:${id}:key/${uuid('dr-vault-key')}`;
  buckets(rec, [
    {
      name: 'acme-security-findings-archive',
      region: 'us-east-1',
      created: '2024-01-12T09:00:00.000Z',
      statements: [denyInsecureTransport('acme-security-findings-archive')],
      encryption: { algorithm: 'aws:kms', key: vaultKey },
    },
  ]);

  rec.note('data.json', 'One customer managed KMS key, acme-dr-vault (the DR backup vault\'s key, shared with the organization for cross-account copies), rotated yearly.');
  const keyId = vaultKey.split('/').pop()!;
  rec.put('kms', 'ListKeys', { Keys: [{ KeyId: keyId, KeyArn: vaultKey }] }, { region: 'us-east-1' });
  rec.put('kms', 'DescribeKey', {
    KeyMetadata: {
      AWSAccountId: id,
      KeyId: keyId,
      Arn: vaultKey,
      CreationDate: '2025-03-10T10:00:00.000Z',
      Enabled: true,
      Description: 'acme-dr-vault: recovery points copied from the workload accounts',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      MultiRegion: false,
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    },
  }, { region: 'us-east-1', input: { KeyId: keyId } });
  rec.put('kms', 'GetKeyPolicy', {
    PolicyName: 'default',
    Policy: policyText([
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'AllowBackupCopiesFromTheOrganization',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID, 'kms:ViaService': 'backup.us-east-1.amazonaws.com' } },
      },
    ]),
  }, { region: 'us-east-1', input: { KeyId: keyId, PolicyName: 'default' } });
  rec.put('kms', 'GetKeyRotationStatus', { KeyId: vaultKey, KeyRotationEnabled: true, RotationPeriodInDays: 365, NextRotationDate: '2027-03-10T10:00:00.000Z' }, { region: 'us-east-1', input: { KeyId: keyId } });

  rec.note('reliability-dr.json', `Owns the DR vault acme-dr-vault (us-east-1, vault lock in compliance mode) that holds the copies of ${PROD}'s backups; it backs up nothing of its own and copies nothing elsewhere, so 2.13 is not met when it is judged alone.`);
  rec.put('backup', 'ListBackupVaults', {
    BackupVaultList: [vault(id, 'us-east-1', 'acme-dr-vault', { created: '2025-03-10T10:05:00.000Z', key: vaultKey, points: 148, locked: true })],
  }, { region: 'us-east-1' });

  rec.note('operations.json', 'Security runbooks (SSM Automation) and the Incident Manager response plan for account compromise live here; the Support API answers SubscriptionRequiredException.');
  rec.put('ssm', 'ListDocuments', {
    DocumentIdentifiers: [
      { Name: 'Acme-QuarantineIamPrincipal', CreatedDate: '2025-06-03T09:00:00.000Z', Owner: id, DocumentVersion: '3', DocumentType: 'Automation', SchemaVersion: '0.3', DocumentFormat: 'YAML', TargetType: '/AWS::IAM::Role' },
      { Name: 'Acme-SnapshotAndIsolateInstance', CreatedDate: '2025-06-03T09:10:00.000Z', Owner: id, DocumentVersion: '2', DocumentType: 'Automation', SchemaVersion: '0.3', DocumentFormat: 'YAML', TargetType: '/AWS::EC2::Instance' },
    ],
  }, { region: 'us-east-1', input: { Filters: [{ Key: 'Owner', Values: ['Self'] }, { Key: 'DocumentType', Values: ['Automation'] }] } });
  rec.each('ssmincidents', 'ListResponsePlans', () => ({
    responsePlanSummaries: [{ arn: `arn:aws:ssm-incidents::${id}:response-plan/acme-account-compromise`, name: 'acme-account-compromise', displayName: 'Account or credential compromise' }],
  }));
  rec.note('network.json', 'The default VPCs were deleted when the account was vended: no VPC, no security group.');
}
