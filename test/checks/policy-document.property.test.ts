// Property-based tests of the policy-document parser (fast-check). Whatever arrives — any JSON, any string,
// any URL-encoding of either, hostile sizes — parsePolicyDocument answers { ok, statements } or
// { ok: false, reason }, never throws; and what a document means does not depend on how it is written:
// URL-encoded, plain JSON or an object; keys in any order; a single value or a one-element list for
// Statement, Action, NotAction, Resource, NotResource and the principals of a trust policy.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  broadGrants,
  describeGrant,
  globMatch,
  isAllResources,
  otherAccountPrincipals,
  parsePolicyDocument,
  trustedPrincipals,
  type PolicyStatement,
} from '../../src/checks/policy-document.js';

const RUNS = { numRuns: 300 };

// ---- arbitraries: policy documents in the shapes IAM stores ----

const action = fc.oneof(
  fc.constantFrom('*', '*:*', 's3:*', 's3:GetObject', 's3:Get*', 'iam:PassRole', 'iam:Pass*', 'iam:*', 'ec2:Describe*', 'logs:*', 'dynamodb:GetItem', 'sts:AssumeRole'),
  fc.stringMatching(/^[a-z0-9-]{1,12}:[A-Za-z*?]{1,16}$/),
);
const resource = fc.oneof(
  fc.constantFrom(
    '*',
    'arn:aws:s3:::*',
    'arn:aws:s3:::acme-backups/*',
    'arn:aws:logs:*:*:*',
    'arn:aws:iam::123456789012:role/*',
    'arn:aws:iam::123456789012:role/app/*',
    'arn:aws:iam::123456789012:role/orders-api',
    'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
  ),
  fc.string({ maxLength: 40 }),
);
const principal = fc.oneof(
  fc.constant('*'),
  fc.record(
    {
      Service: fc.array(fc.constantFrom('lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'), { minLength: 1, maxLength: 3 }),
      AWS: fc.array(fc.constantFrom('123456789012', '111122223333', 'arn:aws:iam::444455556666:root', 'arn:aws:iam::123456789012:role/x', '*'), { minLength: 1, maxLength: 3 }),
      Federated: fc.array(fc.constantFrom('arn:aws:iam::123456789012:saml-provider/Okta', 'cognito-identity.amazonaws.com'), { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
);
const condition = fc.dictionary(
  fc.constantFrom('StringEquals', 'IpAddress', 'Bool', 'ForAnyValue:StringLike'),
  fc.dictionary(fc.constantFrom('aws:SourceIp', 'aws:SourceVpc', 'aws:sourcevpce', 'aws:SecureTransport', 'aws:PrincipalOrgID'), fc.oneof(fc.string(), fc.array(fc.string())), {
    minKeys: 1,
    maxKeys: 3,
  }),
  { maxKeys: 3 },
);

/** One statement, every list-valued element as a list (the canonical form the variants are derived from). */
const statement = fc
  .record(
    {
      Sid: fc.stringMatching(/^[A-Za-z0-9]{0,12}$/),
      Effect: fc.constantFrom('Allow', 'Deny'),
      actions: fc.array(action, { minLength: 1, maxLength: 4 }),
      notAction: fc.boolean(),
      resources: fc.array(resource, { minLength: 1, maxLength: 3 }),
      resourceKind: fc.constantFrom('Resource', 'NotResource', 'none'),
      Condition: condition,
      Principal: principal,
    },
    { requiredKeys: ['Effect', 'actions', 'notAction', 'resources', 'resourceKind'] },
  )
  .map(({ actions, notAction, resources, resourceKind, ...rest }) => ({
    ...rest,
    [notAction ? 'NotAction' : 'Action']: actions,
    ...(resourceKind === 'none' ? {} : { [resourceKind]: resources }),
  }));
const document = fc.record({ Version: fc.constantFrom('2012-10-17', '2008-10-17'), Statement: fc.array(statement, { minLength: 1, maxLength: 5 }) }, { requiredKeys: ['Statement'] });

type Json = Record<string, unknown>;
const LISTS = ['Action', 'NotAction', 'Resource', 'NotResource'];

/** The same document written differently: keys shuffled, one-element lists made single values, Statement maybe single. */
function rewrite(doc: Json, pick: (n: number) => number): Json {
  const shuffle = (o: Json): Json => {
    const entries = Object.entries(o);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = pick(i + 1);
      [entries[i], entries[j]] = [entries[j], entries[i]];
    }
    return Object.fromEntries(entries);
  };
  const single = (v: unknown) => (Array.isArray(v) && v.length === 1 && pick(2) === 0 ? v[0] : v);
  const statements = (doc.Statement as Json[]).map((s) => {
    const out: Json = {};
    for (const [k, v] of Object.entries(s)) {
      if (LISTS.includes(k)) out[k] = single(v);
      else if (k === 'Principal' && typeof v === 'object' && v !== null) out[k] = shuffle(Object.fromEntries(Object.entries(v).map(([t, ids]) => [t, single(ids)])));
      else if (k === 'Condition') out[k] = shuffle(v as Json);
      else out[k] = v;
    }
    return shuffle(out);
  });
  return shuffle({ ...doc, Statement: statements.length === 1 && pick(2) === 0 ? statements[0] : statements });
}

const parsedOk = (raw: unknown): PolicyStatement[] => {
  const parsed = parsePolicyDocument(raw);
  if (!parsed.ok) throw new Error(`expected a readable document: ${parsed.reason}`);
  return parsed.statements;
};

/** A parse result is one of the two shapes, with a short reason that never echoes the input. */
function expectClearResult(raw: unknown) {
  const parsed = parsePolicyDocument(raw);
  if (parsed.ok) {
    expect(parsed.statements.length).toBeGreaterThan(0);
    for (const s of parsed.statements) {
      expect(['Allow', 'Deny']).toContain(s.effect);
      expect(s.actions !== undefined || s.notActions !== undefined).toBe(true);
    }
  } else {
    expect(typeof parsed.reason).toBe('string');
    expect(parsed.reason.length).toBeGreaterThan(0);
    expect(parsed.reason.length).toBeLessThan(120);
  }
}

describe('parsePolicyDocument never throws, and always answers clearly', { timeout: 120_000 }, () => {
  it('on any JavaScript value', () => {
    fc.assert(
      fc.property(fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withDate: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true }), (raw) =>
        expectClearResult(raw),
      ),
      RUNS,
    );
  });

  it('on any string, and any URL-encoding of one', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (raw) => expectClearResult(raw)), RUNS);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (raw) => expectClearResult(encodeURIComponent(raw.replace(/[\uD800-\uDFFF]/g, '')))), RUNS);
  });

  it('on any JSON text, plain or URL-encoded, and on the value itself', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        for (const raw of [value, text, encodeURIComponent(text), ` \n${text}`]) expectClearResult(raw);
      }),
      RUNS,
    );
  });

  it('on documents whose statements hold anything at all', () => {
    const anyStatement = fc.dictionary(fc.constantFrom('Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'Condition', 'Sid'), fc.jsonValue(), { maxKeys: 8 });
    fc.assert(
      fc.property(fc.oneof(anyStatement, fc.array(anyStatement, { maxLength: 4 }), fc.jsonValue()), (Statement) => {
        const doc = { Version: '2012-10-17', Statement };
        expectClearResult(doc);
        expectClearResult(encodeURIComponent(JSON.stringify(doc)));
        const parsed = parsePolicyDocument(doc);
        if (parsed.ok) {
          expect(() => broadGrants(parsed.statements).map(describeGrant)).not.toThrow();
          expect(() => trustedPrincipals(parsed.statements)).not.toThrow();
          expect(() => otherAccountPrincipals(parsed.statements, '123456789012')).not.toThrow();
        }
      }),
      RUNS,
    );
  });

  it('on hostile sizes: a huge document, deep nesting, and truncated encodings', () => {
    const many = { Statement: Array.from({ length: 5000 }, (_, i) => ({ Effect: 'Allow', Action: `s3:Get${i}`, Resource: `arn:aws:s3:::b${i}/*` })) };
    expect(parsedOk(encodeURIComponent(JSON.stringify(many)))).toHaveLength(5000);
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    expectClearResult(deep);
    expectClearResult(encodeURIComponent(deep));
    const encoded = encodeURIComponent(JSON.stringify(many.Statement.slice(0, 3)));
    fc.assert(fc.property(fc.nat({ max: encoded.length }), (cut) => expectClearResult(encoded.slice(0, cut))), RUNS);
  });
});

describe('what a document means does not depend on how it is written', { timeout: 120_000 }, () => {
  it('URL-encoded JSON, plain JSON (leading blanks too) and the object parse to the same statements', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const expected = parsedOk(doc);
        expect(parsedOk(JSON.stringify(doc))).toEqual(expected);
        expect(parsedOk(`\n  ${JSON.stringify(doc, null, 2)}`)).toEqual(expected);
        expect(parsedOk(encodeURIComponent(JSON.stringify(doc)))).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('key order and single-vs-list forms change neither the statements nor any verdict', () => {
    fc.assert(
      fc.property(document, fc.gen(), (doc, g) => {
        const variant = rewrite(doc, (n) => g(fc.nat, { max: n - 1 }));
        const [a, b] = [parsedOk(doc), parsedOk(encodeURIComponent(JSON.stringify(variant)))];
        expect(b).toEqual(a);
        expect(broadGrants(b)).toEqual(broadGrants(a));
        expect(trustedPrincipals(b)).toEqual(trustedPrincipals(a));
        expect(otherAccountPrincipals(b, '123456789012')).toEqual(otherAccountPrincipals(a, '123456789012'));
      }),
      RUNS,
    );
  });

  it('normalisation is stable: writing the parsed statements back and parsing again gives them unchanged', () => {
    const write = (s: PolicyStatement) => ({
      ...(s.sid ? { Sid: s.sid } : {}),
      Effect: s.effect,
      ...(s.actions ? { Action: s.actions } : {}),
      ...(s.notActions ? { NotAction: s.notActions } : {}),
      ...(s.resources ? { Resource: s.resources } : {}),
      ...(s.notResources ? { NotResource: s.notResources } : {}),
      ...(s.principal !== undefined ? { Principal: s.principal } : {}),
    });
    fc.assert(
      fc.property(document, (doc) => {
        const once = parsedOk(doc);
        const twice = parsedOk(encodeURIComponent(JSON.stringify({ Statement: once.map(write) })));
        // Conditions are not written back: everything else is the same, statement for statement.
        expect(twice.map(({ hasCondition: _h, conditionKeys: _k, ...rest }) => rest)).toEqual(once.map(({ hasCondition: _h, conditionKeys: _k, ...rest }) => rest));
      }),
      RUNS,
    );
  });

  it('a statement is judged on its own: the grants of a document are those of its statements, renumbered', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 5 }), (statements) => {
        const whole = broadGrants(parsedOk({ Statement: statements }));
        const alone = statements.flatMap((s, i) => broadGrants(parsedOk({ Statement: [s] })).map((g) => ({ ...g, statement: i + 1 })));
        expect(whole).toEqual(alone);
      }),
      RUNS,
    );
  });

  it('Deny statements never grant, and at most one grant is named per statement', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const statements = parsedOk(doc);
        const grants = broadGrants(statements);
        const denied = new Set(statements.filter((s) => s.effect === 'Deny').map((s) => s.index));
        expect(grants.filter((g) => denied.has(g.statement))).toEqual([]);
        expect(new Set(grants.map((g) => g.statement)).size).toBe(grants.length);
      }),
      RUNS,
    );
  });

  it('an Allow of * on every resource is always found, whatever else the document holds', () => {
    fc.assert(
      fc.property(document, fc.nat(), (doc, at) => {
        const list: Record<string, unknown>[] = [...doc.Statement];
        list.splice(at % (list.length + 1), 0, { Effect: 'Allow', Action: '*', Resource: '*' });
        const grants = broadGrants(parsedOk(encodeURIComponent(JSON.stringify({ ...doc, Statement: list }))));
        expect(grants.some((g) => g.kind === 'full-admin' && g.statement === (at % (list.length)) + 1)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('helpers on hostile strings', { timeout: 120_000 }, () => {
  it('globMatch never throws, and every pattern matches itself written without wildcards', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (pattern, action) => {
        expect(typeof globMatch(pattern, action)).toBe('boolean');
        expect(globMatch(pattern.replace(/[*?]/g, ''), pattern.replace(/[*?]/g, ''))).toBe(true);
        expect(globMatch('*', action)).toBe(true);
      }),
      RUNS,
    );
  });

  it('isAllResources is true only for * and ARNs whose resource part is *', () => {
    fc.assert(
      fc.property(fc.string(), (r) => {
        if (isAllResources(r)) expect(r === '*' || (r.startsWith('arn:') && r.endsWith(':*'))).toBe(true);
      }),
      RUNS,
    );
  });
});
