// Classic Load Balancers (Elastic Load Balancing v1). IAM prefix `elasticloadbalancing`, shared with
// elbv2. DescribeLoadBalancers pages with Marker. The TLS protocols a Classic ELB's HTTPS/SSL listener
// accepts live in its SSLNegotiationPolicyType policy (attributes Protocol-TLSv1, Protocol-TLSv1.1, …).
import type {
  DescribeLoadBalancerPoliciesCommandOutput,
  DescribeLoadBalancersCommandOutput,
} from '@aws-sdk/client-elastic-load-balancing';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { id, list, maybe, obj, shapeOf, str, strings } from '../shapes.js';

export const elb = defineService({
  name: 'elb',
  iamPrefix: 'elasticloadbalancing',
  load: () => sdkPackage<typeof import('@aws-sdk/client-elastic-load-balancing')>('@aws-sdk/client-elastic-load-balancing'),
  client: 'ElasticLoadBalancingClient',
  listsAlwaysSent: true,
  operations: {
    DescribeLoadBalancers: {
      command: 'DescribeLoadBalancersCommand',
      paginator: 'paginateDescribeLoadBalancers',
      items: ['LoadBalancerDescriptions'],
      shape: shapeOf<DescribeLoadBalancersCommandOutput>()({
        LoadBalancerDescriptions: list(
          obj({
            LoadBalancerName: id,
            Scheme: str,
            ListenerDescriptions: list(obj({ Listener: maybe({ Protocol: z.string(), LoadBalancerPort: z.number() }), PolicyNames: strings })),
          }),
        ),
      }),
    },
    // A load balancer deleted since it was listed → undefined (wire code LoadBalancerNotFound, SDK name
    // AccessPointNotFoundException).
    DescribeLoadBalancerPolicies: {
      command: 'DescribeLoadBalancerPoliciesCommand',
      absent: ['LoadBalancerNotFound', 'AccessPointNotFoundException'],
      shape: shapeOf<DescribeLoadBalancerPoliciesCommandOutput>()({
        PolicyDescriptions: list(
          obj({ PolicyName: str, PolicyTypeName: str, PolicyAttributeDescriptions: list(obj({ AttributeName: str, AttributeValue: str })) }),
        ),
      }),
    },
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
