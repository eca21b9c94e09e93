// Resilience Hub fixtures shared by the 2.10 and 2.11 tests: apps, their policies, and the responses of
// ListApps, DescribeApp (per app) and ListResiliencyPolicies for one region.
import { daysAgo } from '../../support/check-tester.js';

export const APP = (name: string, region = 'us-east-1') => `arn:aws:resiliencehub:${region}:123456789012:app/${name}`;
export const POLICY = (name: string, region = 'us-east-1') => `arn:aws:resiliencehub:${region}:123456789012:resiliency-policy/${name}`;
export const ACCOUNT_WIDE = 'arn:aws:::123456789012';
export const APPS_OF = (region = 'us-east-1') => `resiliencehub:ListApps@${region}`;
export const describeKey = (name: string, region = 'us-east-1') => `resiliencehub:DescribeApp@${region} {"appArn":"${APP(name, region)}"}`;

const H = 3600;
/** A policy with RTO per disruption type in hours and RPO of a quarter of it. */
export const policy = (name: string, tier: string, rtoHours: Record<string, number>, region = 'us-east-1') => ({
  policyArn: POLICY(name, region),
  policyName: name,
  tier,
  policy: Object.fromEntries(Object.entries(rtoHours).map(([type, h]) => [type, { rtoInSecs: h * H, rpoInSecs: (h * H) / 4 }])),
});

export interface HubApp {
  name: string;
  policyArn?: string;
  status?: string;
}

export function hubResponses(apps: HubApp[], policies: object[], region = 'us-east-1'): Record<string, unknown> {
  const responses: Record<string, unknown> = {
    [APPS_OF(region)]: {
      appSummaries: apps.map((a) => ({
        appArn: APP(a.name, region),
        name: a.name,
        creationTime: daysAgo(200),
        status: a.status ?? 'Active',
        complianceStatus: 'PolicyMet',
        lastAppComplianceEvaluationTime: daysAgo(1),
      })),
    },
  };
  const active = apps.filter((a) => a.status !== 'Deleting');
  if (active.length > 0) responses[`resiliencehub:ListResiliencyPolicies@${region}`] = { resiliencyPolicies: policies };
  for (const a of active) {
    responses[describeKey(a.name, region)] = {
      app: { appArn: APP(a.name, region), name: a.name, creationTime: daysAgo(200), policyArn: a.policyArn },
    };
  }
  return responses;
}
