import check from '../../../src/checks/security/root-account-not-used.js';
import { ACCOUNT, DENIED, daysAgo, testCheck } from '../../support/check-tester.js';
import { credentialReport, root, user } from '../../support/iam-fixtures.js';

const summary = (AccountAccessKeysPresent: number) => ({ 'iam:GetAccountSummary': { SummaryMap: { AccountAccessKeysPresent, AccountMFAEnabled: 1 } } });
const alice = user('alice', { password: { lastChanged: daysAgo(30), lastUsed: daysAgo(1) }, mfa: true });

testCheck(check, {
  met: [
    {
      name: 'rootLastUsed200DaysAgoNoKeys',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(200) }), alice]), ...summary(0) },
      expect: { resources: [ACCOUNT.rootArn], message: 'not used in the last 90 days' },
    },
    { name: 'rootNeverSignedIn', responses: { ...credentialReport([root(), alice]), ...summary(0) } },
    {
      name: 'rootUsed20DaysAgoWithShortWindow',
      thresholds: { rootRecentUseDays: 14 },
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(20) })]), ...summary(0) },
    },
  ],
  notMet: [
    {
      name: 'rootPasswordUsed20DaysAgo',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(20) }), alice]), ...summary(0) },
      expect: { resources: [ACCOUNT.rootArn], message: /root password last used 20 days ago \(2026-05-12\)/ },
    },
    {
      name: 'rootActiveKeyUnused',
      responses: { ...credentialReport([root({ key2: { lastRotated: daysAgo(900) } })]), ...summary(1) },
      expect: { message: 'active access key(s) in slot 2' },
    },
    {
      name: 'rootInactiveKeyUsedLastWeek',
      responses: { ...credentialReport([root({ key1: { active: false, lastRotated: daysAgo(900), lastUsed: daysAgo(7), service: 'ec2' } })]), ...summary(1) },
      expect: { message: /root access key 1 last used 7 days ago \(2026-05-25, ec2\)/ },
    },
    {
      name: 'summaryShowsKeyReportDoesNot',
      responses: { ...credentialReport([root()]), ...summary(1) },
      expect: { message: 'inactive, or created since the credential report' },
    },
    {
      name: 'summaryDeniedButRootUsed',
      responses: { ...credentialReport([root({ passwordLastUsed: daysAgo(2) })]), 'iam:GetAccountSummary': DENIED },
    },
  ],
  cannotTell: [
    {
      name: 'credentialReportDenied',
      responses: { 'iam:GenerateCredentialReport': DENIED },
      expect: { missingPermission: 'iam:GenerateCredentialReport' },
    },
    {
      name: 'getCredentialReportDenied',
      responses: { 'iam:GenerateCredentialReport': { State: 'COMPLETE' }, 'iam:GetCredentialReport': DENIED },
      expect: { missingPermission: 'iam:GetCredentialReport' },
    },
    { name: 'reportWithoutRootRow', responses: { ...credentialReport([alice]) }, expect: { message: 'no <root_account> row' } },
    {
      name: 'summaryDeniedRootIdle',
      responses: { ...credentialReport([root()]), 'iam:GetAccountSummary': DENIED },
      expect: { missingPermission: 'iam:GetAccountSummary' },
    },
  ],
});
