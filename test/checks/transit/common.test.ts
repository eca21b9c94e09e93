import { describe, expect, it } from 'vitest';
import { met } from '../../../src/checks/define-check.js';
import { attempt, DEPRECATED_PROTOCOLS, guard, plaintext } from '../../../src/checks/transit/common.js';
import { MissingPermission, Throttled } from '../../../src/errors.js';

const LB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188';

describe('DEPRECATED_PROTOCOLS', () => {
  it('names SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1 as ELB spells them, and not TLS 1.2 or 1.3', () => {
    expect(DEPRECATED_PROTOCOLS).toEqual(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);
    expect(DEPRECATED_PROTOCOLS).not.toContain('TLSv1.2');
    expect(DEPRECATED_PROTOCOLS).not.toContain('TLSv1.3');
  });
});

describe('guard', () => {
  it('passes the look’s findings through, an empty list included', async () => {
    const found = [met(LB, 'fine')];
    expect(await guard(LB, async () => found)).toBe(found);
    expect(await guard(LB, async () => [])).toEqual([]);
  });

  it('turns a missing permission into one error finding for the resource, naming the action', async () => {
    const findings = await guard(LB, async () => {
      throw new MissingPermission('elasticloadbalancing:DescribeListeners', 'elbv2:DescribeListeners', 'eu-west-1');
    });
    expect(findings).toEqual([
      {
        status: 'error',
        resource: LB,
        message: 'could not tell: missing permission elasticloadbalancing:DescribeListeners',
        missingPermission: 'elasticloadbalancing:DescribeListeners',
        errorKind: 'missing-permission',
        region: 'eu-west-1',
      },
    ]);
  });

  it('turns any other classified AWS failure into an error finding without a permission', async () => {
    const [finding] = await guard(LB, () => Promise.reject(new Throttled('elbv2:DescribeRules still throttled after retries', 'elbv2:DescribeRules')));
    expect(finding).toMatchObject({ status: 'error', resource: LB, errorKind: 'throttled', missingPermission: undefined });
    expect(finding.message).toBe('could not tell: elbv2:DescribeRules still throttled after retries');
    expect(finding).not.toHaveProperty('region');
  });

  it('re-throws a failure that is not a classified AWS error (a bug is not an answer)', async () => {
    await expect(guard(LB, () => Promise.reject(new TypeError('x is undefined')))).rejects.toThrow(TypeError);
  });
});

describe('attempt', () => {
  it('keeps the value of a look, undefined included', async () => {
    expect(await attempt(async () => 42)).toEqual({ value: 42 });
    expect(await attempt(async () => undefined)).toEqual({ value: undefined });
  });

  it('keeps a classified AWS failure as a value, for a verdict that may stand without it', async () => {
    const failure = new MissingPermission('kms:GetKeyPolicy', 'kms:GetKeyPolicy', 'us-east-1');
    expect(await attempt(() => Promise.reject(failure))).toEqual({ failed: failure });
  });

  it('re-throws anything else (a bug is not an answer)', async () => {
    await expect(attempt(() => Promise.reject(new TypeError('x is undefined')))).rejects.toThrow(TypeError);
  });
});

describe('plaintext', () => {
  const evidence = { protocol: 'HTTP', port: 80 };

  it('is not met on an internet-facing load balancer, whatever the options', () => {
    for (const internalPlaintext of ['manual', 'not-met'] as const) {
      expect(plaintext({ internalPlaintext }, false, LB, 'Listener HTTP:80 serves plain HTTP.', evidence)).toEqual({
        status: 'not-met',
        resource: LB,
        message: 'Listener HTTP:80 serves plain HTTP.',
        evidence,
      });
    }
  });

  it('is not met on an internal load balancer when the options say so (1.22)', () => {
    expect(plaintext({ internalPlaintext: 'not-met' }, true, LB, 'Listener HTTP:80 serves plain HTTP.', evidence)).toMatchObject({
      status: 'not-met',
      message: 'Listener HTTP:80 serves plain HTTP.',
    });
  });

  it('is left to people on an internal load balancer under 1.24, saying what to confirm', () => {
    const f = plaintext({ internalPlaintext: 'manual' }, true, LB, 'Listener HTTP:80 serves plain HTTP.', evidence);
    expect(f).toMatchObject({ status: 'manual', resource: LB, evidence });
    expect(f.message).toMatch(/^Listener HTTP:80 serves plain HTTP\. The load balancer is internal: confirm that none of its clients sits across a VPC boundary/);
    expect(f.message).toMatch(/or serve HTTPS\.$/);
  });
});
