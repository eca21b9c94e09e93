import check from '../../../src/checks/security/root-account-mfa.js';
import { DENIED, THROTTLED, testCheck } from '../../support/check-tester.js';

const summary = (AccountMFAEnabled: number) => ({ 'iam:GetAccountSummary': { SummaryMap: { AccountMFAEnabled, Users: 3 } } });

testCheck(check, {
  met: [{ name: 'rootWithMfa', responses: summary(1), expect: { resources: ['arn:aws:iam::123456789012:root'] } }],
  notMet: [
    { name: 'rootWithoutMfa', responses: summary(0), expect: { message: 'no MFA device' } },
    { name: 'summaryWithoutMfaKey', responses: { 'iam:GetAccountSummary': { SummaryMap: { Users: 3 } } } },
  ],
  cannotTell: [
    { name: 'summaryDenied', responses: { 'iam:GetAccountSummary': DENIED }, expect: { missingPermission: 'iam:GetAccountSummary' } },
    { name: 'stillThrottledAfterRetries', responses: { 'iam:GetAccountSummary': THROTTLED }, expect: { message: 'throttled' } },
  ],
});
