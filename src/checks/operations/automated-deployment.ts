// 3.1 Deployment of code changes is automated.
// Per region, what AWS shows of automated deployment in the last 90 days (from ctx.now, truncated to the day):
//  - CodePipeline: every pipeline (ListPipelines) and the first page of its executions (ListPipelineExecutions,
//    up to 100, newest first) — a pipeline with a Succeeded execution started in the window is active (a run
//    that failed, was stopped or superseded deployed nothing). At most 50 pipelines are probed, the most
//    recently updated first (bounded calls on estates with many pipelines).
//  - CodeDeploy: applications (ListApplications) and, when there are any, the deployments created in the
//    window that succeeded (ListDeployments createTimeRange.start, includeOnlyStatuses Succeeded, one page).
// Counter-evidence: security groups (ec2:DescribeSecurityGroups, shared with 1.16) whose inbound rules open
// TCP 22 (SSH) or 3389 (RDP) — or all traffic — to 0.0.0.0/0 or ::/0, directly or through a managed prefix
// list holding a /0 entry (ec2:GetManagedPrefixListEntries).
// Decision:
//  - successful pipeline runs or deployments and no SSH/RDP open to the world → met. Either source suffices,
//    so one that could not be read (or one pipeline whose runs could not be read) is named in the evidence,
//    not an error;
//  - SSH/RDP open to the world → manual for each such group: it shows interactive access is possible from
//    anywhere, not that it is used to deploy (1.16 reports the exposure itself as not met); a group whose
//    prefix list cannot be read is an error for that group only;
//  - a region with no pipeline and no CodeDeploy application, or where they are not offered (RegionDisabled),
//    deploys nothing through AWS and does not hold the item back: met when another region in scope shows
//    automated deployments, said so in the message and evidence; otherwise it is left to people like any
//    region without deployments;
//  - no AWS deployment activity → manual: deployments may well be automated from outside AWS (GitHub
//    Actions, Jenkins, GitLab…), and the API cannot prove that SSH/RDP is not used to deploy.
// Session Manager sessions are interactive access too, but are not deployments; they are not looked at.
import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import type { AwsData } from '../../aws/index.js';
import { RegionDisabled } from '../../errors.js';
import type { Finding } from '../../model.js';
import { defineCheck, findingFromError, manual, met, type CheckContext } from '../define-check.js';

const MAX_PIPELINES = 50;
const INTERACTIVE_PORTS: [number, string][] = [[22, 'SSH'], [3389, 'RDP']];

type Pipelines = Awaited<ReturnType<typeof activePipelines>>;
type Deployments = Awaited<ReturnType<typeof recentDeployments>>;

export default defineCheck({
  meta: {
    id: '3.1',
    kind: 'partial',
    scope: 'region',
    permissions: [
      'codepipeline:ListPipelines',
      'codepipeline:ListPipelineExecutions',
      'codedeploy:ListApplications',
      'codedeploy:ListDeployments',
      'ec2:DescribeSecurityGroups',
      'ec2:GetManagedPrefixListEntries',
    ],
    remediation:
      'Deploy every code change through a pipeline (AWS CodePipeline/CodeDeploy, or a CI/CD system outside AWS) and ' +
      'close SSH (22) and RDP (3389) to the internet: reach instances through Session Manager for break-glass access only.',
    docs: 'https://docs.aws.amazon.com/wellarchitected/latest/operational-excellence-pillar/ops_dev_integ_auto_integ_deploy.html',
  },
  async run(ctx) {
    const { aws, region } = ctx;
    const arn = (service: string, resource: string, where = region) => `arn:${ctx.account.partition}:${service}:${where}:${ctx.account.id}:${resource}`;
    const since = windowStart(ctx.now, ctx.thresholds.deploymentActivityDays);
    const [pipelines, deployments, open] = await Promise.all([
      settle(activePipelines(ctx, region, since)),
      settle(recentDeployments(aws, region, since)),
      settle(interactiveExposure(ctx)),
    ]);
    // What could not be read, each as an error finding on what it is about.
    const unread: Finding[] = [
      ...(pipelines instanceof Error ? [findingFromError(pipelines, arn('codepipeline', '*'))] : pipelines.unread),
      ...(deployments instanceof Error ? [findingFromError(deployments, arn('codedeploy', 'application:*'))] : []),
    ];
    const read = { since: since.toISOString().slice(0, 10), ...okOr(pipelines), ...okOr(deployments) };
    const runs = deploymentRuns(pipelines, deployments);
    const findings: Finding[] = [];
    if (runs.length > 0) {
      const notRead = unread.length > 0 ? ` Not read: ${unread.map(whatFailed).join(', ')}.` : '';
      findings.push(met(arn('codepipeline', '*'), `Automated deployments in ${region} since ${read.since}: ${runs.join('; ')}.${notRead}`, read));
    } else if (unread.length > 0) {
      findings.push(...unread);
    } else if ((pipelines as Pipelines).pipelines === 0 && (deployments as Deployments).codeDeployApplications.length === 0) {
      findings.push(await emptyRegionFinding(ctx, since, read, arn('codepipeline', '*')));
    } else {
      findings.push(noDeployments(region, read, arn('codepipeline', '*')));
    }
    if (open instanceof Error) return [...findings, findingFromError(open, arn('ec2', 'security-group/*'))];
    for (const { group, exposure, error } of open) {
      const resource = arn('ec2', `security-group/${group.GroupId}`);
      if (error) {
        findings.push(findingFromError(error, resource));
        continue;
      }
      findings.push(
        manual(
          resource,
          `Security group ${group.GroupName} (${group.GroupId}) allows ${exposure.join('; ')}: interactive access is possible from anywhere; attest that it is not used to deploy code.`,
          { groupId: group.GroupId, groupName: group.GroupName, vpcId: group.VpcId, exposure },
        ),
      );
    }
    return findings;
  },
});

/** A region where nothing deploys through AWS: met when another region in scope shows automated deployments. */
async function emptyRegionFinding(ctx: CheckContext, since: Date, read: { since: string }, resource: string): Promise<Finding> {
  // The other regions' own runs make the same (memoized) calls: this costs no extra request (this region is
  // looked at again too, and shows nothing).
  const seen = await Promise.all(
    ctx.regions.map(async (r) => {
      const [p, d] = await Promise.all([settle(activePipelines(ctx, r, since)), settle(recentDeployments(ctx.aws, r, since))]);
      return deploymentRuns(p, d).length > 0 ? [r] : [];
    }),
  );
  const deploymentsSeenIn = seen.flat();
  if (deploymentsSeenIn.length === 0) return noDeployments(ctx.region, read, resource);
  return met(
    resource,
    `No CodePipeline pipeline or CodeDeploy application in ${ctx.region}: nothing is deployed here through AWS, ` +
      `and automated deployments are seen in ${deploymentsSeenIn.join(', ')}.`,
    { ...read, deploymentsSeenIn },
  );
}

function noDeployments(region: string, read: { since: string }, resource: string): Finding {
  return manual(
    resource,
    `No successful AWS CodePipeline execution or CodeDeploy deployment in ${region} since ${read.since}: attest how code is deployed here (a CI/CD system outside AWS counts).`,
    read,
  );
}

/** The automated deployments seen: "pipeline web (last successful run 2026-05-25)", "3 successful CodeDeploy deployments". */
function deploymentRuns(pipelines: Pipelines | Error, deployments: Deployments | Error): string[] {
  return [
    ...(pipelines instanceof Error ? [] : pipelines.activePipelines.map((p) => `pipeline ${p.name} (last successful run ${p.lastRun.slice(0, 10)})`)),
    ...(deployments instanceof Error || deployments.codeDeployDeployments === 0
      ? []
      : [`${deployments.codeDeployDeployments}${deployments.truncated ? '+' : ''} successful CodeDeploy deployment${deployments.codeDeployDeployments === 1 && !deployments.truncated ? '' : 's'}`]),
  ];
}

function windowStart(now: Date, days: number): Date {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(day - days * 86_400_000);
}

async function activePipelines({ aws, account }: CheckContext, region: string, since: Date) {
  const all = await aws.codepipeline.pipelines(region).catch(noneWhereNotOffered);
  const probed = all
    .filter((p) => p.name)
    .sort((a, b) => (b.updated?.getTime() ?? 0) - (a.updated?.getTime() ?? 0)).slice(0, MAX_PIPELINES);
  const looks = await Promise.all(
    probed.map((p) =>
      aws.codepipeline.recentExecutions(region, p.name!).then(
        ({ executions }) => ({ name: p.name!, inWindow: executions.filter((e) => e.startTime && e.startTime >= since) }),
        (err: unknown) => ({ name: p.name!, error: findingFromError(err, `arn:${account.partition}:codepipeline:${region}:${account.id}:${p.name}`) }),
      ),
    ),
  );
  const activePipelines: { name: string; lastRun: string }[] = [];
  const ranWithoutSuccess: string[] = [];
  const unread: Finding[] = [];
  for (const look of looks) {
    if ('error' in look) {
      unread.push(look.error);
      continue;
    }
    const succeeded = look.inWindow.filter((e) => e.status === 'Succeeded').map((e) => e.startTime!.getTime());
    if (succeeded.length > 0) activePipelines.push({ name: look.name, lastRun: new Date(Math.max(...succeeded)).toISOString() });
    else if (look.inWindow.length > 0) ranWithoutSuccess.push(look.name);
  }
  return { pipelines: all.length, pipelinesProbed: probed.length, activePipelines, ranWithoutSuccess, unread };
}

async function recentDeployments(aws: AwsData, region: string, since: Date) {
  const applications = await aws.codedeploy.applications(region).catch(noneWhereNotOffered);
  if (!applications.length) return { codeDeployApplications: [], codeDeployDeployments: 0, truncated: false };
  const { ids, truncated } = await aws.codedeploy.succeededDeploymentsSince(region, since);
  return { codeDeployApplications: applications, codeDeployDeployments: ids.length, truncated };
}

/** Security groups with inbound SSH/RDP (or all traffic) from anywhere, and what they expose (or why it could not be told). */
async function interactiveExposure({ aws, region }: CheckContext): Promise<{ group: SecurityGroup; exposure: string[]; error?: unknown }[]> {
  const groups = await aws.ec2.securityGroups(region);
  const found = await Promise.all(
    groups.map(async (group) => {
      const exposure: string[] = [];
      try {
        for (const rule of group.IpPermissions ?? []) {
          const ports = INTERACTIVE_PORTS.filter(([port]) => opens(rule, port)).map(([port, name]) => `${name} (${port})`);
          if (!ports.length) continue;
          const sources = [...(rule.IpRanges ?? []).map((r) => r.CidrIp), ...(rule.Ipv6Ranges ?? []).map((r) => r.CidrIpv6)].filter(anywhere);
          for (const { PrefixListId } of rule.PrefixListIds ?? []) {
            if (!PrefixListId) continue;
            const cidr = (await aws.ec2.prefixListEntries(region, PrefixListId)).map((e) => e.Cidr).find(anywhere);
            if (cidr) sources.push(`${cidr} (prefix list ${PrefixListId})`);
          }
          exposure.push(...sources.map((s) => `${ports.join(' and ')} from ${s}`));
        }
      } catch (error) {
        return { group, exposure, error };
      }
      return { group, exposure };
    }),
  );
  return found.filter((f) => f.exposure.length > 0 || f.error);
}

function opens(rule: IpPermission, port: number): boolean {
  const protocol = (rule.IpProtocol ?? '-1').toLowerCase();
  if (protocol === '-1') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  return (rule.FromPort ?? 0) <= port && port <= (rule.ToPort ?? 65535);
}

function anywhere(cidr: string | undefined): cidr is string {
  return cidr !== undefined && cidr.endsWith('/0');
}

/** Where the service has no endpoint (RegionDisabled), nothing deploys through it: an empty list. */
function noneWhereNotOffered(err: unknown): never[] {
  if (err instanceof RegionDisabled) return [];
  throw err;
}

/** The call's value, or the error it failed with. */
function settle<T>(p: Promise<T>): Promise<T | Error> {
  return p.catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
}

/** The value's fields for the evidence; nothing when it is an error. */
function okOr<T extends object>(value: T | Error): Partial<Omit<T, 'unread'>> {
  if (value instanceof Error) return {};
  const { unread: _unread, ...rest } = value as T & { unread?: unknown };
  return rest;
}

/** "missing permission codepipeline:ListPipelines" or "pipeline batch (…still throttled…)": what an error finding could not read. */
function whatFailed(f: Finding): string {
  const what = f.message.replace(/^could not tell: /, '');
  return f.resource.endsWith(':*') ? what : `pipeline ${f.resource.split(':').pop()} (${what})`;
}
