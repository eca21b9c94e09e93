import check from '../../../src/checks/security/mfa-for-console-users.js';
import { ACCOUNT, DENIED, THROTTLED, daysAgo, testCheck } from '../../support/check-tester.js';
import { credentialReport, root, user, userArn } from '../../support/iam-fixtures.js';

const pw = { lastChanged: daysAgo(30), lastUsed: daysAgo(2) };
const alice = user('alice', { password: pw, mfa: true });
const bob = user('bob', { password: pw, mfa: false });
const carol = user('carol', { password: { lastChanged: daysAgo(5) }, mfa: false });
// No console password: not interactive, so no MFA needed here even though mfa_active is false.
const ciBot = user('ci-bot', { key1: { lastRotated: daysAgo(5), lastUsed: daysAgo(1) } });

testCheck(check, {
  met: [
    { name: 'everyConsoleUserHasMfa', responses: credentialReport([root(), alice, ciBot]), expect: { resources: [userArn('alice')] } },
    {
      name: 'noConsoleUsers',
      responses: credentialReport([root({ mfa: false }), ciBot]),
      expect: { resources: [ACCOUNT.rootArn], message: 'No IAM user has a console password' },
    },
    { name: 'noUsersAtAll', responses: credentialReport([root()]) },
  ],
  notMet: [
    { name: 'bobWithoutMfa', responses: credentialReport([root(), alice, bob, ciBot]), expect: { resources: [userArn('bob')], message: 'bob has a console password but no MFA' } },
    { name: 'neverSignedInWithoutMfa', responses: credentialReport([root(), carol, bob]), expect: { resources: [userArn('bob'), userArn('carol')] } },
  ],
  cannotTell: [
    { name: 'credentialReportDenied', responses: { 'iam:GenerateCredentialReport': DENIED }, expect: { missingPermission: 'iam:GenerateCredentialReport' } },
    {
      name: 'getCredentialReportThrottled',
      responses: { 'iam:GenerateCredentialReport': { State: 'COMPLETE' }, 'iam:GetCredentialReport': THROTTLED },
      expect: { message: 'throttled' },
    },
  ],
});
