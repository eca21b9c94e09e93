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
// One path is enough: when the credential report shows console users, a SAML or authorization-details read
// that failed changes nothing (evidence names it as unread); when nothing read shows a path, such a failure
// is the item's error. Without the credential report (root use unknown) → error.
import type { Finding } from '../../model.js';
import { defineCheck, errorFinding, findingFromError, met, notMet } from '../define-check.js';
import { otherAccountPrincipals, parsePolicyDocument } from '../policy-document.js';
import { rootRecentUse } from './root-account-not-used.js';

const SERVICE_LINKED_PATH = '/aws-service-role/';

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
    // Settled, not awaited: one path people sign in by is enough for met, so a read that fails only
    // matters when nothing else shows a path (and OIDC providers are evidence only).
    const [reportR, detailsR, samlR, oidcR] = await Promise.allSettled([
      aws.iam.credentialReport(),
      aws.iam.authorizationDetails(),
      aws.iam.samlProviders(),
      aws.iam.oidcProviders(),
    ]);
    const failed = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? [findingFromError(r.reason, account.rootArn)] : []);
    if (reportR.status === 'rejected') return [...failed(reportR), ...failed(detailsR), ...failed(samlR)];
    const report = reportR.value;
    if (!report.root) return [errorFinding(account.rootArn, 'could not tell: the credential report has no <root_account> row')];

    const roles = detailsR.status === 'fulfilled' ? (detailsR.value.RoleDetailList ?? []) : undefined;
    const evidence = {
      iamUsers: report.users.length,
      consoleUsers: report.users.filter((u) => u.passwordEnabled).length,
      samlProviders: samlR.status === 'fulfilled' ? samlR.value.length : null,
      identityCenterRoles: roles ? roles.filter((r) => r.RoleName?.startsWith('AWSReservedSSO_')).length : null,
      crossAccountRoles: roles
        ? roles.filter((r) => !(r.Path ?? '').startsWith(SERVICE_LINKED_PATH) && trustsOtherAccounts(r.AssumeRolePolicyDocument, account.id)).length
        : null,
      oidcProviders: oidcR.status === 'fulfilled' ? oidcR.value.length : null,
      unread: [detailsR, samlR, oidcR].flatMap((r) => (r.status === 'rejected' ? [failed(r)[0].message.replace(/^could not tell: /, '')] : [])),
    };
    const paths = evidence.consoleUsers + (evidence.samlProviders ?? 0) + (evidence.identityCenterRoles ?? 0) + (evidence.crossAccountRoles ?? 0);
    const findings: Finding[] = [];
    const recent = rootRecentUse(report.root, thresholds.rootRecentUseDays, now);
    if (recent.length) {
      findings.push(notMet(account.rootArn, `The root user is still used: ${recent.join('; ')}. Use your own identities instead.`, evidence));
    }
    if (paths === 0 && (detailsR.status === 'rejected' || samlR.status === 'rejected')) {
      // Nothing read shows a way in but root; what could not be read might.
      if (findings.length === 0) findings.push(...failed(detailsR), ...failed(samlR));
    } else if (paths === 0) {
      findings.push(
        notMet(
          account.rootArn,
          'No IAM user has console access and no identity federation (SAML provider, IAM Identity Center, or roles ' +
            'assumable from another account) is set up: routine work can only be done as the root user.',
          evidence,
        ),
      );
    }
    if (findings.length === 0) {
      findings.push(met(account.rootArn, `People sign in as themselves: ${describe(evidence)}; root not used in ${thresholds.rootRecentUseDays} days.`, evidence));
    }
    return findings;
  },
});

type Counts = { consoleUsers: number; samlProviders: number | null; identityCenterRoles: number | null; crossAccountRoles: number | null };

function describe(e: Counts): string {
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
