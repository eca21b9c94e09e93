import { describe, expect, it } from 'vitest';
import { met } from '../../src/checks/define-check.js';
import { look, settle } from '../../src/checks/settle.js';
import { AwsDataError, MissingPermission } from '../../src/errors.js';

const SCOPE = 'arn:aws:ec2:us-east-1:123456789012:vpn-connection/*';
const denied = () => new MissingPermission('ec2:DescribeVpnConnections', 'ec2:DescribeVpnConnections', 'us-east-1');

describe('look', () => {
  it('passes the findings of a look that answered through, none included', async () => {
    expect(await look(SCOPE, async () => [met('arn:x', 'fine')])).toEqual([met('arn:x', 'fine')]);
    expect(await look(SCOPE, async () => [])).toEqual([]);
  });

  it('turns a classified AWS failure into one error finding for what the look covers', async () => {
    const [f] = await look(SCOPE, async () => {
      throw denied();
    });
    expect(f).toMatchObject({
      status: 'error',
      resource: SCOPE,
      region: 'us-east-1',
      errorKind: 'missing-permission',
      missingPermission: 'ec2:DescribeVpnConnections',
      message: 'could not tell: missing permission ec2:DescribeVpnConnections',
    });
  });

  it('re-throws anything else: a bug is the engine’s to report', async () => {
    await expect(look(SCOPE, async () => Promise.reject(new TypeError('x is undefined')))).rejects.toThrow('x is undefined');
  });
});

describe('settle', () => {
  it('keeps an answer, or a classified failure as a value', async () => {
    expect(await settle(Promise.resolve([1]))).toEqual({ ok: true, value: [1] });
    const failure = new AwsDataError('ec2:DescribeVpnConnections failed: boom', 'ec2:DescribeVpnConnections', 'us-east-1');
    expect(await settle(Promise.reject(failure))).toEqual({ ok: false, error: failure });
  });

  it('re-throws anything else', async () => {
    await expect(settle(Promise.reject(new RangeError('bug')))).rejects.toThrow('bug');
  });
});
