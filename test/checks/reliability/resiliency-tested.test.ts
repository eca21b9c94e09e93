import { expect } from 'vitest';
import check from '../../../src/checks/reliability/resiliency-tested.js';
import { DENIED_EXCEPTION, THROTTLED, daysAgo, testCheck } from '../../support/check-tester.js';

// Cases run at 2026-06-01: the 12-month window starts at 2025-06-01T00:00:00Z.
const WINDOW_START = '2025-06-01T00:00:00.000Z';
const LIST = (region = 'us-east-1') => `fis:ListExperiments@${region}`;
const GET = (id: string, region = 'us-east-1') => `fis:GetExperiment@${region} {"id":"${id}"}`;
const ARN = (id: string, region = 'us-east-1') => `arn:aws:fis:${region}:123456789012:experiment/${id}`;
const ACCOUNT_WIDE = 'arn:aws:::123456789012';
const summary = (id: string, status: string, created: number | string) => ({
  id,
  experimentTemplateId: `EXT-${id}`,
  state: { status, ...(status === 'stopped' ? { reason: 'Stop condition alarm went off.' } : {}), ...(status === 'failed' ? { reason: 'Target resolution failed.' } : {}) },
  creationTime: typeof created === 'number' ? daysAgo(created) : created,
});

type Action = { actionId: string; parameters?: Record<string, string>; targets?: Record<string, string> };
type Body = { targets: Record<string, object>; actions: Record<string, Action> };

/** The AZ power interruption scenario, cut down: subnets and instances of one AZ. */
const azPower: Body = {
  targets: {
    Subnet: { resourceType: 'aws:ec2:subnet', parameters: { availabilityZoneIdentifier: 'us-east-1a', vpc: 'vpc-0abc' }, selectionMode: 'ALL' },
    Instances: { resourceType: 'aws:ec2:instance', filters: [{ path: 'Placement.AvailabilityZone', values: ['us-east-1a'] }], selectionMode: 'ALL' },
  },
  actions: {
    'Pause-network-connectivity': { actionId: 'aws:network:disrupt-connectivity', parameters: { duration: 'PT30M', scope: 'all' }, targets: { Subnets: 'Subnet' } },
    'Stop-Instances': { actionId: 'aws:ec2:stop-instances', targets: { Instances: 'Instances' } },
  },
};
const stopOneInstance: Body = {
  targets: { One: { resourceType: 'aws:ec2:instance', resourceArns: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1'] } },
  actions: { Stop: { actionId: 'aws:ec2:stop-instances', targets: { Instances: 'One' } } },
};
const autoshift: Body = { targets: {}, actions: { Shift: { actionId: 'aws:arc:start-zonal-autoshift', parameters: { duration: 'PT25M' } } } };
/** Insufficient capacity in two AZs, named in an action parameter (comma-separated). */
const asgCapacity: Body = {
  targets: { Groups: { resourceType: 'aws:ec2:autoscaling-group', resourceTags: { app: 'orders' } } },
  actions: {
    NoCapacity: { actionId: 'aws:ec2:asg-insufficient-instance-capacity-error', parameters: { availabilityZoneIdentifiers: 'us-east-1a, us-east-1b', percentage: '100' }, targets: { AutoScalingGroups: 'Groups' } },
  },
};

/** GetExperiment's answer: every action in `actionStatus` (default: what an experiment of that status leaves behind). */
const get = (id: string, body: Body, status = 'completed', region = 'us-east-1', actionStatus: Record<string, string> = {}) => {
  const fallback = status === 'completed' ? 'completed' : status === 'stopped' ? 'stopped' : 'failed';
  const actions = Object.fromEntries(Object.entries(body.actions).map(([name, a]) => [name, { ...a, state: { status: actionStatus[name] ?? fallback } }]));
  return { [GET(id, region)]: { experiment: { id, state: { status }, targets: body.targets, actions } } };
};
/** The summary without a reason for its state. */
const noReason = (s: ReturnType<typeof summary>) => ({ ...s, state: { status: s.state.status } });
/** AZs named out of order, with blanks, in an action parameter; one instance target filtered on an AZ with no value given. */
const messyAz: Body = {
  targets: {
    Any: { resourceType: 'aws:ec2:instance', filters: [{ values: ['ignored'] }, { path: 'Placement.AvailabilityZone' }] },
    Unused: { resourceType: 'aws:ec2:instance', filters: [{ path: 'Placement.AvailabilityZone', values: ['us-east-1f'] }] },
  },
  actions: {
    Stop: { actionId: 'aws:ec2:stop-instances', targets: { Instances: 'Any' } },
    NoCapacity: { actionId: 'aws:ec2:asg-insufficient-instance-capacity-error', parameters: { availabilityZoneIdentifiers: 'us-east-1c, us-east-1b, ,' } },
  },
};

/** GetExperiment answers for n stopped AZ experiments EXS0…EXS(n-1). */
const stoppedDetails = (n: number) => Object.assign({}, ...Array.from({ length: n }, (_, i) => get(`EXS${i}`, azPower, 'stopped'))) as Record<string, unknown>;

testCheck(check, {
  met: [
    {
      name: 'azPowerInterruptionCompleted',
      responses: {
        [LIST()]: {
          experiments: [summary('EXP1', 'completed', 60), summary('EXP2', 'completed', 5), summary('EXP0', 'completed', 400), summary('EXP9', 'running', 0), summary('EXPC', 'cancelled', 1)],
        },
        ...get('EXP1', azPower),
        ...get('EXP2', stopOneInstance),
      },
      expect: { metResources: [ARN('EXP1')], message: 'FIS experiment EXP1 disrupted Availability Zone us-east-1a in us-east-1 on 2026-04-02 and completed.' },
    },
    {
      name: 'zonalAutoshiftElsewhereWhileOneRegionDeniedAndOneEmpty',
      regions: ['us-east-1', 'eu-west-1', 'us-west-2'],
      responses: {
        [LIST()]: { experiments: [] },
        [LIST('eu-west-1')]: { experiments: [summary('EXP7', 'completed', 20)] },
        ...get('EXP7', autoshift, 'completed', 'eu-west-1'),
        [LIST('us-west-2')]: DENIED_EXCEPTION,
      },
      expect: { metResources: [ARN('EXP7', 'eu-west-1')], message: 'disrupted an Availability Zone in eu-west-1' },
    },
    {
      name: 'completedTestOutweighsAStoppedOneAndAnUnreadableOne',
      responses: {
        [LIST()]: { experiments: [summary('EXP3', 'stopped', 10), summary('EXP1', 'completed', 60), summary('EXP5', 'completed', 30)] },
        ...get('EXP3', azPower, 'stopped'),
        ...get('EXP1', azPower),
        [GET('EXP5')]: THROTTLED,
      },
      expect: { metResources: [ARN('EXP1')] },
    },
    {
      name: 'createdExactlyTwelveMonthsAgo',
      responses: { [LIST()]: { experiments: [summary('EXP1', 'completed', WINDOW_START)] }, ...get('EXP1', asgCapacity) },
      expect: {
        metResources: [ARN('EXP1')],
        message: 'FIS experiment EXP1 disrupted Availability Zone us-east-1a, us-east-1b in us-east-1 on 2025-06-01 and completed.',
        check: (r) => expect(r.findings[0].evidence).toEqual({ template: 'EXT-EXP1', azs: ['us-east-1a', 'us-east-1b'], actions: ['aws:ec2:asg-insufficient-instance-capacity-error'], reason: undefined }),
      },
    },
    {
      name: 'azNamedOutOfOrderAndATargetFilteredWithoutValues',
      responses: {
        [LIST()]: { experiments: [summary('EXP1', 'completed', 9)] },
        ...get('EXP1', messyAz),
        [GET('EXP1')]: { experiment: { id: 'EXP1', targets: messyAz.targets, actions: { ...get('EXP1', messyAz)[GET('EXP1')].experiment.actions, Raw: { state: { status: 'completed' } }, Bare: { actionId: 'aws:fis:wait' } } } },
      },
      expect: {
        metResources: [ARN('EXP1')],
        message: 'FIS experiment EXP1 disrupted Availability Zone us-east-1b, us-east-1c in us-east-1 on 2026-05-23 and completed.',
      },
    },
    {
      name: 'onlyATargetFilterScopesTheExperimentToAnAz',
      responses: {
        [LIST()]: { experiments: [summary('EXP1', 'completed', 9)] },
        ...get('EXP1', { targets: { Instances: azPower.targets.Instances }, actions: { 'Stop-Instances': azPower.actions['Stop-Instances'] } }),
      },
      expect: { metResources: [ARN('EXP1')], message: 'disrupted Availability Zone us-east-1a in us-east-1' },
    },
    {
      name: 'aCompletedTestOlderThanTwentyStoppedOnesIsStillFound',
      responses: {
        [LIST()]: { experiments: [...Array.from({ length: 20 }, (_, i) => summary(`EXS${i}`, 'stopped', 1 + i)), summary('EXP1', 'completed', 100)] },
        ...stoppedDetails(20),
        ...get('EXP1', azPower),
      },
      expect: { metResources: [ARN('EXP1')] },
    },
  ],
  notMet: [
    {
      name: 'azExperimentStoppedBeforeCompleting',
      responses: {
        [LIST()]: { experiments: [summary('EXP3', 'stopped', 10), summary('EXP2', 'completed', 5), noReason(summary('EXP4', 'stopped', 12))] },
        ...get('EXP3', azPower, 'stopped'),
        ...get('EXP2', stopOneInstance),
        ...get('EXP4', autoshift, 'stopped'),
      },
      expect: {
        resources: [ARN('EXP3'), ARN('EXP4')],
        message: 'FIS experiment EXP3 targeted Availability Zone us-east-1a in us-east-1 on 2026-05-22 but was stopped before it completed (Stop condition alarm went off.): fix what tripped it and run it again.',
        check: (r) => {
          expect(r.findings.map((f) => f.status)).toEqual(['not-met', 'not-met']);
          expect(r.findings[1].message).toBe('FIS experiment EXP4 targeted an Availability Zone in us-east-1 on 2026-05-20 but was stopped before it completed (no reason given): fix what tripped it and run it again.');
        },
      },
    },
    {
      name: 'stoppedInOneRegionWhileAnotherCannotBeRead',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { [LIST()]: { experiments: [summary('EXP3', 'stopped', 10)] }, ...get('EXP3', azPower, 'stopped'), [LIST('eu-west-1')]: DENIED_EXCEPTION },
      expect: { resources: [ARN('EXP3')], check: (r) => expect(r.findings.filter((f) => f.status === 'error').map((f) => f.resource)).toEqual(['arn:aws:fis:eu-west-1:123456789012:experiment/*']) },
    },
  ],
  cannotTell: [
    {
      name: 'onlyNonAzOrUnfinishedExperiments',
      responses: {
        [LIST()]: { experiments: [summary('EXP2', 'completed', 5), summary('EXP8', 'pending', 0), summary('EXPC', 'cancelled', 3), { id: 'EXPN', creationTime: daysAgo(2) }] },
        ...get('EXP2', stopOneInstance),
      },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        message:
          'No AWS FIS experiment disrupting an Availability Zone completed in the last 12 months in us-east-1 (FIS keeps experiments 120 days): ' +
          'attest the latest AZ disruption test or game day in production, with its date and outcome.',
      },
    },
    {
      name: 'noExperimentsInAnyRegionAndARegionWithoutFis',
      regions: ['us-east-1', 'eu-west-1', 'ap-east-2'],
      responses: {
        [LIST()]: { experiments: [] },
        [LIST('eu-west-1')]: { experiments: [] },
        [LIST('ap-east-2')]: { $error: { name: 'UnknownEndpoint', message: 'getaddrinfo ENOTFOUND fis.ap-east-2.amazonaws.com', httpStatusCode: 400 } },
      },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE], message: 'completed in the last 12 months in us-east-1, eu-west-1, ap-east-2 (FIS' },
    },
    {
      // At most 20 experiments a region are read, the newest first: an AZ test older than 20 others is not seen.
      name: 'anAzTestOlderThanTwentyCompletedOnesIsNotRead',
      responses: {
        [LIST()]: { experiments: [summary('EXP1', 'completed', 100), ...Array.from({ length: 20 }, (_, i) => summary(`EXN${i}`, 'completed', 1 + i))] },
        ...get('EXP1', azPower),
        ...Object.assign({}, ...Array.from({ length: 20 }, (_, i) => get(`EXN${i}`, stopOneInstance))),
      },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE] },
    },
    {
      name: 'completedOneDayBeforeTheWindow',
      responses: { [LIST()]: { experiments: [summary('EXP0', 'completed', '2025-05-31T00:00:00.000Z'), summary('EXPX', 'completed', undefined as unknown as string)] } },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE] },
    },
    {
      // A target preview (start-experiment --experiment-options actionsMode=skip-all) completes with every action skipped.
      name: 'targetPreviewSkipsEveryAction',
      responses: {
        [LIST()]: { experiments: [summary('EXPP', 'completed', 3)] },
        ...get('EXPP', azPower, 'completed', 'us-east-1', { 'Pause-network-connectivity': 'skipped', 'Stop-Instances': 'skipped' }),
      },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE] },
    },
    {
      name: 'azActionSkippedOnlyAnUnscopedActionRan',
      responses: {
        [LIST()]: { experiments: [summary('EXPQ', 'completed', 4)] },
        ...get(
          'EXPQ',
          { targets: { ...azPower.targets, ...stopOneInstance.targets }, actions: { ...azPower.actions, Stop: stopOneInstance.actions.Stop } },
          'completed',
          'us-east-1',
          { 'Pause-network-connectivity': 'skipped', 'Stop-Instances': 'skipped' },
        ),
      },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE] },
    },
    {
      name: 'azExperimentFailedIsEvidenceNotATest',
      responses: { [LIST()]: { experiments: [summary('EXPF', 'failed', 8), noReason(summary('EXPG', 'failed', 9))] }, ...get('EXPF', azPower, 'failed'), ...get('EXPG', autoshift, 'failed') },
      expect: {
        status: 'manual',
        resources: [ARN('EXPF'), ARN('EXPG'), ACCOUNT_WIDE],
        message: 'FIS experiment EXPF targeted Availability Zone us-east-1a in us-east-1 on 2026-05-24 but failed (Target resolution failed.): it is not a completed test.',
      },
    },
    {
      name: 'experimentAgedOutBetweenListAndGet',
      responses: { [LIST()]: { experiments: [summary('EXP1', 'completed', 60)] }, [GET('EXP1')]: { $error: { name: 'ResourceNotFoundException', message: 'gone', httpStatusCode: 404 } } },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE] },
    },
    { name: 'listExperimentsDenied', responses: { [LIST()]: DENIED_EXCEPTION }, expect: { resources: ['arn:aws:fis:us-east-1:123456789012:experiment/*'], missingPermission: 'fis:ListExperiments' } },
    {
      name: 'getExperimentDeniedForTheOnlyCandidate',
      responses: { [LIST()]: { experiments: [summary('EXP1', 'completed', 60), summary('EXP2', 'completed', 5)] }, [GET('EXP1')]: DENIED_EXCEPTION, ...get('EXP2', stopOneInstance) },
      expect: { resources: [ARN('EXP1')], missingPermission: 'fis:GetExperiment' },
    },
  ],
});
