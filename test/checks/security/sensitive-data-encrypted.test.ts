import { expect } from 'vitest';
import { callKey } from '../../../src/aws/snapshot.js';
import check from '../../../src/checks/security/sensitive-data-encrypted.js';
import type { CheckResult } from '../../../src/model.js';
import { DENIED, HOME, testCheck } from '../../support/check-tester.js';
import {
  ACCT,
  FORWARD,
  REDIRECT_TO_HTTPS,
  TLS_ONLY,
  accountWide,
  emptyRegion,
  listenerArn,
  loadBalancers,
} from './data-protection-fixtures.js';

const k = (service: string, operation: string, input: Record<string, unknown> = {}, region = HOME) => callKey(service, operation, input, region);
const ROOT = `arn:aws:iam::${ACCT}:root`;
const EBS_DEFAULT = `arn:aws:ec2:${HOME}:${ACCT}:ebs-encryption-by-default`;
const volume = (id: string, Encrypted: boolean) => ({ VolumeId: id, Encrypted, State: 'in-use', Attachments: [{ InstanceId: 'i-0abc1234def567890' }] });
const snapshot = (id: string, Encrypted: boolean, OwnerId = ACCT) => ({ SnapshotId: id, VolumeId: 'vol-0aaa', Encrypted, State: 'completed', OwnerId });
const dbArn = (kind: 'db' | 'cluster', id: string) => `arn:aws:rds:${HOME}:${ACCT}:${kind}:${id}`;
const rds = (clusters: [string, boolean][], instances: [string, boolean, string?][]) => ({
  [k('rds', 'DescribeDBClusters')]: { DBClusters: clusters.map(([id, enc]) => ({ DBClusterIdentifier: id, DBClusterArn: dbArn('cluster', id), Engine: 'aurora-postgresql', StorageEncrypted: enc })) },
  [k('rds', 'DescribeDBInstances')]: {
    DBInstances: instances.map(([id, enc, cluster]) => ({ DBInstanceIdentifier: id, DBInstanceArn: dbArn('db', id), Engine: cluster ? 'aurora-postgresql' : 'postgres', StorageEncrypted: enc, ...(cluster ? { DBClusterIdentifier: cluster } : {}) })),
  },
});
const tables = {
  [k('dynamodb', 'ListTables')]: { TableNames: ['sessions', 'orders'] },
  [k('dynamodb', 'DescribeTable', { TableName: 'sessions' })]: { Table: { TableName: 'sessions', TableArn: `arn:aws:dynamodb:${HOME}:${ACCT}:table/sessions` } },
  [k('dynamodb', 'DescribeTable', { TableName: 'orders' })]: {
    Table: { TableName: 'orders', TableArn: `arn:aws:dynamodb:${HOME}:${ACCT}:table/orders`, SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: `arn:aws:kms:${HOME}:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } },
  },
};
const httpsAlb = loadBalancers([
  { name: 'web', listeners: [{ protocol: 'HTTPS', port: 443, sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }, { protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS]] }] },
]);
const classicTls = {
  [k('elb', 'DescribeLoadBalancers')]: {
    LoadBalancerDescriptions: [{ LoadBalancerName: 'billing', Scheme: 'internal', ListenerDescriptions: [{ Listener: { Protocol: 'HTTPS', LoadBalancerPort: 443 }, PolicyNames: ['tls12'] }] }],
  },
  [k('elb', 'DescribeLoadBalancerPolicies', { LoadBalancerName: 'billing' })]: {
    PolicyDescriptions: [{ PolicyName: 'tls12', PolicyTypeName: 'SSLNegotiationPolicyType', PolicyAttributeDescriptions: [{ AttributeName: 'Protocol-TLSv1.2', AttributeValue: 'true' }] }],
  },
};
const encryptedBuckets = accountWide([
  { name: 'assets', policy: [TLS_ONLY] },
  { name: 'customer-data', region: 'eu-west-1', listedRegion: false, policy: [TLS_ONLY], encryption: 'aws:kms' },
]);
const onlyClassificationLeft = (r: CheckResult) => expect(r.findings.filter((f) => f.status !== 'met').map((f) => f.resource)).toEqual([ROOT]);

testCheck(check, {
  met: [
    {
      name: 'everythingEncryptedClassificationLeftToPeople',
      responses: {
        ...emptyRegion(),
        [k('ec2', 'DescribeVolumes')]: { Volumes: [volume('vol-0aaa', true), volume('vol-0bbb', true)] },
        [k('ec2', 'DescribeSnapshots', { OwnerIds: ['self'] })]: { Snapshots: [snapshot('snap-0aaa', true)] },
        ...rds([['orders-aurora', true]], [['orders-aurora-1', true, 'orders-aurora'], ['reports', true]]),
        [k('efs', 'DescribeFileSystems')]: { FileSystems: [{ FileSystemId: 'fs-0123', FileSystemArn: `arn:aws:elasticfilesystem:${HOME}:${ACCT}:file-system/fs-0123`, Encrypted: true }] },
        ...tables,
        ...httpsAlb,
        ...classicTls,
        ...encryptedBuckets,
      },
      expect: {
        status: 'manual',
        message: 'Confirm that all data classified sensitive (1.21) is covered',
        check: (r) => {
          onlyClassificationLeft(r);
          const evidence = (resource: string) => r.findings.find((f) => f.resource === resource)?.evidence;
          expect(evidence(`arn:aws:dynamodb:${HOME}:${ACCT}:table/sessions`)).toMatchObject({ keyType: 'AWS owned key' });
          expect(evidence(`arn:aws:dynamodb:${HOME}:${ACCT}:table/orders`)).toMatchObject({ keyType: 'AWS KMS key' });
          expect(evidence('arn:aws:s3:::customer-data')).toMatchObject({ keyType: 'SSE-KMS' });
          expect(r.findings.map((f) => f.resource)).not.toContain(dbArn('db', 'orders-aurora-1'));
        },
      },
    },
    {
      name: 'otherRegionWithNothingUnencrypted',
      regions: [HOME, 'eu-west-1'],
      responses: { ...emptyRegion(), ...emptyRegion('eu-west-1'), ...accountWide() },
      expect: { status: 'manual', check: onlyClassificationLeft },
    },
    {
      name: 'publicSnapshotsOfOtherOwnersListedDespiteSelfFilterAreNotJudged',
      responses: {
        ...emptyRegion(),
        [k('ec2', 'DescribeSnapshots', { OwnerIds: ['self'] })]: {
          Snapshots: [snapshot('snap-0mine', true), snapshot('snap-0ubuntu', false, '099720109477'), snapshot('snap-0vendor', false, '679593333241')],
        },
        ...accountWide(),
      },
      expect: {
        status: 'manual',
        resources: [ROOT],
        metResources: [EBS_DEFAULT, `arn:aws:ec2:${HOME}::snapshot/*`],
        message: 'Confirm that all data classified sensitive',
      },
    },
  ],
  notMet: [
    {
      name: 'ebsDefaultOffAndUnencryptedVolume',
      responses: { ...emptyRegion(HOME, false), [k('ec2', 'DescribeVolumes')]: { Volumes: [volume('vol-0plain', false), volume('vol-0aaa', true)] }, ...accountWide() },
      expect: { resources: [EBS_DEFAULT, `arn:aws:ec2:${HOME}:${ACCT}:volume/vol-0plain`], message: 'attached to i-0abc1234def567890' },
    },
    {
      name: 'unencryptedOwnSnapshot',
      responses: { ...emptyRegion(), [k('ec2', 'DescribeSnapshots', { OwnerIds: ['self'] })]: { Snapshots: [snapshot('snap-0old', false)] }, ...accountWide() },
      expect: { resources: [`arn:aws:ec2:${HOME}::snapshot/snap-0old`] },
    },
    {
      name: 'unencryptedRdsClusterAndInstance',
      responses: { ...emptyRegion(), ...rds([['analytics', false]], [['analytics-1', false, 'analytics'], ['legacy-reports', false]]), ...accountWide() },
      expect: { resources: [dbArn('cluster', 'analytics'), dbArn('db', 'legacy-reports')] },
    },
    {
      name: 'unencryptedEfs',
      responses: { ...emptyRegion(), [k('efs', 'DescribeFileSystems')]: { FileSystems: [{ FileSystemId: 'fs-0plain', Name: 'shared-home', Encrypted: false }] }, ...accountWide() },
      expect: { resources: [`arn:aws:elasticfilesystem:${HOME}:${ACCT}:file-system/fs-0plain`], message: 'shared-home is not encrypted' },
    },
    {
      name: 'internalPlainHttpIsNotMetForSensitiveData',
      responses: { ...emptyRegion(), ...loadBalancers([{ name: 'admin', scheme: 'internal', listeners: [{ protocol: 'HTTP', port: 8080, rules: [[FORWARD]] }] }]), ...accountWide() },
      expect: { resources: [listenerArn('admin', 8080)] },
    },
    {
      name: 'bucketAcceptsPlainHttp',
      responses: { ...emptyRegion(), ...accountWide([{ name: 'exports' }]) },
      expect: { resources: ['arn:aws:s3:::exports'], message: 'no bucket policy' },
    },
  ],
  cannotTell: [
    {
      name: 'bucketWithoutDefaultEncryptionLeftToPeople',
      responses: { ...emptyRegion(), ...accountWide([{ name: 'pre-2023', policy: [TLS_ONLY], encryption: 'none' }]) },
      expect: { status: 'manual', resources: ['arn:aws:s3:::pre-2023', ROOT], message: 'objects written before may be unencrypted' },
    },
    {
      name: 'eachDeniedStoreIsAnErrorOfItsOwn',
      responses: {
        ...emptyRegion(),
        [k('ec2', 'GetEbsEncryptionByDefault')]: DENIED,
        [k('rds', 'DescribeDBInstances')]: DENIED,
        [k('efs', 'DescribeFileSystems')]: DENIED,
        [k('dynamodb', 'ListTables')]: DENIED,
        ...accountWide(),
        's3:ListBuckets': DENIED,
      },
      expect: {
        check: (r) =>
          expect(new Set(r.findings.map((f) => f.missingPermission).filter(Boolean))).toEqual(
            new Set(['ec2:GetEbsEncryptionByDefault', 'rds:DescribeDBInstances', 'elasticfilesystem:DescribeFileSystems', 'dynamodb:ListTables', 's3:ListAllMyBuckets']),
          ),
      },
    },
    {
      name: 'listingsAndPerResourceReadsDenied',
      responses: {
        ...emptyRegion(),
        [k('ec2', 'DescribeVolumes')]: DENIED,
        [k('ec2', 'DescribeSnapshots', { OwnerIds: ['self'] })]: DENIED,
        [k('rds', 'DescribeDBClusters')]: DENIED,
        ...tables,
        [k('dynamodb', 'DescribeTable', { TableName: 'orders' })]: DENIED,
        ...accountWide([{ name: 'locked', policy: [TLS_ONLY], encryption: 'denied' }]),
      },
      expect: {
        check: (r) => {
          expect(new Set(r.findings.map((f) => f.missingPermission).filter(Boolean))).toEqual(
            new Set(['ec2:DescribeVolumes', 'ec2:DescribeSnapshots', 'rds:DescribeDBClusters', 'dynamodb:DescribeTable', 's3:GetEncryptionConfiguration']),
          );
          expect(r.findings.find((f) => f.missingPermission === 'dynamodb:DescribeTable')?.resource).toBe(`arn:aws:dynamodb:${HOME}:${ACCT}:table/orders`);
        },
      },
    },
  ],
});
