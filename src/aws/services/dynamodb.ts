// Amazon DynamoDB. ListTables paginates with ExclusiveStartTableName; DescribeTable per table. A table
// without SSEDescription is encrypted with an AWS owned key (DynamoDB encrypts every table at rest).
import type {
  DescribeContinuousBackupsCommandOutput,
  DescribeTableCommandOutput,
  ListTablesCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { defineService, type CallFn } from '../service.js';

export const dynamodb = defineService({
  name: 'dynamodb',
  iamPrefix: 'dynamodb',
  load: () => import('@aws-sdk/client-dynamodb'),
  client: 'DynamoDBClient',
  operations: {
    ListTables: { command: 'ListTablesCommand', paginator: 'paginateListTables', items: ['TableNames'] },
    // A table deleted since ListTables → undefined.
    DescribeTable: { command: 'DescribeTableCommand', absent: ['ResourceNotFoundException'] },
    // Point-in-time recovery (2.6); a table deleted since ListTables answers TableNotFoundException → undefined.
    DescribeContinuousBackups: { command: 'DescribeContinuousBackupsCommand', absent: ['TableNotFoundException'] },
  },
});

export const dynamodbAccessors = (call: CallFn) => ({
  tableNames: async (region: string) => (await call<ListTablesCommandOutput>('dynamodb', 'ListTables', {}, region)).TableNames ?? [],
  table: async (region: string, TableName: string) =>
    (await call<DescribeTableCommandOutput | undefined>('dynamodb', 'DescribeTable', { TableName }, region))?.Table,
  /** PointInTimeRecoveryDescription.PointInTimeRecoveryStatus ENABLED | DISABLED; undefined when the table is gone. */
  continuousBackups: async (region: string, TableName: string) =>
    (await call<DescribeContinuousBackupsCommandOutput | undefined>('dynamodb', 'DescribeContinuousBackups', { TableName }, region))
      ?.ContinuousBackupsDescription,
});
