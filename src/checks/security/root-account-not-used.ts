// 1.1 The AWS account root user is not used for routine activities.
// Decided by the credential report's <root_account> row: password_last_used, and per access-key slot
// access_key_N_active / access_key_N_last_used_date; corroborated by iam:GetAccountSummary
// AccountAccessKeysPresent, which is live (a credential report may be up to four hours old) and also
// counts inactive keys.
// Not met: the root password was used within thresholds.rootRecentUseDays; the root user has any access
// key (active, or present per the account summary; root keys have no business existing); a root key was
// used within the window. Met otherwise, with the last-use dates as evidence. A report without the
// <root_account> row, or one that cannot be read, cannot tell → error; an account summary that cannot be
// read (or lacks AccountAccessKeysPresent) → error, unless the report already shows the root user in use.
// Either read alone can show a root key: the other's failure does not erase that verdict.
// The API cannot tell routine work from the few tasks that need root (closing the account, changing the
// support plan, …): a recent root sign-in is reported with its date so a person can explain it.
import type { CredentialReportRow } from '../../aws/services/iam-credential-report.js';
import type { Finding } from '../../model.js';
import { daysBetween, defineCheck, errorFinding, findingFromError, met, notMet } from '../define-check.js';

export default defineCheck({
  meta: {
    id: '1.1',
    kind: 'automated',
    scope: 'account',
    permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport', 'iam:GetAccountSummary'],
    remediation:
      'Do day-to-day work as IAM Identity Center users or IAM users; keep the root password and MFA device locked ' +
      'away for the tasks that require root. Delete every root access key (Security credentials → Access keys).',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html',
  },
  async run({ aws, account, thresholds, now }) {
    // Settled, not awaited: each read decides what it can when the other fails.
    const [report, summary] = await Promise.allSettled([aws.iam.credentialReport(), aws.iam.accountSummary()]);
    const keysPresent = summary.status === 'fulfilled' ? summary.value.AccountAccessKeysPresent : undefined;
    const summaryFinding =
      summary.status === 'rejected'
        ? findingFromError(summary.reason, account.rootArn)
        : keysPresent !== 0 && keysPresent !== 1
          ? errorFinding(account.rootArn, 'could not tell: iam:GetAccountSummary did not return AccountAccessKeysPresent (0 or 1)')
          : undefined;
    const days = thresholds.rootRecentUseDays;
    if (report.status === 'rejected' || !report.value.root) {
      const cause =
        report.status === 'rejected' ? findingFromError(report.reason, account.rootArn) : errorFinding(account.rootArn, 'could not tell: the credential report has no <root_account> row');
      // The account summary alone shows a root access key: that verdict needs no report.
      if (keysPresent === 1) return [notMet(account.rootArn, 'The root user has an access key (account summary): delete it.', { AccountAccessKeysPresent: 1 }), cause];
      return summaryFinding ? [cause, summaryFinding] : [cause];
    }
    const root = report.value.root;
    const evidence: Record<string, unknown> = { ...rootEvidence(root), ...(keysPresent === 0 || keysPresent === 1 ? { AccountAccessKeysPresent: keysPresent } : {}) };
    const findings: Finding[] = [];
    const recent = rootRecentUse(root, days, now);
    if (recent.length) {
      findings.push(notMet(account.rootArn, `The root user was used recently: ${recent.join('; ')} (window: ${days} days).`, evidence));
    }
    const active = rootActiveKeys(root);
    if (active.length) {
      findings.push(notMet(account.rootArn, `The root user has active access key(s) in slot ${active.join(' and ')}: delete them.`, evidence));
    } else if (keysPresent === 1) {
      findings.push(notMet(account.rootArn, 'The root user has an access key (inactive, or created since the credential report): delete it.', evidence));
    }
    if (summaryFinding) findings.push(summaryFinding);
    if (findings.length === 0) {
      findings.push(met(account.rootArn, `The root user has no access keys and was not used in the last ${days} days.`, evidence));
    }
    return findings;
  },
});

const day = (d: Date) => d.toISOString().slice(0, 10);

/** What shows the root user in use within `windowDays`: password sign-ins and access-key calls. */
export function rootRecentUse(root: CredentialReportRow, windowDays: number, now: Date): string[] {
  const uses: string[] = [];
  const pw = root.passwordLastUsed;
  if (pw && daysBetween(pw, now) <= windowDays) uses.push(`root password last used ${daysBetween(pw, now)} days ago (${day(pw)})`);
  for (const key of root.accessKeys) {
    const used = key.lastUsedDate;
    if (used && daysBetween(used, now) <= windowDays) {
      uses.push(`root access key ${key.slot} last used ${daysBetween(used, now)} days ago (${day(used)}, ${key.lastUsedService ?? 'unknown service'})`);
    }
  }
  return uses;
}

/** Slots (1, 2) of the root user's active access keys. */
export function rootActiveKeys(root: CredentialReportRow): number[] {
  return root.accessKeys.filter((k) => k.active).map((k) => k.slot);
}

function rootEvidence(root: CredentialReportRow): Record<string, unknown> {
  return {
    passwordLastUsed: root.passwordLastUsed ? day(root.passwordLastUsed) : 'never (or no information)',
    accessKeys: root.accessKeys.map((k) => ({
      slot: k.slot,
      active: k.active,
      lastUsed: k.lastUsedDate ? day(k.lastUsedDate) : 'never',
    })),
    mfaActive: root.mfaActive,
  };
}
