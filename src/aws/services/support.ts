// AWS Support API, including Trusted Advisor. Account-wide and served from us-east-1 only (the Trusted
// Advisor operations are not offered by the other Support endpoints). Accounts without a Business,
// Enterprise On-Ramp or Enterprise support plan get SubscriptionRequiredException: ServiceNotEnabled.
// Further Support operations (DescribeSeverityLevels, …) belong here too.
import type {
  DescribeSeverityLevelsCommandOutput,
  DescribeTrustedAdvisorCheckResultCommandOutput,
  DescribeTrustedAdvisorChecksCommandOutput,
} from '@aws-sdk/client-support';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { list, maybe, obj, shapeOf, str } from '../shapes.js';

const NOT_ENABLED = ['SubscriptionRequiredException'];

export const support = defineService({
  name: 'support',
  iamPrefix: 'support',
  global: true,
  globalRegion: 'us-east-1',
  load: () => sdkPackage<typeof import('@aws-sdk/client-support')>('@aws-sdk/client-support'),
  client: 'SupportClient',
  operations: {
    DescribeTrustedAdvisorChecks: {
      command: 'DescribeTrustedAdvisorChecksCommand',
      notEnabled: NOT_ENABLED,
      shape: shapeOf<DescribeTrustedAdvisorChecksCommandOutput>()({ checks: z.array(obj({ id: z.string(), name: z.string() })) }),
    },
    DescribeTrustedAdvisorCheckResult: {
      command: 'DescribeTrustedAdvisorCheckResultCommand',
      notEnabled: NOT_ENABLED,
      shape: shapeOf<DescribeTrustedAdvisorCheckResultCommandOutput>()({ result: maybe({ status: z.string() }) }),
    },
    // The severity levels a case may have (code low | normal | high | urgent | critical): answers only on a
    // Business, Enterprise On-Ramp or Enterprise plan, so it also tells the plan (3.3, 3.2).
    DescribeSeverityLevels: {
      command: 'DescribeSeverityLevelsCommand',
      notEnabled: NOT_ENABLED,
      shape: shapeOf<DescribeSeverityLevelsCommandOutput>()({ severityLevels: list(obj({ code: str })) }),
    },
  },
});

export const supportAccessors = (call: CallFn) => ({
  /** The severity levels (code, name) the account's support plan offers; ServiceNotEnabled on Basic/Developer. */
  severityLevels: async () =>
    (await call<DescribeSeverityLevelsCommandOutput>('support', 'DescribeSeverityLevels')).severityLevels ?? [],
  /** Every Trusted Advisor check (id, name, category), in English. */
  trustedAdvisorChecks: async () =>
    (await call<DescribeTrustedAdvisorChecksCommandOutput>('support', 'DescribeTrustedAdvisorChecks', { language: 'en' })).checks ?? [],
  /** The latest result of one check: status ok | warning | error | not_available, resourcesSummary, flaggedResources. */
  trustedAdvisorCheckResult: async (checkId: string) =>
    (await call<DescribeTrustedAdvisorCheckResultCommandOutput>('support', 'DescribeTrustedAdvisorCheckResult', { checkId, language: 'en' }))
      .result,
});
