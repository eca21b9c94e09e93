import type {
  GenerateCredentialReportCommandOutput,
  GetAccountAuthorizationDetailsCommandOutput,
  GetAccountPasswordPolicyCommandOutput,
  GetAccountSummaryCommandOutput,
  GetCredentialReportCommandOutput,
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
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { bool, bytes, date, id, list, maybe, num, obj, present, shapeOf, str, strings } from '../shapes.js';
import { fetchCredentialReport } from './iam-credential-report.js';

// Policy documents are not shaped here: parsePolicyDocument (src/checks/policy-document.ts) reads them,
// and an unreadable one is an `error` finding for that policy alone.
const attached = list(obj({ PolicyName: str, PolicyArn: str }));
const inline = list(obj({ PolicyName: str }));

export const iam = defineService({
  name: 'iam',
  iamPrefix: 'iam',
  global: true,
  load: () => sdkPackage<typeof import('@aws-sdk/client-iam')>('@aws-sdk/client-iam'),
  client: 'IAMClient',
  listsAlwaysSent: true,
  operations: {
    // SummaryMap is always returned (IAM API reference: GetAccountSummary); 1.1 and 1.2 read its counts.
    GetAccountSummary: {
      command: 'GetAccountSummaryCommand',
      shape: shapeOf<GetAccountSummaryCommandOutput>()({
        SummaryMap: present(obj({ AccountMFAEnabled: num, AccountAccessKeysPresent: num, Users: num })),
      }),
    },
    // No password policy set → NoSuchEntity: "absent", and the check decides that is not met.
    GetAccountPasswordPolicy: {
      command: 'GetAccountPasswordPolicyCommand',
      absent: ['NoSuchEntity', 'NoSuchEntityException'],
      shape: shapeOf<GetAccountPasswordPolicyCommandOutput>()({
        PasswordPolicy: obj({
          MinimumPasswordLength: num,
          RequireSymbols: bool,
          RequireNumbers: bool,
          RequireUppercaseCharacters: bool,
          RequireLowercaseCharacters: bool,
          AllowUsersToChangePassword: bool,
          ExpirePasswords: bool,
          MaxPasswordAge: num,
          PasswordReusePrevention: num,
          HardExpiry: bool,
        }),
      }),
    },
    // The one tolerated non-read call: it only asks IAM to (re)build the report.
    GenerateCredentialReport: { command: 'GenerateCredentialReportCommand', shape: shapeOf<GenerateCredentialReportCommandOutput>()({ State: str }) },
    // Content: the CSV, always there once the report exists (ReportNotPresent otherwise); its columns are
    // checked where it is parsed (iam-credential-report.ts).
    GetCredentialReport: {
      command: 'GetCredentialReportCommand',
      shape: shapeOf<GetCredentialReportCommandOutput>()({ Content: present(bytes), GeneratedTime: date }),
    },
    ListUsers: {
      command: 'ListUsersCommand',
      paginator: 'paginateListUsers',
      items: ['Users'],
      shape: shapeOf<ListUsersCommandOutput>()({ Users: z.array(obj({ UserName: z.string(), Arn: str, CreateDate: date })) }),
    },
    ListAccessKeys: {
      command: 'ListAccessKeysCommand',
      paginator: 'paginateListAccessKeys',
      items: ['AccessKeyMetadata'],
      shape: shapeOf<ListAccessKeysCommandOutput>()({ AccessKeyMetadata: z.array(obj({ AccessKeyId: id, Status: str, CreateDate: date })) }),
    },
    ListMFADevices: {
      command: 'ListMFADevicesCommand',
      paginator: 'paginateListMFADevices',
      items: ['MFADevices'],
      shape: shapeOf<ListMFADevicesCommandOutput>()({ MFADevices: z.array(obj({ SerialNumber: z.string(), EnableDate: z.date() })) }),
    },
    ListVirtualMFADevices: {
      command: 'ListVirtualMFADevicesCommand',
      paginator: 'paginateListVirtualMFADevices',
      items: ['VirtualMFADevices'],
      shape: shapeOf<ListVirtualMFADevicesCommandOutput>()({
        VirtualMFADevices: z.array(obj({ SerialNumber: z.string(), User: maybe({ Arn: z.string() }) })),
      }),
    },
    ListUserPolicies: {
      command: 'ListUserPoliciesCommand',
      paginator: 'paginateListUserPolicies',
      items: ['PolicyNames'],
      shape: shapeOf<ListUserPoliciesCommandOutput>()({ PolicyNames: z.array(z.string()) }),
    },
    ListAttachedUserPolicies: {
      command: 'ListAttachedUserPoliciesCommand',
      paginator: 'paginateListAttachedUserPolicies',
      items: ['AttachedPolicies'],
      shape: shapeOf<ListAttachedUserPoliciesCommandOutput>()({ AttachedPolicies: attached }),
    },
    ListSAMLProviders: {
      command: 'ListSAMLProvidersCommand',
      shape: shapeOf<ListSAMLProvidersCommandOutput>()({ SAMLProviderList: list(obj({ Arn: str })) }),
    },
    ListOpenIDConnectProviders: {
      command: 'ListOpenIDConnectProvidersCommand',
      shape: shapeOf<ListOpenIDConnectProvidersCommandOutput>()({ OpenIDConnectProviderList: list(obj({ Arn: str })) }),
    },
    GetAccountAuthorizationDetails: {
      command: 'GetAccountAuthorizationDetailsCommand',
      paginator: 'paginateGetAccountAuthorizationDetails',
      items: ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'],
      // Names and ARNs are always returned (IAM API reference: UserDetail, GroupDetail, RoleDetail,
      // ManagedPolicyDetail); 1.12 matches credential-report rows to users by Arn.
      shape: shapeOf<GetAccountAuthorizationDetailsCommandOutput>()({
        UserDetailList: list(obj({ UserName: id, Arn: id, GroupList: strings, UserPolicyList: inline, AttachedManagedPolicies: attached })),
        GroupDetailList: list(obj({ GroupName: id, Arn: str, GroupPolicyList: inline, AttachedManagedPolicies: attached })),
        RoleDetailList: list(obj({ RoleName: id, Arn: id, Path: str, RolePolicyList: inline, AttachedManagedPolicies: attached })),
        Policies: list(
          obj({
            PolicyName: str,
            Arn: id,
            DefaultVersionId: str,
            AttachmentCount: num,
            PolicyVersionList: list(obj({ VersionId: str, IsDefaultVersion: bool })),
          }),
        ),
      }),
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
