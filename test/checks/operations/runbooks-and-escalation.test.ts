import { expect } from 'vitest';
import check from '../../../src/checks/operations/runbooks-and-escalation.js';
import { DENIED_EXCEPTION, HOME, awsError, daysAgo, testCheck } from '../../support/check-tester.js';

const ACCOUNT_ARN = 'arn:aws:account::123456789012:account';
const CONTACT_KEY = 'account:GetAlternateContact {"AlternateContactType":"OPERATIONS"}';
const SUPPORT_KEY = 'support:DescribeSeverityLevels';
const docsKey = (region: string) => `ssm:ListDocuments@${region} {"Filters":[{"Key":"Owner","Values":["Self"]},{"Key":"DocumentType","Values":["Automation"]}]}`;
const plansKey = (region: string) => `ssmincidents:ListResponsePlans@${region}`;

const opsContact = {
  [CONTACT_KEY]: { AlternateContact: { AlternateContactType: 'OPERATIONS', Name: 'Ops Team', Title: 'NOC on-call', EmailAddress: 'ops@example.com', PhoneNumber: '+1-555-0101' } },
};
const noOpsContact = { [CONTACT_KEY]: awsError('ResourceNotFoundException', 'No contact of the inputted alternate contact type found.', 404) };
const business = { [SUPPORT_KEY]: { severityLevels: ['low', 'normal', 'high', 'urgent'].map((code) => ({ code, name: code })) } };
const developer = { [SUPPORT_KEY]: awsError('SubscriptionRequiredException', 'AWS Premium Support Subscription is required to use this service.') };
const runbooks = (region: string, ...names: string[]) => ({
  [docsKey(region)]: { DocumentIdentifiers: names.map((Name) => ({ Name, DocumentType: 'Automation', Owner: '123456789012', CreatedDate: daysAgo(100) })) },
});
const plan = (name: string, displayName?: string) => ({ arn: `arn:aws:ssm-incidents::123456789012:response-plan/${name}`, name, displayName });
const plans = (region: string, ...list: object[]) => ({ [plansKey(region)]: { responsePlanSummaries: list } });
const notOffered = (region: string) => ({ [plansKey(region)]: awsError('ENOTFOUND', `getaddrinfo ENOTFOUND ssm-incidents.${region}.amazonaws.com`) });

testCheck(check, {
  met: [
    {
      name: 'runbooksPlansContactAndBusinessSupportStillAttestedByPeople',
      regions: [HOME, 'us-west-2', 'me-central-1'],
      responses: {
        ...opsContact,
        ...business,
        ...runbooks(HOME, 'Acme-RestartApi', 'Acme-FailoverDb'),
        ...runbooks('us-west-2'),
        ...runbooks('me-central-1', 'Acme-RestartApi'),
        ...plans(HOME, plan('orders-outage', 'Orders outage')),
        ...plans('us-west-2', plan('orders-outage', 'Orders outage'), plan('login-errors')),
        ...notOffered('me-central-1'),
      },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_ARN],
        message: /including when to escalate to AWS Support\.$/,
        check: (r) => {
          expect(r.findings).toHaveLength(1);
          expect(r.findings[0].evidence).toEqual({
            automationRunbooks: 3,
            automationRunbookNames: ['us-east-1: Acme-RestartApi', 'us-east-1: Acme-FailoverDb', 'me-central-1: Acme-RestartApi'],
            responsePlans: ['Orders outage', 'login-errors'],
            incidentManagerNotOffered: ['me-central-1'],
            operationsContact: 'set (NOC on-call)',
            supportPlan: 'Business',
          });
          expect(JSON.stringify(r.findings)).not.toMatch(/ops@example\.com|555-0101|Ops Team/);
        },
      },
    },
  ],
  notMet: [
    {
      name: 'noContactRunbooksOrPlansAndDeveloperSupportNamedForPeople',
      responses: { ...noOpsContact, ...developer, ...runbooks(HOME), ...plans(HOME) },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_ARN],
        message:
          'Seen by the scan: no operations alternate contact is set; no SSM Automation runbooks are owned by the account; ' +
          'no Incident Manager response plans; Basic or Developer support (no urgent or critical AWS Support cases).',
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ operationsContact: 'not set', supportPlan: 'Basic or Developer', automationRunbooks: 0 }),
      },
    },
  ],
  cannotTell: [
    {
      // No look can change the verdict (always manual), so one that fails is named, not an error.
      name: 'contactAndSupportDeniedAreNamedNotErrors',
      responses: { [CONTACT_KEY]: DENIED_EXCEPTION, [SUPPORT_KEY]: DENIED_EXCEPTION, ...runbooks(HOME, 'Acme-RestartApi'), ...plans(HOME) },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_ARN],
        message:
          'Seen by the scan: no Incident Manager response plans. Not read: missing permission account:GetAlternateContact; missing permission support:DescribeSeverityLevels.',
        check: (r) => {
          expect(r.findings).toHaveLength(1);
          expect(r.findings[0].evidence).toMatchObject({
            operationsContact: 'unknown',
            supportPlan: 'unknown',
            notRead: ['missing permission account:GetAlternateContact', 'missing permission support:DescribeSeverityLevels'],
          });
        },
      },
    },
    {
      name: 'documentsAndResponsePlansDeniedInOneOfTwoRegions',
      regions: [HOME, 'eu-west-1'],
      responses: { ...opsContact, ...business, [docsKey(HOME)]: DENIED_EXCEPTION, [plansKey(HOME)]: DENIED_EXCEPTION, ...runbooks('eu-west-1'), ...plans('eu-west-1') },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_ARN],
        message:
          /escalate to AWS Support\. Not read: missing permission ssm-incidents:ListResponsePlans \(us-east-1\); missing permission ssm:ListDocuments \(us-east-1\)\.$/,
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ automationRunbooks: 0, responsePlans: [] }),
      },
    },
    {
      name: 'supportApiFailingIsNamed',
      responses: { ...opsContact, [SUPPORT_KEY]: awsError('InternalServerError', 'internal error', 500), ...runbooks(HOME, 'Acme-RestartApi'), ...plans(HOME, plan('p')) },
      expect: { status: 'manual', resources: [ACCOUNT_ARN], message: /Not read: support:DescribeSeverityLevels failed: InternalServerError: internal error\.$/ },
    },
  ],
});
