import { expect } from 'vitest';
import check from '../../../src/checks/security/least-privilege-policies.js';
import { ACCOUNT, DENIED, testCheck } from '../../support/check-tester.js';
import {
  ADMIN_ARN,
  allowAll,
  authorizationDetails,
  encodeDocument,
  groupDetail,
  managedPolicy,
  ssoRole,
  userDetail,
  type PolicyDocument,
} from '../../support/iam-fixtures.js';

const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT.id}:policy/${name}`;
const roleArn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT.id}:role${path}${name}`;
const statement = (s: Record<string, unknown>): PolicyDocument => ({ Version: '2012-10-17', Statement: s });
const trust = (Principal: unknown): PolicyDocument => statement({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole' });

function role(name: string, spec: { trust: PolicyDocument; inline?: Record<string, PolicyDocument>; attached?: string[]; path?: string }) {
  return {
    Path: spec.path ?? '/',
    RoleName: name,
    RoleId: 'AROAXXXXXXXXXXXXXXXX',
    Arn: roleArn(name, spec.path),
    CreateDate: '2024-01-15T09:00:00Z',
    AssumeRolePolicyDocument: encodeDocument(spec.trust),
    RolePolicyList: Object.entries(spec.inline ?? {}).map(([PolicyName, doc]) => ({ PolicyName, PolicyDocument: encodeDocument(doc) })),
    AttachedManagedPolicies: (spec.attached ?? []).map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.split('/').pop() })),
    InstanceProfileList: [],
  };
}

const readOrders = statement({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders' });
const developers = managedPolicy(policyArn('developers'), readOrders);
const adminGroup = groupDetail('admins', { attached: [ADMIN_ARN] });
const lambdaTrust = trust({ Service: 'lambda.amazonaws.com' });
const serviceLinked = role('AWSServiceRoleForSupport', {
  path: '/aws-service-role/support.amazonaws.com/',
  trust: trust({ Service: 'support.amazonaws.com' }),
  inline: { everything: allowAll },
});
const awsAdminPolicy = { ...managedPolicy(ADMIN_ARN, allowAll), AttachmentCount: 2 };

const ROOT = ACCOUNT.rootArn;
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT.id}:user/${name}`;
const passOrdersRole = statement({ Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn('orders-api') });

testCheck(check, {
  met: [
    {
      // Nothing flagged: the item rolls up to manual, with met findings for what was examined.
      name: 'scopedPoliciesAdminsThroughGroupAndSso',
      responses: authorizationDetails({
        users: [
          userDetail('alice', { groups: ['admins'] }),
          userDetail('bob', { attached: [policyArn('developers'), 'arn:aws:iam::aws:policy/ReadOnlyAccess'] }),
          userDetail('carol', { inline: { 'pass-orders-role': passOrdersRole } }),
        ],
        groups: [adminGroup],
        roles: [
          role('orders-api', { trust: lambdaTrust, inline: { 'read-orders': readOrders } }),
          { ...ssoRole('AdministratorAccess'), AssumeRolePolicyDocument: encodeDocument(trust({ Federated: 'arn:aws:iam::123456789012:saml-provider/AWSSSO' })), AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN_ARN }] },
          role('ops-admin', { trust: trust({ Service: 'ec2.amazonaws.com', AWS: 'arn:aws:iam::111122223333:root' }), attached: [ADMIN_ARN] }),
          role('readonly-admin', { trust: lambdaTrust, attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/PowerUserAccess'] }),
          serviceLinked,
        ],
        policies: [developers, awsAdminPolicy],
      }),
      expect: {
        status: 'manual',
        resources: [ROOT],
        metResources: [policyArn('developers'), roleArn('orders-api'), userArn('carol')],
        message: 'Least privilege needs people: review that every remaining grant is needed (IAM Access Analyzer unused-access findings and last-accessed data help).',
        check: (r) => {
          expect(r.findings.find((f) => f.status === 'manual')?.evidence).toEqual({
            users: 3,
            groups: 1,
            roles: 4,
            serviceLinkedRolesSkipped: 1,
            unattachedCustomerManagedPolicies: 0,
            adminGrantsToReview: [
              'group admins: AdministratorAccess',
              'role AWSReservedSSO_AdministratorAccess_0123456789abcdef: AdministratorAccess',
              'role ops-admin: AdministratorAccess',
            ],
          });
          expect(r.findings.find((f) => f.resource === policyArn('developers'))?.message).toBe(
            'Customer managed policy developers (v1) grants no wildcard, NotAction or PassRole-on-any-role access.',
          );
        },
      },
    },
    {
      name: 'unattachedBroadPolicyAndOldBroadVersion',
      responses: authorizationDetails({
        policies: [
          { ...managedPolicy(policyArn('unused-admin'), allowAll), AttachmentCount: 0 },
          {
            ...developers,
            DefaultVersionId: 'v2',
            PolicyVersionList: [
              { Document: encodeDocument(allowAll), VersionId: 'v1', IsDefaultVersion: false },
              { Document: encodeDocument(readOrders), VersionId: 'v2', IsDefaultVersion: true },
            ],
          },
        ],
      }),
      expect: {
        status: 'manual',
        resources: [ROOT],
        metResources: [policyArn('developers')],
        check: (r) => expect(r.findings.find((f) => f.status === 'manual')?.evidence).toMatchObject({ unattachedCustomerManagedPolicies: 1 }),
      },
    },
    {
      // Without IsDefaultVersion flags, DefaultVersionId names the version that applies.
      name: 'defaultVersionFoundByItsId',
      responses: authorizationDetails({
        policies: [
          {
            ...developers,
            DefaultVersionId: 'v3',
            PolicyVersionList: [
              { Document: encodeDocument(allowAll), VersionId: 'v2' },
              { Document: encodeDocument(readOrders), VersionId: 'v3' },
            ],
          },
        ],
      }),
      expect: { status: 'manual', resources: [ROOT], metResources: [policyArn('developers')] },
    },
    { name: 'emptyAccount', responses: authorizationDetails({}), expect: { status: 'manual', resources: [ROOT], metResources: [] } },
  ],
  notMet: [
    {
      name: 'customerPolicyAllowsEverything',
      responses: authorizationDetails({
        roles: [role('legacy-app', { trust: trust({ Service: 'ec2.amazonaws.com' }), attached: [policyArn('LegacyFullAccess')] })],
        policies: [managedPolicy(policyArn('LegacyFullAccess'), statement({ Sid: 'AllowEverything', Effect: 'Allow', Action: '*', Resource: '*' })), developers],
      }),
      expect: {
        resources: [policyArn('LegacyFullAccess')],
        message: 'Customer managed policy LegacyFullAccess (v1): statement 1 (Sid AllowEverything) allows every action (*) on every resource.',
      },
    },
    {
      name: 'inlineServiceWildcardOnRole',
      responses: authorizationDetails({
        roles: [role('etl', { trust: lambdaTrust, inline: { data: statement({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) } })],
      }),
      expect: { resources: [roleArn('etl')], message: 'Inline policy data of role etl: statement 1 allows every action of s3:* on every resource.' },
    },
    {
      name: 'notActionOnGroup',
      responses: authorizationDetails({
        groups: [
          groupDetail('power', { inline: { 'all-but-iam': statement({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }) } }),
          groupDetail('readers', { inline: { read: readOrders } }),
        ],
      }),
      expect: {
        resources: [`arn:aws:iam::${ACCOUNT.id}:group/power`],
        metResources: [`arn:aws:iam::${ACCOUNT.id}:group/readers`],
        message: 'Inline policy all-but-iam of group power: statement 1 allows every action except those in NotAction on every resource.',
      },
    },
    {
      name: 'passRoleOnAnyRole',
      responses: authorizationDetails({
        users: [userDetail('deployer', { inline: { deploy: statement({ Effect: 'Allow', Action: ['iam:Pass*', 'lambda:UpdateFunctionCode'], Resource: '*' }) } })],
      }),
      expect: { resources: ['arn:aws:iam::123456789012:user/deployer'], message: 'allows iam:PassRole on any role (*)' },
    },
    {
      name: 'adminPoliciesAttachedToUsers',
      responses: authorizationDetails({
        users: [
          userDetail('ci-deployer', { attached: [ADMIN_ARN] }),
          userDetail('ops', { attached: ['arn:aws:iam::aws:policy/IAMFullAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess'] }),
          userDetail('dev', { attached: ['arn:aws:iam::aws:policy/PowerUserAccess'] }),
          userDetail('fake', { attached: [policyArn('AdministratorAccess')] }), // a customer policy that only borrows the name
        ],
        policies: [awsAdminPolicy, managedPolicy(policyArn('AdministratorAccess'), readOrders)],
      }),
      expect: {
        resources: ['ci-deployer', 'ops', 'dev'].map((u) => `arn:aws:iam::123456789012:user/${u}`),
        message: 'User ci-deployer has the AWS managed policy AdministratorAccess attached directly',
      },
    },
    {
      name: 'workloadRoleWithAdministratorAccess',
      responses: authorizationDetails({
        roles: [
          role('orders-export', { trust: lambdaTrust, attached: [ADMIN_ARN] }),
          role('break-glass', { trust: trust({ AWS: 'arn:aws:iam::123456789012:root' }), attached: [ADMIN_ARN] }),
        ],
        policies: [awsAdminPolicy],
      }),
      expect: {
        resources: [roleArn('orders-export')],
        message: 'Role orders-export, assumed only by lambda.amazonaws.com, has AdministratorAccess attached',
      },
    },
    {
      name: 'plainJsonDocumentStillRead',
      responses: authorizationDetails({
        policies: [{ ...managedPolicy(policyArn('broad'), allowAll), PolicyVersionList: [{ Document: JSON.stringify(allowAll), VersionId: 'v1', IsDefaultVersion: true }] }],
      }),
      expect: { resources: [policyArn('broad')] },
    },
    {
      name: 'passRoleOnAPathOfRoles',
      responses: authorizationDetails({
        users: [
          userDetail('deployer', { inline: { deploy: statement({ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT.id}:role/app/*` }) } }),
          userDetail('carol', { inline: { 'pass-orders-role': passOrdersRole } }),
        ],
      }),
      expect: {
        resources: [userArn('deployer')],
        metResources: [userArn('carol')],
        message: 'Inline policy deploy of user deployer: statement 1 allows iam:PassRole on any role (arn:aws:iam::123456789012:role/app/*).',
      },
    },
    {
      name: 'conditionDoesNotExcuseAWildcard',
      responses: authorizationDetails({
        roles: [
          role('ci', {
            trust: trust({ Federated: `arn:aws:iam::${ACCOUNT.id}:oidc-provider/token.actions.githubusercontent.com` }),
            inline: { deploy: statement({ Sid: 'Deploy', Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }) },
          }),
        ],
      }),
      expect: {
        resources: [roleArn('ci')],
        message: 'Inline policy deploy of role ci: statement 1 (Sid Deploy) allows every action (*) on every resource (with a Condition).',
        check: (r) => expect(r.findings[0].evidence).toEqual({ statements: [{ statement: 1, sid: 'Deploy', kind: 'full-admin' }] }),
      },
    },
    {
      // AttachmentCount missing: not known to be unattached, so the policy is judged.
      name: 'attachmentCountMissing',
      responses: authorizationDetails({ policies: [{ ...managedPolicy(policyArn('broad'), allowAll), AttachmentCount: undefined }, developers] }),
      expect: { resources: [policyArn('broad')], metResources: [policyArn('developers')] },
    },
    {
      name: 'oneBadStatementAmongGoodOnes',
      responses: authorizationDetails({
        policies: [
          managedPolicy(policyArn('mixed'), {
            Statement: [
              { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders' },
              { Effect: 'Deny', Action: '*', Resource: '*' },
              { Sid: 'Logs', Effect: 'Allow', Action: ['logs:*'], Resource: 'arn:aws:logs:*:*:*' },
            ],
          }),
        ],
      }),
      expect: { resources: [policyArn('mixed')], message: 'Customer managed policy mixed (v1): statement 3 (Sid Logs) allows every action of logs:* on every resource.' },
    },
  ],
  cannotTell: [
    {
      name: 'authorizationDetailsDenied',
      responses: { 'iam:GetAccountAuthorizationDetails': DENIED },
      expect: { resources: ['iam:GetAccountAuthorizationDetails'], missingPermission: 'iam:GetAccountAuthorizationDetails' },
    },
    {
      name: 'malformedPolicyDocument',
      responses: authorizationDetails({
        policies: [
          { ...managedPolicy(policyArn('garbled'), allowAll), PolicyVersionList: [{ Document: '%7B%22Statement%22%3A%5B', VersionId: 'v1', IsDefaultVersion: true }] },
          developers,
        ],
      }),
      expect: {
        resources: [policyArn('garbled')],
        message: 'Customer managed policy garbled (v1) could not be read: not URL-encoded JSON',
        check: (r) => expect(r.findings.find((f) => f.resource === policyArn('developers'))?.status).toBe('met'),
      },
    },
    {
      name: 'inlineStatementWithNumericAction',
      responses: authorizationDetails({
        users: [userDetail('odd', { inline: { weird: { Statement: [{ Effect: 'Allow', Action: 42, Resource: '*' }] } } })],
      }),
      expect: {
        resources: ['arn:aws:iam::123456789012:user/odd'],
        message: 'could not tell: Inline policy weird of user odd could not be read: statement 1 has a malformed actions.',
      },
    },
    {
      name: 'defaultVersionMissing',
      responses: authorizationDetails({ policies: [{ ...managedPolicy(policyArn('no-doc'), allowAll), PolicyVersionList: [] }] }),
      expect: { resources: [policyArn('no-doc')], message: 'not a JSON object' },
    },
    {
      name: 'customerPolicyWithoutArn',
      responses: authorizationDetails({ policies: [{ ...managedPolicy(policyArn('nameless'), allowAll), Arn: undefined }, developers] }),
      expect: {
        resources: ['iam:GetAccountAuthorizationDetails'],
        message: 'could not tell: iam:GetAccountAuthorizationDetails answered a malformed response: Policies[0].Arn is missing',
      },
    },
    {
      name: 'unreadableTrustOfAdminRole',
      responses: authorizationDetails({ roles: [{ ...role('odd-admin', { trust: lambdaTrust, attached: [ADMIN_ARN] }), AssumeRolePolicyDocument: '%ZZ' }] }),
      expect: { resources: [roleArn('odd-admin')], message: 'Trust policy of role odd-admin could not be read' },
    },
  ],
});
