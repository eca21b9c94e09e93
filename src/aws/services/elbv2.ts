// Elastic Load Balancing v2 (Application, Network and Gateway Load Balancers). IAM prefix
// `elasticloadbalancing` (shared with Classic ELB). DescribeLoadBalancers, DescribeListeners and
// DescribeRules paginate with Marker (SDK paginators); DescribeSSLPolicies also pages with Marker but
// the SDK has no paginator for it, so it has a small one here.
import type {
  DescribeListenersCommandOutput,
  DescribeLoadBalancersCommandOutput,
  DescribeRulesCommandOutput,
  DescribeSSLPoliciesCommandOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { defineService, tokenPaginator, type CallFn } from '../service.js';

export const elbv2 = defineService({
  name: 'elbv2',
  iamPrefix: 'elasticloadbalancing',
  load: () => import('@aws-sdk/client-elastic-load-balancing-v2'),
  client: 'ElasticLoadBalancingV2Client',
  operations: {
    DescribeLoadBalancers: { command: 'DescribeLoadBalancersCommand', paginator: 'paginateDescribeLoadBalancers', items: ['LoadBalancers'] },
    // A load balancer or listener deleted since it was listed → undefined.
    DescribeListeners: {
      command: 'DescribeListenersCommand',
      paginator: 'paginateDescribeListeners',
      items: ['Listeners'],
      absent: ['LoadBalancerNotFound', 'LoadBalancerNotFoundException'],
    },
    DescribeRules: {
      command: 'DescribeRulesCommand',
      paginator: 'paginateDescribeRules',
      items: ['Rules'],
      absent: ['ListenerNotFound', 'ListenerNotFoundException'],
    },
    DescribeSSLPolicies: {
      command: 'DescribeSSLPoliciesCommand',
      paginator: (sdk) => tokenPaginator(sdk.DescribeSSLPoliciesCommand, { inputToken: 'Marker', outputToken: 'NextMarker' }),
      items: ['SslPolicies'],
    },
  },
});

export const elbv2Accessors = (call: CallFn) => ({
  loadBalancers: async (region: string) =>
    (await call<DescribeLoadBalancersCommandOutput>('elbv2', 'DescribeLoadBalancers', {}, region)).LoadBalancers ?? [],
  /** undefined when the load balancer is gone. */
  listeners: async (region: string, LoadBalancerArn: string) =>
    (await call<DescribeListenersCommandOutput | undefined>('elbv2', 'DescribeListeners', { LoadBalancerArn }, region))?.Listeners,
  /** A listener's rules, the default rule included (IsDefault); undefined when the listener is gone. */
  rules: async (region: string, ListenerArn: string) =>
    (await call<DescribeRulesCommandOutput | undefined>('elbv2', 'DescribeRules', { ListenerArn }, region))?.Rules,
  /** Every predefined security policy of the region, with the TLS protocols each one accepts. */
  sslPolicies: async (region: string) =>
    (await call<DescribeSSLPoliciesCommandOutput>('elbv2', 'DescribeSSLPolicies', {}, region)).SslPolicies ?? [],
});
