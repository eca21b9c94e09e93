import check from '../../../src/checks/reliability/resiliency-tested.js';
import { DENIED_EXCEPTION, daysAgo, testCheck } from '../../support/check-tester.js';

const LIST = (region = 'us-east-1') => `fis:ListExperiments@${region}`;
const GET = (id: string, region = 'us-east-1') => `fis:GetExperiment@${region} {"id":"${id}"}`;
const ARN = (id: string, region = 'us-east-1') => `arn:aws:fis:${region}:123456789012:experiment/${id}`;
const summary = (id: string, status: string, days: number) => ({ id, experimentTemplateId: `EXT-${id}`, state: { status }, creationTime: daysAgo(days) });

/** The AZ power interruption scenario, cut down: subnets and instances of one AZ. */
const azPower = {
  targets: {
    Subnet: { resourceType: 'aws:ec2:subnet', parameters: { availabilityZoneIdentifier: 'us-east-1a', vpc: 'vpc-0abc' }, selectionMode: 'ALL' },
    Instances: { resourceType: 'aws:ec2:instance', filters: [{ path: 'Placement.AvailabilityZone', values: ['us-east-1a'] }], selectionMode: 'ALL' },
  },
  actions: {
    'Pause-network-connectivity': { actionId: 'aws:network:disrupt-connectivity', parameters: { duration: 'PT30M', scope: 'all' }, targets: { Subnets: 'Subnet' } },
    'Stop-Instances': { actionId: 'aws:ec2:stop-instances', targets: { Instances: 'Instances' } },
  },
};
const stopOneInstance = {
  targets: { One: { resourceType: 'aws:ec2:instance', resourceArns: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1'] } },
  actions: { Stop: { actionId: 'aws:ec2:stop-instances', targets: { Instances: 'One' } } },
};
const autoshift = { targets: {}, actions: { Shift: { actionId: 'aws:arc:start-zonal-autoshift', parameters: { duration: 'PT25M' } } } };
const get = (id: string, body: object, status = 'completed', region = 'us-east-1') => ({ [GET(id, region)]: { experiment: { id, state: { status }, ...body } } });

testCheck(check, {
  met: [
    {
      name: 'azPowerInterruptionCompleted',
      responses: {
        [LIST()]: { experiments: [summary('EXP1', 'completed', 60), summary('EXP2', 'completed', 5), summary('EXP0', 'completed', 400), summary('EXP9', 'running', 0)] },
        ...get('EXP1', azPower),
        ...get('EXP2', stopOneInstance),
      },
      expect: { resources: [ARN('EXP1')], message: 'disrupted Availability Zone us-east-1a in us-east-1 on 2026-04-02 and completed' },
    },
    {
      name: 'zonalAutoshiftElsewhereWhileOneRegionDenied',
      regions: ['us-east-1', 'eu-west-1', 'us-west-2'],
      responses: {
        [LIST()]: { experiments: [] },
        [LIST('eu-west-1')]: { experiments: [summary('EXP7', 'completed', 20)] },
        ...get('EXP7', autoshift, 'completed', 'eu-west-1'),
        [LIST('us-west-2')]: DENIED_EXCEPTION,
      },
      expect: { resources: [ARN('EXP7', 'eu-west-1')], message: 'disrupted an Availability Zone in eu-west-1' },
    },
  ],
  notMet: [
    {
      name: 'azExperimentStoppedBeforeCompleting',
      responses: { [LIST()]: { experiments: [summary('EXP3', 'stopped', 10)] }, ...get('EXP3', azPower, 'stopped') },
      expect: { resources: [ARN('EXP3')], message: 'was stopped before it completed' },
    },
  ],
  cannotTell: [
    {
      name: 'onlyNonAzOrFailedExperiments',
      responses: { [LIST()]: { experiments: [summary('EXP2', 'completed', 5), summary('EXP4', 'failed', 8)] }, ...get('EXP2', stopOneInstance) },
      expect: { status: 'manual', resources: ['arn:aws:::123456789012'], message: 'No AWS FIS experiment disrupting an Availability Zone completed in the last 12 months' },
    },
    { name: 'noExperimentsAtAll', responses: { [LIST()]: { experiments: [] } }, expect: { status: 'manual', message: 'attest the latest AZ disruption test or game day' } },
    { name: 'listExperimentsDenied', responses: { [LIST()]: DENIED_EXCEPTION }, expect: { missingPermission: 'fis:ListExperiments' } },
    {
      name: 'getExperimentDenied',
      responses: { [LIST()]: { experiments: [summary('EXP1', 'completed', 60)] }, [GET('EXP1')]: DENIED_EXCEPTION },
      expect: { resources: ['arn:aws:fis:us-east-1:123456789012:experiment/*'], missingPermission: 'fis:GetExperiment' },
    },
  ],
});
