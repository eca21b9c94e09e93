// Encryption at rest as the API shows it, for 1.22. Per region:
//  - EBS encryption by default (ec2:GetEbsEncryptionByDefault): off → not met (new volumes unencrypted);
//  - EBS volumes (Encrypted false) and EBS snapshots the account owns (OwnerIds self, and OwnerId the
//    scanned account) → not met each; the encrypted ones are summarised in one met finding per kind
//    (there can be thousands), with the volumes being deleted and other owners' snapshots counted;
//  - RDS DB clusters (Aurora, Multi-AZ clusters) and DB instances that belong to no cluster:
//    StorageEncrypted false → not met; cluster members are judged with their cluster;
//  - EFS file systems: Encrypted false → not met;
//  - volumes, databases and file systems being deleted are not judged: their data is going away;
//  - DynamoDB tables: always encrypted at rest. No SSEDescription means an AWS owned key; SSEType KMS
//    names the KMS key (AWS managed or customer managed). Key type is evidence, never a failure.
// Once per scan (isAccountRun): S3 buckets. Since January 2023 S3 encrypts every new object (SSE-S3 at
// least), so the default encryption is met and its key type (SSE-S3, SSE-KMS, DSSE-KMS) is evidence; a
// bucket that reports no default encryption at all is left to people (objects written before 2023 may
// be unencrypted). Each look is guarded on its own; one table or bucket that cannot be read is an error
// finding for it alone.
import type { Finding } from '../model.js';
import { isAccountRun } from './account-run.js';
import { manual, met, notMet, type CheckContext } from './define-check.js';
import { guard } from './transit/common.js';

export const REST_PERMISSIONS = [
  'ec2:GetEbsEncryptionByDefault',
  'ec2:DescribeVolumes',
  'ec2:DescribeSnapshots',
  'rds:DescribeDBInstances',
  'rds:DescribeDBClusters',
  'elasticfilesystem:DescribeFileSystems',
  'dynamodb:ListTables',
  'dynamodb:DescribeTable',
  's3:ListAllMyBuckets',
  's3:GetBucketLocation',
  's3:GetEncryptionConfiguration',
] as const;

export async function restFindings(ctx: CheckContext): Promise<Finding[]> {
  const { partition, id } = ctx.account;
  const at = (service: string, what: string) => `arn:${partition}:${service}:${ctx.region}:${id}:${what}`;
  const looks = [
    guard(at('ec2', 'ebs-encryption-by-default'), () => ebsDefault(ctx, at)),
    guard(at('ec2', 'volume/*'), () => volumeFindings(ctx, at)),
    guard(`arn:${partition}:ec2:${ctx.region}::snapshot/*`, () => snapshotFindings(ctx)),
    guard(at('rds', 'db:*'), () => rdsFindings(ctx)),
    guard(at('elasticfilesystem', 'file-system/*'), async () =>
      (await ctx.aws.efs.fileSystems(ctx.region))
        .filter((fs) => !beingDeleted(fs.LifeCycleState))
        .map((fs) =>
          (fs.Encrypted ? met : notMet)(fs.FileSystemArn ?? at('elasticfilesystem', `file-system/${fs.FileSystemId}`),
            `EFS file system ${fs.Name ?? fs.FileSystemId} is ${fs.Encrypted ? '' : 'not '}encrypted at rest.`, { kmsKeyId: fs.KmsKeyId }),
        ),
    ),
    guard(at('dynamodb', 'table/*'), () => dynamoFindings(ctx, at)),
  ];
  if (isAccountRun(ctx)) looks.push(guard(`arn:${partition}:s3:::*`, () => s3Findings(ctx)));
  return (await Promise.all(looks)).flat();
}

type At = (service: string, what: string) => string;

async function ebsDefault({ aws, region }: CheckContext, at: At): Promise<Finding[]> {
  const arn = at('ec2', 'ebs-encryption-by-default');
  return [
    (await aws.ec2.ebsEncryptionByDefault(region))
      ? met(arn, `EBS encryption by default is on in ${region}.`)
      : notMet(arn, `EBS encryption by default is off in ${region}: new volumes are created unencrypted unless someone asks.`),
  ];
}

/** A volume or file system whose data is going away (Volume State, EFS LifeCycleState): not judged. */
const beingDeleted = (state?: string) => state === 'deleting' || state === 'deleted';

async function volumeFindings({ aws, region }: CheckContext, at: At): Promise<Finding[]> {
  const listed = await aws.ec2.volumes(region);
  const volumes = listed.filter((v) => !beingDeleted(v.State));
  const going = listed.length - volumes.length;
  const findings = volumes
    .filter((v) => !v.Encrypted)
    .map((v) => {
      const attached = (v.Attachments ?? []).map((a) => a.InstanceId);
      return notMet(at('ec2', `volume/${v.VolumeId}`), `EBS volume ${v.VolumeId} is not encrypted${attached.length ? ` (attached to ${attached.join(', ')})` : ''}.`, { state: v.State, attachedTo: attached });
    });
  const encrypted = volumes.length - findings.length;
  if (encrypted || going) {
    const rest = going ? `; ${going} being deleted were not judged` : '';
    findings.push(met(at('ec2', 'volume/*'), `${encrypted} EBS volume(s) in ${region} are encrypted${rest}.`, going ? { encrypted, beingDeleted: going } : { encrypted }));
  }
  return findings;
}

/**
 * The request asks for OwnerIds self, but an endpoint that ignores the filter would list every public
 * snapshot it can see (AMI snapshots of other accounts): only those whose OwnerId is the scanned account
 * are judged, the others are counted in the evidence.
 */
async function snapshotFindings({ aws, region, account }: CheckContext): Promise<Finding[]> {
  const listed = await aws.ec2.ownSnapshots(region);
  const snapshots = listed.filter((s) => s.OwnerId === account.id);
  const otherOwners = listed.length - snapshots.length;
  const arn = (id: string) => `arn:${account.partition}:ec2:${region}::snapshot/${id}`;
  const findings = snapshots
    .filter((s) => !s.Encrypted)
    .map((s) => notMet(arn(s.SnapshotId!), `EBS snapshot ${s.SnapshotId} (of ${s.VolumeId}) is not encrypted.`, { volumeId: s.VolumeId }));
  const encrypted = snapshots.length - findings.length;
  if (encrypted || otherOwners) {
    const others = otherOwners ? `; ${otherOwners} snapshot(s) of other owners, listed although the request asked for OwnerIds self, were not judged` : '';
    findings.push(met(arn('*'), `${encrypted} EBS snapshot(s) of this account in ${region} are encrypted${others}.`, otherOwners ? { encrypted, otherOwners } : { encrypted }));
  }
  return findings;
}

async function rdsFindings({ aws, region }: CheckContext): Promise<Finding[]> {
  const [allClusters, allInstances] = await Promise.all([aws.rds.dbClusters(region), aws.rds.dbInstances(region)]);
  const clustered = new Set(allClusters.map((c) => c.DBClusterIdentifier));
  // A database being deleted is going away with its data: not judged.
  const clusters = allClusters.filter((c) => c.Status !== 'deleting');
  const instances = allInstances.filter((i) => i.DBInstanceStatus !== 'deleting');
  const judge = (arn: string, what: string, encrypted: boolean | undefined, evidence: Record<string, unknown>) =>
    (encrypted ? met : notMet)(arn, `${what} is ${encrypted ? '' : 'not '}encrypted at rest (StorageEncrypted ${encrypted === true}).`, evidence);
  return [
    ...clusters.map((c) => judge(c.DBClusterArn!, `DB cluster ${c.DBClusterIdentifier} (${c.Engine})`, c.StorageEncrypted, { engine: c.Engine, kmsKeyId: c.KmsKeyId })),
    ...instances
      .filter((i) => !i.DBClusterIdentifier || !clustered.has(i.DBClusterIdentifier))
      .map((i) => judge(i.DBInstanceArn!, `DB instance ${i.DBInstanceIdentifier} (${i.Engine})`, i.StorageEncrypted, { engine: i.Engine, kmsKeyId: i.KmsKeyId })),
  ];
}

async function dynamoFindings(ctx: CheckContext, at: At): Promise<Finding[]> {
  const names = await ctx.aws.dynamodb.tableNames(ctx.region);
  const perTable = await Promise.all(
    names.map((name) =>
      guard(at('dynamodb', `table/${name}`), async () => {
        const t = await ctx.aws.dynamodb.table(ctx.region, name);
        if (!t) return [];
        const sse = t.SSEDescription;
        const keyType = sse?.SSEType === 'KMS' ? 'AWS KMS key' : 'AWS owned key';
        return [met(t.TableArn ?? at('dynamodb', `table/${name}`), `DynamoDB table ${name} is encrypted at rest (${keyType}).`, { keyType, kmsKey: sse?.KMSMasterKeyArn, sseStatus: sse?.Status })];
      }),
    ),
  );
  return perTable.flat();
}

const S3_KEY_TYPES: Record<string, string> = { AES256: 'SSE-S3', 'aws:kms': 'SSE-KMS', 'aws:kms:dsse': 'DSSE-KMS' };

async function s3Findings({ aws, account }: CheckContext): Promise<Finding[]> {
  const perBucket = await Promise.all(
    (await aws.s3.buckets()).map((b) => {
      const arn = `arn:${account.partition}:s3:::${b.Name}`;
      return guard(arn, async () => {
        const [region, config] = await Promise.all([aws.s3.bucketRegion(b), aws.s3.encryption(b)]);
        // The rule that sets a default algorithm, whichever its place among the rules.
        const rule = config?.Rules?.find((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm);
        if (!rule) {
          return [{ ...manual(arn, `Bucket ${b.Name} reports no default encryption: S3 encrypts new objects with SSE-S3 since January 2023, but objects written before may be unencrypted; check them (S3 Inventory shows each object's encryption).`), region }];
        }
        const { SSEAlgorithm: algorithm, KMSMasterKeyID: kmsKey } = rule.ApplyServerSideEncryptionByDefault!;
        const keyType = S3_KEY_TYPES[algorithm!] ?? algorithm;
        return [{ ...met(arn, `Bucket ${b.Name} encrypts new objects by default (${keyType}).`, { keyType, kmsKey, bucketKey: rule.BucketKeyEnabled }), region }];
      });
    }),
  );
  return perBucket.flat();
}
