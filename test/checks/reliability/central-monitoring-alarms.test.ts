import { describe, expect, it } from 'vitest';
import check, { notifies } from '../../../src/checks/reliability/central-monitoring-alarms.js';
import { DENIED, testCheck } from '../../support/check-tester.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops-alerts';
const GONE_TOPIC = 'arn:aws:sns:us-east-1:123456789012:old-alerts';
const SCALE_OUT = 'arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1:autoScalingGroupName/web:policyName/out';
const alarm = (AlarmName: string, AlarmActions: string[], extra = {}) => ({ AlarmName, AlarmActions, ActionsEnabled: true, Namespace: 'AWS/EC2', ...extra });
const running = { Reservations: [{ Instances: [{ InstanceId: 'i-web1', State: { Name: 'running' } }] }] };
const CONFIRMED = { SubscriptionArn: `${TOPIC}:6b0e71bd`, Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: TOPIC };
const PENDING = { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: TOPIC };

const responses = (o: { metric?: unknown[]; composite?: unknown[]; instances?: unknown; lbs?: unknown[]; dbs?: unknown[]; topics?: string[]; subs?: unknown[] } = {}) => ({
  'cloudwatch:DescribeAlarms@us-east-1 {"AlarmTypes":["MetricAlarm","CompositeAlarm"]}': { MetricAlarms: o.metric ?? [], CompositeAlarms: o.composite ?? [] },
  'ec2:DescribeInstances@us-east-1': o.instances ?? running,
  'elbv2:DescribeLoadBalancers@us-east-1': { LoadBalancers: o.lbs ?? [] },
  'rds:DescribeDBInstances@us-east-1': { DBInstances: o.dbs ?? [] },
  'sns:ListTopics@us-east-1': { Topics: (o.topics ?? [TOPIC]).map((TopicArn) => ({ TopicArn })) },
  [`sns:ListSubscriptionsByTopic@us-east-1 {"TopicArn":"${TOPIC}"}`]: { Subscriptions: o.subs ?? [CONFIRMED] },
});
const REGION_ARN = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:*';

testCheck(check, {
  met: [
    {
      name: 'alarmsNotifyConfirmedTopic',
      responses: responses({ metric: [alarm('web-cpu-high', [TOPIC, SCALE_OUT])], composite: [{ AlarmName: 'api-degraded', ActionsEnabled: true, AlarmActions: [TOPIC] }] }),
      expect: { resources: [REGION_ARN, TOPIC], message: '2 of 2 alarms' },
    },
    {
      name: 'incidentManagerAction',
      responses: responses({ metric: [alarm('db-cpu', ['arn:aws:ssm-incidents::123456789012:response-plan/db-down'])] }),
      expect: { resources: [REGION_ARN] },
    },
    { name: 'nothingToMonitor', responses: responses({ instances: { Reservations: [] } }), expect: { message: 'Nothing to monitor' } },
  ],
  notMet: [
    { name: 'resourcesButNoAlarms', responses: responses({ lbs: [{ LoadBalancerName: 'web' }] }), expect: { resources: [REGION_ARN], message: '2 resources run' } },
    { name: 'onlyScalingActions', responses: responses({ metric: [alarm('web-cpu-high', [SCALE_OUT])] }), expect: { message: 'none with an enabled notifying action' } },
    {
      name: 'actionsDisabled',
      responses: responses({ dbs: [{ DBInstanceIdentifier: 'orders' }], metric: [alarm('db-cpu', [TOPIC], { ActionsEnabled: false })] }),
      expect: { check: (r) => expect(r.findings[0].evidence?.actionsDisabled).toEqual(['db-cpu']) },
    },
  ],
  cannotTell: [
    { name: 'topicWithoutConfirmedSubscription', responses: responses({ metric: [alarm('web-cpu-high', [TOPIC])], subs: [PENDING] }), expect: { status: 'manual', resources: [TOPIC] } },
    {
      name: 'topicNoLongerExists',
      responses: responses({ metric: [alarm('web-cpu-high', [GONE_TOPIC])] }),
      expect: { status: 'manual', resources: [GONE_TOPIC], message: 'does not exist' },
    },
    {
      name: 'alarmsDenied',
      responses: { ...responses(), 'cloudwatch:DescribeAlarms@us-east-1 {"AlarmTypes":["MetricAlarm","CompositeAlarm"]}': DENIED },
      expect: { missingPermission: 'cloudwatch:DescribeAlarms' },
    },
    { name: 'topicsDenied', responses: { ...responses({ metric: [alarm('a', [TOPIC])] }), 'sns:ListTopics@us-east-1': DENIED }, expect: { missingPermission: 'sns:ListTopics' } },
    {
      name: 'subscriptionsDenied',
      responses: { ...responses({ metric: [alarm('a', [TOPIC])] }), [`sns:ListSubscriptionsByTopic@us-east-1 {"TopicArn":"${TOPIC}"}`]: DENIED },
      expect: { missingPermission: 'sns:ListSubscriptionsByTopic' },
    },
    { name: 'instancesDenied', responses: { ...responses(), 'ec2:DescribeInstances@us-east-1': DENIED }, expect: { missingPermission: 'ec2:DescribeInstances' } },
    {
      name: 'loadBalancersDenied',
      responses: { ...responses(), 'elbv2:DescribeLoadBalancers@us-east-1': DENIED },
      expect: { missingPermission: 'elasticloadbalancing:DescribeLoadBalancers' },
    },
    { name: 'databasesDenied', responses: { ...responses(), 'rds:DescribeDBInstances@us-east-1': DENIED }, expect: { missingPermission: 'rds:DescribeDBInstances' } },
  ],
});

describe('notifies', () => {
  it('tells notifying actions from resource actions', () => {
    expect(notifies(TOPIC)).toBe(true);
    expect(notifies('arn:aws:ssm:us-east-1:123456789012:opsitem:3#CATEGORY=Availability')).toBe(true);
    expect(notifies('arn:aws:lambda:us-east-1:123456789012:function:page-oncall')).toBe(true);
    expect(notifies(SCALE_OUT)).toBe(false);
    expect(notifies('arn:aws:automate:us-east-1:ec2:reboot')).toBe(false);
  });
});
