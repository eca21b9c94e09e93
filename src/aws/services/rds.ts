// Amazon RDS (and Aurora, Neptune, DocumentDB, which share the RDS API). Both listings paginate with
// Marker; DescribeDBClusters lists Aurora and Multi-AZ DB clusters, DescribeDBInstances every instance
// (cluster members carry DBClusterIdentifier).
import type { DescribeDBClustersCommandOutput, DescribeDBInstancesCommandOutput } from '@aws-sdk/client-rds';
import { defineService, type CallFn } from '../service.js';

export const rds = defineService({
  name: 'rds',
  iamPrefix: 'rds',
  load: () => import('@aws-sdk/client-rds'),
  client: 'RDSClient',
  operations: {
    DescribeDBInstances: { command: 'DescribeDBInstancesCommand', paginator: 'paginateDescribeDBInstances', items: ['DBInstances'] },
    DescribeDBClusters: { command: 'DescribeDBClustersCommand', paginator: 'paginateDescribeDBClusters', items: ['DBClusters'] },
  },
});

export const rdsAccessors = (call: CallFn) => ({
  dbInstances: async (region: string) =>
    (await call<DescribeDBInstancesCommandOutput>('rds', 'DescribeDBInstances', {}, region)).DBInstances ?? [],
  dbClusters: async (region: string) =>
    (await call<DescribeDBClustersCommandOutput>('rds', 'DescribeDBClusters', {}, region)).DBClusters ?? [],
});
