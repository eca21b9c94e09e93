// 1.3 IAM user accounts (or federated identities) are used for all routine activities.
// Routine work needs a sign-in path other than root. The API shows which exist:
//   - IAM users with a console password (credential report: password_enabled);
//   - human identity federation: SAML providers (iam:ListSAMLProviders) and IAM Identity Center permission
//     sets provisioned into the account, i.e. roles named AWSReservedSSO_* (GetAccountAuthorizationDetails,
//     the accessor 1.12 also reads, so the call is shared).
//   - roles that principals of other accounts may assume (trust policy Principal.AWS in another account):
//     the identity-account pattern, where people sign in once and switch roles into this account.
// OIDC providers are listed as evidence only: they mostly serve workloads (CI, EKS), not people.
// Not met: no console user and no federation (everything is done as root), or the root user used within
// thresholds.rootRecentUseDays (1.1's definition). Met otherwise, with the counts as evidence.
import type { Finding } from '../../model.js';
import { defineCheck, errorFinding, met, notMet } from '../define-check.js';
import { otherAccountPrincipals, parsePolicyDocument } from '../policy-document.js';
import { rootRecentUse } from './root-account-not-used.js';

export default defineCheck({
  meta: {
    id: '1.3',
    kind: 'automated',
    scope: 'account',
    permissions: [
      'iam:GenerateCredentialReport',
      'iam:GetCredentialReport',
      'iam:GetAccountAuthorizationDetails',
      'iam:ListSAMLProviders',
      'iam:ListOpenIDConnectProviders',
    ],
    remediation:
      'Give every person their own identity: IAM Identity Center (preferred) or an IAM user in an Administrators ' +
      'group with the AdministratorAccess managed policy; then stop signing in as root for routine work.',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/getting-started-workloads.html',
  },
  async run({ aws, account, thresholds, now }) {
    const [report, details, saml, oidc] = await Promise.all([
      aws.iam.credentialReport(),
      aws.iam.authorizationDetails(),
      aws.iam.samlProviders(),
      aws.iam.oidcProviders(),
    ]);
    if (!report.root) return [errorFinding(account.rootArn, 'could not tell: the credential report has no <root_account> row')];

    const consoleUsers = report.users.filter((u) => u.passwordEnabled).length;
    const roles = details.RoleDetailList ?? [];
    const identityCenterRoles = roles.filter((r) => r.RoleName?.startsWith('AWSReservedSSO_')).length;
    const crossAccountRoles = roles.filter((r) => r.Path !== '/aws-service-role/' && trustsOtherAccounts(r.AssumeRolePolicyDocument, account.id)).length;
    const evidence = {
      iamUsers: report.users.length,
      consoleUsers,
      samlProviders: saml.length,
      identityCenterRoles,
      crossAccountRoles,
      oidcProviders: oidc.length,
    };
    const findings: Finding[] = [];
    if (consoleUsers + saml.length + identityCenterRoles + crossAccountRoles === 0) {
      findings.push(
        notMet(
          account.rootArn,
          'No IAM user has console access and no identity federation (SAML provider, IAM Identity Center, or roles ' +
            'assumable from another account) is set up: routine work can only be done as the root user.',
          evidence,
        ),
      );
    }
    const recent = rootRecentUse(report.root, thresholds.rootRecentUseDays, now);
    if (recent.length) {
      findings.push(notMet(account.rootArn, `The root user is still used: ${recent.join('; ')}. Use your own identities instead.`, evidence));
    }
    if (findings.length === 0) {
      findings.push(met(account.rootArn, `People sign in as themselves: ${describe(evidence)}; root not used in ${thresholds.rootRecentUseDays} days.`, evidence));
    }
    return findings;
  },
});

function describe(e: { consoleUsers: number; samlProviders: number; identityCenterRoles: number; crossAccountRoles: number }): string {
  const parts = [
    e.consoleUsers ? `${e.consoleUsers} IAM user(s) with console access` : '',
    e.identityCenterRoles ? `${e.identityCenterRoles} IAM Identity Center permission set role(s)` : '',
    e.samlProviders ? `${e.samlProviders} SAML provider(s)` : '',
    e.crossAccountRoles ? `${e.crossAccountRoles} role(s) assumable from other accounts` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/** A trust policy that lets principals of another account assume the role (an unreadable one counts as no). */
function trustsOtherAccounts(document: string | undefined, ownAccount: string): boolean {
  const parsed = parsePolicyDocument(document);
  return parsed.ok && otherAccountPrincipals(parsed.statements, ownAccount).length > 0;
}
