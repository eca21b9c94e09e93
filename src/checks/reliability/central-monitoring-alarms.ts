// 2.4 AWS and application monitoring and alarms are managed centrally.
// Per region:
// - Alarms (cloudwatch:DescribeAlarms, metric and composite) that notify people: ActionsEnabled true and an
//   AlarmAction that reaches someone — an SNS topic, an SSM OpsItem, an Incident Manager response plan or a
//   Lambda function. Auto Scaling and EC2 actions act on resources and notify no one. Without this call
//   nothing can be decided: it fails, the item is an error.
// - What runs here and should be watched: EC2 instances (ec2:DescribeInstances), load balancers
//   (elasticloadbalancing:DescribeLoadBalancers), RDS instances (rds:DescribeDBInstances).
//   Something runs but no alarm notifies anyone → not met (whatever a failed listing would add). Nothing
//   runs → met ("nothing to monitor"): an empty region does not hold the item back; when a listing failed
//   and the others show nothing, that listing's error decides. With notifying alarms these counts are
//   evidence only, and a failed listing says so in the evidence.
// - The SNS topics those alarms notify, when in this account and region (sns:ListTopics,
//   sns:ListSubscriptionsByTopic): a topic that no longer exists, or with no confirmed subscription
//   (every SubscriptionArn "PendingConfirmation"), → manual: confirm someone receives those alarms. A
//   failed call is an error for the topics it concerns only.
// Which resources each alarm covers is not matched: the evidence lists the namespaces alarmed on.
import type { CompositeAlarm, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { defineCheck, findingFromError, manual, met, notMet } from '../define-check.js';
import type { Finding } from '../../model.js';
import { liveInstances } from '../ec2-instances.js';
import { settle } from '../settle.js';

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
    const [alarms, ...listings] = await Promise.all([
      aws.cloudwatch.alarms(region),
      settle(aws.ec2.instances(region).then((i) => liveInstances(i).length)),
      settle(aws.elbv2.loadBalancers(region).then((lbs) => lbs.length)),
      settle(aws.rds.dbInstances(region).then((dbs) => dbs.length)),
    ]);
    const all: Alarm[] = [...alarms.metric, ...alarms.composite];
    const notifying = all.filter((a) => a.ActionsEnabled === true && (a.AlarmActions ?? []).some(notifies));
    const [instances, loadBalancers, databases] = listings.map((l) => (l.ok ? l.value : `could not tell: ${l.error.message}`));
    const total = listings.reduce((sum, l) => sum + (l.ok ? l.value : 0), 0);
    const evidence = {
      instances,
      loadBalancers,
      databases,
      alarms: all.length,
      notifyingAlarms: notifying.length,
      actionsDisabled: all.filter((a) => a.ActionsEnabled !== true).map((a) => a.AlarmName),
      namespaces: [...new Set(alarms.metric.map((a) => a.Namespace ?? (a.Metrics?.length ? 'metric-math' : '?')))].sort(),
    };
    const arn = `arn:${account.partition}:cloudwatch:${region}:${account.id}:alarm:*`;
    if (notifying.length === 0) {
      if (total > 0) return [notMet(
        arn,
        `${total} resources run in ${region} but no alarm notifies anyone (${all.length} alarms, none with an enabled notifying action).`,
        evidence,
      )];
      const failed = listings.flatMap((l) => (l.ok ? [] : [findingFromError(l.error, arn)]));
      if (failed.length > 0) return failed;
      return [met(arn, `Nothing to monitor in ${region}: no instances, load balancers or databases.`, evidence)];
    }
    const localTopic = `arn:${account.partition}:sns:${region}:${account.id}:`;
    const topicArns = [...new Set(notifying.flatMap((a) => a.AlarmActions ?? []))].filter((t) => t.startsWith(localTopic)).sort();
    const findings: Finding[] = [met(
      arn,
      `${notifying.length} of ${all.length} alarms in ${region} have an enabled action that notifies people.`,
      { ...evidence, topics: topicArns },
    )];
    if (topicArns.length === 0) return findings;
    const existing = await settle(aws.sns.topicArns(region));
    const perTopic = topicArns.map(async (topic) => {
      const used = notifying.filter((a) => a.AlarmActions?.includes(topic)).map((a) => a.AlarmName);
      const name = topic.split(':')[5];
      if (!existing.ok) return findingFromError(existing.error, topic);
      if (!existing.value.includes(topic)) return manual(
        topic,
        `${used.length} alarms notify SNS topic ${name}, which does not exist: confirm where these alarms go.`,
        { alarms: used },
      );
      const subs = await settle(aws.sns.subscriptions(region, topic));
      if (!subs.ok) return findingFromError(subs.error, topic);
      const confirmed = subs.value.filter((s) => s.SubscriptionArn?.startsWith('arn:'));
      const protocols = [...new Set(confirmed.map((s) => s.Protocol))];
      const subEvidence = { alarms: used, protocols, subscriptions: subs.value.length, confirmed: confirmed.length };
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
