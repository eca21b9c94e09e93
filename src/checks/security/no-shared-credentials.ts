// 1.8 IAM credentials are not shared among multiple users.
// Whether one person or several use a credential is not in any AWS API (region/service spread of key use
// proves nothing), so this is a partial check: it decides what the API can prove and hands the rest to
// people with the evidence.
//   Not met: the root user has an active access key (credential report). Root credentials cannot be
//     restricted or revoked per person, the item names handing them out as the case to avoid, and a root
//     key exists only to be given to something other than the person holding the root sign-in.
//   Met: there are no IAM users and root has no access key and has not been used within
//     thresholds.rootRecentUseDays — people can only come in through federation, one identity each.
//   Manual otherwise: one finding per console user whose name looks shared or generic (admin, shared, team,
//     ops, test, dev, …), and one account finding with the counts (IAM users, console users, users with
//     both a password and keys, recent root use) for a person to attest that each identity is one person's.
import type { CredentialReportRow } from '../../aws/services/iam-credential-report.js';
import type { Finding } from '../../model.js';
import { defineCheck, errorFinding, manual, met, notMet } from '../define-check.js';
import { rootActiveKeys, rootRecentUse } from './root-account-not-used.js';

const GENERIC = new Set([
  'admin', 'administrator', 'shared', 'share', 'team', 'ops', 'devops', 'test', 'testing', 'dev', 'developer', 'service',
  'svc', 'generic', 'common', 'general', 'guest', 'temp', 'tmp', 'support', 'user', 'demo', 'training', 'staff', 'all',
  'everyone', 'group', 'office', 'helpdesk', 'root', 'master',
]);

export default defineCheck({
  meta: {
    id: '1.8',
    kind: 'partial',
    scope: 'account',
    permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
    remediation:
      'Give each person their own identity (IAM Identity Center or one IAM user each), replace shared/generic users ' +
      'with per-person ones, delete root access keys, and attest that no IAM credential is used by more than one person.',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
  },
  async run({ aws, account, thresholds, now }) {
    const report = await aws.iam.credentialReport();
    if (!report.root) return [errorFinding(account.rootArn, 'could not tell: the credential report has no <root_account> row')];
    const rootKeys = rootActiveKeys(report.root);
    const rootUse = rootRecentUse(report.root, thresholds.rootRecentUseDays, now);
    const consoleUsers = report.users.filter((u) => u.passwordEnabled);
    const generic = consoleUsers.filter((u) => looksShared(u.user));
    const evidence = {
      iamUsers: report.users.length,
      consoleUsers: consoleUsers.length,
      usersWithPasswordAndKeys: consoleUsers.filter(hasActiveKey).map((u) => u.user),
      usersWithKeysOnly: report.users.filter((u) => !u.passwordEnabled && hasActiveKey(u)).map((u) => u.user),
      genericLookingNames: generic.map((u) => u.user),
      rootActiveAccessKeys: rootKeys.length,
      rootRecentUse: rootUse,
    };
    const findings: Finding[] = [];
    if (rootKeys.length) {
      findings.push(notMet(account.rootArn, 'The root user has an active access key: root credentials cannot be limited or revoked per person; delete it.', evidence));
    }
    if (report.users.length === 0 && rootUse.length === 0 && rootKeys.length === 0) {
      return [met(account.rootArn, `No IAM users exist and the root user was not used in ${thresholds.rootRecentUseDays} days: people sign in through federation only.`, evidence)];
    }
    for (const u of generic) {
      findings.push(manual(u.arn, `${u.user}: the name looks shared or generic; confirm one person uses it, or replace it with per-person users.`, { user: u.user }));
    }
    findings.push(
      manual(
        account.rootArn,
        `Attest that each of the ${report.users.length} IAM user(s) is used by one person or one workload` +
          `${rootUse.length ? ', and who signed in as root' : ''}; the API cannot show who uses a credential.`,
        evidence,
      ),
    );
    return findings;
  },
});

const hasActiveKey = (u: CredentialReportRow) => u.accessKeys.some((k) => k.active);

/** A name made of generic words (shared-ops, admin2, test_user) rather than a person or a workload. */
export function looksShared(name: string): boolean {
  return name
    .toLowerCase()
    .split(/[^a-z]+/)
    .some((word) => GENERIC.has(word));
}
