import { expect } from 'vitest';
import check from '../../../src/checks/reliability/dr-plan-defined.js';
import { DENIED_EXCEPTION, awsError, testCheck } from '../../support/check-tester.js';
import { ACCOUNT_WIDE, APP, POLICY, hubResponses, policy } from './resiliencehub-fixtures.js';

const critical = policy('mission-critical', 'MissionCritical', { AZ: 1, Hardware: 1, Software: 2, Region: 4 });
const withPolicy = hubResponses([{ name: 'orders', policyArn: critical.policyArn }, { name: 'legacy', status: 'Deleting' }], [critical]);

testCheck(check, {
  // Coverage of every in-scope service and alignment with the customer SLA are always left to people.
  met: [
    {
      name: 'appsWithRtoRpoStillManualForSlaAlignment',
      responses: withPolicy,
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        message: 'attest that the DR plan covers every in-scope service',
        check: (r) => {
          const orders = r.findings.find((f) => f.resource === APP('orders'));
          expect(orders?.status).toBe('met');
          expect(orders?.message).toMatch(/policy mission-critical \(MissionCritical\) sets AZ RTO 1 h \/ RPO 15 min; Hardware RTO 1 h/);
          expect(r.findings.some((f) => f.resource === APP('legacy'))).toBe(false);
        },
      },
    },
  ],
  notMet: [
    {
      name: 'appWithoutResiliencyPolicy',
      responses: hubResponses([{ name: 'orders', policyArn: critical.policyArn }, { name: 'billing' }], [critical]),
      expect: { resources: [APP('billing')], message: 'has no resiliency policy: no RTO or RPO is defined' },
    },
  ],
  cannotTell: [
    { name: 'noResilienceHubApps', responses: hubResponses([], []), expect: { status: 'manual', resources: [ACCOUNT_WIDE], message: 'No AWS Resilience Hub app in us-east-1' } },
    {
      name: 'policyNotAmongTheAccountPolicies',
      responses: hubResponses([{ name: 'orders', policyArn: POLICY('gone') }], [critical]),
      expect: { status: 'manual', message: 'which could not be read' },
    },
    {
      name: 'regionWithoutResilienceHubIsSkipped',
      regions: ['us-east-1', 'ap-south-2'],
      responses: { ...withPolicy, 'resiliencehub:ListApps@ap-south-2': awsError('UnknownEndpoint', 'getaddrinfo ENOTFOUND resiliencehub.ap-south-2.amazonaws.com') },
      expect: { status: 'manual', check: (r) => expect(r.findings.filter((f) => f.status === 'error')).toEqual([]) },
    },
    {
      name: 'appDeletedDuringTheScanIsSkipped',
      responses: { ...withPolicy, [`resiliencehub:DescribeApp@us-east-1 {"appArn":"${APP('orders')}"}`]: awsError('ResourceNotFoundException', 'app not found', 404) },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE], message: 'No AWS Resilience Hub app in us-east-1' },
    },
    { name: 'listAppsDenied', responses: { 'resiliencehub:ListApps@us-east-1': DENIED_EXCEPTION }, expect: { missingPermission: 'resiliencehub:ListApps' } },
    {
      name: 'describeAppDenied',
      responses: { ...withPolicy, [`resiliencehub:DescribeApp@us-east-1 {"appArn":"${APP('orders')}"}`]: DENIED_EXCEPTION },
      expect: { resources: ['arn:aws:resiliencehub:us-east-1:123456789012:app/*'], missingPermission: 'resiliencehub:DescribeApp' },
    },
    {
      name: 'listPoliciesDenied',
      responses: { ...withPolicy, 'resiliencehub:ListResiliencyPolicies@us-east-1': DENIED_EXCEPTION },
      expect: { missingPermission: 'resiliencehub:ListResiliencyPolicies' },
    },
  ],
});
