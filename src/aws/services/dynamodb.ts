// Amazon DynamoDB. ListTables paginates with ExclusiveStartTableName; DescribeTable per table. A table
// without SSEDescription is encrypted with an AWS owned key (DynamoDB encrypts every table at rest).
import type {
  DescribeContinuousBackupsCommandOutput,
  DescribeTableCommandOutput,
  ListTablesCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { maybe, num, obj, present, shapeOf, str, strings } from '../shapes.js';

export const dynamodb = defineService({
  name: 'dynamodb',
  iamPrefix: 'dynamodb',
  load: () => sdkPackage<typeof import('@aws-sdk/client-dynamodb')>('@aws-sdk/client-dynamodb'),
  client: 'DynamoDBClient',
  operations: {
    ListTables: {
      command: 'ListTablesCommand',
      paginator: 'paginateListTables',
      items: ['TableNames'],
      shape: shapeOf<ListTablesCommandOutput>()({ TableNames: strings }),
    },
    // A table deleted since ListTables → undefined. An answer always describes the table (read as "gone"
    // when missing, it would drop the table from the verdict).
    DescribeTable: {
      command: 'DescribeTableCommand',
      absent: ['ResourceNotFoundException'],
      shape: shapeOf<DescribeTableCommandOutput>()({
        Table: present(obj({ TableArn: str, SSEDescription: maybe({ Status: str, SSEType: str, KMSMasterKeyArn: str }) })),
      }),
    },
    // Point-in-time recovery (2.6); a table deleted since ListTables answers TableNotFoundException → undefined.
    DescribeContinuousBackups: {
      command: 'DescribeContinuousBackupsCommand',
      absent: ['TableNotFoundException'],
      shape: shapeOf<DescribeContinuousBackupsCommandOutput>()({
        ContinuousBackupsDescription: present(
          obj({ PointInTimeRecoveryDescription: maybe({ PointInTimeRecoveryStatus: str, RecoveryPeriodInDays: num }) }),
        ),
      }),
    },
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
