import type { Grant, Grantee, Permission } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { AwsDataError, MissingPermission } from '../../src/errors.js';
import { aclGrants, bpaFlags, bpaOff, isNoSuchBucket, mergeBpa, policyGrants } from '../../src/checks/s3-exposure.js';

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
    ['"*" with ForAnyValue:StringEquals on the organization', policy(allow('*', { 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': ['o-abc123'] } })), { public: 0, crossAccount: 0 }],
    ['"*" with ForAllValues:StringEquals is not narrowed', policy(allow('*', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': ['o-abc123'] } })), { public: 1, crossAccount: 0 }],
    ['"*" with an empty value list is not narrowed', policy(allow('*', { StringEquals: { 'aws:SourceVpce': [] } })), { public: 1, crossAccount: 0 }],
    ['"*" with an unknown key is not narrowed', policy(allow('*', { StringEquals: { 'aws:PrincipalTag/team': 'ops' } })), { public: 1, crossAccount: 0 }],
    ['"*" narrowed by a key in any case', policy(allow('*', { StringEquals: { 'AWS:SOURCEVPCE': 'vpce-1' } })), { public: 0, crossAccount: 0 }],
    ['"*" with a condition that is not an object', policy(allow('*', 'aws:SourceVpce' as unknown as object)), { public: 1, crossAccount: 0 }],
    ['"*" with an operator whose pairs are not an object', policy(allow('*', { StringEquals: 'vpce-1' })), { public: 1, crossAccount: 0 }],
    ['"*" with ::/0 is not narrowed', policy(allow('*', { IpAddress: { 'aws:SourceIp': ['::/0'] } })), { public: 1, crossAccount: 0 }],
    ['"*" with a ? wildcard is not narrowed', policy(allow('*', { StringLike: { 'aws:SourceVpce': 'vpce-?' } })), { public: 1, crossAccount: 0 }],
    ['"*" with one wildcard value among fixed ones is not narrowed', policy(allow('*', { StringLike: { 'aws:SourceVpce': ['vpce-1', 'vpce-*'] } })), { public: 1, crossAccount: 0 }],
    ['another account through an assumed-role session', policy(allow({ AWS: 'arn:aws:sts::444455556666:assumed-role/r/s' })), { public: 0, crossAccount: 1 }],
    ['a principal that names no account', policy(allow({ AWS: 'AIDAEXAMPLE' })), { public: 0, crossAccount: 0 }],
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

  it('names statements without a Sid by their position', () => {
    const doc = policy({ Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket' }, { Effect: 'Allow', Principal: '*', Action: 's3:GetObject' });
    expect(policyGrants(doc, OWN).public).toEqual([{ sid: '#2', to: ['*'], actions: ['s3:GetObject'] }]);
  });

  it('lists NotAction when there is no Action', () => {
    const doc = policy({ Sid: 'A', Effect: 'Allow', Principal: '*', NotAction: 's3:DeleteObject' });
    expect(policyGrants(doc, OWN).public.map((g) => g.actions)).toEqual([['s3:DeleteObject']]);
  });

  // Read leniently, a malformed statement was skipped, and a bucket whose status gave no verdict read "not public".
  it.each([
    ['a statement that is not an object', policy('Allow' as unknown as object, allow('*')), 'statement 1 is not an object'],
    ['a Statement that is a string', JSON.stringify({ Version: '2012-10-17', Statement: 'oops' }), 'statement 1 is not an object'],
    ['no Statement', JSON.stringify({ Version: '2012-10-17' }), 'the document has no Statement'],
    ['neither Action nor NotAction', policy({ Sid: 'B', Effect: 'Allow', Principal: '*' }), 'statement 1 has neither Action nor NotAction'],
    ['a Principal that is a number', policy({ ...allow('*'), Principal: 5 }), 'statement 1 has a malformed Principal'],
    ['an AWS principal that is a number', policy(allow({ AWS: 5 } as unknown as string)), 'statement 1 has a malformed Principal'],
    ['an Effect that is neither Allow nor Deny', policy({ ...allow('*'), Effect: 'allow' }), 'statement 1 has no valid Effect'],
  ])('%s makes the policy unreadable (never "no public grant")', (_what, doc, reason) => {
    expect(policyGrants(doc, OWN)).toEqual({ public: [], crossAccount: [], unreadable: `is malformed: ${reason}` });
  });

  it('names each other account once, leaving out the own account', () => {
    const doc = policy(allow({ AWS: ['444455556666', 'arn:aws:iam::444455556666:role/r', `arn:aws:iam::${OWN}:root`, '777788889999'] }));
    expect(policyGrants(doc, OWN).crossAccount[0].to).toEqual(['444455556666', '777788889999']);
  });

  describe('a Deny to everyone outside a VPC endpoint or organization narrows every grant', () => {
    const denyOutside = (Condition: object, o: { Principal?: unknown; Action?: unknown; NotAction?: unknown; Resource?: unknown; NotResource?: unknown } = {}) => ({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
      ...o,
      Condition,
    });
    const partner = allow({ AWS: '444455556666' });
    const grants = (...statements: object[]) => {
      const got = policyGrants(policy(...statements), OWN);
      return { public: got.public.length, crossAccount: got.crossAccount.length };
    };
    const none = { public: 0, crossAccount: 0 };
    const both = { public: 1, crossAccount: 1 };
    it.each([
      ['StringNotEquals aws:SourceVpce', denyOutside({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }), none],
      ['StringNotEqualsIfExists aws:PrincipalOrgID', denyOutside({ StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } }), none],
      ['NotIpAddress aws:SourceIp, Action "*", Principal {AWS: "*"}', denyOutside({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { Principal: { AWS: '*' }, Action: '*' }), none],
      ['Action S3:* in any case', denyOutside({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, { Action: ['S3:*'] }), none],
      ['a Deny on every resource ("*") narrows', denyOutside({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, { Resource: '*' }), none],
      ['a Deny on a prefix that takes in the objects narrows', denyOutside({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, { Resource: 'arn:aws:s3:::b*' }), none],
      // A hostile tester's case: the fence covers the bucket, the public grant is on its objects.
      ['a Deny on the bucket ARN alone leaves a grant on its objects', denyOutside({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, { Resource: 'arn:aws:s3:::b' }), both],
      ['a Deny with NotResource does not narrow', denyOutside({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, { Resource: undefined, NotResource: 'arn:aws:s3:::b/*' }), both],
      ['NotIpAddress 0.0.0.0/0 does not narrow', denyOutside({ NotIpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }), both],
      ['a positive operator does not narrow', denyOutside({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } }), both],
      ['SecureTransport does not narrow', denyOutside({ Bool: { 'aws:SecureTransport': 'false' } }), both],
      ['a Deny of some actions does not narrow', denyOutside({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, { Action: 's3:PutObject' }), both],
      ['a Deny with NotAction does not narrow', denyOutside({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, { NotAction: 's3:GetObject', Action: undefined }), both],
      ['a Deny to one account does not narrow', denyOutside({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, { Principal: { AWS: '999988887777' } }), both],
      ['an Allow under a negated operator does not narrow', { ...denyOutside({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }), Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' } }, both],
    ])('%s', (_name, deny, want) => {
      expect(grants(allow('*'), partner, deny)).toEqual(want);
    });
  });

  describe('an unreadable document says why and grants nothing known', () => {
    it.each([
      ['{"Statement": [', 'is not valid JSON'],
      ['null', 'is not a JSON object'],
      ['[]', 'is not a JSON object'],
      ['"text"', 'is not a JSON object'],
    ])('%s', (doc, why) => {
      expect(policyGrants(doc, OWN)).toEqual({ public: [], crossAccount: [], unreadable: why });
    });
  });
});

describe('isNoSuchBucket', () => {
  it('is the data layer failure of a bucket that does not exist, and nothing else', () => {
    expect(isNoSuchBucket(new AwsDataError('s3:GetBucketAcl failed: NoSuchBucket: The specified bucket does not exist', 's3:GetBucketAcl'))).toBe(true);
    expect(isNoSuchBucket(new AwsDataError('s3:GetBucketAcl failed: NoSuchBucketPolicy: none', 's3:GetBucketAcl'))).toBe(false);
    expect(isNoSuchBucket(new MissingPermission('s3:GetBucketAcl', 's3:GetBucketAcl'))).toBe(false);
    expect(isNoSuchBucket(new Error('s3:GetBucketAcl failed: NoSuchBucket: gone'))).toBe(false);
  });
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
