import check, { SUBSCRIPTION_SAMPLE } from '../../../src/checks/reliability/central-logging.js';
import { DENIED, DENIED_EXCEPTION, testCheck } from '../../support/check-tester.js';

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
const FIREHOSE = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/to-splunk';
const GROUPS = ['/aws/lambda/api', '/ecs/orders'];

const responses = (o: { trails?: unknown[]; vpcs?: unknown[]; flowLogs?: unknown[]; groups?: string[]; forwarded?: string[] } = {}) => {
  const groups = o.groups ?? GROUPS;
  const forwarded = o.forwarded ?? groups;
  return {
    'cloudtrail:DescribeTrails@us-east-1 {"includeShadowTrails":true}': { trailList: o.trails ?? [trail(TO_LOGS)] },
    'ec2:DescribeVpcs@us-east-1': { Vpcs: o.vpcs ?? [vpc('vpc-app')] },
    'ec2:DescribeFlowLogs@us-east-1': { FlowLogs: o.flowLogs ?? [flowLog('vpc-app')] },
    'logs:DescribeLogGroups@us-east-1': { logGroups: groups.map((logGroupName) => ({ logGroupName })) },
    ...Object.fromEntries(
      groups.slice(0, SUBSCRIPTION_SAMPLE).map((g) => [
        `logs:DescribeSubscriptionFilters@us-east-1 ${JSON.stringify({ logGroupName: g })}`,
        { subscriptionFilters: forwarded.includes(g) ? [{ filterName: 'to-splunk', destinationArn: FIREHOSE }] : [] },
      ]),
    ),
  };
};
const many = Array.from({ length: SUBSCRIPTION_SAMPLE + 1 }, (_v, i) => `/app/group-${String(i).padStart(2, '0')}`);

testCheck(check, {
  met: [
    {
      name: 'trailToLogsFlowLogsAndAllGroupsForwarded',
      responses: responses(),
      expect: { resources: [TRAIL_ARN, 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-app', 'arn:aws:logs:us-east-1:123456789012:log-group:*'] },
    },
  ],
  notMet: [
    { name: 'vpcWithoutFlowLog', responses: responses({ vpcs: [vpc('vpc-app'), vpc('vpc-0def', true)] }), expect: { message: 'VPC vpc-0def (default) has no VPC flow log' } },
    { name: 'flowLogFailingDelivery', responses: responses({ flowLogs: [flowLog('vpc-app', { DeliverLogsStatus: 'FAILED' })] }), expect: { message: 'fails to deliver' } },
    { name: 'subnetFlowLogOnlyDoesNotCount', responses: responses({ flowLogs: [flowLog('subnet-1')] }), expect: { message: 'has no VPC flow log' } },
    { name: 'noTrail', responses: responses({ trails: [] }), expect: { message: 'No CloudTrail trail' } },
  ],
  cannotTell: [
    { name: 'trailToS3OnlyIsManual', responses: responses({ trails: [trail()] }), expect: { status: 'manual', message: 'S3 only (acme-cloudtrail)' } },
    { name: 'someGroupsNotForwarded', responses: responses({ forwarded: ['/ecs/orders'] }), expect: { status: 'manual', message: '1 of 2 log groups' } },
    { name: 'moreGroupsThanSampled', responses: responses({ groups: many }), expect: { status: 'manual', message: `of ${SUBSCRIPTION_SAMPLE + 1})` } },
    { name: 'noLogGroups', responses: responses({ groups: [] }), expect: { status: 'manual', message: 'No CloudWatch log groups' } },
    {
      name: 'trailsDenied',
      responses: { ...responses(), 'cloudtrail:DescribeTrails@us-east-1 {"includeShadowTrails":true}': DENIED_EXCEPTION },
      expect: { missingPermission: 'cloudtrail:DescribeTrails' },
    },
    { name: 'vpcsDenied', responses: { ...responses(), 'ec2:DescribeVpcs@us-east-1': DENIED }, expect: { missingPermission: 'ec2:DescribeVpcs' } },
    { name: 'flowLogsDenied', responses: { ...responses(), 'ec2:DescribeFlowLogs@us-east-1': DENIED }, expect: { missingPermission: 'ec2:DescribeFlowLogs' } },
    { name: 'logGroupsDenied', responses: { ...responses(), 'logs:DescribeLogGroups@us-east-1': DENIED_EXCEPTION }, expect: { missingPermission: 'logs:DescribeLogGroups' } },
    {
      name: 'subscriptionFiltersDenied',
      responses: { ...responses(), 'logs:DescribeSubscriptionFilters@us-east-1 {"logGroupName":"/ecs/orders"}': DENIED_EXCEPTION },
      expect: { missingPermission: 'logs:DescribeSubscriptionFilters' },
    },
  ],
});
