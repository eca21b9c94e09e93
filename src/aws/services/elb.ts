// Classic Load Balancers (Elastic Load Balancing v1). IAM prefix `elasticloadbalancing`, shared with
// elbv2. DescribeLoadBalancers pages with Marker. The TLS protocols a Classic ELB's HTTPS/SSL listener
// accepts live in its SSLNegotiationPolicyType policy (attributes Protocol-TLSv1, Protocol-TLSv1.1, …).
import type {
  DescribeLoadBalancerPoliciesCommandOutput,
  DescribeLoadBalancersCommandOutput,
} from '@aws-sdk/client-elastic-load-balancing';
import { defineService, type CallFn } from '../service.js';

export const elb = defineService({
  name: 'elb',
  iamPrefix: 'elasticloadbalancing',
  load: () => import('@aws-sdk/client-elastic-load-balancing'),
  client: 'ElasticLoadBalancingClient',
  operations: {
    DescribeLoadBalancers: {
      command: 'DescribeLoadBalancersCommand',
      paginator: 'paginateDescribeLoadBalancers',
      items: ['LoadBalancerDescriptions'],
    },
    // A load balancer deleted since it was listed → undefined (wire code LoadBalancerNotFound, SDK name
    // AccessPointNotFoundException).
    DescribeLoadBalancerPolicies: { command: 'DescribeLoadBalancerPoliciesCommand', absent: ['LoadBalancerNotFound', 'AccessPointNotFoundException'] },
  },
});

export const elbAccessors = (call: CallFn) => ({
  loadBalancers: async (region: string) =>
    (await call<DescribeLoadBalancersCommandOutput>('elb', 'DescribeLoadBalancers', {}, region)).LoadBalancerDescriptions ?? [],
  /** The policies of one Classic Load Balancer with their attributes; undefined when it is gone. */
  policies: async (region: string, LoadBalancerName: string) =>
    (await call<DescribeLoadBalancerPoliciesCommandOutput | undefined>('elb', 'DescribeLoadBalancerPolicies', { LoadBalancerName }, region))
      ?.PolicyDescriptions,
});
