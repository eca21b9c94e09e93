// 1.7 A strong password policy is in place for IAM users.
// Decided by iam:GetAccountPasswordPolicy → PasswordPolicy, compared with thresholds.passwordPolicy:
// MinimumPasswordLength, RequireSymbols / RequireNumbers / RequireUppercaseCharacters /
// RequireLowercaseCharacters, MaxPasswordAge (the item asks that passwords be rotated periodically; absent
// or 0 = never expire) and PasswordReusePrevention. No policy at all (NoSuchEntity) → not met (IAM's
// defaults apply, which the account cannot show as "configured"). Every shortfall is listed in one not-met
// finding, with the policy's actual values as evidence. A field of the wrong type (a flag that is a string,
// a length that is no number) cannot be judged: the data layer refuses such an answer (error on the call).
import type { PasswordPolicy } from '@aws-sdk/client-iam';
import type { Thresholds } from '../../config/thresholds.js';
import { defineCheck, met, notMet } from '../define-check.js';

export default defineCheck({
  meta: {
    id: '1.7',
    kind: 'automated',
    scope: 'account',
    permissions: ['iam:GetAccountPasswordPolicy'],
    remediation:
      'Set the account password policy (IAM → Account settings → Password policy, or aws iam update-account-password-policy) ' +
      'to at least the configured minimums: length, character classes, expiry and reuse prevention.',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html',
  },
  async run({ aws, account, thresholds }) {
    const policy = await aws.iam.passwordPolicy();
    if (!policy) {
      return [notMet(account.rootArn, 'The account has no IAM password policy: set one (only IAM defaults apply now).', { passwordPolicy: null })];
    }
    // A field of the wrong type never gets here: the data layer refuses the answer (its shape, src/aws/services/iam.ts).
    const evidence = actual(policy);
    const gaps = shortfalls(policy, thresholds.passwordPolicy);
    return gaps.length
      ? [notMet(account.rootArn, `The password policy is weaker than required: ${gaps.join('; ')}.`, evidence)]
      : [met(account.rootArn, 'The password policy meets every configured minimum.', evidence)];
  },
});

const CLASSES = [
  ['requireSymbols', 'RequireSymbols', 'symbols'],
  ['requireNumbers', 'RequireNumbers', 'numbers'],
  ['requireUppercase', 'RequireUppercaseCharacters', 'uppercase letters'],
  ['requireLowercase', 'RequireLowercaseCharacters', 'lowercase letters'],
] as const;

function shortfalls(p: PasswordPolicy, want: Thresholds['passwordPolicy']): string[] {
  const gaps: string[] = [];
  const length = p.MinimumPasswordLength ?? 0;
  if (length < want.minimumLength) gaps.push(`minimum length ${length || 'not set'} (want at least ${want.minimumLength})`);
  for (const [wanted, field, label] of CLASSES) if (want[wanted] && !p[field]) gaps.push(`does not require ${label}`);
  const maxAge = p.MaxPasswordAge ?? 0;
  if (maxAge <= 0) gaps.push(`passwords never expire (want at most ${want.maxAgeDays} days)`);
  else if (maxAge > want.maxAgeDays) gaps.push(`passwords expire after ${maxAge} days (want at most ${want.maxAgeDays})`);
  const reuse = p.PasswordReusePrevention ?? 0;
  if (reuse < want.reusePrevention) gaps.push(`prevents reuse of ${reuse} previous passwords (want at least ${want.reusePrevention})`);
  return gaps;
}

function actual(p: PasswordPolicy): Record<string, unknown> {
  return {
    MinimumPasswordLength: p.MinimumPasswordLength ?? null,
    RequireSymbols: p.RequireSymbols ?? false,
    RequireNumbers: p.RequireNumbers ?? false,
    RequireUppercaseCharacters: p.RequireUppercaseCharacters ?? false,
    RequireLowercaseCharacters: p.RequireLowercaseCharacters ?? false,
    ExpirePasswords: p.ExpirePasswords ?? false,
    MaxPasswordAge: p.MaxPasswordAge ?? null,
    PasswordReusePrevention: p.PasswordReusePrevention ?? null,
    HardExpiry: p.HardExpiry ?? false,
    AllowUsersToChangePassword: p.AllowUsersToChangePassword ?? false,
  };
}
