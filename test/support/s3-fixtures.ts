// Fixture builder for the S3 access checks (1.17, 1.18): one account, its account-level Block Public
// Access and a few buckets, written as the replayed responses the data layer asks for.
import { awsError, DENIED, type CheckCase } from './check-tester.js';

export const OWNER_ID = 'ownercanonicalid';
export const bucketArn = (name: string) => `arn:aws:s3:::${name}`;

type Flags = Partial<Record<'BlockPublicAcls' | 'IgnorePublicAcls' | 'BlockPublicPolicy' | 'RestrictPublicBuckets', boolean>>;
export const BPA_ALL: Flags = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

export interface BucketSpec {
  region?: string;
  /** false: ListBuckets gives no BucketRegion, so GetBucketLocation is asked. */
  listedRegion?: boolean;
  policy?: object[];
  /** The policy document as GetBucketPolicy returns it, verbatim (malformed documents). */
  rawPolicy?: string;
  /** GetBucketPolicyStatus.IsPublic (only with a policy); 'absent': a PolicyStatus without IsPublic. */
  isPublic?: boolean | 'absent';
  grants?: object[];
  bpa?: Flags;
  ownership?: string;
  /** Operations of this bucket answering AccessDenied. */
  denied?: string[];
  /** Deleted after ListBuckets listed it: every bucket-level read answers NoSuchBucket. */
  gone?: boolean;
}

/** A bucket with full Block Public Access and ACLs disabled, nothing in its policy or ACL. */
export const PRIVATE_BUCKET: BucketSpec = { bpa: BPA_ALL, ownership: 'BucketOwnerEnforced' };

/**
 * The cannotTell cases both S3 access checks share: ListBuckets denied, and each bucket-level read denied
 * for one bucket (logs, beside a private one) — an error for that bucket alone, naming the IAM action.
 */
export function bucketReadsDenied(): CheckCase[] {
  const perBucket = [
    ['GetBucketPolicyStatus', 's3:GetBucketPolicyStatus'],
    ['GetBucketPolicy', 's3:GetBucketPolicy'],
    ['GetBucketAcl', 's3:GetBucketAcl'],
    ['GetPublicAccessBlock', 's3:GetBucketPublicAccessBlock'],
    ['GetBucketOwnershipControls', 's3:GetBucketOwnershipControls'],
    ['GetBucketLocation', 's3:GetBucketLocation'],
  ] as const;
  return [
    {
      name: 'listBucketsDenied',
      responses: { ...s3Account(BPA_ALL, {}), 's3:ListBuckets': DENIED },
      expect: { resources: ['s3:ListBuckets'], missingPermission: 's3:ListAllMyBuckets' },
    },
    ...perBucket.map(([op, action]) => ({
      name: `oneBucket${op}Denied`,
      responses: s3Account(BPA_ALL, { data: PRIVATE_BUCKET, logs: { listedRegion: false, denied: [op] } }),
      expect: { resources: [bucketArn('logs')], missingPermission: action },
    })),
  ];
}

export const publicRead = (Principal: unknown = '*', Condition?: object) => ({
  Sid: 'PublicRead',
  Effect: 'Allow',
  Principal,
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::x/*',
  ...(Condition ? { Condition } : {}),
});
export const partnerRead = (account = '444455556666', Condition?: object) => ({
  Sid: 'PartnerRead',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${account}:root` },
  Action: ['s3:GetObject', 's3:ListBucket'],
  Resource: ['arn:aws:s3:::x', 'arn:aws:s3:::x/*'],
  ...(Condition ? { Condition } : {}),
});
const NO_SUCH_BUCKET = awsError('NoSuchBucket', 'The specified bucket does not exist', 404);

/** Denies everyone every S3 action unless the condition key has this value (the VPC-endpoint / organization pattern). */
export const denyOutside = (key: string, value: string) => ({
  Sid: 'DenyOutside',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: ['arn:aws:s3:::x', 'arn:aws:s3:::x/*'],
  Condition: { StringNotEquals: { [key]: value } },
});
export const allUsersRead = { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' };
export const otherAccountGrant = { Grantee: { Type: 'CanonicalUser', ID: 'partnercanonicalid' }, Permission: 'READ' };

/** Account-level BPA: flags, 'none' (never configured), or 'denied'. */
export function s3Account(account: Flags | 'none' | 'denied', buckets: Record<string, BucketSpec>, accountId = '123456789012'): Record<string, unknown> {
  const r: Record<string, unknown> = {
    's3:ListBuckets': {
      Buckets: Object.entries(buckets).map(([Name, b]) => ({ Name, ...(b.listedRegion === false ? {} : { BucketRegion: b.region ?? 'us-east-1' }) })),
    },
    [`s3control:GetPublicAccessBlock {"AccountId":"${accountId}"}`]:
      account === 'denied' ? DENIED : account === 'none' ? awsError('NoSuchPublicAccessBlockConfiguration', 'none', 404) : { PublicAccessBlockConfiguration: account },
  };
  for (const [name, b] of Object.entries(buckets)) {
    const region = b.region ?? 'us-east-1';
    const key = (op: string) => `s3:${op}@${region} {"Bucket":"${name}"}`;
    const answers: Record<string, unknown> = {
      GetBucketPolicy:
        b.rawPolicy !== undefined
          ? { Policy: b.rawPolicy }
          : b.policy
            ? { Policy: JSON.stringify({ Version: '2012-10-17', Statement: b.policy }) }
            : awsError('NoSuchBucketPolicy', 'none', 404),
      GetBucketPolicyStatus:
        b.policy || b.rawPolicy !== undefined
          ? { PolicyStatus: b.isPublic === 'absent' ? {} : { IsPublic: b.isPublic ?? false } }
          : awsError('NoSuchBucketPolicy', 'none', 404),
      GetBucketAcl: {
        Owner: { ID: OWNER_ID },
        Grants: [{ Grantee: { Type: 'CanonicalUser', ID: OWNER_ID }, Permission: 'FULL_CONTROL' }, ...(b.grants ?? [])],
      },
      GetPublicAccessBlock: b.bpa ? { PublicAccessBlockConfiguration: b.bpa } : awsError('NoSuchPublicAccessBlockConfiguration', 'none', 404),
      GetBucketOwnershipControls: b.ownership
        ? { OwnershipControls: { Rules: [{ ObjectOwnership: b.ownership }] } }
        : awsError('OwnershipControlsNotFoundError', 'none', 404),
    };
    const fail = (op: string) => (b.gone ? NO_SUCH_BUCKET : b.denied?.includes(op) ? DENIED : undefined);
    for (const [op, answer] of Object.entries(answers)) r[key(op)] = fail(op) ?? answer;
    if (b.listedRegion === false) {
      r[`s3:GetBucketLocation {"Bucket":"${name}"}`] = fail('GetBucketLocation') ?? { LocationConstraint: region === 'us-east-1' ? null : region };
    }
  }
  return r;
}
