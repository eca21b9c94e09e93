import { expect } from 'vitest';
import check from '../../../src/checks/operations/business-support-enabled.js';
import { DENIED_EXCEPTION, awsError, testCheck } from '../../support/check-tester.js';

const ACCOUNT_ARN = 'arn:aws:account::123456789012:account';
const KEY = 'support:DescribeSeverityLevels';
const level = (code: string, name: string) => ({ code, name });
const BUSINESS = [level('low', 'General guidance'), level('normal', 'System impaired'), level('high', 'Production system impaired'), level('urgent', 'Production system down')];
const ENTERPRISE = [...BUSINESS, level('critical', 'Business-critical system down')];
const subscriptionRequired = awsError('SubscriptionRequiredException', 'AWS Premium Support Subscription is required to use this service.');

testCheck(check, {
  met: [
    {
      name: 'businessSupport',
      responses: { [KEY]: { severityLevels: BUSINESS } },
      expect: {
        resources: [ACCOUNT_ARN],
        message: 'Business support',
        check: (r) => expect(r.findings[0].evidence).toEqual({ supportPlan: 'Business', severityLevels: ['low', 'normal', 'high', 'urgent'] }),
      },
    },
    {
      name: 'enterpriseSupportOffersCritical',
      responses: { [KEY]: { severityLevels: ENTERPRISE } },
      expect: { message: 'Enterprise On-Ramp or Enterprise support' },
    },
    {
      name: 'answersWithoutUrgentLevelIsLeftToPeople',
      responses: { [KEY]: { severityLevels: [level('low', 'General guidance'), level('normal', 'System impaired')] } },
      expect: { status: 'manual', message: 'confirm the support plan' },
    },
  ],
  notMet: [
    {
      name: 'basicOrDeveloperSupport',
      responses: { [KEY]: subscriptionRequired },
      expect: {
        resources: [ACCOUNT_ARN],
        message: 'Basic or Developer support (the Support API answered SubscriptionRequiredException)',
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ note: expect.stringMatching(/at least one of your AWS accounts/) }),
      },
    },
  ],
  cannotTell: [
    { name: 'severityLevelsDenied', responses: { [KEY]: DENIED_EXCEPTION }, expect: { missingPermission: 'support:DescribeSeverityLevels' } },
    { name: 'supportApiFailing', responses: { [KEY]: awsError('InternalServerError', 'internal error', 500) }, expect: { message: /InternalServerError/ } },
  ],
});
