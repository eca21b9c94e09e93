// Who can reach an S3 bucket: the analysis 1.17 (appropriate access) and 1.18 (not public) share.
//
// Inputs (all read-only, one call each per bucket, memoized across checks):
//   account-level Block Public Access (s3control GetPublicAccessBlock), bucket-level BPA, GetBucketPolicyStatus
//   (AWS's own verdict on the policy: IsPublic), the policy document, the ACL, Object Ownership.
// Rules (S3 User Guide, "Blocking public access" / "The meaning of public"):
//   - BPA flags combine account OR bucket. Only RestrictPublicBuckets neutralises an existing public policy
//     (it then also blocks every cross-account grant of that bucket) and only IgnorePublicAcls neutralises
//     existing public ACL grants; BlockPublicPolicy / BlockPublicAcls only refuse new ones.
//   - Object Ownership BucketOwnerEnforced disables ACLs: grants in the ACL no longer decide access.
//   - A policy statement is restricted when a positive condition pins a fixed (wildcard-free) value of a key
//     AWS accepts as narrowing (aws:SourceIp other than 0.0.0.0/0, aws:SourceVpc(e), aws:PrincipalOrgID, …).
//   - Grants to AWS service principals, CloudFront identities and the LogDelivery group are not exposure.
import type { Bucket, GetBucketAclCommandOutput, PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import type { AwsData } from '../aws/index.js';
import type { Finding } from '../model.js';
import { findingFromError, met } from './define-check.js';

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

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** Allow statements granting '*' (public) or other accounts (crossAccount) without a restricting condition. */
export function policyGrants(document: string | undefined, accountId: string): { public: PolicyGrant[]; crossAccount: PolicyGrant[] } {
  const out = { public: [] as PolicyGrant[], crossAccount: [] as PolicyGrant[] };
  if (!document) return out;
  const parsed = JSON.parse(document) as { Statement?: unknown };
  const statements = (Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]) as Record<string, any>[];
  statements.forEach((st, i) => {
    if (!st || st.Effect !== 'Allow' || isRestricted(st.Condition)) return;
    const grant = (to: string[]): PolicyGrant => ({ sid: st.Sid ?? `#${i + 1}`, to, actions: list(st.Action ?? st.NotAction) });
    const principals = st.NotPrincipal !== undefined ? ['*'] : st.Principal === '*' ? ['*'] : list(st.Principal?.AWS);
    const others = [...new Set(principals.map(accountOf).filter((a): a is string => a !== undefined && a !== accountId))];
    if (principals.includes('*')) out.public.push(grant(['*']));
    else if (others.length > 0) out.crossAccount.push(grant(others));
  });
  return out;
}

/** 123456789012, arn:aws:iam::123456789012:root|role/…|user/…, arn:aws:sts::123456789012:assumed-role/… */
function accountOf(principal: string): string | undefined {
  return /^(\d{12})$/.exec(principal)?.[1] ?? /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

function isRestricted(condition: Record<string, Record<string, unknown>> | undefined): boolean {
  return Object.entries(condition ?? {}).some(([operator, pairs]) => {
    const op = operator.replace(/^ForAnyValue:/, '');
    if (!POSITIVE_OPERATORS.has(op)) return false; // negations, …IfExists and ForAllValues: do not narrow
    return Object.entries(pairs ?? {}).some(([key, value]) => {
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
  /** AWS's verdict (GetBucketPolicyStatus.IsPublic), before BPA. */
  policyIsPublic: boolean;
  policy: { public: PolicyGrant[]; crossAccount: PolicyGrant[] };
  acl: { public: AclGrant[]; otherAccounts: AclGrant[] };
  /** Public through the policy / the ACL once BPA is applied. */
  publicViaPolicy: boolean;
  publicViaAcl: boolean;
  /** Cross-account policy grants still in force (RestrictPublicBuckets on a public policy blocks them). */
  crossAccountInForce: boolean;
  /** Public by bucket-level facts alone while account BPA is unknown: the account settings might neutralise it. */
  undetermined: boolean;
}

/** Gathers and analyses one bucket. Throws the data layer's error when one of the bucket's reads fails. */
export async function bucketExposure(aws: AwsData, bucket: Bucket, accountId: string, partition: string, accountBpa?: Bpa): Promise<BucketExposure> {
  const name = bucket.Name!;
  const [region, document, status, acl, bucketPab, ownershipControls] = await Promise.all([
    aws.s3.bucketRegion(bucket),
    aws.s3.policy(bucket),
    aws.s3.policyStatus(bucket),
    aws.s3.acl(bucket),
    aws.s3.publicAccessBlock(bucket),
    aws.s3.ownershipControls(bucket),
  ]);
  const bucketBpa = bpaFlags(bucketPab);
  const effective = mergeBpa(bucketBpa, accountBpa ?? bpaFlags());
  const ownership = ownershipControls?.Rules?.[0]?.ObjectOwnership ?? 'ObjectWriter (no ownership controls)';
  const aclsEnabled = ownership !== 'BucketOwnerEnforced';
  const grants = aclsEnabled ? aclGrants(acl) : { public: [], otherAccounts: [] };
  const policyIsPublic = status?.IsPublic === true;
  const publicViaPolicy = policyIsPublic && !effective.RestrictPublicBuckets;
  const publicViaAcl = grants.public.length > 0 && !effective.IgnorePublicAcls;
  const policy = policyGrants(document, accountId);
  return {
    name,
    arn: `arn:${partition}:s3:::${name}`,
    region,
    bpa: { effective, bucket: bucketBpa, account: accountBpa },
    ownership,
    aclsEnabled,
    policyIsPublic,
    policy,
    acl: grants,
    publicViaPolicy,
    publicViaAcl,
    crossAccountInForce: policy.crossAccount.length > 0 && !(policyIsPublic && effective.RestrictPublicBuckets),
    undetermined: accountBpa === undefined && (publicViaPolicy || publicViaAcl),
  };
}

/** Facts for a finding's evidence: what decided, never the policy text itself. */
export function exposureEvidence(e: BucketExposure): Record<string, unknown> {
  return {
    region: e.region,
    blockPublicAccessOff: e.bpa.account ? bpaOff(e.bpa.effective) : 'account-level settings unknown',
    bucketBlockPublicAccessOff: bpaOff(e.bpa.bucket),
    objectOwnership: e.ownership,
    policyIsPublic: e.policyIsPublic,
    publicPolicyStatements: e.policy.public,
    crossAccountPolicyStatements: e.policy.crossAccount,
    publicAclGrants: e.acl.public,
    otherAccountAclGrants: e.acl.otherAccounts,
  };
}

/** A bucket public by its own settings while the account-level BPA that might neutralise it is unreadable. */
export function undeterminedFinding(accountError: unknown, e: BucketExposure): Finding {
  const f = findingFromError(accountError, e.arn);
  const why = `bucket ${e.name} is public by its own settings unless account-level Block Public Access neutralises it`;
  return { ...f, message: `${f.message}: ${why}`, evidence: exposureEvidence(e) };
}

export interface ExposureScan {
  /** Account-level BPA, or the error that kept it from being read. */
  account: { bpa?: Bpa; error?: unknown };
  /** One entry per bucket: its exposure, or the error of one of its reads. */
  buckets: { name: string; arn: string; exposure?: BucketExposure; error?: unknown }[];
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
        return { name: b.Name!, arn, error };
      }
    }),
  );
  return { account, buckets: results };
}

/**
 * One finding per bucket of the scan, or one met finding on the root ARN when the account has none. A bucket
 * whose reads failed → its error; public by its own settings while account BPA is unreadable → error
 * (undeterminedFinding); otherwise `judge` decides, told whether thresholds.publicBuckets lists the bucket.
 */
export function bucketFindings(
  scan: ExposureScan,
  rootArn: string,
  publicBuckets: readonly string[],
  judge: (e: BucketExposure, allowListed: boolean) => Finding,
): Finding[] {
  if (scan.buckets.length === 0) return [met(rootArn, 'The account has no S3 buckets.')];
  return scan.buckets.map((b) => {
    if (!b.exposure) return findingFromError(b.error, b.arn);
    if (b.exposure.undetermined) return undeterminedFinding(scan.account.error, b.exposure);
    return judge(b.exposure, publicBuckets.includes(b.name));
  });
}
