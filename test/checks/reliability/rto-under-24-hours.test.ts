import { expect } from 'vitest';
import check from '../../../src/checks/reliability/rto-under-24-hours.js';
import { DENIED_EXCEPTION, testCheck } from '../../support/check-tester.js';
import { ACCOUNT_WIDE, APP, APPS_OF, POLICY, describeKey, hubResponses, policy } from './resiliencehub-fixtures.js';

const H = 3600;
const critical = policy('mission-critical', 'MissionCritical', { AZ: 1, Hardware: 1, Software: 2, Region: 4 });
const euJustUnder = { ...policy('eu-core', 'CoreServices', { AZ: 1, Hardware: 1, Software: 1 }, 'eu-west-1'), policy: { AZ: { rtoInSecs: 0, rpoInSecs: 0 }, Hardware: { rtoInSecs: 24 * H - 1, rpoInSecs: H }, Software: { rtoInSecs: H, rpoInSecs: H } } };
const slowRegion = policy('core-slow-region', 'CoreServices', { AZ: 1, Hardware: 2, Software: 4, Region: 36 });
const batch = policy('batch', 'NonCritical', { AZ: 12, Hardware: 24, Software: 24 });
const notApplicable = policy('sandbox', 'NotApplicable', { AZ: 48, Hardware: 48, Software: 48 });
const exactly24 = policy('core-24h', 'Critical', { AZ: 24, Hardware: 2, Software: 2 });
const noRto = { policyArn: POLICY('no-rto'), policyName: 'no-rto', tier: 'Critical', policy: { AZ: { rpoInSecs: 60 }, Hardware: { rpoInSecs: 60 }, Software: { rtoInSecs: 60, rpoInSecs: 60 } } };
const untiered = { ...slowRegion, policyArn: POLICY('untiered'), policyName: 'untiered', tier: undefined };
const empty = { policyArn: POLICY('empty'), policyName: 'empty', tier: 'Critical', policy: {} };

testCheck(check, {
  met: [
    {
      name: 'everyRtoUnder24Hours',
      responses: hubResponses([{ name: 'orders', policyArn: critical.policyArn }], [critical]),
      expect: {
        metResources: [APP('orders')],
        message: 'Resilience Hub app orders (us-east-1): every RTO in policy mission-critical is under 24 hours (AZ RTO 1 h / RPO 15 min; Hardware RTO 1 h / RPO 15 min; Software RTO 2 h / RPO 30 min; Region RTO 4 h / RPO 1 h).',
      },
    },
    {
      name: 'appsInTwoRegionsOneSecondUnder24HoursAndARegionWithNone',
      regions: ['us-east-1', 'eu-west-1', 'us-west-2'],
      responses: {
        ...hubResponses([{ name: 'orders', policyArn: critical.policyArn }], [critical]),
        ...hubResponses([{ name: 'billing', policyArn: euJustUnder.policyArn }], [euJustUnder], 'eu-west-1'),
        ...hubResponses([], [], 'us-west-2'),
      },
      expect: {
        metResources: [APP('orders'), APP('billing', 'eu-west-1')],
        message: 'every RTO in policy eu-core is under 24 hours (AZ RTO 0 min / RPO 0 min; Hardware RTO 23.9 h / RPO 1 h; Software RTO 1 h / RPO 1 h)',
      },
    },
  ],
  notMet: [
    {
      name: 'regionalRtoOf36Hours',
      responses: hubResponses([{ name: 'orders', policyArn: critical.policyArn }, { name: 'payments', policyArn: slowRegion.policyArn }], [critical, slowRegion]),
      expect: {
        resources: [APP('payments')],
        metResources: [APP('orders')],
        message: 'Resilience Hub app payments (us-east-1): policy core-slow-region (CoreServices) allows an RTO of Region 36 h; core services need less than 24 hours.',
      },
    },
    {
      name: 'untieredPolicyIsTakenAsCore',
      responses: hubResponses([{ name: 'payments', policyArn: untiered.policyArn }], [untiered]),
      expect: { resources: [APP('payments')], message: 'Resilience Hub app payments (us-east-1): policy untiered allows an RTO of Region 36 h; core services need less than 24 hours.' },
    },
    {
      name: 'rtoOfExactly24HoursIsNotLess',
      responses: hubResponses([{ name: 'api', policyArn: exactly24.policyArn }, { name: 'reports', policyArn: batch.policyArn }], [exactly24, batch]),
      expect: { resources: [APP('api')], metResources: [], message: 'allows an RTO of AZ 24 h;' },
    },
  ],
  cannotTell: [
    {
      name: 'nonCoreTiersWithLongRto',
      responses: hubResponses([{ name: 'reports', policyArn: batch.policyArn }, { name: 'sandbox', policyArn: notApplicable.policyArn }], [batch, notApplicable]),
      expect: {
        status: 'manual',
        resources: [APP('reports'), APP('sandbox')],
        message: 'Resilience Hub app reports (us-east-1) is tiered NonCritical with an RTO of Hardware 24 h, Software 24 h: if it is a core service, bring its RTO under 24 hours.',
      },
    },
    {
      name: 'appWithoutPolicy',
      responses: hubResponses([{ name: 'billing' }, { name: 'orders', policyArn: critical.policyArn }], [critical]),
      expect: { status: 'manual', resources: [APP('billing')], metResources: [APP('orders')], message: 'Resilience Hub app billing (us-east-1) has no resiliency policy: its RTO is not defined in Resilience Hub; attest it.' },
    },
    {
      name: 'policyNotAmongTheAccountPolicies',
      responses: hubResponses([{ name: 'orders', policyArn: POLICY('gone') }], [critical]),
      expect: { status: 'manual', resources: [APP('orders')], message: `names resiliency policy ${POLICY('gone')}, which could not be read` },
    },
    {
      name: 'policyTargetWithoutRtoIsNotUnder24Hours',
      responses: hubResponses([{ name: 'orders', policyArn: noRto.policyArn }, { name: 'api', policyArn: empty.policyArn }], [noRto, empty]),
      expect: {
        status: 'manual',
        resources: [APP('orders'), APP('api')],
        check: (r) =>
          expect(r.findings.map((f) => f.message)).toEqual([
            'Resilience Hub app orders (us-east-1): policy no-rto sets no RTO for AZ, Hardware; attest it.',
            'Resilience Hub app api (us-east-1): policy empty sets no RTO; attest it.',
          ]),
      },
    },
    {
      name: 'noResilienceHubAppsInAnyRegion',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...hubResponses([], []), ...hubResponses([], [], 'eu-west-1') },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE], message: 'No AWS Resilience Hub app in us-east-1, eu-west-1: attest the RTO of each core service from the DR plan (it must be under 24 hours).' },
    },
    { name: 'listAppsDenied', responses: { [APPS_OF()]: DENIED_EXCEPTION }, expect: { resources: ['arn:aws:resiliencehub:us-east-1:123456789012:app/*'], missingPermission: 'resiliencehub:ListApps' } },
    {
      name: 'describeAppDenied',
      responses: { ...hubResponses([{ name: 'orders', policyArn: critical.policyArn }], [critical]), [describeKey('orders')]: DENIED_EXCEPTION },
      expect: { resources: [APP('orders')], missingPermission: 'resiliencehub:DescribeApp' },
    },
    {
      name: 'listPoliciesDeniedAnAppWithoutPolicyIsStillManual',
      responses: { ...hubResponses([{ name: 'orders', policyArn: critical.policyArn }, { name: 'billing' }], [critical]), 'resiliencehub:ListResiliencyPolicies@us-east-1': DENIED_EXCEPTION },
      expect: {
        resources: [APP('orders')],
        missingPermission: 'resiliencehub:ListResiliencyPolicies',
        check: (r) => expect(r.findings.find((f) => f.resource === APP('billing'))?.status).toBe('manual'),
      },
    },
  ],
});
