// 1.5 IAM credentials are rotated regularly.
// Per IAM user, from the credential report:
//   - active access key: access_key_N_last_rotated older than thresholds.accessKeyMaxAgeDays → not met;
//     access_key_N_last_used_date older than thresholds.unusedCredentialDays (or never used and created
//     longer ago than that) → not met (an unused key should be removed, not rotated);
//   - console password: password_last_changed older than the password policy's MaxPasswordAge, or
//     thresholds.passwordPolicy.maxAgeDays when the policy sets no expiry → not met; password_last_used
//     older than thresholds.unusedCredentialDays (or never used since it was set that long ago) → not met.
// Account: the item asks for a password policy that makes users rotate, so no password policy or one
// without MaxPasswordAge (iam:GetAccountPasswordPolicy) → not met.
// Could not tell (error): an active key or a console password whose date the report does not give; a
// console user with no other problem when the password policy (which sets the password's limit) could not be
// read. A failed policy read leaves every key verdict standing; a failed report leaves the policy verdict.
// The report carries no access key ids; findings name the user (resource = user ARN) and the key slot.
import type { AccessKeyColumns, CredentialReportRow } from '../../aws/services/iam-credential-report.js';
import type { Thresholds } from '../../config/thresholds.js';
import type { Finding } from '../../model.js';
import { daysBetween, defineCheck, errorFinding, findingFromError, met, notMet } from '../define-check.js';

export default defineCheck({
  meta: {
    id: '1.5',
    kind: 'automated',
    scope: 'account',
    permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport', 'iam:GetAccountPasswordPolicy'],
    remediation:
      'Rotate each listed access key (create a second key, switch the workload, deactivate then delete the old one), ' +
      'delete keys and passwords nobody uses, and set a password policy with an expiry (IAM → Account settings).',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html',
  },
  async run({ aws, account, thresholds, now }) {
    // Settled, not awaited: key verdicts need no password policy, and the policy verdict needs no report.
    const [reportR, policyR] = await Promise.allSettled([aws.iam.credentialReport(), aws.iam.passwordPolicy()]);
    const findings: Finding[] = [];
    let policyMaxAge: number | undefined;
    if (policyR.status === 'rejected') findings.push(findingFromError(policyR.reason, account.rootArn));
    else {
      const policy = policyR.value;
      const maxAge = policy?.MaxPasswordAge;
      policyMaxAge = typeof maxAge === 'number' && maxAge > 0 ? maxAge : undefined;
      if (!policyMaxAge) {
        const message = policy
          ? 'The password policy does not make passwords expire (no MaxPasswordAge), so nothing requires users to rotate them.'
          : 'The account has no password policy, so nothing requires users to rotate their passwords.';
        findings.push(notMet(account.rootArn, message, { passwordPolicy: policy ? { MaxPasswordAge: maxAge ?? null } : null }));
      }
    }
    if (reportR.status === 'rejected') return [...findings, findingFromError(reportR.reason, account.rootArn)];
    // Password age is judged against the policy's expiry, or the configured maximum when the policy sets
    // none; when the policy could not be read, against nothing (the user's verdict then needs people).
    const passwordMaxAge = policyR.status === 'rejected' ? undefined : (policyMaxAge ?? thresholds.passwordPolicy.maxAgeDays);
    const limits: Limits = { ...thresholds, passwordMaxAge };
    for (const u of reportR.value.users) {
      const keys = u.accessKeys.filter((k) => k.active);
      if (!u.passwordEnabled && keys.length === 0) continue;
      const evidence = userEvidence(u, keys);
      const problems = [...keys.flatMap((k) => keyProblems(k, limits, now)), ...passwordProblems(u, limits, now)];
      const unknown = [
        ...keys.filter((k) => !k.lastRotated).map((k) => `when access key ${k.slot} was created or rotated`),
        ...(u.passwordEnabled && !u.passwordLastChanged ? ['when the password was last changed'] : []),
      ];
      if (problems.length) findings.push(notMet(u.arn, `${u.user}: ${problems.join('; ')}.`, evidence));
      else if (unknown.length) findings.push(errorFinding(u.arn, `could not tell: the credential report does not say ${unknown.join(' or ')} for ${u.user}`));
      else if (u.passwordEnabled && passwordMaxAge === undefined) {
        findings.push(errorFinding(u.arn, `could not tell: ${u.user} has a console password, and the password policy that sets its maximum age could not be read`));
      } else findings.push(met(u.arn, `${u.user}: credentials rotated within limits and in use.`, evidence));
    }
    if (findings.length === 0) {
      findings.push(met(account.rootArn, 'No IAM user has a console password or an active access key; the password policy requires rotation.'));
    }
    return findings;
  },
});

type Limits = Thresholds & { passwordMaxAge?: number };

function keyProblems(k: AccessKeyColumns, limits: Limits, now: Date): string[] {
  const problems: string[] = [];
  const age = k.lastRotated ? daysBetween(k.lastRotated, now) : undefined;
  if (age !== undefined && age > limits.accessKeyMaxAgeDays) {
    problems.push(`access key ${k.slot} last rotated ${age} days ago (limit ${limits.accessKeyMaxAgeDays})`);
  }
  if (k.lastUsedDate) {
    const idle = daysBetween(k.lastUsedDate, now);
    if (idle > limits.unusedCredentialDays) problems.push(`access key ${k.slot} unused for ${idle} days`);
  } else if (age !== undefined && age > limits.unusedCredentialDays) {
    problems.push(`access key ${k.slot} never used in the ${age} days since it was created`);
  }
  return problems;
}

function passwordProblems(u: CredentialReportRow, limits: Limits, now: Date): string[] {
  if (!u.passwordEnabled || !u.passwordLastChanged) return [];
  const problems: string[] = [];
  const age = daysBetween(u.passwordLastChanged, now);
  if (limits.passwordMaxAge !== undefined && age > limits.passwordMaxAge) {
    problems.push(`console password last changed ${age} days ago (limit ${limits.passwordMaxAge})`);
  }
  if (u.passwordLastUsed) {
    const idle = daysBetween(u.passwordLastUsed, now);
    if (idle > limits.unusedCredentialDays) problems.push(`console password unused for ${idle} days`);
  } else if (age > limits.unusedCredentialDays) {
    problems.push(`console password never used in the ${age} days since it was set`);
  }
  return problems;
}

const day = (d?: Date) => (d ? d.toISOString().slice(0, 10) : null);

function userEvidence(u: CredentialReportRow, keys: AccessKeyColumns[]): Record<string, unknown> {
  return {
    passwordEnabled: u.passwordEnabled ?? false,
    passwordLastChanged: day(u.passwordLastChanged),
    passwordLastUsed: day(u.passwordLastUsed),
    activeKeys: keys.map((k) => ({ slot: k.slot, lastRotated: day(k.lastRotated), lastUsed: day(k.lastUsedDate) })),
  };
}
