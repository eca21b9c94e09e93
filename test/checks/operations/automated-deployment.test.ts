import { expect } from 'vitest';
import check from '../../../src/checks/operations/automated-deployment.js';
import { DENIED, DENIED_EXCEPTION, HOME, THROTTLED, awsError, daysAgo, testCheck } from '../../support/check-tester.js';

const R = HOME;
const SINCE = '2026-03-03T00:00:00.000Z'; // NOW (2026-06-01) truncated to the day, minus 90 days
const SUMMARY = (region = R) => `arn:aws:codepipeline:${region}:123456789012:*`;
const PIPELINE = (name: string, region = R) => `arn:aws:codepipeline:${region}:123456789012:${name}`;
const sgArn = (id: string) => `arn:aws:ec2:${R}:123456789012:security-group/${id}`;

const pipelines = (list: { name: string; updated?: string }[], region = R) => ({
  [`codepipeline:ListPipelines@${region}`]: { pipelines: list.map((p) => ({ ...p, pipelineType: 'V2' })) },
});
type Run = [started: string, status?: string];
const executions = (name: string, runs: Run[], region = R) => ({
  [`codepipeline:ListPipelineExecutions@${region} {"pipelineName":"${name}"}`]: {
    pipelineExecutionSummaries: runs.map(([startTime, status = 'Succeeded'], i) => ({ pipelineExecutionId: `${name}-${i}`, status, startTime, trigger: { triggerType: 'Webhook' } })),
  },
});
const DEPLOYMENTS = (region = R) => `codedeploy:ListDeployments@${region} {"createTimeRange":{"start":"${SINCE}"},"includeOnlyStatuses":["Succeeded"]}`;
const noCodeDeploy = (region = R) => ({ [`codedeploy:ListApplications@${region}`]: { applications: [] } });
const codeDeploy = (apps: string[], deployments: string[], more = false, region = R) => ({
  [`codedeploy:ListApplications@${region}`]: { applications: apps },
  [DEPLOYMENTS(region)]: { deployments, ...(more ? { nextToken: 't2' } : {}) },
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
const groups = (list: object[], region = R) => ({ [`ec2:DescribeSecurityGroups@${region}`]: { SecurityGroups: list } });
const prefixList = (id: string, ...cidrs: string[]) => ({ [`ec2:GetManagedPrefixListEntries@${R} {"PrefixListId":"${id}"}`]: { Entries: cidrs.map((Cidr) => ({ Cidr })) } });
/** A region with no pipeline, no CodeDeploy application and no security group open to the world. */
const emptyRegion = (region: string) => ({ ...pipelines([], region), ...noCodeDeploy(region), ...groups([], region) });

const web = group('sg-web', 'web', { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, cidr: '0.0.0.0/0' }, { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, cidr: '10.0.0.0/8' });
const bastion = group('sg-bastion', 'bastion-ssh', { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, cidr: '0.0.0.0/0' });
const webDeploy = { ...pipelines([{ name: 'web-deploy', updated: daysAgo(30) }]), ...executions('web-deploy', [[daysAgo(7)], [daysAgo(20)]]) };

testCheck(check, {
  met: [
    {
      name: 'pipelineRanLastWeekNoSshOpenToWorld',
      responses: { ...webDeploy, ...noCodeDeploy(), ...groups([web]) },
      expect: {
        metResources: [SUMMARY()],
        message: 'Automated deployments in us-east-1 since 2026-03-03: pipeline web-deploy (last successful run 2026-05-25).',
        check: (r) =>
          expect(r.findings[0].evidence).toEqual({
            since: '2026-03-03',
            pipelines: 1,
            pipelinesProbed: 1,
            activePipelines: [{ name: 'web-deploy', lastRun: daysAgo(7) }],
            ranWithoutSuccess: [],
            codeDeployApplications: [],
            codeDeployDeployments: 0,
            truncated: false,
          }),
      },
    },
    {
      name: 'codeDeployDeploymentsAndSshOnlyFromInstanceConnect',
      responses: {
        ...pipelines([]),
        ...codeDeploy(['orders-api'], ['d-1', 'd-2'], true),
        ...groups([group('sg-app', 'app', { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, prefixList: 'pl-eic' })]),
        ...prefixList('pl-eic', '18.206.107.24/29'),
      },
      expect: { metResources: [SUMMARY()], message: 'Automated deployments in us-east-1 since 2026-03-03: 2+ successful CodeDeploy deployments.' },
    },
    {
      // A pipeline summary always has a name (CodePipeline API reference): an unnamed one makes the list
      // malformed, named as not read; CodeDeploy's deployments still show automation.
      name: 'anUnnamedPipelineMakesTheListUnreadableWhileCodeDeployShowsAutomation',
      responses: { ...pipelines([{ name: 'web-deploy' }, {} as { name: string }]), ...executions('web-deploy', [[SINCE]]), ...codeDeploy(['orders-api'], ['d-1'], true), ...groups([web]) },
      expect: {
        metResources: [SUMMARY()],
        message:
          'Automated deployments in us-east-1 since 2026-03-03: 1+ successful CodeDeploy deployments. Not read: codepipeline:ListPipelines@us-east-1 answered a malformed response: pipelines[1].name is missing.',
      },
    },
    {
      // At most 50 pipelines are probed, the most recently updated first (ListPipelines order is not that).
      name: 'theMostRecentlyUpdatedOfFiftyOnePipelinesIsProbed',
      responses: {
        ...pipelines([
          ...Array.from({ length: 50 }, (_, i) => ({ name: `old-${i}`, updated: daysAgo(100 + i) })),
          { name: 'no-date' },
          { name: 'live', updated: daysAgo(1) },
        ]),
        ...Object.assign({}, ...Array.from({ length: 50 }, (_, i) => executions(`old-${i}`, []))),
        ...executions('live', [[daysAgo(1)]]),
        ...noCodeDeploy(),
        ...groups([web]),
      },
      expect: { metResources: [SUMMARY()], message: 'pipeline live (last successful run 2026-05-31)', check: (r) => expect(r.findings[0].evidence).toMatchObject({ pipelines: 52, pipelinesProbed: 50 }) },
    },
    {
      name: 'aSuccessfulRunOlderThanAFailedNewerOne',
      responses: {
        ...pipelines([{ name: 'api' }]),
        ...executions('api', [[daysAgo(1), 'Failed'], [daysAgo(2), 'Superseded'], [daysAgo(89)]]),
        ...noCodeDeploy(),
        ...groups([web]),
      },
      expect: { metResources: [SUMMARY()], message: 'pipeline api (last successful run 2026-03-04)' },
    },
    {
      name: 'emptyRegionsDoNotHoldTheItemBack',
      regions: [R, 'eu-west-1', 'ap-south-1', 'us-west-2'],
      responses: {
        ...webDeploy,
        ...noCodeDeploy(),
        ...groups([web]),
        ...emptyRegion('eu-west-1'),
        ...emptyRegion('ap-south-1'),
        ...pipelines([], 'us-west-2'),
        ...codeDeploy(['standby'], ['d-9'], false, 'us-west-2'),
        ...groups([], 'us-west-2'),
      },
      expect: {
        metResources: [SUMMARY(), SUMMARY('eu-west-1'), SUMMARY('ap-south-1'), SUMMARY('us-west-2')],
        check: (r) => {
          const eu = r.findings.find((f) => f.resource === SUMMARY('eu-west-1'));
          expect(eu?.message).toBe(
            'No CodePipeline pipeline or CodeDeploy application in eu-west-1: nothing is deployed here through AWS, ' +
              'and automated deployments are seen in us-east-1, us-west-2.',
          );
          expect(eu?.evidence).toMatchObject({ deploymentsSeenIn: ['us-east-1', 'us-west-2'] });
        },
      },
    },
    {
      // CodePipeline and CodeDeploy are not offered in every region: there, nothing deploys through them.
      name: 'regionWithoutCodePipelineOrCodeDeployEndpoints',
      regions: [R, 'ap-east-2'],
      responses: {
        ...webDeploy,
        ...noCodeDeploy(),
        ...groups([web]),
        [`codepipeline:ListPipelines@ap-east-2`]: awsError('UnknownEndpoint', 'getaddrinfo ENOTFOUND codepipeline.ap-east-2.amazonaws.com'),
        [`codedeploy:ListApplications@ap-east-2`]: awsError('UnknownEndpoint', 'getaddrinfo ENOTFOUND codedeploy.ap-east-2.amazonaws.com'),
        ...groups([], 'ap-east-2'),
      },
      expect: { metResources: [SUMMARY(), SUMMARY('ap-east-2')], message: 'No CodePipeline pipeline or CodeDeploy application in ap-east-2: nothing is deployed here through AWS' },
    },
    {
      name: 'pipelinesUnreadableButCodeDeployShowsAutomation',
      responses: { [`codepipeline:ListPipelines@${R}`]: DENIED_EXCEPTION, ...codeDeploy(['orders-api'], ['d-1']), ...groups([web]) },
      expect: {
        metResources: [SUMMARY()],
        message: 'Automated deployments in us-east-1 since 2026-03-03: 1 successful CodeDeploy deployment. Not read: missing permission codepipeline:ListPipelines.',
        check: (r) => expect(r.findings.map((f) => f.status)).toEqual(['met']),
      },
    },
    {
      name: 'oneActivePipelineWhileAnotherIsUnreadable',
      responses: {
        ...pipelines([{ name: 'web-deploy' }, { name: 'batch' }]),
        ...executions('web-deploy', [[daysAgo(3)]]),
        [`codepipeline:ListPipelineExecutions@${R} {"pipelineName":"batch"}`]: THROTTLED,
        [`codedeploy:ListApplications@${R}`]: DENIED_EXCEPTION,
        ...groups([web]),
      },
      expect: {
        metResources: [SUMMARY()],
        message: 'Not read: pipeline batch (codepipeline:ListPipelineExecutions still throttled after retries), missing permission codedeploy:ListApplications.',
      },
    },
  ],
  notMet: [
    {
      name: 'pipelineActiveButBastionSshOpenToWorldIsLeftToPeople',
      responses: { ...webDeploy, ...noCodeDeploy(), ...groups([web, bastion]) },
      expect: {
        status: 'manual',
        resources: [sgArn('sg-bastion')],
        metResources: [SUMMARY()],
        message: 'Security group bastion-ssh (sg-bastion) allows SSH (22) from 0.0.0.0/0: interactive access is possible from anywhere; attest that it is not used to deploy code.',
      },
    },
    {
      name: 'staleFailingAndNeverRunPipelinesLeftToPeople',
      responses: {
        ...pipelines([{ name: 'stale', updated: daysAgo(400) }, { name: 'never-run', updated: daysAgo(10) }, { name: 'broken' }]),
        ...executions('stale', [[daysAgo(200)]]),
        ...executions('never-run', []),
        ...executions('broken', [[daysAgo(5), 'Failed'], [daysAgo(6), 'Stopped']]),
        ...codeDeploy(['legacy'], []),
        ...groups([web]),
      },
      expect: {
        status: 'manual',
        resources: [SUMMARY()],
        message: 'No successful AWS CodePipeline execution or CodeDeploy deployment in us-east-1 since 2026-03-03: attest how code is deployed here (a CI/CD system outside AWS counts).',
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ pipelines: 3, activePipelines: [], ranWithoutSuccess: ['broken'], codeDeployApplications: ['legacy'] }),
      },
    },
    {
      // Deployment tooling that did not deploy lately is not an empty region, whatever other regions do.
      name: 'idleToolingIsLeftToPeopleWhileAnotherRegionDeploys',
      regions: [R, 'eu-west-1', 'us-west-2'],
      responses: {
        ...webDeploy,
        ...noCodeDeploy(),
        ...groups([web]),
        ...pipelines([{ name: 'eu-stale' }], 'eu-west-1'),
        ...executions('eu-stale', [[daysAgo(91)]], 'eu-west-1'),
        ...noCodeDeploy('eu-west-1'),
        ...groups([], 'eu-west-1'),
        ...pipelines([], 'us-west-2'),
        ...codeDeploy(['idle'], [], false, 'us-west-2'),
        ...groups([], 'us-west-2'),
      },
      expect: { status: 'manual', resources: [SUMMARY('eu-west-1'), SUMMARY('us-west-2')], metResources: [SUMMARY()] },
    },
    {
      name: 'emptyEverywhereIsLeftToPeople',
      regions: [R, 'eu-west-1'],
      responses: { ...emptyRegion(R), ...emptyRegion('eu-west-1') },
      expect: { status: 'manual', resources: [SUMMARY(), SUMMARY('eu-west-1')], message: 'No successful AWS CodePipeline execution or CodeDeploy deployment in eu-west-1 since 2026-03-03' },
    },
    {
      name: 'rdpThroughOpenPrefixListAndAllTrafficFromIpv6LeftToPeople',
      responses: {
        ...pipelines([]),
        ...noCodeDeploy(),
        ...groups([
          group('sg-win', 'windows-admin', { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, prefixList: 'pl-any' }),
          group('sg-wide', 'launch-wizard-1', { IpProtocol: '-1', cidr6: '::/0' }),
          group('sg-udp', 'vpn', { IpProtocol: 'udp', FromPort: 0, ToPort: 65535, cidr: '0.0.0.0/0' }),
          group('sg-https', 'https-range', { IpProtocol: '6', FromPort: 23, ToPort: 3388, cidr: '0.0.0.0/0' }),
          group('sg-any-tcp', 'any-tcp', { IpProtocol: 'TCP', cidr: '0.0.0.0/0' }),
          group('sg-six', 'proto-number', { IpProtocol: '6', FromPort: 20, ToPort: 23, cidr: '0.0.0.0/0' }, { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, cidr6: '::/0' }),
          { GroupId: 'sg-bare', GroupName: 'bare' },
        ]),
        ...prefixList('pl-any', '10.0.0.0/8', '0.0.0.0/0'),
      },
      expect: {
        status: 'manual',
        resources: [SUMMARY(), sgArn('sg-win'), sgArn('sg-wide'), sgArn('sg-any-tcp'), sgArn('sg-six')],
        check: (r) => {
          const messages = r.findings.map((f) => f.message).join('\n');
          expect(messages).toMatch(/proto-number \(sg-six\) allows SSH \(22\) from 0\.0\.0\.0\/0; RDP \(3389\) from ::\/0:/);
          expect(messages).toMatch(/windows-admin \(sg-win\) allows RDP \(3389\) from 0\.0\.0\.0\/0 \(prefix list pl-any\):/);
          expect(messages).toMatch(/launch-wizard-1 \(sg-wide\) allows SSH \(22\) and RDP \(3389\) from ::\/0:/);
          expect(messages).toMatch(/any-tcp \(sg-any-tcp\) allows SSH \(22\) and RDP \(3389\) from 0\.0\.0\.0\/0:/);
        },
      },
    },
  ],
  cannotTell: [
    {
      name: 'pipelinesDeniedAndNoDeploymentSeen',
      responses: { [`codepipeline:ListPipelines@${R}`]: DENIED_EXCEPTION, ...codeDeploy(['orders-api'], []), ...groups([web]) },
      expect: { resources: [SUMMARY()], missingPermission: 'codepipeline:ListPipelines' },
    },
    {
      name: 'executionsDenied',
      responses: { ...pipelines([{ name: 'web-deploy' }]), [`codepipeline:ListPipelineExecutions@${R} {"pipelineName":"web-deploy"}`]: DENIED_EXCEPTION, ...noCodeDeploy(), ...groups([web]) },
      expect: { resources: [PIPELINE('web-deploy')], missingPermission: 'codepipeline:ListPipelineExecutions' },
    },
    {
      name: 'codeDeployApplicationsDenied',
      responses: { ...pipelines([]), [`codedeploy:ListApplications@${R}`]: DENIED_EXCEPTION, ...groups([web]) },
      expect: { resources: ['arn:aws:codedeploy:us-east-1:123456789012:application:*'], missingPermission: 'codedeploy:ListApplications' },
    },
    {
      name: 'deploymentsDenied',
      responses: { ...pipelines([]), [`codedeploy:ListApplications@${R}`]: { applications: ['orders-api'] }, [DEPLOYMENTS()]: DENIED_EXCEPTION, ...groups([web]) },
      expect: { resources: ['arn:aws:codedeploy:us-east-1:123456789012:application:*'], missingPermission: 'codedeploy:ListDeployments' },
    },
    {
      name: 'securityGroupsDenied',
      responses: { ...webDeploy, ...noCodeDeploy(), [`ec2:DescribeSecurityGroups@${R}`]: DENIED },
      expect: { resources: [sgArn('*')], metResources: [SUMMARY()], missingPermission: 'ec2:DescribeSecurityGroups' },
    },
    {
      name: 'prefixListDeniedForOneGroupOnly',
      responses: {
        ...webDeploy,
        ...noCodeDeploy(),
        ...groups([group('sg-app', 'app', { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, prefixList: 'pl-x' }), bastion]),
        [`ec2:GetManagedPrefixListEntries@${R} {"PrefixListId":"pl-x"}`]: DENIED,
      },
      expect: {
        resources: [sgArn('sg-app')],
        metResources: [SUMMARY()],
        missingPermission: 'ec2:GetManagedPrefixListEntries',
        check: (r) => expect(r.findings.filter((f) => f.status === 'manual').map((f) => f.resource)).toEqual([sgArn('sg-bastion')]),
      },
    },
    {
      name: 'emptyRegionWhileAnotherCannotBeRead',
      regions: [R, 'eu-west-1'],
      responses: { ...emptyRegion(R), [`codepipeline:ListPipelines@eu-west-1`]: DENIED_EXCEPTION, ...noCodeDeploy('eu-west-1'), ...groups([], 'eu-west-1') },
      expect: { resources: [SUMMARY('eu-west-1')], check: (r) => expect(r.findings.find((f) => f.resource === SUMMARY())?.status).toBe('manual') },
    },
  ],
});
