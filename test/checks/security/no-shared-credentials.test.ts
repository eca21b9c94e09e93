import { describe, expect, it } from 'vitest';
import check, { looksShared } from '../../../src/checks/security/no-shared-credentials.js';
import { ACCOUNT, DENIED, daysAgo, testCheck } from '../../support/check-tester.js';
import { credentialReport, root, user, userArn } from '../../support/iam-fixtures.js';

const pw = { lastChanged: daysAgo(30), lastUsed: daysAgo(1) };
const alice = user('alice', { password: pw, mfa: true, key1: { lastRotated: daysAgo(10), lastUsed: daysAgo(1) } });
const sharedOps = user('shared-ops', { password: pw, mfa: true });
const ciBot = user('ci-bot', { key1: { lastRotated: daysAgo(5), lastUsed: daysAgo(1) } });

const ROOT = ACCOUNT.rootArn;
/** A console user with a generic name but no password: not looked at for its name (nobody signs in with it). */
const opsBot = user('ops-bot', { key1: { lastRotated: daysAgo(5), lastUsed: daysAgo(1) } });
const teamLead = user('Team.Lead', { password: pw, mfa: true });

testCheck(check, {
  met: [
    {
      name: 'federationOnlyRootIdle',
      responses: credentialReport([root({ passwordLastUsed: daysAgo(400) })]),
      expect: {
        metResources: [ROOT],
        message: 'No IAM users exist and the root user was not used in 90 days: people sign in through federation only.',
        check: (r) =>
          expect(r.findings[0].evidence).toEqual({
            iamUsers: 0,
            consoleUsers: 0,
            usersWithPasswordAndKeys: [],
            usersWithKeysOnly: [],
            genericLookingNames: [],
            rootActiveAccessKeys: 0,
            rootRecentUse: [],
          }),
      },
    },
    { name: 'federationOnlyRootNeverUsed', responses: credentialReport([root()]), expect: { metResources: [ROOT], message: 'No IAM users exist' } },
    {
      name: 'federationOnlyRootUsed91DaysAgoInactiveRootKey',
      responses: credentialReport([root({ passwordLastUsed: daysAgo(91), key2: { active: false, lastRotated: daysAgo(900) } })]),
      expect: { metResources: [ROOT] },
    },
  ],
  notMet: [
    {
      name: 'rootActiveAccessKey',
      responses: credentialReport([root({ key1: { lastRotated: daysAgo(700), lastUsed: daysAgo(3) } }), alice]),
      expect: {
        resources: [ROOT],
        metResources: [],
        message: 'The root user has an active access key: root credentials cannot be limited or revoked per person; delete it.',
        check: (r) => expect(r.findings.map((f) => f.status)).toEqual(['not-met', 'manual']),
      },
    },
    {
      name: 'rootKeyNoIamUsers',
      responses: credentialReport([root({ key2: { lastRotated: daysAgo(700) } })]),
      expect: { resources: [ROOT], metResources: [], check: (r) => expect(r.findings[0].evidence).toMatchObject({ rootActiveAccessKeys: 1 }) },
    },
  ],
  cannotTell: [
    {
      name: 'genericConsoleUserNeedsAttestation',
      responses: credentialReport([root(), alice, sharedOps, ciBot, opsBot, teamLead]),
      expect: {
        status: 'manual',
        resources: [ROOT, userArn('shared-ops'), userArn('Team.Lead')],
        message: 'shared-ops: the name looks shared or generic; confirm one person uses it, or replace it with per-person users.',
        check: (r) => {
          expect(r.findings.find((f) => f.resource === ROOT)?.evidence).toEqual({
            iamUsers: 5,
            consoleUsers: 3,
            usersWithPasswordAndKeys: ['alice'],
            usersWithKeysOnly: ['ci-bot', 'ops-bot'],
            genericLookingNames: ['shared-ops', 'Team.Lead'],
            rootActiveAccessKeys: 0,
            rootRecentUse: [],
          });
          expect(r.findings.find((f) => f.resource === ROOT)?.message).toBe(
            'Attest that each of the 5 IAM user(s) is used by one person or one workload; the API cannot show who uses a credential.',
          );
        },
      },
    },
    {
      name: 'personalUsersStillNeedAttestation',
      responses: credentialReport([root({ passwordLastUsed: daysAgo(5) }), alice]),
      expect: {
        status: 'manual',
        resources: [ROOT],
        message: 'Attest that each of the 1 IAM user(s) is used by one person or one workload, and who signed in as root; the API cannot show who uses a credential.',
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ rootRecentUse: ['root password last used 5 days ago (2026-05-27)'] }),
      },
    },
    {
      // No IAM users, but root was used: who signed in as root needs people.
      name: 'noUsersButRootUsed',
      responses: credentialReport([root({ passwordLastUsed: daysAgo(90) })]),
      expect: { status: 'manual', resources: [ROOT], metResources: [], message: 'and who signed in as root' },
    },
    {
      name: 'credentialReportDenied',
      responses: { 'iam:GenerateCredentialReport': DENIED },
      expect: { resources: ['iam:GenerateCredentialReport'], missingPermission: 'iam:GenerateCredentialReport' },
    },
    {
      name: 'getCredentialReportDenied',
      responses: { 'iam:GenerateCredentialReport': { State: 'COMPLETE' }, 'iam:GetCredentialReport': DENIED },
      expect: { resources: ['iam:GetCredentialReport'], missingPermission: 'iam:GetCredentialReport' },
    },
    { name: 'reportWithoutRootRow', responses: credentialReport([alice]), expect: { resources: [ROOT], message: 'could not tell: the credential report has no <root_account> row' } },
  ],
});

describe('looksShared', () => {
  it.each([
    ['shared-ops', true],
    ['admin', true],
    ['Admin2', true],
    ['test_user', true],
    ['team.alpha', true],
    ['alice', false],
    ['bob.smith', false],
    ['ci-deployer', false],
    ['svc_backup', true],
    ['DevOps', true],
    ['devopsy', false],
    ['generic', true],
    ['root', true],
    ['mastermind', false],
    ['j.doe@example.com', false],
    ['', false],
  ])('%s → %s', (name, expected) => expect(looksShared(name)).toBe(expected));
});
