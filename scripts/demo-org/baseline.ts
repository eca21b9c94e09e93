// What every account of the demo organization answers before its own story: the organization's baseline
// (IAM Identity Center, the member role cmt-audit assumes, the organization trail seen from a member, Security
// Hub / Config / GuardDuty / Inspector enabled organization-wide from the security account, alternate contacts
// set by AWS Organizations, EBS encryption by default) and an empty answer to every other call the 40 checks
// make. Each account then replaces what it holds.
import {
  ALARM_TYPES,
  AUTOMATION_RUNBOOKS,
  LOOKUP_EVENTS_INPUT,
  MGMT,
  NO_PREMIUM_SUPPORT,
  OPERATIONS_CONTACT,
  ORG_ID,
  REGIONS,
  S3_CONTROLS,
  SCALING_NAMESPACES,
  SECURITY_CONTACT,
  TWELVE_MONTHS_AGO,
  accountSummary,
  auditPolicy,
  auditRole,
  awsError,
  awsManagedPolicy,
  buckets,
  credentialReport,
  hex,
  memberSeesOrgTrail,
  orgAccessRole,
  samlProviders,
  serviceLinkedRole,
  ssoRole,
  STRONG_PASSWORD_POLICY,
  uuid,
  type Json,
  type Recording,
  type Region,
} from './kit.js';
import { callKey } from '../../src/aws/snapshot.js';

export const ORGANIZATION = {
  Organization: {
    Id: ORG_ID,
    Arn: `arn:aws:organizations::${MGMT}:organization/${ORG_ID}`,
    FeatureSet: 'ALL',
    MasterAccountArn: `arn:aws:organizations::${MGMT}:account/${ORG_ID}/${MGMT}`,
    MasterAccountId: MGMT,
    MasterAccountEmail: 'aws-root@acme-example.com',
    AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
  },
};

/** The enabled regions of every account: us-east-1 and eu-west-1; ap-east-1 is an opt-in region nobody enabled. */
export const DESCRIBE_REGIONS = {
  Regions: [
    { RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'eu-west-1', Endpoint: 'ec2.eu-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'ap-east-1', Endpoint: 'ec2.ap-east-1.amazonaws.com', OptInStatus: 'not-opted-in' },
  ],
};

/** The role a member account is scanned with (scan --org assumes CmtAuditReadOnly). */
export function memberCaller(accountId: string) {
  return { UserId: `AROAXXXXXXXXXXXX${hex(`${accountId}/audit`, 4).toUpperCase()}:cmt-audit`, Account: accountId, Arn: `arn:aws:sts::${accountId}:assumed-role/CmtAuditReadOnly/cmt-audit` };
}

/** Everything an account answers before its own resources; `member`: scanned through CmtAuditReadOnly. */
export function baseline(rec: Recording): void {
  const a = rec.account;
  const id = a.id;
  const member = id !== MGMT;

  rec.put('sts', 'GetCallerIdentity', memberCaller(id));
  rec.put('ec2', 'DescribeRegions', DESCRIBE_REGIONS, { region: 'us-east-1', input: { AllRegions: true } });
  rec.put('organizations', 'DescribeOrganization', ORGANIZATION);

  // IAM: people come in through IAM Identity Center; no IAM users; the root user has MFA and is not used.
  const roles = [
    ssoRole(id, 'AdministratorAccess', ['AdministratorAccess']),
    ssoRole(id, 'ReadOnly', ['ReadOnlyAccess']),
    ...(member ? [orgAccessRole(id, a.joined), auditRole(id)] : []),
    serviceLinkedRole(id, 'sso.amazonaws.com', 'AWSServiceRoleForSSO', 'AWSSSOServiceRolePolicy'),
    serviceLinkedRole(id, 'securityhub.amazonaws.com', 'AWSServiceRoleForSecurityHub', 'AWSSecurityHubServiceRolePolicy'),
    serviceLinkedRole(id, 'config.amazonaws.com', 'AWSServiceRoleForConfig', 'AWSConfigServiceRolePolicy'),
  ];
  rec.put('iam', 'GetAccountSummary', accountSummary({ users: 0, groups: 0, roles: roles.length, policies: 1, mfaDevices: 1, providers: 1, rootMfa: true }));
  rec.put('iam', 'GetAccountPasswordPolicy', STRONG_PASSWORD_POLICY);
  rec.put('iam', 'GenerateCredentialReport', { State: 'COMPLETE' });
  rec.put('iam', 'GetCredentialReport', credentialReport(id, { created: a.joined, mfa: true }, []));
  rec.put('iam', 'ListSAMLProviders', samlProviders(id));
  rec.put('iam', 'ListOpenIDConnectProviders', { OpenIDConnectProviderList: [] });
  rec.put('iam', 'GetAccountAuthorizationDetails', {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: roles,
    Policies: [awsManagedPolicy('AdministratorAccess', member ? 2 : 1), awsManagedPolicy('ReadOnlyAccess', 1), ...(member ? [auditPolicy(id)] : [])],
    IsTruncated: false,
  });

  if (member) memberSeesOrgTrail(rec);
  buckets(rec, []);

  rec.each('ec2', 'DescribeSecurityGroups', () => ({ SecurityGroups: [] }));
  rec.each('ec2', 'DescribeNetworkInterfaces', () => ({ NetworkInterfaces: [] }));

  // Data protection.
  rec.each('ec2', 'GetEbsEncryptionByDefault', () => ({ EbsEncryptionByDefault: true, SseType: 'sse-ebs' }));
  rec.each('ec2', 'DescribeVolumes', () => ({ Volumes: [] }));
  rec.each('ec2', 'DescribeSnapshots', () => ({ Snapshots: [] }), { OwnerIds: ['self'] });
  rec.each('rds', 'DescribeDBInstances', () => ({ DBInstances: [] }));
  rec.each('rds', 'DescribeDBClusters', () => ({ DBClusters: [] }));
  rec.each('efs', 'DescribeFileSystems', () => ({ FileSystems: [] }));
  rec.each('dynamodb', 'ListTables', () => ({ TableNames: [] }));
  rec.each('kms', 'ListKeys', () => ({ Keys: [] }));
  rec.each('elbv2', 'DescribeLoadBalancers', () => ({ LoadBalancers: [] }));
  rec.each('elb', 'DescribeLoadBalancers', () => ({ LoadBalancerDescriptions: [] }));
  rec.each('apigateway', 'GetRestApis', () => ({ items: [] }));
  rec.each('apigateway', 'GetDomainNames', () => ({ items: [] }));
  rec.each('apigatewayv2', 'GetApis', () => ({ Items: [] }));
  rec.put('cloudfront', 'ListDistributions', { Marker: '', MaxItems: 100, IsTruncated: false, Quantity: 0, Items: [] });
  rec.put('account', 'GetAlternateContact', SECURITY_CONTACT, { input: { AlternateContactType: 'SECURITY' } });

  // Detective services, enabled for every account from the security account (delegated administrator).
  rec.each('accessanalyzer', 'ListAnalyzers', () => ({ analyzers: [] }));
  rec.each('macie2', 'GetMacieSession', () => awsError('AccessDeniedException', 'Macie is not enabled.', 403));
  rec.each('securityhub', 'DescribeHub', (region) => securityHub(id, region));
  rec.each('securityhub', 'BatchGetSecurityControls', (region) => s3Controls(id, region), S3_CONTROLS);
  // The recorders (every resource type, organization-wide) are read only where instances or containers run (1.20),
  // or where no periodic rule makes 1.19 active: the accounts that run something add them (recording()).
  rec.each('config', 'DescribeConfigRules', (region) => ({ ConfigRules: securityHubConfigRules(id, region) }));
  rec.put('support', 'DescribeTrustedAdvisorChecks', NO_PREMIUM_SUPPORT, { input: { language: 'en' } });
  rec.each('ecs', 'ListClusters', () => ({ clusterArns: [] }));
  rec.each('guardduty', 'ListDetectors', (region) => ({ DetectorIds: [detectorId(id, region)] }));
  for (const region of REGIONS) {
    rec.put('guardduty', 'GetDetector', detector(id, region, true), { region, input: { DetectorId: detectorId(id, region) } });
  }

  // Workloads: none, bar the member baseline stack set instance (it creates CmtAuditReadOnly).
  rec.each('lambda', 'ListFunctions', () => ({ Functions: [] }), { FunctionVersion: 'ALL' });
  rec.each('ec2', 'DescribeInstances', () => ({ Reservations: [] }));
  rec.each('ecs', 'ListTaskDefinitions', () => ({ taskDefinitionArns: [] }), { status: 'ACTIVE' });
  // DescribeStacks is asked only where ListStacks shows a live stack.
  rec.each('cloudformation', 'ListStacks', (region) => ({ StackSummaries: member && region === 'us-east-1' ? [stackSummary(baselineStack(id))] : [] }));
  if (member) rec.put('cloudformation', 'DescribeStacks', { Stacks: [baselineStack(id)] }, { region: 'us-east-1' });
  rec.each('ssm', 'DescribeParameters', () => ({ Parameters: [] }));
  rec.each('secretsmanager', 'ListSecrets', () => ({ SecretList: [] }));

  // Reliability infrastructure: no network, logs, scaling or alarms of its own.
  rec.each('ec2', 'DescribeVpnConnections', () => ({ VpnConnections: [] }));
  rec.each('directconnect', 'DescribeConnections', () => ({ connections: [] }));
  rec.each('ec2', 'DescribeNatGateways', () => ({ NatGateways: [] }));
  rec.each('ec2', 'DescribeSubnets', () => ({ Subnets: [] }));
  rec.each('ec2', 'DescribeVpcs', () => ({ Vpcs: [] }));
  rec.each('ec2', 'DescribeFlowLogs', () => ({ FlowLogs: [] }));
  rec.each('logs', 'DescribeLogGroups', () => ({ logGroups: [] }));
  rec.each('autoscaling', 'DescribeAutoScalingGroups', () => ({ AutoScalingGroups: [] }));
  rec.each('autoscaling', 'DescribePolicies', () => ({ ScalingPolicies: [] }));
  for (const ns of SCALING_NAMESPACES) {
    rec.each('applicationautoscaling', 'DescribeScalableTargets', () => ({ ScalableTargets: [] }), { ServiceNamespace: ns });
    rec.each('applicationautoscaling', 'DescribeScalingPolicies', () => ({ ScalingPolicies: [] }), { ServiceNamespace: ns });
  }
  rec.each('cloudwatch', 'DescribeAlarms', () => ({ MetricAlarms: [], CompositeAlarms: [] }), ALARM_TYPES);
  rec.each('cloudtrail', 'LookupEvents', () => ({ Events: [] }), LOOKUP_EVENTS_INPUT);

  // Backups and DR: AWS Backup never used here; no FIS, Resilience Hub or Elastic Disaster Recovery.
  rec.each('backup', 'ListProtectedResources', () => ({ Results: [] }));
  rec.each('backup', 'ListRestoreTestingPlans', () => ({ RestoreTestingPlans: [] }));
  rec.each('backup', 'ListRestoreJobs', () => ({ RestoreJobs: [] }), { ByCreatedAfter: TWELVE_MONTHS_AGO });
  rec.each('backup', 'ListBackupPlans', () => ({ BackupPlansList: [] }));
  rec.each('backup', 'ListCopyJobs', () => ({ CopyJobs: [] }), { ByCreatedAfter: TWELVE_MONTHS_AGO });
  rec.each('backup', 'ListBackupVaults', () => ({ BackupVaultList: [] }));
  rec.each('fis', 'ListExperiments', () => ({ experiments: [] }));
  rec.each('resiliencehub', 'ListApps', () => ({ appSummaries: [] }));
  rec.each('drs', 'DescribeSourceServers', () => awsError('UninitializedAccountException', 'Account not initialized'));

  // Operations.
  rec.each('codepipeline', 'ListPipelines', () => ({ pipelines: [] }));
  rec.each('codedeploy', 'ListApplications', () => ({ applications: [] }));
  rec.each('ssm', 'ListDocuments', () => ({ DocumentIdentifiers: [] }), AUTOMATION_RUNBOOKS);
  rec.each('ssmincidents', 'ListResponsePlans', () => ({ responsePlanSummaries: [] }));
  rec.put('account', 'GetAlternateContact', OPERATIONS_CONTACT, { input: { AlternateContactType: 'OPERATIONS' } });
  rec.put('support', 'DescribeSeverityLevels', NO_PREMIUM_SUPPORT);
}

/**
 * Drops the scaling-policy answers 2.2 does not ask for: EC2 Auto Scaling policies where the Region has no group
 * (groups being deleted do not count), Application Auto Scaling policies where the namespace has no target. Run
 * once an account is built (the baseline records empty answers everywhere; an account may add groups).
 */
export function withoutUnaskedScalingPolicies(rec: Recording): void {
  const has = (service: string, operation: string, region: Region, input?: Record<string, unknown>) => rec.responses.has(callKey(service, operation, input ?? {}, region));
  for (const region of REGIONS) {
    const groups = has('autoscaling', 'DescribeAutoScalingGroups', region) ? rec.get('autoscaling', 'DescribeAutoScalingGroups', { region }).AutoScalingGroups : [];
    if (!groups.some((g: Json) => g.Status === undefined) && has('autoscaling', 'DescribePolicies', region)) rec.delete('autoscaling', 'DescribePolicies', { region });
    for (const ns of SCALING_NAMESPACES) {
      const input = { ServiceNamespace: ns };
      const targets = has('applicationautoscaling', 'DescribeScalableTargets', region, input) ? rec.get('applicationautoscaling', 'DescribeScalableTargets', { region, input }).ScalableTargets : [];
      if (!targets.length && has('applicationautoscaling', 'DescribeScalingPolicies', region, input)) rec.delete('applicationautoscaling', 'DescribeScalingPolicies', { region, input });
    }
  }
}

export function securityHub(accountId: string, region: string): Json {
  return {
    HubArn: `arn:aws:securityhub:${region}:${accountId}:hub/default`,
    SubscribedAt: '2024-01-10T09:30:00.000Z',
    AutoEnableControls: true,
    ControlFindingGenerator: 'SECURITY_CONTROL',
  };
}

const CONTROL_TITLES: Record<string, string> = {
  'S3.1': 'S3 general purpose buckets should have block public access settings enabled',
  'S3.2': 'S3 general purpose buckets should block public read access',
  'S3.3': 'S3 general purpose buckets should block public write access',
  'S3.8': 'S3 general purpose buckets should block public access',
};

/** The organization's Security Hub configuration policy enables S3.1 and S3.8 (S3.2/S3.3 are superseded by S3.8). */
export function s3Controls(accountId: string, region: string): Json {
  return {
    SecurityControls: Object.entries(CONTROL_TITLES).map(([id, title]) => ({
      SecurityControlId: id,
      SecurityControlArn: `arn:aws:securityhub:${region}:${accountId}:security-control/${id}`,
      Title: title,
      Description: title,
      RemediationUrl: `https://docs.aws.amazon.com/console/securityhub/${id}/remediation`,
      SeverityRating: id === 'S3.2' || id === 'S3.3' ? 'CRITICAL' : 'MEDIUM',
      SecurityControlStatus: id === 'S3.1' || id === 'S3.8' ? 'ENABLED' : 'DISABLED',
      UpdateStatus: 'READY',
    })),
    UnprocessedIds: [],
  };
}

/** The organization's AWS Config recorder (every supported resource type) and the Inspector status, where they are read. */
export function recording(rec: Recording, region: Region, inspectorScanning: boolean): void {
  const id = rec.account.id;
  rec.put('config', 'DescribeConfigurationRecorders', { ConfigurationRecorders: [recorder(id, region)] }, { region });
  rec.put('config', 'DescribeConfigurationRecorderStatus', { ConfigurationRecordersStatus: [recorderStatus(id, region)] }, { region });
  rec.put('inspector2', 'BatchGetAccountStatus', inspectorStatus(id, inspectorScanning), { region });
}

export function recorder(accountId: string, region: string): Json {
  return {
    arn: `arn:aws:config:${region}:${accountId}:configuration-recorder/default/${hex(`${accountId}/${region}/recorder`, 12)}`,
    name: 'default',
    roleARN: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    recordingGroup: {
      allSupported: true,
      includeGlobalResourceTypes: region === 'us-east-1',
      resourceTypes: [],
      exclusionByResourceTypes: { resourceTypes: [] },
      recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' },
    },
    recordingMode: { recordingFrequency: 'CONTINUOUS' },
    recordingScope: 'PAID',
  };
}

export function recorderStatus(accountId: string, region: string): Json {
  return {
    arn: `arn:aws:config:${region}:${accountId}:configuration-recorder/default/${hex(`${accountId}/${region}/recorder`, 12)}`,
    name: 'default',
    lastStartTime: '2024-01-10T09:40:00.000Z',
    recording: true,
    lastStatus: 'SUCCESS',
    lastStatusChangeTime: '2026-11-20T08:41:19.000Z',
  };
}

/** The Config rules Security Hub's S3.8 and S3.1 controls run as. */
export function securityHubConfigRules(accountId: string, region: string): Json[] {
  const rule = (name: string, identifier: string, extra: Json) => {
    const id = `config-rule-${hex(`${accountId}/${region}/${name}`, 6)}`;
    return {
      ConfigRuleName: `securityhub-${name}-${hex(`${accountId}/${region}/${name}/suffix`, 8)}`,
      ConfigRuleArn: `arn:aws:config:${region}:${accountId}:config-rule/${id}`,
      ConfigRuleId: id,
      ...extra,
      Source: { Owner: 'AWS', SourceIdentifier: identifier },
      ConfigRuleState: 'ACTIVE',
      CreatedBy: 'securityhub.amazonaws.com',
    };
  };
  return [
    rule('s3-bucket-level-public-access-prohibited', 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', { Scope: { ComplianceResourceTypes: ['AWS::S3::Bucket'] } }),
    rule('s3-account-level-public-access-blocks-periodic', 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC', { MaximumExecutionFrequency: 'TwentyFour_Hours' }),
  ];
}

export const detectorId = (accountId: string, region: string) => hex(`${accountId}/${region}/guardduty`, 32);

export function detector(accountId: string, region: string, runtimeMonitoring: boolean): Json {
  const on = (b: boolean) => (b ? 'ENABLED' : 'DISABLED');
  return {
    CreatedAt: '2024-01-10T09:35:00.000Z',
    FindingPublishingFrequency: 'FIFTEEN_MINUTES',
    ServiceRole: `arn:aws:iam::${accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
    Status: 'ENABLED',
    UpdatedAt: '2026-03-02T11:00:00.000Z',
    Features: [
      { Name: 'CLOUD_TRAIL', Status: 'ENABLED' },
      { Name: 'DNS_LOGS', Status: 'ENABLED' },
      { Name: 'FLOW_LOGS', Status: 'ENABLED' },
      { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
      { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
      {
        Name: 'RUNTIME_MONITORING',
        Status: on(runtimeMonitoring),
        AdditionalConfiguration: [
          { Name: 'EC2_AGENT_MANAGEMENT', Status: on(runtimeMonitoring) },
          { Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: on(runtimeMonitoring) },
          { Name: 'EKS_ADDON_MANAGEMENT', Status: 'DISABLED' },
        ],
      },
    ],
  };
}

export function inspectorStatus(accountId: string, scanning: boolean): Json {
  const status = scanning ? 'ENABLED' : 'DISABLED';
  return {
    accounts: [
      { accountId, state: { status }, resourceState: { ec2: { status }, ecr: { status }, lambda: { status: 'DISABLED' }, lambdaCode: { status: 'DISABLED' } } },
    ],
    failedAccounts: [],
  };
}

/** The stack set instance the management account deploys to every member (it creates CmtAuditReadOnly). */
export function baselineStack(accountId: string): Json {
  const id = uuid(`${accountId}/member-baseline`);
  return {
    StackId: `arn:aws:cloudformation:us-east-1:${accountId}:stack/StackSet-acme-member-baseline-${id}/${uuid(`${accountId}/member-baseline/stack`)}`,
    StackName: `StackSet-acme-member-baseline-${id}`,
    Description: 'Acme member account baseline: CmtAuditReadOnly audit role, password policy',
    CreationTime: '2026-10-01T08:55:00Z',
    LastUpdatedTime: '2026-10-01T08:58:00Z',
    StackStatus: 'UPDATE_COMPLETE',
    DisableRollback: false,
    EnableTerminationProtection: true,
    DriftInformation: { StackDriftStatus: 'IN_SYNC' },
    Capabilities: ['CAPABILITY_NAMED_IAM'],
    Parameters: [
      { ParameterKey: 'AuditRoleName', ParameterValue: 'CmtAuditReadOnly' },
      { ParameterKey: 'TrustedAccountId', ParameterValue: MGMT },
      { ParameterKey: 'MinimumPasswordLength', ParameterValue: '14' },
    ],
    Tags: [{ Key: 'managed-by', Value: 'StackSet-acme-member-baseline' }],
  };
}

export function stackSummary(stack: Json): Json {
  return {
    StackId: stack.StackId,
    StackName: stack.StackName,
    CreationTime: stack.CreationTime,
    ...(stack.LastUpdatedTime ? { LastUpdatedTime: stack.LastUpdatedTime } : {}),
    StackStatus: stack.StackStatus,
    DriftInformation: stack.DriftInformation,
  };
}

/** Log groups and their subscription filters to the log-archive account's central destination. */
export function logGroups(rec: Recording, region: Region, groups: { name: string; created: number; forwardTo?: string; retention?: number }[]): void {
  const id = rec.account.id;
  rec.put('logs', 'DescribeLogGroups', {
    logGroups: groups.map((g) => ({
      logGroupName: g.name,
      arn: `arn:aws:logs:${region}:${id}:log-group:${g.name}:*`,
      logGroupArn: `arn:aws:logs:${region}:${id}:log-group:${g.name}`,
      creationTime: g.created,
      storedBytes: 52428800,
      logGroupClass: 'STANDARD',
      retentionInDays: g.retention ?? 90,
    })),
  }, { region });
  for (const g of groups) {
    rec.put('logs', 'DescribeSubscriptionFilters', {
      subscriptionFilters: g.forwardTo
        ? [{ filterName: 'to-central-logs', logGroupName: g.name, filterPattern: '', destinationArn: g.forwardTo, distribution: 'ByLogStream', creationTime: g.created + 600000 }]
        : [],
    }, { region, input: { logGroupName: g.name } });
  }
}
