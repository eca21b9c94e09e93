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

/** A bucket public by its policy alone (ACLs enabled, no BPA of its own). */
const POLICY_PUBLIC: BucketSpec = {
  policy: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }],
  isPublic: true,
  ownership: 'ObjectWriter',
};

/**
 * The cannotTell cases both S3 access checks share (account BPA not configured, so nothing is neutralised):
 * ListBuckets denied; a bucket's policy or location denied (every verdict needs them); its ACL denied while
 * ACLs are enabled and nothing else exposes it; its BPA denied while it is public by its policy (its own
 * settings might neutralise that); its Object Ownership denied while its ACL grants (whether they count
 * is unknown). Each an error for that bucket alone, naming the IAM action; the private bucket beside it
 * stays met.
 */
/** `root`: the account's own met finding, when the check gives one (1.18). */
export function bucketReadsDenied(root: string[] = []): CheckCase[] {
  const cases: [string, string, BucketSpec][] = [
    ['GetBucketPolicy', 's3:GetBucketPolicy', { denied: ['GetBucketPolicy'] }],
    ['GetBucketLocation', 's3:GetBucketLocation', { listedRegion: false, denied: ['GetBucketLocation'] }],
    ['GetBucketAcl', 's3:GetBucketAcl', { ownership: 'ObjectWriter', denied: ['GetBucketAcl'] }],
    ['GetPublicAccessBlock', 's3:GetBucketPublicAccessBlock', { ...POLICY_PUBLIC, denied: ['GetPublicAccessBlock'] }],
    ['GetBucketOwnershipControls', 's3:GetBucketOwnershipControls', { grants: [allUsersRead], denied: ['GetBucketOwnershipControls'] }],
  ];
  return [
    {
      name: 'listBucketsDenied',
      responses: { ...s3Account(BPA_ALL, {}), 's3:ListBuckets': DENIED },
      expect: { resources: ['s3:ListBuckets'], missingPermission: 's3:ListAllMyBuckets' },
    },
    ...cases.map(([op, action, spec]) => ({
      name: `oneBucket${op}Denied`,
      responses: s3Account('none', { data: PRIVATE_BUCKET, logs: spec }),
      expect: { resources: [bucketArn('logs')], metResources: [...root, bucketArn('data')], missingPermission: action },
    })),
  ];
}

/**
 * Side reads whose failure decides nothing here (a failed call must not erase a verdict that stands
 * without it): the own reading of a public policy stands without GetBucketPolicyStatus or the ACL; a
 * private bucket is not public whatever its BPA or Object Ownership (with no ACL grant) says.
 */
export function bucketSideReadsDenied(root: string[] = []): { met: CheckCase[]; notMet: CheckCase[] } {
  const site = (denied: string[]) => ({ ...POLICY_PUBLIC, denied });
  return {
    notMet: [
      {
        name: 'publicPolicyStandsWithoutItsAclOrPolicyStatus',
        responses: s3Account('none', { data: PRIVATE_BUCKET, site: site(['GetBucketAcl', 'GetBucketPolicyStatus']) }),
        expect: { resources: [bucketArn('site')], metResources: [...root, bucketArn('data')], message: 'PublicRead' },
      },
    ],
    met: [
      {
        name: 'privateBucketStandsWithoutItsPolicyStatusBpaOrOwnership',
        responses: s3Account(BPA_ALL, {
          data: { ...PRIVATE_BUCKET, denied: ['GetBucketPolicyStatus'] },
          logs: { ...PRIVATE_BUCKET, denied: ['GetPublicAccessBlock'] },
          old: { denied: ['GetBucketOwnershipControls'] },
        }),
        expect: { metResources: [...root, bucketArn('data'), bucketArn('logs'), bucketArn('old')] },
      },
    ],
  };
}

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
