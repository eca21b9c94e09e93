import { expect } from 'vitest';
import check from '../../../src/checks/reliability/dr-plan-defined.js';
import { DENIED_EXCEPTION, THROTTLED, awsError, testCheck } from '../../support/check-tester.js';
import { ACCOUNT_WIDE, APP, APPS_OF, POLICY, describeKey, hubResponses, policy } from './resiliencehub-fixtures.js';

const critical = policy('mission-critical', 'MissionCritical', { AZ: 1, Hardware: 1, Software: 2, Region: 4 });
const euGold = policy('gold', 'Critical', { AZ: 2, Hardware: 2, Software: 4 }, 'eu-west-1');
const withPolicy = hubResponses([{ name: 'orders', policyArn: critical.policyArn }, { name: 'legacy', status: 'Deleting' }], [critical]);
/** A policy as ListResiliencyPolicies could answer it, with the targets given as is. */
const rawPolicy = (name: string, targets: object) => ({ policyArn: POLICY(name), policyName: name, tier: 'Critical', policy: targets });

testCheck(check, {
  // Coverage of every in-scope service and alignment with the customer SLA are always left to people.
  met: [
    {
      name: 'appsWithRtoRpoStillManualForSlaAlignment',
      responses: withPolicy,
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        metResources: [APP('orders')],
        message: 'Resilience Hub models 1 app(s): attest that the DR plan covers every in-scope service',
        check: (r) => {
          const orders = r.findings.find((f) => f.resource === APP('orders'));
          expect(orders?.message).toBe(
            'Resilience Hub app orders (us-east-1): policy mission-critical (MissionCritical) sets AZ RTO 1 h / RPO 15 min; Hardware RTO 1 h / RPO 15 min; ' +
              'Software RTO 2 h / RPO 30 min; Region RTO 4 h / RPO 1 h.',
          );
        },
      },
    },
    {
      name: 'policyWithoutATier',
      responses: hubResponses([{ name: 'orders', policyArn: POLICY('untiered') }], [{ ...critical, policyArn: POLICY('untiered'), policyName: 'untiered', tier: undefined }]),
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        metResources: [APP('orders')],
        check: (r) => expect(r.findings[0].message).toMatch(/^Resilience Hub app orders \(us-east-1\): policy untiered sets AZ RTO 1 h/),
      },
    },
    {
      name: 'appsInTwoRegionsAndARegionWithNone',
      regions: ['us-east-1', 'eu-west-1', 'us-west-2'],
      responses: {
        ...hubResponses([{ name: 'orders', policyArn: critical.policyArn }], [critical]),
        ...hubResponses([{ name: 'billing', policyArn: euGold.policyArn }], [euGold], 'eu-west-1'),
        ...hubResponses([], [], 'us-west-2'),
      },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE], metResources: [APP('orders'), APP('billing', 'eu-west-1')], message: 'Resilience Hub models 2 app(s)' },
    },
  ],
  notMet: [
    {
      name: 'appWithoutResiliencyPolicy',
      responses: hubResponses([{ name: 'orders', policyArn: critical.policyArn }, { name: 'billing' }], [critical]),
      expect: { resources: [APP('billing')], metResources: [APP('orders')], message: 'Resilience Hub app billing (us-east-1) has no resiliency policy: no RTO or RPO is defined for it.' },
    },
    {
      name: 'noPolicyStandsWhenThePoliciesCannotBeRead',
      responses: { ...hubResponses([{ name: 'orders', policyArn: critical.policyArn }, { name: 'billing' }], [critical]), [`resiliencehub:ListResiliencyPolicies@us-east-1`]: DENIED_EXCEPTION },
      expect: {
        resources: [APP('billing')],
        metResources: [],
        check: (r) => expect(r.findings.filter((f) => f.status === 'error').map((f) => [f.resource, f.missingPermission])).toEqual([[APP('orders'), 'resiliencehub:ListResiliencyPolicies']]),
      },
    },
  ],
  cannotTell: [
    {
      name: 'noResilienceHubAppsInAnyRegion',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...hubResponses([], []), ...hubResponses([], [], 'eu-west-1') },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        message: 'No AWS Resilience Hub app in us-east-1, eu-west-1: attest the DR plan (document, RTO and RPO per in-scope service, and how they match your customer SLA).',
      },
    },
    {
      name: 'everyAppBeingDeleted',
      responses: hubResponses([{ name: 'legacy', status: 'Deleting' }], []),
      expect: { status: 'manual', resources: [ACCOUNT_WIDE], message: 'No AWS Resilience Hub app in us-east-1' },
    },
    {
      name: 'policyNotAmongTheAccountPolicies',
      responses: hubResponses([{ name: 'orders', policyArn: POLICY('gone') }], [critical]),
      expect: { status: 'manual', resources: [APP('orders'), ACCOUNT_WIDE], message: `names resiliency policy ${POLICY('gone')}, which could not be read` },
    },
    {
      name: 'policyWithoutTargets',
      responses: hubResponses([{ name: 'orders', policyArn: POLICY('empty') }, { name: 'api', policyArn: POLICY('half') }], [
        rawPolicy('empty', {}),
        rawPolicy('half', { AZ: { rpoInSecs: 60 }, Hardware: { rtoInSecs: 60 }, Software: { rtoInSecs: 60, rpoInSecs: 60 } }),
      ]),
      expect: {
        status: 'manual',
        resources: [APP('orders'), APP('api'), ACCOUNT_WIDE],
        message: 'Resilience Hub app api (us-east-1): policy half sets no RTO and RPO for AZ, Hardware: attest the targets from the DR plan.',
      },
    },
    {
      name: 'regionWithoutResilienceHubIsSkipped',
      regions: ['us-east-1', 'ap-south-2'],
      responses: { ...withPolicy, [APPS_OF('ap-south-2')]: awsError('UnknownEndpoint', 'getaddrinfo ENOTFOUND resiliencehub.ap-south-2.amazonaws.com') },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE], metResources: [APP('orders')] },
    },
    {
      name: 'appDeletedDuringTheScanIsSkipped',
      responses: { ...withPolicy, [describeKey('orders')]: awsError('ResourceNotFoundException', 'app not found', 404) },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE], message: 'No AWS Resilience Hub app in us-east-1' },
    },
    {
      name: 'listAppsDeniedInOneRegion',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...withPolicy, [APPS_OF('eu-west-1')]: DENIED_EXCEPTION },
      expect: { resources: ['arn:aws:resiliencehub:eu-west-1:123456789012:app/*'], metResources: [APP('orders')], missingPermission: 'resiliencehub:ListApps' },
    },
    {
      name: 'describeAppThrottledForOneOfTwoApps',
      responses: { ...hubResponses([{ name: 'orders', policyArn: critical.policyArn }, { name: 'api', policyArn: critical.policyArn }], [critical]), [describeKey('orders')]: THROTTLED },
      expect: { resources: [APP('orders')], metResources: [APP('api')] },
    },
    {
      name: 'describeAppDenied',
      responses: { ...withPolicy, [describeKey('orders')]: DENIED_EXCEPTION },
      expect: { resources: [APP('orders')], missingPermission: 'resiliencehub:DescribeApp' },
    },
    {
      name: 'listPoliciesDenied',
      responses: { ...withPolicy, 'resiliencehub:ListResiliencyPolicies@us-east-1': DENIED_EXCEPTION },
      expect: { resources: [APP('orders')], missingPermission: 'resiliencehub:ListResiliencyPolicies' },
    },
  ],
});
