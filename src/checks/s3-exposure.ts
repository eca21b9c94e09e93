// Who can reach an S3 bucket: the analysis 1.17 (appropriate access) and 1.18 (not public) share.
//
// Inputs (all read-only, one call each per bucket, memoized across checks):
//   account-level Block Public Access (s3control GetPublicAccessBlock), bucket-level BPA, GetBucketPolicyStatus
//   (AWS's own verdict on the policy: IsPublic), the policy document, the ACL, Object Ownership.
// Rules (S3 User Guide, "Blocking public access" / "The meaning of public"):
//   - A policy is public when AWS says so (IsPublic true) or when the tool's own reading finds an Allow
//     statement to everyone that no condition narrows. IsPublic is optional in the API: an absent verdict is
//     never read as "not public" — the own reading then decides alone.
//   - BPA flags combine account OR bucket. Only RestrictPublicBuckets neutralises an existing public policy
//     (it then also blocks every cross-account grant of that bucket) and only IgnorePublicAcls neutralises
//     existing public ACL grants; BlockPublicPolicy / BlockPublicAcls only refuse new ones.
//   - Object Ownership BucketOwnerEnforced disables ACLs: grants in the ACL no longer decide access.
//   - A policy statement is restricted when a positive condition pins a fixed (wildcard-free) value of a key
//     AWS accepts as narrowing (aws:SourceIp other than 0.0.0.0/0, aws:SourceVpc(e), aws:PrincipalOrgID, …),
//     or when a Deny to everyone covering every S3 action applies unless such a key has a fixed value (the
//     "deny outside my VPC endpoint / organization" pattern).
//   - Grants to AWS service principals, CloudFront identities and the LogDelivery group are not exposure.
//   - A bucket deleted after ListBuckets listed it (NoSuchBucket) can no longer be reached: it is reported so.
// A failed read decides only what depends on it: without the policy (or the bucket's region) nothing can be
// judged; without GetBucketPolicyStatus the own reading decides; an unknown ACL (or Object Ownership, when
// the ACL grants) leaves a not-met standing and turns only a met into `error`; an unknown bucket-level BPA
// leaves "not public" standing and turns only a public verdict into `error` (its settings might neutralise it).
import type { Bucket, GetBucketAclCommandOutput, PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import type { AwsData } from '../aws/index.js';
import type { Finding } from '../model.js';
import { AwsDataError } from '../errors.js';
import { errorFinding, findingFromError, met } from './define-check.js';
import { parsePolicyDocument } from './policy-document.js';
import { settle } from './settle.js';

/** Every IAM action scanBuckets needs (1.17 and 1.18 declare exactly these). */
export const S3_EXPOSURE_PERMISSIONS = [
  's3:ListAllMyBuckets',
  's3:GetBucketLocation',
  's3:GetAccountPublicAccessBlock',
  's3:GetBucketPublicAccessBlock',
  's3:GetBucketPolicyStatus',
  's3:GetBucketPolicy',
  's3:GetBucketAcl',
  's3:GetBucketOwnershipControls',
] as const;

export const BPA_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
export type Bpa = Record<(typeof BPA_FLAGS)[number], boolean>;

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
/** Canonical user of the awslogsdelivery account (CloudFront standard logs write through it). */
const AWS_LOGS_DELIVERY = 'c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0';

const RESTRICTING_KEYS = new Set(
  [
    'aws:SourceIp', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalAccount',
    'aws:PrincipalArn', 'aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOwner', 'aws:SourceOrgID', 'aws:SourceOrgPaths',
    'aws:userid', 's3:DataAccessPointAccount', 's3:DataAccessPointArn', 's3:x-amz-server-side-encryption-aws-kms-key-id',
  ].map((k) => k.toLowerCase()),
);
const POSITIVE_OPERATORS = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress']);
/** Their negations: a Deny under one of them denies everyone whose value differs from the fixed one. */
const NEGATED_OPERATORS = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike', 'NotIpAddress']);

export const bpaFlags = (cfg?: PublicAccessBlockConfiguration): Bpa =>
  Object.fromEntries(BPA_FLAGS.map((f) => [f, cfg?.[f] === true])) as Bpa;
export const mergeBpa = (a: Bpa, b: Bpa): Bpa => Object.fromEntries(BPA_FLAGS.map((f) => [f, a[f] || b[f]])) as Bpa;
export const bpaOff = (b: Bpa): string[] => BPA_FLAGS.filter((f) => !b[f]);

export interface PolicyGrant {
  sid: string;
  /** '*' for everyone, else the other account ids the statement names. */
  to: string[];
  actions: string[];
}

export interface PolicyGrants {
  public: PolicyGrant[];
  crossAccount: PolicyGrant[];
  /** Why the document could not be read (then both lists are empty: nothing is known). */
  unreadable?: string;
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Allow statements granting '*' (public) or other accounts (crossAccount) without a restricting condition. */
export function policyGrants(document: string | undefined, accountId: string): PolicyGrants {
  const out: PolicyGrants = { public: [], crossAccount: [] };
  if (document === undefined) return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return { ...out, unreadable: 'is not valid JSON' };
  }
  if (!isObject(parsed)) return { ...out, unreadable: 'is not a JSON object' };
  // The structure is held to IAM's grammar first (Statement objects, Effect, Action lists, Principal types):
  // a statement read leniently could hide a public grant, and a missing verdict is never read as "not public".
  const grammar = parsePolicyDocument(parsed);
  if (!grammar.ok) return { ...out, unreadable: `is malformed: ${grammar.reason}` };
  const statements = (Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]) as Record<string, any>[];
  const fences = statements.filter(deniesEveryoneOutside);
  statements.forEach((st, i) => {
    if (st.Effect !== 'Allow' || isRestricted(st.Condition, POSITIVE_OPERATORS)) return;
    // Narrowed only where a fence covers every resource the Allow names (a Deny on the bucket ARN alone
    // leaves a public GetObject on bucket/* in force).
    if (fences.some((fence) => covers(fence, st))) return;
    const grant = (to: string[]): PolicyGrant => ({ sid: st.Sid ?? `#${i + 1}`, to, actions: list(st.Action ?? st.NotAction) });
    const principals = st.NotPrincipal !== undefined ? ['*'] : st.Principal === '*' ? ['*'] : list(st.Principal?.AWS);
    const others = [...new Set(principals.map(accountOf).filter((a): a is string => a !== undefined && a !== accountId))];
    if (principals.includes('*')) out.public.push(grant(['*']));
    else if (others.length > 0) out.crossAccount.push(grant(others));
  });
  return out;
}

/**
 * A Deny to everyone, of every S3 action, unless a narrowing key has a fixed value (StringNotEquals
 * aws:SourceVpce vpce-…, aws:PrincipalOrgID o-…): whatever the Allow statements grant, only the VPC endpoint
 * or organization can use it.
 */
function deniesEveryoneOutside(st: Record<string, any>): boolean {
  const everyone = st.Principal === '*' || list(st.Principal?.AWS).includes('*');
  const everyAction = st.NotAction === undefined && list(st.Action).some((a) => a === '*' || a.toLowerCase() === 's3:*');
  return st.Effect === 'Deny' && everyone && everyAction && isRestricted(st.Condition, NEGATED_OPERATORS);
}

/** The Deny's Resource (never a NotResource) matches every Resource of the Allow (which has no NotResource). */
function covers(deny: Record<string, any>, allow: Record<string, any>): boolean {
  if (deny.NotResource !== undefined || allow.NotResource !== undefined) return false;
  const denied = list(deny.Resource);
  const matches = (pattern: string, resource: string) =>
    pattern === '*' || pattern === resource || (pattern.endsWith('*') && !pattern.slice(0, -1).includes('*') && resource.startsWith(pattern.slice(0, -1)));
  const allowed = list(allow.Resource);
  return allowed.length > 0 && allowed.every((r) => denied.some((d) => matches(d, r)));
}

/** 123456789012, arn:aws:iam::123456789012:root|role/…|user/…, arn:aws:sts::123456789012:assumed-role/… */
function accountOf(principal: string): string | undefined {
  return /^(\d{12})$/.exec(principal)?.[1] ?? /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

/**
 * A condition under one of these operators pins a restricting key to fixed values. An Allow narrowed by
 * …IfExists or ForAllValues: still matches requests without the key, so it does not narrow; a Deny under a
 * negated …IfExists operator also denies requests without the key, so it narrows all the same.
 */
function isRestricted(condition: unknown, operators: ReadonlySet<string>): boolean {
  if (!isObject(condition)) return false;
  return Object.entries(condition).some(([operator, pairs]) => {
    const op = operator.replace(/^ForAnyValue:/, '').replace(/(Not\w*)IfExists$/, '$1');
    if (!operators.has(op) || !isObject(pairs)) return false;
    return Object.entries(pairs).some(([key, value]) => {
      const values = list(value);
      return RESTRICTING_KEYS.has(key.toLowerCase()) && values.length > 0 && values.every(fixedValue);
    });
  });
}

const fixedValue = (v: string) => !/[*?]|\$\{/.test(v) && v !== '0.0.0.0/0' && v !== '::/0';

export interface AclGrant {
  grantee: string;
  permission: string;
}

/** ACL grants that reach beyond the owner: public groups, and other AWS accounts (canonical users, e-mail). */
export function aclGrants(acl: GetBucketAclCommandOutput): { public: AclGrant[]; otherAccounts: AclGrant[] } {
  const out = { public: [] as AclGrant[], otherAccounts: [] as AclGrant[] };
  for (const g of acl.Grants ?? []) {
    const { Type, URI, ID, EmailAddress } = g.Grantee ?? {};
    const grant = (grantee: string) => ({ grantee, permission: g.Permission ?? 'unknown' });
    if (Type === 'Group' && (URI === ALL_USERS || URI === AUTHENTICATED_USERS)) out.public.push(grant(URI.split('/').pop()!));
    else if (Type === 'CanonicalUser' && ID && ID !== acl.Owner?.ID && ID !== AWS_LOGS_DELIVERY) out.otherAccounts.push(grant(`canonical user ${ID}`));
    else if (Type === 'AmazonCustomerByEmail') out.otherAccounts.push(grant(`e-mail ${EmailAddress ?? '?'}`));
    else if (Type === 'Group' && URI !== LOG_DELIVERY && URI) out.otherAccounts.push(grant(URI));
  }
  return out;
}

/** "AllUsers READ, canonical user 79a5… FULL_CONTROL" */
export const describeGrants = (grants: readonly AclGrant[]): string => grants.map((g) => `${g.grantee} ${g.permission}`).join(', ');

export interface BucketExposure {
  name: string;
  arn: string;
  region: string;
  /** Effective BPA (account OR bucket); account is undefined when it could not be read. */
  bpa: { effective: Bpa; bucket: Bpa; account?: Bpa };
  ownership: string;
  aclsEnabled: boolean;
  /** The bucket has a policy (GetBucketPolicy answered one). */
  hasPolicy: boolean;
  /** AWS's verdict (GetBucketPolicyStatus.IsPublic), before BPA; undefined when it gave none. */
  policyStatus?: boolean;
  /** The policy is public, before BPA: AWS says so, or one of its statements grants everyone access. */
  policyIsPublic: boolean;
  policy: PolicyGrants;
  acl: { public: AclGrant[]; otherAccounts: AclGrant[] };
  /** Public through the policy / the ACL once BPA is applied. */
  publicViaPolicy: boolean;
  publicViaAcl: boolean;
  /** Cross-account policy grants still in force (RestrictPublicBuckets on a public policy blocks them). */
  crossAccountInForce: boolean;
  /** Public by what was read, while a BPA level that might neutralise it (account or bucket) is unknown. */
  undetermined: boolean;
  /** Why the bucket-level BPA is unknown (its read failed); the account's BPA error is the caller's. */
  bucketBpaError?: AwsDataError;
  /** Why the ACL's grants are unknown (its read, or Object Ownership's when the ACL grants something, failed). */
  aclError?: AwsDataError;
  /** Side reads that failed without deciding anything (GetBucketPolicyStatus: the own reading decides). */
  notRead: string[];
}

/**
 * Gathers and analyses one bucket. Its region and policy document are needed for any verdict: their failure
 * (or a NoSuchBucket from any read) is thrown. The other reads settle: a failed one is recorded and decides
 * only what depends on it (a denied GetBucketAcl cannot undo a public policy).
 */
export async function bucketExposure(aws: AwsData, bucket: Bucket, accountId: string, partition: string, accountBpa?: Bpa): Promise<BucketExposure> {
  const name = bucket.Name!;
  const [region, document, status, acl, bucketPab, ownershipControls] = await Promise.all([
    aws.s3.bucketRegion(bucket),
    aws.s3.policy(bucket),
    settle(aws.s3.policyStatus(bucket)),
    settle(aws.s3.acl(bucket)),
    settle(aws.s3.publicAccessBlock(bucket)),
    settle(aws.s3.ownershipControls(bucket)),
  ]);
  const gone = [status, acl, bucketPab, ownershipControls].find((r) => !r.ok && isNoSuchBucket(r.error));
  if (gone && !gone.ok) throw gone.error;
  const bucketBpa = bpaFlags(bucketPab.ok ? bucketPab.value : undefined);
  const effective = mergeBpa(bucketBpa, accountBpa ?? bpaFlags());
  const ownership = ownershipControls.ok
    ? (ownershipControls.value?.Rules?.[0]?.ObjectOwnership ?? 'ObjectWriter (no ownership controls)')
    : 'unknown (Object Ownership could not be read)';
  const aclsEnabled = ownership !== 'BucketOwnerEnforced';
  const read = acl.ok ? aclGrants(acl.value) : { public: [], otherAccounts: [] };
  const grantsSomething = read.public.length + read.otherAccounts.length > 0;
  // ACL grants count when ACLs are enabled; unknown when the ACL is, or when Object Ownership is and the ACL grants.
  const aclError = !acl.ok && aclsEnabled ? acl.error : !ownershipControls.ok && grantsSomething ? ownershipControls.error : undefined;
  const grants = aclsEnabled && !aclError ? read : { public: [], otherAccounts: [] };
  const policy = policyGrants(document, accountId);
  const policyStatus = status.ok && typeof status.value?.IsPublic === 'boolean' ? status.value.IsPublic : undefined;
  const policyIsPublic = policyStatus === true || policy.public.length > 0;
  const publicViaPolicy = policyIsPublic && !effective.RestrictPublicBuckets;
  const publicViaAcl = grants.public.length > 0 && !effective.IgnorePublicAcls;
  return {
    name,
    arn: `arn:${partition}:s3:::${name}`,
    region,
    bpa: { effective, bucket: bucketBpa, account: accountBpa },
    ownership,
    aclsEnabled,
    hasPolicy: document !== undefined,
    policyStatus,
    policyIsPublic,
    policy,
    acl: grants,
    publicViaPolicy,
    publicViaAcl,
    crossAccountInForce: policy.crossAccount.length > 0 && !(policyIsPublic && effective.RestrictPublicBuckets),
    undetermined: (accountBpa === undefined || !bucketPab.ok) && (publicViaPolicy || publicViaAcl),
    ...(bucketPab.ok ? {} : { bucketBpaError: bucketPab.error }),
    ...(aclError ? { aclError } : {}),
    notRead: status.ok ? [] : [status.error.message],
  };
}

/** Facts for a finding's evidence: what decided, never the policy text itself. */
export function exposureEvidence(e: BucketExposure): Record<string, unknown> {
  return {
    region: e.region,
    blockPublicAccessOff: e.bpa.account ? bpaOff(e.bpa.effective) : 'account-level settings unknown',
    bucketBlockPublicAccessOff: bpaOff(e.bpa.bucket),
    objectOwnership: e.ownership,
    policyStatusIsPublic: e.hasPolicy || e.policyStatus !== undefined ? (e.policyStatus ?? 'not given') : 'no policy',
    policyIsPublic: e.policyIsPublic,
    ...(e.policy.unreadable ? { policyUnreadable: e.policy.unreadable } : {}),
    publicPolicyStatements: e.policy.public,
    crossAccountPolicyStatements: e.policy.crossAccount,
    publicAclGrants: e.acl.public,
    otherAccountAclGrants: e.acl.otherAccounts,
    ...(e.aclError ? { aclGrants: `unknown: ${e.aclError.message}` } : {}),
    ...(e.bucketBpaError ? { bucketBlockPublicAccess: `unknown: ${e.bucketBpaError.message}` } : {}),
    ...(e.notRead.length ? { notRead: e.notRead } : {}),
  };
}

/** The statements that make the policy public, or AWS's verdict when only GetBucketPolicyStatus says so. */
export const publicStatements = (e: BucketExposure): string =>
  e.policy.public.length > 0 ? e.policy.public.map((g) => g.sid).join(', ') : 'per GetBucketPolicyStatus';

/** A bucket public by what was read while a Block Public Access level that might neutralise it is unreadable. */
export function undeterminedFinding(accountError: unknown, e: BucketExposure): Finding {
  const bucketLevel = e.bucketBpaError !== undefined && e.bpa.account !== undefined;
  const f = findingFromError(bucketLevel ? e.bucketBpaError : accountError, e.arn);
  const why = bucketLevel
    ? `bucket ${e.name} is public by its policy or ACL unless its own Block Public Access settings neutralise it`
    : `bucket ${e.name} is public by its own settings unless account-level Block Public Access neutralises it`;
  return { ...f, message: `${f.message}: ${why}`, evidence: exposureEvidence(e) };
}

/** A bucket nothing else exposes, when its ACL's grants are unknown (a not-met verdict stands without them). */
export function aclUnknownFinding(e: BucketExposure): Finding {
  const f = findingFromError(e.aclError, e.arn);
  return { ...f, message: `${f.message}: whether the ACL of bucket ${e.name} grants access is unknown (nothing else does)`, evidence: exposureEvidence(e) };
}

/** A bucket whose verdict needs its policy, when the policy document cannot be read. */
export function unreadablePolicyFinding(e: BucketExposure): Finding {
  return { ...errorFinding(e.arn, `could not tell: the bucket policy of ${e.name} ${e.policy.unreadable}`), evidence: exposureEvidence(e) };
}

export interface ExposureScan {
  /** Account-level BPA, or the error that kept it from being read. */
  account: { bpa?: Bpa; error?: unknown };
  /** One entry per bucket: its exposure, the error of one of its reads, or gone (deleted since it was listed). */
  buckets: { name: string; arn: string; exposure?: BucketExposure; error?: unknown; gone?: boolean }[];
}

/** Lists the buckets once (ListBuckets failing fails the check) and analyses each; one bucket's failure stays its own. */
export async function scanBuckets(aws: AwsData, accountId: string, partition: string): Promise<ExposureScan> {
  const [buckets, account] = await Promise.all([
    aws.s3.buckets(),
    aws.s3.accountPublicAccessBlock(accountId).then(
      (cfg): ExposureScan['account'] => ({ bpa: bpaFlags(cfg) }),
      (error: unknown): ExposureScan['account'] => ({ error }),
    ),
  ]);
  const results = await Promise.all(
    buckets.map(async (b) => {
      const arn = `arn:${partition}:s3:::${b.Name}`;
      try {
        return { name: b.Name!, arn, exposure: await bucketExposure(aws, b, accountId, partition, account.bpa) };
      } catch (error) {
        return isNoSuchBucket(error) ? { name: b.Name!, arn, gone: true } : { name: b.Name!, arn, error };
      }
    }),
  );
  return { account, buckets: results };
}

/** The data layer's failure for a bucket that does not exist (any more): S3 error code NoSuchBucket. */
export function isNoSuchBucket(err: unknown): boolean {
  return err instanceof AwsDataError && /: NoSuchBucket:/.test(err.message);
}

/** How a check decides one bucket: told whether thresholds.publicBuckets lists it, and why account BPA is unknown. */
export type BucketJudge = (e: BucketExposure, context: { allowListed: boolean; accountError: unknown }) => Finding;

/**
 * One finding per bucket of the scan, or one met finding on the root ARN when the account has none. A bucket
 * whose reads failed → its error; deleted since it was listed → met (it can no longer be reached); otherwise
 * `judge` decides (including buckets whose verdict depends on an unreadable account BPA or policy).
 */
export function bucketFindings(scan: ExposureScan, rootArn: string, publicBuckets: readonly string[], judge: BucketJudge): Finding[] {
  if (scan.buckets.length === 0) return [met(rootArn, 'The account has no S3 buckets.')];
  return scan.buckets.map((b) => {
    if (b.gone) return met(b.arn, `Bucket ${b.name} no longer exists (NoSuchBucket): deleted after it was listed.`);
    if (!b.exposure) return findingFromError(b.error, b.arn);
    return judge(b.exposure, { allowListed: publicBuckets.includes(b.name), accountError: scan.account.error });
  });
}
