// Managed HTTPS front doors: CloudFront and S3 (account-wide, looked at once per scan) and API Gateway
// (per region).
//  - CloudFront, per distribution: a cache behaviour (default or path) with ViewerProtocolPolicy
//    'allow-all' lets viewers use plain HTTP; a custom origin with OriginProtocolPolicy 'http-only' is
//    reached over plain HTTP; a custom certificate with MinimumProtocolVersion below TLS 1.2 accepts
//    deprecated TLS. Any of these → not met. The default *.cloudfront.net certificate accepts TLS 1.0
//    and cannot be changed: evidence only. A behaviour, certificate or minimum version the summary
//    does not show is left to people. Findings carry us-east-1 (CloudFront is global).
//  - S3, per bucket: met only when the bucket policy has a Deny for every principal on s3:* (or *) over
//    the bucket's objects whose only condition is Bool / BoolIfExists aws:SecureTransport = false (S3
//    accepts plain HTTP otherwise). A Bool … false on another key is no TLS enforcement; a further
//    condition (aws:SourceVpce, …) narrows the deny, so plain HTTP stays allowed where it does not hold.
//    An s3:TlsVersion condition alone does not deny plain HTTP (the key is absent then).
//  - API Gateway has no plain-HTTP endpoint: REST, HTTP and WebSocket APIs are met (HTTP and WebSocket
//    APIs always enforce TLS_1_2), except a REST API or custom domain name whose security policy is
//    TLS_1_0 (accepts TLS 1.0/1.1) → not met. A REST API with no securityPolicy serves its default
//    execute-api endpoint with the default of each endpoint type it has: TLS_1_0 for edge-optimized and
//    Regional, TLS_1_2 for private; so one EDGE or REGIONAL type makes it TLS_1_0, unless that endpoint
//    is disabled. A custom domain name that reports no policy is left to people.
import type { RestApi } from '@aws-sdk/client-api-gateway';
import type { DistributionSummary } from '@aws-sdk/client-cloudfront';
import type { Bucket } from '@aws-sdk/client-s3';
import type { Finding } from '../../model.js';
import { errorFinding, manual, met, notMet, type CheckContext } from '../define-check.js';
import { globMatch } from '../policy-document.js';
import { guard } from './common.js';

const OLD_VIEWER_TLS = new Set(['SSLv3', 'TLSv1', 'TLSv1_2016', 'TLSv1.1_2016']);

export async function cloudFrontFindings(ctx: CheckContext): Promise<Finding[]> {
  const { partition, id } = ctx.account;
  return (await ctx.aws.cloudfront.distributions()).map((d) => ({
    ...judgeDistribution(d, d.ARN ?? `arn:${partition}:cloudfront::${id}:distribution/${d.Id}`),
    // CloudFront is global: its API, and the ACM certificates it serves, live in us-east-1.
    region: 'us-east-1',
  }));
}

function judgeDistribution(d: DistributionSummary, arn: string): Finding {
  const behaviours = [
    { path: 'default (*)', policy: d.DefaultCacheBehavior?.ViewerProtocolPolicy },
    ...(d.CacheBehaviors?.Items ?? []).map((b) => ({ path: b.PathPattern, policy: b.ViewerProtocolPolicy })),
  ];
  const allowAll = behaviours.filter((b) => b.policy === 'allow-all').map((b) => b.path);
  const origins = d.Origins?.Items ?? [];
  const httpOrigins = origins.filter((o) => o.CustomOriginConfig?.OriginProtocolPolicy === 'http-only').map((o) => o.Id);
  const cert = d.ViewerCertificate;
  const customCert = cert !== undefined && !cert.CloudFrontDefaultCertificate;
  const oldTls = customCert && OLD_VIEWER_TLS.has(String(cert.MinimumProtocolVersion));
  const problems = [
    allowAll.length ? `viewers may use plain HTTP on cache behaviours ${allowAll.join(', ')} (ViewerProtocolPolicy allow-all)` : '',
    httpOrigins.length ? `CloudFront reaches origins ${httpOrigins.join(', ')} over plain HTTP (OriginProtocolPolicy http-only)` : '',
    oldTls ? `viewers may negotiate TLS below 1.2 (MinimumProtocolVersion ${cert.MinimumProtocolVersion})` : '',
  ].filter(Boolean);
  // What the summary leaves out is unknown, never read as HTTPS.
  const unshown = behaviours.filter((b) => !b.policy).map((b) => b.path);
  const unknown = [
    unshown.length ? `the viewer protocol policy of cache behaviours ${unshown.join(', ')}` : '',
    cert === undefined ? 'its viewer certificate' : '',
    customCert && !cert.MinimumProtocolVersion ? 'the minimum TLS version of its custom certificate' : '',
  ].filter(Boolean);
  const name = `CloudFront distribution ${d.Id} (${d.DomainName}${d.Aliases?.Items?.length ? `, ${d.Aliases.Items.join(', ')}` : ''})`;
  const evidence = {
    viewerProtocolPolicies: Object.fromEntries(behaviours.map((b) => [b.path, b.policy])),
    originProtocolPolicies: Object.fromEntries(origins.map((o) => [o.Id, o.CustomOriginConfig?.OriginProtocolPolicy ?? 's3'])),
    minimumProtocolVersion: cert?.CloudFrontDefaultCertificate ? 'TLSv1 (default *.cloudfront.net certificate, fixed)' : cert?.MinimumProtocolVersion,
    enabled: d.Enabled,
  };
  if (problems.length) return notMet(arn, `${name}: ${problems.join('; ')}.`, evidence);
  if (unknown.length) return manual(arn, `${name}: the API does not show ${unknown.join(', ')}; check them.`, evidence);
  return met(arn, `${name} serves viewers over HTTPS only and reaches its origins over HTTPS.`, evidence);
}

export async function s3TlsOnlyFindings(ctx: CheckContext): Promise<Finding[]> {
  const { aws, account } = ctx;
  const buckets = await aws.s3.buckets();
  const perBucket = await Promise.all(
    buckets.map((b) => {
      const arn = `arn:${account.partition}:s3:::${b.Name}`;
      return guard(arn, async () => [withRegion(judgeBucketPolicy(arn, b, await aws.s3.policy(b)), await aws.s3.bucketRegion(b))]);
    }),
  );
  return perBucket.flat();
}

const withRegion = (f: Finding, region: string): Finding => ({ ...f, region });

function judgeBucketPolicy(arn: string, bucket: Bucket, policy: string | undefined): Finding {
  if (!policy) return notMet(arn, `Bucket ${bucket.Name} has no bucket policy, so S3 accepts plain-HTTP requests to it: add a Deny on aws:SecureTransport = false.`, { policy: 'none' });
  let statements: Record<string, any>[];
  try {
    const doc = JSON.parse(policy) as { Statement?: unknown };
    statements = list(doc.Statement).filter(isRecord);
  } catch {
    return errorFinding(arn, `could not tell: the policy of bucket ${bucket.Name} is not JSON`);
  }
  const denies = statements.filter((s) => deniesEveryoneEverything(s, `${arn}/any-object`));
  const denying = denies.find((s) => insecureTransportOnly(s.Condition));
  if (denying) return met(arn, `Bucket ${bucket.Name} denies requests that do not use TLS (aws:SecureTransport).`, { statement: denying.Sid ?? 'unnamed' });
  const narrowed = denies.find((s) => testsInsecureTransport(s.Condition));
  if (narrowed) {
    const statement = narrowed.Sid ?? 'unnamed';
    return notMet(
      arn,
      `Bucket ${bucket.Name}'s policy denies plain HTTP only under further conditions (statement ${statement}): requests that do not meet them may still use plain HTTP; deny aws:SecureTransport = false without other conditions.`,
      { policy: 'SecureTransport deny narrowed by other conditions', statement },
    );
  }
  return notMet(arn, `Bucket ${bucket.Name}'s policy does not deny plain-HTTP requests: add a Deny for all principals on s3:* with Bool aws:SecureTransport = false.`, { policy: 'no SecureTransport deny' });
}

/** A policy element that is one value or a list of them, as a list (an absent element is one undefined, which matches nothing). */
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Deny for every principal on every S3 action (s3:* or *) over the bucket's objects. */
function deniesEveryoneEverything(s: Record<string, any>, objectArn: string): boolean {
  if (s.Effect !== 'Deny') return false;
  const everyone = s.Principal === '*' || list(s.Principal?.AWS).includes('*');
  const allS3 = list(s.Action).some((a) => a === '*' || (typeof a === 'string' && a.toLowerCase() === 's3:*'));
  const objects = list(s.Resource).some((r) => typeof r === 'string' && globMatch(r, objectArn));
  return everyone && allS3 && objects;
}

interface ConditionTest {
  op: string;
  key: string;
  values: unknown[];
}

/** The operator blocks of a statement's Condition, as [operator, its key/value pairs]. */
const conditionBlocks = (condition: unknown) => Object.entries(isRecord(condition) ? condition : {});

/** Every test of a Condition (operator, key, values); a malformed operator block holds none. */
const conditionTests = (condition: unknown): ConditionTest[] =>
  conditionBlocks(condition).flatMap(([op, pairs]) => Object.entries(isRecord(pairs) ? pairs : {}).map(([key, v]) => ({ op, key, values: list(v) })));

/**
 * Bool / BoolIfExists on aws:SecureTransport with false among its values holds for every plain-HTTP
 * request. Condition key names are case-insensitive (IAM says so); operator names and the value are
 * taken as IAM documents them ("false" or the JSON boolean), so an unusual spelling is never read as
 * enforcement.
 */
function isInsecureTransportTest(t: ConditionTest): boolean {
  return (t.op === 'Bool' || t.op === 'BoolIfExists') && t.key.toLowerCase() === 'aws:securetransport' && t.values.some((x) => x === false || x === 'false');
}

const testsInsecureTransport = (condition: unknown) => conditionTests(condition).some(isInsecureTransportTest);

/**
 * That test and nothing else: every test of a statement must hold, so any further one narrows the deny
 * (and a malformed operator block leaves the condition unreadable, never enforcement).
 */
function insecureTransportOnly(condition: unknown): boolean {
  return testsInsecureTransport(condition) && conditionBlocks(condition).every(([, pairs]) => isRecord(pairs)) && conditionTests(condition).every(isInsecureTransportTest);
}

export async function apiGatewayFindings(ctx: CheckContext): Promise<Finding[]> {
  const { aws, region, account } = ctx;
  const base = `arn:${account.partition}:apigateway:${region}::`;
  const looks = await Promise.all([
    guard(`${base}/restapis`, async () => (await aws.apigateway.restApis(region)).map((api) => judgeRestApi(`${base}/restapis/${api.id}`, api))),
    guard(`${base}/domainnames`, async () =>
      (await aws.apigateway.domainNames(region)).map((d) => {
        const arn = d.domainNameArn ?? `${base}/domainnames/${d.domainName}`;
        const evidence = { securityPolicy: d.securityPolicy, endpointTypes: d.endpointConfiguration?.types };
        if (!d.securityPolicy) return manual(arn, `Custom domain name ${d.domainName}: the API reports no security policy; check which TLS versions it accepts.`, evidence);
        return tlsPolicyVerdict(arn, `Custom domain name ${d.domainName}`, d.securityPolicy, evidence);
      }),
    ),
    guard(`${base}/apis`, async () =>
      (await aws.apigatewayv2.apis(region)).map((api) =>
        met(`${base}/apis/${api.ApiId}`, `${api.ProtocolType} API ${api.Name} (${api.ApiId}) is served over TLS 1.2+ only.`, {
          protocolType: api.ProtocolType,
          executeApiEndpoint: api.DisableExecuteApiEndpoint ? 'disabled' : 'enabled',
        }),
      ),
    ),
  ]);
  return looks.flat();
}

/** The security policy of a REST API's default execute-api endpoint when it sets none, by endpoint type. */
const DEFAULT_REST_POLICY: Record<string, string> = { EDGE: 'TLS_1_0', REGIONAL: 'TLS_1_0', PRIVATE: 'TLS_1_2' };

/**
 * A REST API with its own securityPolicy is judged on it. Without one, its default execute-api endpoint
 * negotiates the fixed default of each of its endpoint types (endpointConfiguration.types; none listed
 * means EDGE, the API's default type): one edge-optimized or Regional endpoint is enough to accept TLS
 * 1.0. A disabled execute-api endpoint serves nothing (clients come through custom domain names, judged
 * on their own).
 */
function judgeRestApi(arn: string, api: RestApi): Finding {
  const listed = api.endpointConfiguration?.types;
  const types: string[] = listed?.length ? listed : ['EDGE'];
  const executeApiEndpoint = api.disableExecuteApiEndpoint ? 'disabled' : 'enabled';
  if (api.securityPolicy) return tlsPolicyVerdict(arn, `REST API ${api.name} (${api.id})`, api.securityPolicy, { endpointTypes: types, securityPolicy: api.securityPolicy, executeApiEndpoint });
  const name = `REST API ${api.name} (${api.id}, default execute-api endpoint)`;
  if (api.disableExecuteApiEndpoint) {
    return met(arn, `${name} is disabled: clients reach the API only through custom domain names.`, { endpointTypes: types, securityPolicy: 'default (execute-api endpoint disabled)', executeApiEndpoint });
  }
  const byType = types.map((t) => [t, DEFAULT_REST_POLICY[t] ?? 'unknown'] as const);
  const evidence = { endpointTypes: types, securityPolicy: `default (${byType.map(([t, p]) => `${t}: ${p}`).join(', ')})`, executeApiEndpoint };
  const weak = byType.filter(([, p]) => p === 'TLS_1_0').map(([t]) => t);
  if (weak.length) {
    return notMet(arn, `${name} uses security policy TLS_1_0 on its ${weak.join(' and ')} endpoint${weak.length > 1 ? 's' : ''}, ${TLS_1_0_ADVICE}`, evidence);
  }
  const unknown = byType.filter(([, p]) => p === 'unknown').map(([t]) => t);
  if (unknown.length) return manual(arn, `${name} has endpoint type ${unknown.join(', ')}, whose default security policy is not documented: check its TLS versions.`, evidence);
  return met(arn, `${name} ${HTTPS_ONLY}`, evidence);
}

const TLS_1_0_ADVICE = 'which accepts TLS 1.0 and 1.1 (deprecated): switch to TLS_1_2 or an enhanced policy.';
const HTTPS_ONLY = 'is served over HTTPS only (API Gateway has no plain-HTTP endpoint).';

function tlsPolicyVerdict(arn: string, name: string, securityPolicy: string, evidence: Record<string, unknown>): Finding {
  if (securityPolicy === 'TLS_1_0') return notMet(arn, `${name} uses security policy TLS_1_0, ${TLS_1_0_ADVICE}`, evidence);
  return met(arn, `${name} ${HTTPS_ONLY}`, evidence);
}
