import { expect } from 'vitest';
import { callKey } from '../../../src/aws/snapshot.js';
import check from '../../../src/checks/security/data-in-transit-encrypted.js';
import type { CheckResult } from '../../../src/model.js';
import { DENIED, HOME, testCheck } from '../../support/check-tester.js';
import {
  ACCT,
  FORWARD,
  REDIRECT_TO_HTTPS,
  TLS_ONLY,
  accountWide,
  distribution,
  listenerArn,
  loadBalancers,
  transitRegion,
} from './data-protection-fixtures.js';

const k = (service: string, operation: string, input: Record<string, unknown> = {}) => callKey(service, operation, input, HOME);
const webAlb = loadBalancers([
  {
    name: 'web',
    listeners: [
      { protocol: 'HTTPS', port: 443, sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' },
      { protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS], [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '403' } }]] },
    ],
  },
]);
const apis = {
  [k('apigateway', 'GetRestApis')]: {
    items: [
      { id: 'a1b2c3', name: 'orders', endpointConfiguration: { types: ['REGIONAL'] }, securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06' },
      { id: 'p9r1v8', name: 'internal-admin', endpointConfiguration: { types: ['PRIVATE'] } },
      { id: 'd1s4b1', name: 'behind-custom-domain', endpointConfiguration: { types: ['REGIONAL'] }, disableExecuteApiEndpoint: true },
    ],
  },
  [k('apigateway', 'GetDomainNames')]: { items: [{ domainName: 'api.example.com', securityPolicy: 'TLS_1_2', endpointConfiguration: { types: ['REGIONAL'] } }] },
  [k('apigatewayv2', 'GetApis')]: { Items: [{ ApiId: 'h7t7p1', Name: 'webhooks', ProtocolType: 'HTTP' }] },
};
const tlsBuckets = [
  { name: 'assets', policy: [TLS_ONLY] },
  { name: 'eu-archive', region: 'eu-west-1', listedRegion: false, policy: [TLS_ONLY] },
];
const onlyAttestationLeft = (r: CheckResult) => {
  expect(r.findings.filter((f) => f.status !== 'met').map((f) => f.resource)).toEqual([`arn:aws:iam::${ACCT}:root`]);
};

testCheck(check, {
  met: [
    {
      name: 'httpsEverywhereTheRestLeftToPeople',
      responses: { ...transitRegion(), ...webAlb, ...apis, ...accountWide(tlsBuckets, [distribution('E1WEB')]) },
      expect: {
        status: 'manual',
        check: (r) => {
          onlyAttestationLeft(r);
          expect(r.findings.find((f) => f.resource === 'arn:aws:s3:::eu-archive')?.region).toBe('eu-west-1');
          expect(r.findings.filter((f) => f.status === 'met')).toHaveLength(10);
        },
      },
    },
    {
      name: 'nothingTerminatesTrafficInTheRegion',
      regions: [HOME, 'eu-west-1'],
      responses: { ...transitRegion(), ...transitRegion('eu-west-1'), ...accountWide() },
      expect: { status: 'manual', check: onlyAttestationLeft },
    },
  ],
  notMet: [
    {
      name: 'internetFacingHttpForward',
      responses: { ...transitRegion(), ...loadBalancers([{ name: 'shop', listeners: [{ protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS], [FORWARD]] }] }]), ...accountWide() },
      expect: { resources: [listenerArn('shop', 80)], message: 'serves plain HTTP (rules: priority 10)' },
    },
    {
      name: 'tls10SecurityPolicy',
      responses: { ...transitRegion(), ...loadBalancers([{ name: 'legacy', listeners: [{ protocol: 'HTTPS', port: 443, sslPolicy: 'ELBSecurityPolicy-2016-08' }] }]), ...accountWide() },
      expect: { message: 'still accepts TLSv1, TLSv1.1' },
    },
    {
      name: 'cloudFrontAllowAllAndHttpOrigin',
      responses: { ...transitRegion(), ...accountWide([], [distribution('E2OLD', 'allow-all', 'http-only')]) },
      expect: { resources: [`arn:aws:cloudfront::${ACCT}:distribution/E2OLD`], message: /allow-all.*http-only/ },
    },
    {
      name: 'cloudFrontCustomCertificateAcceptsTls1',
      responses: {
        ...transitRegion(),
        ...accountWide([], [distribution('E3CERT', 'https-only', 'https-only', { ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:1:certificate/x', MinimumProtocolVersion: 'TLSv1_2016' } })]),
      },
      expect: { message: 'MinimumProtocolVersion TLSv1_2016' },
    },
    {
      name: 'bucketsWithoutSecureTransportDeny',
      responses: {
        ...transitRegion(),
        ...accountWide([
          { name: 'no-policy' },
          { name: 'bucket-arn-only', policy: [{ ...TLS_ONLY, Resource: 'arn:aws:s3:::BUCKET' }] },
          { name: 'tls-version-only', policy: [{ ...TLS_ONLY, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } }] },
          { name: 'fine', policy: [TLS_ONLY] },
        ]),
      },
      expect: { resources: ['arn:aws:s3:::no-policy', 'arn:aws:s3:::bucket-arn-only', 'arn:aws:s3:::tls-version-only'] },
    },
    {
      name: 'classicHttpListenerAndTls10Negotiation',
      responses: {
        ...transitRegion(),
        [k('elb', 'DescribeLoadBalancers')]: {
          LoadBalancerDescriptions: [
            {
              LoadBalancerName: 'old-portal',
              Scheme: 'internet-facing',
              ListenerDescriptions: [
                { Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 }, PolicyNames: [] },
                { Listener: { Protocol: 'HTTPS', LoadBalancerPort: 443, InstanceProtocol: 'HTTP', InstancePort: 8080 }, PolicyNames: ['AWSConsole-SSLNegotiationPolicy-old-portal'] },
              ],
            },
          ],
        },
        [k('elb', 'DescribeLoadBalancerPolicies', { LoadBalancerName: 'old-portal' })]: {
          PolicyDescriptions: [
            {
              PolicyName: 'AWSConsole-SSLNegotiationPolicy-old-portal',
              PolicyTypeName: 'SSLNegotiationPolicyType',
              PolicyAttributeDescriptions: [
                { AttributeName: 'Protocol-TLSv1', AttributeValue: 'true' },
                { AttributeName: 'Protocol-TLSv1.2', AttributeValue: 'true' },
                { AttributeName: 'Reference-Security-Policy', AttributeValue: 'ELBSecurityPolicy-2016-08' },
              ],
            },
          ],
        },
        ...accountWide(),
      },
      expect: {
        check: (r) => {
          const notMet = r.findings.filter((f) => f.status === 'not-met').map((f) => f.message);
          expect(notMet).toEqual([expect.stringMatching(/HTTP:80 .* serves plain HTTP/), expect.stringMatching(/HTTPS:443 .* still accepts TLSv1 /)]);
        },
      },
    },
    {
      name: 'restApiDefaultEndpointWithoutSecurityPolicyAcceptsTls10',
      responses: {
        ...transitRegion(),
        [k('apigateway', 'GetRestApis')]: {
          items: [
            { id: 'edge1', name: 'legacy-edge' },
            { id: 'reg1', name: 'orders', endpointConfiguration: { types: ['REGIONAL'] } },
            { id: 'priv1', name: 'internal', endpointConfiguration: { types: ['PRIVATE'] } },
          ],
        },
        ...accountWide(),
      },
      expect: {
        resources: [`arn:aws:apigateway:${HOME}::/restapis/edge1`, `arn:aws:apigateway:${HOME}::/restapis/reg1`],
        message: 'REST API orders (reg1, default execute-api endpoint) uses security policy TLS_1_0',
      },
    },
    {
      name: 'apiGatewayTls10',
      responses: {
        ...transitRegion(),
        [k('apigateway', 'GetRestApis')]: { items: [{ id: 'legacy1', name: 'partner-v1', securityPolicy: 'TLS_1_0' }] },
        [k('apigateway', 'GetDomainNames')]: { items: [{ domainName: 'old-api.example.com', securityPolicy: 'TLS_1_0' }] },
        ...accountWide(),
      },
      expect: { resources: [`arn:aws:apigateway:${HOME}::/restapis/legacy1`, `arn:aws:apigateway:${HOME}::/domainnames/old-api.example.com`] },
    },
  ],
  cannotTell: [
    {
      name: 'internalHttpListenerNeedsPeople',
      responses: { ...transitRegion(), ...loadBalancers([{ name: 'admin', scheme: 'internal', listeners: [{ protocol: 'HTTP', port: 8080, rules: [[FORWARD]] }] }]), ...accountWide() },
      expect: { status: 'manual', resources: [listenerArn('admin', 8080), `arn:aws:iam::${ACCT}:root`], message: 'The load balancer is internal' },
    },
    {
      name: 'nlbTcpPassThroughNeedsPeople',
      responses: { ...transitRegion(), ...loadBalancers([{ name: 'mqtt', type: 'network', listeners: [{ protocol: 'TCP', port: 8883 }] }]), ...accountWide() },
      expect: { status: 'manual', message: 'passes TCP through' },
    },
    {
      name: 'eachDeniedServiceIsAnErrorOfItsOwn',
      responses: {
        [k('elbv2', 'DescribeLoadBalancers')]: DENIED,
        [k('elb', 'DescribeLoadBalancers')]: DENIED,
        [k('apigateway', 'GetRestApis')]: DENIED,
        [k('apigateway', 'GetDomainNames')]: { items: [] },
        [k('apigatewayv2', 'GetApis')]: { Items: [] },
        'cloudfront:ListDistributions': DENIED,
        's3:ListBuckets': DENIED,
      },
      expect: {
        missingPermission: 'elasticloadbalancing:DescribeLoadBalancers',
        check: (r) =>
          expect(new Set(r.findings.map((f) => f.missingPermission).filter(Boolean))).toEqual(
            new Set(['elasticloadbalancing:DescribeLoadBalancers', 'apigateway:GET', 'cloudfront:ListDistributions', 's3:ListAllMyBuckets']),
          ),
      },
    },
    {
      name: 'perResourceReadsDenied',
      responses: {
        ...transitRegion(),
        ...loadBalancers([
          { name: 'web', listeners: [{ protocol: 'HTTPS', port: 443, sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }] },
          { name: 'api', listeners: [{ protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS]] }] },
          { name: 'batch', listeners: [] },
        ]),
        [k('elbv2', 'DescribeSSLPolicies')]: DENIED,
        [k('elbv2', 'DescribeRules', { ListenerArn: listenerArn('api', 80) })]: DENIED,
        [k('elbv2', 'DescribeListeners', { LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/batch/50dc6c495c0c9188' })]: DENIED,
        [k('elb', 'DescribeLoadBalancers')]: {
          LoadBalancerDescriptions: [
            { LoadBalancerName: 'tls', Scheme: 'internal', ListenerDescriptions: [{ Listener: { Protocol: 'SSL', LoadBalancerPort: 443 }, PolicyNames: ['p'] }] },
          ],
        },
        [k('elb', 'DescribeLoadBalancerPolicies', { LoadBalancerName: 'tls' })]: DENIED,
        ...accountWide([{ name: 'locked', policy: 'denied' }, { name: 'where', listedRegion: false, region: 'us-west-2', policy: [TLS_ONLY] }]),
        [callKey('s3', 'GetBucketLocation', { Bucket: 'where' })]: DENIED,
      },
      expect: {
        check: (r) =>
          expect(new Set(r.findings.map((f) => f.missingPermission).filter(Boolean))).toEqual(
            new Set([
              'elasticloadbalancing:DescribeSSLPolicies',
              'elasticloadbalancing:DescribeRules',
              'elasticloadbalancing:DescribeListeners',
              'elasticloadbalancing:DescribeLoadBalancerPolicies',
              's3:GetBucketPolicy',
              's3:GetBucketLocation',
            ]),
          ),
      },
    },
  ],
});
