import { expect } from 'vitest';
import check from '../../../src/checks/security/access-keys-interactive-only.js';
import { ACCOUNT, DENIED, THROTTLED, daysAgo, testCheck } from '../../support/check-tester.js';
import {
  ADMIN_ARN,
  allowAll,
  authorizationDetails,
  credentialReport,
  encodeDocument,
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
/** People: a console password and an active access key. MFA or not, 1.12 asks them to attest where the key lives. */
const alice = user('alice', { password: pw, mfa: true, key1: youngKey });
const bob = user('bob', { password: pw, mfa: false, key1: youngKey, key2: { lastRotated: daysAgo(400), lastUsed: daysAgo(2) } });
/** A person whose only key is inactive: no key in use. */
const carol = user('carol', { password: pw, mfa: true, key1: { active: false, lastRotated: daysAgo(400) } });
/** A person without keys. */
const dave = user('dave', { password: pw, mfa: false });
/** A service user (no console password) with one active key. */
const svc = (name = 'backup-agent', key: { lastRotated: string; lastUsed?: string } = youngKey) => user(name, { key1: key });

const putBackups: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::acme-backups/*' }],
};
const putBackupsFromOffice: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ ...(putBackups.Statement as Record<string, unknown>[])[0], Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } }],
};
const fromVpce: PolicyDocument = {
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-config/*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b' } } }],
};
/** Limited by source for the Allow, and a Deny without any condition (Deny statements need none). */
const fromOfficeWithDeny: PolicyDocument = {
  Statement: [(putBackupsFromOffice.Statement as Record<string, unknown>[])[0], { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }],
};
/** One Allow limited by source, one not. */
const halfFromOffice: PolicyDocument = {
  Statement: [(putBackupsFromOffice.Statement as Record<string, unknown>[])[0], { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-backups/*' }],
};
const s3Everything: PolicyDocument = { Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } };
const notActionIam: PolicyDocument = { Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] };
const S3_ADMIN = `arn:aws:iam::${ACCOUNT.id}:policy/s3-admin`;
const PUT_BACKUPS = `arn:aws:iam::${ACCOUNT.id}:policy/put-backups`;
const scopedService = (name: string) => userDetail(name, { inline: { 'put-backups': putBackupsFromOffice } });

testCheck(check, {
  met: [
    {
      name: 'noActiveKeys',
      responses: credentialReport([root(), carol, dave, user('former-bot', { key1: { active: false, lastRotated: daysAgo(900) } })]),
      expect: { metResources: [ACCOUNT.rootArn], message: 'No IAM user has an active access key' },
    },
    {
      name: 'noUsersAtAll',
      responses: credentialReport([root({ key1: { lastRotated: daysAgo(10) } })]),
      expect: { metResources: [ACCOUNT.rootArn], check: (r) => expect(r.findings[0].evidence).toEqual({ iamUsers: 0 }) },
    },
  ],
  notMet: [
    {
      name: 'serviceKeyOlderThan7Days',
      responses: {
        ...credentialReport([root(), alice, svc('backup-agent', { lastRotated: daysAgo(30), lastUsed: daysAgo(1) }), svc('sync-agent')]),
        ...authorizationDetails({ users: [userDetail('alice'), scopedService('backup-agent'), scopedService('sync-agent')] }),
      },
      expect: { resources: [userArn('backup-agent')], message: 'backup-agent (service user with an access key): access key 1 last rotated 30 days ago (limit 7).' },
    },
    {
      // Rotation boundary: 7 days is within "at least weekly", 8 is not; 6 is plainly within.
      name: 'serviceKeyRotationBoundary',
      responses: {
        ...credentialReport([root(), svc('six', { lastRotated: daysAgo(6) }), svc('seven', { lastRotated: daysAgo(7) }), svc('eight', { lastRotated: daysAgo(8) })]),
        ...authorizationDetails({ users: ['six', 'seven', 'eight'].map(scopedService) }),
      },
      expect: { resources: [userArn('eight')], message: 'access key 1 last rotated 8 days ago (limit 7)' },
    },
    {
      name: 'serviceKeyRotationThresholdFromConfig',
      thresholds: { serviceKeyMaxAgeDays: 30 },
      responses: {
        ...credentialReport([root(), svc('thirty', { lastRotated: daysAgo(30) }), svc('thirty-one', { lastRotated: daysAgo(31) })]),
        ...authorizationDetails({ users: ['thirty', 'thirty-one'].map(scopedService) }),
      },
      expect: { resources: [userArn('thirty-one')], message: 'access key 1 last rotated 31 days ago (limit 30)' },
    },
    {
      name: 'secondKeyOldFirstInactive',
      responses: {
        ...credentialReport([root(), user('etl', { key1: { active: false, lastRotated: daysAgo(500) }, key2: { lastRotated: daysAgo(20) } })]),
        ...authorizationDetails({ users: [scopedService('etl')] }),
      },
      expect: {
        resources: [userArn('etl')],
        message: 'etl (service user with an access key): access key 2 last rotated 20 days ago (limit 7).',
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ keys: [{ slot: 2, ageDays: 20 }] }),
      },
    },
    {
      name: 'serviceUserWithAdministratorAccess',
      responses: {
        ...credentialReport([root(), alice, svc(), svc('sync-agent')]),
        ...authorizationDetails({ users: [userDetail('alice'), userDetail('backup-agent', { attached: [ADMIN_ARN] }), scopedService('sync-agent')] }),
      },
      expect: { resources: [userArn('backup-agent')], message: 'policy AdministratorAccess is not tightly scoped (AdministratorAccess)' },
    },
    {
      name: 'serviceUserGroupAllowsEverything',
      responses: {
        ...credentialReport([root(), svc(), svc('sync-agent')]),
        ...authorizationDetails({
          users: [userDetail('backup-agent', { groups: ['ops'] }), userDetail('sync-agent', { groups: ['readers'], inline: { 'put-backups': putBackupsFromOffice } })],
          groups: [groupDetail('ops', { inline: { everything: allowAll } }), groupDetail('readers', { inline: { read: fromVpce } })],
        }),
      },
      expect: {
        resources: [userArn('backup-agent')],
        message: 'policy ops/everything is not tightly scoped (statement 1 allows every action (*) on every resource)',
      },
    },
    {
      name: 'serviceUserGroupManagedPolicyTooBroad',
      responses: {
        ...credentialReport([root(), svc()]),
        ...authorizationDetails({
          users: [userDetail('backup-agent', { groups: ['storage'] })],
          groups: [groupDetail('storage', { attached: [S3_ADMIN] })],
          policies: [managedPolicy(S3_ADMIN, s3Everything)],
        }),
      },
      expect: { resources: [userArn('backup-agent')], message: 'policy s3-admin is not tightly scoped (statement 1 allows every action of s3:* on every resource)' },
    },
    {
      name: 'serviceUserS3StarOnEveryResource',
      responses: {
        ...credentialReport([root(), svc(), svc('sync-agent')]),
        ...authorizationDetails({
          users: [userDetail('backup-agent', { attached: [S3_ADMIN] }), userDetail('sync-agent', { attached: [PUT_BACKUPS] })],
          policies: [managedPolicy(S3_ADMIN, s3Everything), managedPolicy(PUT_BACKUPS, putBackupsFromOffice)],
        }),
      },
      expect: {
        resources: [userArn('backup-agent')],
        message: 'policy s3-admin is not tightly scoped (statement 1 allows every action of s3:* on every resource)',
      },
    },
    {
      // The version in force is judged (named by DefaultVersionId when no version carries IsDefaultVersion), not an old one.
      name: 'managedPolicyDefaultVersionTooBroad',
      responses: {
        ...credentialReport([root(), svc(), svc('sync-agent')]),
        ...authorizationDetails({
          users: [userDetail('backup-agent', { attached: [S3_ADMIN] }), userDetail('sync-agent', { attached: [PUT_BACKUPS] })],
          policies: [
            { ...managedPolicy(S3_ADMIN, s3Everything), DefaultVersionId: 'v2', PolicyVersionList: [{ Document: encodeDocument(putBackupsFromOffice), VersionId: 'v1' }, { Document: encodeDocument(s3Everything), VersionId: 'v2' }] },
            { ...managedPolicy(PUT_BACKUPS, putBackupsFromOffice), DefaultVersionId: 'v2', PolicyVersionList: [{ Document: encodeDocument(s3Everything), VersionId: 'v1', IsDefaultVersion: false }, { Document: encodeDocument(putBackupsFromOffice), VersionId: 'v2', IsDefaultVersion: true }] },
          ],
        }),
      },
      expect: { resources: [userArn('backup-agent')], message: 'policy s3-admin is not tightly scoped (statement 1 allows every action of s3:* on every resource)' },
    },
    {
      name: 'serviceUserNotAction',
      responses: {
        ...credentialReport([root(), svc()]),
        ...authorizationDetails({ users: [userDetail('backup-agent', { inline: { 'all-but-iam': notActionIam } })] }),
      },
      expect: { resources: [userArn('backup-agent')], message: 'policy all-but-iam is not tightly scoped (statement 1 allows every action except those in NotAction' },
    },
    {
      name: 'oldKeyAndBroadPolicyBothNamed',
      responses: {
        ...credentialReport([root(), svc('backup-agent', { lastRotated: daysAgo(200) })]),
        ...authorizationDetails({ users: [userDetail('backup-agent', { attached: [ADMIN_ARN] })] }),
      },
      expect: {
        resources: [userArn('backup-agent')],
        message: 'backup-agent (service user with an access key): access key 1 last rotated 200 days ago (limit 7); policy AdministratorAccess is not tightly scoped (AdministratorAccess).',
      },
    },
    {
      // The rotation rule does not need the policies: an old service key fails even when they cannot be read.
      name: 'oldServiceKeyWhenPoliciesCannotBeRead',
      responses: {
        ...credentialReport([root(), alice, svc('backup-agent', { lastRotated: daysAgo(40) }), svc('sync-agent')]),
        'iam:GetAccountAuthorizationDetails': DENIED,
      },
      expect: {
        resources: [userArn('backup-agent')],
        message: 'backup-agent (service user with an access key): access key 1 last rotated 40 days ago (limit 7); its policies could not be read',
        check: (r) => {
          expect(r.findings.find((f) => f.resource === userArn('sync-agent'))).toMatchObject({ status: 'error', missingPermission: 'iam:GetAccountAuthorizationDetails' });
          expect(r.findings.find((f) => f.resource === userArn('alice'))?.status).toBe('manual');
        },
      },
    },
    {
      name: 'oldServiceKeyUserMissingFromDetails',
      responses: { ...credentialReport([root(), svc('backup-agent', { lastRotated: daysAgo(9) })]), ...authorizationDetails({}) },
      expect: { resources: [userArn('backup-agent')], message: 'access key 1 last rotated 9 days ago (limit 7); it is not in the account authorization details' },
    },
  ],
  cannotTell: [
    {
      // 1.12 allows keys a person keeps on a device of their own: only people can attest that, MFA or not (MFA is 1.4).
      name: 'peopleHoldingKeysAttest',
      responses: credentialReport([root(), alice, bob, carol, dave]),
      expect: {
        status: 'manual',
        resources: [userArn('alice'), userArn('bob')],
        message: 'bob is a person (console password) holding active access keys 1 and 2: attest that they are stored securely on a device bob controls.',
        check: (r) => {
          expect(r.findings.find((f) => f.resource === userArn('bob'))?.evidence).toEqual({ user: 'bob', interactive: true, activeKeys: [1, 2], mfaActive: false });
          expect(r.findings.find((f) => f.resource === userArn('alice'))?.message).toBe(
            'alice is a person (console password) holding active access key 1: attest that it is stored securely on a device alice controls.',
          );
        },
      },
    },
    {
      name: 'personWithoutMfaIsNotA112Failure',
      responses: credentialReport([root(), bob]),
      expect: { status: 'manual', resources: [userArn('bob')], metResources: [] },
    },
    {
      // People's keys need no policy read: the authorization details are not even asked for.
      name: 'peopleOnlyNeedNoPolicies',
      responses: { ...credentialReport([root(), alice]), 'iam:GetAccountAuthorizationDetails': DENIED },
      expect: { status: 'manual', resources: [userArn('alice')] },
    },
    {
      name: 'scopedYoungKeyFromOfficeNetwork',
      responses: {
        ...credentialReport([root(), svc(), svc('seven', { lastRotated: daysAgo(7) })]),
        ...authorizationDetails({ users: [scopedService('backup-agent'), userDetail('seven', { inline: { 'put-backups': fromOfficeWithDeny } })] }),
      },
      expect: {
        status: 'manual',
        resources: [userArn('backup-agent'), userArn('seven')],
        message:
          'backup-agent (service user): key rotated within 7 days, policies scoped, every Allow statement is limited by aws:SourceIp/aws:SourceVpc; attest that a role is not feasible.',
        check: (r) => {
          expect(r.findings[0].evidence).toEqual({
            user: 'backup-agent',
            interactive: false,
            keys: [{ slot: 1, ageDays: 3 }],
            policies: ['put-backups'],
            broadPolicies: [],
            sourceRestricted: true,
          });
          expect(r.findings[1].evidence).toMatchObject({ sourceRestricted: true, keys: [{ slot: 1, ageDays: 7 }] });
        },
      },
    },
    {
      name: 'scopedYoungKeyNoSourceCondition',
      responses: {
        ...credentialReport([root(), svc(), svc('vpce-reader'), svc('half')]),
        ...authorizationDetails({
          users: [
            { ...userDetail('backup-agent'), UserPolicyList: [{ PolicyName: 'plain-json', PolicyDocument: JSON.stringify(putBackups) }] },
            userDetail('vpce-reader', { inline: { read: fromVpce } }),
            userDetail('half', { inline: { half: halfFromOffice } }),
          ],
        }),
      },
      expect: {
        status: 'manual',
        resources: [userArn('backup-agent'), userArn('vpce-reader'), userArn('half')],
        message: 'backup-agent (service user): key rotated within 7 days, policies scoped, its policies do not limit source networks',
        check: (r) => {
          const restricted = Object.fromEntries(r.findings.map((f) => [f.resource.split('/').pop(), f.evidence?.sourceRestricted]));
          expect(restricted).toEqual({ 'backup-agent': false, 'vpce-reader': true, half: false });
        },
      },
    },
    {
      name: 'serviceUserWithoutPolicies',
      responses: { ...credentialReport([root(), svc()]), ...authorizationDetails({ users: [userDetail('backup-agent')] }) },
      expect: {
        status: 'manual',
        resources: [userArn('backup-agent')],
        message: 'its policies do not limit source networks',
        check: (r) => expect(r.findings[0].evidence).toMatchObject({ policies: [], sourceRestricted: false }),
      },
    },
    {
      name: 'managedPolicyDocumentMissing',
      responses: {
        ...credentialReport([root(), svc(), svc('sync-agent')]),
        ...authorizationDetails({ users: [userDetail('backup-agent', { attached: [S3_ADMIN] }), scopedService('sync-agent')] }),
      },
      expect: {
        resources: [userArn('backup-agent')],
        message: 'could not tell: backup-agent is a service user with an access key, and policy s3-admin (document not in the response) could not be read',
        check: (r) => expect(r.findings.find((f) => f.resource === userArn('sync-agent'))?.status).toBe('manual'),
      },
    },
    {
      name: 'malformedInlinePolicy',
      responses: {
        ...credentialReport([root(), svc()]),
        ...authorizationDetails({ users: [{ ...userDetail('backup-agent'), UserPolicyList: [{ PolicyName: 'garbled', PolicyDocument: '%7B%22Statement' }] }] }),
      },
      expect: { resources: [userArn('backup-agent')], message: 'policy garbled (not URL-encoded JSON (SyntaxError)) could not be read' },
    },
    {
      name: 'rotationDateMissing',
      responses: {
        ...credentialReport([root(), svc().replace(/^(backup-agent(?:,[^,]*){8}),[^,]+/, '$1,N/A')]),
        ...authorizationDetails({ users: [scopedService('backup-agent')] }),
      },
      expect: { resources: [userArn('backup-agent')], message: 'the rotation date of key 1 could not be read' },
    },
    {
      name: 'authorizationDetailsDenied',
      responses: { ...credentialReport([root(), alice, svc(), svc('sync-agent')]), 'iam:GetAccountAuthorizationDetails': DENIED },
      expect: {
        resources: [userArn('backup-agent'), userArn('sync-agent')],
        missingPermission: 'iam:GetAccountAuthorizationDetails',
        check: (r) => expect(r.findings.find((f) => f.resource === userArn('alice'))?.status).toBe('manual'),
      },
    },
    {
      name: 'authorizationDetailsThrottled',
      responses: { ...credentialReport([root(), svc()]), 'iam:GetAccountAuthorizationDetails': THROTTLED },
      expect: { resources: [userArn('backup-agent')], message: 'throttled' },
    },
    {
      name: 'userMissingFromAuthorizationDetails',
      responses: { ...credentialReport([root(), svc(), svc('sync-agent')]), ...authorizationDetails({ users: [scopedService('sync-agent')] }) },
      expect: { resources: [userArn('backup-agent')], message: 'could not tell: backup-agent is not in the account authorization details' },
    },
    {
      name: 'credentialReportDenied',
      responses: { 'iam:GenerateCredentialReport': DENIED },
      expect: { resources: ['iam:GenerateCredentialReport'], missingPermission: 'iam:GenerateCredentialReport' },
    },
  ],
});
