// 2.3 AWS and application logs are managed centrally.
// Per region, three looks:
// - AWS API activity: the trails recording here (cloudtrail:DescribeTrails with shadow trails). A trail
//   delivering to CloudWatch Logs (CloudWatchLogsLogGroupArn) → met; trails delivering only to S3 → manual
//   (people confirm the bucket feeds the central log system); no trail at all → not met. Whether a trail is
//   logging is item 1.13's business and is not re-read here.
// - Network logs: every VPC (ec2:DescribeVpcs) needs a VPC-level flow log (ec2:DescribeFlowLogs, ResourceId
//   = the VPC) that is ACTIVE and not failing delivery; a VPC without one → not met.
// - Application logs: CloudWatch log groups (logs:DescribeLogGroups) and, for the first SUBSCRIPTION_SAMPLE
//   groups, their subscription filters (logs:DescribeSubscriptionFilters, one call per group, so capped).
//   Every group seen and every one forwarded to a destination → met; otherwise manual with the counts as
//   evidence: application logs may be shipped by agents the API does not show.
import type { Trail } from '@aws-sdk/client-cloudtrail';
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { FlowLog, Vpc } from '@aws-sdk/client-ec2';
import { defineCheck, manual, met, notMet, type CheckContext } from '../define-check.js';
import type { Finding } from '../../model.js';

/** Log groups whose subscription filters are read, per region (one DescribeSubscriptionFilters call each). */
export const SUBSCRIPTION_SAMPLE = 25;

export default defineCheck({
  meta: {
    id: '2.3',
    kind: 'partial',
    scope: 'region',
    permissions: [
      'cloudtrail:DescribeTrails',
      'ec2:DescribeVpcs',
      'ec2:DescribeFlowLogs',
      'logs:DescribeLogGroups',
      'logs:DescribeSubscriptionFilters',
    ],
    remediation:
      'Send CloudTrail to CloudWatch Logs (or a central log archive), enable VPC flow logs on every VPC, and forward ' +
      'application log groups with subscription filters (or agents) to one central log system.',
    docs: 'https://docs.aws.amazon.com/prescriptive-guidance/latest/logging-monitoring-for-application-owners/centralized-logging.html',
  },
  async run(ctx) {
    const { aws, region } = ctx;
    const [trails, vpcs, flowLogs, groups] = await Promise.all([
      aws.cloudtrail.trails(region),
      aws.ec2.vpcs(region),
      aws.ec2.flowLogs(region),
      aws.logs.logGroups(region),
    ]);
    const sample = groups.slice(0, SUBSCRIPTION_SAMPLE);
    const filters = await Promise.all(sample.map((g) => aws.logs.subscriptionFilters(region, g.logGroupName ?? '')));
    return [trailFinding(ctx, trails), ...vpcs.map((v) => vpcFinding(ctx, v, flowLogs)), appLogsFinding(ctx, groups, filters)];
  },
});

function trailFinding(ctx: CheckContext, trails: Trail[]): Finding {
  const evidence = {
    trails: trails.map((t) => ({ name: t.Name, homeRegion: t.HomeRegion, s3Bucket: t.S3BucketName, logGroup: t.CloudWatchLogsLogGroupArn })),
  };
  const toLogs = trails.find((t) => t.CloudWatchLogsLogGroupArn);
  if (toLogs) return met(
    toLogs.TrailARN ?? `${toLogs.Name}`,
    `CloudTrail trail ${toLogs.Name} delivers this region's API activity to CloudWatch Logs.`,
    evidence,
  );
  if (trails.length > 0) {
    const t = trails[0];
    return manual(
      t.TrailARN ?? `${t.Name}`,
      `CloudTrail delivers this region's API activity to S3 only (${trails.map((x) => x.S3BucketName).join(', ')}): confirm it feeds the central log system.`,
      evidence,
    );
  }
  return notMet(
    `arn:${ctx.account.partition}:cloudtrail:${ctx.region}:${ctx.account.id}:trail/*`,
    `No CloudTrail trail records API activity in ${ctx.region}.`,
    evidence,
  );
}

function vpcFinding(ctx: CheckContext, vpc: Vpc, flowLogs: FlowLog[]): Finding {
  const arn = `arn:${ctx.account.partition}:ec2:${ctx.region}:${ctx.account.id}:vpc/${vpc.VpcId}`;
  const own = flowLogs.filter((f) => f.ResourceId === vpc.VpcId);
  const working = own.filter((f) => f.FlowLogStatus === 'ACTIVE' && f.DeliverLogsStatus !== 'FAILED');
  const evidence = {
    isDefault: vpc.IsDefault,
    flowLogs: own.map((f) => ({
      id: f.FlowLogId,
      status: f.FlowLogStatus,
      delivery: f.DeliverLogsStatus,
      destinationType: f.LogDestinationType,
      destination: f.LogDestination ?? f.LogGroupName,
    })),
  };
  const label = `VPC ${vpc.VpcId}${vpc.IsDefault ? ' (default)' : ''}`;
  if (working.length > 0) return met(arn, `${label} has an active flow log (${working[0].LogDestinationType}).`, evidence);
  if (own.length > 0) return notMet(arn, `${label} has a flow log that is not active or fails to deliver.`, evidence);
  return notMet(arn, `${label} has no VPC flow log.`, evidence);
}

function appLogsFinding(ctx: CheckContext, groups: LogGroup[], filters: { destinationArn?: string }[][]): Finding {
  const arn = `arn:${ctx.account.partition}:logs:${ctx.region}:${ctx.account.id}:log-group:*`;
  const forwarded = filters.filter((f) => f.length > 0).length;
  const unforwarded = groups.slice(0, filters.length).filter((_g, i) => filters[i].length === 0).map((g) => g.logGroupName);
  const destinations = [...new Set(filters.flat().map((f) => f.destinationArn))].sort();
  const seen = filters.length === groups.length ? `${groups.length}` : `the first ${filters.length} (of ${groups.length})`;
  const evidence = { logGroups: groups.length, sampled: filters.length, forwarded, destinations, notForwarded: unforwarded.slice(0, 10) };
  if (groups.length === 0) return manual(
    arn,
    `No CloudWatch log groups in ${ctx.region}: confirm where application logs are consolidated.`,
    evidence,
  );
  if (filters.length === groups.length && forwarded === groups.length) {
    return met(
      arn,
      `All ${groups.length} log groups in ${ctx.region} forward by subscription filter (to ${destinations.join(', ')}).`,
      evidence,
    );
  }
  return manual(
    arn,
    `${forwarded} of ${seen} log groups forward by subscription filter: confirm application logs are consolidated in one system.`,
    evidence,
  );
}
