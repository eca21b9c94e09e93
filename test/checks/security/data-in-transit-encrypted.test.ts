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
  lbArn,
  listenerArn,
  loadBalancers,
  transitRegion,
} from './data-protection-fixtures.js';

const k = (service: string, operation: string, input: Record<string, unknown> = {}, region = HOME) => callKey(service, operation, input, region);
const ROOT = `arn:aws:iam::${ACCT}:root`;
const TLS13 = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
const OLD = 'ELBSecurityPolicy-2016-08';
const elbWildcard = (region = HOME) => `arn:aws:elasticloadbalancing:${region}:${ACCT}:loadbalancer/*`;
const classicArn = (name: string, region = HOME) => `arn:aws:elasticloadbalancing:${region}:${ACCT}:loadbalancer/${name}`;
const apiArn = (what: string, region = HOME) => `arn:aws:apigateway:${region}::/${what}`;
const cfArn = (id: string) => `arn:aws:cloudfront::${ACCT}:distribution/${id}`;
const s3Arn = (name: string) => `arn:aws:s3:::${name}`;

const webAlb = loadBalancers([
  {
    name: 'web',
    listeners: [
      { protocol: 'HTTPS', port: 443, sslPolicy: TLS13 },
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
const classic = (lbs: { name: string; scheme?: string; listeners: [string, number, string[]?][] }[], region = HOME) => ({
  [k('elb', 'DescribeLoadBalancers', {}, region)]: {
    LoadBalancerDescriptions: lbs.map((lb) => ({
      LoadBalancerName: lb.name,
      Scheme: lb.scheme ?? 'internet-facing',
      ListenerDescriptions: lb.listeners.map(([Protocol, LoadBalancerPort, PolicyNames]) => ({
        Listener: { Protocol, LoadBalancerPort, InstanceProtocol: 'HTTP', InstancePort: 8080 },
        PolicyNames: PolicyNames ?? [],
      })),
    })),
  },
});
const negotiation = (lb: string, name: string, attributes: Record<string, string>) => ({
  [k('elb', 'DescribeLoadBalancerPolicies', { LoadBalancerName: lb })]: {
    PolicyDescriptions: [
      { PolicyName: `${lb}-sticky`, PolicyTypeName: 'LBCookieStickinessPolicyType', PolicyAttributeDescriptions: [{ AttributeName: 'CookieExpirationPeriod', AttributeValue: '600' }] },
      { PolicyName: name, PolicyTypeName: 'SSLNegotiationPolicyType', PolicyAttributeDescriptions: Object.entries(attributes).map(([AttributeName, AttributeValue]) => ({ AttributeName, AttributeValue })) },
    ],
  },
});
const onlyAttestationLeft = (r: CheckResult) => expect(r.findings.filter((f) => f.status !== 'met').map((f) => f.resource)).toEqual([ROOT]);

testCheck(check, {
  met: [
    {
      name: 'httpsEverywhereTheRestLeftToPeople',
      responses: { ...transitRegion(), ...webAlb, ...apis, ...accountWide(tlsBuckets, [distribution('E1WEB')]) },
      expect: {
        status: 'manual',
        resources: [ROOT],
        metResources: [
          listenerArn('web', 443),
          listenerArn('web', 80),
          apiArn('restapis/a1b2c3'),
          apiArn('restapis/p9r1v8'),
          apiArn('restapis/d1s4b1'),
          apiArn('domainnames/api.example.com'),
          apiArn('apis/h7t7p1'),
          cfArn('E1WEB'),
          s3Arn('assets'),
          s3Arn('eu-archive'),
        ],
        check: (r) => {
          expect(r.findings.find((f) => f.resource === s3Arn('eu-archive'))?.region).toBe('eu-west-1');
          expect(r.findings.find((f) => f.resource === cfArn('E1WEB'))?.region).toBe('us-east-1');
        },
      },
    },
    {
      name: 'emptyRegionsDoNotHoldTheItemBack',
      regions: [HOME, 'eu-west-1'],
      responses: { ...transitRegion(), ...transitRegion('eu-west-1'), ...accountWide() },
      expect: {
        status: 'manual',
        resources: [ROOT],
        metResources: [elbWildcard(), elbWildcard('eu-west-1')],
        check: (r) => {
          onlyAttestationLeft(r);
          expect(r.findings.find((f) => f.resource === elbWildcard('eu-west-1'))).toMatchObject({
            message: 'Nothing terminates client traffic in eu-west-1: no load balancer listener, API Gateway API or custom domain name to judge.',
            evidence: { endpointsJudged: 0 },
          });
        },
      },
    },
    {
      name: 'loadBalancersWithoutClientListenersAreNothingToJudge',
      responses: {
        ...transitRegion(),
        ...loadBalancers([
          { name: 'appliances', type: 'network', listeners: [{ protocol: 'GENEVE', port: 6081 }] },
          { name: 'bare', listeners: [] },
        ]),
        ...classic([{ name: 'idle', listeners: [] }]),
        ...accountWide(),
      },
      expect: { status: 'manual', resources: [ROOT], metResources: [elbWildcard()] },
    },
    {
      name: 'homeRegionNotScannedAccountWideLooksInTheFirstRegion',
      regions: ['eu-west-1', 'us-west-2'],
      responses: { ...transitRegion('eu-west-1'), ...transitRegion('us-west-2'), ...accountWide(tlsBuckets, [distribution('E1WEB')]) },
      expect: {
        status: 'manual',
        resources: [ROOT],
        metResources: [cfArn('E1WEB'), s3Arn('assets'), s3Arn('eu-archive'), elbWildcard('us-west-2')],
        check: (r) => expect(r.findings.find((f) => f.resource === ROOT)?.region).toBe('eu-west-1'),
      },
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
      responses: { ...transitRegion(), ...loadBalancers([{ name: 'legacy', listeners: [{ protocol: 'HTTPS', port: 443, sslPolicy: OLD }] }]), ...accountWide() },
      expect: { resources: [listenerArn('legacy', 443)], message: 'still accepts TLSv1, TLSv1.1' },
    },
    {
      name: 'oneListenerOfSeveralLoadBalancersFails',
      responses: {
        ...transitRegion(),
        ...loadBalancers([
          { name: 'web', listeners: [{ protocol: 'HTTPS', port: 443, sslPolicy: TLS13 }, { protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS]] }] },
          { name: 'legacy', listeners: [{ protocol: 'HTTPS', port: 443, sslPolicy: TLS13 }, { protocol: 'HTTPS', port: 8443, sslPolicy: OLD }] },
          { name: 'edge', type: 'network', listeners: [{ protocol: 'TLS', port: 443, sslPolicy: TLS13 }, { protocol: 'QUIC', port: 4433 }] },
        ]),
        ...accountWide(),
      },
      expect: {
        resources: [listenerArn('legacy', 8443)],
        metResources: [listenerArn('web', 443), listenerArn('web', 80), listenerArn('legacy', 443), listenerArn('edge', 443, 'net'), listenerArn('edge', 4433, 'net')],
      },
    },
    {
      name: 'oneRegionFailsTheOtherPasses',
      regions: [HOME, 'eu-west-1'],
      responses: {
        ...transitRegion(),
        ...webAlb,
        ...transitRegion('eu-west-1'),
        ...loadBalancers([{ name: 'eu-shop', listeners: [{ protocol: 'HTTP', port: 80, rules: [[FORWARD]] }] }], 'eu-west-1'),
        ...accountWide(),
      },
      expect: { resources: [listenerArn('eu-shop', 80, 'app', 'eu-west-1')], metResources: [listenerArn('web', 443), listenerArn('web', 80)] },
    },
    {
      name: 'cloudFrontAllowAllAndHttpOrigin',
      responses: { ...transitRegion(), ...accountWide([], [distribution('E2OLD', 'allow-all', 'http-only'), distribution('E1WEB')]) },
      expect: { resources: [cfArn('E2OLD')], metResources: [cfArn('E1WEB')], message: /allow-all.*http-only/ },
    },
    {
      name: 'cloudFrontCustomCertificateAcceptsTls1',
      responses: {
        ...transitRegion(),
        ...accountWide([], [distribution('E3CERT', 'https-only', 'https-only', { ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:1:certificate/x', MinimumProtocolVersion: 'TLSv1_2016' } })]),
      },
      expect: { resources: [cfArn('E3CERT')], message: 'MinimumProtocolVersion TLSv1_2016' },
    },
    {
      name: 'bucketsWithoutSecureTransportDeny',
      responses: {
        ...transitRegion(),
        ...accountWide([
          { name: 'no-policy' },
          { name: 'bucket-arn-only', policy: [{ ...TLS_ONLY, Resource: 'arn:aws:s3:::BUCKET' }] },
          { name: 'tls-version-only', policy: [{ ...TLS_ONLY, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } }] },
          { name: 'other-key-false', policy: [{ ...TLS_ONLY, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }] },
          { name: 'narrowed', policy: [{ ...TLS_ONLY, Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b' } } }] },
          { name: 'fine', policy: [TLS_ONLY] },
        ]),
      },
      expect: {
        resources: ['no-policy', 'bucket-arn-only', 'tls-version-only', 'other-key-false', 'narrowed'].map(s3Arn),
        metResources: [s3Arn('fine')],
      },
    },
    {
      name: 'classicHttpListenerAndTls10Negotiation',
      responses: {
        ...transitRegion(),
        ...classic([{ name: 'old-portal', listeners: [['HTTP', 80], ['HTTPS', 443, ['old-portal-sticky', 'AWSConsole-SSLNegotiationPolicy-old-portal']]] }]),
        ...negotiation('old-portal', 'AWSConsole-SSLNegotiationPolicy-old-portal', {
          'Protocol-TLSv1': 'true',
          'Protocol-TLSv1.2': 'true',
          'Server-Defined-Cipher-Order': 'true',
          'Reference-Security-Policy': OLD,
        }),
        ...accountWide(),
      },
      expect: {
        resources: [classicArn('old-portal'), classicArn('old-portal')],
        check: (r) => {
          const notMet = r.findings.filter((f) => f.status === 'not-met').map((f) => f.message);
          expect(notMet).toEqual([expect.stringMatching(/HTTP:80 .* serves plain HTTP/), expect.stringMatching(/HTTPS:443 .* still accepts TLSv1 /)]);
        },
      },
    },
    {
      name: 'classicPlainHttpStandsWhenPoliciesCannotBeRead',
      responses: {
        ...transitRegion(),
        ...classic([{ name: 'portal', listeners: [['HTTP', 80], ['HTTPS', 443, ['neg']]] }]),
        [k('elb', 'DescribeLoadBalancerPolicies', { LoadBalancerName: 'portal' })]: DENIED,
        ...accountWide(),
      },
      expect: {
        resources: [classicArn('portal')],
        message: 'Listener HTTP:80 of Classic Load Balancer portal (internet-facing) serves plain HTTP',
        check: (r) => expect(r.findings.filter((f) => f.status === 'error').map((f) => f.missingPermission)).toEqual(['elasticloadbalancing:DescribeLoadBalancerPolicies']),
      },
    },
    {
      name: 'defaultForwardStandsWhenRulesCannotBeRead',
      responses: {
        ...transitRegion(),
        ...loadBalancers([{ name: 'shop', listeners: [{ protocol: 'HTTP', port: 80, rules: [[FORWARD]] }] }]),
        [k('elbv2', 'DescribeRules', { ListenerArn: listenerArn('shop', 80) })]: DENIED,
        ...accountWide(),
      },
      expect: { resources: [listenerArn('shop', 80)], message: 'serves plain HTTP (rules: default; the other rules could not be read)' },
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
            { id: 'mixed1', name: 'migrating', endpointConfiguration: { types: ['PRIVATE', 'REGIONAL'] } },
          ],
        },
        ...accountWide(),
      },
      expect: {
        resources: [apiArn('restapis/edge1'), apiArn('restapis/reg1'), apiArn('restapis/mixed1')],
        metResources: [apiArn('restapis/priv1')],
        message: 'REST API orders (reg1, default execute-api endpoint) uses security policy TLS_1_0 on its REGIONAL endpoint',
      },
    },
    {
      name: 'apiGatewayTls10',
      responses: {
        ...transitRegion(),
        [k('apigateway', 'GetRestApis')]: { items: [{ id: 'legacy1', name: 'partner-v1', securityPolicy: 'TLS_1_0' }, { id: 'new1', name: 'partner-v2', securityPolicy: 'TLS_1_2' }] },
        [k('apigateway', 'GetDomainNames')]: { items: [{ domainName: 'old-api.example.com', securityPolicy: 'TLS_1_0' }, { domainName: 'api.example.com', securityPolicy: 'TLS_1_2' }] },
        ...accountWide(),
      },
      expect: {
        resources: [apiArn('restapis/legacy1'), apiArn('domainnames/old-api.example.com')],
        metResources: [apiArn('restapis/new1'), apiArn('domainnames/api.example.com')],
      },
    },
  ],
  cannotTell: [
    {
      name: 'internalHttpListenerNeedsPeople',
      responses: { ...transitRegion(), ...loadBalancers([{ name: 'admin', scheme: 'internal', listeners: [{ protocol: 'HTTP', port: 8080, rules: [[FORWARD]] }] }]), ...accountWide() },
      expect: { status: 'manual', resources: [listenerArn('admin', 8080), ROOT], message: 'The load balancer is internal' },
    },
    {
      name: 'passThroughListenersNeedPeople',
      responses: {
        ...transitRegion(),
        ...loadBalancers([{ name: 'mqtt', type: 'network', listeners: [{ protocol: 'TCP', port: 8883 }, { protocol: 'UDP', port: 53 }, { protocol: 'TCP_UDP', port: 5060 }] }]),
        ...classic([{ name: 'db', scheme: 'internal', listeners: [['TCP', 5432]] }]),
        ...accountWide(),
      },
      expect: {
        status: 'manual',
        resources: [listenerArn('mqtt', 8883, 'net'), listenerArn('mqtt', 53, 'net'), listenerArn('mqtt', 5060, 'net'), classicArn('db'), ROOT],
        message: 'passes TCP through',
      },
    },
    {
      name: 'whatTheApiDoesNotShowNeedsPeople',
      responses: {
        ...transitRegion(),
        [k('apigateway', 'GetDomainNames')]: { items: [{ domainName: 'odd.example.com' }] },
        ...classic([{ name: 'portal', listeners: [['SSL', 443, ['neg']]] }]),
        ...negotiation('portal', 'neg', { 'Reference-Security-Policy': 'ELBSecurityPolicy-TLS-1-2-2017-01' }),
        ...accountWide([], [distribution('E5ODD', 'https-only', 'https-only', { ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:1:certificate/x' } })]),
      },
      expect: {
        status: 'manual',
        resources: [apiArn('domainnames/odd.example.com'), classicArn('portal'), cfArn('E5ODD'), ROOT],
        message: '(references ELBSecurityPolicy-TLS-1-2-2017-01)',
      },
    },
    {
      name: 'eachDeniedServiceIsAnErrorOfItsOwn',
      responses: {
        [k('elbv2', 'DescribeLoadBalancers')]: DENIED,
        [k('elb', 'DescribeLoadBalancers')]: DENIED,
        [k('apigateway', 'GetRestApis')]: DENIED,
        [k('apigateway', 'GetDomainNames')]: { items: [] },
        [k('apigatewayv2', 'GetApis')]: DENIED,
        'cloudfront:ListDistributions': DENIED,
        's3:ListBuckets': DENIED,
      },
      expect: {
        resources: [elbWildcard(), elbWildcard(), apiArn('restapis'), apiArn('apis'), `arn:aws:cloudfront::${ACCT}:distribution/*`, 'arn:aws:s3:::*'],
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
          { name: 'web', listeners: [{ protocol: 'HTTPS', port: 443, sslPolicy: TLS13 }] },
          { name: 'api', listeners: [{ protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS]] }] },
          { name: 'batch', listeners: [] },
        ]),
        [k('elbv2', 'DescribeSSLPolicies')]: DENIED,
        [k('elbv2', 'DescribeRules', { ListenerArn: listenerArn('api', 80) })]: DENIED,
        [k('elbv2', 'DescribeListeners', { LoadBalancerArn: lbArn('batch') })]: DENIED,
        ...classic([{ name: 'tls', scheme: 'internal', listeners: [['SSL', 443, ['p']]] }]),
        [k('elb', 'DescribeLoadBalancerPolicies', { LoadBalancerName: 'tls' })]: DENIED,
        ...accountWide([{ name: 'locked', policy: 'denied' }, { name: 'where', listedRegion: false, region: 'us-west-2', policy: [TLS_ONLY] }, { name: 'fine', policy: [TLS_ONLY] }]),
        [callKey('s3', 'GetBucketLocation', { Bucket: 'where' })]: DENIED,
      },
      expect: {
        resources: [listenerArn('web', 443), listenerArn('api', 80), lbArn('batch'), classicArn('tls'), s3Arn('locked'), s3Arn('where')],
        metResources: [s3Arn('fine')],
        check: (r) =>
          expect(r.findings.filter((f) => f.status === 'error').map((f) => f.missingPermission)).toEqual([
            'elasticloadbalancing:DescribeSSLPolicies',
            'elasticloadbalancing:DescribeRules',
            'elasticloadbalancing:DescribeListeners',
            'elasticloadbalancing:DescribeLoadBalancerPolicies',
            's3:GetBucketPolicy',
            's3:GetBucketLocation',
          ]),
      },
    },
    {
      name: 'aDeniedLookInAnOtherwiseEmptyRegion',
      regions: [HOME, 'eu-west-1'],
      responses: { ...transitRegion(), ...webAlb, ...transitRegion('eu-west-1'), [k('apigateway', 'GetRestApis', {}, 'eu-west-1')]: DENIED, ...accountWide() },
      expect: { resources: [apiArn('restapis', 'eu-west-1')], metResources: [listenerArn('web', 443), listenerArn('web', 80)] },
    },
  ],
});
