// 2.11 The Recovery Time Objective (RTO) of core services is less than 24 hours.
// Account-wide, from AWS Resilience Hub in every region in scope (the same reads as 2.10: ListApps,
// DescribeApp for policyArn, ListResiliencyPolicies for policy.{AZ,Hardware,Software,Region}.rtoInSecs):
// - an app whose resiliency policy sets every RTO below 86,400 s → met (the apps people model in Resilience
//   Hub are taken as the core services; the compliance status of the last assessment is evidence);
// - a policy with any RTO of 24 h or more (the Region target included: a regional disaster is a DR case)
//   → not met, unless the policy is tiered NonCritical / NotApplicable → manual (say whether it is core); a
//   policy without a tier is taken as core;
// - an app without a resiliency policy, or whose policy is not among the account's or sets no RTO for a
//   disruption type (and none over 24 h) → manual (its RTO is not defined in Resilience Hub; 2.10 reports a
//   missing policy as not met). An absent RTO is never read as "under 24 hours";
// - an app that cannot be described, or whose policy cannot be read → error for that app only.
// No Resilience Hub app anywhere → manual: attest the RTO of each core service from the DR plan.
// Regions where Resilience Hub is not offered are skipped.
import { describeTargets, policyTargets } from '../../aws/services/resiliencehub.js';
import { defineCheck, manual, met, notMet } from '../define-check.js';
import type { Finding } from '../../model.js';
import { appFacts, resilienceHubApps, targetsLacking, tierText, type HubApp } from '../resilience-hub.js';

/** The checklist's ceiling: the RTO must be less than this. */
const MAX_RTO_SECS = 24 * 3600;
const NOT_CORE_TIERS = new Set(['NonCritical', 'NotApplicable']);

export default defineCheck({
  meta: {
    id: '2.11',
    kind: 'partial',
    scope: 'account',
    permissions: ['resiliencehub:ListApps', 'resiliencehub:DescribeApp', 'resiliencehub:ListResiliencyPolicies'],
    remediation:
      'Set and meet an RTO below 24 hours for every core service, for every disruption type including a regional ' +
      'one; record it in the DR plan and in the service\'s AWS Resilience Hub resiliency policy.',
    docs: 'https://docs.aws.amazon.com/resilience-hub/latest/userguide/',
  },
  async run(ctx) {
    const { regions, account } = ctx;
    const { apps, errors } = await resilienceHubApps(ctx);
    const findings: Finding[] = [...apps.map(appFinding), ...errors];
    if (apps.length === 0) {
      findings.push(
        manual(
          `arn:${account.partition}:::${account.id}`,
          `No AWS Resilience Hub app in ${regions.join(', ')}: attest the RTO of each core service from the DR plan (it must be under 24 hours).`,
        ),
      );
    }
    return findings;
  },
});

function appFinding(seen: HubApp): Finding {
  const { region, summary, app, policy } = seen;
  const { arn, evidence } = appFacts(seen);
  const name = `Resilience Hub app ${summary.name} (${region})`;
  if (!app.policyArn) return manual(arn, `${name} has no resiliency policy: its RTO is not defined in Resilience Hub; attest it.`, evidence);
  if (seen.policyUnread) return seen.policyUnread;
  if (!policy) return manual(arn, `${name} names resiliency policy ${app.policyArn}, which could not be read: attest its RTO.`, evidence);
  const targets = policyTargets(policy);
  const full = { ...evidence, policy: policy.policyName, tier: policy.tier, targets };
  const tooLong = targets.filter((t) => typeof t.rtoInSecs === 'number' && t.rtoInSecs >= MAX_RTO_SECS);
  if (tooLong.length > 0) {
    const which = tooLong.map((t) => `${t.type} ${+(t.rtoInSecs! / 3600).toFixed(1)} h`).join(', ');
    if (NOT_CORE_TIERS.has(policy.tier ?? '')) {
      return manual(arn, `${name} is tiered ${policy.tier} with an RTO of ${which}: if it is a core service, bring its RTO under 24 hours.`, full);
    }
    return notMet(arn, `${name}: policy ${policy.policyName}${tierText(policy)} allows an RTO of ${which}; core services need less than 24 hours.`, full);
  }
  const lacking = targetsLacking(policy, ['rtoInSecs']);
  if (targets.length === 0 || lacking.length > 0) {
    return manual(arn, `${name}: policy ${policy.policyName} sets no RTO${lacking.length > 0 ? ` for ${lacking.join(', ')}` : ''}; attest it.`, full);
  }
  return met(arn, `${name}: every RTO in policy ${policy.policyName} is under 24 hours (${describeTargets(policy)}).`, full);
}
