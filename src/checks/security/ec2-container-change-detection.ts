// 1.20 A monitoring mechanism is in place to detect changes in EC2 instances and containers.
// The item asks for file-integrity monitoring of OS and application files with records kept off the host
// (OSSEC, Tripwire, configuration management with canaries, a HIDS …): no API can prove that, so the best
// this check can say is partial. Per region:
//   - no EC2 instance (any state but shutting-down / terminated; an instance without a state counts) and no
//     ECS cluster → met: nothing to monitor (EKS on Fargate is not inventoried: no EKS client; EKS nodes on EC2
//     are instances and are counted). If one of the two lists cannot be read and the other is empty, whether
//     there is anything to monitor is unknown → error; if the other holds workload, the region is judged on it;
//   - otherwise it looks for AWS-native change detection:
//       AWS Config: a recorder that is recording and records AWS::EC2::Instance or a container type;
//       Systems Manager: managed instances plus a State Manager association of AWS-GatherSoftwareInventory;
//       GuardDuty: an ENABLED detector with RUNTIME_MONITORING or EKS_RUNTIME_MONITORING enabled;
//       Inspector: EC2 or ECR scanning ENABLED for this account (BatchGetAccountStatus);
//     some active → manual (the evidence, plus what people must attest: file-integrity monitoring and its
//     durable records); none → not met (a third-party tool is then attested); none seen but a source could
//     not be read → error (could not tell).
import { recordsType } from '../../aws/services/config.js';
import { AwsDataError, ServiceNotEnabled } from '../../errors.js';
import { defineCheck, findingFromError, manual, met, notMet, type CheckContext } from '../define-check.js';

const CONTAINER_TYPES = ['AWS::ECS::Cluster', 'AWS::ECS::Service', 'AWS::ECS::TaskDefinition', 'AWS::EKS::Cluster', 'AWS::ECR::Repository'];
/** Instance states with nothing left to monitor; every other state (or none given) counts as a workload. */
const GONE_STATES = new Set(['shutting-down', 'terminated']);
const RUNTIME_FEATURES = new Set(['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING']);

interface Workload {
  instanceIds: string[];
  clusters: string[];
}
interface Source {
  active: boolean;
  detail: string;
  error?: AwsDataError;
}

export default defineCheck({
  meta: {
    id: '1.20',
    kind: 'partial',
    scope: 'region',
    permissions: [
      'ec2:DescribeInstances',
      'ecs:ListClusters',
      'config:DescribeConfigurationRecorders',
      'config:DescribeConfigurationRecorderStatus',
      'ssm:DescribeInstanceInformation',
      'ssm:ListAssociations',
      'guardduty:ListDetectors',
      'guardduty:GetDetector',
      'inspector2:BatchGetAccountStatus',
    ],
    remediation:
      'Run file-integrity monitoring on every instance and container host (OSSEC/Wazuh, Tripwire, or configuration ' +
      'management that alerts on drift) and ship its records off the host (CloudWatch Logs, S3). AWS-native support: ' +
      'AWS Config recording EC2 and container resources, Systems Manager Inventory (AWS-GatherSoftwareInventory), ' +
      'GuardDuty Runtime Monitoring and Amazon Inspector scanning. Cycling instances alone does not meet the item.',
    docs: 'https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring.html',
  },
  async run(ctx) {
    const { aws, region, account } = ctx;
    const [instances, clusters] = await Promise.all([settle(aws.ec2.instances(region)), settle(aws.ecs.clusterArns(region))]);
    const live = (instances.value ?? []).filter((i) => !GONE_STATES.has(i.State?.Name ?? ''));
    const work: Workload = { instanceIds: live.map((i) => i.InstanceId!), clusters: clusters.value ?? [] };
    const count = (list: { error?: AwsDataError }, n: number) => (list.error ? `unknown: ${list.error.message}` : n);
    const scope = { ec2Instances: count(instances, live.length), ecsClusters: count(clusters, work.clusters.length) };
    if (work.instanceIds.length === 0 && work.clusters.length === 0) {
      const failed = instances.error ?? clusters.error;
      if (!failed) return [met(account.rootArn, `No EC2 instances or ECS clusters in ${region}: nothing to monitor.`, scope)];
      const f = findingFromError(failed, account.rootArn);
      return [{ ...f, message: `${f.message} (whether ${region} runs EC2 instances or ECS clusters is unknown)`, evidence: scope }];
    }
    const looks = { config: configRecorder, ssm: ssmInventory, guardduty: guardDuty, inspector };
    const answers = await Promise.all(Object.values(looks).map((look) => attempt(() => look(ctx, work))));
    const sources = Object.fromEntries(Object.keys(looks).map((k, i) => [k, answers[i]]));
    const evidence = { ...scope, ...Object.fromEntries(Object.entries(sources).map(([k, s]) => [k, s.detail])) };
    const active = Object.keys(sources).filter((k) => sources[k].active);
    if (active.length > 0) {
      const attest = 'Attest file-integrity monitoring of OS and application files on every instance and container, with records stored off the host.';
      return [manual(account.rootArn, `Change-detection signals in ${region}: ${active.join(', ')}. ${attest}`, evidence)];
    }
    const unreadable = answers.find((s) => s.error);
    if (unreadable) return [{ ...findingFromError(unreadable.error, account.rootArn), evidence }];
    const ec2 = instances.error ? 'an unknown number of EC2 instances' : `${live.length} EC2 instance(s)`;
    const ecs = clusters.error ? 'an unknown number of ECS clusters' : `${work.clusters.length} ECS cluster(s)`;
    const what = `${ec2} and ${ecs} in ${region}`;
    return [notMet(account.rootArn, `No change detection found for ${what}; attest a third-party file-integrity tool if one is used.`, evidence)];
  },
});

/** A list read that may fail: its value, or the classified error (anything else is a bug and is re-thrown). */
async function settle<T>(read: Promise<T>): Promise<{ value?: T; error?: AwsDataError }> {
  try {
    return { value: await read };
  } catch (error) {
    if (error instanceof AwsDataError) return { error };
    throw error;
  }
}

async function attempt(look: () => Promise<Source>): Promise<Source> {
  try {
    return await look();
  } catch (err) {
    if (err instanceof ServiceNotEnabled) return { active: false, detail: err.message };
    if (err instanceof AwsDataError) return { active: false, detail: `unreadable: ${err.message}`, error: err };
    throw err;
  }
}

async function configRecorder({ aws, region }: CheckContext, work: Workload): Promise<Source> {
  const [recorders, statuses] = await Promise.all([aws.config.recorders(region), aws.config.recorderStatus(region)]);
  const wanted = [...(work.instanceIds.length > 0 ? ['AWS::EC2::Instance'] : []), ...(work.clusters.length > 0 ? CONTAINER_TYPES : [])];
  const recorded = new Set<string>();
  for (const r of recorders) {
    if (!statuses.some((s) => s.name === r.name && s.recording === true)) continue;
    for (const type of wanted) if (recordsType(r.recordingGroup, type)) recorded.add(type);
  }
  if (recorded.size > 0) return { active: true, detail: `recording ${[...recorded].join(', ')}` };
  return { active: false, detail: recorders.length === 0 ? 'no configuration recorder' : 'no recording recorder covers EC2 or container resources' };
}

async function ssmInventory({ aws, region }: CheckContext, work: Workload): Promise<Source> {
  if (work.instanceIds.length === 0) return { active: false, detail: 'no EC2 instances' };
  const [managed, associations] = await Promise.all([aws.ssm.managedInstances(region), aws.ssm.associations(region)]);
  const ids = new Set(managed.map((m) => m.InstanceId));
  const count = work.instanceIds.filter((id) => ids.has(id)).length;
  const inventory = associations.some((a) => a.Name === 'AWS-GatherSoftwareInventory');
  const detail = `${count} of ${work.instanceIds.length} instance(s) managed by SSM; inventory association ${inventory ? 'present' : 'absent'}`;
  return { active: count > 0 && inventory, detail };
}

async function guardDuty({ aws, region }: CheckContext): Promise<Source> {
  const [id] = await aws.guardduty.detectorIds(region);
  if (!id) return { active: false, detail: 'no GuardDuty detector' };
  const detector = await aws.guardduty.detector(region, id);
  const runtime = (detector.Features ?? [])
    .filter((f) => RUNTIME_FEATURES.has(f.Name ?? '') && f.Status === 'ENABLED')
    .map((f) => f.Name);
  if (detector.Status === 'ENABLED' && runtime.length > 0) return { active: true, detail: `runtime monitoring: ${runtime.join(', ')}` };
  return { active: false, detail: `detector ${detector.Status ?? 'status unknown'}, runtime monitoring off` };
}

async function inspector({ aws, region, account }: CheckContext): Promise<Source> {
  const status = await aws.inspector2.accountStatus(region);
  const mine = (status.accounts ?? []).find((a) => a.accountId === account.id);
  if (!mine) {
    const failed = (status.failedAccounts ?? []).find((a) => a.accountId === account.id);
    const why = `Inspector did not return this account's status${failed ? ` (${failed.errorCode})` : ''}`;
    return { active: false, detail: why, error: new AwsDataError(why, 'inspector2:BatchGetAccountStatus', region) };
  }
  const scanning = (['ec2', 'ecr'] as const).filter((t) => mine.resourceState?.[t]?.status === 'ENABLED');
  return scanning.length > 0 ? { active: true, detail: `scanning ${scanning.join(', ')}` } : { active: false, detail: 'EC2 and ECR scanning off' };
}
