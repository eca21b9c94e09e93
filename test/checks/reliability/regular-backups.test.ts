import check from '../../../src/checks/reliability/regular-backups.js';
import { DENIED, DENIED_EXCEPTION, daysAgo, testCheck } from '../../support/check-tester.js';

const A = 'arn:aws:rds:us-east-1:123456789012';
const DB = `${A}:db:billing`;
const CLUSTER = `${A}:cluster:orders`;
const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/sessions';
const EFS = 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0a1b2c3d';
const db = (extra = {}) => ({ DBInstanceIdentifier: 'billing', DBInstanceArn: DB, Engine: 'postgres', BackupRetentionPeriod: 0, ...extra });
const protectedAt = (arn: string, days: number) => ({ ResourceArn: arn, LastBackupTime: daysAgo(days), ResourceType: 'X' });
const pitr = (status: string) => ({
  'dynamodb:DescribeContinuousBackups@us-east-1 {"TableName":"sessions"}': {
    ContinuousBackupsDescription: { ContinuousBackupsStatus: status, PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: status } },
  },
});

const responses = (o: { dbs?: unknown[]; clusters?: unknown[]; tables?: string[]; fs?: unknown[]; protected?: unknown[] } = {}) => ({
  'rds:DescribeDBInstances@us-east-1': { DBInstances: o.dbs ?? [] },
  'rds:DescribeDBClusters@us-east-1': { DBClusters: o.clusters ?? [] },
  'dynamodb:ListTables@us-east-1': { TableNames: o.tables ?? [] },
  'efs:DescribeFileSystems@us-east-1': { FileSystems: o.fs ?? [] },
  'backup:ListProtectedResources@us-east-1': { Results: o.protected ?? [] },
});
const efs = { FileSystemId: 'fs-0a1b2c3d', FileSystemArn: EFS, Name: 'shared-uploads' };

testCheck(check, {
  met: [
    {
      name: 'recentAwsBackupCoversEveryStore',
      responses: responses({ dbs: [db()], tables: ['sessions'], fs: [efs], protected: [protectedAt(DB, 1), protectedAt(TABLE, 0), protectedAt(EFS, 6)] }),
      expect: { resources: [DB, TABLE, EFS], message: 'was backed up by AWS Backup 1 day(s) ago' },
    },
    {
      name: 'nativeAutomatedBackups',
      responses: {
        ...responses({
          dbs: [
            db({ BackupRetentionPeriod: 7 }),
            db({ DBInstanceIdentifier: 'billing-ro', DBInstanceArn: `${A}:db:billing-ro`, ReadReplicaSourceDBInstanceIdentifier: 'billing' }),
            db({ DBInstanceIdentifier: 'orders-1', DBInstanceArn: `${A}:db:orders-1`, DBClusterIdentifier: 'orders' }),
          ],
          clusters: [{ DBClusterIdentifier: 'orders', DBClusterArn: CLUSTER, Engine: 'aurora-postgresql', BackupRetentionPeriod: 1 }],
          tables: ['sessions'],
        }),
        ...pitr('ENABLED'),
      },
      expect: { resources: [DB, `${A}:db:billing-ro`, CLUSTER, TABLE], message: 'automated backups are kept 7 day(s)' },
    },
    { name: 'nothingToBackUp', responses: responses(), expect: { message: 'nothing to back up' } },
    {
      name: 'monthlyBackupWithinAConfiguredThirtyOneDays',
      responses: { ...responses({ tables: ['sessions'], protected: [protectedAt(TABLE, 30)] }), ...pitr('DISABLED') },
      thresholds: { backupMaxAgeDays: 31 },
      expect: { resources: [TABLE] },
    },
  ],
  notMet: [
    {
      name: 'rdsRetentionZeroWithoutAwsBackup',
      responses: responses({ dbs: [db()] }),
      expect: { resources: [DB], message: 'automated backups are off (BackupRetentionPeriod 0), and AWS Backup has not backed it up' },
    },
    {
      name: 'pitrOffAndStaleAwsBackup',
      responses: { ...responses({ tables: ['sessions'], protected: [protectedAt(TABLE, 30)] }), ...pitr('DISABLED') },
      expect: { resources: [TABLE], message: 'point-in-time recovery is off, and its latest AWS Backup recovery point is 30 days old' },
    },
    { name: 'efsNotInAwsBackup', responses: responses({ fs: [efs] }), expect: { resources: [EFS], message: 'EFS file system shared-uploads has no regular backup' } },
  ],
  cannotTell: [
    { name: 'protectedResourcesDenied', responses: { ...responses(), 'backup:ListProtectedResources@us-east-1': DENIED_EXCEPTION }, expect: { missingPermission: 'backup:ListProtectedResources' } },
    { name: 'dbInstancesDenied', responses: { ...responses(), 'rds:DescribeDBInstances@us-east-1': DENIED }, expect: { missingPermission: 'rds:DescribeDBInstances' } },
    { name: 'dbClustersDenied', responses: { ...responses(), 'rds:DescribeDBClusters@us-east-1': DENIED }, expect: { missingPermission: 'rds:DescribeDBClusters' } },
    { name: 'listTablesDenied', responses: { ...responses(), 'dynamodb:ListTables@us-east-1': DENIED_EXCEPTION }, expect: { missingPermission: 'dynamodb:ListTables' } },
    {
      name: 'continuousBackupsDenied',
      responses: { ...responses({ tables: ['sessions'] }), 'dynamodb:DescribeContinuousBackups@us-east-1 {"TableName":"sessions"}': DENIED_EXCEPTION },
      expect: { resources: [TABLE], missingPermission: 'dynamodb:DescribeContinuousBackups' },
    },
    { name: 'fileSystemsDenied', responses: { ...responses(), 'efs:DescribeFileSystems@us-east-1': DENIED }, expect: { missingPermission: 'elasticfilesystem:DescribeFileSystems' } },
  ],
});
