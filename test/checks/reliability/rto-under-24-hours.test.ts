import check from '../../../src/checks/reliability/rto-under-24-hours.js';
import { DENIED_EXCEPTION, testCheck } from '../../support/check-tester.js';
import { ACCOUNT_WIDE, APP, hubResponses, policy } from './resiliencehub-fixtures.js';

const critical = policy('mission-critical', 'MissionCritical', { AZ: 1, Hardware: 1, Software: 2, Region: 4 });
const slowRegion = policy('core-slow-region', 'CoreServices', { AZ: 1, Hardware: 2, Software: 4, Region: 36 });
const batch = policy('batch', 'NonCritical', { AZ: 12, Hardware: 24, Software: 24 });
const exactly24 = policy('core-24h', 'Critical', { AZ: 24, Hardware: 2, Software: 2 });

testCheck(check, {
  met: [
    {
      name: 'everyRtoUnder24Hours',
      responses: hubResponses([{ name: 'orders', policyArn: critical.policyArn }], [critical]),
      expect: { resources: [APP('orders')], message: 'every RTO in policy mission-critical is under 24 hours (AZ RTO 1 h / RPO 15 min' },
    },
  ],
  notMet: [
    {
      name: 'regionalRtoOf36Hours',
      responses: hubResponses([{ name: 'orders', policyArn: critical.policyArn }, { name: 'payments', policyArn: slowRegion.policyArn }], [critical, slowRegion]),
      expect: { resources: [APP('payments')], message: 'allows an RTO of Region 36 h; core services need less than 24 hours' },
    },
    { name: 'rtoOfExactly24HoursIsNotLess', responses: hubResponses([{ name: 'api', policyArn: exactly24.policyArn }], [exactly24]), expect: { message: 'allows an RTO of AZ 24 h' } },
  ],
  cannotTell: [
    {
      name: 'nonCriticalAppWithLongRto',
      responses: hubResponses([{ name: 'reports', policyArn: batch.policyArn }], [batch]),
      expect: { status: 'manual', resources: [APP('reports')], message: 'is tiered NonCritical with an RTO of Hardware 24 h, Software 24 h' },
    },
    { name: 'appWithoutPolicy', responses: hubResponses([{ name: 'billing' }], [critical]), expect: { status: 'manual', message: 'its RTO is not defined in Resilience Hub' } },
    { name: 'noResilienceHubApps', responses: hubResponses([], []), expect: { status: 'manual', resources: [ACCOUNT_WIDE], message: 'attest the RTO of each core service' } },
    { name: 'listAppsDenied', responses: { 'resiliencehub:ListApps@us-east-1': DENIED_EXCEPTION }, expect: { missingPermission: 'resiliencehub:ListApps' } },
    {
      name: 'describeAppDenied',
      responses: { ...hubResponses([{ name: 'orders', policyArn: critical.policyArn }], [critical]), [`resiliencehub:DescribeApp@us-east-1 {"appArn":"${APP('orders')}"}`]: DENIED_EXCEPTION },
      expect: { missingPermission: 'resiliencehub:DescribeApp' },
    },
    {
      name: 'listPoliciesDenied',
      responses: { ...hubResponses([{ name: 'orders', policyArn: critical.policyArn }], [critical]), 'resiliencehub:ListResiliencyPolicies@us-east-1': DENIED_EXCEPTION },
      expect: { missingPermission: 'resiliencehub:ListResiliencyPolicies' },
    },
  ],
});
