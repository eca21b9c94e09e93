// The scanner is read-only, and the policy says exactly what it needs:
// - policy/cmt-audit-readonly.json is what src/policy.ts generates (run `npm run generate`);
// - every action in it is a read (Describe/Get/List/Lookup/Search/BatchGet, or API Gateway's GET verb),
//   iam:GenerateCredentialReport being the one tolerated exception, and is the action of an operation
//   the data layer declares;
// - every operation the data layer may call (src/aws/services/* SERVICES) is a read, by name and by action.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../src/aws/services/index.js';
import { actionOf } from '../src/aws/service.js';
import { CHECKS } from '../src/checks/index.js';
import { BASE_PERMISSIONS, POLICY_FILE, buildPolicy, renderPolicy, requiredActions } from '../src/policy.js';

const READ = /^(Describe|Get|List|Lookup|Search|BatchGet)[A-Za-z0-9]*$/;
const TOLERATED = new Set(['iam:GenerateCredentialReport']);
// API Gateway's management actions are HTTP verbs (Service Authorization Reference, prefix apigateway):
// apigateway:GET authorizes every Get* operation (GetRestApis, GetApis, …) and reads only.
const HTTP_READ = new Set(['apigateway:GET']);
const isReadOnlyAction = (action: string) => TOLERATED.has(action) || HTTP_READ.has(action) || READ.test(action.split(':')[1] ?? '');

const declared = SERVICES.flatMap((service) =>
  Object.keys(service.operations).map((operation) => ({ call: `${service.name}:${operation}`, operation, action: actionOf(service, operation) })),
);

describe('the IAM policy', () => {
  it(`${POLICY_FILE} is up to date (run \`npm run generate\` when this fails)`, () => {
    expect(readFileSync(POLICY_FILE, 'utf8')).toBe(renderPolicy());
  });

  it('is one Allow statement of sorted, unique actions on Resource "*"', () => {
    const policy = buildPolicy();
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement).toHaveLength(1);
    const [statement] = policy.Statement;
    expect(statement).toMatchObject({ Effect: 'Allow', Resource: '*' });
    expect(statement.Action).toEqual([...new Set(statement.Action)].sort());
  });

  it('holds what the scope, the estate layer and every check declare, and nothing else', () => {
    const expected = new Set([...BASE_PERMISSIONS, ...CHECKS.flatMap((c) => c.meta.permissions)]);
    expect(new Set(requiredActions())).toEqual(expected);
  });

  it('grants only read-only actions', () => {
    expect(requiredActions().filter((a) => !isReadOnlyAction(a))).toEqual([]);
  });

  it('grants only actions of operations the data layer declares', () => {
    const actions = new Set(declared.map((d) => d.action));
    expect(requiredActions().filter((a) => !actions.has(a))).toEqual([]);
  });

  it('fits in one managed policy (6,144 characters, whitespace not counted)', () => {
    expect(JSON.stringify(buildPolicy()).replace(/\s/g, '').length).toBeLessThanOrEqual(6144);
  });
});

describe('the data layer is read-only', () => {
  it('declares only read operations, GenerateCredentialReport excepted', () => {
    const writes = declared.filter((d) => !(d.call === 'iam:GenerateCredentialReport' || READ.test(d.operation)));
    expect(writes).toEqual([]);
  });

  it('maps every declared operation to a read-only IAM action', () => {
    expect(declared.filter((d) => !isReadOnlyAction(d.action))).toEqual([]);
  });

  it('knows the exception is there (the credential report must be generated before it is read)', () => {
    expect(declared.map((d) => d.call)).toContain('iam:GenerateCredentialReport');
  });
});
