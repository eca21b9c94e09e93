// AWS Organizations (global). What the estate layer reads:
// - DescribeOrganization, from every account scanned (member accounts may call it): the organization's id and
//   its management account, so findings can tell "another account of the organization" from "outside it".
//   An account that belongs to no organization answers AWSOrganizationsNotInUseException → undefined.
// - ListAccounts, from the management account or a delegated administrator (`--org`): every account with its
//   Name and Status (ACTIVE | SUSPENDED | PENDING_CLOSURE); only ACTIVE accounts are scanned.
// - ListRoots / ListOrganizationalUnitsForParent / ListAccountsForParent: the OU tree, for --ous / --exclude-ous.
// Every listing paginates with NextToken.
import type {
  DescribeOrganizationCommandOutput,
  ListAccountsCommandOutput,
  ListAccountsForParentCommandOutput,
  ListOrganizationalUnitsForParentCommandOutput,
  ListRootsCommandOutput,
} from '@aws-sdk/client-organizations';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { id, list, maybe, obj, present, shapeOf, str } from '../shapes.js';

// An account id is 12 digits (the API reference's pattern ^\d{12}$): anything else in a listing is not an account.
const account = obj({ Id: present(z.string().regex(/^\d{12}$/)), Arn: str, Name: str, Status: str });

export const organizations = defineService({
  name: 'organizations',
  iamPrefix: 'organizations',
  global: true,
  load: () => sdkPackage<typeof import('@aws-sdk/client-organizations')>('@aws-sdk/client-organizations'),
  client: 'OrganizationsClient',
  operations: {
    DescribeOrganization: {
      command: 'DescribeOrganizationCommand',
      absent: ['AWSOrganizationsNotInUseException'],
      shape: shapeOf<DescribeOrganizationCommandOutput>()({
        Organization: maybe({ Id: present(z.string()), MasterAccountId: present(z.string()), Arn: str }),
      }),
    },
    ListAccounts: {
      command: 'ListAccountsCommand',
      paginator: 'paginateListAccounts',
      items: ['Accounts'],
      shape: shapeOf<ListAccountsCommandOutput>()({ Accounts: list(account) }),
    },
    ListRoots: {
      command: 'ListRootsCommand',
      paginator: 'paginateListRoots',
      items: ['Roots'],
      shape: shapeOf<ListRootsCommandOutput>()({ Roots: list(obj({ Id: id })) }),
    },
    ListOrganizationalUnitsForParent: {
      command: 'ListOrganizationalUnitsForParentCommand',
      paginator: 'paginateListOrganizationalUnitsForParent',
      items: ['OrganizationalUnits'],
      shape: shapeOf<ListOrganizationalUnitsForParentCommandOutput>()({ OrganizationalUnits: list(obj({ Id: id, Name: str })) }),
    },
    ListAccountsForParent: {
      command: 'ListAccountsForParentCommand',
      paginator: 'paginateListAccountsForParent',
      items: ['Accounts'],
      shape: shapeOf<ListAccountsForParentCommandOutput>()({ Accounts: list(account) }),
    },
  },
});

export const organizationsAccessors = (call: CallFn) => ({
  /** The organization this account belongs to, or undefined when it belongs to none. */
  organization: async () => (await call<DescribeOrganizationCommandOutput | undefined>('organizations', 'DescribeOrganization'))?.Organization,
  accounts: async () => (await call<ListAccountsCommandOutput>('organizations', 'ListAccounts')).Accounts ?? [],
  roots: async () => (await call<ListRootsCommandOutput>('organizations', 'ListRoots')).Roots ?? [],
  ousOf: async (ParentId: string) =>
    (await call<ListOrganizationalUnitsForParentCommandOutput>('organizations', 'ListOrganizationalUnitsForParent', { ParentId })).OrganizationalUnits ?? [],
  accountsOf: async (ParentId: string) =>
    (await call<ListAccountsForParentCommandOutput>('organizations', 'ListAccountsForParent', { ParentId })).Accounts ?? [],
});
