import check from '../../../src/checks/security/ec2-container-change-detection.js';
import { expect } from 'vitest';
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
const ROOT = 'arn:aws:iam::123456789012:root';
const one = { resources: [ROOT] };
const manual = { status: 'manual' as const, resources: [ROOT] };
const UNAUTHORIZED = { $error: { name: 'UnauthorizedOperation', message: 'not authorized', httpStatusCode: 403 } };

testCheck(check, {
  met: [
    { name: 'noInstancesNoClusters', responses: { ...instances(), ...clusters() }, expect: { ...one, message: 'No EC2 instances or ECS clusters in us-east-1: nothing to monitor.' } },
    { name: 'onlyTerminatedInstances', responses: { ...instances('terminated', 'shutting-down'), ...clusters() }, expect: { ...one, message: 'nothing to monitor' } },
  ],
  notMet: [
    { name: 'instancesWithNothingWatching', responses: nothingWatching, expect: { ...one, message: 'No change detection found for 2 EC2 instance(s) and 0 ECS cluster(s) in us-east-1; attest a third-party file-integrity tool if one is used.' } },
    { name: 'pendingAndStoppingInstancesCount', responses: { ...nothingWatching, ...instances('pending', 'stopping', 'terminated') }, expect: { ...one, message: 'for 2 EC2 instance(s)' } },
    {
      name: 'instanceWithoutStateCounts',
      responses: { ...nothingWatching, [`ec2:DescribeInstances@${R}`]: { Reservations: [{ Instances: [{ InstanceId: 'i-0nostate' }] }] } },
      expect: { ...one, message: 'for 1 EC2 instance(s)' },
    },
    { name: 'fargateClusterWithNothingWatching', responses: { ...nothingWatching, ...instances(), ...clusters('web') }, expect: { ...one, message: '0 EC2 instance(s) and 1 ECS cluster(s)' } },
    {
      name: 'clustersDeniedWhileInstancesGoUnwatched',
      responses: { ...nothingWatching, [`ecs:ListClusters@${R}`]: DENIED_EXCEPTION },
      expect: {
        ...one,
        message: 'No change detection found for 2 EC2 instance(s) and an unknown number of ECS clusters in us-east-1',
        check: (r) => expect(r.findings[0].evidence?.ecsClusters).toBe('unknown: missing permission ecs:ListClusters'),
      },
    },
    {
      name: 'instancesDeniedWhileClustersGoUnwatched',
      responses: { ...nothingWatching, ...clusters('api'), [`ec2:DescribeInstances@${R}`]: UNAUTHORIZED },
      expect: { ...one, message: 'an unknown number of EC2 instances and 1 ECS cluster(s)' },
    },
    { name: 'recorderRecordsOtherTypesOnly', responses: { ...nothingWatching, ...recorder({ allSupported: false, resourceTypes: ['AWS::S3::Bucket'] }) }, expect: one },
    {
      name: 'recorderExcludesEc2Instances',
      responses: { ...nothingWatching, ...recorder({ allSupported: false, exclusionByResourceTypes: { resourceTypes: ['AWS::EC2::Instance'] }, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' } }) },
      expect: one,
    },
    { name: 'recorderStopped', responses: { ...nothingWatching, ...recorder({ allSupported: true }, false) }, expect: one },
    { name: 'ssmManagedWithoutInventory', responses: { ...nothingWatching, ...ssm(['i-00aa', 'i-01aa'], false) }, expect: one },
    { name: 'ssmInventoryOfOtherInstancesOnly', responses: { ...nothingWatching, ...ssm(['i-0other'], true) }, expect: one },
    { name: 'guardDutyWithoutRuntimeMonitoring', responses: { ...nothingWatching, ...guardduty('ENABLED', [['S3_DATA_EVENTS', 'ENABLED'], ['RUNTIME_MONITORING', 'DISABLED']]) }, expect: one },
    { name: 'guardDutySuspendedWithRuntimeMonitoring', responses: { ...nothingWatching, ...guardduty('DISABLED', [['RUNTIME_MONITORING', 'ENABLED']]) }, expect: one },
    { name: 'inspectorScanningSuspended', responses: { ...nothingWatching, ...inspector('SUSPENDED', 'DISABLING') }, expect: one },
    {
      name: 'oneRegionUnwatchedOneEmpty',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...nothingWatching, 'ec2:DescribeInstances@eu-west-1': { Reservations: [] }, 'ecs:ListClusters@eu-west-1': { clusterArns: [] } },
      expect: { ...one, metResources: [ROOT], check: (r) => expect(r.findings.map((f) => `${f.region} ${f.status}`)).toEqual(['us-east-1 not-met', 'eu-west-1 met']) },
    },
  ],
  cannotTell: [
    {
      name: 'emptyRegionBesideAWatchedOne',
      regions: ['us-east-1', 'eu-west-1'],
      responses: {
        ...nothingWatching,
        ...inspector('ENABLED', 'DISABLED'),
        'ec2:DescribeInstances@eu-west-1': { Reservations: [] },
        'ecs:ListClusters@eu-west-1': { clusterArns: [] },
      },
      expect: {
        status: 'manual',
        resources: [ROOT],
        metResources: [ROOT],
        check: (r) => expect(r.findings.map((f) => `${f.region} ${f.status}`)).toEqual(['us-east-1 manual', 'eu-west-1 met']),
      },
    },
    { name: 'configRecordsEverythingNeedsAttestation', responses: { ...nothingWatching, ...recorder({ allSupported: true }) }, expect: { ...manual, message: 'Change-detection signals in us-east-1: config. Attest file-integrity monitoring' } },
    { name: 'ecsRecordedNeedsAttestation', responses: { ...nothingWatching, ...instances(), ...clusters('api'), ...recorder({ allSupported: false, resourceTypes: ['AWS::ECS::TaskDefinition'] }) }, expect: manual },
    { name: 'ssmInventoryNeedsAttestation', responses: { ...nothingWatching, ...ssm(['i-00aa'], true) }, expect: { ...manual, message: 'signals in us-east-1: ssm.' } },
    { name: 'guardDutyRuntimeNeedsAttestation', responses: { ...nothingWatching, ...guardduty('ENABLED', [['RUNTIME_MONITORING', 'ENABLED']]) }, expect: { ...manual, message: 'signals in us-east-1: guardduty.' } },
    { name: 'guardDutyEksRuntimeNeedsAttestation', responses: { ...nothingWatching, ...guardduty('ENABLED', [['EKS_RUNTIME_MONITORING', 'ENABLED']]) }, expect: { ...manual, message: 'guardduty' } },
    { name: 'inspectorEc2ScanningNeedsAttestation', responses: { ...nothingWatching, ...inspector('ENABLED', 'DISABLED') }, expect: { ...manual, message: 'signals in us-east-1: inspector.' } },
    { name: 'inspectorEcrScanningNeedsAttestation', responses: { ...nothingWatching, ...inspector('DISABLED', 'ENABLED') }, expect: { ...manual, message: 'inspector' } },
    { name: 'activeSourceWhileAnotherIsDenied', responses: { ...nothingWatching, ...inspector('ENABLED', 'ENABLED'), [`ssm:ListAssociations@${R}`]: DENIED_EXCEPTION }, expect: manual },
    { name: 'activeSourceWhileClustersDenied', responses: { ...nothingWatching, ...inspector('ENABLED', 'ENABLED'), [`ecs:ListClusters@${R}`]: DENIED_EXCEPTION }, expect: manual },
    {
      name: 'describeInstancesDenied',
      responses: { ...nothingWatching, [`ec2:DescribeInstances@${R}`]: UNAUTHORIZED },
      expect: { ...one, missingPermission: 'ec2:DescribeInstances', message: 'whether us-east-1 runs EC2 instances or ECS clusters is unknown' },
    },
    { name: 'listClustersDeniedAndNoInstances', responses: { ...nothingWatching, ...instances(), [`ecs:ListClusters@${R}`]: DENIED_EXCEPTION }, expect: { ...one, missingPermission: 'ecs:ListClusters' } },
    { name: 'recordersDenied', responses: { ...nothingWatching, [`config:DescribeConfigurationRecorders@${R}`]: DENIED }, expect: { ...one, missingPermission: 'config:DescribeConfigurationRecorders' } },
    { name: 'recorderStatusDenied', responses: { ...nothingWatching, [`config:DescribeConfigurationRecorderStatus@${R}`]: DENIED }, expect: { ...one, missingPermission: 'config:DescribeConfigurationRecorderStatus' } },
    { name: 'managedInstancesDenied', responses: { ...nothingWatching, [`ssm:DescribeInstanceInformation@${R}`]: DENIED_EXCEPTION }, expect: { ...one, missingPermission: 'ssm:DescribeInstanceInformation' } },
    { name: 'associationsDenied', responses: { ...nothingWatching, [`ssm:ListAssociations@${R}`]: DENIED_EXCEPTION }, expect: { ...one, missingPermission: 'ssm:ListAssociations' } },
    { name: 'detectorsDenied', responses: { ...nothingWatching, [`guardduty:ListDetectors@${R}`]: DENIED_EXCEPTION }, expect: { ...one, missingPermission: 'guardduty:ListDetectors' } },
    {
      name: 'detectorDenied',
      responses: { ...nothingWatching, ...guardduty('ENABLED', []), [`guardduty:GetDetector@${R} {"DetectorId":"d-1"}`]: DENIED_EXCEPTION },
      expect: { ...one, missingPermission: 'guardduty:GetDetector' },
    },
    { name: 'inspectorDenied', responses: { ...nothingWatching, [`inspector2:BatchGetAccountStatus@${R}`]: DENIED_EXCEPTION }, expect: { ...one, missingPermission: 'inspector2:BatchGetAccountStatus' } },
    {
      name: 'inspectorAccountStatusNotReturned',
      responses: { ...nothingWatching, [`inspector2:BatchGetAccountStatus@${R}`]: { accounts: [], failedAccounts: [{ accountId: '123456789012', errorCode: 'ACCESS_DENIED', errorMessage: 'denied' }] } },
      expect: { ...one, message: "could not tell: Inspector did not return this account's status (ACCESS_DENIED)" },
    },
  ],
});
