// 2.5 Infrastructure provisioning and management is automated.
// Two looks per region, each on its own (a failed call is an `error` for that look only):
// - Console changes (cloudtrail:LookupEvents, event history): write management events (ReadOnly=false) of
//   the last consoleChangeLookbackDays days, at most CONSOLE_MAX_PAGES pages of 50 (LookupEvents allows 2
//   requests/s per account and region). A successful API call made from a console session
//   (sessionCredentialFromConsole "true", or a console.*amazonaws.com userAgent) → not met, bar sign-in,
//   CloudShell, billing/support and query events, which change no infrastructure. None seen → met; none
//   among the pages read while older events remain → manual. A page after the first that fails keeps what
//   was read: a console change found stands; otherwise that failure is the look's error.
// - Provisioning tool: an IaC marker on each EC2 instance (ec2:DescribeInstances) and non-default security
//   group (ec2:DescribeSecurityGroups): the aws:cloudformation:stack-name tag, a Terraform/OpenTofu/Pulumi/
//   Crossplane tag, or being launched by an Auto Scaling group / Kubernetes. All marked (or nothing there:
//   an empty region does not hold the item back) → met; otherwise manual with the share and the unmarked
//   resources: Terraform without tags, or other tools, can only be attested. CloudFormation stacks
//   (cloudformation:ListStacks) are evidence only: when that listing fails, the evidence says so.
import type { Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import type { Tag } from '@aws-sdk/client-ec2';
import type { AwsDataError } from '../../errors.js';
import type { Finding } from '../../model.js';
import { defineCheck, findingFromError, manual, met, notMet, type CheckContext } from '../define-check.js';
import { liveInstances } from '../ec2-instances.js';
import { look, settle } from '../settle.js';

export const CONSOLE_MAX_PAGES = 10;
const NOT_INFRA_SOURCES = ['signin', 'sts', 'cloudshell', 'notifications', 'support', 'health', 'ce', 'billingconsole', 'uxc'].map(
  (s) => `${s}.amazonaws.com`,
);
const NOT_INFRA_EVENTS = new Set(['StartQuery', 'StopQuery', 'StartQueryExecution', 'StopQueryExecution']);
const TOOL_TAG = /terraform|opentofu|pulumi|crossplane|cdktf/i;

export default defineCheck({
  meta: {
    id: '2.5',
    kind: 'partial',
    scope: 'region',
    permissions: ['cloudtrail:LookupEvents', 'cloudformation:ListStacks', 'ec2:DescribeInstances', 'ec2:DescribeSecurityGroups'],
    remediation:
      'Provision and change production infrastructure only through CloudFormation/CDK, Terraform or a similar tool run ' +
      'from a pipeline; restrict console roles to read-only; tag resources with the tool that manages them.',
    docs: 'https://docs.aws.amazon.com/whitepapers/latest/introduction-devops-aws/infrastructure-as-code.html',
    // Up to CONSOLE_MAX_PAGES pages of event history per region at 2 requests a second: the account's longest chain.
    startFirst: true,
  },
  async run(ctx) {
    const { aws, region, now, account } = ctx;
    const arn = (service: string, resource: string) => `arn:${account.partition}:${service}:${region}:${account.id}:${resource}`;
    const days = ctx.thresholds.consoleChangeLookbackDays;
    const start = new Date(now.getTime() - days * 86_400_000);
    const looks = await Promise.all([
      look(arn('cloudtrail', 'event-history'), async () => [consoleFinding(ctx, await aws.cloudtrail.writeEvents(region, start, now, CONSOLE_MAX_PAGES))]),
      look(arn('cloudformation', 'stack/*'), async () => {
        const [stacks, instances, groups] = await Promise.all([
          settle(aws.cloudformation.stackSummaries(region)),
          aws.ec2.instances(region),
          aws.ec2.securityGroups(region),
        ]);
        const resources = [
          ...liveInstances(instances).map((i) => ({ id: i.InstanceId, tags: i.Tags })),
          ...groups.filter((g) => g.GroupName !== 'default').map((g) => ({ id: g.GroupId, tags: g.Tags })),
        ];
        const liveStacks = stacks.ok ? stacks.value.filter((s) => s.StackStatus !== 'DELETE_COMPLETE').map((s) => s.StackName) : stacks.error;
        return [toolFinding(ctx, liveStacks, resources)];
      }),
    ]);
    return looks.flat();
  },
});

function consoleFinding(ctx: CheckContext, { events, truncated, failure }: { events: TrailEvent[]; truncated: boolean; failure?: AwsDataError }): Finding {
  const arn = `arn:${ctx.account.partition}:cloudtrail:${ctx.region}:${ctx.account.id}:event-history`;
  const days = ctx.thresholds.consoleChangeLookbackDays;
  const changes = events.map(consoleChange).filter((e) => e !== undefined);
  const evidence = {
    days,
    writeEventsRead: events.length,
    truncated,
    ...(failure ? { readStoppedBy: failure.message } : {}),
    oldestRead: events.at(-1)?.EventTime,
    consoleChanges: changes.length,
    examples: changes.slice(0, 10),
  };
  if (changes.length > 0) {
    const who = [...new Set(changes.map((e) => e.user))].slice(0, 3).join(', ');
    return notMet(
      arn,
      `${changes.length} infrastructure changes were made from the AWS Console in ${ctx.region} in the last ${days} days (by ${who}).`,
      evidence,
    );
  }
  if (failure) return findingFromError(failure, arn);
  if (truncated) return manual(
    arn,
    `No console change among the latest ${events.length} write events in ${ctx.region}; older events of the ${days}-day window were not read: attest the console is not used for routine changes.`,
    evidence,
  );
  return met(
    arn,
    `No infrastructure change from the AWS Console in ${ctx.region} in the last ${days} days (write events read: ${events.length}).`,
    evidence,
  );
}

/** A successful infrastructure change made from a console session, or undefined. */
function consoleChange(e: TrailEvent): { time?: string; event?: string; source?: string; user?: string } | undefined {
  let record: Record<string, any>;
  try {
    record = JSON.parse(e.CloudTrailEvent ?? '{}');
  } catch {
    return undefined;
  }
  const fromConsole = record.sessionCredentialFromConsole === 'true' || /^console\.([a-z0-9-]+\.)?amazonaws\.com$/.test(record.userAgent ?? '');
  if (!fromConsole || record.errorCode || (record.eventType ?? 'AwsApiCall') !== 'AwsApiCall') return undefined;
  if (NOT_INFRA_SOURCES.includes(record.eventSource) || NOT_INFRA_EVENTS.has(record.eventName)) return undefined;
  return { time: record.eventTime, event: record.eventName, source: record.eventSource, user: record.userIdentity?.arn ?? e.Username };
}

function marker(tags: Tag[] = []): string | undefined {
  for (const { Key = '', Value = '' } of tags) {
    if (Key.startsWith('aws:cloudformation:')) return 'cloudformation';
    if (TOOL_TAG.test(Key) || TOOL_TAG.test(Value)) return 'tool-tag';
    if (Key === 'aws:autoscaling:groupName') return 'autoscaling';
    if (/^(eks:|karpenter\.sh\/|kubernetes\.io\/|elbv2\.k8s\.aws\/)/.test(Key)) return 'kubernetes';
  }
  return undefined;
}

/** `stacks`: the live CloudFormation stacks, or why they could not be listed (evidence only). */
function toolFinding(ctx: CheckContext, stacks: (string | undefined)[] | AwsDataError, resources: { id?: string; tags?: Tag[] }[]): Finding {
  const arn = `arn:${ctx.account.partition}:cloudformation:${ctx.region}:${ctx.account.id}:stack/*`;
  const byMarker: Record<string, number> = {};
  const unmarked: string[] = [];
  for (const r of resources) {
    const m = marker(r.tags);
    if (m) byMarker[m] = (byMarker[m] ?? 0) + 1;
    else unmarked.push(r.id ?? '?');
  }
  const listed = Array.isArray(stacks);
  const stackEvidence = listed ? { stacks: stacks.length, stackNames: stacks.slice(0, 10) } : { stacks: `could not tell: ${stacks.message}` };
  const evidence = { ...stackEvidence, resources: resources.length, byMarker, unmarked: unmarked.slice(0, 10) };
  const stackNote = listed ? `${stacks.length} CloudFormation stacks` : 'CloudFormation stacks could not be listed';
  if (resources.length === 0) return met(arn, `No EC2 instances or security groups to assess in ${ctx.region} (${stackNote}).`, evidence);
  if (unmarked.length === 0) return met(
    arn,
    `All ${resources.length} instances and security groups in ${ctx.region} carry an IaC marker (${stackNote}).`,
    evidence,
  );
  return manual(
    arn,
    `${unmarked.length} of ${resources.length} instances and security groups in ${ctx.region} carry no IaC marker (${stackNote}): attest the tool that manages them.`,
    evidence,
  );
}
