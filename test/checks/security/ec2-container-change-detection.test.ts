import check from '../../../src/checks/security/ec2-container-change-detection.js';
import { DENIED, DENIED_EXCEPTION, testCheck } from '../../support/check-tester.js';

const R = 'us-east-1';
const instances = (...states: string[]) => ({
  [`ec2:DescribeInstances@${R}`]: { Reservations: [{ Instances: states.map((Name, i) => ({ InstanceId: `i-0${i}aa`, State: { Name } })) }] },
});
const clusters = (...names: string[]) => ({ [`ecs:ListClusters@${R}`]: { clusterArns: names.map((n) => `arn:aws:ecs:${R}:123456789012:cluster/${n}`) } });
const recorder = (recordingGroup: object | undefined, recording = true) => ({
  [`config:DescribeConfigurationRecorders@${R}`]: { ConfigurationRecorders: [{ name: 'default', roleARN: 'arn:aws:iam::123456789012:role/config', recordingGroup }] },
  [`config:DescribeConfigurationRecorderStatus@${R}`]: { ConfigurationRecordersStatus: [{ name: 'default', recording, lastStatus: 'SUCCESS' }] },
});
const ssm = (managed: string[], inventory: boolean) => ({
  [`ssm:DescribeInstanceInformation@${R}`]: { InstanceInformationList: managed.map((InstanceId) => ({ InstanceId, PingStatus: 'Online' })) },
  [`ssm:ListAssociations@${R}`]: { Associations: inventory ? [{ Name: 'AWS-GatherSoftwareInventory', AssociationId: 'a-1' }, { Name: 'AWS-UpdateSSMAgent' }] : [{ Name: 'AWS-UpdateSSMAgent' }] },
});
const guardduty = (status: string, features: [string, string][]) => ({
  [`guardduty:ListDetectors@${R}`]: { DetectorIds: ['d-1'] },
  [`guardduty:GetDetector@${R} {"DetectorId":"d-1"}`]: { Status: status, ServiceRole: 'x', Features: features.map(([Name, Status]) => ({ Name, Status })) },
});
const inspector = (ec2: string, ecr: string) => ({
  [`inspector2:BatchGetAccountStatus@${R}`]: {
    accounts: [{ accountId: '123456789012', state: { status: 'ENABLED' }, resourceState: { ec2: { status: ec2 }, ecr: { status: ecr } } }],
    failedAccounts: [],
  },
});
/** Workload present, every mechanism off. */
const nothingWatching = {
  ...instances('running', 'stopped'),
  ...clusters(),
  [`config:DescribeConfigurationRecorders@${R}`]: { ConfigurationRecorders: [] },
  [`config:DescribeConfigurationRecorderStatus@${R}`]: { ConfigurationRecordersStatus: [] },
  ...ssm([], false),
  [`guardduty:ListDetectors@${R}`]: { DetectorIds: [] },
  ...inspector('DISABLED', 'DISABLED'),
};
const manual = { status: 'manual' as const };

testCheck(check, {
  met: [
    { name: 'noInstancesNoClusters', responses: { ...instances(), ...clusters() }, expect: { message: 'nothing to monitor' } },
    { name: 'onlyTerminatedInstances', responses: { ...instances('terminated', 'shutting-down'), ...clusters() } },
  ],
  notMet: [
    { name: 'instancesWithNothingWatching', responses: nothingWatching, expect: { message: 'No change detection found for 2 EC2 instance(s)' } },
    { name: 'fargateClusterWithNothingWatching', responses: { ...nothingWatching, ...instances(), ...clusters('web') }, expect: { message: '0 EC2 instance(s) and 1 ECS cluster(s)' } },
    { name: 'recorderRecordsOtherTypesOnly', responses: { ...nothingWatching, ...recorder({ allSupported: false, resourceTypes: ['AWS::S3::Bucket'] }) } },
    {
      name: 'recorderExcludesEc2Instances',
      responses: { ...nothingWatching, ...recorder({ allSupported: false, exclusionByResourceTypes: { resourceTypes: ['AWS::EC2::Instance'] }, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' } }) },
    },
    { name: 'recorderStopped', responses: { ...nothingWatching, ...recorder({ allSupported: true }, false) } },
    { name: 'ssmManagedWithoutInventory', responses: { ...nothingWatching, ...ssm(['i-00aa', 'i-01aa'], false) } },
    { name: 'guardDutyWithoutRuntimeMonitoring', responses: { ...nothingWatching, ...guardduty('ENABLED', [['S3_DATA_EVENTS', 'ENABLED'], ['RUNTIME_MONITORING', 'DISABLED']]) } },
  ],
  cannotTell: [
    { name: 'configRecordsEverythingNeedsAttestation', responses: { ...nothingWatching, ...recorder({ allSupported: true }) }, expect: { ...manual, message: 'Change-detection signals in us-east-1: config' } },
    { name: 'ecsRecordedNeedsAttestation', responses: { ...nothingWatching, ...instances(), ...clusters('api'), ...recorder({ allSupported: false, resourceTypes: ['AWS::ECS::TaskDefinition'] }) }, expect: manual },
    { name: 'ssmInventoryNeedsAttestation', responses: { ...nothingWatching, ...ssm(['i-00aa'], true) }, expect: { ...manual, message: 'ssm' } },
    { name: 'guardDutyRuntimeNeedsAttestation', responses: { ...nothingWatching, ...guardduty('ENABLED', [['RUNTIME_MONITORING', 'ENABLED']]) }, expect: { ...manual, message: 'guardduty' } },
    { name: 'inspectorEc2ScanningNeedsAttestation', responses: { ...nothingWatching, ...inspector('ENABLED', 'DISABLED') }, expect: { ...manual, message: 'inspector' } },
    { name: 'activeSourceWhileAnotherIsDenied', responses: { ...nothingWatching, ...inspector('ENABLED', 'ENABLED'), [`ssm:ListAssociations@${R}`]: DENIED_EXCEPTION }, expect: manual },
    { name: 'describeInstancesDenied', responses: { ...nothingWatching, [`ec2:DescribeInstances@${R}`]: { $error: { name: 'UnauthorizedOperation', message: 'not authorized', httpStatusCode: 403 } } }, expect: { missingPermission: 'ec2:DescribeInstances' } },
    { name: 'listClustersDenied', responses: { ...nothingWatching, [`ecs:ListClusters@${R}`]: DENIED_EXCEPTION }, expect: { missingPermission: 'ecs:ListClusters' } },
    { name: 'recordersDenied', responses: { ...nothingWatching, [`config:DescribeConfigurationRecorders@${R}`]: DENIED }, expect: { missingPermission: 'config:DescribeConfigurationRecorders' } },
    { name: 'recorderStatusDenied', responses: { ...nothingWatching, [`config:DescribeConfigurationRecorderStatus@${R}`]: DENIED }, expect: { missingPermission: 'config:DescribeConfigurationRecorderStatus' } },
    { name: 'managedInstancesDenied', responses: { ...nothingWatching, [`ssm:DescribeInstanceInformation@${R}`]: DENIED_EXCEPTION }, expect: { missingPermission: 'ssm:DescribeInstanceInformation' } },
    { name: 'associationsDenied', responses: { ...nothingWatching, [`ssm:ListAssociations@${R}`]: DENIED_EXCEPTION }, expect: { missingPermission: 'ssm:ListAssociations' } },
    { name: 'detectorsDenied', responses: { ...nothingWatching, [`guardduty:ListDetectors@${R}`]: DENIED_EXCEPTION }, expect: { missingPermission: 'guardduty:ListDetectors' } },
    {
      name: 'detectorDenied',
      responses: { ...nothingWatching, ...guardduty('ENABLED', []), [`guardduty:GetDetector@${R} {"DetectorId":"d-1"}`]: DENIED_EXCEPTION },
      expect: { missingPermission: 'guardduty:GetDetector' },
    },
    { name: 'inspectorDenied', responses: { ...nothingWatching, [`inspector2:BatchGetAccountStatus@${R}`]: DENIED_EXCEPTION }, expect: { missingPermission: 'inspector2:BatchGetAccountStatus' } },
    {
      name: 'inspectorAccountStatusNotReturned',
      responses: { ...nothingWatching, [`inspector2:BatchGetAccountStatus@${R}`]: { accounts: [], failedAccounts: [{ accountId: '123456789012', errorCode: 'ACCESS_DENIED', errorMessage: 'denied' }] } },
      expect: { message: 'did not return this account' },
    },
  ],
});
