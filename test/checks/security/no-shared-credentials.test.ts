import { describe, expect, it } from 'vitest';
import check, { looksShared } from '../../../src/checks/security/no-shared-credentials.js';
import { ACCOUNT, DENIED, daysAgo, testCheck } from '../../support/check-tester.js';
import { credentialReport, root, user, userArn } from '../../support/iam-fixtures.js';

const pw = { lastChanged: daysAgo(30), lastUsed: daysAgo(1) };
const alice = user('alice', { password: pw, mfa: true, key1: { lastRotated: daysAgo(10), lastUsed: daysAgo(1) } });
const sharedOps = user('shared-ops', { password: pw, mfa: true });
const ciBot = user('ci-bot', { key1: { lastRotated: daysAgo(5), lastUsed: daysAgo(1) } });

testCheck(check, {
  met: [
    { name: 'federationOnlyRootIdle', responses: credentialReport([root({ passwordLastUsed: daysAgo(400) })]), expect: { resources: [ACCOUNT.rootArn] } },
    { name: 'federationOnlyRootNeverUsed', responses: credentialReport([root()]), expect: { message: 'No IAM users exist' } },
  ],
  notMet: [
    {
      name: 'rootActiveAccessKey',
      responses: credentialReport([root({ key1: { lastRotated: daysAgo(700), lastUsed: daysAgo(3) } }), alice]),
      expect: { resources: [ACCOUNT.rootArn], message: 'root user has an active access key' },
    },
    { name: 'rootKeyNoIamUsers', responses: credentialReport([root({ key2: { lastRotated: daysAgo(700) } })]) },
  ],
  cannotTell: [
    {
      name: 'genericConsoleUserNeedsAttestation',
      responses: credentialReport([root(), alice, sharedOps, ciBot]),
      expect: {
        status: 'manual',
        resources: [ACCOUNT.rootArn, userArn('shared-ops')],
        message: 'shared-ops: the name looks shared or generic',
        check: (r) =>
          expect(r.findings.find((f) => f.resource === ACCOUNT.rootArn)?.evidence).toMatchObject({
            iamUsers: 3,
            consoleUsers: 2,
            usersWithPasswordAndKeys: ['alice'],
            usersWithKeysOnly: ['ci-bot'],
            genericLookingNames: ['shared-ops'],
          }),
      },
    },
    {
      name: 'personalUsersStillNeedAttestation',
      responses: credentialReport([root({ passwordLastUsed: daysAgo(5) }), alice]),
      expect: { status: 'manual', resources: [ACCOUNT.rootArn], message: 'and who signed in as root' },
    },
    { name: 'credentialReportDenied', responses: { 'iam:GenerateCredentialReport': DENIED }, expect: { missingPermission: 'iam:GenerateCredentialReport' } },
    {
      name: 'getCredentialReportDenied',
      responses: { 'iam:GenerateCredentialReport': { State: 'COMPLETE' }, 'iam:GetCredentialReport': DENIED },
      expect: { missingPermission: 'iam:GetCredentialReport' },
    },
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
  ])('%s → %s', (name, expected) => expect(looksShared(name)).toBe(expected));
});
