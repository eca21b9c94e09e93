// Fixture builders for the data protection checks (1.22 at rest and in transit, 1.24 in transit): the
// replayed responses of an account whose regions start empty, plus load balancers, CloudFront
// distributions, buckets, APIs and data stores added by name.
import { callKey } from '../../../src/aws/snapshot.js';
import { awsError, HOME } from '../../support/check-tester.js';

export const ACCT = '123456789012';
type Responses = Record<string, unknown>;
const key = (service: string, operation: string, input: Record<string, unknown> = {}, region = HOME) => callKey(service, operation, input, region);

/** A region with no load balancer, API, volume, database or table; EBS encryption by default as given. */
export function emptyRegion(region = HOME, ebsByDefault = true): Responses {
  return {
    ...transitRegion(region),
    [key('ec2', 'GetEbsEncryptionByDefault', {}, region)]: { EbsEncryptionByDefault: ebsByDefault },
    [key('ec2', 'DescribeVolumes', {}, region)]: { Volumes: [] },
    [key('ec2', 'DescribeSnapshots', { OwnerIds: ['self'] }, region)]: { Snapshots: [] },
    [key('rds', 'DescribeDBInstances', {}, region)]: { DBInstances: [] },
    [key('rds', 'DescribeDBClusters', {}, region)]: { DBClusters: [] },
    [key('efs', 'DescribeFileSystems', {}, region)]: { FileSystems: [] },
    [key('dynamodb', 'ListTables', {}, region)]: { TableNames: [] },
  };
}

/** Only what the transit looks ask in a region. */
export function transitRegion(region = HOME): Responses {
  return {
    [key('elbv2', 'DescribeLoadBalancers', {}, region)]: { LoadBalancers: [] },
    [key('elb', 'DescribeLoadBalancers', {}, region)]: { LoadBalancerDescriptions: [] },
    [key('apigateway', 'GetRestApis', {}, region)]: { items: [] },
    [key('apigateway', 'GetDomainNames', {}, region)]: { items: [] },
    [key('apigatewayv2', 'GetApis', {}, region)]: { Items: [] },
  };
}

/** Account-wide looks: no distribution, the given buckets. */
export const accountWide = (buckets: BucketSpec[] = [], distributions: object[] = []): Responses => ({
  'cloudfront:ListDistributions': { Items: distributions },
  ...s3Buckets(buckets),
});

export interface BucketSpec {
  name: string;
  region?: string;
  /** false: ListBuckets has no BucketRegion, so GetBucketLocation is asked. */
  listedRegion?: boolean;
  policy?: object[] | 'denied';
  /** SSEAlgorithm of the default encryption; 'none': no configuration; 'denied'. */
  encryption?: string;
}

export const TLS_ONLY = {
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: ['arn:aws:s3:::BUCKET', 'arn:aws:s3:::BUCKET/*'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

export function s3Buckets(buckets: BucketSpec[]): Responses {
  const r: Responses = {
    's3:ListBuckets': { Buckets: buckets.map((b) => ({ Name: b.name, ...(b.listedRegion === false ? {} : { BucketRegion: b.region ?? HOME }) })) },
  };
  for (const b of buckets) {
    const region = b.region ?? HOME;
    if (b.listedRegion === false) r[callKey('s3', 'GetBucketLocation', { Bucket: b.name })] = { LocationConstraint: region === 'us-east-1' ? null : region };
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: b.policy }).replaceAll('BUCKET', b.name);
    r[key('s3', 'GetBucketPolicy', { Bucket: b.name }, region)] =
      b.policy === 'denied' ? DENIED_S3 : b.policy ? { Policy: policy } : awsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
    r[key('s3', 'GetBucketEncryption', { Bucket: b.name }, region)] =
      b.encryption === 'denied'
        ? DENIED_S3
        : b.encryption === 'none'
          ? awsError('ServerSideEncryptionConfigurationNotFoundError', 'none', 404)
          : { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: b.encryption ?? 'AES256' }, BucketKeyEnabled: false }] } };
  }
  return r;
}
const DENIED_S3 = { $error: { name: 'AccessDenied', message: 'Access Denied', httpStatusCode: 403 } };

export const lbArn = (name: string, type = 'app', region = HOME) => `arn:aws:elasticloadbalancing:${region}:${ACCT}:loadbalancer/${type}/${name}/50dc6c495c0c9188`;
export const listenerArn = (name: string, port: number, type = 'app', region = HOME) =>
  `arn:aws:elasticloadbalancing:${region}:${ACCT}:listener/${type}/${name}/50dc6c495c0c9188/${port}0f1e2d3c4b5a69`;

export interface ListenerSpec {
  protocol: string;
  port: number;
  sslPolicy?: string;
  /** HTTP listeners: the actions of each rule; the first is the default rule. */
  rules?: object[][];
}
export const REDIRECT_TO_HTTPS = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };
export const FORWARD = { Type: 'forward', TargetGroupArn: `arn:aws:elasticloadbalancing:${HOME}:${ACCT}:targetgroup/web/73e2d6bc24d8a067` };

/** ELBv2 load balancers of one region with their listeners and (HTTP) rules, plus the region's SSL policies. */
export function loadBalancers(lbs: { name: string; scheme?: string; type?: 'application' | 'network'; listeners: ListenerSpec[] }[], region = HOME): Responses {
  const short = (t?: string) => (t === 'network' ? 'net' : 'app');
  const r: Responses = {
    [key('elbv2', 'DescribeLoadBalancers', {}, region)]: {
      LoadBalancers: lbs.map((lb) => ({
        LoadBalancerArn: lbArn(lb.name, short(lb.type), region),
        LoadBalancerName: lb.name,
        Scheme: lb.scheme ?? 'internet-facing',
        Type: lb.type ?? 'application',
        DNSName: `${lb.name}-1234567890.${region}.elb.amazonaws.com`,
      })),
    },
    [key('elbv2', 'DescribeSSLPolicies', {}, region)]: { SslPolicies: SSL_POLICIES },
  };
  for (const lb of lbs) {
    r[key('elbv2', 'DescribeListeners', { LoadBalancerArn: lbArn(lb.name, short(lb.type), region) }, region)] = {
      Listeners: lb.listeners.map((l) => ({
        ListenerArn: listenerArn(lb.name, l.port, short(lb.type), region),
        LoadBalancerArn: lbArn(lb.name, short(lb.type), region),
        Protocol: l.protocol,
        Port: l.port,
        ...(l.sslPolicy ? { SslPolicy: l.sslPolicy } : {}),
        DefaultActions: l.rules?.[0] ?? [FORWARD],
      })),
    };
    for (const l of lb.listeners.filter((x) => x.rules)) {
      r[key('elbv2', 'DescribeRules', { ListenerArn: listenerArn(lb.name, l.port, short(lb.type), region) }, region)] = {
        Rules: l.rules!.map((Actions, i) => ({ RuleArn: `${listenerArn(lb.name, l.port)}/rule${i}`, Priority: i === 0 ? 'default' : String(i * 10), IsDefault: i === 0, Actions })),
      };
    }
  }
  return r;
}

export const SSL_POLICIES = [
  { Name: 'ELBSecurityPolicy-TLS13-1-2-2021-06', SslProtocols: ['TLSv1.2', 'TLSv1.3'] },
  { Name: 'ELBSecurityPolicy-2016-08', SslProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] },
];

export const distribution = (id: string, viewer = 'redirect-to-https', origin = 'https-only', extra: object = {}) => ({
  Id: id,
  ARN: `arn:aws:cloudfront::${ACCT}:distribution/${id}`,
  DomainName: `${id.toLowerCase()}.cloudfront.net`,
  Enabled: true,
  Aliases: { Quantity: 1, Items: ['www.example.com'] },
  Origins: { Quantity: 1, Items: [{ Id: 'web-alb', DomainName: 'web-123.us-east-1.elb.amazonaws.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: origin } }] },
  DefaultCacheBehavior: { TargetOriginId: 'web-alb', ViewerProtocolPolicy: viewer },
  CacheBehaviors: { Quantity: 0 },
  ViewerCertificate: { ACMCertificateArn: `arn:aws:acm:us-east-1:${ACCT}:certificate/abc`, MinimumProtocolVersion: 'TLSv1.2_2021', SSLSupportMethod: 'sni-only' },
  ...extra,
});
