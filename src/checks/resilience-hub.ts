// The AWS Resilience Hub reads that 2.10 (DR plan defined) and 2.11 (RTO under 24 hours) share: every app
// in the regions in scope with its resiliency policy, and how an app is named and evidenced in a finding.
import type { AppWithPolicy } from '../aws/services/resiliencehub.js';
import { RegionDisabled } from '../errors.js';
import type { Finding } from '../model.js';
import { findingFromError, type CheckContext } from './define-check.js';

/**
 * The apps of every region in scope, with an error finding for each region whose apps could not be read.
 * Regions where Resilience Hub is not offered (RegionDisabled) are skipped.
 */
export async function resilienceHubApps({ aws, regions, account }: Pick<CheckContext, 'aws' | 'regions' | 'account'>): Promise<{ apps: AppWithPolicy[]; regionErrors: Finding[] }> {
  const { apps, failed } = await aws.resiliencehub.appsAcross(regions);
  const regionErrors = failed
    .filter(({ error }) => !(error instanceof RegionDisabled))
    .map(({ region, error }) => findingFromError(error, `arn:${account.partition}:resiliencehub:${region}:${account.id}:app/*`));
  return { apps, regionErrors };
}

/** An app's ARN (its name when it has none) and the facts every finding about it carries. */
export function appFacts({ region, summary, app }: AppWithPolicy) {
  return {
    arn: summary.appArn ?? `${summary.name}`,
    evidence: { region, policyArn: app.policyArn, complianceStatus: summary.complianceStatus, lastAssessment: summary.lastAppComplianceEvaluationTime?.toISOString() },
  };
}
