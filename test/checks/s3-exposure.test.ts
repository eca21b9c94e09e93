import type { Grant, Grantee, Permission } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { aclGrants, bpaFlags, bpaOff, mergeBpa, policyGrants } from '../../src/checks/s3-exposure.js';

const OWN = '123456789012';
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const allow = (Principal: unknown, Condition?: object) => ({ Sid: 'S', Effect: 'Allow', Principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition });

describe('policyGrants', () => {
  const cases: [string, string, { public: number; crossAccount: number }][] = [
    ['Principal "*"', policy(allow('*')), { public: 1, crossAccount: 0 }],
    ['Principal {AWS: "*"}', policy(allow({ AWS: '*' })), { public: 1, crossAccount: 0 }],
    ['Principal {AWS: ["*"]}', policy(allow({ AWS: ['*'] })), { public: 1, crossAccount: 0 }],
    ['NotPrincipal with Allow', policy({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: 's3:*' }), { public: 1, crossAccount: 0 }],
    ['"*" narrowed to a VPC endpoint', policy(allow('*', { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })), { public: 0, crossAccount: 0 }],
    ['"*" narrowed to the organization', policy(allow('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })), { public: 0, crossAccount: 0 }],
    ['"*" with a CIDR', policy(allow('*', { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } })), { public: 0, crossAccount: 0 }],
    ['"*" with 0.0.0.0/0 is not narrowed', policy(allow('*', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } })), { public: 1, crossAccount: 0 }],
    ['"*" with a wildcard ARN is not narrowed', policy(allow('*', { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::*' } })), { public: 1, crossAccount: 0 }],
    ['"*" with a negated condition is not narrowed', policy(allow('*', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } })), { public: 1, crossAccount: 0 }],
    ['"*" with an …IfExists condition is not narrowed', policy(allow('*', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } })), { public: 1, crossAccount: 0 }],
    ['"*" with a policy variable is not narrowed', policy(allow('*', { StringEquals: { 'aws:userid': '${aws:userid}' } })), { public: 1, crossAccount: 0 }],
    ['"*" with SecureTransport only is not narrowed', policy(allow('*', { Bool: { 'aws:SecureTransport': 'true' } })), { public: 1, crossAccount: 0 }],
    ['another account root', policy(allow({ AWS: 'arn:aws:iam::444455556666:root' })), { public: 0, crossAccount: 1 }],
    ['another account by id', policy(allow({ AWS: '444455556666' })), { public: 0, crossAccount: 1 }],
    ['another account, narrowed by org', policy(allow({ AWS: '444455556666' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })), { public: 0, crossAccount: 0 }],
    ['own account role', policy(allow({ AWS: `arn:aws:iam::${OWN}:role/app` })), { public: 0, crossAccount: 0 }],
    ['service principal', policy(allow({ Service: 'logging.s3.amazonaws.com' })), { public: 0, crossAccount: 0 }],
    ['CloudFront origin access identity', policy(allow({ AWS: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E1' })), { public: 0, crossAccount: 0 }],
    ['Deny "*"', policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), { public: 0, crossAccount: 0 }],
    ['single statement object', JSON.stringify({ Statement: allow('*') }), { public: 1, crossAccount: 0 }],
  ];
  for (const [name, doc, want] of cases) {
    it(name, () => {
      const got = policyGrants(doc, OWN);
      expect({ public: got.public.length, crossAccount: got.crossAccount.length }).toEqual(want);
    });
  }

  it('names the accounts, actions and statement of a cross-account grant', () => {
    const doc = policy({ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::444455556666:root', `arn:aws:iam::${OWN}:root`] }, Action: ['s3:GetObject', 's3:ListBucket'] });
    expect(policyGrants(doc, OWN).crossAccount).toEqual([{ sid: 'Partner', to: ['444455556666'], actions: ['s3:GetObject', 's3:ListBucket'] }]);
  });

  it('no policy → no grants', () => expect(policyGrants(undefined, OWN)).toEqual({ public: [], crossAccount: [] }));
});

describe('aclGrants', () => {
  const owner = { ID: 'ownerid' };
  const grant = (Grantee: Grantee, Permission: Permission = 'READ'): Grant => ({ Grantee, Permission });
  it('sorts grantees into public, other accounts and expected', () => {
    const got = aclGrants({
      $metadata: {},
      Owner: owner,
      Grants: [
        grant({ Type: 'CanonicalUser', ID: 'ownerid' }, 'FULL_CONTROL'),
        grant({ Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }),
        grant({ Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' }, 'WRITE'),
        grant({ Type: 'Group', URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, 'WRITE'),
        grant({ Type: 'CanonicalUser', ID: 'c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0' }, 'FULL_CONTROL'),
        grant({ Type: 'CanonicalUser', ID: 'partnerid' }),
        grant({ Type: 'AmazonCustomerByEmail', EmailAddress: 'ops@example.com' }),
      ],
    });
    expect(got.public).toEqual([
      { grantee: 'AllUsers', permission: 'READ' },
      { grantee: 'AuthenticatedUsers', permission: 'WRITE' },
    ]);
    expect(got.otherAccounts).toEqual([
      { grantee: 'canonical user partnerid', permission: 'READ' },
      { grantee: 'e-mail ops@example.com', permission: 'READ' },
    ]);
  });
});

describe('Block Public Access flags', () => {
  it('reads absent settings as off and merges account OR bucket', () => {
    const account = bpaFlags({ BlockPublicAcls: true, IgnorePublicAcls: true });
    const bucket = bpaFlags({ RestrictPublicBuckets: true });
    expect(bpaOff(bpaFlags(undefined))).toEqual(['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets']);
    expect(bpaOff(mergeBpa(account, bucket))).toEqual(['BlockPublicPolicy']);
  });
});
