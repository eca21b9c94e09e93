import type {
  DescribeParametersCommandOutput,
  DescribeInstanceInformationCommandOutput,
  ListAssociationsCommandOutput,
  ListDocumentsCommandOutput,
} from '@aws-sdk/client-ssm';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { id, list, obj, shapeOf, str } from '../shapes.js';

export const ssm = defineService({
  name: 'ssm',
  iamPrefix: 'ssm',
  load: () => sdkPackage<typeof import('@aws-sdk/client-ssm')>('@aws-sdk/client-ssm'),
  client: 'SSMClient',
  operations: {
    // Parameter metadata only (Name, ARN, Type String | StringList | SecureString, KeyId): never values.
    DescribeParameters: {
      command: 'DescribeParametersCommand',
      paginator: 'paginateDescribeParameters',
      items: ['Parameters'],
      shape: shapeOf<DescribeParametersCommandOutput>()({ Parameters: list(obj({ Name: id, ARN: str, Type: str })) }),
    },
    // Managed nodes (EC2 instances and hybrid nodes) whose SSM Agent reports in: InstanceId, PingStatus.
    DescribeInstanceInformation: {
      command: 'DescribeInstanceInformationCommand',
      paginator: 'paginateDescribeInstanceInformation',
      items: ['InstanceInformationList'],
      shape: shapeOf<DescribeInstanceInformationCommandOutput>()({ InstanceInformationList: list(obj({ InstanceId: id, PingStatus: str })) }),
    },
    // State Manager associations: Name is the SSM document (e.g. AWS-GatherSoftwareInventory).
    ListAssociations: {
      command: 'ListAssociationsCommand',
      paginator: 'paginateListAssociations',
      items: ['Associations'],
      shape: shapeOf<ListAssociationsCommandOutput>()({ Associations: list(obj({ Name: str })) }),
    },
    // Document metadata (Name, DocumentType, Owner, CreatedDate, Author…), never content; filtered by Owner/DocumentType.
    ListDocuments: {
      command: 'ListDocumentsCommand',
      paginator: 'paginateListDocuments',
      items: ['DocumentIdentifiers'],
      shape: shapeOf<ListDocumentsCommandOutput>()({ DocumentIdentifiers: list(obj({ Name: id })) }),
    },
  },
});

export const ssmAccessors = (call: CallFn) => ({
  parameters: async (region: string) =>
    (await call<DescribeParametersCommandOutput>('ssm', 'DescribeParameters', {}, region)).Parameters ?? [],
  /** Every SSM-managed node of the region. */
  managedInstances: async (region: string) =>
    (await call<DescribeInstanceInformationCommandOutput>('ssm', 'DescribeInstanceInformation', {}, region)).InstanceInformationList ?? [],
  /** Every State Manager association of the region (all documents; filter by Name). */
  associations: async (region: string) =>
    (await call<ListAssociationsCommandOutput>('ssm', 'ListAssociations', {}, region)).Associations ?? [],
  /** Automation runbooks the account owns in the region (Owner Self, DocumentType Automation): metadata only. */
  ownAutomationRunbooks: async (region: string) =>
    (
      await call<ListDocumentsCommandOutput>(
        'ssm',
        'ListDocuments',
        { Filters: [{ Key: 'Owner', Values: ['Self'] }, { Key: 'DocumentType', Values: ['Automation'] }] },
        region,
      )
    ).DocumentIdentifiers ?? [],
});
