import { describe, expect, it } from 'vitest';
import { broadGrants, describeGrant, globMatch, otherAccountPrincipals, parsePolicyDocument, trustedPrincipals } from '../../src/checks/policy-document.js';

const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const allow = (extra: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...extra }] });
const grantsOf = (doc: unknown) => {
  const parsed = parsePolicyDocument(enc(doc));
  if (!parsed.ok) throw new Error(parsed.reason);
  return broadGrants(parsed.statements);
};

describe('parsePolicyDocument', () => {
  it('decodes URL-encoded JSON, plain JSON and objects alike', () => {
    const doc = { Version: '2012-10-17', Statement: { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' } };
    for (const raw of [enc(doc), JSON.stringify(doc), doc]) {
      const parsed = parsePolicyDocument(raw);
      expect(parsed).toEqual({
        ok: true,
        statements: [
          { index: 1, sid: 'Read', effect: 'Allow', actions: ['s3:GetObject'], notActions: undefined, resources: ['arn:aws:s3:::b/*'], notResources: undefined, principal: undefined, hasCondition: false, conditionKeys: [] },
        ],
      });
    }
  });

  it.each([
    ['not encoded JSON', '%7B%22Statement%22%3A', /not URL-encoded JSON/],
    ['a bad escape', '%E0%A4%A', /not URL-encoded JSON/],
    ['not an object', enc([1, 2]), /not a JSON object/],
    ['no Statement', enc({ Version: '2012-10-17' }), /no Statement/],
    ['empty Statement', enc({ Statement: [] }), /no Statement/],
    ['a statement that is a string', enc({ Statement: ['Allow'] }), /statement 1 is not an object/],
    ['an unknown Effect', enc({ Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] }), /no valid Effect/],
    ['a numeric Action', enc({ Statement: [{ Effect: 'Allow', Action: 5, Resource: '*' }] }), /malformed actions/],
    ['a Resource list with a number', enc({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: ['*', 1] }] }), /malformed resources/],
    ['neither Action nor NotAction', enc({ Statement: [{ Effect: 'Allow', Resource: '*' }] }), /neither Action nor NotAction/],
    ['undefined', undefined, /not a JSON object/],
    ['a Principal id that is a number', enc({ Statement: [{ Effect: 'Allow', Principal: { AWS: [5] }, Action: 'sts:AssumeRole' }] }), /statement 1 has a malformed Principal/],
    ['a Principal that is an ARN string, not "*"', enc({ Statement: [{ Effect: 'Allow', Principal: 'arn:aws:iam::111122223333:root', Action: 'sts:AssumeRole' }] }), /malformed Principal/],
    ['a Principal that is a list', enc({ Statement: [{ Effect: 'Allow', Principal: ['*'], Action: 'sts:AssumeRole' }] }), /malformed Principal/],
  ])('reports %s as malformed, without throwing', (_name, raw, reason) => {
    const parsed = parsePolicyDocument(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('parsePolicyDocument reads every element into lists', () => {
  const one = (statement: Record<string, unknown>, raw: (d: unknown) => unknown = enc) => {
    const parsed = parsePolicyDocument(raw({ Statement: statement }));
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.statements[0];
  };

  it('plain JSON after blank lines is read as JSON, not URL-decoded (a % in a value stays)', () => {
    const doc = { Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/100%25' } };
    expect(one(doc.Statement, (d) => `\n\t ${JSON.stringify(d)}`).resources).toEqual(['arn:aws:s3:::b/100%25']);
    expect(one(doc.Statement).resources).toEqual(['arn:aws:s3:::b/100%25']);
  });

  it('keeps Sid only when it is a non-empty string', () => {
    expect(one({ Sid: 'Read', Effect: 'Allow', Action: '*' }).sid).toBe('Read');
    expect(one({ Sid: '', Effect: 'Allow', Action: '*' }).sid).toBeUndefined();
    expect(one({ Sid: 7, Effect: 'Allow', Action: '*' }).sid).toBeUndefined();
  });

  it('reads NotAction, NotResource and a Principal into lists', () => {
    expect(one({ Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::b', Principal: { AWS: '111122223333', Service: ['a', 'b'] } })).toEqual({
      index: 1,
      sid: undefined,
      effect: 'Deny',
      actions: undefined,
      notActions: ['iam:*'],
      resources: undefined,
      notResources: ['arn:aws:s3:::b'],
      principal: { AWS: ['111122223333'], Service: ['a', 'b'] },
      hasCondition: false,
      conditionKeys: [],
    });
    expect(one({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: '*' }).principal).toBe('*');
  });

  it('a Condition counts only when it tests something; its keys are lower-cased, unique and sorted', () => {
    expect(one({ Effect: 'Allow', Action: '*', Condition: {} })).toMatchObject({ hasCondition: false, conditionKeys: [] });
    expect(one({ Effect: 'Allow', Action: '*', Condition: 'x' })).toMatchObject({ hasCondition: false, conditionKeys: [] });
    expect(
      one({ Effect: 'Allow', Action: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1', 'AWS:PrincipalOrgID': 'o-1' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, Bool: 'odd' } }),
    ).toMatchObject({ hasCondition: true, conditionKeys: ['aws:principalorgid', 'aws:sourceip', 'aws:sourcevpc'] });
    expect(one({ Effect: 'Allow', Action: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'a' }, StringLike: { 'AWS:SOURCEVPC': 'b' } } }).conditionKeys).toEqual(['aws:sourcevpc']);
  });

  it('numbers the statements from 1', () => {
    const parsed = parsePolicyDocument({ Statement: [{ Effect: 'Allow', Action: 'a:b' }, { Effect: 'Deny', Action: 'c:d' }] });
    expect(parsed.ok && parsed.statements.map((s) => s.index)).toEqual([1, 2]);
  });
});

describe('broadGrants', () => {
  it.each([
    ['Action * on *', allow({ Action: '*', Resource: '*' }), 'full-admin'],
    ['Action *:* in a list', allow({ Action: ['s3:GetObject', '*:*'], Resource: ['*'] }), 'full-admin'],
    ['NotAction on *', allow({ NotAction: 'iam:*', Resource: '*' }), 'not-action'],
    ['a service wildcard on *', allow({ Action: ['s3:*', 'ec2:Describe*'], Resource: '*' }), 'service-wildcard'],
    ['a service wildcard on arn:aws:s3:::*', allow({ Action: 'S3:*', Resource: 'arn:aws:s3:::*' }), 'service-wildcard'],
    ['a service wildcard with NotResource', allow({ Action: 'kms:*', NotResource: 'arn:aws:kms:us-east-1:123456789012:key/k' }), 'service-wildcard'],
    ['iam:PassRole on *', allow({ Action: 'iam:PassRole', Resource: '*' }), 'pass-role'],
    ['iam:Pass* on every role', allow({ Action: 'iam:Pass*', Resource: 'arn:aws:iam::123456789012:role/*' }), 'pass-role'],
  ])('flags %s', (_name, doc, kind) => {
    expect(grantsOf(doc).map((g) => g.kind)).toEqual([kind]);
  });

  it.each([
    ['scoped actions on *', allow({ Action: ['ec2:Describe*', 's3:ListAllMyBuckets'], Resource: '*' })],
    ['a service wildcard on one bucket', allow({ Action: 's3:*', Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'] })],
    ['iam:PassRole on named roles', allow({ Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/orders-*' })],
    ['Deny * on *', { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }],
  ])('does not flag %s', (_name, doc) => {
    expect(grantsOf(doc)).toEqual([]);
  });

  it.each([
    ['NotAction with NotResource', allow({ NotAction: 's3:*', NotResource: 'arn:aws:s3:::b' }), 'statement 1 allows every action except those in NotAction on every resource but those in NotResource'],
    ['* with NotResource', allow({ Action: '*', NotResource: 'arn:aws:s3:::b' }), 'statement 1 allows every action (*) on every resource but those in NotResource'],
    ['two service wildcards', allow({ Action: ['s3:*', 'ec2:GetConsoleOutput', 'kms:*'], Resource: ['arn:aws:s3:::b', '*'] }), 'statement 1 allows every action of s3:*, kms:* on every resource'],
    ['PassRole with NotResource', allow({ Action: 'iam:PassRole', NotResource: 'arn:aws:iam::123456789012:role/admin' }), 'statement 1 allows iam:PassRole on any role (NotResource)'],
    ['PassRole on two any-role patterns', allow({ Action: ['iam:passrole'], Resource: ['arn:aws:iam::123456789012:role/*', 'arn:aws:iam::123456789012:role/app/*', 'arn:aws:iam::123456789012:role/x'] }), 'statement 1 allows iam:PassRole on any role (arn:aws:iam::123456789012:role/*, arn:aws:iam::123456789012:role/app/*)'],
    ['PassRole in any partition', allow({ Action: 'iam:PassRole', Resource: 'arn:aws-cn:iam::123456789012:role/*' }), 'statement 1 allows iam:PassRole on any role (arn:aws-cn:iam::123456789012:role/*)'],
  ])('describes %s', (_name, doc, text) => {
    expect(grantsOf(doc).map(describeGrant).join(' | ')).toContain(text);
  });

  it.each([
    ['an action that only contains a star', allow({ Action: 's3:Get*', Resource: 'arn:aws:s3:::*' })],
    ['a star inside a resource', allow({ Action: 's3:*', Resource: 'arn:aws:s3:::*/logs' })],
    ['PassRole on a role whose name starts with a star', allow({ Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/*-deployer' })],
    ['PassRole on an instance profile path', allow({ Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:instance-profile/*' })],
    ['an action pattern that is not PassRole', allow({ Action: 'iam:Pas?Policy', Resource: 'arn:aws:iam::123456789012:role/*' })],
    ['a service wildcard with a dot in the service', allow({ Action: 's3.x:*', Resource: 'arn:aws:s3:::b' })],
  ])('does not flag %s', (_name, doc) => {
    expect(grantsOf(doc)).toEqual([]);
  });

  it('names the statement, its Sid and a Condition', () => {
    const doc = {
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      ],
    };
    expect(grantsOf(doc).map(describeGrant)).toEqual(['statement 2 (Sid Everything) allows every action (*) on every resource (with a Condition)']);
  });
});

describe('trustedPrincipals', () => {
  const trust = (...principals: unknown[]) => {
    const parsed = parsePolicyDocument(enc({ Statement: principals.map((Principal) => ({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole' })) }));
    if (!parsed.ok) throw new Error(parsed.reason);
    return trustedPrincipals(parsed.statements);
  };
  it('separates AWS services from everyone else', () => {
    expect(trust({ Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] })).toEqual({ services: ['edgelambda.amazonaws.com', 'lambda.amazonaws.com'], others: false });
    expect(trust({ Service: 'ec2.amazonaws.com' }, { AWS: 'arn:aws:iam::111122223333:root' })).toEqual({ services: ['ec2.amazonaws.com'], others: true });
    expect(trust({ Federated: 'arn:aws:iam::123456789012:saml-provider/Okta' })).toEqual({ services: [], others: true });
    expect(trust('*')).toEqual({ services: [], others: true });
  });
});

describe('globMatch', () => {
  it('matches IAM action patterns case-insensitively', () => {
    expect(globMatch('iam:PassRole', 'iam:PassRoleX')).toBe(false);
    expect(globMatch('iam:PassRole', 'xiam:PassRole')).toBe(false);
    expect(globMatch('iam:Pass.ole', 'iam:PassRole')).toBe(false);
    expect(globMatch('iam:Pass(Role)', 'iam:Pass(Role)')).toBe(true);
    expect(globMatch('iam:*Role', 'iam:PassRole')).toBe(true);
    expect(globMatch('iam:Pass*', 'iam:PassRole')).toBe(true);
    expect(globMatch('IAM:passrol?', 'iam:PassRole')).toBe(true);
    expect(globMatch('iam:Get*', 'iam:PassRole')).toBe(false);
  });
});

describe('otherAccountPrincipals', () => {
  const trust = (principal: unknown) => {
    const parsed = parsePolicyDocument({ Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.statements;
  };
  it('names other accounts from account ids and IAM/STS ARNs, never the own account or services', () => {
    expect(otherAccountPrincipals(trust({ AWS: ['111122223333', 'arn:aws:iam::444455556666:role/admin'] }), '123456789012')).toEqual([
      '111122223333',
      '444455556666',
    ]);
    expect(otherAccountPrincipals(trust({ AWS: 'arn:aws:iam::123456789012:root' }), '123456789012')).toEqual([]);
    expect(otherAccountPrincipals(trust({ Service: 'ec2.amazonaws.com' }), '123456789012')).toEqual([]);
  });
});
