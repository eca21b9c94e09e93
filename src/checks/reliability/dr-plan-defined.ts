// 2.10 A Disaster Recovery (DR) plan has been defined: an RPO and an RTO for every in-scope service, aligned
// with the SLA offered to customers.
// Account-wide, from AWS Resilience Hub in every region in scope (resiliencehub:ListApps, DescribeApp for
// the app's policyArn, ListResiliencyPolicies for the targets per disruption type):
// - an app whose resiliency policy sets RTO/RPO → met (evidence: the targets, tier, compliance status);
// - an app with no resiliency policy → not met: no RTO/RPO is defined for that part of the solution (this
//   stands even when the region's policies cannot be read: they are not needed to see that none is named);
// - an app whose policy is not among the account's policies, or sets no target (or a target without an
//   RTO or RPO) → manual: its targets cannot be read from Resilience Hub;
// - an app that cannot be described, or whose policy cannot be read → error for that app only.
// Whether the apps cover every in-scope service and whether the targets match the customer SLA is known
// only to people: one manual finding always asks for that, so the API alone never makes this item met.
// No Resilience Hub app anywhere → manual: attest the DR plan document with its RTO and RPO values.
// Regions where Resilience Hub is not offered are skipped.
import { describeTargets, policyTargets } from '../../aws/services/resiliencehub.js';
import { defineCheck, manual, met, notMet } from '../define-check.js';
import type { Finding } from '../../model.js';
import { appFacts, resilienceHubApps, targetsLacking, tierText, type HubApp } from '../resilience-hub.js';

export default defineCheck({
  meta: {
    id: '2.10',
    kind: 'partial',
    scope: 'account',
    permissions: ['resiliencehub:ListApps', 'resiliencehub:DescribeApp', 'resiliencehub:ListResiliencyPolicies'],
    remediation:
      'Write down the DR plan with an RTO and RPO per in-scope service that match your customer SLA; model the ' +
      'services as AWS Resilience Hub apps with a resiliency policy so the targets are assessed continuously.',
    docs: 'https://docs.aws.amazon.com/resilience-hub/latest/userguide/',
  },
  async run(ctx) {
    const { regions, account } = ctx;
    const { apps, errors } = await resilienceHubApps(ctx);
    const findings: Finding[] = [...apps.map(appFinding), ...errors];
    const accountWide = `arn:${account.partition}:::${account.id}`;
    findings.push(
      apps.length > 0
        ? manual(
            accountWide,
            `Resilience Hub models ${apps.length} app(s): attest that the DR plan covers every in-scope service and that its RTO and RPO ` +
              'match the SLA you offer to customers.',
          )
        : manual(
            accountWide,
            `No AWS Resilience Hub app in ${regions.join(', ')}: attest the DR plan (document, RTO and RPO per in-scope service, ` +
              'and how they match your customer SLA).',
          ),
    );
    return findings;
  },
});

function appFinding(seen: HubApp): Finding {
  const { region, summary, app, policy } = seen;
  const { arn, evidence } = appFacts(seen);
  const name = `Resilience Hub app ${summary.name} (${region})`;
  if (!app.policyArn) return notMet(arn, `${name} has no resiliency policy: no RTO or RPO is defined for it.`, evidence);
  if (seen.policyUnread) return seen.policyUnread;
  if (!policy) return manual(arn, `${name} names resiliency policy ${app.policyArn}, which could not be read.`, evidence);
  const lacking = targetsLacking(policy, ['rtoInSecs', 'rpoInSecs']);
  if (policyTargets(policy).length === 0 || lacking.length > 0) {
    const where = lacking.length > 0 ? ` for ${lacking.join(', ')}` : '';
    return manual(arn, `${name}: policy ${policy.policyName} sets no RTO and RPO${where}: attest the targets from the DR plan.`, evidence);
  }
  return met(arn, `${name}: policy ${policy.policyName}${tierText(policy)} sets ${describeTargets(policy)}.`, { ...evidence, tier: policy.tier });
}
