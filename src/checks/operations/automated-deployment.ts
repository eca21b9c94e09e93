// 3.1 Deployment of code changes is automated.
// Per region, what AWS shows of automated deployment in the last 90 days (from ctx.now, truncated to the day):
//  - CodePipeline: every pipeline (ListPipelines) and the first page of its executions (ListPipelineExecutions,
//    up to 100, newest first) — a pipeline whose newest execution started in the window is active. At most
//    50 pipelines are probed, the most recently updated first (bounded calls on estates with many pipelines).
//  - CodeDeploy: applications (ListApplications) and, when there are any, the deployments created in the
//    window (ListDeployments createTimeRange.start, one page).
// Counter-evidence: security groups (ec2:DescribeSecurityGroups, shared with 1.16) whose inbound rules open
// TCP 22 (SSH) or 3389 (RDP) — or all traffic — to 0.0.0.0/0 or ::/0, directly or through a managed prefix
// list holding a /0 entry (ec2:GetManagedPrefixListEntries).
// Decision:
//  - active pipelines or deployments and no SSH/RDP open to the world → met;
//  - SSH/RDP open to the world → manual for each such group: it shows interactive access is possible from
//    anywhere, not that it is used to deploy (1.16 reports the exposure itself as not met);
//  - no AWS deployment activity → manual: deployments may well be automated from outside AWS (GitHub
//    Actions, Jenkins, GitLab…), and the API cannot prove that SSH/RDP is not used to deploy.
// Session Manager sessions are interactive access too, but are not deployments; they are not looked at.
import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import type { AwsData } from '../../aws/index.js';
import type { Finding } from '../../model.js';
import { defineCheck, findingFromError, manual, met } from '../define-check.js';

const MAX_PIPELINES = 50;
const INTERACTIVE_PORTS: [number, string][] = [[22, 'SSH'], [3389, 'RDP']];

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
    const { aws, account, region } = ctx;
    const arn = (service: string, resource: string) => `arn:${account.partition}:${service}:${region}:${account.id}:${resource}`;
    const since = windowStart(ctx.now, ctx.thresholds.deploymentActivityDays);
    const errors: Finding[] = [];
    const look = async <T>(resource: string, fn: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await fn();
      } catch (err) {
        errors.push(findingFromError(err, resource));
        return undefined;
      }
    };
    const [pipelines, deployments, open] = await Promise.all([
      look(arn('codepipeline', '*'), () => activePipelines(aws, region, since)),
      look(arn('codedeploy', 'application:*'), () => recentDeployments(aws, region, since)),
      look(arn('ec2', 'security-group/*'), () => interactiveExposure(aws, region)),
    ]);
    const evidence = { since: since.toISOString().slice(0, 10), ...pipelines, ...deployments };
    const runs = [
      ...(pipelines?.activePipelines ?? []).map((p) => `pipeline ${p.name} (last run ${p.lastRun.slice(0, 10)}, ${p.status})`),
      ...(deployments?.codeDeployDeployments ? [`${deployments.codeDeployDeployments}${deployments.truncated ? '+' : ''} CodeDeploy deployments`] : []),
    ];
    const findings: Finding[] = [];
    if (runs.length) {
      findings.push(met(arn('codepipeline', '*'), `Automated deployments in ${region} since ${evidence.since}: ${runs.join('; ')}.`, evidence));
    } else if (pipelines && deployments) {
      findings.push(
        manual(arn('codepipeline', '*'), `No AWS CodePipeline execution or CodeDeploy deployment in ${region} since ${evidence.since}: attest how code is deployed here (a CI/CD system outside AWS counts).`, evidence),
      );
    }
    for (const { group, exposure } of open ?? []) {
      findings.push(
        manual(
          arn('ec2', `security-group/${group.GroupId}`),
          `Security group ${group.GroupName} (${group.GroupId}) allows ${exposure.join('; ')}: interactive access is possible from anywhere; attest that it is not used to deploy code.`,
          { groupId: group.GroupId, groupName: group.GroupName, vpcId: group.VpcId, exposure },
        ),
      );
    }
    return [...findings, ...errors];
  },
});

function windowStart(now: Date, days: number): Date {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(day - days * 86_400_000);
}

async function activePipelines(aws: AwsData, region: string, since: Date) {
  const all = await aws.codepipeline.pipelines(region);
  const probed = [...all].sort((a, b) => (b.updated?.getTime() ?? 0) - (a.updated?.getTime() ?? 0)).slice(0, MAX_PIPELINES);
  const runs = await Promise.all(probed.map(async (p) => ({ name: p.name ?? '?', newest: (await aws.codepipeline.recentExecutions(region, p.name ?? '')).executions[0] })));
  const activePipelines = runs
    .filter((r) => r.newest?.startTime && r.newest.startTime >= since)
    .map((r) => ({ name: r.name, lastRun: r.newest!.startTime!.toISOString(), status: r.newest!.status ?? 'unknown' }));
  return { pipelines: all.length, pipelinesProbed: probed.length, activePipelines };
}

async function recentDeployments(aws: AwsData, region: string, since: Date) {
  const applications = await aws.codedeploy.applications(region);
  if (!applications.length) return { codeDeployApplications: [], codeDeployDeployments: 0, truncated: false };
  const { ids, truncated } = await aws.codedeploy.deploymentsSince(region, since);
  return { codeDeployApplications: applications, codeDeployDeployments: ids.length, truncated };
}

/** Security groups with inbound SSH/RDP (or all traffic) from anywhere, and what they expose. */
async function interactiveExposure(aws: AwsData, region: string): Promise<{ group: SecurityGroup; exposure: string[] }[]> {
  const groups = await aws.ec2.securityGroups(region);
  const found = await Promise.all(
    groups.map(async (group) => {
      const exposure: string[] = [];
      for (const rule of group.IpPermissions ?? []) {
        const ports = INTERACTIVE_PORTS.filter(([port]) => opens(rule, port)).map(([port, name]) => `${name} (${port})`);
        if (!ports.length) continue;
        const sources = [...(rule.IpRanges ?? []).map((r) => r.CidrIp), ...(rule.Ipv6Ranges ?? []).map((r) => r.CidrIpv6)].filter(anywhere);
        for (const { PrefixListId } of rule.PrefixListIds ?? []) {
          const cidr = (await aws.ec2.prefixListEntries(region, PrefixListId!)).map((e) => e.Cidr).find(anywhere);
          if (cidr) sources.push(`${cidr} (prefix list ${PrefixListId})`);
        }
        exposure.push(...sources.map((s) => `${ports.join(' and ')} from ${s}`));
      }
      return { group, exposure };
    }),
  );
  return found.filter((f) => f.exposure.length > 0);
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
