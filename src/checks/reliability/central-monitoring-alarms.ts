// 2.4 AWS and application monitoring and alarms are managed centrally.
// Per region:
// - Alarms (cloudwatch:DescribeAlarms, metric and composite) that notify people: ActionsEnabled and an
//   AlarmAction that reaches someone — an SNS topic, an SSM OpsItem, an Incident Manager response plan or a
//   Lambda function. Auto Scaling and EC2 actions act on resources and notify no one.
// - What runs here and should be watched: EC2 instances (ec2:DescribeInstances), load balancers
//   (elasticloadbalancing:DescribeLoadBalancers), RDS instances (rds:DescribeDBInstances).
//   Something runs but no alarm notifies anyone → not met. Nothing runs → met ("nothing to monitor").
// - The SNS topics those alarms notify, when in this account and region (sns:ListTopics,
//   sns:ListSubscriptionsByTopic): a topic that no longer exists, or with no confirmed subscription
//   (every SubscriptionArn "PendingConfirmation"), → manual: confirm someone receives those alarms.
// Which resources each alarm covers is not matched: the evidence lists the namespaces alarmed on.
import type { CompositeAlarm, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { defineCheck, manual, met, notMet } from '../define-check.js';
import type { Finding } from '../../model.js';
import { liveInstances } from '../ec2-instances.js';

type Alarm = MetricAlarm | CompositeAlarm;

/** An alarm action that reaches people (not an Auto Scaling policy or an EC2 stop/reboot action). */
export function notifies(action: string): boolean {
  const service = action.split(':')[2];
  return service === 'sns' || service === 'ssm-incidents' || service === 'lambda' || (service === 'ssm' && action.includes(':opsitem:'));
}

export default defineCheck({
  meta: {
    id: '2.4',
    kind: 'partial',
    scope: 'region',
    permissions: [
      'cloudwatch:DescribeAlarms',
      'sns:ListTopics',
      'sns:ListSubscriptionsByTopic',
      'ec2:DescribeInstances',
      'elasticloadbalancing:DescribeLoadBalancers',
      'rds:DescribeDBInstances',
    ],
    remediation:
      'Create CloudWatch alarms on the metrics that matter for each layer (infrastructure and application metrics) ' +
      'with alarm actions that notify the operations team (SNS topic with confirmed subscriptions, Incident Manager, ' +
      'OpsCenter), and keep alarm actions enabled.',
    docs: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html',
  },
  async run({ aws, region, account }) {
    const [alarms, instances, lbs, dbs] = await Promise.all([
      aws.cloudwatch.alarms(region),
      aws.ec2.instances(region),
      aws.elbv2.loadBalancers(region),
      aws.rds.dbInstances(region),
    ]);
    const all: Alarm[] = [...alarms.metric, ...alarms.composite];
    const notifying = all.filter((a) => a.ActionsEnabled !== false && (a.AlarmActions ?? []).some(notifies));
    const running = {
      instances: liveInstances(instances).length,
      loadBalancers: lbs.length,
      databases: dbs.length,
    };
    const total = running.instances + running.loadBalancers + running.databases;
    const evidence = {
      ...running,
      alarms: all.length,
      notifyingAlarms: notifying.length,
      actionsDisabled: all.filter((a) => a.ActionsEnabled === false).map((a) => a.AlarmName),
      namespaces: [...new Set(alarms.metric.map((a) => a.Namespace ?? (a.Metrics?.length ? 'metric-math' : '?')))].sort(),
    };
    const arn = `arn:${account.partition}:cloudwatch:${region}:${account.id}:alarm:*`;
    if (notifying.length === 0) {
      if (total === 0) return [met(arn, `Nothing to monitor in ${region}: no instances, load balancers or databases.`, evidence)];
      return [notMet(
        arn,
        `${total} resources run in ${region} but no alarm notifies anyone (${all.length} alarms, none with an enabled notifying action).`,
        evidence,
      )];
    }
    const localTopic = `arn:${account.partition}:sns:${region}:${account.id}:`;
    const topicArns = [...new Set(notifying.flatMap((a) => a.AlarmActions ?? []))].filter((t) => t.startsWith(localTopic)).sort();
    const findings: Finding[] = [met(
      arn,
      `${notifying.length} of ${all.length} alarms in ${region} have an enabled action that notifies people.`,
      { ...evidence, topics: topicArns },
    )];
    if (topicArns.length === 0) return findings;
    const existing = new Set(await aws.sns.topicArns(region));
    const perTopic = topicArns.map(async (topic) => {
      const used = notifying.filter((a) => a.AlarmActions?.includes(topic)).map((a) => a.AlarmName);
      const name = topic.split(':')[5];
      if (!existing.has(topic)) return manual(
        topic,
        `${used.length} alarms notify SNS topic ${name}, which does not exist: confirm where these alarms go.`,
        { alarms: used },
      );
      const subs = await aws.sns.subscriptions(region, topic);
      const confirmed = subs.filter((s) => s.SubscriptionArn?.startsWith('arn:'));
      const protocols = [...new Set(confirmed.map((s) => s.Protocol))];
      const subEvidence = { alarms: used, protocols, subscriptions: subs.length, confirmed: confirmed.length };
      if (confirmed.length === 0) return manual(
        topic,
        `SNS topic ${name} receives alarms but has no confirmed subscription: confirm someone receives them.`,
        subEvidence,
      );
      return met(topic, `SNS topic ${name} has ${confirmed.length} confirmed subscriptions.`, subEvidence);
    });
    findings.push(...(await Promise.all(perTopic)));
    return findings;
  },
});
