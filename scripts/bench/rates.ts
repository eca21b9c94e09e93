// What the simulated AWS knows about itself: each API's request rate (a token bucket per account, region
// and API), how each service says "throttled" and "internal error" on the wire, and how long it takes to answer.
//
// Rates. Where AWS documents a rate, the table says where (`source`); the rest are assumptions, marked
// `assumed`, chosen on the low side of what these control-plane APIs sustain in practice. A documented
// "N transactions per second" with no burst given is a bucket of N refilled at N per second.
//   - EC2 (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html): each API has its own
//     bucket per account and Region; non-mutating actions (Describe*, Get*) hold 100 tokens, refilled at 20/s.
//   - CloudTrail quotas (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html):
//     get, describe and list APIs 10 TPS; LookupEvents 2 TPS (per account and Region).
//   - S3 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html): 5,500 GET/HEAD
//     requests per second per partitioned prefix; a bucket's configuration reads (?policy, ?acl …) are GETs on
//     the bucket, so the bucket is the key.
//   - KMS request quotas (https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html):
//     DescribeKey 2,000/s, GetKeyPolicy and GetKeyRotationStatus 1,000/s, ListKeys 100/s.
//   - STS: GetCallerIdentity 600/s per account and Region (IAM and STS quotas).

export interface Rate {
  burst: number;
  /** Tokens per second. */
  refill: number;
  source: 'documented' | 'assumed';
}

const per = (tps: number, source: Rate['source'] = 'documented'): Rate => ({ burst: tps, refill: tps, source });

const RATES: Record<string, Rate> = {
  'cloudtrail:LookupEvents': per(2),
  'kms:DescribeKey': per(2000),
  'kms:GetKeyPolicy': per(1000),
  'kms:GetKeyRotationStatus': per(1000),
  'kms:ListKeys': per(100),
  'sts:GetCallerIdentity': per(600),
};

const SERVICE_RATES: Record<string, Rate> = {
  ec2: { burst: 100, refill: 20, source: 'documented' },
  cloudtrail: per(10),
  // S3 bucket-level reads: per bucket (see bucketKey below).
  s3: per(5500),
  // IAM and the rest: no published per-API rate (IAM says only that each API has its own token buckets).
  iam: { burst: 20, refill: 10, source: 'assumed' },
  organizations: { burst: 10, refill: 5, source: 'assumed' },
};

const DEFAULT_RATE: Rate = { burst: 10, refill: 5, source: 'assumed' };

/** The rate of one API (service:Operation). */
export function rateOf(service: string, operation: string): Rate {
  if (service === 's3' && (operation === 'ListBuckets' || operation === 'GetBucketLocation')) return DEFAULT_RATE;
  return RATES[`${service}:${operation}`] ?? SERVICE_RATES[service] ?? DEFAULT_RATE;
}

/** Global services keep one bucket per account, whatever region the client named. */
const GLOBAL_SERVICES = new Set(['iam', 'organizations', 'support', 'cloudfront', 'account']);

/**
 * The token bucket a request draws from: per account, region and API; S3 bucket-level reads per bucket
 * (its own region); global services per account.
 */
export function bucketKey(account: string, region: string, service: string, operation: string, input: Record<string, unknown>): string {
  if (service === 's3' && typeof input.Bucket === 'string') return `${account}/${region}/s3/${input.Bucket}`;
  const where = GLOBAL_SERVICES.has(service) ? 'global' : region;
  return `${account}/${where}/${service}:${operation}`;
}

// ---- How a service says "throttled" / "internal error" -------------------------------------------------

export interface WireError {
  code: string;
  status: number;
  message: string;
}

/** The throttling answer of a service, as it sends it (code and HTTP status). */
export function throttleOf(service: string): WireError {
  switch (service) {
    case 'ec2':
      return { code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.' };
    case 's3':
    case 's3control':
      return { code: 'SlowDown', status: 503, message: 'Please reduce your request rate.' };
    case 'iam':
    case 'sts':
    case 'cloudformation':
    case 'autoscaling':
    case 'elb':
    case 'elbv2':
    case 'rds':
    case 'sns':
    case 'cloudfront':
      return { code: 'Throttling', status: 400, message: 'Rate exceeded' };
    case 'lambda':
    case 'apigateway':
    case 'apigatewayv2':
    case 'account':
      return { code: 'TooManyRequestsException', status: 429, message: 'Rate exceeded' };
    case 'organizations':
      return { code: 'TooManyRequestsException', status: 400, message: 'AWS Organizations can not complete your request because another request is already in progress or the request rate is too high.' };
    default:
      return { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' };
  }
}

/** A random server-side failure of a service. */
export function serverErrorOf(service: string, draw: number): WireError {
  const unavailable = draw < 0.5;
  if (service === 'ec2' || service === 's3' || service === 's3control') {
    return unavailable
      ? { code: service === 'ec2' ? 'Unavailable' : 'ServiceUnavailable', status: 503, message: 'The server is temporarily unavailable.' }
      : { code: 'InternalError', status: 500, message: 'We encountered an internal error. Please try again.' };
  }
  return unavailable
    ? { code: 'ServiceUnavailable', status: 503, message: 'Service is unavailable.' }
    : { code: 'InternalFailure', status: 500, message: 'The request processing has failed because of an unknown error.' };
}

// ---- Latency ----------------------------------------------------------------------------------------

/** Round trip from the scanner (in us-east-1) to each region's endpoints, ms. */
const RTT: Record<string, number> = {
  'us-east-1': 4,
  'us-east-2': 14,
  'us-west-1': 62,
  'us-west-2': 68,
  'ca-central-1': 18,
  'sa-east-1': 115,
  'eu-west-1': 70,
  'eu-west-2': 76,
  'eu-west-3': 80,
  'eu-central-1': 88,
  'eu-north-1': 105,
  'ap-south-1': 185,
  'ap-northeast-1': 150,
  'ap-northeast-2': 175,
  'ap-northeast-3': 155,
  'ap-southeast-1': 215,
  'ap-southeast-2': 200,
};

/** Server time of an API before jitter, ms. */
function serviceTime(service: string, operation: string): number {
  if (service === 'cloudtrail' && operation === 'LookupEvents') return 180;
  if (service === 'iam' && operation === 'GetAccountAuthorizationDetails') return 250;
  if (service === 's3') return 25;
  if (service === 'ec2') return 70;
  if (service === 'iam' || service === 'organizations') return 60;
  return 45;
}

/**
 * One attempt's latency, ms: the region's round trip plus the API's server time times a log-normal jitter
 * (median 1, σ 0.35), tripled for 1% of attempts (a slow tail). `z` (standard normal) and `tail` (uniform)
 * are drawn from the request key and attempt, so the same attempt gets the same latency in every run.
 */
export function latencyOf(service: string, operation: string, region: string, z: number, tail: number): number {
  const base = serviceTime(service, operation) * Math.exp(0.35 * z) * (tail < 0.01 ? 3 : 1);
  return (RTT[region] ?? 120) + base;
}

/** The region's round trip from the scanner, ms (undefined: not one of the 17 default regions). */
export function rttOf(region: string): number | undefined {
  return RTT[region];
}

export const REGIONS_17 = Object.keys(RTT);
