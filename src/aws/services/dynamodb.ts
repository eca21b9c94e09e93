// Amazon DynamoDB. ListTables paginates with ExclusiveStartTableName; DescribeTable per table. A table
// without SSEDescription is encrypted with an AWS owned key (DynamoDB encrypts every table at rest).
import {
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  paginateListTables,
  type DescribeTableCommandOutput,
  type ListTablesCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { defineService, type CallFn } from '../service.js';

export const dynamodb = defineService({
  name: 'dynamodb',
  iamPrefix: 'dynamodb',
  client: (config) => new DynamoDBClient(config),
  operations: {
    ListTables: { command: ListTablesCommand, paginator: paginateListTables, items: ['TableNames'] },
    // A table deleted since ListTables → undefined.
    DescribeTable: { command: DescribeTableCommand, absent: ['ResourceNotFoundException'] },
  },
});

export const dynamodbAccessors = (call: CallFn) => ({
  tableNames: async (region: string) => (await call<ListTablesCommandOutput>('dynamodb', 'ListTables', {}, region)).TableNames ?? [],
  table: async (region: string, TableName: string) =>
    (await call<DescribeTableCommandOutput | undefined>('dynamodb', 'DescribeTable', { TableName }, region))?.Table,
});
