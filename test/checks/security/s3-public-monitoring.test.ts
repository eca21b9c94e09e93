import check from '../../../src/checks/security/s3-public-monitoring.js';
import { expect } from 'vitest';
import { awsError, DENIED, DENIED_EXCEPTION, testCheck } from '../../support/check-tester.js';

const MACIE_OFF = awsError('AccessDeniedException', 'Macie is not enabled.', 403);
const HUB_OFF = awsError('InvalidAccessException', 'Account 123456789012 is not subscribed to AWS Security Hub', 401);
const NO_SUPPORT_PLAN = awsError('SubscriptionRequiredException', 'AWS Premium Support Subscription is required to use this service.', 400);
const TA_CHECKS = 'support:DescribeTrustedAdvisorChecks {"language":"en"}';
const TA_RESULT = 'support:DescribeTrustedAdvisorCheckResult {"checkId":"Pfx0RwqBli","language":"en"}';
const CONTROLS = (r: string) => `securityhub:BatchGetSecurityControls@${r} {"SecurityControlIds":["S3.1","S3.2","S3.3","S3.8"]}`;

/** A region where nothing watches S3, plus an account without a Business support plan. */
const nothing = (region = 'us-east-1') => ({
  [`accessanalyzer:ListAnalyzers@${region}`]: { analyzers: [] },
  [`macie2:GetMacieSession@${region}`]: MACIE_OFF,
  [`securityhub:DescribeHub@${region}`]: HUB_OFF,
  [`config:DescribeConfigRules@${region}`]: { ConfigRules: [] },
  [TA_CHECKS]: NO_SUPPORT_PLAN,
});
const analyzer = (type: string, status = 'ACTIVE') => ({ arn: `arn:aws:access-analyzer:us-east-1:123456789012:analyzer/${type}`, name: `acme-${type.toLowerCase()}`, type, status });
const analyzers = (...list: object[]) => ({ 'accessanalyzer:ListAnalyzers@us-east-1': { analyzers: list } });
const hubOn = (statuses: Record<string, string>) => ({
  'securityhub:DescribeHub@us-east-1': { HubArn: 'arn:aws:securityhub:us-east-1:123456789012:hub/default', SubscribedAt: '2025-01-10T00:00:00.000Z' },
  [CONTROLS('us-east-1')]: { SecurityControls: Object.entries(statuses).map(([SecurityControlId, SecurityControlStatus]) => ({ SecurityControlId, SecurityControlStatus })), UnprocessedIds: [] },
});
const rule = (SourceIdentifier: string, ConfigRuleState = 'ACTIVE') => ({
  'config:DescribeConfigRules@us-east-1': {
    ConfigRules: [{ ConfigRuleName: SourceIdentifier.toLowerCase().replace(/_/g, '-'), ConfigRuleState, Source: { Owner: 'AWS', SourceIdentifier } }],
  },
});
/** One recorder, recording (or stopped), of every supported type unless given its resource types. */
const recording = (on: boolean, resourceTypes?: string[]) => ({
  'config:DescribeConfigurationRecorders@us-east-1': {
    ConfigurationRecorders: [
      {
        name: 'default',
        roleARN: 'arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
        recordingGroup: resourceTypes
          ? { allSupported: false, resourceTypes, recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } }
          : { allSupported: true, includeGlobalResourceTypes: true, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } },
      },
    ],
  },
  'config:DescribeConfigurationRecorderStatus@us-east-1': { ConfigurationRecordersStatus: [{ name: 'default', recording: on, lastStatus: 'SUCCESS' }] },
});
const trustedAdvisor = (status: string) => ({
  [TA_CHECKS]: { checks: [{ id: 'Pfx0RwqBli', name: 'Amazon S3 Bucket Permissions', category: 'security', description: '…', metadata: [] }] },
  [TA_RESULT]: { result: { checkId: 'Pfx0RwqBli', status, timestamp: '2026-05-30T00:00:00Z', flaggedResources: [] } },
});

testCheck(check, {
  met: [
    { name: 'accountAnalyzerActive', responses: { ...nothing(), ...analyzers(analyzer('ACCOUNT')) }, expect: { message: 'active in us-east-1: accessAnalyzer' } },
    { name: 'organizationAnalyzerActive', responses: { ...nothing(), ...analyzers(analyzer('ORGANIZATION')) } },
    { name: 'macieEnabled', responses: { ...nothing(), 'macie2:GetMacieSession@us-east-1': { status: 'ENABLED' } }, expect: { message: 'macie' } },
    { name: 'securityHubWithS3Point8', responses: { ...nothing(), ...hubOn({ 'S3.1': 'DISABLED', 'S3.8': 'ENABLED' }) }, expect: { message: 'securityHub' } },
    { name: 'configRuleWithRecordingRecorder', responses: { ...nothing(), ...rule('S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED'), ...recording(true) }, expect: { message: 'configRules' } },
    {
      name: 'accountBpaRuleWithRecorderOfItsType',
      responses: { ...nothing(), ...rule('S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS'), ...recording(true, ['AWS::S3::AccountPublicAccessBlock']) },
    },
    { name: 'periodicConfigRuleNeedsNoRecorder', responses: { ...nothing(), ...rule('S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC') } },
    { name: 'trustedAdvisorWithBusinessSupport', responses: { ...nothing(), ...trustedAdvisor('warning') }, expect: { message: 'trustedAdvisor' } },
    { name: 'analyzerActiveWhileMacieDenied', responses: { ...nothing(), ...analyzers(analyzer('ACCOUNT')), 'macie2:GetMacieSession@us-east-1': DENIED_EXCEPTION } },
    {
      name: 'everyRegionWatched',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...nothing(), ...nothing('eu-west-1'), ...trustedAdvisor('ok') },
      expect: { check: (r) => expect(r.findings.map((f) => f.region)).toEqual(['us-east-1', 'eu-west-1']) },
    },
  ],
  notMet: [
    { name: 'nothingEnabled', responses: nothing(), expect: { message: 'Nothing in us-east-1 detects S3 buckets becoming public' } },
    { name: 'onlyUnusedAccessAndDisabledAnalyzers', responses: { ...nothing(), ...analyzers(analyzer('ACCOUNT_UNUSED_ACCESS'), analyzer('ACCOUNT', 'DISABLED')) } },
    { name: 'maciePaused', responses: { ...nothing(), 'macie2:GetMacieSession@us-east-1': { status: 'PAUSED' } } },
    { name: 'securityHubWithoutS3Controls', responses: { ...nothing(), ...hubOn({ 'S3.1': 'DISABLED', 'S3.2': 'DISABLED', 'S3.3': 'DISABLED', 'S3.8': 'DISABLED' }) } },
    { name: 'configRuleWithoutRecorder', responses: { ...nothing(), ...rule('S3_BUCKET_PUBLIC_READ_PROHIBITED'), ...recording(false) } },
    {
      name: 'configRuleWhoseResourceTypeIsNotRecorded',
      responses: { ...nothing(), ...rule('S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED'), ...recording(true, ['AWS::EC2::Instance', 'AWS::EC2::SecurityGroup']) },
      expect: { check: (r) => expect(r.findings[0].evidence?.configRules).toMatch(/no recording recorder records AWS::S3::Bucket/) },
    },
    { name: 'configRuleBeingDeleted', responses: { ...nothing(), ...rule('S3_BUCKET_PUBLIC_WRITE_PROHIBITED', 'DELETING') } },
    { name: 'trustedAdvisorCheckNotAvailable', responses: { ...nothing(), ...trustedAdvisor('not_available') } },
    {
      name: 'oneRegionUnwatched',
      regions: ['us-east-1', 'us-west-2'],
      responses: { ...nothing('us-west-2'), ...nothing(), ...analyzers(analyzer('ACCOUNT')) },
      expect: { message: 'Nothing in us-west-2' },
    },
  ],
  cannotTell: [
    { name: 'analyzersDenied', responses: { ...nothing(), 'accessanalyzer:ListAnalyzers@us-east-1': DENIED_EXCEPTION }, expect: { missingPermission: 'access-analyzer:ListAnalyzers' } },
    { name: 'macieDenied', responses: { ...nothing(), 'macie2:GetMacieSession@us-east-1': DENIED_EXCEPTION }, expect: { missingPermission: 'macie2:GetMacieSession' } },
    { name: 'describeHubDenied', responses: { ...nothing(), 'securityhub:DescribeHub@us-east-1': DENIED_EXCEPTION }, expect: { missingPermission: 'securityhub:DescribeHub' } },
    {
      name: 'securityControlsDenied',
      responses: { ...nothing(), ...hubOn({}), [CONTROLS('us-east-1')]: DENIED_EXCEPTION },
      expect: { missingPermission: 'securityhub:BatchGetSecurityControls' },
    },
    { name: 'configRulesDenied', responses: { ...nothing(), 'config:DescribeConfigRules@us-east-1': DENIED }, expect: { missingPermission: 'config:DescribeConfigRules' } },
    {
      name: 'recordersDenied',
      responses: { ...nothing(), ...rule('S3_BUCKET_PUBLIC_READ_PROHIBITED'), ...recording(true), 'config:DescribeConfigurationRecorders@us-east-1': DENIED },
      expect: { missingPermission: 'config:DescribeConfigurationRecorders' },
    },
    {
      name: 'recorderStatusDenied',
      responses: { ...nothing(), ...rule('S3_BUCKET_PUBLIC_READ_PROHIBITED'), ...recording(true), 'config:DescribeConfigurationRecorderStatus@us-east-1': DENIED },
      expect: { missingPermission: 'config:DescribeConfigurationRecorderStatus' },
    },
    { name: 'trustedAdvisorChecksDenied', responses: { ...nothing(), [TA_CHECKS]: DENIED }, expect: { missingPermission: 'support:DescribeTrustedAdvisorChecks' } },
    {
      name: 'trustedAdvisorResultDenied',
      responses: { ...nothing(), ...trustedAdvisor('ok'), [TA_RESULT]: DENIED },
      expect: { missingPermission: 'support:DescribeTrustedAdvisorCheckResult' },
    },
  ],
});
