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

const ROOT = ACCOUNT.rootArn;
const everyone = { ...noSaml, ...noOidc };

testCheck(check, {
  met: [
    {
      name: 'consoleUsersAndIdleRoot',
      responses: { ...credentialReport([idleRoot, alice, ciBot]), ...authorizationDetails({ users: [userDetail('alice')] }), ...everyone },
      expect: {
        metResources: [ROOT],
        message: 'People sign in as themselves: 1 IAM user(s) with console access; root not used in 90 days.',
        check: (r) =>
          expect(r.findings[0].evidence).toEqual({
            iamUsers: 2,
            consoleUsers: 1,
            samlProviders: 0,
            identityCenterRoles: 0,
            crossAccountRoles: 0,
            oidcProviders: 0,
            unread: [],
          }),
      },
    },
    {
      name: 'identityCenterOnlyNoIamUsers',
      responses: { ...credentialReport([root()]), ...authorizationDetails({ roles: [ssoRole('AdministratorAccess'), ssoRole('ReadOnly')] }), ...everyone },
      expect: { metResources: [ROOT], message: 'People sign in as themselves: 2 IAM Identity Center permission set role(s); root' },
    },
    {
      name: 'samlFederationWithServiceUser',
      responses: { ...credentialReport([idleRoot, ciBot]), ...noRoles, ...okta, ...githubOidc },
      expect: {
        metResources: [ROOT],
        message: 'People sign in as themselves: 1 SAML provider(s); root',
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ oidcProviders: 1, iamUsers: 1, consoleUsers: 0 }),
      },
    },
    {
      name: 'peopleComeFromAnIdentityAccount',
      responses: {
        ...credentialReport([idleRoot]),
        ...authorizationDetails({
          roles: [
            roleTrusting('OrgAdmin', { AWS: 'arn:aws:iam::111122223333:root' }),
            roleTrusting('Auditor', { AWS: ['444455556666'] }),
            roleTrusting('LambdaExec', { Service: 'lambda.amazonaws.com' }),
          ],
        }),
        ...everyone,
      },
      expect: { metResources: [ROOT], message: 'People sign in as themselves: 2 role(s) assumable from other accounts; root' },
    },
    {
      name: 'everyPathAtOnce',
      responses: {
        ...credentialReport([idleRoot, alice]),
        ...authorizationDetails({ roles: [ssoRole('Admin'), roleTrusting('OrgAdmin', { AWS: 'arn:aws:iam::111122223333:role/admin' })] }),
        ...okta,
        ...noOidc,
      },
      expect: {
        metResources: [ROOT],
        message:
          'People sign in as themselves: 1 IAM user(s) with console access, 1 IAM Identity Center permission set role(s), 1 SAML provider(s), 1 role(s) assumable from other accounts; root not used in 90 days.',
      },
    },
    {
      // Console users are a way in: the reads that failed could only have added more.
      name: 'consoleUsersWhenOtherReadsFail',
      responses: {
        ...credentialReport([idleRoot, alice]),
        'iam:GetAccountAuthorizationDetails': DENIED,
        'iam:ListSAMLProviders': DENIED,
        'iam:ListOpenIDConnectProviders': DENIED,
      },
      expect: {
        metResources: [ROOT],
        message: '1 IAM user(s) with console access; root not used',
        check: (r) =>
          expect(r.findings[0].evidence).toMatchObject({
            samlProviders: null,
            identityCenterRoles: null,
            oidcProviders: null,
            unread: ['missing permission iam:GetAccountAuthorizationDetails', 'missing permission iam:ListSAMLProviders', 'missing permission iam:ListOpenIDConnectProviders'],
          }),
      },
    },
    {
      name: 'oidcDeniedIsEvidenceOnly',
      responses: { ...credentialReport([idleRoot]), ...okta, ...noRoles, 'iam:ListOpenIDConnectProviders': DENIED },
      expect: { metResources: [ROOT], check: (r) => expect(r.findings[0].evidence).toMatchObject({ oidcProviders: null }) },
    },
    {
      name: 'rootUsed91DaysAgo',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(91) }), alice]), ...noRoles, ...everyone },
      expect: { metResources: [ROOT] },
    },
  ],
  notMet: [
    {
      name: 'onlyServiceAndSameAccountRoles',
      responses: {
        ...credentialReport([idleRoot]),
        ...authorizationDetails({
          roles: [
            roleTrusting('LambdaExec', { Service: 'lambda.amazonaws.com' }),
            roleTrusting('Local', { AWS: `arn:aws:iam::${ACCOUNT.id}:root` }),
            roleTrusting('LocalId', { AWS: ACCOUNT.id }),
            { ...roleTrusting('AWSServiceRoleForSupport', { AWS: 'arn:aws:iam::111122223333:root' }), Path: '/aws-service-role/support.amazonaws.com/' },
            { ...roleTrusting('Garbled', {}), AssumeRolePolicyDocument: '%ZZ' },
          ],
        }),
        ...everyone,
      },
      expect: {
        resources: [ROOT],
        message: 'routine work can only be done as the root user',
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ crossAccountRoles: 0, identityCenterRoles: 0 }),
      },
    },
    {
      name: 'onlyRootAndAServiceUser',
      responses: { ...credentialReport([idleRoot, ciBot]), ...noRoles, ...noSaml, ...githubOidc },
      expect: { resources: [ROOT], message: 'routine work can only be done as the root user' },
    },
    {
      name: 'consoleUsersButRootUsedLastWeek',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(7) }), alice]), ...noRoles, ...everyone },
      expect: { resources: [ROOT], metResources: [], message: 'The root user is still used: root password last used 7 days ago (2026-05-25). Use your own identities instead.' },
    },
    {
      name: 'rootUsedExactly90DaysAgo',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(90) }), alice]), ...noRoles, ...everyone },
      expect: { resources: [ROOT], message: 'root password last used 90 days ago' },
    },
    {
      name: 'rootUsedAndNoOtherWayIn',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(1) })]), ...noRoles, ...everyone },
      expect: { resources: [ROOT, ROOT] },
    },
    {
      // Root in use is not met whatever the reads that failed would have shown.
      name: 'rootUsedWhileOtherReadsFail',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(1) })]), 'iam:GetAccountAuthorizationDetails': DENIED, 'iam:ListSAMLProviders': DENIED, ...noOidc },
      expect: { resources: [ROOT], message: 'The root user is still used' },
    },
  ],
  cannotTell: [
    {
      name: 'authorizationDetailsDeniedNoOtherWayIn',
      responses: { ...credentialReport([idleRoot, ciBot]), 'iam:GetAccountAuthorizationDetails': DENIED, ...everyone },
      expect: { resources: [ROOT], missingPermission: 'iam:GetAccountAuthorizationDetails' },
    },
    {
      name: 'samlProvidersDeniedNoOtherWayIn',
      responses: { ...credentialReport([idleRoot]), ...noRoles, 'iam:ListSAMLProviders': DENIED, ...noOidc },
      expect: { resources: [ROOT], missingPermission: 'iam:ListSAMLProviders' },
    },
    {
      name: 'credentialReportDenied',
      responses: { 'iam:GenerateCredentialReport': DENIED, ...noRoles, 'iam:ListSAMLProviders': DENIED, ...noOidc },
      expect: {
        resources: [ROOT, ROOT],
        check: (r) => expect(r.findings.map((f) => f.missingPermission)).toEqual(['iam:GenerateCredentialReport', 'iam:ListSAMLProviders']),
      },
    },
    { name: 'reportWithoutRootRow', responses: { ...credentialReport([alice]), ...noRoles, ...everyone }, expect: { resources: [ROOT], message: 'no <root_account> row' } },
  ],
});
