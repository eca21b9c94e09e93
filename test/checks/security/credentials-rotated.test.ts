import { expect } from 'vitest';
import check from '../../../src/checks/security/credentials-rotated.js';
import { ACCOUNT, DENIED, awsError, daysAgo, testCheck } from '../../support/check-tester.js';
import { credentialReport, root, user, userArn } from '../../support/iam-fixtures.js';

const ROOT = ACCOUNT.rootArn;
const policy = (MaxPasswordAge?: number) => ({
  'iam:GetAccountPasswordPolicy': {
    PasswordPolicy: { MinimumPasswordLength: 14, ExpirePasswords: MaxPasswordAge !== undefined, ...(MaxPasswordAge !== undefined ? { MaxPasswordAge } : {}) },
  },
});
const noPolicy = { 'iam:GetAccountPasswordPolicy': awsError('NoSuchEntity', 'The Password Policy with domain name 123456789012 cannot be found.', 404) };

const alice = user('alice', { password: { lastChanged: daysAgo(30), lastUsed: daysAgo(1) }, mfa: true, key1: { lastRotated: daysAgo(40), lastUsed: daysAgo(1) } });
const ciBot = user('ci-bot', { key1: { lastRotated: daysAgo(5), lastUsed: daysAgo(1) }, key2: { active: false, lastRotated: daysAgo(800) } });
const noCredentials = user('former-employee');
/** Every limit reached exactly (90 days): still within. */
const atTheLimit = user('edge', {
  password: { lastChanged: daysAgo(90), lastUsed: daysAgo(90) },
  key1: { lastRotated: daysAgo(90), lastUsed: daysAgo(90) },
  key2: { lastRotated: daysAgo(90) },
});
/** A column the report leaves N/A although the credential exists: replaces column `index` (0-based) of the row. */
const blank = (row: string, index: number) => row.split(',').map((v, i) => (i === index ? 'N/A' : v)).join(',');

testCheck(check, {
  met: [
    {
      name: 'youngKeysAndPasswordsWithExpiryPolicy',
      responses: { ...credentialReport([root(), alice, ciBot, noCredentials, atTheLimit]), ...policy(90) },
      expect: {
        metResources: [userArn('alice'), userArn('ci-bot'), userArn('edge')],
        message: 'ci-bot: credentials rotated within limits and in use.',
        check: (r) =>
          expect(r.findings.find((f) => f.resource === userArn('ci-bot'))?.evidence).toEqual({
            passwordEnabled: false,
            passwordLastChanged: null,
            passwordLastUsed: null,
            activeKeys: [{ slot: 1, lastRotated: daysAgo(5).slice(0, 10), lastUsed: daysAgo(1).slice(0, 10) }],
          }),
      },
    },
    {
      name: 'noUserCredentialsAndExpiryPolicy',
      responses: { ...credentialReport([root({ key1: { lastRotated: daysAgo(900) } }), noCredentials]), ...policy(60) },
      expect: { metResources: [ROOT], message: 'No IAM user has a console password or an active access key; the password policy requires rotation.' },
    },
    {
      name: 'passwordOlderThanDefaultButWithinPolicy',
      responses: {
        ...credentialReport([root(), user('dave', { password: { lastChanged: daysAgo(150), lastUsed: daysAgo(3) }, mfa: true })]),
        ...policy(180),
      },
      expect: { metResources: [userArn('dave')] },
    },
    {
      name: 'lowerThresholdsFromConfig',
      thresholds: { accessKeyMaxAgeDays: 30, unusedCredentialDays: 30 },
      responses: { ...credentialReport([root(), user('fred', { key1: { lastRotated: daysAgo(30), lastUsed: daysAgo(30) } })]), ...policy(90) },
      expect: { metResources: [userArn('fred')] },
    },
  ],
  notMet: [
    {
      name: 'keyOlderThan90Days',
      responses: {
        ...credentialReport([root(), user('carol', { key1: { lastRotated: daysAgo(91), lastUsed: daysAgo(1) } }), atTheLimit, ciBot]),
        ...policy(90),
      },
      expect: {
        resources: [userArn('carol')],
        metResources: [userArn('edge'), userArn('ci-bot')],
        message: 'carol: access key 1 last rotated 91 days ago (limit 90).',
      },
    },
    {
      name: 'keyNeverUsedFor120Days',
      thresholds: { accessKeyMaxAgeDays: 365 },
      responses: { ...credentialReport([root(), user('legacy', { key2: { lastRotated: daysAgo(120) } }), user('new-bot', { key1: { lastRotated: daysAgo(90) } })]), ...policy(90) },
      expect: { resources: [userArn('legacy')], metResources: [userArn('new-bot')], message: 'legacy: access key 2 never used in the 120 days since it was created.' },
    },
    {
      name: 'keyIdleFor91Days',
      responses: { ...credentialReport([root(), user('old-job', { key1: { lastRotated: daysAgo(60), lastUsed: daysAgo(91) } }), alice]), ...policy(90) },
      expect: { resources: [userArn('old-job')], metResources: [userArn('alice')], message: 'old-job: access key 1 unused for 91 days.' },
    },
    {
      name: 'oldAndNeverUsedKeyBothNamed',
      responses: { ...credentialReport([root(), user('legacy-backup', { key1: { lastRotated: daysAgo(500) } })]), ...policy(90) },
      expect: {
        resources: [userArn('legacy-backup')],
        message: 'legacy-backup: access key 1 last rotated 500 days ago (limit 90); access key 1 never used in the 500 days since it was created.',
      },
    },
    {
      name: 'passwordOlderThanPolicyMaxAge',
      responses: {
        ...credentialReport([
          root(),
          user('erin', { password: { lastChanged: daysAgo(61), lastUsed: daysAgo(2) } }),
          user('ed', { password: { lastChanged: daysAgo(60), lastUsed: daysAgo(2) } }),
        ]),
        ...policy(60),
      },
      expect: { resources: [userArn('erin')], metResources: [userArn('ed')], message: 'erin: console password last changed 61 days ago (limit 60).' },
    },
    {
      name: 'passwordNeverUsed',
      responses: {
        ...credentialReport([root(), user('frank', { password: { lastChanged: daysAgo(91) } }), user('fiona', { password: { lastChanged: daysAgo(90) } })]),
        ...policy(120),
      },
      expect: { resources: [userArn('frank')], metResources: [userArn('fiona')], message: 'frank: console password never used in the 91 days since it was set.' },
    },
    {
      name: 'passwordUnusedFor91Days',
      responses: { ...credentialReport([root(), user('gus', { password: { lastChanged: daysAgo(100), lastUsed: daysAgo(91) } })]), ...policy(120) },
      expect: { resources: [userArn('gus')], message: 'gus: console password unused for 91 days.' },
    },
    {
      name: 'noPasswordPolicy',
      responses: { ...credentialReport([root(), alice]), ...noPolicy },
      expect: {
        resources: [ROOT],
        metResources: [userArn('alice')],
        message: 'The account has no password policy, so nothing requires users to rotate their passwords.',
        check: (r) => expect(r.findings[0].evidence).toEqual({ passwordPolicy: null }),
      },
    },
    {
      name: 'policyWithoutExpiryFallsBackTo90Days',
      responses: {
        ...credentialReport([
          root(),
          user('gina', { password: { lastChanged: daysAgo(91), lastUsed: daysAgo(1) } }),
          user('hank', { password: { lastChanged: daysAgo(90), lastUsed: daysAgo(1) } }),
        ]),
        ...policy(),
      },
      expect: {
        resources: [ROOT, userArn('gina')],
        metResources: [userArn('hank')],
        message: 'The password policy does not make passwords expire (no MaxPasswordAge), so nothing requires users to rotate them.',
        check: (r) => expect(r.findings[0].evidence).toEqual({ passwordPolicy: { MaxPasswordAge: null } }),
      },
    },
    {
      name: 'policyMaxAgeZeroIsNoExpiry',
      responses: { ...credentialReport([root(), noCredentials]), ...policy(0) },
      expect: { resources: [ROOT], message: 'does not make passwords expire', check: (r) => expect(r.findings[0].evidence).toEqual({ passwordPolicy: { MaxPasswordAge: 0 } }) },
    },
    {
      // Key verdicts need no password policy: a failed policy read leaves them standing.
      name: 'policyDeniedButKeyOld',
      responses: { ...credentialReport([root(), user('carol', { key1: { lastRotated: daysAgo(400), lastUsed: daysAgo(1) } }), ciBot, alice]), 'iam:GetAccountPasswordPolicy': DENIED },
      expect: {
        resources: [userArn('carol')],
        metResources: [userArn('ci-bot')],
        check: (r) =>
          expect(r.findings.filter((f) => f.status === 'error').map((f) => [f.resource, f.message])).toEqual([
            [ROOT, 'could not tell: missing permission iam:GetAccountPasswordPolicy'],
            [userArn('alice'), 'could not tell: alice has a console password, and the password policy that sets its maximum age could not be read'],
          ]),
      },
    },
    {
      // The policy verdict needs no credential report.
      name: 'reportDeniedAndNoPolicy',
      responses: { 'iam:GenerateCredentialReport': DENIED, ...noPolicy },
      expect: { resources: [ROOT], message: 'no password policy', check: (r) => expect(r.findings[1]).toMatchObject({ status: 'error', missingPermission: 'iam:GenerateCredentialReport' }) },
    },
  ],
  cannotTell: [
    {
      name: 'passwordPolicyDenied',
      responses: { ...credentialReport([root(), alice, ciBot]), 'iam:GetAccountPasswordPolicy': DENIED },
      expect: { resources: [ROOT, userArn('alice')], metResources: [userArn('ci-bot')], missingPermission: 'iam:GetAccountPasswordPolicy' },
    },
    {
      name: 'credentialReportDenied',
      responses: { 'iam:GenerateCredentialReport': DENIED, ...policy(90) },
      expect: { resources: [ROOT], missingPermission: 'iam:GenerateCredentialReport' },
    },
    {
      // password_last_changed is N/A only for users without a password: for a console user the report is wrong.
      name: 'passwordChangeDateMissing',
      responses: { ...credentialReport([root(), blank(alice, 5), ciBot]), ...policy(90) },
      expect: {
        resources: [userArn('alice')],
        metResources: [userArn('ci-bot')],
        message: 'could not tell: the credential report does not say when the password was last changed for alice',
      },
    },
    {
      name: 'keyRotationDateMissing',
      responses: { ...credentialReport([root(), blank(ciBot, 9)]), ...policy(90) },
      expect: { resources: [userArn('ci-bot')], message: 'could not tell: the credential report does not say when access key 1 was created or rotated for ci-bot' },
    },
  ],
});
