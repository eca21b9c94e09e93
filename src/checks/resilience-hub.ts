// The AWS Resilience Hub reads that 2.10 (DR plan defined) and 2.11 (RTO under 24 hours) share: every app
// in the regions in scope with its resiliency policy, and how an app is named and evidenced in a finding.
// Failures are kept as narrow as the call that failed: a region whose apps cannot be listed is an error for
// its apps (app/*); an app that cannot be described is an error for that app; when the region's policies
// cannot be read, only the apps that name a policy carry the error (an app without a policy is judged as
// such). Regions where Resilience Hub is not offered (RegionDisabled) are skipped.
import type { AppSummary } from '@aws-sdk/client-resiliencehub';
import type { AwsData } from '../aws/index.js';
import type { AppWithPolicy } from '../aws/services/resiliencehub.js';
import { policyTargets } from '../aws/services/resiliencehub.js';
import { RegionDisabled } from '../errors.js';
import type { Finding } from '../model.js';
import { findingFromError, type AccountInfo, type CheckContext } from './define-check.js';

/** An app with its policy; `policyUnread`: it names a policy, but the region's policies could not be read. */
export interface HubApp extends AppWithPolicy {
  policyUnread?: Finding;
}

/** The apps of every region in scope (not being deleted, nor gone since they were listed), and what could not be read. */
export async function resilienceHubApps({ aws, regions, account }: Pick<CheckContext, 'aws' | 'regions' | 'account'>): Promise<{ apps: HubApp[]; errors: Finding[] }> {
  const looks = await Promise.all(regions.map((region) => regionApps(aws, account, region)));
  return { apps: looks.flatMap((l) => l.apps), errors: looks.flatMap((l) => l.errors) };
}

async function regionApps(aws: AwsData, account: AccountInfo, region: string): Promise<{ apps: HubApp[]; errors: Finding[] }> {
  let summaries: AppSummary[];
  try {
    summaries = (await aws.resiliencehub.apps(region)).filter((s) => s.status !== 'Deleting');
  } catch (err) {
    if (err instanceof RegionDisabled) return { apps: [], errors: [] };
    return { apps: [], errors: [findingFromError(err, `arn:${account.partition}:resiliencehub:${region}:${account.id}:app/*`)] };
  }
  const described = await Promise.all(
    summaries.map((summary) =>
      aws.resiliencehub.app(region, summary.appArn!).then(
        (app) => ({ summary, app }),
        (err: unknown) => ({ summary, error: findingFromError(err, appArn(summary)) }),
      ),
    ),
  );
  const present = described.flatMap((d) => ('app' in d && d.app ? [{ summary: d.summary, app: d.app }] : []));
  // The policies are read only when an app names one: an account without policies needs no such permission.
  const policies = present.some((p) => p.app.policyArn)
    ? await aws.resiliencehub.policies(region).then(
        (list) => new Map(list.map((p) => [p.policyArn, p])),
        (err: unknown) => err,
      )
    : new Map();
  const apps = present.map(({ summary, app }): HubApp => {
    if (!app.policyArn) return { region, summary, app };
    if (!(policies instanceof Map)) return { region, summary, app, policyUnread: findingFromError(policies, appArn(summary)) };
    return { region, summary, app, policy: policies.get(app.policyArn) };
  });
  return { apps, errors: described.flatMap((d) => ('error' in d ? [d.error] : [])) };
}

/** An app's ARN (its name when it has none). */
function appArn(summary: AppSummary): string {
  return summary.appArn ?? `${summary.name}`;
}

/** An app's ARN (its name when it has none) and the facts every finding about it carries. */
export function appFacts({ region, summary, app }: AppWithPolicy) {
  return {
    arn: appArn(summary),
    evidence: { region, policyArn: app.policyArn, complianceStatus: summary.complianceStatus, lastAssessment: summary.lastAppComplianceEvaluationTime?.toISOString() },
  };
}

/** The disruption types whose target lacks a numeric RTO or RPO (`what`), of the policy's targets. */
export function targetsLacking(policy: NonNullable<AppWithPolicy['policy']>, what: ('rtoInSecs' | 'rpoInSecs')[]): string[] {
  return policyTargets(policy)
    .filter((t) => what.some((k) => typeof t[k] !== 'number'))
    .map((t) => t.type);
}

/** " (MissionCritical)": the policy's tier for a message, or nothing when it has none. */
export function tierText(policy: NonNullable<AppWithPolicy['policy']>): string {
  return policy.tier ? ` (${policy.tier})` : '';
}
