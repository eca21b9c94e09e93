import { expect } from 'vitest';
import check from '../../../src/checks/security/access-keys-interactive-only.js';
import { ACCOUNT, DENIED, daysAgo, testCheck } from '../../support/check-tester.js';
import {
  ADMIN_ARN,
  allowAll,
  authorizationDetails,
  credentialReport,
  groupDetail,
  managedPolicy,
  root,
  user,
  userArn,
  userDetail,
  type PolicyDocument,
} from '../../support/iam-fixtures.js';

const pw = { lastChanged: daysAgo(30), lastUsed: daysAgo(1) };
const youngKey = { lastRotated: daysAgo(3), lastUsed: daysAgo(1) };
const alice = user('alice', { password: pw, mfa: true, key1: youngKey });
const bob = user('bob', { password: pw, mfa: false, key1: youngKey });
const svc = (key = youngKey) => user('backup-agent', { key1: key });

const putBackups: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::acme-backups/*' }],
};
const putBackupsFromOffice: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ ...(putBackups.Statement as object[])[0], Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } }],
};
const s3Everything: PolicyDocument = { Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } };
const notActionIam: PolicyDocument = { Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] };
const S3_ADMIN = `arn:aws:iam::${ACCOUNT.id}:policy/s3-admin`;

testCheck(check, {
  met: [
    {
      name: 'noActiveKeys',
      responses: credentialReport([root(), user('carol', { password: pw, mfa: true, key1: { active: false, lastRotated: daysAgo(400) } })]),
      expect: { resources: [ACCOUNT.rootArn], message: 'No IAM user has an active access key' },
    },
    { name: 'humanWithMfaHoldsKey', responses: credentialReport([root(), alice]), expect: { resources: [userArn('alice')] } },
  ],
  notMet: [
    {
      name: 'serviceKeyOlderThan7Days',
      responses: {
        ...credentialReport([root(), svc({ lastRotated: daysAgo(30), lastUsed: daysAgo(1) })]),
        ...authorizationDetails({ users: [userDetail('backup-agent', { inline: { 'put-backups': putBackupsFromOffice } })] }),
      },
      expect: { resources: [userArn('backup-agent')], message: 'access key 1 last rotated 30 days ago (limit 7)' },
    },
    {
      name: 'serviceUserWithAdministratorAccess',
      responses: {
        ...credentialReport([root(), alice, svc()]),
        ...authorizationDetails({ users: [userDetail('alice'), userDetail('backup-agent', { attached: [ADMIN_ARN] })] }),
      },
      expect: { resources: [userArn('backup-agent')], message: 'policy AdministratorAccess is not tightly scoped (AdministratorAccess)' },
    },
    {
      name: 'serviceUserGroupAllowsEverything',
      responses: {
        ...credentialReport([root(), svc()]),
        ...authorizationDetails({ users: [userDetail('backup-agent', { groups: ['ops'] })], groups: [groupDetail('ops', { inline: { everything: allowAll } })] }),
      },
      expect: { message: 'policy ops/everything is not tightly scoped (statement 1 allows every action (*) on every resource)' },
    },
    {
      name: 'serviceUserS3StarOnEveryResource',
      responses: {
        ...credentialReport([root(), svc()]),
        ...authorizationDetails({ users: [userDetail('backup-agent', { attached: [S3_ADMIN] })], policies: [managedPolicy(S3_ADMIN, s3Everything)] }),
      },
      expect: { message: 'policy s3-admin is not tightly scoped (statement 1 allows every action of s3:* on every resource)' },
    },
    {
      name: 'serviceUserNotAction',
      responses: {
        ...credentialReport([root(), svc()]),
        ...authorizationDetails({ users: [userDetail('backup-agent', { inline: { 'all-but-iam': notActionIam } })] }),
      },
    },
    { name: 'humanWithKeyWithoutMfa', responses: credentialReport([root(), alice, bob]), expect: { resources: [userArn('bob')], message: 'without MFA' } },
  ],
  cannotTell: [
    {
      name: 'scopedYoungKeyFromOfficeNetwork',
      responses: {
        ...credentialReport([root(), svc()]),
        ...authorizationDetails({ users: [userDetail('backup-agent', { inline: { 'put-backups': putBackupsFromOffice } })] }),
      },
      expect: {
        status: 'manual',
        resources: [userArn('backup-agent')],
        message: 'every Allow statement is limited by aws:SourceIp/aws:SourceVpc; attest that a role is not feasible',
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ sourceRestricted: true, keys: [{ slot: 1, ageDays: 3 }] }),
      },
    },
    {
      name: 'scopedYoungKeyNoSourceCondition',
      responses: {
        ...credentialReport([root(), svc()]),
        ...authorizationDetails({ users: [{ ...userDetail('backup-agent'), UserPolicyList: [{ PolicyName: 'plain-json', PolicyDocument: JSON.stringify(putBackups) }] }] }),
      },
      expect: { status: 'manual', message: 'do not limit source networks' },
    },
    {
      name: 'managedPolicyDocumentMissing',
      responses: {
        ...credentialReport([root(), svc()]),
        ...authorizationDetails({ users: [userDetail('backup-agent', { attached: [S3_ADMIN] })] }),
      },
      expect: { resources: [userArn('backup-agent')], message: 'policy s3-admin (document not in the response) could not be read' },
    },
    {
      name: 'authorizationDetailsDenied',
      responses: { ...credentialReport([root(), svc()]), 'iam:GetAccountAuthorizationDetails': DENIED },
      expect: { missingPermission: 'iam:GetAccountAuthorizationDetails' },
    },
    {
      name: 'userMissingFromAuthorizationDetails',
      responses: { ...credentialReport([root(), svc()]), ...authorizationDetails({}) },
      expect: { resources: [userArn('backup-agent')], message: 'not in the account authorization details' },
    },
    { name: 'credentialReportDenied', responses: { 'iam:GenerateCredentialReport': DENIED }, expect: { missingPermission: 'iam:GenerateCredentialReport' } },
  ],
});
