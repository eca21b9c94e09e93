import { DescribeSeverityLevelsCommand, SupportClient } from '@aws-sdk/client-support';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import check, { planFrom } from '../../../src/checks/operations/business-support-enabled.js';
import { runChecks } from '../../../src/engine.js';
import { DENIED_EXCEPTION, awsError, engineContext, liveFetcher, testCheck } from '../../support/check-tester.js';

const ACCOUNT_ARN = 'arn:aws:account::123456789012:account';
const KEY = 'support:DescribeSeverityLevels';
const level = (code: string, name: string) => ({ code, name });
const DEVELOPER_LEVELS = [level('low', 'General guidance'), level('normal', 'System impaired')];
const BUSINESS = [...DEVELOPER_LEVELS, level('high', 'Production system impaired'), level('urgent', 'Production system down')];
const ENTERPRISE = [...BUSINESS, level('critical', 'Business-critical system down')];
const SUBSCRIPTION_REQUIRED = 'AWS Premium Support Subscription is required to use this service.';
const subscriptionRequired = awsError('SubscriptionRequiredException', SUBSCRIPTION_REQUIRED);

testCheck(check, {
  met: [
    {
      name: 'businessSupport',
      responses: { [KEY]: { severityLevels: BUSINESS } },
      expect: {
        metResources: [ACCOUNT_ARN],
        message: 'Business support: the Support API answers with severity levels low, normal, high, urgent.',
        check: (r) => expect(r.findings[0].evidence).toEqual({ supportPlan: 'Business', severityLevels: ['low', 'normal', 'high', 'urgent'] }),
      },
    },
    {
      name: 'enterpriseSupportOffersCritical',
      responses: { [KEY]: { severityLevels: ENTERPRISE } },
      expect: { metResources: [ACCOUNT_ARN], message: 'Enterprise On-Ramp or Enterprise support: the Support API answers with severity levels low, normal, high, urgent, critical.' },
    },
  ],
  notMet: [
    {
      name: 'basicOrDeveloperSupport',
      responses: { [KEY]: subscriptionRequired },
      expect: {
        resources: [ACCOUNT_ARN],
        message: 'Basic or Developer support (the Support API answered SubscriptionRequiredException).',
        check: (r) =>
          expect(r.findings[0].evidence).toEqual({
            supportPlan: 'Basic or Developer',
            note:
              'The item is met when at least one of your AWS accounts has Business Support or higher; this result covers this account only. ' +
              'Business Support is per account; an Enterprise On-Ramp or Enterprise plan covers every account of its organization (the Support API then answers in each).',
          }),
      },
    },
  ],
  cannotTell: [
    {
      name: 'answersWithoutUrgentLevelIsLeftToPeople',
      responses: { [KEY]: { severityLevels: [...DEVELOPER_LEVELS, level('high', 'Production system impaired'), { name: 'no code' }] } },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_ARN],
        message: 'The Support API answers, but with no urgent or critical severity level (low, normal, high, ?): confirm the support plan in the Support Center.',
      },
    },
    {
      name: 'answersWithNoLevelAtAll',
      responses: { [KEY]: {} },
      expect: { status: 'manual', resources: [ACCOUNT_ARN], message: 'no urgent or critical severity level (none)' },
    },
    { name: 'severityLevelsDenied', responses: { [KEY]: DENIED_EXCEPTION }, expect: { resources: [ACCOUNT_ARN], missingPermission: 'support:DescribeSeverityLevels' } },
    { name: 'supportApiFailing', responses: { [KEY]: awsError('InternalServerError', 'internal error', 500) }, expect: { resources: [ACCOUNT_ARN], message: 'could not tell: support:DescribeSeverityLevels failed: InternalServerError: internal error' } },
  ],
});

describe('planFrom', () => {
  it('reads the plan from the highest severity level a case may have', () => {
    expect(planFrom(['low', 'normal', 'high', 'urgent', 'critical'])).toBe('Enterprise On-Ramp or Enterprise');
    expect(planFrom(['critical'])).toBe('Enterprise On-Ramp or Enterprise');
    expect(planFrom(['urgent', 'low'])).toBe('Business');
    expect(planFrom(['low', 'normal', 'high'])).toBeUndefined();
    expect(planFrom([])).toBeUndefined();
  });
});

// The Support API is global and served from us-east-1, whatever the home region of the scan.
describe('check 3.3 against the SDK', () => {
  const support = mockClient(SupportClient);
  afterEach(() => support.reset());

  const runFrom = async (homeRegion: string) => {
    const fetcher = liveFetcher({ homeRegion });
    const { results } = await runChecks({ checks: [check], only: ['3.3'], context: engineContext(fetcher, { homeRegion, regions: [homeRegion] }) });
    fetcher.destroy();
    return results[0];
  };
  /** Answers only when the request is sent to us-east-1. */
  const fromUsEast1 = (answer: () => unknown) => async (_input: unknown, getClient: () => SupportClient) => {
    const region = await getClient().config.region();
    if (region !== 'us-east-1') throw Object.assign(new Error(`sent to ${region}`), { name: 'UnknownEndpoint', $metadata: {} });
    return answer();
  };

  it('a scan from eu-west-1 asks the Support API in us-east-1; SubscriptionRequiredException means Basic or Developer support', async () => {
    support.on(DescribeSeverityLevelsCommand).callsFake(
      fromUsEast1(() => {
        throw Object.assign(new Error(SUBSCRIPTION_REQUIRED), { name: 'SubscriptionRequiredException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
      }),
    );
    const result = await runFrom('eu-west-1');
    expect(result.status, JSON.stringify(result.findings)).toBe('not-met');
    expect(result.findings.map((f) => [f.resource, f.region])).toEqual([[ACCOUNT_ARN, undefined]]);
    expect(support.commandCalls(DescribeSeverityLevelsCommand)).toHaveLength(1);
  });

  it('a scan from ap-southeast-2 reads Business support from us-east-1', async () => {
    support.on(DescribeSeverityLevelsCommand).callsFake(fromUsEast1(() => ({ severityLevels: BUSINESS })));
    const result = await runFrom('ap-southeast-2');
    expect(result.status, JSON.stringify(result.findings)).toBe('met');
    expect(result.findings[0].evidence).toMatchObject({ supportPlan: 'Business' });
  });
});
