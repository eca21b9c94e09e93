// 2.3 AWS and application logs are managed centrally.
// Per region, three looks, each on its own (a failed call is an `error` for that look only):
// - AWS API activity: the trails recording here (cloudtrail:DescribeTrails with shadow trails). A trail
//   delivering to CloudWatch Logs (CloudWatchLogsLogGroupArn) → met; trails delivering only to S3 → manual
//   (people confirm the bucket feeds the central log system); no trail at all → not met: API activity
//   happens in every region, used or not. Whether a trail is logging is item 1.13's business.
// - Network logs: every VPC (ec2:DescribeVpcs) that carries traffic needs a VPC-level flow log
//   (ec2:DescribeFlowLogs, ResourceId = the VPC) that is ACTIVE and not failing delivery; one without → not
//   met. A VPC with no network interface (ec2:DescribeNetworkInterfaces), such as the untouched default VPC
//   of an unused region, has no traffic to log → met, saying so.
// - Application logs: CloudWatch log groups (logs:DescribeLogGroups) and, for the first SUBSCRIPTION_SAMPLE
//   groups, their subscription filters (logs:DescribeSubscriptionFilters, one call per group, so capped).
//   Every group seen and every one forwarded to a destination → met; otherwise manual with the counts as
//   evidence: application logs may be shipped by agents the API does not show. No log group in a region
//   with no network interface either → met (nothing runs that logs); no log group where something runs →
//   manual. A group whose filters cannot be read leaves the verdict to the others when they already show
//   one not forwarded (manual stands; the failure is evidence); when it alone stands between the groups
//   and met, it is an `error`.
import type { Trail } from '@aws-sdk/client-cloudtrail';
import type { LogGroup, SubscriptionFilter } from '@aws-sdk/client-cloudwatch-logs';
import type { FlowLog, Vpc } from '@aws-sdk/client-ec2';
import type { AwsDataError } from '../../errors.js';
import type { Finding } from '../../model.js';
import { defineCheck, findingFromError, manual, met, notMet, type CheckContext } from '../define-check.js';
import { look, settle, type Settled } from '../settle.js';

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
      'ec2:DescribeNetworkInterfaces',
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
    const arn = (service: string, resource: string) => `arn:${ctx.account.partition}:${service}:${region}:${ctx.account.id}:${resource}`;
    // Network interfaces per VPC show what carries traffic; read only when a VPC lacks a working flow log
    // or the region has no log group (one memoized call either way).
    const interfaces = async () => settle(aws.ec2.networkInterfaces(region).then((enis) => enis.map((e) => e.VpcId)));
    const looks = await Promise.all([
      look(arn('cloudtrail', 'trail/*'), async () => [trailFinding(ctx, await aws.cloudtrail.trails(region))]),
      look(arn('ec2', 'vpc/*'), async () => {
        const [vpcs, flowLogs] = await Promise.all([aws.ec2.vpcs(region), aws.ec2.flowLogs(region)]);
        const enis = vpcs.some((v) => working(flowLogs, v).length === 0) ? await interfaces() : undefined;
        return vpcs.map((v) => vpcFinding(ctx, v, flowLogs, enis));
      }),
      look(arn('logs', 'log-group:*'), async () => {
        const groups = await aws.logs.logGroups(region);
        const filters = await Promise.all(groups.slice(0, SUBSCRIPTION_SAMPLE).map((g) => settle(aws.logs.subscriptionFilters(region, g.logGroupName ?? ''))));
        if (groups.length > 0) return [appLogsFinding(ctx, groups, filters)];
        const enis = await interfaces();
        if (!enis.ok) return [findingFromError(enis.error, arn('logs', 'log-group:*'))];
        return [appLogsFinding(ctx, groups, filters, enis.value.length)];
      }),
    ]);
    return looks.flat();
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

const working = (flowLogs: FlowLog[], vpc: Vpc) =>
  flowLogs.filter((f) => f.ResourceId === vpc.VpcId && f.FlowLogStatus === 'ACTIVE' && f.DeliverLogsStatus !== 'FAILED');

/** `enis`: the VPC ids of the region's network interfaces (read only when some VPC lacks a working flow log). */
function vpcFinding(ctx: CheckContext, vpc: Vpc, flowLogs: FlowLog[], enis: Settled<(string | undefined)[]> | undefined): Finding {
  const arn = `arn:${ctx.account.partition}:ec2:${ctx.region}:${ctx.account.id}:vpc/${vpc.VpcId}`;
  const own = flowLogs.filter((f) => f.ResourceId === vpc.VpcId);
  const ok = working(flowLogs, vpc);
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
  if (ok.length > 0) return met(arn, `${label} has an active flow log (${ok[0].LogDestinationType}).`, evidence);
  if (!enis?.ok) return findingFromError(enis?.error, arn);
  const interfaces = enis.value.filter((id) => id === vpc.VpcId).length;
  if (interfaces === 0) return met(arn, `${label} has no network interface, so no traffic to log${own.length ? '' : ' (and no flow log)'}.`, { ...evidence, networkInterfaces: 0 });
  const why = own.length > 0 ? 'a flow log that is not active or fails to deliver' : 'no VPC flow log';
  return notMet(arn, `${label} has ${why} while ${interfaces} network interface(s) carry its traffic.`, { ...evidence, networkInterfaces: interfaces });
}

/** `running`: network interfaces in the region, read only when it has no log group. */
function appLogsFinding(ctx: CheckContext, groups: LogGroup[], filters: Settled<SubscriptionFilter[]>[], running?: number): Finding {
  const arn = `arn:${ctx.account.partition}:logs:${ctx.region}:${ctx.account.id}:log-group:*`;
  const read: SubscriptionFilter[][] = [];
  const unforwarded: string[] = [];
  const failed: string[] = [];
  let failure: AwsDataError | undefined;
  filters.forEach((f, i) => {
    const name = groups[i].logGroupName ?? '?';
    if (!f.ok) {
      failed.push(name);
      failure ??= f.error;
      return;
    }
    read.push(f.value);
    if (f.value.length === 0) unforwarded.push(name);
  });
  const forwarded = read.length - unforwarded.length;
  const destinations = [...new Set(read.flat().map((f) => f.destinationArn))].sort();
  const seen = filters.length === groups.length ? `${groups.length}` : `the first ${filters.length} (of ${groups.length})`;
  const evidence = {
    logGroups: groups.length,
    sampled: filters.length,
    forwarded,
    destinations,
    notForwarded: unforwarded.slice(0, 10),
    ...(failure ? { unreadable: failed.slice(0, 10), unreadableBecause: failure.message } : {}),
    ...(running !== undefined ? { networkInterfaces: running } : {}),
  };
  if (groups.length === 0 && running === 0) return met(arn, `No CloudWatch log group and no network interface in ${ctx.region}: no application runs here to log.`, evidence);
  if (groups.length === 0) return manual(arn, `No CloudWatch log groups in ${ctx.region}: confirm where application logs are consolidated.`, evidence);
  if (unforwarded.length > 0 || filters.length < groups.length) {
    const unread = failed.length ? ` (${failed.length} could not be read)` : '';
    return manual(arn, `${forwarded} of ${seen} log groups forward by subscription filter${unread}: confirm application logs are consolidated in one system.`, evidence);
  }
  if (failure) return findingFromError(failure, arn);
  return met(arn, `All ${groups.length} log groups in ${ctx.region} forward by subscription filter (to ${destinations.join(', ')}).`, evidence);
}
