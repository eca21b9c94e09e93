import { describe, expect, it } from 'vitest';
import { callKey } from '../../../src/aws/snapshot.js';
import { apiGatewayFindings, cloudFrontFindings, s3TlsOnlyFindings } from '../../../src/checks/transit/edges.js';
import { MissingPermission } from '../../../src/errors.js';
import type { Finding } from '../../../src/model.js';
import { checkContext, DENIED, HOME } from '../../support/check-tester.js';
import { ACCT, distribution, s3Buckets, TLS_ONLY, transitRegion, type BucketSpec } from '../security/data-protection-fixtures.js';

const verdicts = (findings: Finding[]) => findings.map((f) => [f.status, f.resource]);

describe('cloudFrontFindings', () => {
  const look = (distributions: object[] | object) =>
    cloudFrontFindings(checkContext({ 'cloudfront:ListDistributions': Array.isArray(distributions) ? { Items: distributions } : distributions }));
  const ARN = (id: string) => `arn:aws:cloudfront::${ACCT}:distribution/${id}`;

  it('no distribution (or no Items at all): no finding', async () => {
    expect(await look([])).toEqual([]);
    expect(await look({ Quantity: 0 })).toEqual([]);
  });

  it('HTTPS to viewers and to origins with a TLS 1.2 certificate policy is met, the facts as evidence', async () => {
    const [f] = await look([distribution('E1GOOD')]);
    expect(f).toMatchObject({ status: 'met', resource: ARN('E1GOOD') });
    expect(f.message).toBe('CloudFront distribution E1GOOD (e1good.cloudfront.net, www.example.com) serves viewers over HTTPS only and reaches its origins over HTTPS.');
    expect(f.evidence).toEqual({
      viewerProtocolPolicies: { 'default (*)': 'redirect-to-https' },
      originProtocolPolicies: { 'web-alb': 'https-only' },
      minimumProtocolVersion: 'TLSv1.2_2021',
      enabled: true,
    });
  });

  it('each way to plain HTTP or old TLS is named in one not-met finding', async () => {
    const [f] = await look([
      distribution('E2BAD', 'allow-all', 'http-only', {
        CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: '/img/*', TargetOriginId: 'web-alb', ViewerProtocolPolicy: 'allow-all' }] },
        ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', MinimumProtocolVersion: 'TLSv1_2016', SSLSupportMethod: 'sni-only' },
      }),
    ]);
    expect(f.status).toBe('not-met');
    expect(f.message).toBe(
      'CloudFront distribution E2BAD (e2bad.cloudfront.net, www.example.com): viewers may use plain HTTP on cache behaviours default (*), /img/* (ViewerProtocolPolicy allow-all); ' +
        'CloudFront reaches origins web-alb over plain HTTP (OriginProtocolPolicy http-only); viewers may negotiate TLS below 1.2 (MinimumProtocolVersion TLSv1_2016).',
    );
  });

  it('a path behaviour alone allowing HTTP is enough', async () => {
    const [f] = await look([distribution('E3PATH', 'https-only', 'https-only', { CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: '/legacy/*', ViewerProtocolPolicy: 'allow-all' }] } })]);
    expect(f).toMatchObject({ status: 'not-met', message: expect.stringContaining('cache behaviours /legacy/* (ViewerProtocolPolicy allow-all)') });
  });

  it('the default *.cloudfront.net certificate is evidence, not a failure; an S3 origin and no aliases read plainly', async () => {
    const [f] = await look([
      distribution('E4DEF', 'https-only', 'https-only', {
        Aliases: { Quantity: 0 },
        Origins: { Quantity: 1, Items: [{ Id: 'assets', DomainName: 'assets.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' } }] },
        ViewerCertificate: { CloudFrontDefaultCertificate: true, MinimumProtocolVersion: 'TLSv1' },
      }),
    ]);
    expect(f.status).toBe('met');
    expect(f.message).toMatch(/^CloudFront distribution E4DEF \(e4def\.cloudfront\.net\) serves/);
    expect(f.evidence).toMatchObject({ originProtocolPolicies: { assets: 's3' }, minimumProtocolVersion: 'TLSv1 (default *.cloudfront.net certificate, fixed)' });
  });

  it('the list failing is thrown for the caller to guard', async () => {
    await expect(look(DENIED)).rejects.toBeInstanceOf(MissingPermission);
  });

  it('several distributions are judged each; a disabled one still is (it can be enabled again as it stands)', async () => {
    const findings = await look([distribution('E1GOOD'), distribution('E2OFF', 'allow-all', 'https-only', { Enabled: false }), distribution('E3GOOD', 'https-only')]);
    expect(findings.map((f) => [f.status, f.resource, f.evidence?.enabled])).toEqual([
      ['met', ARN('E1GOOD'), true],
      ['not-met', ARN('E2OFF'), false],
      ['met', ARN('E3GOOD'), true],
    ]);
  });

  it('CloudFront is global: its findings carry us-east-1, where its API (and the ACM certificates it serves) live, whatever the home region', async () => {
    const findings = await cloudFrontFindings(checkContext({ 'cloudfront:ListDistributions': { Items: [distribution('E1GOOD')] } }, { region: 'eu-west-1', regions: ['eu-west-1'], homeRegion: 'eu-west-1' }));
    expect(findings.map((f) => f.region)).toEqual(['us-east-1']);
  });

  it('what the API may leave out is not read as HTTPS: a custom certificate without its minimum TLS version → left to people', async () => {
    const noMinimum = distribution('E3', 'https-only', 'https-only', { ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', SSLSupportMethod: 'sni-only' } });
    const findings = await look([noMinimum]);
    expect(findings.map((f) => [f.status, f.resource])).toEqual([['manual', ARN('E3')]]);
    expect(findings[0].message).toBe(
      'CloudFront distribution E3 (e3.cloudfront.net, www.example.com): the API does not show the minimum TLS version of its custom certificate; check them.',
    );
  });

  // The CloudFront model marks these members of a DistributionSummary required: a summary without them is a
  // malformed answer, rejected by the data layer naming the field (the check then reports an error), never read.
  it.each([
    ['a viewer protocol policy', distribution('E1', undefined, 'https-only', { DefaultCacheBehavior: { TargetOriginId: 'web-alb' } }), /Items\[0\]\.DefaultCacheBehavior\.ViewerProtocolPolicy is missing/],
    ['the viewer certificate', distribution('E2', 'https-only', 'https-only', { ViewerCertificate: undefined }), /Items\[0\]\.ViewerCertificate is missing/],
    ['a path behaviour’s policy', distribution('E4', 'allow-all', 'https-only', { CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: '/api/*' }] } }), /Items\[0\]\.CacheBehaviors\.Items\[0\]\.ViewerProtocolPolicy is missing/],
    ['any behaviour or origin', { Id: 'E7BARE', ARN: ARN('E7BARE'), DomainName: 'e7bare.cloudfront.net', Enabled: true, ViewerCertificate: { CloudFrontDefaultCertificate: true } }, /Items\[0\]\.DefaultCacheBehavior is missing/],
    ['its ARN', (({ ARN: _arn, ...unnamed }) => unnamed)(distribution('E9NOARN')), /Items\[0\]\.ARN is missing/],
  ])('a summary without %s is a malformed answer, never read as HTTPS', async (_what, summary, field) => {
    await expect(look([summary])).rejects.toThrow(field);
  });

  it('a custom certificate below TLS 1.2 is not met whichever old minimum it names; TLS 1.2 and later are met', async () => {
    const withMinimum = (id: string, MinimumProtocolVersion: string) =>
      distribution(id, 'https-only', 'https-only', { ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', MinimumProtocolVersion, SSLSupportMethod: 'sni-only' } });
    const old = ['SSLv3', 'TLSv1', 'TLSv1_2016', 'TLSv1.1_2016'];
    const current = ['TLSv1.2_2018', 'TLSv1.2_2019', 'TLSv1.2_2021', 'TLSv1.3_2025'];
    const findings = await look([...old, ...current].map((v, i) => withMinimum(`E${i}`, v)));
    expect(findings.map((f) => [f.evidence?.minimumProtocolVersion, f.status])).toEqual([...old.map((v) => [v, 'not-met']), ...current.map((v) => [v, 'met'])]);
  });

  it('every item that fails is named: several origins and aliases are listed', async () => {
    const origins = { Quantity: 2, Items: ['app', 'api'].map((Id) => ({ Id, DomainName: `${Id}.example.com`, CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' } })) };
    const twoOrigins = distribution('E1', 'https-only', 'https-only', { Origins: origins, Aliases: { Quantity: 2, Items: ['a.example.com', 'b.example.com'] } });
    const [f1] = await look([twoOrigins]);
    expect(f1.message).toBe(
      'CloudFront distribution E1 (e1.cloudfront.net, a.example.com, b.example.com): CloudFront reaches origins app, api over plain HTTP (OriginProtocolPolicy http-only).',
    );
  });
});

describe('s3TlsOnlyFindings', () => {
  const look = (buckets: BucketSpec[], extra: Record<string, unknown> = {}) => s3TlsOnlyFindings(checkContext({ ...s3Buckets(buckets), ...extra }));
  const arn = (name: string) => `arn:aws:s3:::${name}`;
  const policyKey = (name: string, region = HOME) => callKey('s3', 'GetBucketPolicy', { Bucket: name }, region);

  it('no bucket: no finding', async () => {
    expect(await look([])).toEqual([]);
  });

  it('a Deny on aws:SecureTransport false for everyone on s3:* over the objects is met, and the finding has the bucket’s region', async () => {
    const [f] = await look([{ name: 'logs', region: 'eu-west-1', policy: [TLS_ONLY] }]);
    expect(f).toEqual({
      status: 'met',
      resource: arn('logs'),
      region: 'eu-west-1',
      message: 'Bucket logs denies requests that do not use TLS (aws:SecureTransport).',
      evidence: { statement: 'DenyInsecureTransport' },
    });
  });

  it('the equivalent spellings count: Principal {AWS: "*"}, Action "*", BoolIfExists, a single statement object, a wildcard resource, no Sid', async () => {
    const { Sid: _sid, ...unnamed } = TLS_ONLY;
    const variant = { ...unnamed, Principal: { AWS: ['*'] }, Action: ['*'], Resource: 'arn:aws:s3:::*', Condition: { BoolIfExists: { 'aws:securetransport': ['false'] } } };
    const [f] = await look([{ name: 'v', listedRegion: false, region: 'us-west-2' }], {
      [policyKey('v', 'us-west-2')]: { Policy: JSON.stringify({ Version: '2012-10-17', Statement: variant }) },
    });
    expect(f).toMatchObject({ status: 'met', region: 'us-west-2', evidence: { statement: 'unnamed' } });
  });

  it('no bucket policy, or one that does not deny plain HTTP to all objects, is not met', async () => {
    const tlsVersionOnly = { ...TLS_ONLY, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } };
    const bucketOnly = { ...TLS_ONLY, Resource: 'arn:aws:s3:::BUCKET' };
    const onePrincipal = { ...TLS_ONLY, Principal: { AWS: 'arn:aws:iam::123456789012:root' } };
    const allow = { ...TLS_ONLY, Effect: 'Allow' };
    const getOnly = { ...TLS_ONLY, Action: 's3:GetObject' };
    const findings = await look([
      { name: 'none' },
      { name: 'tls-version', policy: [tlsVersionOnly] },
      { name: 'bucket-arn', policy: [bucketOnly] },
      { name: 'one-principal', policy: [onePrincipal] },
      { name: 'allow', policy: [allow] },
      { name: 'get-only', policy: [getOnly] },
    ]);
    expect(findings.map((f) => f.status)).toEqual(Array(6).fill('not-met'));
    expect(findings[0]).toMatchObject({ message: expect.stringContaining('has no bucket policy'), evidence: { policy: 'none' } });
    expect(findings[1]).toMatchObject({ evidence: { policy: 'no SecureTransport deny' } });
  });

  it('the deny counts only on aws:SecureTransport, with Bool or BoolIfExists and a false value (in any spelling IAM accepts)', async () => {
    const deny = (Condition: object) => ({ ...TLS_ONLY, Condition });
    const findings = await look([
      { name: 'key-upper', policy: [deny({ Bool: { 'AWS:SECURETRANSPORT': 'false' } })] },
      { name: 'boolean-false', policy: [deny({ Bool: { 'aws:SecureTransport': false } })] },
      { name: 'array', policy: [deny({ BoolIfExists: { 'aws:SecureTransport': [false] } })] },
      { name: 'both-values', policy: [deny({ Bool: { 'aws:SecureTransport': ['true', 'false'] } })] },
      { name: 'twice', policy: [deny({ Bool: { 'aws:SecureTransport': 'false' }, BoolIfExists: { 'aws:SecureTransport': 'false' } })] },
      { name: 'other-key', policy: [deny({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } })] },
      { name: 'true', policy: [deny({ Bool: { 'aws:SecureTransport': 'true' } })] },
      { name: 'string-operator', policy: [deny({ StringEquals: { 'aws:SecureTransport': 'false' } })] },
      { name: 'null-operator', policy: [deny({ Null: { 'aws:SecureTransport': 'true' } })] },
      { name: 'operator-case', policy: [deny({ bool: { 'aws:SecureTransport': 'false' } })] },
      { name: 'no-value', policy: [deny({ Bool: { 'aws:SecureTransport': [] } })] },
      { name: 'odd-value', policy: [deny({ Bool: { 'aws:SecureTransport': 'no' } })] },
      { name: 'upper-value', policy: [deny({ Bool: { 'aws:SecureTransport': 'FALSE' } })] },
      { name: 'malformed-block', policy: [deny({ Bool: 'aws:SecureTransport' })] },
      { name: 'empty-condition', policy: [deny({})] },
      { name: 'no-condition', policy: [{ ...TLS_ONLY, Condition: undefined }] },
    ]);
    expect(findings.map((f) => [f.resource.slice('arn:aws:s3:::'.length), f.status])).toEqual([
      ['key-upper', 'met'],
      ['boolean-false', 'met'],
      ['array', 'met'],
      ['both-values', 'met'],
      ['twice', 'met'],
      ['other-key', 'not-met'],
      ['true', 'not-met'],
      ['string-operator', 'not-met'],
      ['null-operator', 'not-met'],
      ['operator-case', 'not-met'],
      ['no-value', 'not-met'],
      ['odd-value', 'not-met'],
      ['upper-value', 'not-met'],
      ['malformed-block', 'not-met'],
      ['empty-condition', 'not-met'],
      ['no-condition', 'not-met'],
    ]);
  });

  it('actions and resources are read whatever their case or company: S3:* counts, values that are not strings are skipped', async () => {
    const findings = await look([
      { name: 'upper-action', policy: [{ ...TLS_ONLY, Action: 'S3:*' }] },
      { name: 'odd-action', policy: [{ ...TLS_ONLY, Action: [42, 's3:*'] }] },
      { name: 'odd-resource', policy: [{ ...TLS_ONLY, Resource: [7, 'arn:aws:s3:::BUCKET/*'] }] },
      { name: 'null-condition', policy: [{ ...TLS_ONLY, Condition: null }] },
      { name: 'list-condition', policy: [{ ...TLS_ONLY, Condition: [{ Bool: { 'aws:SecureTransport': 'false' } }] }] },
    ]);
    expect(findings.map((f) => f.status)).toEqual(['met', 'met', 'met', 'not-met', 'not-met']);
  });

  it('a deny that names no principal, or whose other operator block is empty of meaning, is no enforcement', async () => {
    const { Principal: _principal, ...noPrincipal } = TLS_ONLY;
    const findings = await look([
      { name: 'no-principal', policy: [noPrincipal] },
      { name: 'blank-block', policy: [{ ...TLS_ONLY, Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: '' } }] },
      { name: 'null-block', policy: [{ ...TLS_ONLY, Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: null } }] },
    ]);
    expect(findings.map((f) => [f.status, f.evidence?.policy])).toEqual([
      ['not-met', 'no SecureTransport deny'],
      ['not-met', 'SecureTransport deny narrowed by other conditions'],
      ['not-met', 'SecureTransport deny narrowed by other conditions'],
    ]);
  });

  it('a narrowed deny without a Sid, or narrowed by a malformed operator block, is named and not met', async () => {
    const { Sid: _sid, ...unnamed } = TLS_ONLY;
    const findings = await look([
      { name: 'unnamed', policy: [{ ...unnamed, Condition: { Bool: { 'aws:SecureTransport': 'false' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] },
      { name: 'garbage-block', policy: [{ ...TLS_ONLY, Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: 'aws:SourceVpce' } }] },
    ]);
    expect(findings.map((f) => [f.status, f.evidence?.statement])).toEqual([
      ['not-met', 'unnamed'],
      ['not-met', 'DenyInsecureTransport'],
    ]);
  });

  it('a SecureTransport deny narrowed by another condition leaves plain HTTP allowed where it does not apply: not met, naming the statement', async () => {
    const viaEndpoint = { ...TLS_ONLY, Sid: 'DenyHttpOutsideVpce', Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } };
    const sameBlock = { ...TLS_ONLY, Condition: { Bool: { 'aws:SecureTransport': 'false', 'aws:ViaAWSService': 'false' } } };
    const findings = await look([
      { name: 'vpce', policy: [viaEndpoint] },
      { name: 'same-block', policy: [sameBlock] },
      { name: 'narrowed-and-full', policy: [viaEndpoint, TLS_ONLY] },
    ]);
    expect(findings.map((f) => [f.status, f.evidence])).toEqual([
      ['not-met', { policy: 'SecureTransport deny narrowed by other conditions', statement: 'DenyHttpOutsideVpce' }],
      ['not-met', { policy: 'SecureTransport deny narrowed by other conditions', statement: 'DenyInsecureTransport' }],
      ['met', { statement: 'DenyInsecureTransport' }],
    ]);
    expect(findings[0].message).toBe(
      "Bucket vpce's policy denies plain HTTP only under further conditions (statement DenyHttpOutsideVpce): requests that do not meet them may still use plain HTTP; deny aws:SecureTransport = false without other conditions.",
    );
  });

  it('a policy that is not JSON cannot be judged: an error for that bucket', async () => {
    const [f] = await look([{ name: 'odd' }], { [policyKey('odd')]: { Policy: '{not json' } });
    expect(f).toMatchObject({ status: 'error', resource: arn('odd'), message: 'could not tell: the policy of bucket odd is not JSON' });
  });

  it('a policy whose statements are missing or not objects is judged on what is there', async () => {
    const [f] = await look([{ name: 'empty' }], { [policyKey('empty')]: { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [null, 'x'] }) } });
    expect(f.status).toBe('not-met');
  });

  it('a policy that cannot be read is an error for that bucket; the others are still judged', async () => {
    const findings = await look([
      { name: 'locked', policy: 'denied' },
      { name: 'fine', policy: [TLS_ONLY] },
    ]);
    expect(verdicts(findings)).toEqual([
      ['error', arn('locked')],
      ['met', arn('fine')],
    ]);
    expect(findings[0].missingPermission).toBe('s3:GetBucketPolicy');
  });
});

describe('apiGatewayFindings', () => {
  const base = 'arn:aws:apigateway:us-east-1::';
  const look = (responses: Record<string, unknown>) => apiGatewayFindings(checkContext({ ...transitRegion(), ...responses }));
  const k = (service: string, operation: string) => callKey(service, operation, {}, HOME);

  it('no API and no custom domain name: no finding', async () => {
    expect(await look({})).toEqual([]);
  });

  it('a REST API without a security policy is judged on its default endpoint: TLS_1_0 unless private or disabled', async () => {
    const findings = await look({
      [k('apigateway', 'GetRestApis')]: {
        items: [
          { id: 'edge1', name: 'legacy-edge' },
          { id: 'reg1', name: 'orders', endpointConfiguration: { types: ['REGIONAL'] } },
          { id: 'priv1', name: 'internal', endpointConfiguration: { types: ['PRIVATE'] } },
          { id: 'off1', name: 'via-domain', disableExecuteApiEndpoint: true },
          { id: 'tls12', name: 'modern', securityPolicy: 'TLS_1_2' },
        ],
      },
    });
    expect(verdicts(findings)).toEqual([
      ['not-met', `${base}/restapis/edge1`],
      ['not-met', `${base}/restapis/reg1`],
      ['met', `${base}/restapis/priv1`],
      ['met', `${base}/restapis/off1`],
      ['met', `${base}/restapis/tls12`],
    ]);
    expect(findings[0].message).toBe(
      'REST API legacy-edge (edge1, default execute-api endpoint) uses security policy TLS_1_0 on its EDGE endpoint, which accepts TLS 1.0 and 1.1 (deprecated): switch to TLS_1_2 or an enhanced policy.',
    );
    expect(findings[0].evidence).toEqual({ endpointTypes: ['EDGE'], securityPolicy: 'default (EDGE: TLS_1_0)', executeApiEndpoint: 'enabled' });
    expect(findings[2].evidence).toEqual({ endpointTypes: ['PRIVATE'], securityPolicy: 'default (PRIVATE: TLS_1_2)', executeApiEndpoint: 'enabled' });
    expect(findings[2].message).toBe('REST API internal (priv1, default execute-api endpoint) is served over HTTPS only (API Gateway has no plain-HTTP endpoint).');
    expect(findings[3].evidence).toEqual({ endpointTypes: ['EDGE'], securityPolicy: 'default (execute-api endpoint disabled)', executeApiEndpoint: 'disabled' });
    expect(findings[4].message).toBe('REST API modern (tls12) is served over HTTPS only (API Gateway has no plain-HTTP endpoint).');
    expect(findings[4].evidence).toEqual({ endpointTypes: ['EDGE'], securityPolicy: 'TLS_1_2', executeApiEndpoint: 'enabled' });
  });

  it('a REST API with several endpoint types is judged on each: any edge-optimized or Regional endpoint on the default policy accepts TLS 1.0', async () => {
    const api = (id: string, types: string[], extra: object = {}) => ({ id, name: id, endpointConfiguration: { types }, ...extra });
    const findings = await look({
      [k('apigateway', 'GetRestApis')]: {
        items: [
          api('edge-regional', ['EDGE', 'REGIONAL']),
          api('edge-private', ['EDGE', 'PRIVATE']),
          api('private-regional', ['PRIVATE', 'REGIONAL']),
          api('private-only', ['PRIVATE']),
          api('none-listed', []),
          api('mixed-tls12', ['EDGE', 'PRIVATE'], { securityPolicy: 'TLS_1_2' }),
          api('mixed-enhanced', ['REGIONAL', 'PRIVATE'], { securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06' }),
          api('private-tls10', ['PRIVATE'], { securityPolicy: 'TLS_1_0' }),
          api('mixed-disabled', ['EDGE', 'REGIONAL'], { disableExecuteApiEndpoint: true }),
          api('private-future', ['PRIVATE', 'SOMETHING_NEW']),
          api('two-unknown', ['NEW_A', 'NEW_B']),
        ],
      },
    });
    expect(findings.map((f) => [f.resource.slice(`${base}/restapis/`.length), f.status])).toEqual([
      ['edge-regional', 'not-met'],
      ['edge-private', 'not-met'],
      ['private-regional', 'not-met'],
      ['private-only', 'met'],
      ['none-listed', 'not-met'],
      ['mixed-tls12', 'met'],
      ['mixed-enhanced', 'met'],
      ['private-tls10', 'not-met'],
      ['mixed-disabled', 'met'],
      ['private-future', 'manual'],
      ['two-unknown', 'manual'],
    ]);
    expect(findings[10].message).toContain('has endpoint type NEW_A, NEW_B, whose default security policy is not documented');
    expect(findings[0].message).toBe(
      'REST API edge-regional (edge-regional, default execute-api endpoint) uses security policy TLS_1_0 on its EDGE and REGIONAL endpoints, which accepts TLS 1.0 and 1.1 (deprecated): switch to TLS_1_2 or an enhanced policy.',
    );
    expect(findings[1]).toMatchObject({
      message: expect.stringContaining('uses security policy TLS_1_0 on its EDGE endpoint,'),
      evidence: { endpointTypes: ['EDGE', 'PRIVATE'], securityPolicy: 'default (EDGE: TLS_1_0, PRIVATE: TLS_1_2)' },
    });
    expect(findings[2].message).toContain('on its REGIONAL endpoint,');
    expect(findings[4].evidence).toMatchObject({ endpointTypes: ['EDGE'] });
    expect(findings[7].message).toBe(
      'REST API private-tls10 (private-tls10) uses security policy TLS_1_0, which accepts TLS 1.0 and 1.1 (deprecated): switch to TLS_1_2 or an enhanced policy.',
    );
    expect(findings[9]).toEqual({
      status: 'manual',
      resource: `${base}/restapis/private-future`,
      message: 'REST API private-future (private-future, default execute-api endpoint) has endpoint type SOMETHING_NEW, whose default security policy is not documented: check its TLS versions.',
      evidence: { endpointTypes: ['PRIVATE', 'SOMETHING_NEW'], securityPolicy: 'default (PRIVATE: TLS_1_2, SOMETHING_NEW: unknown)', executeApiEndpoint: 'enabled' },
    });
  });

  it('custom domain names are judged on their security policy, named by their ARN when they have one; one that reports none is left to people', async () => {
    const findings = await look({
      [k('apigateway', 'GetDomainNames')]: {
        items: [
          { domainName: 'api.example.com', securityPolicy: 'TLS_1_0', domainNameArn: 'arn:aws:apigateway:us-east-1::/domainnames/api.example.com+abc' },
          { domainName: 'new.example.com', securityPolicy: 'TLS_1_2', endpointConfiguration: { types: ['REGIONAL'] } },
          { domainName: 'odd.example.com', endpointConfiguration: { types: ['EDGE'] } },
        ],
      },
    });
    expect(verdicts(findings)).toEqual([
      ['not-met', 'arn:aws:apigateway:us-east-1::/domainnames/api.example.com+abc'],
      ['met', `${base}/domainnames/new.example.com`],
      ['manual', `${base}/domainnames/odd.example.com`],
    ]);
    expect(findings[0].message).toBe(
      'Custom domain name api.example.com uses security policy TLS_1_0, which accepts TLS 1.0 and 1.1 (deprecated): switch to TLS_1_2 or an enhanced policy.',
    );
    expect(findings[1]).toMatchObject({ message: 'Custom domain name new.example.com is served over HTTPS only (API Gateway has no plain-HTTP endpoint).', evidence: { securityPolicy: 'TLS_1_2', endpointTypes: ['REGIONAL'] } });
    expect(findings[2].message).toBe('Custom domain name odd.example.com: the API reports no security policy; check which TLS versions it accepts.');
  });

  it('HTTP and WebSocket APIs are met', async () => {
    const findings = await look({
      [k('apigatewayv2', 'GetApis')]: {
        Items: [
          { ApiId: 'h1', Name: 'checkout', ProtocolType: 'HTTP' },
          { ApiId: 'w1', Name: 'chat', ProtocolType: 'WEBSOCKET', DisableExecuteApiEndpoint: true },
        ],
      },
    });
    expect(findings.map((f) => [f.status, f.resource, f.evidence])).toEqual([
      ['met', `${base}/apis/h1`, { protocolType: 'HTTP', executeApiEndpoint: 'enabled' }],
      ['met', `${base}/apis/w1`, { protocolType: 'WEBSOCKET', executeApiEndpoint: 'disabled' }],
    ]);
  });

  it('each list that cannot be read is an error for it alone', async () => {
    const findings = await look({
      [k('apigateway', 'GetRestApis')]: DENIED,
      [k('apigatewayv2', 'GetApis')]: { Items: [{ ApiId: 'h1', Name: 'checkout', ProtocolType: 'HTTP' }] },
    });
    expect(verdicts(findings)).toEqual([
      ['error', `${base}/restapis`],
      ['met', `${base}/apis/h1`],
    ]);
    expect(findings[0].missingPermission).toBe('apigateway:GET');
    expect(findings[1].message).toBe('HTTP API checkout (h1) is served over TLS 1.2+ only.');
    const domains = await look({ [k('apigateway', 'GetDomainNames')]: DENIED, [k('apigatewayv2', 'GetApis')]: DENIED });
    expect(verdicts(domains)).toEqual([
      ['error', `${base}/domainnames`],
      ['error', `${base}/apis`],
    ]);
  });
});
