// Encryption in transit as the API can see it: the endpoints that terminate client traffic. 1.24 reports
// these findings; 1.22 ("sensitive data is encrypted in transit and at rest") includes the same ones
// (the data layer memoizes every call, so the scan makes each call once).
// Per region: ELBv2 and Classic load balancer listeners, API Gateway APIs and custom domain names.
// Once per scan (isAccountRun): CloudFront distributions and S3 bucket policies. Each look is guarded on
// its own: a missing permission on one service is an error finding for that service, the rest goes on.
import type { Finding } from '../../model.js';
import { isAccountRun } from '../account-run.js';
import type { CheckContext } from '../define-check.js';
import { guard, type TransitOptions } from './common.js';
import { apiGatewayFindings, cloudFrontFindings, s3TlsOnlyFindings } from './edges.js';
import { classicLoadBalancerFindings, loadBalancerFindings } from './load-balancers.js';

export type { TransitOptions } from './common.js';

/** Every IAM action transitFindings may need. */
export const TRANSIT_PERMISSIONS = [
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeSSLPolicies',
  'elasticloadbalancing:DescribeLoadBalancerPolicies',
  'apigateway:GET',
  'cloudfront:ListDistributions',
  's3:ListAllMyBuckets',
  's3:GetBucketLocation',
  's3:GetBucketPolicy',
] as const;

export async function transitFindings(ctx: CheckContext, opts: TransitOptions): Promise<Finding[]> {
  const { partition, id } = ctx.account;
  const elb = `arn:${partition}:elasticloadbalancing:${ctx.region}:${id}:loadbalancer/*`;
  const looks = [
    guard(elb, () => loadBalancerFindings(ctx, opts)),
    guard(elb, () => classicLoadBalancerFindings(ctx, opts)),
    apiGatewayFindings(ctx),
  ];
  if (isAccountRun(ctx)) {
    looks.push(guard(`arn:${partition}:cloudfront::${id}:distribution/*`, () => cloudFrontFindings(ctx)));
    looks.push(guard(`arn:${partition}:s3:::*`, () => s3TlsOnlyFindings(ctx)));
  }
  return (await Promise.all(looks)).flat();
}
