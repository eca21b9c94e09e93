import type {
  GetAccountAuthorizationDetailsCommandOutput,
  GetAccountSummaryCommandOutput,
  ListAccessKeysCommandOutput,
  ListAttachedUserPoliciesCommandOutput,
  ListMFADevicesCommandOutput,
  ListSAMLProvidersCommandOutput,
  ListOpenIDConnectProvidersCommandOutput,
  ListUserPoliciesCommandOutput,
  ListUsersCommandOutput,
  ListVirtualMFADevicesCommandOutput,
  PasswordPolicy,
} from '@aws-sdk/client-iam';
import { defineService, type CallFn } from '../service.js';
import { fetchCredentialReport } from './iam-credential-report.js';

export const iam = defineService({
  name: 'iam',
  iamPrefix: 'iam',
  global: true,
  load: () => import('@aws-sdk/client-iam'),
  client: 'IAMClient',
  operations: {
    GetAccountSummary: { command: 'GetAccountSummaryCommand' },
    // No password policy set → NoSuchEntity: "absent", and the check decides that is not met.
    GetAccountPasswordPolicy: { command: 'GetAccountPasswordPolicyCommand', absent: ['NoSuchEntity', 'NoSuchEntityException'] },
    // The one tolerated non-read call: it only asks IAM to (re)build the report.
    GenerateCredentialReport: { command: 'GenerateCredentialReportCommand' },
    GetCredentialReport: { command: 'GetCredentialReportCommand' },
    ListUsers: { command: 'ListUsersCommand', paginator: 'paginateListUsers', items: ['Users'] },
    ListAccessKeys: { command: 'ListAccessKeysCommand', paginator: 'paginateListAccessKeys', items: ['AccessKeyMetadata'] },
    ListMFADevices: { command: 'ListMFADevicesCommand', paginator: 'paginateListMFADevices', items: ['MFADevices'] },
    ListVirtualMFADevices: {
      command: 'ListVirtualMFADevicesCommand',
      paginator: 'paginateListVirtualMFADevices',
      items: ['VirtualMFADevices'],
    },
    ListUserPolicies: { command: 'ListUserPoliciesCommand', paginator: 'paginateListUserPolicies', items: ['PolicyNames'] },
    ListAttachedUserPolicies: {
      command: 'ListAttachedUserPoliciesCommand',
      paginator: 'paginateListAttachedUserPolicies',
      items: ['AttachedPolicies'],
    },
    ListSAMLProviders: { command: 'ListSAMLProvidersCommand' },
    ListOpenIDConnectProviders: { command: 'ListOpenIDConnectProvidersCommand' },
    GetAccountAuthorizationDetails: {
      command: 'GetAccountAuthorizationDetailsCommand',
      paginator: 'paginateGetAccountAuthorizationDetails',
      items: ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'],
    },
  },
});

export const iamAccessors = (call: CallFn) => ({
  accountSummary: async () => (await call<GetAccountSummaryCommandOutput>('iam', 'GetAccountSummary')).SummaryMap ?? {},
  /** undefined when the account has no password policy at all. */
  passwordPolicy: async () =>
    (await call<{ PasswordPolicy?: PasswordPolicy } | undefined>('iam', 'GetAccountPasswordPolicy'))?.PasswordPolicy,
  credentialReport: () => fetchCredentialReport(call),
  users: async () => (await call<ListUsersCommandOutput>('iam', 'ListUsers')).Users ?? [],
  accessKeys: async (UserName: string) =>
    (await call<ListAccessKeysCommandOutput>('iam', 'ListAccessKeys', { UserName })).AccessKeyMetadata ?? [],
  mfaDevices: async (UserName: string) =>
    (await call<ListMFADevicesCommandOutput>('iam', 'ListMFADevices', { UserName })).MFADevices ?? [],
  virtualMfaDevices: async () =>
    (await call<ListVirtualMFADevicesCommandOutput>('iam', 'ListVirtualMFADevices')).VirtualMFADevices ?? [],
  userInlinePolicyNames: async (UserName: string) =>
    (await call<ListUserPoliciesCommandOutput>('iam', 'ListUserPolicies', { UserName })).PolicyNames ?? [],
  userAttachedPolicies: async (UserName: string) =>
    (await call<ListAttachedUserPoliciesCommandOutput>('iam', 'ListAttachedUserPolicies', { UserName })).AttachedPolicies ?? [],
  samlProviders: async () => (await call<ListSAMLProvidersCommandOutput>('iam', 'ListSAMLProviders')).SAMLProviderList ?? [],
  oidcProviders: async () =>
    (await call<ListOpenIDConnectProvidersCommandOutput>('iam', 'ListOpenIDConnectProviders')).OpenIDConnectProviderList ?? [],
  /** Users, groups, roles and managed policies with their documents, in one paginated pass. */
  authorizationDetails: () => call<GetAccountAuthorizationDetailsCommandOutput>('iam', 'GetAccountAuthorizationDetails'),
});
