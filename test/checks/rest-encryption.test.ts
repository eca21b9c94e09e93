import { describe, expect, it } from 'vitest';
import { callKey } from '../../src/aws/snapshot.js';
import { restFindings } from '../../src/checks/rest-encryption.js';
import type { Finding } from '../../src/model.js';
import { awsError, checkContext, DENIED, HOME } from '../support/check-tester.js';
import { accountWide, emptyRegion, s3Buckets, type BucketSpec } from './security/data-protection-fixtures.js';

const ARN = (service: string, what: string, region = HOME) => `arn:aws:${service}:${region}:123456789012:${what}`;
const k = (service: string, operation: string, input: Record<string, unknown> = {}, region = HOME) => callKey(service, operation, input, region);

/** One run of restFindings in `region` (home region us-east-1 scanned unless `regions` says otherwise). */
function look(responses: Record<string, unknown>, o: { region?: string; regions?: string[]; buckets?: BucketSpec[] } = {}) {
  const region = o.region ?? HOME;
  return restFindings(checkContext({ ...emptyRegion(region), ...accountWide(o.buckets), ...responses }, { region, regions: o.regions ?? [region] }));
}
const verdicts = (findings: Finding[]) => findings.map((f) => [f.status, f.resource]);

describe('restFindings', () => {
  it('an empty region with EBS encryption by default on, and no bucket: one met finding for the default', async () => {
    expect(await look({})).toEqual([
      { status: 'met', resource: ARN('ec2', 'ebs-encryption-by-default'), message: 'EBS encryption by default is on in us-east-1.', evidence: undefined },
    ]);
  });

  it('EBS encryption by default off is not met', async () => {
    expect(verdicts(await look(emptyRegion(HOME, false)))).toEqual([['not-met', ARN('ec2', 'ebs-encryption-by-default')]]);
  });

  it('unencrypted EBS volumes and snapshots are not met each; the encrypted ones are one met finding per kind', async () => {
    const findings = await look({
      [k('ec2', 'DescribeVolumes')]: {
        Volumes: [
          { VolumeId: 'vol-plain', Encrypted: false, State: 'in-use', Attachments: [{ InstanceId: 'i-0a1b' }, { InstanceId: 'i-0c2d' }] },
          { VolumeId: 'vol-loose', State: 'available' },
          { VolumeId: 'vol-enc1', Encrypted: true },
          { VolumeId: 'vol-enc2', Encrypted: true },
        ],
      },
      [k('ec2', 'DescribeSnapshots', { OwnerIds: ['self'] })]: {
        Snapshots: [
          { SnapshotId: 'snap-plain', VolumeId: 'vol-plain', Encrypted: false, OwnerId: '123456789012' },
          { SnapshotId: 'snap-enc', VolumeId: 'vol-enc1', Encrypted: true, OwnerId: '123456789012' },
        ],
      },
    });
    expect(verdicts(findings)).toEqual([
      ['met', ARN('ec2', 'ebs-encryption-by-default')],
      ['not-met', ARN('ec2', 'volume/vol-plain')],
      ['not-met', ARN('ec2', 'volume/vol-loose')],
      ['met', ARN('ec2', 'volume/*')],
      ['not-met', 'arn:aws:ec2:us-east-1::snapshot/snap-plain'],
      ['met', 'arn:aws:ec2:us-east-1::snapshot/*'],
    ]);
    expect(findings[1].message).toBe('EBS volume vol-plain is not encrypted (attached to i-0a1b, i-0c2d).');
    expect(findings[2].message).toBe('EBS volume vol-loose is not encrypted.');
    expect(findings[3]).toMatchObject({ message: '2 EBS volume(s) in us-east-1 are encrypted.', evidence: { encrypted: 2 } });
  });

  it('only snapshots the scanned account owns are judged, whatever else an endpoint that ignores OwnerIds self returns', async () => {
    const snapshot = (SnapshotId: string, Encrypted: boolean, OwnerId?: string) => ({ SnapshotId, VolumeId: 'vol-x', Encrypted, State: 'completed', ...(OwnerId ? { OwnerId } : {}) });
    const findings = await look({
      [k('ec2', 'DescribeSnapshots', { OwnerIds: ['self'] })]: {
        Snapshots: [
          snapshot('snap-own-plain', false, '123456789012'),
          snapshot('snap-own-enc', true, '123456789012'),
          snapshot('snap-public-ami', false, '099720109477'),
          snapshot('snap-marketplace', false, '679593333241'),
        ],
      },
    });
    expect(verdicts(findings)).toEqual([
      ['met', ARN('ec2', 'ebs-encryption-by-default')],
      ['not-met', 'arn:aws:ec2:us-east-1::snapshot/snap-own-plain'],
      ['met', 'arn:aws:ec2:us-east-1::snapshot/*'],
    ]);
    expect(findings[2]).toMatchObject({
      message: '1 EBS snapshot(s) of this account in us-east-1 are encrypted; 2 snapshot(s) of other owners, listed although the request asked for OwnerIds self, were not judged.',
      evidence: { encrypted: 1, otherOwners: 2 },
    });
  });

  it('snapshots of other owners alone: nothing of this account to judge, said in one met finding', async () => {
    const findings = await look({
      [k('ec2', 'DescribeSnapshots', { OwnerIds: ['self'] })]: { Snapshots: [{ SnapshotId: 'snap-public', Encrypted: false, OwnerId: '099720109477' }] },
    });
    expect(findings.slice(1)).toEqual([
      {
        status: 'met',
        resource: 'arn:aws:ec2:us-east-1::snapshot/*',
        message: '0 EBS snapshot(s) of this account in us-east-1 are encrypted; 1 snapshot(s) of other owners, listed although the request asked for OwnerIds self, were not judged.',
        evidence: { encrypted: 0, otherOwners: 1 },
      },
    ]);
  });

  it('volumes, databases and file systems being deleted are not judged (their data is going away); the volumes are counted', async () => {
    const findings = await look({
      [k('ec2', 'DescribeVolumes')]: {
        Volumes: [
          { VolumeId: 'vol-going', Encrypted: false, State: 'deleting' },
          { VolumeId: 'vol-gone', Encrypted: false, State: 'deleted' },
          { VolumeId: 'vol-new', Encrypted: false, State: 'creating' },
          { VolumeId: 'vol-enc', Encrypted: true, State: 'in-use' },
        ],
      },
      [k('rds', 'DescribeDBClusters')]: { DBClusters: [{ DBClusterIdentifier: 'old', DBClusterArn: ARN('rds', 'cluster:old'), Status: 'deleting', StorageEncrypted: false }] },
      [k('rds', 'DescribeDBInstances')]: {
        DBInstances: [
          { DBInstanceIdentifier: 'old-1', DBInstanceArn: ARN('rds', 'db:old-1'), DBClusterIdentifier: 'old', DBInstanceStatus: 'deleting', StorageEncrypted: false },
          { DBInstanceIdentifier: 'legacy', DBInstanceArn: ARN('rds', 'db:legacy'), DBInstanceStatus: 'deleting', StorageEncrypted: false },
          { DBInstanceIdentifier: 'reports', DBInstanceArn: ARN('rds', 'db:reports'), DBInstanceStatus: 'stopped', StorageEncrypted: false },
        ],
      },
      [k('efs', 'DescribeFileSystems')]: {
        FileSystems: [
          { FileSystemId: 'fs-going', Encrypted: false, LifeCycleState: 'deleting' },
          { FileSystemId: 'fs-gone', Encrypted: false, LifeCycleState: 'deleted' },
          { FileSystemId: 'fs-live', Encrypted: false, LifeCycleState: 'available' },
        ],
      },
    });
    expect(verdicts(findings)).toEqual([
      ['met', ARN('ec2', 'ebs-encryption-by-default')],
      ['not-met', ARN('ec2', 'volume/vol-new')],
      ['met', ARN('ec2', 'volume/*')],
      ['not-met', ARN('rds', 'db:reports')],
      ['not-met', ARN('elasticfilesystem', 'file-system/fs-live')],
    ]);
    expect(findings[2]).toMatchObject({ message: '1 EBS volume(s) in us-east-1 are encrypted; 2 being deleted were not judged.', evidence: { encrypted: 1, beingDeleted: 2 } });
  });

  it('volumes being deleted alone still say so in one met finding', async () => {
    const findings = await look({ [k('ec2', 'DescribeVolumes')]: { Volumes: [{ VolumeId: 'vol-going', Encrypted: false, State: 'deleting' }] } });
    expect(findings.slice(1)).toEqual([
      { status: 'met', resource: ARN('ec2', 'volume/*'), message: '0 EBS volume(s) in us-east-1 are encrypted; 1 being deleted were not judged.', evidence: { encrypted: 0, beingDeleted: 1 } },
    ]);
  });

  it('RDS: clusters judged, their member instances judged with them, standalone instances on their own', async () => {
    const db = (id: string) => `arn:aws:rds:us-east-1:123456789012:${id}`;
    const findings = await look({
      [k('rds', 'DescribeDBClusters')]: { DBClusters: [{ DBClusterIdentifier: 'orders', DBClusterArn: db('cluster:orders'), Engine: 'aurora-postgresql', StorageEncrypted: true }] },
      [k('rds', 'DescribeDBInstances')]: {
        DBInstances: [
          { DBInstanceIdentifier: 'orders-1', DBInstanceArn: db('db:orders-1'), DBClusterIdentifier: 'orders', Engine: 'aurora-postgresql', StorageEncrypted: true },
          { DBInstanceIdentifier: 'legacy', DBInstanceArn: db('db:legacy'), Engine: 'mysql', StorageEncrypted: false },
          { DBInstanceIdentifier: 'orphan', DBInstanceArn: db('db:orphan'), DBClusterIdentifier: 'gone-cluster', Engine: 'aurora-mysql' },
        ],
      },
    });
    expect(verdicts(findings).slice(1)).toEqual([
      ['met', db('cluster:orders')],
      ['not-met', db('db:legacy')],
      ['not-met', db('db:orphan')],
    ]);
    expect(findings[2].message).toBe('DB instance legacy (mysql) is not encrypted at rest (StorageEncrypted false).');
  });

  it('EFS file systems: encrypted met, unencrypted not met, named by ARN or built from the id', async () => {
    const findings = await look({
      [k('efs', 'DescribeFileSystems')]: {
        FileSystems: [
          { FileSystemId: 'fs-1', FileSystemArn: ARN('elasticfilesystem', 'file-system/fs-1'), Name: 'shared', Encrypted: true, KmsKeyId: 'alias/aws/elasticfilesystem' },
          { FileSystemId: 'fs-2', Encrypted: false },
        ],
      },
    });
    expect(verdicts(findings).slice(1)).toEqual([
      ['met', ARN('elasticfilesystem', 'file-system/fs-1')],
      ['not-met', ARN('elasticfilesystem', 'file-system/fs-2')],
    ]);
    expect(findings[2].message).toBe('EFS file system fs-2 is not encrypted at rest.');
  });

  it('DynamoDB tables are always met, with the key type as evidence; a table gone is skipped, one unreadable is an error alone', async () => {
    const findings = await look({
      [k('dynamodb', 'ListTables')]: { TableNames: ['owned', 'kms', 'gone', 'locked'] },
      [k('dynamodb', 'DescribeTable', { TableName: 'owned' })]: { Table: { TableName: 'owned', TableArn: ARN('dynamodb', 'table/owned') } },
      [k('dynamodb', 'DescribeTable', { TableName: 'kms' })]: {
        Table: { TableName: 'kms', SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k1' } },
      },
      [k('dynamodb', 'DescribeTable', { TableName: 'gone' })]: awsError('ResourceNotFoundException', 'Requested resource not found'),
      [k('dynamodb', 'DescribeTable', { TableName: 'locked' })]: DENIED,
    });
    expect(findings.slice(1).map((f) => [f.status, f.resource, f.evidence?.keyType ?? f.missingPermission])).toEqual([
      ['met', ARN('dynamodb', 'table/owned'), 'AWS owned key'],
      ['met', ARN('dynamodb', 'table/kms'), 'AWS KMS key'],
      ['error', ARN('dynamodb', 'table/locked'), 'dynamodb:DescribeTable'],
    ]);
  });

  it('one look that cannot be read is an error for what it covers; the other looks go on', async () => {
    const findings = await look({ [k('ec2', 'DescribeVolumes')]: DENIED, [k('rds', 'DescribeDBClusters')]: DENIED });
    expect(verdicts(findings)).toEqual([
      ['met', ARN('ec2', 'ebs-encryption-by-default')],
      ['error', ARN('ec2', 'volume/*')],
      ['error', ARN('rds', 'db:*')],
    ]);
  });

  it('S3 buckets are looked at once per scan: in the home region’s run only', async () => {
    const buckets: BucketSpec[] = [{ name: 'data' }];
    const both = ['us-east-1', 'eu-west-1'];
    expect((await look({}, { regions: both, buckets })).map((f) => f.resource)).toContain('arn:aws:s3:::data');
    expect((await look({}, { region: 'eu-west-1', regions: both, buckets })).map((f) => f.resource)).not.toContain('arn:aws:s3:::data');
    // Home region not scanned: the first scanned region's run looks.
    expect((await look({}, { region: 'eu-west-1', regions: ['eu-west-1', 'us-west-2'], buckets })).map((f) => f.resource)).toContain('arn:aws:s3:::data');
  });

  it('S3 default encryption: met with its key type, no configuration left to people, unreadable an error for that bucket', async () => {
    const findings = await look(
      {},
      {
        buckets: [
          { name: 's3-key', encryption: 'AES256', region: 'eu-west-1' },
          { name: 'kms-key', encryption: 'aws:kms' },
          { name: 'dsse', encryption: 'aws:kms:dsse' },
          { name: 'odd', encryption: 'SOMETHING_NEW' },
          { name: 'none', encryption: 'none' },
          { name: 'locked', encryption: 'denied' },
        ],
      },
    );
    const s3 = findings.filter((f) => f.resource.startsWith('arn:aws:s3:::'));
    expect(s3.map((f) => [f.resource, f.status, f.evidence?.keyType ?? f.missingPermission])).toEqual([
      ['arn:aws:s3:::s3-key', 'met', 'SSE-S3'],
      ['arn:aws:s3:::kms-key', 'met', 'SSE-KMS'],
      ['arn:aws:s3:::dsse', 'met', 'DSSE-KMS'],
      ['arn:aws:s3:::odd', 'met', 'SOMETHING_NEW'],
      ['arn:aws:s3:::none', 'manual', undefined],
      ['arn:aws:s3:::locked', 'error', 's3:GetEncryptionConfiguration'],
    ]);
    expect(s3[0].region).toBe('eu-west-1');
    expect(s3[4].message).toContain('reports no default encryption');
  });

  it('S3 default encryption is read from the rule that sets it, whichever its place; rules that set none are left to people', async () => {
    const config = (Rules: object[]) => ({ ServerSideEncryptionConfiguration: { Rules } });
    const findings = await look({
      ...s3Buckets([{ name: 'second' }, { name: 'none-set' }, { name: 'no-rules' }]),
      [k('s3', 'GetBucketEncryption', { Bucket: 'no-rules' })]: { ServerSideEncryptionConfiguration: {} },
      [k('s3', 'GetBucketEncryption', { Bucket: 'second' })]: config([{ BucketKeyEnabled: true }, { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/data' } }]),
      [k('s3', 'GetBucketEncryption', { Bucket: 'none-set' })]: config([{ BucketKeyEnabled: true }]),
    });
    expect(findings.filter((f) => f.resource.startsWith('arn:aws:s3:::')).map((f) => [f.resource, f.status, f.evidence])).toEqual([
      ['arn:aws:s3:::second', 'met', { keyType: 'SSE-KMS', kmsKey: 'alias/data', bucketKey: undefined }],
      ['arn:aws:s3:::none-set', 'manual', undefined],
      // Rules is always returned (S3 API reference): without it the answer is malformed, an error.
      ['arn:aws:s3:::no-rules', 'error', undefined],
    ]);
  });

  it('the bucket list failing is one error for all buckets', async () => {
    const findings = await look({ ...s3Buckets([]), 's3:ListBuckets': DENIED });
    expect(findings.filter((f) => f.status === 'error')).toEqual([
      expect.objectContaining({ resource: 'arn:aws:s3:::*', missingPermission: 's3:ListAllMyBuckets' }),
    ]);
  });
});
