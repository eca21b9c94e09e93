// AWS Resilience Hub (regional). ListApps and ListResiliencyPolicies paginate with nextToken. An app's
// summary carries complianceStatus (PolicyMet | PolicyBreached | NotAssessed | ChangesDetected) and the
// time of its last assessment; its resiliency policy (policyArn) is only in DescribeApp. A policy holds
// the targets per disruption type: policy.{AZ, Hardware, Software, Region}.{rtoInSecs, rpoInSecs}
// (Region is optional), and a tier (MissionCritical … CoreServices … NonCritical).
import type {
  App,
  AppSummary,
  DescribeAppCommandOutput,
  ListAppsCommandOutput,
  ListResiliencyPoliciesCommandOutput,
  ResiliencyPolicy,
} from '@aws-sdk/client-resiliencehub';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { date, maybe, num, obj, shapeOf, str } from '../shapes.js';

const target = maybe({ rtoInSecs: num, rpoInSecs: num });

export const resiliencehub = defineService({
  name: 'resiliencehub',
  iamPrefix: 'resiliencehub',
  load: () => sdkPackage<typeof import('@aws-sdk/client-resiliencehub')>('@aws-sdk/client-resiliencehub'),
  client: 'ResiliencehubClient',
  operations: {
    ListApps: {
      command: 'ListAppsCommand',
      paginator: 'paginateListApps',
      items: ['appSummaries'],
      shape: shapeOf<ListAppsCommandOutput>()({
        appSummaries: z.array(
          obj({ appArn: z.string(), name: z.string(), status: str, complianceStatus: str, lastAppComplianceEvaluationTime: date }),
        ),
      }),
    },
    // An app deleted since ListApps → undefined.
    DescribeApp: {
      command: 'DescribeAppCommand',
      absent: ['ResourceNotFoundException'],
      shape: shapeOf<DescribeAppCommandOutput>()({ app: obj({ appArn: z.string(), policyArn: str }) }),
    },
    ListResiliencyPolicies: {
      command: 'ListResiliencyPoliciesCommand',
      paginator: 'paginateListResiliencyPolicies',
      items: ['resiliencyPolicies'],
      shape: shapeOf<ListResiliencyPoliciesCommandOutput>()({
        resiliencyPolicies: z.array(
          obj({ policyArn: str, policyName: str, tier: str, policy: maybe({ AZ: target, Hardware: target, Software: target, Region: target }) }),
        ),
      }),
    },
  },
});

/** One Resilience Hub app with its policy (undefined: none assigned, or not among the account's policies). */
export interface AppWithPolicy {
  region: string;
  summary: AppSummary;
  app: App;
  policy?: ResiliencyPolicy;
}

export const resiliencehubAccessors = (call: CallFn) => {
  const apps = async (region: string) => (await call<ListAppsCommandOutput>('resiliencehub', 'ListApps', {}, region)).appSummaries ?? [];
  const app = async (region: string, appArn: string) =>
    (await call<DescribeAppCommandOutput | undefined>('resiliencehub', 'DescribeApp', { appArn }, region))?.app;
  const policies = async (region: string) =>
    (await call<ListResiliencyPoliciesCommandOutput>('resiliencehub', 'ListResiliencyPolicies', {}, region)).resiliencyPolicies ?? [];
  return { apps, app, policies };
};

/** The policy's targets per disruption type, in a fixed order. */
export function policyTargets(policy: ResiliencyPolicy): { type: string; rtoInSecs?: number; rpoInSecs?: number }[] {
  return ['AZ', 'Hardware', 'Software', 'Region']
    .map((type) => ({ type, target: policy.policy?.[type as keyof NonNullable<ResiliencyPolicy['policy']>] }))
    .filter((t) => t.target)
    .map(({ type, target }) => ({ type, rtoInSecs: target!.rtoInSecs, rpoInSecs: target!.rpoInSecs }));
}

/** "AZ RTO 1 h / RPO 15 min; Region RTO 36 h / RPO 1 h" */
export function describeTargets(policy: ResiliencyPolicy): string {
  return policyTargets(policy)
    .map((t) => `${t.type} RTO ${duration(t.rtoInSecs)} / RPO ${duration(t.rpoInSecs)}`)
    .join('; ');
}

/** Rounded down to a tenth, so a target just under a limit never reads as the limit (86,399 s → 23.9 h). */
function duration(secs: number | undefined): string {
  if (typeof secs !== 'number') return '?';
  const tenths = (unit: number) => Math.floor((secs * 10) / unit) / 10;
  return secs >= 3600 ? `${tenths(3600)} h` : `${tenths(60)} min`;
}
