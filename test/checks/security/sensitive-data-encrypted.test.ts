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
        resources: [ROOT],
        metResources: [
          EBS_DEFAULT,
          `arn:aws:ec2:${HOME}:${ACCT}:volume/*`,
          `arn:aws:ec2:${HOME}::snapshot/*`,
          dbArn('cluster', 'orders-aurora'),
          dbArn('db', 'reports'),
          `arn:aws:elasticfilesystem:${HOME}:${ACCT}:file-system/fs-0123`,
          `arn:aws:dynamodb:${HOME}:${ACCT}:table/sessions`,
          `arn:aws:dynamodb:${HOME}:${ACCT}:table/orders`,
          listenerArn('web', 443),
          listenerArn('web', 80),
          `arn:aws:elasticloadbalancing:${HOME}:${ACCT}:loadbalancer/billing`,
          'arn:aws:s3:::assets',
          'arn:aws:s3:::customer-data',
          'arn:aws:s3:::assets',
          'arn:aws:s3:::customer-data',
        ],
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
      name: 'emptyRegionsDoNotHoldTheItemBack',
      regions: [HOME, 'eu-west-1'],
      responses: { ...emptyRegion(), ...emptyRegion('eu-west-1'), ...accountWide() },
      expect: { status: 'manual', resources: [ROOT], metResources: [EBS_DEFAULT, `arn:aws:ec2:eu-west-1:${ACCT}:ebs-encryption-by-default`], check: onlyClassificationLeft },
    },
    {
      name: 'storesBeingDeletedAreNotJudged',
      responses: {
        ...emptyRegion(),
        [k('ec2', 'DescribeVolumes')]: { Volumes: [{ ...volume('vol-0going', false), State: 'deleting' }, volume('vol-0aaa', true)] },
        [k('rds', 'DescribeDBInstances')]: { DBInstances: [{ DBInstanceIdentifier: 'old', DBInstanceArn: dbArn('db', 'old'), Engine: 'mysql', StorageEncrypted: false, DBInstanceStatus: 'deleting' }] },
        [k('efs', 'DescribeFileSystems')]: { FileSystems: [{ FileSystemId: 'fs-0going', Encrypted: false, LifeCycleState: 'deleting' }] },
        ...accountWide(),
      },
      expect: { status: 'manual', resources: [ROOT], metResources: [EBS_DEFAULT, `arn:aws:ec2:${HOME}:${ACCT}:volume/*`] },
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
      name: 'ebsDefaultOffAndOneOfSeveralVolumesUnencrypted',
      responses: {
        ...emptyRegion(HOME, false),
        [k('ec2', 'DescribeVolumes')]: { Volumes: [volume('vol-0aaa', true), volume('vol-0plain', false), volume('vol-0bbb', true), { ...volume('vol-0new', true), State: 'creating', Attachments: [] }] },
        ...accountWide(),
      },
      expect: {
        resources: [EBS_DEFAULT, `arn:aws:ec2:${HOME}:${ACCT}:volume/vol-0plain`],
        metResources: [`arn:aws:ec2:${HOME}:${ACCT}:volume/*`],
        message: 'EBS volume vol-0plain is not encrypted (attached to i-0abc1234def567890).',
        check: (r) => expect(r.findings.find((f) => f.resource.endsWith('volume/*'))?.evidence).toEqual({ encrypted: 3 }),
      },
    },
    {
      name: 'unencryptedOwnSnapshotAmongOthers',
      responses: {
        ...emptyRegion(),
        [k('ec2', 'DescribeSnapshots', { OwnerIds: ['self'] })]: { Snapshots: [snapshot('snap-0new', true), snapshot('snap-0old', false), snapshot('snap-0public', false, '099720109477')] },
        ...accountWide(),
      },
      expect: { resources: [`arn:aws:ec2:${HOME}::snapshot/snap-0old`], metResources: [EBS_DEFAULT, `arn:aws:ec2:${HOME}::snapshot/*`] },
    },
    {
      name: 'ebsDefaultOffInOneRegionOnly',
      regions: [HOME, 'eu-west-1'],
      responses: { ...emptyRegion(), ...emptyRegion('eu-west-1', false), ...accountWide() },
      expect: { resources: [`arn:aws:ec2:eu-west-1:${ACCT}:ebs-encryption-by-default`], metResources: [EBS_DEFAULT] },
    },
    {
      name: 'unencryptedRdsClusterAndInstance',
      responses: { ...emptyRegion(), ...rds([['analytics', false]], [['analytics-1', false, 'analytics'], ['legacy-reports', false]]), ...accountWide() },
      expect: { resources: [dbArn('cluster', 'analytics'), dbArn('db', 'legacy-reports')], metResources: [EBS_DEFAULT] },
    },
    {
      name: 'unencryptedEfs',
      responses: { ...emptyRegion(), [k('efs', 'DescribeFileSystems')]: { FileSystems: [{ FileSystemId: 'fs-0plain', Name: 'shared-home', Encrypted: false }] }, ...accountWide() },
      expect: { resources: [`arn:aws:elasticfilesystem:${HOME}:${ACCT}:file-system/fs-0plain`], metResources: [EBS_DEFAULT], message: 'shared-home is not encrypted' },
    },
    {
      name: 'internalPlainHttpIsNotMetForSensitiveData',
      responses: { ...emptyRegion(), ...loadBalancers([{ name: 'admin', scheme: 'internal', listeners: [{ protocol: 'HTTP', port: 8080, rules: [[FORWARD]] }] }]), ...accountWide() },
      expect: { resources: [listenerArn('admin', 8080)] },
    },
    {
      name: 'bucketAcceptsPlainHttp',
      responses: { ...emptyRegion(), ...accountWide([{ name: 'exports' }]) },
      expect: { resources: ['arn:aws:s3:::exports'], metResources: [EBS_DEFAULT, 'arn:aws:s3:::exports'], message: 'no bucket policy' },
    },
    {
      name: 'bucketDenyOnAnotherBoolKeyIsNoTlsEnforcement',
      responses: { ...emptyRegion(), ...accountWide([{ name: 'exports', policy: [{ ...TLS_ONLY, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }] }]) },
      expect: { resources: ['arn:aws:s3:::exports'], message: "Bucket exports's policy does not deny plain-HTTP requests" },
    },
    {
      name: 'classicTlsListenerAcceptsTls10',
      responses: {
        ...emptyRegion(),
        ...classicTls,
        [k('elb', 'DescribeLoadBalancerPolicies', { LoadBalancerName: 'billing' })]: {
          PolicyDescriptions: [
            { PolicyName: 'tls12', PolicyTypeName: 'SSLNegotiationPolicyType', PolicyAttributeDescriptions: [{ AttributeName: 'Protocol-TLSv1', AttributeValue: 'true' }, { AttributeName: 'Protocol-TLSv1.2', AttributeValue: 'true' }] },
          ],
        },
        ...accountWide(),
      },
      expect: { resources: [`arn:aws:elasticloadbalancing:${HOME}:${ACCT}:loadbalancer/billing`], message: 'still accepts TLSv1 (deprecated)' },
    },
  ],
  cannotTell: [
    {
      name: 'bucketWithoutDefaultEncryptionLeftToPeople',
      responses: { ...emptyRegion(), ...accountWide([{ name: 'pre-2023', policy: [TLS_ONLY], encryption: 'none' }]) },
      expect: { status: 'manual', resources: ['arn:aws:s3:::pre-2023', ROOT], metResources: [EBS_DEFAULT, 'arn:aws:s3:::pre-2023'], message: 'objects written before may be unencrypted' },
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
        // ListBuckets is one call shared by the at-rest and in-transit looks: both name all buckets.
        resources: [EBS_DEFAULT, `arn:aws:rds:${HOME}:${ACCT}:db:*`, `arn:aws:elasticfilesystem:${HOME}:${ACCT}:file-system/*`, `arn:aws:dynamodb:${HOME}:${ACCT}:table/*`, 'arn:aws:s3:::*', 'arn:aws:s3:::*'],
        check: (r) =>
          expect(new Set(r.findings.map((f) => f.missingPermission).filter(Boolean))).toEqual(
            new Set(['ec2:GetEbsEncryptionByDefault', 'rds:DescribeDBInstances', 'elasticfilesystem:DescribeFileSystems', 'dynamodb:ListTables', 's3:ListAllMyBuckets']),
          ),
      },
    },
    {
      // AWS always names a snapshot's owner: one without OwnerId is a malformed answer, not "another owner's".
      name: 'snapshotWithoutOwnerIsAMalformedAnswer',
      responses: {
        ...emptyRegion(),
        ...accountWide(),
        [k('ec2', 'DescribeSnapshots', { OwnerIds: ['self'] })]: { Snapshots: [snapshot('snap-0aaa', true), { SnapshotId: 'snap-noowner', Encrypted: false }] },
      },
      expect: {
        resources: [`arn:aws:ec2:${HOME}::snapshot/*`],
        message: 'answered a malformed response: Snapshots[1].OwnerId is missing',
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
        resources: [
          `arn:aws:ec2:${HOME}:${ACCT}:volume/*`,
          `arn:aws:ec2:${HOME}::snapshot/*`,
          `arn:aws:rds:${HOME}:${ACCT}:db:*`,
          `arn:aws:dynamodb:${HOME}:${ACCT}:table/orders`,
          'arn:aws:s3:::locked',
        ],
        metResources: [EBS_DEFAULT, `arn:aws:dynamodb:${HOME}:${ACCT}:table/sessions`, 'arn:aws:s3:::locked'],
        check: (r) =>
          expect(new Set(r.findings.map((f) => f.missingPermission).filter(Boolean))).toEqual(
            new Set(['ec2:DescribeVolumes', 'ec2:DescribeSnapshots', 'rds:DescribeDBClusters', 'dynamodb:DescribeTable', 's3:GetEncryptionConfiguration']),
          ),
      },
    },
  ],
});
