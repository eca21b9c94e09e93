import { expect } from 'vitest';
import check from '../../../src/checks/security/mfa-for-console-users.js';
import { ACCOUNT, DENIED, THROTTLED, daysAgo, testCheck } from '../../support/check-tester.js';
import { credentialReport, reportCsv, root, user, userArn } from '../../support/iam-fixtures.js';

const pw = { lastChanged: daysAgo(30), lastUsed: daysAgo(2) };
const alice = user('alice', { password: pw, mfa: true });
const bob = user('bob', { password: pw, mfa: false });
const carol = user('carol', { password: { lastChanged: daysAgo(5) }, mfa: false });
const erin = user('erin', { password: pw, mfa: true, key1: { lastRotated: daysAgo(10) } });
// No console password: not interactive, so no MFA needed here even though mfa_active is false.
const ciBot = user('ci-bot', { key1: { lastRotated: daysAgo(5), lastUsed: daysAgo(1) } });
// A former console user whose password was removed: the report keeps the last sign-in, password_enabled is false.
const former = user('former', { mfa: false }).replace(/^(former,[^,]+,[^,]+,false),N\/A/, `$1,${new Date(daysAgo(200)).toISOString()}`);

testCheck(check, {
  met: [
    {
      name: 'everyConsoleUserHasMfa',
      responses: credentialReport([root({ mfa: false }), alice, erin, ciBot, former]),
      expect: {
        metResources: [userArn('alice'), userArn('erin')],
        message: 'alice signs in to the console with MFA.',
        check: (r) => expect(r.findings[0].evidence).toEqual({ user: 'alice', passwordEnabled: true, mfaActive: true }),
      },
    },
    {
      name: 'noConsoleUsers',
      responses: credentialReport([root({ mfa: false }), ciBot, former]),
      expect: {
        metResources: [ACCOUNT.rootArn],
        message: 'No IAM user has a console password, so no interactive IAM user needs MFA.',
        check: (r) => expect(r.findings[0].evidence).toEqual({ iamUsers: 2, consoleUsers: 0 }),
      },
    },
    { name: 'noUsersAtAll', responses: credentialReport([root()]), expect: { metResources: [ACCOUNT.rootArn] } },
  ],
  notMet: [
    {
      name: 'bobWithoutMfa',
      responses: credentialReport([root(), alice, bob, ciBot, erin]),
      expect: {
        resources: [userArn('bob')],
        metResources: [userArn('alice'), userArn('erin')],
        message: 'bob has a console password but no MFA device.',
        check: (r) => expect(r.findings.find((f) => f.resource === userArn('bob'))?.evidence).toEqual({ user: 'bob', passwordEnabled: true, mfaActive: false }),
      },
    },
    { name: 'neverSignedInWithoutMfa', responses: credentialReport([root(), carol, bob]), expect: { resources: [userArn('bob'), userArn('carol')], metResources: [] } },
  ],
  cannotTell: [
    {
      name: 'credentialReportDenied',
      responses: { 'iam:GenerateCredentialReport': DENIED },
      expect: { resources: ['iam:GenerateCredentialReport'], missingPermission: 'iam:GenerateCredentialReport' },
    },
    {
      name: 'getCredentialReportThrottled',
      responses: { 'iam:GenerateCredentialReport': { State: 'COMPLETE' }, 'iam:GetCredentialReport': THROTTLED },
      expect: { resources: ['iam:GetCredentialReport'], message: 'throttled' },
    },
    {
      // A report whose mfa_active is not a flag cannot be read as "MFA off" (or on).
      name: 'malformedMfaFlag',
      responses: {
        'iam:GenerateCredentialReport': { State: 'COMPLETE' },
        'iam:GetCredentialReport': { Content: { $utf8: reportCsv([root(), alice.replace(',true,false,', ',enabled,false,')]) } },
      },
      expect: { resources: ['iam:GetCredentialReport'], message: 'row 3 (alice) mfa_active is "enabled", neither true nor false' },
    },
    {
      name: 'emptyCredentialReport',
      responses: { 'iam:GenerateCredentialReport': { State: 'COMPLETE' }, 'iam:GetCredentialReport': { Content: { $utf8: '' } } },
      expect: { resources: ['iam:GetCredentialReport'], message: 'the credential report is malformed: it is empty' },
    },
  ],
});
