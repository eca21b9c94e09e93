// Amazon S3. ListBuckets is account-wide (sent to the home region, keyed without one); every
// bucket-level call is sent to the bucket's own region (bucketRegion()), so no redirects are needed.
// Optional configuration that is absent (no policy, no Block Public Access …) resolves to undefined.
import type {
  Bucket,
  GetBucketAclCommandOutput,
  GetBucketEncryptionCommandOutput,
  GetBucketLocationCommandOutput,
  GetBucketLoggingCommandOutput,
  GetBucketOwnershipControlsCommandOutput,
  GetBucketPolicyCommandOutput,
  GetBucketPolicyStatusCommandOutput,
  GetBucketVersioningCommandOutput,
  GetPublicAccessBlockCommandOutput,
  ListBucketsCommandOutput,
} from '@aws-sdk/client-s3';
import type { GetPublicAccessBlockCommandOutput as AccountPabOutput } from '@aws-sdk/client-s3-control';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { bool, id, list, maybe, obj, present, shapeOf, str } from '../shapes.js';

const blockPublicAccess = maybe({ BlockPublicAcls: bool, IgnorePublicAcls: bool, BlockPublicPolicy: bool, RestrictPublicBuckets: bool });

export const s3 = defineService({
  name: 's3',
  iamPrefix: 's3',
  load: () => sdkPackage<typeof import('@aws-sdk/client-s3')>('@aws-sdk/client-s3'),
  client: 'S3Client',
  listsAlwaysSent: true,
  operations: {
    // Without MaxBuckets, ListBuckets is the legacy unpaginated call: its buckets carry no BucketRegion (so each
    // bucket would cost a GetBucketLocation) and S3 rejects it for accounts whose bucket quota is above 10,000.
    // The paginator's page size sends MaxBuckets on every page (the call key stays `s3:ListBuckets`).
    ListBuckets: {
      command: 'ListBucketsCommand',
      paginator: (sdk) => (config, input) => sdk.paginateListBuckets({ ...config, pageSize: 1000 }, input),
      items: ['Buckets'],
      action: 's3:ListAllMyBuckets',
      global: true,
      shape: shapeOf<ListBucketsCommandOutput>()({ Buckets: list(obj({ Name: id, BucketRegion: str })) }),
    },
    // us-east-1 buckets answer no LocationConstraint (null in the API reference's words).
    GetBucketLocation: {
      command: 'GetBucketLocationCommand',
      global: true,
      shape: shapeOf<GetBucketLocationCommandOutput>()({ LocationConstraint: z.string().nullable().optional() }),
    },
    GetBucketVersioning: { command: 'GetBucketVersioningCommand', shape: shapeOf<GetBucketVersioningCommandOutput>()({ Status: str, MFADelete: str }) },
    // A bucket without a policy answers NoSuchBucketPolicy; an answer always carries the document.
    GetBucketPolicy: {
      command: 'GetBucketPolicyCommand',
      absent: ['NoSuchBucketPolicy'],
      shape: shapeOf<GetBucketPolicyCommandOutput>()({ Policy: present(z.string()) }),
    },
    GetBucketPolicyStatus: {
      command: 'GetBucketPolicyStatusCommand',
      absent: ['NoSuchBucketPolicy'],
      shape: shapeOf<GetBucketPolicyStatusCommandOutput>()({ PolicyStatus: maybe({ IsPublic: bool }) }),
    },
    GetBucketAcl: {
      command: 'GetBucketAclCommand',
      shape: shapeOf<GetBucketAclCommandOutput>()({
        Owner: maybe({ ID: str }),
        Grants: list(obj({ Grantee: maybe({ Type: z.string(), URI: str, ID: str, EmailAddress: str }), Permission: str })),
      }),
    },
    GetPublicAccessBlock: {
      command: 'GetPublicAccessBlockCommand',
      action: 's3:GetBucketPublicAccessBlock',
      absent: ['NoSuchPublicAccessBlockConfiguration'],
      shape: shapeOf<GetPublicAccessBlockCommandOutput>()({ PublicAccessBlockConfiguration: blockPublicAccess }),
    },
    GetBucketEncryption: {
      command: 'GetBucketEncryptionCommand',
      action: 's3:GetEncryptionConfiguration',
      absent: ['ServerSideEncryptionConfigurationNotFoundError'],
      shape: shapeOf<GetBucketEncryptionCommandOutput>()({
        ServerSideEncryptionConfiguration: maybe({
          Rules: z.array(obj({ ApplyServerSideEncryptionByDefault: maybe({ SSEAlgorithm: z.string(), KMSMasterKeyID: str }), BucketKeyEnabled: bool })),
        }),
      }),
    },
    GetBucketOwnershipControls: {
      command: 'GetBucketOwnershipControlsCommand',
      absent: ['OwnershipControlsNotFoundError'],
      shape: shapeOf<GetBucketOwnershipControlsCommandOutput>()({ OwnershipControls: maybe({ Rules: z.array(obj({ ObjectOwnership: z.string() })) }) }),
    },
    GetBucketLogging: { command: 'GetBucketLoggingCommand', shape: shapeOf<GetBucketLoggingCommandOutput>()({ LoggingEnabled: maybe({}) }) },
  },
});

export const s3control = defineService({
  name: 's3control',
  iamPrefix: 's3',
  load: () => sdkPackage<typeof import('@aws-sdk/client-s3-control')>('@aws-sdk/client-s3-control'),
  client: 'S3ControlClient',
  accountIdHostPrefix: true,
  operations: {
    GetPublicAccessBlock: {
      command: 'GetPublicAccessBlockCommand',
      action: 's3:GetAccountPublicAccessBlock',
      absent: ['NoSuchPublicAccessBlockConfiguration'],
      global: true,
      shape: shapeOf<AccountPabOutput>()({ PublicAccessBlockConfiguration: blockPublicAccess }),
    },
  },
});

/** GetBucketLocation's LocationConstraint: null/'' means us-east-1, 'EU' is the legacy name of eu-west-1. */
export function regionFromLocation(constraint: string | null | undefined): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

export const s3Accessors = (call: CallFn) => {
  const bucketRegion = async (bucket: Bucket | string): Promise<string> => {
    if (typeof bucket !== 'string' && bucket.BucketRegion) return bucket.BucketRegion;
    const Bucket = typeof bucket === 'string' ? bucket : bucket.Name!;
    const out = await call<GetBucketLocationCommandOutput>('s3', 'GetBucketLocation', { Bucket });
    return regionFromLocation(out.LocationConstraint);
  };
  /** A bucket-level call, sent to the bucket's region. */
  const onBucket = async <T>(operation: string, bucket: Bucket | string): Promise<T> => {
    const Bucket = typeof bucket === 'string' ? bucket : bucket.Name!;
    return call<T>('s3', operation, { Bucket }, await bucketRegion(bucket));
  };
  return {
    /** Every bucket of the account, in every region, with BucketRegion (a paginated ListBuckets returns it). */
    buckets: async () => (await call<ListBucketsCommandOutput>('s3', 'ListBuckets')).Buckets ?? [],
    bucketRegion,
    versioning: (b: Bucket | string) => onBucket<GetBucketVersioningCommandOutput>('GetBucketVersioning', b),
    /** The policy document (JSON string), or undefined when the bucket has none. */
    policy: async (b: Bucket | string) => (await onBucket<GetBucketPolicyCommandOutput | undefined>('GetBucketPolicy', b))?.Policy,
    policyStatus: async (b: Bucket | string) =>
      (await onBucket<GetBucketPolicyStatusCommandOutput | undefined>('GetBucketPolicyStatus', b))?.PolicyStatus,
    acl: (b: Bucket | string) => onBucket<GetBucketAclCommandOutput>('GetBucketAcl', b),
    publicAccessBlock: async (b: Bucket | string) =>
      (await onBucket<GetPublicAccessBlockCommandOutput | undefined>('GetPublicAccessBlock', b))?.PublicAccessBlockConfiguration,
    encryption: async (b: Bucket | string) =>
      (await onBucket<GetBucketEncryptionCommandOutput | undefined>('GetBucketEncryption', b))?.ServerSideEncryptionConfiguration,
    ownershipControls: async (b: Bucket | string) =>
      (await onBucket<GetBucketOwnershipControlsCommandOutput | undefined>('GetBucketOwnershipControls', b))?.OwnershipControls,
    logging: (b: Bucket | string) => onBucket<GetBucketLoggingCommandOutput>('GetBucketLogging', b),
    /** Account-level Block Public Access, or undefined when never configured. */
    accountPublicAccessBlock: async (AccountId: string) =>
      (await call<AccountPabOutput | undefined>('s3control', 'GetPublicAccessBlock', { AccountId }))?.PublicAccessBlockConfiguration,
  };
};
