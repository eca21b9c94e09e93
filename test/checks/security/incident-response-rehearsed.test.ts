import { expect } from 'vitest';
import check from '../../../src/checks/security/incident-response-rehearsed.js';
import { DENIED_EXCEPTION, HOME, awsError, testCheck } from '../../support/check-tester.js';

const ACCOUNT_ARN = 'arn:aws:account::123456789012:account';
const CONTACT_KEY = 'account:GetAlternateContact {"AlternateContactType":"SECURITY"}';
const securityContact = {
  [CONTACT_KEY]: { AlternateContact: { AlternateContactType: 'SECURITY', Name: 'Security Team', Title: 'SecOps on-call', EmailAddress: 'security@example.com', PhoneNumber: '+1-555-0100' } },
};
const noSecurityContact = { [CONTACT_KEY]: awsError('ResourceNotFoundException', 'No contact of the inputted alternate contact type found.', 404) };
const notSubscribed = awsError('InvalidAccessException', 'Account 123456789012 is not subscribed to AWS Security Hub', 401);

/** GuardDuty: 'enabled' | 'suspended' | 'none'; Security Hub on or off, for one region. */
function tools(region: string, guardDuty: 'enabled' | 'suspended' | 'none', securityHub: boolean): Record<string, unknown> {
  return {
    [`guardduty:ListDetectors@${region}`]: { DetectorIds: guardDuty === 'none' ? [] : [`d-${region}`] },
    ...(guardDuty === 'none' ? {} : { [`guardduty:GetDetector@${region} {"DetectorId":"d-${region}"}`]: { Status: guardDuty === 'enabled' ? 'ENABLED' : 'DISABLED' } }),
    [`securityhub:DescribeHub@${region}`]: securityHub ? { HubArn: `arn:aws:securityhub:${region}:123456789012:hub/default`, SubscribedAt: '2024-01-10T00:00:00.000Z' } : notSubscribed,
  };
}

testCheck(check, {
  met: [
    {
      name: 'securityContactSetRehearsalLeftToPeople',
      regions: [HOME, 'us-west-2', 'eu-west-1'],
      responses: { ...securityContact, ...tools(HOME, 'enabled', true), ...tools('us-west-2', 'suspended', false), ...tools('eu-west-1', 'none', false) },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_ARN],
        message: 'rehearsed within the last 12 months',
        check: (r) => {
          expect(r.findings[0].evidence).toEqual({
            securityContact: 'set (SecOps on-call)',
            guardDutyEnabled: [HOME],
            guardDutyMissingOrSuspended: ['eu-west-1', 'us-west-2'],
            securityHubEnabled: [HOME],
            securityHubNotEnabled: ['us-west-2', 'eu-west-1'],
          });
          expect(JSON.stringify(r.findings)).not.toMatch(/security@example\.com|555-0100|Security Team/);
        },
      },
    },
  ],
  notMet: [
    {
      name: 'noSecurityAlternateContact',
      responses: { ...noSecurityContact, ...tools(HOME, 'enabled', true) },
      expect: { resources: [ACCOUNT_ARN], message: 'No security alternate contact is set' },
    },
  ],
  cannotTell: [
    {
      name: 'alternateContactDenied',
      responses: { [CONTACT_KEY]: DENIED_EXCEPTION, ...tools(HOME, 'enabled', true) },
      expect: { missingPermission: 'account:GetAlternateContact', check: (r) => expect(r.findings.find((f) => f.status === 'manual')?.evidence).toMatchObject({ securityContact: 'unknown' }) },
    },
    {
      name: 'detectionToolsDenied',
      regions: [HOME, 'eu-west-1'],
      responses: {
        ...securityContact,
        [`guardduty:ListDetectors@${HOME}`]: DENIED_EXCEPTION,
        [`securityhub:DescribeHub@${HOME}`]: DENIED_EXCEPTION,
        ...tools('eu-west-1', 'enabled', true),
        ['guardduty:GetDetector@eu-west-1 {"DetectorId":"d-eu-west-1"}']: DENIED_EXCEPTION,
      },
      expect: {
        check: (r) =>
          expect(new Set(r.findings.map((f) => f.missingPermission).filter(Boolean))).toEqual(
            new Set(['guardduty:ListDetectors', 'guardduty:GetDetector', 'securityhub:DescribeHub']),
          ),
      },
    },
  ],
});
