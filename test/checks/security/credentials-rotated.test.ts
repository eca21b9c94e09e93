import check from '../../../src/checks/security/credentials-rotated.js';
import { ACCOUNT, DENIED, awsError, daysAgo, testCheck } from '../../support/check-tester.js';
import { credentialReport, root, user, userArn } from '../../support/iam-fixtures.js';

const policy = (MaxPasswordAge?: number) => ({
  'iam:GetAccountPasswordPolicy': {
    PasswordPolicy: { MinimumPasswordLength: 14, ExpirePasswords: MaxPasswordAge !== undefined, ...(MaxPasswordAge ? { MaxPasswordAge } : {}) },
  },
});
const noPolicy = { 'iam:GetAccountPasswordPolicy': awsError('NoSuchEntity', 'The Password Policy with domain name 123456789012 cannot be found.', 404) };

const alice = user('alice', { password: { lastChanged: daysAgo(30), lastUsed: daysAgo(1) }, mfa: true, key1: { lastRotated: daysAgo(40), lastUsed: daysAgo(1) } });
const ciBot = user('ci-bot', { key1: { lastRotated: daysAgo(5), lastUsed: daysAgo(1) }, key2: { active: false, lastRotated: daysAgo(800) } });
const noCredentials = user('former-employee');

testCheck(check, {
  met: [
    {
      name: 'youngKeysAndPasswordsWithExpiryPolicy',
      responses: { ...credentialReport([root(), alice, ciBot, noCredentials]), ...policy(90) },
      expect: { resources: [userArn('alice'), userArn('ci-bot')] },
    },
    {
      name: 'noUserCredentialsAndExpiryPolicy',
      responses: { ...credentialReport([root(), noCredentials]), ...policy(60) },
      expect: { resources: [ACCOUNT.rootArn] },
    },
    {
      name: 'passwordOlderThanDefaultButWithinPolicy',
      responses: {
        ...credentialReport([root(), user('dave', { password: { lastChanged: daysAgo(150), lastUsed: daysAgo(3) }, mfa: true })]),
        ...policy(180),
      },
    },
  ],
  notMet: [
    {
      name: 'keyOlderThan90Days',
      responses: { ...credentialReport([root(), user('carol', { key1: { lastRotated: daysAgo(400), lastUsed: daysAgo(1) } })]), ...policy(90) },
      expect: { resources: [userArn('carol')], message: 'carol: access key 1 last rotated 400 days ago (limit 90)' },
    },
    {
      name: 'keyNeverUsedFor120Days',
      thresholds: { accessKeyMaxAgeDays: 365 },
      responses: { ...credentialReport([root(), user('legacy', { key2: { lastRotated: daysAgo(120) } })]), ...policy(90) },
      expect: { message: 'access key 2 never used in the 120 days since it was created' },
    },
    {
      name: 'keyIdleFor100Days',
      responses: { ...credentialReport([root(), user('old-job', { key1: { lastRotated: daysAgo(60), lastUsed: daysAgo(100) } })]), ...policy(90) },
      expect: { message: 'access key 1 unused for 100 days' },
    },
    {
      name: 'passwordOlderThanPolicyMaxAge',
      responses: { ...credentialReport([root(), user('erin', { password: { lastChanged: daysAgo(70), lastUsed: daysAgo(2) } })]), ...policy(60) },
      expect: { message: 'console password last changed 70 days ago (limit 60)' },
    },
    {
      name: 'passwordNeverUsed',
      responses: { ...credentialReport([root(), user('frank', { password: { lastChanged: daysAgo(95) } })]), ...policy(120) },
      expect: { message: 'console password never used in the 95 days since it was set' },
    },
    {
      name: 'noPasswordPolicy',
      responses: { ...credentialReport([root(), alice]), ...noPolicy },
      expect: { resources: [ACCOUNT.rootArn], message: 'no password policy' },
    },
    {
      name: 'policyWithoutExpiryFallsBackTo90Days',
      responses: { ...credentialReport([root(), user('gina', { password: { lastChanged: daysAgo(91), lastUsed: daysAgo(1) } })]), ...policy() },
      expect: { resources: [ACCOUNT.rootArn, userArn('gina')], message: 'does not make passwords expire' },
    },
  ],
  cannotTell: [
    {
      name: 'passwordPolicyDenied',
      responses: { ...credentialReport([root(), alice]), 'iam:GetAccountPasswordPolicy': DENIED },
      expect: { missingPermission: 'iam:GetAccountPasswordPolicy' },
    },
    { name: 'credentialReportDenied', responses: { 'iam:GenerateCredentialReport': DENIED, ...policy(90) }, expect: { missingPermission: 'iam:GenerateCredentialReport' } },
    {
      name: 'passwordChangeDateMissing',
      responses: {
        ...credentialReport([root(), alice.replace(/^(alice,[^,]+,[^,]+,true,[^,]+,)[^,]+/, '$1N/A')]),
        ...policy(90),
      },
      expect: { status: 'manual', resources: [userArn('alice')], message: 'does not say when the password was last changed' },
    },
  ],
});
