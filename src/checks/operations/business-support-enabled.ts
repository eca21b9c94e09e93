// 3.3 AWS Business Support is enabled for the AWS Account.
// The AWS Support API (global, served from us-east-1) answers only accounts on a Business, Enterprise
// On-Ramp or Enterprise plan; Basic and Developer get SubscriptionRequiredException. So
// support:DescribeSeverityLevels decides:
//  - it answers → met; the levels are the evidence: `urgent` (production system down) comes with Business,
//    `critical` (business-critical system down) with Enterprise On-Ramp and Enterprise. An answer with
//    neither is unexpected → manual: confirm the plan in the Support Center.
//  - SubscriptionRequiredException → not met (Basic or Developer).
//  - AccessDenied or any other failure → error on the account, naming support:DescribeSeverityLevels (the
//    plan is unknown, never guessed).
// The Support API is global: the data layer sends the call to us-east-1 whatever the scan's home region.
// There is no public API that names the plan itself: the AWS Support Plans console's
// supportplans:GetSupportPlan is a permission-only action without an SDK operation.
// The item asks for Business Support on at least one of the partner's accounts: each account is judged on its
// own answer, and a scan of several accounts rolls the item up as met when one account is (src/rollup.ts).
import { ServiceNotEnabled } from '../../errors.js';
import { defineCheck, findingFromError, manual, met, notMet } from '../define-check.js';

// Business Support is bought per account; Enterprise On-Ramp and Enterprise cover every account of the
// organization, so a member of an organization on those plans answers too: a member that answers
// SubscriptionRequiredException is not covered by any plan, whatever its management account has.
const ONE_ACCOUNT_NOTE =
  'The item is met when at least one of your AWS accounts has Business Support or higher; this result covers this account only. ' +
  'Business Support is per account; an Enterprise On-Ramp or Enterprise plan covers every account of its organization (the Support API then answers in each).';

export default defineCheck({
  meta: {
    id: '3.3',
    kind: 'automated',
    scope: 'account',
    permissions: ['support:DescribeSeverityLevels'],
    remediation:
      'Subscribe at least one of your AWS accounts (typically the production or management account) to Business ' +
      'Support or higher in the AWS Support Center (Support plans), or scan an account that already has it.',
    docs: 'https://aws.amazon.com/premiumsupport/plans/',
  },
  async run({ aws, account }) {
    const resource = `arn:${account.partition}:account::${account.id}:account`;
    let levels: string[];
    try {
      levels = (await aws.support.severityLevels()).map((l) => l.code ?? '?');
    } catch (err) {
      if (!(err instanceof ServiceNotEnabled)) return [findingFromError(err, resource)]; // the plan is unknown, never guessed
      return [
        notMet(resource, 'Basic or Developer support (the Support API answered SubscriptionRequiredException).', {
          supportPlan: 'Basic or Developer',
          note: ONE_ACCOUNT_NOTE,
        }),
      ];
    }
    const plan = planFrom(levels);
    if (!plan) {
      return [
        manual(resource, `The Support API answers, but with no urgent or critical severity level (${levels.join(', ') || 'none'}): confirm the support plan in the Support Center.`, {
          severityLevels: levels,
        }),
      ];
    }
    return [met(resource, `${plan} support: the Support API answers with severity levels ${levels.join(', ')}.`, { supportPlan: plan, severityLevels: levels })];
  },
});

/** The plan the severity levels imply, or undefined when they imply no plan above Developer. */
export function planFrom(levels: string[]): string | undefined {
  if (levels.includes('critical')) return 'Enterprise On-Ramp or Enterprise';
  if (levels.includes('urgent')) return 'Business';
  return undefined;
}
