// 1.4 MFA is enabled for all interactive IAM users.
// "Interactive" = the user has a console password (credential report: password_enabled = true); users
// without one cannot sign in to the console and are not looked at here (their access keys are 1.12's
// business). Decided per user by mfa_active, which is true for any assigned MFA device (virtual,
// hardware, FIDO/passkey). Not met: a console user with mfa_active = false (one finding per user, resource
// = user ARN). Met: every console user has MFA, or there are no console users (said so).
// Federated people (IAM Identity Center, SAML) get MFA from their identity provider, which the IAM API
// cannot see; they are outside this check.
import { defineCheck, met, notMet } from '../define-check.js';

export default defineCheck({
  meta: {
    id: '1.4',
    kind: 'automated',
    scope: 'account',
    permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
    remediation:
      'Have each listed user assign an MFA device (IAM → Users → Security credentials → Assign MFA device), and ' +
      'deny console actions without MFA (aws:MultiFactorAuthPresent) until they do.',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html',
  },
  async run({ aws, account }) {
    const report = await aws.iam.credentialReport();
    const consoleUsers = report.users.filter((u) => u.passwordEnabled);
    if (consoleUsers.length === 0) {
      return [
        met(account.rootArn, 'No IAM user has a console password, so no interactive IAM user needs MFA.', {
          iamUsers: report.users.length,
          consoleUsers: 0,
        }),
      ];
    }
    return consoleUsers.map((u) => {
      const evidence = { user: u.user, passwordEnabled: true, mfaActive: u.mfaActive };
      return u.mfaActive
        ? met(u.arn, `${u.user} signs in to the console with MFA.`, evidence)
        : notMet(u.arn, `${u.user} has a console password but no MFA device.`, evidence);
    });
  },
});
