import check from '../../../src/checks/security/s3-public-monitoring.js';
import { expect } from 'vitest';
import { callKey } from '../../../src/aws/snapshot.js';
import { awsError, DENIED, DENIED_EXCEPTION, testCheck } from '../../support/check-tester.js';

const MACIE_OFF = awsError('AccessDeniedException', 'Macie is not enabled.', 403);
const HUB_OFF = awsError('InvalidAccessException', 'Account 123456789012 is not subscribed to AWS Security Hub', 401);
const NO_SUPPORT_PLAN = awsError('SubscriptionRequiredException', 'AWS Premium Support Subscription is required to use this service.', 400);
const TA_CHECKS = 'support:DescribeTrustedAdvisorChecks {"language":"en"}';
const TA_RESULT = 'support:DescribeTrustedAdvisorCheckResult {"checkId":"Pfx0RwqBli","language":"en"}';
const CONTROLS = (r: string) => `securityhub:BatchGetSecurityControls@${r} {"SecurityControlIds":["S3.1","S3.2","S3.3","S3.8"]}`;

const ROOT = 'arn:aws:iam::123456789012:root';
/** s3:ListBuckets: these [name, region] buckets; a region of null leaves BucketRegion out (GetBucketLocation is asked). */
const bucketList = (...list: [string, string | null][]) => ({
  's3:ListBuckets': { Buckets: list.map(([Name, BucketRegion]) => ({ Name, ...(BucketRegion ? { BucketRegion } : {}) })) },
});
/** A bucket in each region the cases use. */
const BUCKETS = bucketList(['app-east', 'us-east-1'], ['app-west', 'us-west-2'], ['app-eu', 'eu-west-1']);

/** A region where nothing watches S3, plus an account without a Business support plan. */
const nothing = (region = 'us-east-1') => ({
  [`accessanalyzer:ListAnalyzers@${region}`]: { analyzers: [] },
  [`macie2:GetMacieSession@${region}`]: MACIE_OFF,
  [`securityhub:DescribeHub@${region}`]: HUB_OFF,
  [`config:DescribeConfigRules@${region}`]: { ConfigRules: [] },
  [TA_CHECKS]: NO_SUPPORT_PLAN,
  ...BUCKETS,
});
const analyzer = (type: string, status = 'ACTIVE') => ({ arn: `arn:aws:access-analyzer:us-east-1:123456789012:analyzer/${type}`, name: `acme-${type.toLowerCase()}`, type, status });
const analyzers = (...list: object[]) => ({ 'accessanalyzer:ListAnalyzers@us-east-1': { analyzers: list } });
const hubOn = (statuses: Record<string, string>, UnprocessedIds: object[] = []) => ({
  'securityhub:DescribeHub@us-east-1': { HubArn: 'arn:aws:securityhub:us-east-1:123456789012:hub/default', SubscribedAt: '2025-01-10T00:00:00.000Z' },
  [CONTROLS('us-east-1')]: { SecurityControls: Object.entries(statuses).map(([SecurityControlId, SecurityControlStatus]) => ({ SecurityControlId, SecurityControlStatus })), UnprocessedIds },
});
/** An AWS managed Config rule in this state (null: the answer leaves ConfigRuleState out). */
const rule = (SourceIdentifier: string, ConfigRuleState: string | null = 'ACTIVE') => ({
  'config:DescribeConfigRules@us-east-1': {
    ConfigRules: [
      { ConfigRuleName: SourceIdentifier.toLowerCase().replace(/_/g, '-'), ...(ConfigRuleState ? { ConfigRuleState } : {}), Source: { Owner: 'AWS', SourceIdentifier } },
    ],
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
const trustedAdvisor = (status: string | undefined) => ({
  [TA_CHECKS]: { checks: [{ id: 'Pfx0RwqBli', name: 'Amazon S3 Bucket Permissions', category: 'security', description: '…', metadata: [] }] },
  [TA_RESULT]: { result: { checkId: 'Pfx0RwqBli', status, timestamp: '2026-05-30T00:00:00Z', flaggedResources: [] } },
});
const one = { resources: [ROOT] };

testCheck(check, {
  met: [
    { name: 'accountAnalyzerActive', responses: { ...nothing(), ...analyzers(analyzer('ACCOUNT')) }, expect: { ...one, message: 'S3 public-access monitoring is active in us-east-1: accessAnalyzer.' } },
    { name: 'organizationAnalyzerActive', responses: { ...nothing(), ...analyzers(analyzer('ORGANIZATION')) }, expect: one },
    { name: 'macieEnabled', responses: { ...nothing(), 'macie2:GetMacieSession@us-east-1': { status: 'ENABLED' } }, expect: { ...one, message: 'active in us-east-1: macie.' } },
    { name: 'securityHubWithS3Point8', responses: { ...nothing(), ...hubOn({ 'S3.1': 'DISABLED', 'S3.8': 'ENABLED' }) }, expect: { ...one, message: 'active in us-east-1: securityHub.' } },
    {
      name: 'securityHubWithOneControlUnprocessed',
      responses: { ...nothing(), ...hubOn({ 'S3.8': 'ENABLED' }, [{ SecurityControlId: 'S3.1', ErrorCode: 'ACCESS_DENIED' }]) },
      expect: { ...one, message: 'securityHub' },
    },
    { name: 'configRuleWithRecordingRecorder', responses: { ...nothing(), ...rule('S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED'), ...recording(true) }, expect: { ...one, message: 'configRules' } },
    { name: 'configRuleEvaluating', responses: { ...nothing(), ...rule('S3_BUCKET_PUBLIC_READ_PROHIBITED', 'EVALUATING'), ...recording(true) }, expect: { ...one, message: 'configRules' } },
    {
      name: 'accountBpaRuleWithRecorderOfItsType',
      responses: { ...nothing(), ...rule('S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS'), ...recording(true, ['AWS::S3::AccountPublicAccessBlock']) },
      expect: one,
    },
    { name: 'periodicConfigRuleNeedsNoRecorder', responses: { ...nothing(), ...rule('S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC') }, expect: one },
    { name: 'trustedAdvisorWithBusinessSupport', responses: { ...nothing(), ...trustedAdvisor('warning') }, expect: { ...one, message: 'trustedAdvisor' } },
    { name: 'trustedAdvisorFlaggingErrors', responses: { ...nothing(), ...trustedAdvisor('error') }, expect: { ...one, message: 'trustedAdvisor' } },
    { name: 'analyzerActiveWhileMacieDenied', responses: { ...nothing(), ...analyzers(analyzer('ACCOUNT')), 'macie2:GetMacieSession@us-east-1': DENIED_EXCEPTION }, expect: one },
    {
      name: 'analyzerActiveWhileListBucketsDenied',
      responses: { ...nothing(), ...analyzers(analyzer('ACCOUNT')), 's3:ListBuckets': DENIED },
      expect: one,
    },
    {
      name: 'everyRegionWatched',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...nothing(), ...nothing('eu-west-1'), ...trustedAdvisor('ok') },
      expect: { resources: [ROOT, ROOT], check: (r) => expect(r.findings.map((f) => f.region)).toEqual(['us-east-1', 'eu-west-1']) },
    },
    {
      name: 'regionWithoutBucketsHasNothingToWatch',
      regions: ['us-east-1', 'us-west-2'],
      responses: { ...nothing(), ...nothing('us-west-2'), ...analyzers(analyzer('ACCOUNT')), ...bucketList(['app-east', 'us-east-1']) },
      expect: {
        resources: [ROOT, ROOT],
        message: 'No S3 buckets in us-west-2: nothing there can become public, so nothing needs watching there.',
        check: (r) => expect(r.findings.find((f) => f.region === 'us-west-2')?.evidence?.buckets).toBe(0),
      },
    },
    {
      name: 'bucketRegionFromGetBucketLocation',
      regions: ['us-west-2'],
      responses: {
        ...nothing('us-west-2'),
        ...bucketList(['legacy', null]),
        [callKey('s3', 'GetBucketLocation', { Bucket: 'legacy' })]: { LocationConstraint: 'eu-west-1' },
      },
      expect: { resources: [ROOT], message: 'No S3 buckets in us-west-2' },
    },
  ],
  notMet: [
    {
      name: 'nothingEnabled',
      responses: nothing(),
      expect: {
        ...one,
        message: 'Nothing in us-east-1 detects S3 buckets becoming public (Access Analyzer, Macie, Security Hub, Config rules, Trusted Advisor); 1 bucket there.',
      },
    },
    { name: 'onlyUnusedAccessAndDisabledAnalyzers', responses: { ...nothing(), ...analyzers(analyzer('ACCOUNT_UNUSED_ACCESS'), analyzer('ACCOUNT', 'DISABLED')) }, expect: one },
    { name: 'maciePaused', responses: { ...nothing(), 'macie2:GetMacieSession@us-east-1': { status: 'PAUSED' } }, expect: one },
    { name: 'securityHubWithoutS3Controls', responses: { ...nothing(), ...hubOn({ 'S3.1': 'DISABLED', 'S3.2': 'DISABLED', 'S3.3': 'DISABLED', 'S3.8': 'DISABLED' }) }, expect: one },
    {
      name: 'securityHubControlsNotFoundInTheRegion',
      responses: { ...nothing(), ...hubOn({}, [{ SecurityControlId: 'S3.8', ErrorCode: 'RESOURCE_NOT_FOUND' }, { SecurityControlId: 'S3.1', ErrorCode: 'NOT_FOUND' }]) },
      expect: one,
    },
    { name: 'configRuleWithoutRecorder', responses: { ...nothing(), ...rule('S3_BUCKET_PUBLIC_READ_PROHIBITED'), ...recording(false) }, expect: one },
    {
      name: 'configRuleWhoseResourceTypeIsNotRecorded',
      responses: { ...nothing(), ...rule('S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED'), ...recording(true, ['AWS::EC2::Instance', 'AWS::EC2::SecurityGroup']) },
      expect: { ...one, check: (r) => expect(r.findings[0].evidence?.configRules).toMatch(/no recording recorder records AWS::S3::Bucket/) },
    },
    { name: 'configRuleBeingDeleted', responses: { ...nothing(), ...rule('S3_BUCKET_PUBLIC_WRITE_PROHIBITED', 'DELETING') }, expect: one },
    { name: 'customConfigRuleDoesNotCount', responses: { ...nothing(), 'config:DescribeConfigRules@us-east-1': { ConfigRules: [{ ConfigRuleName: 'mine', ConfigRuleState: 'ACTIVE', Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED' } }] } }, expect: one },
    { name: 'trustedAdvisorCheckNotAvailable', responses: { ...nothing(), ...trustedAdvisor('not_available') }, expect: one },
    { name: 'trustedAdvisorCheckNotOffered', responses: { ...nothing(), [TA_CHECKS]: { checks: [{ id: 'other', name: 'Security Groups - Specific Ports Unrestricted' }] } }, expect: one },
    {
      name: 'oneRegionUnwatched',
      regions: ['us-east-1', 'us-west-2'],
      responses: { ...nothing('us-west-2'), ...nothing(), ...analyzers(analyzer('ACCOUNT')) },
      expect: { resources: [ROOT], metResources: [ROOT], message: 'Nothing in us-west-2', check: (r) => expect(r.findings.map((f) => `${f.region} ${f.status}`)).toEqual(['us-east-1 met', 'us-west-2 not-met']) },
    },
  ],
  cannotTell: [
    { name: 'analyzersDenied', responses: { ...nothing(), 'accessanalyzer:ListAnalyzers@us-east-1': DENIED_EXCEPTION }, expect: { ...one, missingPermission: 'access-analyzer:ListAnalyzers' } },
    { name: 'macieDenied', responses: { ...nothing(), 'macie2:GetMacieSession@us-east-1': DENIED_EXCEPTION }, expect: { ...one, missingPermission: 'macie2:GetMacieSession' } },
    { name: 'describeHubDenied', responses: { ...nothing(), 'securityhub:DescribeHub@us-east-1': DENIED_EXCEPTION }, expect: { ...one, missingPermission: 'securityhub:DescribeHub' } },
    {
      name: 'securityControlsDenied',
      responses: { ...nothing(), ...hubOn({}), [CONTROLS('us-east-1')]: DENIED_EXCEPTION },
      expect: { ...one, missingPermission: 'securityhub:BatchGetSecurityControls' },
    },
    {
      name: 'securityControlsUnprocessed',
      responses: { ...nothing(), ...hubOn({ 'S3.1': 'DISABLED' }, [{ SecurityControlId: 'S3.8', ErrorCode: 'ACCESS_DENIED', ErrorReason: 'denied' }]) },
      expect: { ...one, message: 'could not tell: Security Hub did not return S3.8 (ACCESS_DENIED)' },
    },
    { name: 'configRulesDenied', responses: { ...nothing(), 'config:DescribeConfigRules@us-east-1': DENIED }, expect: { ...one, missingPermission: 'config:DescribeConfigRules' } },
    {
      name: 'configRuleWithoutState',
      responses: { ...nothing(), ...rule('S3_BUCKET_PUBLIC_READ_PROHIBITED', null), ...recording(true) },
      expect: { ...one, message: 'could not tell: DescribeConfigRules gave no ConfigRuleState for s3-bucket-public-read-prohibited' },
    },
    {
      name: 'recordersDenied',
      responses: { ...nothing(), ...rule('S3_BUCKET_PUBLIC_READ_PROHIBITED'), ...recording(true), 'config:DescribeConfigurationRecorders@us-east-1': DENIED },
      expect: { ...one, missingPermission: 'config:DescribeConfigurationRecorders' },
    },
    {
      name: 'recorderStatusDenied',
      responses: { ...nothing(), ...rule('S3_BUCKET_PUBLIC_READ_PROHIBITED'), ...recording(true), 'config:DescribeConfigurationRecorderStatus@us-east-1': DENIED },
      expect: { ...one, missingPermission: 'config:DescribeConfigurationRecorderStatus' },
    },
    { name: 'trustedAdvisorChecksDenied', responses: { ...nothing(), [TA_CHECKS]: DENIED }, expect: { ...one, missingPermission: 'support:DescribeTrustedAdvisorChecks' } },
    {
      name: 'trustedAdvisorResultDenied',
      responses: { ...nothing(), ...trustedAdvisor('ok'), [TA_RESULT]: DENIED },
      expect: { ...one, missingPermission: 'support:DescribeTrustedAdvisorCheckResult' },
    },
    {
      name: 'trustedAdvisorResultWithoutStatus',
      responses: { ...nothing(), ...trustedAdvisor(undefined) },
      expect: { ...one, message: 'answered a malformed response: result.status is missing' },
    },
    {
      name: 'listBucketsDeniedAndNothingWatching',
      responses: { ...nothing(), 's3:ListBuckets': DENIED },
      expect: { ...one, missingPermission: 's3:ListAllMyBuckets' },
    },
    {
      name: 'bucketLocationDeniedAndNothingWatching',
      regions: ['us-west-2'],
      responses: { ...nothing('us-west-2'), ...bucketList(['legacy', null]), [callKey('s3', 'GetBucketLocation', { Bucket: 'legacy' })]: DENIED },
      expect: { ...one, missingPermission: 's3:GetBucketLocation', message: 'whether us-west-2 holds S3 buckets is unknown' },
    },
  ],
});
