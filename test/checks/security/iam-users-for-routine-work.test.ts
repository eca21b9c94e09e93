import { expect } from 'vitest';
import check from '../../../src/checks/security/iam-users-for-routine-work.js';
import { ACCOUNT, DENIED, daysAgo, testCheck } from '../../support/check-tester.js';
import { authorizationDetails, credentialReport, root, ssoRole, user, userDetail } from '../../support/iam-fixtures.js';

const noSaml = { 'iam:ListSAMLProviders': { SAMLProviderList: [] } };
const okta = { 'iam:ListSAMLProviders': { SAMLProviderList: [{ Arn: `arn:aws:iam::${ACCOUNT.id}:saml-provider/Okta`, CreateDate: daysAgo(400) }] } };
const noOidc = { 'iam:ListOpenIDConnectProviders': { OpenIDConnectProviderList: [] } };
const githubOidc = {
  'iam:ListOpenIDConnectProviders': {
    OpenIDConnectProviderList: [{ Arn: `arn:aws:iam::${ACCOUNT.id}:oidc-provider/token.actions.githubusercontent.com` }],
  },
};
const alice = user('alice', { password: { lastChanged: daysAgo(30), lastUsed: daysAgo(1) }, mfa: true });
const ciBot = user('ci-bot', { key1: { lastRotated: daysAgo(5), lastUsed: daysAgo(1) } });
const idleRoot = root({ passwordLastUsed: daysAgo(300) });
const noRoles = authorizationDetails({});
/** A role with this (URL-encoded, as GetAccountAuthorizationDetails returns it) trust policy. */
const roleTrusting = (name: string, principal: unknown) => ({
  Path: '/',
  RoleName: name,
  Arn: `arn:aws:iam::${ACCOUNT.id}:role/${name}`,
  AssumeRolePolicyDocument: encodeURIComponent(
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] }),
  ),
  RolePolicyList: [],
  AttachedManagedPolicies: [],
});

testCheck(check, {
  met: [
    {
      name: 'consoleUsersAndIdleRoot',
      responses: { ...credentialReport([idleRoot, alice]), ...authorizationDetails({ users: [userDetail('alice')] }), ...noSaml, ...noOidc },
      expect: { resources: [ACCOUNT.rootArn], message: '1 IAM user(s) with console access' },
    },
    {
      name: 'identityCenterOnlyNoIamUsers',
      responses: { ...credentialReport([root()]), ...authorizationDetails({ roles: [ssoRole('AdministratorAccess')] }), ...noSaml, ...noOidc },
      expect: { message: '1 IAM Identity Center permission set role(s)' },
    },
    {
      name: 'samlFederationWithServiceUser',
      responses: { ...credentialReport([idleRoot, ciBot]), ...noRoles, ...okta, ...githubOidc },
      expect: { message: '1 SAML provider(s)', check: (r) => expect(r.findings[0].evidence).toMatchObject({ oidcProviders: 1, iamUsers: 1 }) },
    },
    {
      name: 'peopleComeFromAnIdentityAccount',
      responses: {
        ...credentialReport([idleRoot]),
        ...authorizationDetails({ roles: [roleTrusting('OrgAdmin', { AWS: 'arn:aws:iam::111122223333:root' })] }),
        ...noSaml,
        ...noOidc,
      },
      expect: { message: '1 role(s) assumable from other accounts' },
    },
  ],
  notMet: [
    {
      name: 'onlyServiceAndSameAccountRoles',
      responses: {
        ...credentialReport([idleRoot]),
        ...authorizationDetails({
          roles: [roleTrusting('LambdaExec', { Service: 'lambda.amazonaws.com' }), roleTrusting('Local', { AWS: `arn:aws:iam::${ACCOUNT.id}:root` })],
        }),
        ...noSaml,
        ...noOidc,
      },
      expect: { message: 'routine work can only be done as the root user' },
    },
    {
      name: 'onlyRootAndAServiceUser',
      responses: { ...credentialReport([idleRoot, ciBot]), ...noRoles, ...noSaml, ...githubOidc },
      expect: { message: 'routine work can only be done as the root user' },
    },
    {
      name: 'consoleUsersButRootUsedLastWeek',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(7) }), alice]), ...noRoles, ...noSaml, ...noOidc },
      expect: { resources: [ACCOUNT.rootArn], message: 'root password last used 7 days ago' },
    },
  ],
  cannotTell: [
    {
      name: 'authorizationDetailsDenied',
      responses: { ...credentialReport([idleRoot, alice]), 'iam:GetAccountAuthorizationDetails': DENIED, ...noSaml, ...noOidc },
      expect: { missingPermission: 'iam:GetAccountAuthorizationDetails' },
    },
    {
      name: 'samlProvidersDenied',
      responses: { ...credentialReport([idleRoot, alice]), ...noRoles, 'iam:ListSAMLProviders': DENIED, ...noOidc },
      expect: { missingPermission: 'iam:ListSAMLProviders' },
    },
    { name: 'reportWithoutRootRow', responses: { ...credentialReport([alice]), ...noRoles, ...noSaml, ...noOidc }, expect: { message: 'no <root_account> row' } },
  ],
});
