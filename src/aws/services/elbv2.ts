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
import { z } from 'zod';
import { defineService, tokenPaginator, type CallFn, sdkPackage } from '../service.js';
import { bool, id, list, maybe, num, obj, present, shapeOf, str, strings } from '../shapes.js';

export const elbv2 = defineService({
  name: 'elbv2',
  iamPrefix: 'elasticloadbalancing',
  load: () => sdkPackage<typeof import('@aws-sdk/client-elastic-load-balancing-v2')>('@aws-sdk/client-elastic-load-balancing-v2'),
  client: 'ElasticLoadBalancingV2Client',
  listsAlwaysSent: true,
  operations: {
    DescribeLoadBalancers: {
      command: 'DescribeLoadBalancersCommand',
      paginator: 'paginateDescribeLoadBalancers',
      items: ['LoadBalancers'],
      shape: shapeOf<DescribeLoadBalancersCommandOutput>()({
        LoadBalancers: list(obj({ LoadBalancerArn: str, LoadBalancerName: id, Type: str, Scheme: str, AvailabilityZones: list(obj({ ZoneName: str })) })),
      }),
    },
    // A load balancer or listener deleted since it was listed → undefined.
    DescribeListeners: {
      command: 'DescribeListenersCommand',
      paginator: 'paginateDescribeListeners',
      items: ['Listeners'],
      absent: ['LoadBalancerNotFound', 'LoadBalancerNotFoundException'],
      // An answer always lists the listeners (read as "gone" when missing, the load balancer would drop out).
      shape: shapeOf<DescribeListenersCommandOutput>()({
        Listeners: present(z.array(obj({ ListenerArn: id, Protocol: str, Port: num, SslPolicy: str }))),
      }),
    },
    DescribeRules: {
      command: 'DescribeRulesCommand',
      paginator: 'paginateDescribeRules',
      items: ['Rules'],
      absent: ['ListenerNotFound', 'ListenerNotFoundException'],
      // Every listener has at least its default rule, so an answer always lists rules.
      shape: shapeOf<DescribeRulesCommandOutput>()({
        Rules: present(z.array(obj({ Priority: str, IsDefault: bool, Actions: list(obj({ Type: z.string(), RedirectConfig: maybe({ Protocol: str }) })) }))),
      }),
    },
    DescribeSSLPolicies: {
      command: 'DescribeSSLPoliciesCommand',
      paginator: (sdk) => tokenPaginator(sdk.DescribeSSLPoliciesCommand, { inputToken: 'Marker', outputToken: 'NextMarker' }),
      items: ['SslPolicies'],
      shape: shapeOf<DescribeSSLPoliciesCommandOutput>()({ SslPolicies: list(obj({ Name: str, SslProtocols: strings })) }),
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
