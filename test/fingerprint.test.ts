import { describe, expect, it } from 'vitest';
import { findingKey, fingerprint } from '../src/fingerprint.js';

describe('fingerprint', () => {
  const f = { account: '111122223333', region: 'eu-west-1', resource: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1' };
  it('keys a finding by account, item, region and resource', () => {
    expect(findingKey('1.10', f)).toBe('111122223333|1.10|eu-west-1|arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1');
    expect(findingKey('1.1', { resource: 'arn:aws:iam::1:root' })).toBe('|1.1||arn:aws:iam::1:root');
  });
  it('is stable and tells apart each part', () => {
    expect(fingerprint('1.10', f)).toBe(fingerprint('1.10', { ...f }));
    expect(fingerprint('1.10', f)).toMatch(/^[0-9a-f]{32}$/);
    const others = [fingerprint('1.11', f), fingerprint('1.10', { ...f, account: '444455556666' }), fingerprint('1.10', { ...f, region: 'us-east-1' }), fingerprint('1.10', { ...f, resource: 'sg-2' })];
    expect(new Set([fingerprint('1.10', f), ...others]).size).toBe(5);
  });
});
