// 1.2 MFA is enabled on the AWS account root user.
// Decided by iam:GetAccountSummary → SummaryMap.AccountMFAEnabled (1 = the root user has an MFA device).
// AccountMFAEnabled counts any MFA device on root, virtual or hardware; both satisfy the item. IAM always
// returns it (0 or 1): a summary without it, or with another value, cannot tell → error, not "no MFA".
import { defineCheck, errorFinding, met, notMet } from '../define-check.js';

export default defineCheck({
  meta: {
    id: '1.2',
    kind: 'automated',
    scope: 'account',
    permissions: ['iam:GetAccountSummary'],
    remediation:
      'Sign in as the root user and assign an MFA device (Security credentials → Multi-factor authentication). ' +
      'Prefer a hardware or passkey device for the root user.',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html',
  },
  async run({ aws, account }) {
    const summary = await aws.iam.accountSummary();
    const enabled = summary.AccountMFAEnabled;
    if (enabled === 1) return [met(account.rootArn, 'The root user has an MFA device.', { AccountMFAEnabled: 1 })];
    if (enabled === 0) return [notMet(account.rootArn, 'The root user has no MFA device.', { AccountMFAEnabled: 0 })];
    return [errorFinding(account.rootArn, `could not tell: iam:GetAccountSummary returned AccountMFAEnabled ${JSON.stringify(enabled ?? null)}, not 0 or 1`)];
  },
});
