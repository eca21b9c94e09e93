// 2.10 A Disaster Recovery (DR) plan has been defined: an RPO and an RTO for every in-scope service, aligned
// with the SLA offered to customers.
// Account-wide, from AWS Resilience Hub in every region in scope (resiliencehub:ListApps, DescribeApp for
// the app's policyArn, ListResiliencyPolicies for the targets per disruption type):
// - an app whose resiliency policy sets RTO/RPO → met (evidence: the targets, tier, compliance status);
// - an app with no resiliency policy → not met: no RTO/RPO is defined for that part of the solution;
// - an app whose policy is not among the account's policies → manual (cannot read its targets).
// Whether the apps cover every in-scope service and whether the targets match the customer SLA is known
// only to people: one manual finding always asks for that, so the API alone never makes this item met.
// No Resilience Hub app anywhere → manual: attest the DR plan document with its RTO and RPO values.
// Regions where Resilience Hub is not offered are skipped.
import { describeTargets, type AppWithPolicy } from '../../aws/services/resiliencehub.js';
import { defineCheck, manual, met, notMet } from '../define-check.js';
import type { Finding } from '../../model.js';
import { appFacts, resilienceHubApps } from '../resilience-hub.js';

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
    const { apps, regionErrors } = await resilienceHubApps(ctx);
    const findings: Finding[] = [...apps.map(appFinding), ...regionErrors];
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

function appFinding(seen: AppWithPolicy): Finding {
  const { region, summary, app, policy } = seen;
  const { arn, evidence } = appFacts(seen);
  if (!app.policyArn) return notMet(arn, `Resilience Hub app ${summary.name} (${region}) has no resiliency policy: no RTO or RPO is defined for it.`, evidence);
  if (!policy) return manual(arn, `Resilience Hub app ${summary.name} (${region}) names resiliency policy ${app.policyArn}, which could not be read.`, evidence);
  return met(arn, `Resilience Hub app ${summary.name} (${region}): policy ${policy.policyName} (${policy.tier}) sets ${describeTargets(policy)}.`, {
    ...evidence,
    tier: policy.tier,
  });
}
