// Which CloudFormation stack and logical id created a finding's resource, for SARIF locations in the
// template that made it (docs/sarif.md). Only when the config maps stack names to template files
// (`sarif.templates`): per region, ListStacks (already memoized for the checks), then one ListStackResources
// per mapped stack that lives there. What is learnt goes on the findings as `source` (additive, optional);
// the CLI turns it into a file and line. A listing that fails leaves those findings without `source`: the
// location falls back to the default URI, and the scan's verdicts and exit code do not change.
import type { AwsData } from './aws/index.js';
import type { CheckResult, Finding } from './model.js';

/** What a scan with `sarif.templates` calls besides the checks. */
export const SOURCE_PERMISSIONS: readonly string[] = ['cloudformation:ListStacks', 'cloudformation:ListStackResources'];

export interface StackResource {
  stack: string;
  region: string;
  logicalId: string;
  physicalId: string;
  type: string;
}

/** CloudFormation's service name in a resource type (AWS::<Service>::…) → the service in its ARNs, where they differ. */
const ARN_SERVICE: Record<string, string> = {
  elasticloadbalancingv2: 'elasticloadbalancing',
  secretsmanager: 'secretsmanager',
  logs: 'logs',
  stepfunctions: 'states',
  cognito: 'cognito-idp',
  apigatewayv2: 'apigateway',
  certificatemanager: 'acm',
  elasticsearch: 'es',
  opensearchservice: 'es',
  kinesisfirehose: 'firehose',
};

/** The resources of the mapped stacks that live in `regions` (errors: that region or stack is skipped). */
export async function stackResources(aws: AwsData, regions: readonly string[], stacks: readonly string[]): Promise<StackResource[]> {
  const wanted = new Set(stacks);
  const perRegion = await Promise.all(
    regions.map(async (region) => {
      const summaries = await aws.cloudformation.stackSummaries(region).catch(() => []);
      const live = [...new Set(summaries.flatMap((s) => (s.StackName && wanted.has(s.StackName) && s.StackStatus !== 'DELETE_COMPLETE' ? [s.StackName] : [])))];
      const lists = await Promise.all(
        live.map(async (stack) =>
          (await aws.cloudformation.stackResources(stack, region).catch(() => [])).flatMap((r) =>
            r.PhysicalResourceId && r.LogicalResourceId ? [{ stack, region, logicalId: r.LogicalResourceId, physicalId: r.PhysicalResourceId, type: r.ResourceType ?? '' }] : [],
          ),
        ),
      );
      return lists.flat();
    }),
  );
  return perRegion.flat();
}

/** Does this stack resource name the finding's resource? (its ARN, its identifier, or the ARN's whole resource name for that service) */
export function createdBy(finding: Pick<Finding, 'resource' | 'region'>, r: StackResource): boolean {
  if (finding.resource === r.physicalId) return finding.region === undefined || finding.region === r.region || !finding.resource.startsWith('arn:');
  const arn = /^arn:[^:]*:([^:]*):([^:]*):[^:]*:(.*)$/s.exec(finding.resource);
  if (!arn || r.physicalId.startsWith('arn:')) return false;
  const [, service, region, rest] = arn;
  if (region !== '' && region !== r.region) return false;
  const cfnService = r.type.split('::')[1]?.toLowerCase() ?? '';
  if ((ARN_SERVICE[cfnService] ?? cfnService) !== service) return false;
  // The whole name after the ARN's resource type (`parameter/prod/db/password`, `log-group:/aws/lambda/f:*`,
  // `security-group/sg-1`), not its last part: a parameter `password` did not make `/prod/db/password`.
  const name = /^[^/:]+[/:](.*)$/s.exec(rest.replace(/:\*$/, ''))?.[1];
  if (name === undefined) return rest === r.physicalId;
  const id = r.physicalId;
  if (name === id || name === id.replace(/^\//, '')) return true;
  // IAM names are unique in the account whatever their path (`role/service-role/app`): the name alone is the id.
  return service === 'iam' && name.split('/').at(-1) === id;
}

/** The results with `source` on each finding a mapped stack created (the first match, stacks in the order given). */
export function withSources(results: CheckResult[], resources: readonly StackResource[]): CheckResult[] {
  if (resources.length === 0) return results;
  return results.map((item) => {
    let changed = false;
    const findings = item.findings.map((f) => {
      const r = resources.find((res) => createdBy(f, res));
      if (!r) return f;
      changed = true;
      return { ...f, source: { stack: r.stack, logicalId: r.logicalId, region: r.region } };
    });
    return changed ? { ...item, findings } : item;
  });
}
