import { describe, expect, it } from 'vitest';
import check, { notifies } from '../../../src/checks/reliability/central-monitoring-alarms.js';
import { DENIED, THROTTLED, testCheck } from '../../support/check-tester.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops-alerts';
const DB_TOPIC = 'arn:aws:sns:us-east-1:123456789012:db-alerts';
const GONE_TOPIC = 'arn:aws:sns:us-east-1:123456789012:old-alerts';
const OTHER_REGION_TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ops-alerts';
const SCALE_OUT = 'arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1:autoScalingGroupName/web:policyName/out';
const alarm = (AlarmName: string, AlarmActions: string[], extra = {}) => ({ AlarmName, AlarmActions, ActionsEnabled: true, Namespace: 'AWS/EC2', ...extra });
const running = { Reservations: [{ Instances: [{ InstanceId: 'i-web1', State: { Name: 'running' } }] }] };
const none = { Reservations: [] };
const confirmed = (topic: string) => ({ SubscriptionArn: `${topic}:6b0e71bd`, Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: topic });
const PENDING = { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: TOPIC };
const ALARMS_KEY = (region: string) => `cloudwatch:DescribeAlarms@${region} {"AlarmTypes":["MetricAlarm","CompositeAlarm"]}`;
const subsKey = (topic: string) => `sns:ListSubscriptionsByTopic@us-east-1 {"TopicArn":"${topic}"}`;

interface Options {
  metric?: unknown[];
  composite?: unknown[];
  instances?: unknown;
  lbs?: unknown[];
  dbs?: unknown[];
  topics?: string[];
  subs?: unknown[];
}
const responses = (o: Options = {}, region = 'us-east-1') => ({
  [ALARMS_KEY(region)]: { MetricAlarms: o.metric ?? [], CompositeAlarms: o.composite ?? [] },
  [`ec2:DescribeInstances@${region}`]: o.instances ?? running,
  [`elbv2:DescribeLoadBalancers@${region}`]: { LoadBalancers: o.lbs ?? [] },
  [`rds:DescribeDBInstances@${region}`]: { DBInstances: o.dbs ?? [] },
  [`sns:ListTopics@${region}`]: { Topics: (o.topics ?? [TOPIC]).map((TopicArn) => ({ TopicArn })) },
  [subsKey(TOPIC)]: { Subscriptions: o.subs ?? [confirmed(TOPIC)] },
});
const REGION_ARN = (region = 'us-east-1') => `arn:aws:cloudwatch:${region}:123456789012:alarm:*`;

testCheck(check, {
  met: [
    {
      name: 'alarmsNotifyConfirmedTopic',
      responses: responses({ metric: [alarm('web-cpu-high', [TOPIC, SCALE_OUT])], composite: [{ AlarmName: 'api-degraded', ActionsEnabled: true, AlarmActions: [TOPIC] }] }),
      expect: { resources: [REGION_ARN(), TOPIC], message: '2 of 2 alarms in us-east-1 have an enabled action that notifies people' },
    },
    {
      name: 'incidentManagerOpsItemAndOtherRegionTopic',
      responses: responses({
        metric: [
          alarm('db-cpu', ['arn:aws:ssm-incidents::123456789012:response-plan/db-down']),
          alarm('disk', ['arn:aws:ssm:us-east-1:123456789012:opsitem:3#CATEGORY=Availability']),
          alarm('api', [OTHER_REGION_TOPIC]),
        ],
      }),
      expect: { resources: [REGION_ARN()], message: '3 of 3 alarms' },
    },
    {
      name: 'severalTopicsEachConfirmed',
      responses: { ...responses({ metric: [alarm('web', [TOPIC]), alarm('db', [DB_TOPIC])], topics: [TOPIC, DB_TOPIC] }), [subsKey(DB_TOPIC)]: { Subscriptions: [confirmed(DB_TOPIC)] } },
      expect: { resources: [REGION_ARN(), TOPIC, DB_TOPIC], message: 'SNS topic db-alerts has 1 confirmed subscriptions' },
    },
    {
      name: 'nothingToMonitor',
      responses: responses({ instances: { Reservations: [{ Instances: [{ InstanceId: 'i-old', State: { Name: 'terminated' } }] }] } }),
      expect: { resources: [REGION_ARN()], message: 'Nothing to monitor in us-east-1: no instances, load balancers or databases' },
    },
    {
      name: 'notifyingAlarmsStandWhenAResourceListingFails',
      responses: { ...responses({ metric: [alarm('web-cpu-high', [TOPIC])] }), 'ec2:DescribeInstances@us-east-1': DENIED },
      expect: {
        resources: [REGION_ARN(), TOPIC],
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ instances: 'could not tell: missing permission ec2:DescribeInstances', loadBalancers: 0, databases: 0 }),
      },
    },
    {
      name: 'anEmptyRegionDoesNotHoldTheItemBack',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...responses({ metric: [alarm('web-cpu-high', [TOPIC])] }), ...responses({ instances: none }, 'eu-west-1') },
      expect: { resources: [REGION_ARN(), TOPIC, REGION_ARN('eu-west-1')] },
    },
  ],
  notMet: [
    {
      name: 'resourcesButNoAlarms',
      responses: responses({ lbs: [{ LoadBalancerName: 'web' }], dbs: [{ DBInstanceIdentifier: 'orders' }] }),
      expect: { resources: [REGION_ARN()], message: '3 resources run in us-east-1 but no alarm notifies anyone (0 alarms' },
    },
    {
      name: 'onlyScalingAndEc2Actions',
      responses: responses({ metric: [alarm('web-cpu-high', [SCALE_OUT]), alarm('recover', ['arn:aws:automate:us-east-1:ec2:recover'])] }),
      expect: { resources: [REGION_ARN()], message: '(2 alarms, none with an enabled notifying action)' },
    },
    {
      name: 'actionsDisabledOrNotReported',
      responses: responses({ dbs: [{ DBInstanceIdentifier: 'orders' }], metric: [alarm('db-cpu', [TOPIC], { ActionsEnabled: false }), alarm('db-mem', [TOPIC], { ActionsEnabled: undefined })] }),
      expect: { resources: [REGION_ARN()], check: (r) => expect(r.findings[0].evidence?.actionsDisabled).toEqual(['db-cpu', 'db-mem']) },
    },
    {
      name: 'notMetStandsWhenAListingFails',
      responses: { ...responses({ instances: none, lbs: [{ LoadBalancerName: 'web' }] }), 'rds:DescribeDBInstances@us-east-1': THROTTLED },
      expect: { resources: [REGION_ARN()], message: '1 resources run in us-east-1', check: (r) => expect(r.findings[0].evidence?.databases).toMatch(/^could not tell: rds:DescribeDBInstances still throttled/) },
    },
  ],
  cannotTell: [
    {
      name: 'topicWithoutConfirmedSubscription',
      responses: responses({ metric: [alarm('web-cpu-high', [TOPIC])], subs: [PENDING] }),
      expect: { status: 'manual', resources: [TOPIC], metResources: [REGION_ARN()], message: 'SNS topic ops-alerts receives alarms but has no confirmed subscription' },
    },
    {
      name: 'topicNoLongerExists',
      responses: responses({ metric: [alarm('web-cpu-high', [GONE_TOPIC]), alarm('web-5xx', [GONE_TOPIC])] }),
      expect: { status: 'manual', resources: [GONE_TOPIC], metResources: [REGION_ARN()], message: '2 alarms notify SNS topic old-alerts, which does not exist' },
    },
    {
      name: 'alarmsDenied',
      responses: { ...responses(), [ALARMS_KEY('us-east-1')]: DENIED },
      expect: { resources: ['cloudwatch:DescribeAlarms'], missingPermission: 'cloudwatch:DescribeAlarms' },
    },
    {
      name: 'topicsDenied',
      responses: { ...responses({ metric: [alarm('a', [TOPIC])] }), 'sns:ListTopics@us-east-1': DENIED },
      expect: { resources: [TOPIC], metResources: [REGION_ARN()], missingPermission: 'sns:ListTopics' },
    },
    {
      name: 'subscriptionsDeniedForOneTopic',
      responses: { ...responses({ metric: [alarm('a', [TOPIC]), alarm('b', [DB_TOPIC])], topics: [TOPIC, DB_TOPIC] }), [subsKey(DB_TOPIC)]: DENIED },
      expect: { resources: [DB_TOPIC], metResources: [REGION_ARN(), TOPIC], missingPermission: 'sns:ListSubscriptionsByTopic' },
    },
    {
      name: 'instancesDeniedWhereNothingElseRuns',
      responses: { ...responses(), 'ec2:DescribeInstances@us-east-1': DENIED },
      expect: { resources: [REGION_ARN()], missingPermission: 'ec2:DescribeInstances' },
    },
    {
      name: 'loadBalancersDeniedWhereNothingElseRuns',
      responses: { ...responses({ instances: none }), 'elbv2:DescribeLoadBalancers@us-east-1': DENIED },
      expect: { resources: [REGION_ARN()], missingPermission: 'elasticloadbalancing:DescribeLoadBalancers' },
    },
    {
      name: 'databasesDeniedWhereNothingElseRuns',
      responses: { ...responses({ instances: none }), 'rds:DescribeDBInstances@us-east-1': DENIED },
      expect: { resources: [REGION_ARN()], missingPermission: 'rds:DescribeDBInstances' },
    },
  ],
});

describe('notifies', () => {
  it('tells notifying actions from resource actions', () => {
    expect(notifies(TOPIC)).toBe(true);
    expect(notifies('arn:aws:ssm:us-east-1:123456789012:opsitem:3#CATEGORY=Availability')).toBe(true);
    expect(notifies('arn:aws:ssm-incidents::123456789012:responseplan/db-down')).toBe(true);
    expect(notifies('arn:aws:lambda:us-east-1:123456789012:function:page-oncall')).toBe(true);
    expect(notifies(SCALE_OUT)).toBe(false);
    expect(notifies('arn:aws:automate:us-east-1:ec2:reboot')).toBe(false);
    expect(notifies('arn:aws:ssm:us-east-1:123456789012:automation-definition/restart:1')).toBe(false);
    expect(notifies('not-an-arn')).toBe(false);
  });
});
