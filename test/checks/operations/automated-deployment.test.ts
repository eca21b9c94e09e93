import { expect } from 'vitest';
import check from '../../../src/checks/operations/automated-deployment.js';
import { DENIED, DENIED_EXCEPTION, HOME, daysAgo, testCheck } from '../../support/check-tester.js';

const R = HOME;
const SINCE = '2026-03-03T00:00:00.000Z'; // NOW (2026-06-01) truncated to the day, minus 90 days
const SUMMARY = `arn:aws:codepipeline:${R}:123456789012:*`;
const sgArn = (id: string) => `arn:aws:ec2:${R}:123456789012:security-group/${id}`;

const pipelines = (...list: { name: string; updated?: string }[]) => ({ [`codepipeline:ListPipelines@${R}`]: { pipelines: list.map((p) => ({ ...p, pipelineType: 'V2' })) } });
const executions = (name: string, ...started: string[]) => ({
  [`codepipeline:ListPipelineExecutions@${R} {"pipelineName":"${name}"}`]: {
    pipelineExecutionSummaries: started.map((startTime, i) => ({ pipelineExecutionId: `${name}-${i}`, status: 'Succeeded', startTime, trigger: { triggerType: 'Webhook' } })),
  },
});
const noCodeDeploy = { [`codedeploy:ListApplications@${R}`]: { applications: [] } };
const codeDeploy = (apps: string[], deployments: string[], more = false) => ({
  [`codedeploy:ListApplications@${R}`]: { applications: apps },
  [`codedeploy:ListDeployments@${R} {"createTimeRange":{"start":"${SINCE}"}}`]: { deployments, ...(more ? { nextToken: 't2' } : {}) },
});
type Rule = { IpProtocol: string; FromPort?: number; ToPort?: number; cidr?: string; cidr6?: string; prefixList?: string };
const group = (GroupId: string, GroupName: string, ...rules: Rule[]) => ({
  GroupId,
  GroupName,
  VpcId: 'vpc-1',
  IpPermissions: rules.map(({ cidr, cidr6, prefixList, ...r }) => ({
    ...r,
    IpRanges: cidr ? [{ CidrIp: cidr }] : [],
    Ipv6Ranges: cidr6 ? [{ CidrIpv6: cidr6 }] : [],
    PrefixListIds: prefixList ? [{ PrefixListId: prefixList }] : [],
  })),
});
const groups = (...list: object[]) => ({ [`ec2:DescribeSecurityGroups@${R}`]: { SecurityGroups: list } });
const prefixList = (id: string, ...cidrs: string[]) => ({ [`ec2:GetManagedPrefixListEntries@${R} {"PrefixListId":"${id}"}`]: { Entries: cidrs.map((Cidr) => ({ Cidr })) } });

const web = group('sg-web', 'web', { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, cidr: '0.0.0.0/0' }, { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, cidr: '10.0.0.0/8' });
const bastion = group('sg-bastion', 'bastion-ssh', { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, cidr: '0.0.0.0/0' });

testCheck(check, {
  met: [
    {
      name: 'pipelineRanLastWeekNoSshOpenToWorld',
      responses: { ...pipelines({ name: 'web-deploy', updated: daysAgo(30) }), ...executions('web-deploy', daysAgo(7), daysAgo(20)), ...noCodeDeploy, ...groups(web) },
      expect: {
        resources: [SUMMARY],
        message: 'pipeline web-deploy (last run 2026-05-25, Succeeded)',
        check: (r) =>
          expect(r.findings[0].evidence).toMatchObject({ since: '2026-03-03', pipelines: 1, pipelinesProbed: 1, codeDeployApplications: [], codeDeployDeployments: 0 }),
      },
    },
    {
      name: 'codeDeployDeploymentsAndSshOnlyFromInstanceConnect',
      responses: {
        ...pipelines(),
        ...codeDeploy(['orders-api'], ['d-1', 'd-2'], true),
        ...groups(group('sg-app', 'app', { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, prefixList: 'pl-eic' })),
        ...prefixList('pl-eic', '18.206.107.24/29'),
      },
      expect: { resources: [SUMMARY], message: '2+ CodeDeploy deployments' },
    },
    {
      name: 'pipelineActiveButBastionSshOpenToWorldIsLeftToPeople',
      responses: { ...pipelines({ name: 'web-deploy' }), ...executions('web-deploy', daysAgo(2)), ...noCodeDeploy, ...groups(web, bastion) },
      expect: {
        status: 'manual',
        resources: [sgArn('sg-bastion')],
        message: 'allows SSH (22) from 0.0.0.0/0: interactive access is possible from anywhere',
        check: (r) => expect(r.findings.map((f) => f.status)).toEqual(['met', 'manual']),
      },
    },
  ],
  notMet: [
    {
      name: 'noAwsDeploymentActivityLeftToPeople',
      responses: {
        ...pipelines({ name: 'stale', updated: daysAgo(400) }, { name: 'never-run', updated: daysAgo(10) }),
        ...executions('stale', daysAgo(200)),
        ...executions('never-run'),
        ...codeDeploy(['legacy'], []),
        ...groups(web),
      },
      expect: {
        status: 'manual',
        resources: [SUMMARY],
        message: 'No AWS CodePipeline execution or CodeDeploy deployment in us-east-1 since 2026-03-03',
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ pipelines: 2, activePipelines: [], codeDeployApplications: ['legacy'] }),
      },
    },
    {
      name: 'rdpThroughOpenPrefixListAndAllTrafficFromIpv6LeftToPeople',
      responses: {
        ...pipelines(),
        ...noCodeDeploy,
        ...groups(
          group('sg-win', 'windows-admin', { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, prefixList: 'pl-any' }),
          group('sg-wide', 'launch-wizard-1', { IpProtocol: '-1', cidr6: '::/0' }),
          group('sg-udp', 'vpn', { IpProtocol: 'udp', FromPort: 0, ToPort: 65535, cidr: '0.0.0.0/0' }),
        ),
        ...prefixList('pl-any', '0.0.0.0/0'),
      },
      expect: {
        status: 'manual',
        resources: [SUMMARY, sgArn('sg-win'), sgArn('sg-wide')],
        check: (r) => {
          const messages = r.findings.map((f) => f.message).join('\n');
          expect(messages).toMatch(/RDP \(3389\) from 0\.0\.0\.0\/0 \(prefix list pl-any\)/);
          expect(messages).toMatch(/SSH \(22\) and RDP \(3389\) from ::\/0/);
        },
      },
    },
  ],
  cannotTell: [
    {
      name: 'pipelinesDeniedButCodeDeployShowsAutomation',
      responses: { [`codepipeline:ListPipelines@${R}`]: DENIED_EXCEPTION, ...codeDeploy(['orders-api'], ['d-1']), ...groups(web) },
      expect: { missingPermission: 'codepipeline:ListPipelines', check: (r) => expect(r.findings.map((f) => f.status)).toEqual(['met', 'error']) },
    },
    {
      name: 'executionsDenied',
      responses: { ...pipelines({ name: 'web-deploy' }), [`codepipeline:ListPipelineExecutions@${R} {"pipelineName":"web-deploy"}`]: DENIED_EXCEPTION, ...noCodeDeploy, ...groups(web) },
      expect: { missingPermission: 'codepipeline:ListPipelineExecutions' },
    },
    {
      name: 'codeDeployApplicationsDenied',
      responses: { ...pipelines(), [`codedeploy:ListApplications@${R}`]: DENIED_EXCEPTION, ...groups(web) },
      expect: { missingPermission: 'codedeploy:ListApplications', check: (r) => expect(r.findings.map((f) => f.status)).toEqual(['error']) },
    },
    {
      name: 'deploymentsDenied',
      responses: {
        ...pipelines(),
        [`codedeploy:ListApplications@${R}`]: { applications: ['orders-api'] },
        [`codedeploy:ListDeployments@${R} {"createTimeRange":{"start":"${SINCE}"}}`]: DENIED_EXCEPTION,
        ...groups(web),
      },
      expect: { missingPermission: 'codedeploy:ListDeployments' },
    },
    {
      name: 'securityGroupsDenied',
      responses: { ...pipelines({ name: 'web-deploy' }), ...executions('web-deploy', daysAgo(1)), ...noCodeDeploy, [`ec2:DescribeSecurityGroups@${R}`]: DENIED },
      expect: { missingPermission: 'ec2:DescribeSecurityGroups' },
    },
    {
      name: 'prefixListDenied',
      responses: {
        ...pipelines({ name: 'web-deploy' }),
        ...executions('web-deploy', daysAgo(1)),
        ...noCodeDeploy,
        ...groups(group('sg-app', 'app', { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, prefixList: 'pl-x' })),
        [`ec2:GetManagedPrefixListEntries@${R} {"PrefixListId":"pl-x"}`]: DENIED,
      },
      expect: { missingPermission: 'ec2:GetManagedPrefixListEntries' },
    },
  ],
});
