// Amazon RDS (and Aurora, Neptune, DocumentDB, which share the RDS API). Both listings paginate with
// Marker; DescribeDBClusters lists Aurora and Multi-AZ DB clusters, DescribeDBInstances every instance
// (cluster members carry DBClusterIdentifier).
import type { DescribeDBClustersCommandOutput, DescribeDBInstancesCommandOutput } from '@aws-sdk/client-rds';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { bool, date, id, list, num, obj, shapeOf, str } from '../shapes.js';

export const rds = defineService({
  name: 'rds',
  iamPrefix: 'rds',
  load: () => sdkPackage<typeof import('@aws-sdk/client-rds')>('@aws-sdk/client-rds'),
  client: 'RDSClient',
  listsAlwaysSent: true,
  operations: {
    // Identifiers and ARNs are always returned (RDS API reference: DBInstance, DBCluster); the RDS model
    // marks nothing required. StorageEncrypted, MultiAZ and BackupRetentionPeriod decide 1.22, 2.6 and 2.8.
    DescribeDBInstances: {
      command: 'DescribeDBInstancesCommand',
      paginator: 'paginateDescribeDBInstances',
      items: ['DBInstances'],
      shape: shapeOf<DescribeDBInstancesCommandOutput>()({
        DBInstances: list(
          obj({
            DBInstanceIdentifier: id,
            DBInstanceArn: str,
            DBClusterIdentifier: str,
            ReadReplicaSourceDBInstanceIdentifier: str,
            Engine: str,
            MultiAZ: bool,
            AvailabilityZone: str,
            SecondaryAvailabilityZone: str,
            StorageEncrypted: bool,
            KmsKeyId: str,
            BackupRetentionPeriod: num,
            LatestRestorableTime: date,
          }),
        ),
      }),
    },
    DescribeDBClusters: {
      command: 'DescribeDBClustersCommand',
      paginator: 'paginateDescribeDBClusters',
      items: ['DBClusters'],
      shape: shapeOf<DescribeDBClustersCommandOutput>()({
        DBClusters: list(
          obj({
            DBClusterIdentifier: id,
            DBClusterArn: id,
            Engine: str,
            EngineMode: str,
            MultiAZ: bool,
            StorageEncrypted: bool,
            KmsKeyId: str,
            BackupRetentionPeriod: num,
            LatestRestorableTime: date,
            DBClusterMembers: list(obj({ DBInstanceIdentifier: id })),
          }),
        ),
      }),
    },
  },
});

export const rdsAccessors = (call: CallFn) => ({
  dbInstances: async (region: string) =>
    (await call<DescribeDBInstancesCommandOutput>('rds', 'DescribeDBInstances', {}, region)).DBInstances ?? [],
  dbClusters: async (region: string) =>
    (await call<DescribeDBClustersCommandOutput>('rds', 'DescribeDBClusters', {}, region)).DBClusters ?? [],
});
