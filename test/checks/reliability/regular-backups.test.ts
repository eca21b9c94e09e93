import check from '../../../src/checks/reliability/regular-backups.js';
import { DENIED, DENIED_EXCEPTION, NOW, THROTTLED, daysAgo, testCheck } from '../../support/check-tester.js';

const A = 'arn:aws:rds:us-east-1:123456789012';
const DB = `${A}:db:billing`;
const CLUSTER = `${A}:cluster:orders`;
const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/sessions';
const EFS = 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0a1b2c3d';
const db = (extra = {}) => ({ DBInstanceIdentifier: 'billing', DBInstanceArn: DB, Engine: 'postgres', BackupRetentionPeriod: 0, ...extra });
const cluster = (extra = {}) => ({ DBClusterIdentifier: 'orders', DBClusterArn: CLUSTER, Engine: 'aurora-postgresql', BackupRetentionPeriod: 1, ...extra });
const protectedAt = (arn: string, days: number) => ({ ResourceArn: arn, LastBackupTime: daysAgo(days), ResourceType: 'X' });
const pitr = (status: string, table = 'sessions') => ({
  [`dynamodb:DescribeContinuousBackups@us-east-1 {"TableName":"${table}"}`]: {
    ContinuousBackupsDescription: { ContinuousBackupsStatus: status, PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: status } },
  },
});

const PROTECTED = 'backup:ListProtectedResources@us-east-1';
const PLANS = 'backup:ListBackupPlans@us-east-1';
const responses = (o: { dbs?: unknown[]; clusters?: unknown[]; tables?: string[]; fs?: unknown[]; protected?: unknown[] } = {}, region = 'us-east-1') => ({
  [`rds:DescribeDBInstances@${region}`]: { DBInstances: o.dbs ?? [] },
  [`rds:DescribeDBClusters@${region}`]: { DBClusters: o.clusters ?? [] },
  [`dynamodb:ListTables@${region}`]: { TableNames: o.tables ?? [] },
  [`efs:DescribeFileSystems@${region}`]: { FileSystems: o.fs ?? [] },
  [`backup:ListProtectedResources@${region}`]: { Results: o.protected ?? [] },
});
const efs = { FileSystemId: 'fs-0a1b2c3d', FileSystemArn: EFS, Name: 'shared-uploads' };
const NOTHING = (region: string) => `arn:aws:backup:${region}:123456789012:*`;
const PLAN = { BackupPlanId: 'p-1', BackupPlanName: 'daily', BackupPlanArn: 'arn:aws:backup:us-east-1:123456789012:backup-plan:p-1' };

testCheck(check, {
  met: [
    {
      name: 'recentAwsBackupCoversEveryStore',
      responses: responses({ dbs: [db()], tables: ['sessions'], fs: [efs], protected: [protectedAt(DB, 1), protectedAt(TABLE, 0), protectedAt(EFS, 6)] }),
      expect: { resources: [DB, TABLE, EFS], message: 'was backed up by AWS Backup 1 day(s) ago' },
    },
    {
      name: 'backupExactlyAtTheThresholdCounts',
      // 7 days and 23 hours is 7 whole days: still within the default 7.
      responses: { ...responses({ tables: ['sessions'], fs: [efs], protected: [protectedAt(TABLE, 7), { ...protectedAt(EFS, 0), LastBackupTime: new Date(NOW.getTime() - (8 * 86_400_000 - 3_600_000)).toISOString() }] }) },
      expect: { resources: [TABLE, EFS], message: 'DynamoDB table sessions was backed up by AWS Backup 7 day(s) ago' },
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
          clusters: [cluster()],
          tables: ['sessions'],
        }),
        ...pitr('ENABLED'),
      },
      expect: { resources: [DB, `${A}:db:billing-ro`, CLUSTER, TABLE], message: 'automated backups are kept 7 day(s)' },
    },
    { name: 'nothingToBackUp', responses: responses(), expect: { resources: [NOTHING('us-east-1')], message: 'nothing to back up' } },
    {
      name: 'monthlyBackupWithinAConfiguredThirtyOneDays',
      responses: { ...responses({ tables: ['sessions'], protected: [protectedAt(TABLE, 30)] }), ...pitr('DISABLED') },
      thresholds: { backupMaxAgeDays: 31 },
      expect: { resources: [TABLE], message: '30 day(s) ago' },
    },
    {
      name: 'nativeBackupsStandWithoutTheProtectedResourcesListing',
      responses: { ...responses({ dbs: [db({ BackupRetentionPeriod: 3 })], tables: ['sessions'] }), ...pitr('ENABLED'), [PROTECTED]: DENIED_EXCEPTION },
      expect: { resources: [DB, TABLE], message: 'automated backups are kept 3 day(s)' },
    },
    {
      name: 'nothingToBackUpStandsWithoutTheProtectedResourcesListing',
      responses: { ...responses(), [PROTECTED]: DENIED_EXCEPTION },
      expect: { resources: [NOTHING('us-east-1')], message: 'nothing to back up' },
    },
    {
      name: 'storesBeingDeletedAreLeftOut',
      responses: responses({
        dbs: [db({ DBInstanceStatus: 'deleting' })],
        clusters: [cluster({ Status: 'deleting', BackupRetentionPeriod: 0 })],
        fs: [{ ...efs, LifeCycleState: 'deleted' }, { ...efs, FileSystemId: 'fs-2', FileSystemArn: `${EFS}2`, LifeCycleState: 'deleting' }],
      }),
      expect: { resources: [NOTHING('us-east-1')], message: 'nothing to back up' },
    },
    {
      name: 'anEmptyRegionDoesNotHoldTheItemBack',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...responses({ clusters: [cluster()] }), ...responses({}, 'eu-west-1') },
      expect: { resources: [CLUSTER, NOTHING('eu-west-1')] },
    },
  ],
  notMet: [
    {
      name: 'rdsRetentionZeroWithoutAwsBackup',
      responses: responses({ dbs: [db()] }),
      expect: { resources: [DB], message: 'RDS instance billing (postgres) has no regular backup: automated backups are off (BackupRetentionPeriod 0), and AWS Backup has not backed it up' },
    },
    {
      name: 'pitrOffAndStaleAwsBackup',
      responses: { ...responses({ tables: ['sessions'], protected: [protectedAt(TABLE, 30)] }), ...pitr('DISABLED') },
      expect: { resources: [TABLE], message: 'point-in-time recovery is off, and its latest AWS Backup recovery point is 30 days old' },
    },
    {
      name: 'backupOneDayPastTheThreshold',
      responses: { ...responses({ tables: ['sessions', 'carts'], protected: [protectedAt(TABLE, 8), protectedAt(TABLE.replace('sessions', 'carts'), 6)] }), ...pitr('DISABLED') },
      expect: { resources: [TABLE], metResources: [TABLE.replace('sessions', 'carts')], message: 'its latest AWS Backup recovery point is 8 days old' },
    },
    {
      name: 'clusterWithoutRetentionAmongSeveralStores',
      responses: responses({ dbs: [db({ BackupRetentionPeriod: 7, DBInstanceStatus: 'available' })], clusters: [cluster({ BackupRetentionPeriod: 0, Status: 'available' })], protected: [protectedAt(DB, 100)] }),
      expect: { resources: [CLUSTER], metResources: [DB], message: 'DB cluster orders (aurora-postgresql) has no regular backup' },
    },
    { name: 'efsNotInAwsBackup', responses: responses({ fs: [{ ...efs, LifeCycleState: 'available' }] }), expect: { resources: [EFS], message: 'EFS file system shared-uploads has no regular backup: AWS Backup has not backed it up' } },
    {
      name: 'noPlanAndBackupsOffStandsWithoutTheProtectedResourcesListing',
      responses: { ...responses({ dbs: [db()], fs: [efs] }), [PROTECTED]: DENIED_EXCEPTION, [PLANS]: { BackupPlansList: [] } },
      expect: { resources: [DB, EFS], message: 'automated backups are off (BackupRetentionPeriod 0), and no AWS Backup plan exists in us-east-1' },
    },
    {
      name: 'notMetStandsWhenAnotherListingFails',
      responses: { ...responses({ dbs: [db()] }), 'efs:DescribeFileSystems@us-east-1': DENIED, 'dynamodb:ListTables@us-east-1': THROTTLED },
      expect: { resources: [DB] },
    },
  ],
  cannotTell: [
    {
      name: 'protectedResourcesDeniedWithAPlanInTheRegion',
      responses: { ...responses({ dbs: [db()], clusters: [cluster()] }), [PROTECTED]: DENIED_EXCEPTION, [PLANS]: { BackupPlansList: [PLAN] } },
      expect: { resources: [DB], metResources: [CLUSTER], missingPermission: 'backup:ListProtectedResources' },
    },
    {
      name: 'protectedResourcesAndPlansDenied',
      responses: { ...responses({ fs: [efs] }), [PROTECTED]: DENIED_EXCEPTION, [PLANS]: DENIED_EXCEPTION },
      expect: { resources: [EFS], missingPermission: 'backup:ListProtectedResources' },
    },
    {
      name: 'dbInstancesDenied',
      responses: { ...responses({ clusters: [cluster()] }), 'rds:DescribeDBInstances@us-east-1': DENIED },
      expect: { resources: [`${A}:db:*`], metResources: [CLUSTER], missingPermission: 'rds:DescribeDBInstances' },
    },
    { name: 'dbClustersDenied', responses: { ...responses(), 'rds:DescribeDBClusters@us-east-1': DENIED }, expect: { resources: [`${A}:cluster:*`], missingPermission: 'rds:DescribeDBClusters' } },
    {
      name: 'listTablesDenied',
      responses: { ...responses(), 'dynamodb:ListTables@us-east-1': DENIED_EXCEPTION },
      expect: { resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/*'], missingPermission: 'dynamodb:ListTables' },
    },
    {
      name: 'continuousBackupsDenied',
      responses: { ...responses({ tables: ['sessions'] }), 'dynamodb:DescribeContinuousBackups@us-east-1 {"TableName":"sessions"}': DENIED_EXCEPTION },
      expect: { resources: [TABLE], missingPermission: 'dynamodb:DescribeContinuousBackups' },
    },
    {
      name: 'tableDeletedDuringTheScanIsLeftOut',
      responses: {
        ...responses({ tables: ['sessions', 'gone'] }),
        'dynamodb:DescribeContinuousBackups@us-east-1 {"TableName":"sessions"}': DENIED_EXCEPTION,
        'dynamodb:DescribeContinuousBackups@us-east-1 {"TableName":"gone"}': { $error: { name: 'TableNotFoundException', message: 'Table not found', httpStatusCode: 400 } },
      },
      expect: { resources: [TABLE], missingPermission: 'dynamodb:DescribeContinuousBackups' },
    },
    {
      name: 'fileSystemsDenied',
      responses: { ...responses(), 'efs:DescribeFileSystems@us-east-1': DENIED },
      expect: { resources: ['arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/*'], missingPermission: 'elasticfilesystem:DescribeFileSystems' },
    },
  ],
});
