import { expect } from 'vitest';
import check from '../../../src/checks/security/incident-response-rehearsed.js';
import { DENIED_EXCEPTION, HOME, THROTTLED, awsError, testCheck } from '../../support/check-tester.js';

const ACCOUNT_ARN = 'arn:aws:account::123456789012:account';
const CONTACT_KEY = 'account:GetAlternateContact {"AlternateContactType":"SECURITY"}';
const securityContact = {
  [CONTACT_KEY]: { AlternateContact: { AlternateContactType: 'SECURITY', Name: 'Security Team', Title: 'SecOps on-call', EmailAddress: 'security@example.com', PhoneNumber: '+1-555-0100' } },
};
const untitledContact = { [CONTACT_KEY]: { AlternateContact: { AlternateContactType: 'SECURITY', Name: 'Security Team', EmailAddress: 'security@example.com', PhoneNumber: '+1-555-0100' } } };
const noSecurityContact = { [CONTACT_KEY]: awsError('ResourceNotFoundException', 'No contact of the inputted alternate contact type found.', 404) };
const notSubscribed = awsError('InvalidAccessException', 'Account 123456789012 is not subscribed to AWS Security Hub', 401);
const ATTEST = 'rehearsed within the last 12 months';

/** GuardDuty: 'enabled' | 'suspended' | 'none'; Security Hub on or off, for one region. */
function tools(region: string, guardDuty: 'enabled' | 'suspended' | 'none', securityHub: boolean): Record<string, unknown> {
  return {
    [`guardduty:ListDetectors@${region}`]: { DetectorIds: guardDuty === 'none' ? [] : [`d-${region}`] },
    ...(guardDuty === 'none' ? {} : { [`guardduty:GetDetector@${region} {"DetectorId":"d-${region}"}`]: { Status: guardDuty === 'enabled' ? 'ENABLED' : 'DISABLED' } }),
    [`securityhub:DescribeHub@${region}`]: securityHub ? { HubArn: `arn:aws:securityhub:${region}:123456789012:hub/default`, SubscribedAt: '2024-01-10T00:00:00.000Z' } : notSubscribed,
  };
}
const evidence = (r: { findings: { status: string; evidence?: Record<string, unknown> }[] }) => r.findings.find((f) => f.status === 'manual')?.evidence;

testCheck(check, {
  met: [
    {
      name: 'securityContactSetRehearsalLeftToPeople',
      regions: [HOME, 'us-west-2', 'eu-west-1'],
      responses: { ...securityContact, ...tools(HOME, 'enabled', true), ...tools('us-west-2', 'none', false), ...tools('eu-west-1', 'suspended', false) },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_ARN],
        metResources: [],
        message: ATTEST,
        check: (r) => {
          expect(r.findings).toHaveLength(1);
          expect(evidence(r)).toEqual({
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
    {
      name: 'untitledContactAndNoRegionInScope',
      regions: [],
      responses: { ...untitledContact },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_ARN],
        check: (r) =>
          expect(evidence(r)).toEqual({ securityContact: 'set', guardDutyEnabled: [], guardDutyMissingOrSuspended: [], securityHubEnabled: [], securityHubNotEnabled: [] }),
      },
    },
    {
      name: 'detectionToolsThatCannotBeReadAreEvidenceNotErrors',
      regions: [HOME, 'eu-west-1', 'us-west-2'],
      responses: {
        ...securityContact,
        [`guardduty:ListDetectors@${HOME}`]: DENIED_EXCEPTION,
        [`securityhub:DescribeHub@${HOME}`]: DENIED_EXCEPTION,
        ...tools('eu-west-1', 'enabled', true),
        ['guardduty:GetDetector@eu-west-1 {"DetectorId":"d-eu-west-1"}']: DENIED_EXCEPTION,
        ...tools('us-west-2', 'enabled', false),
        ['securityhub:DescribeHub@us-west-2']: THROTTLED,
      },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_ARN],
        check: (r) => {
          expect(r.findings.filter((f) => f.status === 'error')).toEqual([]);
          expect(evidence(r)).toEqual({
            securityContact: 'set (SecOps on-call)',
            guardDutyEnabled: ['us-west-2'],
            guardDutyMissingOrSuspended: [],
            securityHubEnabled: ['eu-west-1'],
            securityHubNotEnabled: [],
            guardDutyUnknown: [`${HOME}: missing permission guardduty:ListDetectors`, 'eu-west-1: missing permission guardduty:GetDetector'],
            securityHubUnknown: [`${HOME}: missing permission securityhub:DescribeHub`, expect.stringMatching(/^us-west-2: .*throttl/i)],
          });
        },
      },
    },
  ],
  notMet: [
    {
      name: 'noSecurityAlternateContact',
      responses: { ...noSecurityContact, ...tools(HOME, 'enabled', true) },
      expect: {
        resources: [ACCOUNT_ARN],
        message: 'No security alternate contact is set: AWS sends abuse and compromise notifications only to the root user\'s email address.',
        check: (r) => {
          expect(r.findings.map((f) => f.status)).toEqual(['not-met', 'manual']);
          expect(evidence(r)).toMatchObject({ securityContact: 'not set' });
        },
      },
    },
    {
      name: 'noSecurityContactStandsWhateverTheToolsAnswer',
      regions: [HOME, 'eu-west-1'],
      responses: { ...noSecurityContact, [`guardduty:ListDetectors@${HOME}`]: DENIED_EXCEPTION, [`securityhub:DescribeHub@${HOME}`]: DENIED_EXCEPTION, ...tools('eu-west-1', 'none', false) },
      expect: { resources: [ACCOUNT_ARN], check: (r) => expect(r.findings.filter((f) => f.status === 'error')).toEqual([]) },
    },
  ],
  cannotTell: [
    {
      name: 'alternateContactDenied',
      responses: { [CONTACT_KEY]: DENIED_EXCEPTION, ...tools(HOME, 'enabled', true) },
      expect: {
        resources: [ACCOUNT_ARN],
        missingPermission: 'account:GetAlternateContact',
        message: 'could not tell: missing permission account:GetAlternateContact',
        check: (r) => {
          expect(r.findings.map((f) => f.status)).toEqual(['error', 'manual']);
          expect(evidence(r)).toMatchObject({ securityContact: 'unknown' });
        },
      },
    },
    {
      name: 'alternateContactThrottled',
      responses: { [CONTACT_KEY]: THROTTLED, ...tools(HOME, 'none', false) },
      expect: { resources: [ACCOUNT_ARN], check: (r) => expect(r.findings.find((f) => f.status === 'error')?.errorKind).toBe('throttled') },
    },
  ],
});
