import { expect } from 'vitest';
import check from '../../../src/checks/security/root-account-not-used.js';
import { ACCOUNT, DENIED, daysAgo, testCheck } from '../../support/check-tester.js';
import { credentialReport, root, user } from '../../support/iam-fixtures.js';

const ROOT = ACCOUNT.rootArn;
const summary = (AccountAccessKeysPresent: number) => ({ 'iam:GetAccountSummary': { SummaryMap: { AccountAccessKeysPresent, AccountMFAEnabled: 1 } } });
const alice = user('alice', { password: { lastChanged: daysAgo(30), lastUsed: daysAgo(1) }, mfa: true, key1: { lastRotated: daysAgo(10), lastUsed: daysAgo(1) } });
/** Other users' recent activity is not the root user's. */
const busyService = user('ci-bot', { key1: { lastRotated: daysAgo(2), lastUsed: daysAgo(0) } });

testCheck(check, {
  met: [
    {
      name: 'rootLastUsed200DaysAgoNoKeys',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(200) }), alice, busyService]), ...summary(0) },
      expect: {
        metResources: [ROOT],
        message: 'The root user has no access keys and was not used in the last 90 days.',
        check: (r) =>
          expect(r.findings[0].evidence).toEqual({
            passwordLastUsed: daysAgo(200).slice(0, 10),
            accessKeys: [
              { slot: 1, active: false, lastUsed: 'never' },
              { slot: 2, active: false, lastUsed: 'never' },
            ],
            mfaActive: true,
            AccountAccessKeysPresent: 0,
          }),
      },
    },
    { name: 'rootNeverSignedIn', responses: { ...credentialReport([root(), alice]), ...summary(0) }, expect: { metResources: [ROOT] } },
    {
      // Window boundary: used 91 days ago is outside a 90-day window.
      name: 'rootUsed91DaysAgo',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(91) })]), ...summary(0) },
      expect: { metResources: [ROOT] },
    },
    {
      name: 'rootUsed20DaysAgoWithShortWindow',
      thresholds: { rootRecentUseDays: 14 },
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(20) })]), ...summary(0) },
      expect: { metResources: [ROOT], message: 'not used in the last 14 days' },
    },
  ],
  notMet: [
    {
      name: 'rootPasswordUsed20DaysAgo',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(20) }), alice]), ...summary(0) },
      expect: {
        resources: [ROOT],
        metResources: [],
        message: 'The root user was used recently: root password last used 20 days ago (2026-05-12) (window: 90 days).',
      },
    },
    {
      // Window boundary: exactly 90 days ago is inside a 90-day window.
      name: 'rootUsedExactly90DaysAgo',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(90) })]), ...summary(0) },
      expect: { resources: [ROOT], message: 'root password last used 90 days ago' },
    },
    {
      name: 'rootActiveKeyUnused',
      responses: { ...credentialReport([root({ key2: { lastRotated: daysAgo(900) } })]), ...summary(1) },
      expect: {
        resources: [ROOT],
        message: 'The root user has active access key(s) in slot 2: delete them.',
        check: (r) => expect(r.findings).toHaveLength(1),
      },
    },
    {
      name: 'rootTwoActiveKeysOneUsedRecently',
      responses: { ...credentialReport([root({ key1: { lastRotated: daysAgo(900), lastUsed: daysAgo(3), service: 'iam' }, key2: { lastRotated: daysAgo(100) } })]), ...summary(1) },
      expect: {
        resources: [ROOT, ROOT],
        message: 'The root user has active access key(s) in slot 1 and 2: delete them.',
        check: (r) => expect(r.findings[0].message).toBe('The root user was used recently: root access key 1 last used 3 days ago (2026-05-29, iam) (window: 90 days).'),
      },
    },
    {
      name: 'rootInactiveKeyUsedLastWeek',
      responses: { ...credentialReport([root({ key1: { active: false, lastRotated: daysAgo(900), lastUsed: daysAgo(7), service: 'ec2' } })]), ...summary(1) },
      expect: { resources: [ROOT, ROOT], message: /root access key 1 last used 7 days ago \(2026-05-25, ec2\)/ },
    },
    {
      name: 'rootKeyUsedLongAgo',
      responses: { ...credentialReport([root({ key2: { active: false, lastRotated: daysAgo(900), lastUsed: daysAgo(400) } })]), ...summary(1) },
      expect: { resources: [ROOT], message: 'The root user has an access key (inactive, or created since the credential report): delete it.' },
    },
    {
      name: 'summaryShowsKeyReportDoesNot',
      responses: { ...credentialReport([root()]), ...summary(1) },
      expect: { resources: [ROOT], message: 'inactive, or created since the credential report' },
    },
    {
      name: 'summaryDeniedButRootUsed',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(2) })]), 'iam:GetAccountSummary': DENIED },
      expect: {
        resources: [ROOT],
        message: 'root password last used 2 days ago',
        check: (r) => expect(r.findings.map((f) => f.status)).toEqual(['not-met', 'error']),
      },
    },
    {
      // The account summary alone shows a root key: a report that cannot be read does not erase that.
      name: 'reportDeniedButSummaryShowsKey',
      responses: { 'iam:GenerateCredentialReport': DENIED, ...summary(1) },
      expect: {
        resources: [ROOT],
        message: 'The root user has an access key (account summary): delete it.',
        check: (r) => expect(r.findings[1]).toMatchObject({ status: 'error', missingPermission: 'iam:GenerateCredentialReport' }),
      },
    },
    {
      name: 'reportWithoutRootRowButSummaryShowsKey',
      responses: { ...credentialReport([alice]), ...summary(1) },
      expect: { resources: [ROOT], message: 'The root user has an access key (account summary)' },
    },
  ],
  cannotTell: [
    {
      name: 'credentialReportDenied',
      responses: { 'iam:GenerateCredentialReport': DENIED, ...summary(0) },
      expect: { resources: [ROOT], missingPermission: 'iam:GenerateCredentialReport' },
    },
    {
      name: 'getCredentialReportDenied',
      responses: { 'iam:GenerateCredentialReport': { State: 'COMPLETE' }, 'iam:GetCredentialReport': DENIED, ...summary(0) },
      expect: { resources: [ROOT], missingPermission: 'iam:GetCredentialReport' },
    },
    {
      name: 'bothReadsDenied',
      responses: { 'iam:GenerateCredentialReport': DENIED, 'iam:GetAccountSummary': DENIED },
      expect: {
        resources: [ROOT, ROOT],
        check: (r) => expect(r.findings.map((f) => f.missingPermission)).toEqual(['iam:GenerateCredentialReport', 'iam:GetAccountSummary']),
      },
    },
    { name: 'reportWithoutRootRow', responses: { ...credentialReport([alice]), ...summary(0) }, expect: { resources: [ROOT], message: 'no <root_account> row' } },
    {
      name: 'summaryDeniedRootIdle',
      responses: { ...credentialReport([root()]), 'iam:GetAccountSummary': DENIED },
      expect: { resources: [ROOT], metResources: [], missingPermission: 'iam:GetAccountSummary' },
    },
    {
      // No AccountAccessKeysPresent: an inactive root key could hide there, so the item is not met by default.
      name: 'summaryWithoutAccessKeyCount',
      responses: { ...credentialReport([root()]), 'iam:GetAccountSummary': { SummaryMap: { AccountMFAEnabled: 1 } } },
      expect: { resources: [ROOT], metResources: [], message: 'did not return AccountAccessKeysPresent' },
    },
    {
      name: 'malformedCredentialReport',
      responses: {
        'iam:GenerateCredentialReport': { State: 'COMPLETE' },
        'iam:GetCredentialReport': { Content: { $utf8: 'user,arn\n<root_account>,arn:aws:iam::123456789012:root\n' } },
        ...summary(0),
      },
      expect: { resources: [ROOT], message: 'the credential report is malformed: missing column(s) password_enabled' },
    },
  ],
});
