// The response shapes (src/aws/shapes.ts): every declared operation has one, a malformed answer is refused
// naming the call and the field (never the value: it may be huge or hostile), a well-formed one passes
// untouched (extra fields allowed), and every declared shape accepts the demo snapshot's answers.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SERVICES } from '../../src/aws/services/index.js';
import { conform, formatPath, id, kindOf, list, obj, shapeProblem, str } from '../../src/aws/shapes.js';
import { MalformedResponse } from '../../src/errors.js';
import { loadSnapshot } from '../../src/aws/snapshot.js';

const groups = obj({ SecurityGroups: list(obj({ GroupId: id, GroupName: str, IpPermissions: list(obj({ IpProtocol: str })) })) });

describe('conform', () => {
  it('passes a well-formed answer through as the same value, extra fields and all; undefined (absent configuration) passes', () => {
    const value = { SecurityGroups: [{ GroupId: 'sg-1', Extra: { deep: true } }], NextToken: undefined };
    expect(conform(groups, value, 'ec2:DescribeSecurityGroups@us-east-1', 'ec2:DescribeSecurityGroups', 'us-east-1')).toBe(value);
    expect(conform(groups, undefined, 'k', 'ec2:DescribeSecurityGroups')).toBeUndefined();
    expect(conform(undefined, { anything: 1 }, 'k', 'x:Y')).toEqual({ anything: 1 });
  });

  it.each([
    [{ SecurityGroups: [{ GroupId: 'sg-1' }, { GroupName: 'no-id' }] }, 'SecurityGroups[1].GroupId is missing'],
    [{ SecurityGroups: [{ GroupId: 'sg-1', IpPermissions: { IpProtocol: '-1' } }] }, 'SecurityGroups[0].IpPermissions is not a list (got an object)'],
    [{ SecurityGroups: 'none' }, 'SecurityGroups is not a list (got a string)'],
    [{ SecurityGroups: [{ GroupId: 7 }, { GroupId: null }] }, 'SecurityGroups[0].GroupId is not a string (got a number) (and 1 more problem)'],
    [[], 'the response is not an object (got a list)'],
  ])('refuses %j, naming the call and the first field (with a count of the others)', (value, problem) => {
    let err: unknown;
    try {
      conform(groups, value, 'ec2:DescribeSecurityGroups@eu-west-1', 'ec2:DescribeSecurityGroups', 'eu-west-1');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MalformedResponse);
    expect((err as MalformedResponse).message).toBe(`ec2:DescribeSecurityGroups@eu-west-1 answered a malformed response: ${problem}`);
    expect((err as MalformedResponse).call).toBe('ec2:DescribeSecurityGroups');
    expect((err as MalformedResponse).region).toBe('eu-west-1');
    expect((err as MalformedResponse).kind).toBe('malformed-response');
  });

  it('never quotes the value: a hostile or huge string is described by its kind', () => {
    const problem = shapeProblem(obj({ Name: z.number() }), { Name: `\x1b[2J${'x'.repeat(100_000)}` });
    expect(problem).toBe('Name is not a number (got a string)');
  });
});

describe('formatPath and kindOf', () => {
  it('paths read like the API: dots and indexes; odd keys quoted and kept short', () => {
    expect(formatPath(['SecurityGroups', 2, 'IpPermissions'])).toBe('SecurityGroups[2].IpPermissions');
    expect(formatPath(['Tags', 'a key'])).toBe('Tags["a key"]');
    expect(formatPath(['k'.repeat(80)])).toBe(`["${'k'.repeat(61)}..."]`);
  });

  it('names every kind of value without showing it', () => {
    expect([null, [], new Date(0), new Date(NaN), new Uint8Array(1), 's', 1, true, {}, undefined].map(kindOf)).toEqual([
      'null', 'a list', 'a date', 'an invalid date', 'bytes', 'a string', 'a number', 'a boolean', 'an object', 'undefined',
    ]);
  });
});

describe('declared shapes', () => {
  it('every operation of every service declares the shape of its answer', () => {
    const missing = SERVICES.flatMap((s) => Object.entries(s.operations).filter(([, op]) => !op.shape).map(([name]) => `${s.name}:${name}`));
    // The credential report's Content is CSV, checked where it is parsed (iam-credential-report.ts).
    expect(missing.filter((m) => m !== 'iam:GetCredentialReport' && m !== 'iam:GenerateCredentialReport')).toEqual([]);
  });

  it('the demo snapshot, recorded from real answers, fits every declared shape', () => {
    expect(Object.keys(loadSnapshot('fixtures/demo').responses).length).toBeGreaterThan(100);
  });

  it('the query/XML services, which send an empty list as an empty element, require every listed field: absent is malformed', () => {
    const flagged = SERVICES.filter((s) => s.listsAlwaysSent).map((s) => s.name).sort();
    expect(flagged).toEqual(['autoscaling', 'cloudformation', 'cloudwatch', 'ec2', 'elb', 'elbv2', 'iam', 'rds', 's3', 'sns']);
    for (const service of SERVICES.filter((s) => s.listsAlwaysSent)) {
      for (const [name, op] of Object.entries(service.operations)) {
        for (const field of op.items ?? []) {
          const others = Object.fromEntries((op.items ?? []).filter((f) => f !== field).map((f) => [f, []]));
          expect(shapeProblem(op.shape!, others), `${service.name}:${name}`).toMatch(new RegExp(`^${field} is missing`));
        }
      }
    }
    // A JSON service may leave an empty list out: there, absent stays "none".
    const lambda = SERVICES.find((s) => s.name === 'lambda')!;
    expect(shapeProblem(lambda.operations.ListFunctions.shape!, {})).toBeUndefined();
  });
});
