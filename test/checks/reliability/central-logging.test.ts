import { expect } from 'vitest';
import check, { SUBSCRIPTION_SAMPLE } from '../../../src/checks/reliability/central-logging.js';
import { DENIED, DENIED_EXCEPTION, THROTTLED, testCheck } from '../../support/check-tester.js';

const TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail';
const trail = (extra = {}) => ({ Name: 'org-trail', TrailARN: TRAIL_ARN, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, S3BucketName: 'acme-cloudtrail', ...extra });
const TO_LOGS = { CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:cloudtrail:*' };
const vpc = (VpcId: string, IsDefault = false) => ({ VpcId, IsDefault });
const flowLog = (ResourceId: string, extra = {}) => ({
  FlowLogId: `fl-${ResourceId}`,
  ResourceId,
  FlowLogStatus: 'ACTIVE',
  DeliverLogsStatus: 'SUCCESS',
  LogDestinationType: 's3',
  LogDestination: 'arn:aws:s3:::acme-flow-logs',
  ...extra,
});
const eni = (VpcId: string) => ({ NetworkInterfaceId: `eni-${VpcId}`, VpcId });
const FIREHOSE = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/to-splunk';
const GROUPS = ['/aws/lambda/api', '/ecs/orders'];
const filtersKey = (group: string, region = 'us-east-1') => `logs:DescribeSubscriptionFilters@${region} ${JSON.stringify({ logGroupName: group })}`;

interface Options {
  trails?: unknown[];
  vpcs?: unknown[];
  flowLogs?: unknown[];
  enis?: unknown[];
  groups?: string[];
  forwarded?: string[];
}
const responses = (o: Options = {}, region = 'us-east-1') => {
  const groups = o.groups ?? GROUPS;
  const forwarded = o.forwarded ?? groups;
  return {
    [`cloudtrail:DescribeTrails@${region} {"includeShadowTrails":true}`]: { trailList: o.trails ?? [trail(TO_LOGS)] },
    [`ec2:DescribeVpcs@${region}`]: { Vpcs: o.vpcs ?? [vpc('vpc-app')] },
    [`ec2:DescribeFlowLogs@${region}`]: { FlowLogs: o.flowLogs ?? [flowLog('vpc-app')] },
    ...(o.enis ? { [`ec2:DescribeNetworkInterfaces@${region}`]: { NetworkInterfaces: o.enis } } : {}),
    [`logs:DescribeLogGroups@${region}`]: { logGroups: groups.map((logGroupName) => ({ logGroupName })) },
    ...Object.fromEntries(
      groups.slice(0, SUBSCRIPTION_SAMPLE).map((g) => [
        filtersKey(g, region),
        { subscriptionFilters: forwarded.includes(g) ? [{ filterName: 'to-splunk', destinationArn: FIREHOSE }] : [] },
      ]),
    ),
  };
};
const many = Array.from({ length: SUBSCRIPTION_SAMPLE + 1 }, (_v, i) => `/app/group-${String(i).padStart(2, '0')}`);
const VPC_ARN = (id: string, region = 'us-east-1') => `arn:aws:ec2:${region}:123456789012:vpc/${id}`;
const GROUPS_ARN = (region = 'us-east-1') => `arn:aws:logs:${region}:123456789012:log-group:*`;
const ALL_MET = [TRAIL_ARN, VPC_ARN('vpc-app'), GROUPS_ARN()];
const EMPTY_EU = { vpcs: [vpc('vpc-0eu', true)], flowLogs: [], enis: [], groups: [], trails: [{ ...trail(TO_LOGS), HomeRegion: 'us-east-1' }] };

testCheck(check, {
  met: [
    { name: 'trailToLogsFlowLogsAndAllGroupsForwarded', responses: responses(), expect: { resources: ALL_MET, message: 'All 2 log groups in us-east-1 forward by subscription filter (to arn:aws:firehose' } },
    {
      name: 'unusedDefaultVpcNeedsNoFlowLog',
      responses: responses({ vpcs: [vpc('vpc-app'), vpc('vpc-0def', true)], enis: [eni('vpc-app'), eni('vpc-app')] }),
      expect: { resources: [...ALL_MET, VPC_ARN('vpc-0def')], message: 'VPC vpc-0def (default) has no network interface, so no traffic to log (and no flow log)' },
    },
    {
      name: 'emptyRegionHasNothingToLog',
      responses: responses({ ...EMPTY_EU, trails: [trail(TO_LOGS)] }),
      expect: { resources: [TRAIL_ARN, VPC_ARN('vpc-0eu'), GROUPS_ARN()], message: 'No CloudWatch log group and no network interface in us-east-1: no application runs here to log' },
    },
    {
      name: 'anEmptyRegionDoesNotHoldTheItemBack',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...responses(), ...responses(EMPTY_EU, 'eu-west-1') },
      expect: { resources: [...ALL_MET, TRAIL_ARN, VPC_ARN('vpc-0eu', 'eu-west-1'), GROUPS_ARN('eu-west-1')] },
    },
  ],
  notMet: [
    {
      name: 'vpcWithoutFlowLog',
      responses: responses({ vpcs: [vpc('vpc-app'), vpc('vpc-0def', true)], enis: [eni('vpc-app'), eni('vpc-0def')] }),
      expect: { resources: [VPC_ARN('vpc-0def')], metResources: ALL_MET, message: 'VPC vpc-0def (default) has no VPC flow log while 1 network interface(s) carry its traffic' },
    },
    {
      name: 'flowLogFailingDelivery',
      responses: responses({ flowLogs: [flowLog('vpc-app', { DeliverLogsStatus: 'FAILED' })], enis: [eni('vpc-app')] }),
      expect: { resources: [VPC_ARN('vpc-app')], message: 'a flow log that is not active or fails to deliver' },
    },
    {
      name: 'flowLogNotActive',
      responses: responses({ vpcs: [vpc('vpc-app'), vpc('vpc-data')], flowLogs: [flowLog('vpc-app'), flowLog('vpc-data', { FlowLogStatus: 'INACTIVE' })], enis: [eni('vpc-data')] }),
      expect: { resources: [VPC_ARN('vpc-data')], metResources: ALL_MET },
    },
    {
      name: 'subnetFlowLogOnlyDoesNotCount',
      responses: responses({ flowLogs: [flowLog('subnet-1')], enis: [eni('vpc-app')] }),
      expect: { resources: [VPC_ARN('vpc-app')], message: 'has no VPC flow log' },
    },
    {
      name: 'noTrail',
      responses: responses({ trails: [] }),
      expect: { resources: ['arn:aws:cloudtrail:us-east-1:123456789012:trail/*'], message: 'No CloudTrail trail records API activity in us-east-1' },
    },
    {
      name: 'notMetStandsWhenOtherLooksFail',
      responses: {
        ...responses({ flowLogs: [], enis: [eni('vpc-app')] }),
        'cloudtrail:DescribeTrails@us-east-1 {"includeShadowTrails":true}': THROTTLED,
        'logs:DescribeLogGroups@us-east-1': DENIED_EXCEPTION,
      },
      expect: {
        resources: [VPC_ARN('vpc-app')],
        check: (r) =>
          expect(r.findings.filter((f) => f.status === 'error').map((f) => f.resource)).toEqual(['arn:aws:cloudtrail:us-east-1:123456789012:trail/*', GROUPS_ARN()]),
      },
    },
  ],
  cannotTell: [
    { name: 'trailToS3OnlyIsManual', responses: responses({ trails: [trail()] }), expect: { status: 'manual', resources: [TRAIL_ARN], message: 'S3 only (acme-cloudtrail)' } },
    {
      name: 'someGroupsNotForwarded',
      responses: responses({ forwarded: ['/ecs/orders'] }),
      expect: { status: 'manual', resources: [GROUPS_ARN()], message: '1 of 2 log groups forward by subscription filter: confirm', check: (r) => expect(r.findings.at(-1)?.evidence?.notForwarded).toEqual(['/aws/lambda/api']) },
    },
    {
      name: 'moreGroupsThanSampled',
      responses: responses({ groups: many }),
      expect: { status: 'manual', resources: [GROUPS_ARN()], message: `${SUBSCRIPTION_SAMPLE} of the first ${SUBSCRIPTION_SAMPLE} (of ${SUBSCRIPTION_SAMPLE + 1})` },
    },
    {
      name: 'noLogGroupsWhereSomethingRuns',
      responses: responses({ groups: [], enis: [eni('vpc-app')] }),
      expect: { status: 'manual', resources: [GROUPS_ARN()], message: 'No CloudWatch log groups in us-east-1: confirm where application logs are consolidated' },
    },
    {
      name: 'unreadableFiltersLeaveTheManualVerdictStanding',
      responses: { ...responses({ groups: ['/a', '/b', '/c'], forwarded: ['/a'] }), [filtersKey('/c')]: DENIED_EXCEPTION },
      expect: {
        status: 'manual',
        resources: [GROUPS_ARN()],
        message: '1 of 3 log groups forward by subscription filter (1 could not be read)',
        check: (r) => expect(r.findings.at(-1)?.evidence).toMatchObject({ notForwarded: ['/b'], unreadable: ['/c'], unreadableBecause: 'missing permission logs:DescribeSubscriptionFilters' }),
      },
    },
    {
      name: 'trailsDenied',
      responses: { ...responses(), 'cloudtrail:DescribeTrails@us-east-1 {"includeShadowTrails":true}': DENIED_EXCEPTION },
      expect: { resources: ['arn:aws:cloudtrail:us-east-1:123456789012:trail/*'], metResources: [VPC_ARN('vpc-app'), GROUPS_ARN()], missingPermission: 'cloudtrail:DescribeTrails' },
    },
    {
      name: 'vpcsDenied',
      responses: { ...responses(), 'ec2:DescribeVpcs@us-east-1': DENIED },
      expect: { resources: ['arn:aws:ec2:us-east-1:123456789012:vpc/*'], missingPermission: 'ec2:DescribeVpcs' },
    },
    {
      name: 'flowLogsDenied',
      responses: { ...responses(), 'ec2:DescribeFlowLogs@us-east-1': DENIED },
      expect: { resources: ['arn:aws:ec2:us-east-1:123456789012:vpc/*'], missingPermission: 'ec2:DescribeFlowLogs' },
    },
    {
      name: 'networkInterfacesDeniedForAVpcWithoutFlowLog',
      responses: { ...responses({ vpcs: [vpc('vpc-app'), vpc('vpc-data')] }), 'ec2:DescribeNetworkInterfaces@us-east-1': DENIED },
      expect: { resources: [VPC_ARN('vpc-data')], metResources: ALL_MET, missingPermission: 'ec2:DescribeNetworkInterfaces' },
    },
    {
      name: 'networkInterfacesDeniedWithoutLogGroups',
      responses: { ...responses({ groups: [] }), 'ec2:DescribeNetworkInterfaces@us-east-1': DENIED },
      expect: { resources: [GROUPS_ARN()], metResources: [TRAIL_ARN, VPC_ARN('vpc-app')], missingPermission: 'ec2:DescribeNetworkInterfaces' },
    },
    {
      name: 'logGroupsDenied',
      responses: { ...responses(), 'logs:DescribeLogGroups@us-east-1': DENIED_EXCEPTION },
      expect: { resources: [GROUPS_ARN()], missingPermission: 'logs:DescribeLogGroups' },
    },
    {
      name: 'subscriptionFiltersDeniedWhereTheRestIsForwarded',
      responses: { ...responses(), [filtersKey('/ecs/orders')]: DENIED_EXCEPTION },
      expect: { resources: [GROUPS_ARN()], metResources: [TRAIL_ARN, VPC_ARN('vpc-app')], missingPermission: 'logs:DescribeSubscriptionFilters' },
    },
  ],
});
