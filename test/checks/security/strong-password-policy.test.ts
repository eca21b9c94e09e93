import { expect } from 'vitest';
import check from '../../../src/checks/security/strong-password-policy.js';
import { ACCOUNT, DENIED, awsError, testCheck } from '../../support/check-tester.js';

const STRONG = {
  MinimumPasswordLength: 14,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: true,
  MaxPasswordAge: 90,
  PasswordReusePrevention: 24,
  HardExpiry: false,
};
const policy = (overrides: Record<string, unknown> = {}) => ({ 'iam:GetAccountPasswordPolicy': { PasswordPolicy: { ...STRONG, ...overrides } } });

testCheck(check, {
  met: [
    { name: 'strongPolicy', responses: policy(), expect: { resources: [ACCOUNT.rootArn] } },
    { name: 'strongerThanRequired', responses: policy({ MinimumPasswordLength: 20, MaxPasswordAge: 60 }) },
    {
      name: 'weakerButWithinLoweredThresholds',
      thresholds: { passwordPolicy: { minimumLength: 12, requireSymbols: false, requireNumbers: true, requireUppercase: true, requireLowercase: true, maxAgeDays: 180, reusePrevention: 5 } },
      responses: policy({ MinimumPasswordLength: 12, RequireSymbols: false, MaxPasswordAge: 180, PasswordReusePrevention: 5 }),
    },
  ],
  notMet: [
    {
      name: 'weakPolicyListsEveryShortfall',
      responses: {
        'iam:GetAccountPasswordPolicy': {
          PasswordPolicy: { MinimumPasswordLength: 8, RequireSymbols: false, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, ExpirePasswords: false, AllowUsersToChangePassword: true },
        },
      },
      expect: {
        message: /minimum length 8 \(want at least 14\); does not require symbols; passwords never expire \(want at most 90 days\); prevents reuse of 0 previous passwords/,
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ MinimumPasswordLength: 8, RequireSymbols: false, MaxPasswordAge: null }),
      },
    },
    { name: 'expiryTooLong', responses: policy({ MaxPasswordAge: 365 }), expect: { message: 'passwords expire after 365 days (want at most 90)' } },
    { name: 'noLowercaseRequired', responses: policy({ RequireLowercaseCharacters: false }), expect: { message: 'does not require lowercase letters' } },
    {
      name: 'noPasswordPolicy',
      responses: { 'iam:GetAccountPasswordPolicy': awsError('NoSuchEntity', 'The Password Policy with domain name 123456789012 cannot be found.', 404) },
      expect: { message: 'no IAM password policy' },
    },
  ],
  cannotTell: [
    { name: 'passwordPolicyDenied', responses: { 'iam:GetAccountPasswordPolicy': DENIED }, expect: { missingPermission: 'iam:GetAccountPasswordPolicy' } },
    { name: 'serviceFailure', responses: { 'iam:GetAccountPasswordPolicy': awsError('ServiceFailure', 'internal failure', 500) }, expect: { message: 'ServiceFailure' } },
  ],
});
