import { expect } from 'vitest';
import check from '../../../src/checks/security/strong-password-policy.js';
import { ACCOUNT, DENIED, awsError, testCheck } from '../../support/check-tester.js';

const ROOT = ACCOUNT.rootArn;
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
    {
      // Every minimum met exactly: length 14, expiry 90, reuse 24.
      name: 'strongPolicyAtEveryMinimum',
      responses: policy(),
      expect: {
        metResources: [ROOT],
        message: 'The password policy meets every configured minimum.',
        check: (r) => expect(r.findings[0].evidence).toEqual(STRONG),
      },
    },
    { name: 'strongerThanRequired', responses: policy({ MinimumPasswordLength: 20, MaxPasswordAge: 1, PasswordReusePrevention: 24 }), expect: { metResources: [ROOT] } },
    {
      name: 'weakerButWithinLoweredThresholds',
      thresholds: { passwordPolicy: { minimumLength: 12, requireSymbols: false, requireNumbers: false, requireUppercase: false, requireLowercase: false, maxAgeDays: 180, reusePrevention: 5 } },
      responses: policy({ MinimumPasswordLength: 12, RequireSymbols: false, RequireNumbers: false, RequireUppercaseCharacters: false, RequireLowercaseCharacters: false, MaxPasswordAge: 180, PasswordReusePrevention: 5 }),
      expect: { metResources: [ROOT] },
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
        resources: [ROOT],
        message:
          'The password policy is weaker than required: minimum length 8 (want at least 14); does not require symbols; passwords never expire (want at most 90 days); prevents reuse of 0 previous passwords (want at least 24).',
        check: (r) =>
          expect(r.findings[0].evidence).toEqual({
            MinimumPasswordLength: 8,
            RequireSymbols: false,
            RequireNumbers: true,
            RequireUppercaseCharacters: true,
            RequireLowercaseCharacters: true,
            ExpirePasswords: false,
            MaxPasswordAge: null,
            PasswordReusePrevention: null,
            HardExpiry: false,
            AllowUsersToChangePassword: true,
          }),
      },
    },
    {
      name: 'emptyPolicy',
      responses: { 'iam:GetAccountPasswordPolicy': { PasswordPolicy: {} } },
      expect: {
        resources: [ROOT],
        message:
          'minimum length not set (want at least 14); does not require symbols; does not require numbers; does not require uppercase letters; does not require lowercase letters; passwords never expire',
      },
    },
    { name: 'lengthOneShort', responses: policy({ MinimumPasswordLength: 13 }), expect: { resources: [ROOT], message: 'weaker than required: minimum length 13 (want at least 14).' } },
    { name: 'expiryOneDayTooLong', responses: policy({ MaxPasswordAge: 91 }), expect: { resources: [ROOT], message: 'weaker than required: passwords expire after 91 days (want at most 90).' } },
    { name: 'expiryZero', responses: policy({ MaxPasswordAge: 0 }), expect: { resources: [ROOT], message: 'weaker than required: passwords never expire (want at most 90 days).' } },
    { name: 'reuseOneShort', responses: policy({ PasswordReusePrevention: 23 }), expect: { resources: [ROOT], message: 'weaker than required: prevents reuse of 23 previous passwords (want at least 24).' } },
    { name: 'noNumbersRequired', responses: policy({ RequireNumbers: false }), expect: { resources: [ROOT], message: 'weaker than required: does not require numbers.' } },
    { name: 'noUppercaseRequired', responses: policy({ RequireUppercaseCharacters: false }), expect: { resources: [ROOT], message: 'weaker than required: does not require uppercase letters.' } },
    { name: 'noLowercaseRequired', responses: policy({ RequireLowercaseCharacters: false }), expect: { resources: [ROOT], message: 'weaker than required: does not require lowercase letters.' } },
    {
      name: 'noPasswordPolicy',
      responses: { 'iam:GetAccountPasswordPolicy': awsError('NoSuchEntity', 'The Password Policy with domain name 123456789012 cannot be found.', 404) },
      expect: {
        resources: [ROOT],
        message: 'The account has no IAM password policy: set one (only IAM defaults apply now).',
        check: (r) => expect(r.findings[0].evidence).toEqual({ passwordPolicy: null }),
      },
    },
  ],
  cannotTell: [
    {
      name: 'passwordPolicyDenied',
      responses: { 'iam:GetAccountPasswordPolicy': DENIED },
      expect: { resources: ['iam:GetAccountPasswordPolicy'], missingPermission: 'iam:GetAccountPasswordPolicy' },
    },
    {
      name: 'serviceFailure',
      responses: { 'iam:GetAccountPasswordPolicy': awsError('ServiceFailure', 'internal failure', 500) },
      expect: { resources: ['iam:GetAccountPasswordPolicy'], message: 'ServiceFailure' },
    },
    {
      // A flag that is a string is not "required": the policy cannot be judged.
      name: 'flagsOfTheWrongType',
      responses: policy({ RequireSymbols: 'false', MinimumPasswordLength: '14', HardExpiry: 1 }),
      expect: {
        resources: ['iam:GetAccountPasswordPolicy'],
        message: 'malformed response: PasswordPolicy.MinimumPasswordLength is not a number (got a string) (and 2 more problems)',
      },
    },
  ],
});
