import { expect } from 'vitest';
import check from '../../../src/checks/security/root-account-mfa.js';
import { ACCOUNT, DENIED, THROTTLED, testCheck } from '../../support/check-tester.js';

const ROOT = ACCOUNT.rootArn;
const summary = (AccountMFAEnabled: unknown) => ({ 'iam:GetAccountSummary': { SummaryMap: { AccountMFAEnabled, MFADevicesInUse: 2, Users: 3 } } });

testCheck(check, {
  met: [
    {
      name: 'rootWithMfa',
      responses: summary(1),
      expect: { metResources: [ROOT], message: 'The root user has an MFA device.', check: (r) => expect(r.findings[0].evidence).toEqual({ AccountMFAEnabled: 1 }) },
    },
  ],
  notMet: [
    {
      name: 'rootWithoutMfa',
      responses: summary(0),
      expect: { resources: [ROOT], message: 'The root user has no MFA device.', check: (r) => expect(r.findings[0].evidence).toEqual({ AccountMFAEnabled: 0 }) },
    },
  ],
  cannotTell: [
    { name: 'summaryDenied', responses: { 'iam:GetAccountSummary': DENIED }, expect: { resources: ['iam:GetAccountSummary'], missingPermission: 'iam:GetAccountSummary' } },
    { name: 'stillThrottledAfterRetries', responses: { 'iam:GetAccountSummary': THROTTLED }, expect: { resources: ['iam:GetAccountSummary'], message: 'throttled' } },
    // IAM always returns AccountMFAEnabled: without it (an emulator, a partial answer) the scan cannot tell.
    {
      name: 'summaryWithoutMfaKey',
      responses: { 'iam:GetAccountSummary': { SummaryMap: { Users: 3 } } },
      expect: { resources: [ROOT], message: 'could not tell: iam:GetAccountSummary returned AccountMFAEnabled null, not 0 or 1' },
    },
    { name: 'summaryWithoutSummaryMap', responses: { 'iam:GetAccountSummary': {} }, expect: { resources: ['iam:GetAccountSummary'], message: 'iam:GetAccountSummary answered a malformed response: SummaryMap is missing' } },
    { name: 'mfaFlagNotANumber', responses: summary('1'), expect: { resources: ['iam:GetAccountSummary'], message: 'malformed response: SummaryMap.AccountMFAEnabled is not a number (got a string)' } },
    { name: 'mfaFlagOutOfRange', responses: summary(2), expect: { resources: [ROOT], message: 'AccountMFAEnabled 2, not 0 or 1' } },
  ],
});
