// classify(): the one place that decides what an AWS failure means. Errors are built the way SDK v3
// throws them: `name` is the exception class (modeled errors) or the code (unmodeled ones), `Code` keeps
// the wire code, `$metadata.httpStatusCode` the status; Node network errors carry `code`.
import { NoSuchEntityException } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/aws/fetcher.js';
import { defineService } from '../../src/aws/service.js';
import { iam } from '../../src/aws/services/iam.js';
import {
  AwsDataError,
  CredentialsError,
  MissingPermission,
  RegionDisabled,
  ServiceNotEnabled,
  Throttled,
} from '../../src/errors.js';

const HOME = 'us-east-1';
/** What a test-only SDK module exports: a client and one command. */
const fakeSdk = {
  DemoClient: class DemoClient {},
  FakeCommand: class FakeCommand {
    constructor(readonly input: unknown) {}
  },
};

/** A test-only service: one plain op, one with a custom IAM action and an absent code, one that may be off. */
const demo = defineService({
  name: 'demo',
  iamPrefix: 'demo',
  load: async () => fakeSdk,
  client: 'DemoClient',
  operations: {
    DescribeThings: { command: 'FakeCommand' },
    GetThingPolicy: { command: 'FakeCommand', action: 'demo:ReadThingPolicy', absent: ['NoSuchThingPolicy'] },
    GetSession: {
      command: 'FakeCommand',
      notEnabled: ['AccessDeniedException:Demo is not enabled: see the console', 'ServiceDisabledException'],
    },
  },
});

const awsError = (name: string, message = name, httpStatusCode = 400, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode }, ...extra });

const regional = (raw: unknown, operation = 'DescribeThings', region: string | undefined = 'eu-west-1') =>
  classify(raw, demo, operation, region, HOME);

describe('classify: access denied → MissingPermission naming the IAM action', () => {
  const cases: [string, unknown, string, string][] = [
    ['AccessDenied', awsError('AccessDenied', 'not authorized', 403), 'DescribeThings', 'demo:DescribeThings'],
    ['AccessDeniedException', awsError('AccessDeniedException', 'no', 403), 'DescribeThings', 'demo:DescribeThings'],
    ['UnauthorizedOperation (EC2)', awsError('UnauthorizedOperation', 'no', 403), 'DescribeThings', 'demo:DescribeThings'],
    ['any other 403', awsError('SomeNewDeniedCode', 'no', 403), 'DescribeThings', 'demo:DescribeThings'],
    ['custom action', awsError('AccessDenied', 'no', 403), 'GetThingPolicy', 'demo:ReadThingPolicy'],
    ['a code only in Code', awsError('DemoServiceException', 'no', 400, { Code: 'AccessDenied' }), 'DescribeThings', 'demo:DescribeThings'],
  ];
  for (const [label, raw, operation, action] of cases) {
    it(label, () => {
      const err = regional(raw, operation);
      expect(err).toBeInstanceOf(MissingPermission);
      expect((err as MissingPermission).action).toBe(action);
      expect((err as MissingPermission).call).toBe(`demo:${operation}`);
      expect((err as MissingPermission).region).toBe('eu-west-1');
      expect(err!.message).toContain(action);
    });
  }
});

describe('classify: declared absent codes → undefined (optional configuration not there)', () => {
  it('the code as name', () => expect(regional(awsError('NoSuchThingPolicy', 'none', 404), 'GetThingPolicy')).toBeUndefined());
  it('a real SDK exception: name NoSuchEntityException, Code NoSuchEntity', () => {
    const raw = new NoSuchEntityException({ message: 'The Password Policy cannot be found.', $metadata: { httpStatusCode: 404 } });
    Object.assign(raw, { Code: 'NoSuchEntity' });
    expect(classify(raw, iam, 'GetAccountPasswordPolicy', undefined, HOME)).toBeUndefined();
  });
  it('an absent code of another operation is an error', () => {
    expect(regional(awsError('NoSuchThingPolicy', 'none', 404), 'DescribeThings')).toBeInstanceOf(AwsDataError);
  });
});

describe('classify: notEnabled codes → ServiceNotEnabled', () => {
  it('Code:message form, message matched case-insensitively, colons kept in the text', () => {
    const err = regional(awsError('AccessDeniedException', 'DEMO is not enabled: see the console for details', 403), 'GetSession');
    expect(err).toBeInstanceOf(ServiceNotEnabled);
    expect(err!.message).toMatch(/demo is not enabled in eu-west-1/);
  });
  it('a bare code', () => expect(regional(awsError('ServiceDisabledException'), 'GetSession')).toBeInstanceOf(ServiceNotEnabled));
  it('same code, other message: a real access denial', () => {
    const err = regional(awsError('AccessDeniedException', 'User is not authorized', 403), 'GetSession');
    expect(err).toBeInstanceOf(MissingPermission);
    expect((err as MissingPermission).action).toBe('demo:GetSession');
  });
});

describe('classify: a refused token is a disabled region away from home, bad credentials at home', () => {
  for (const code of ['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure', 'OptInRequired']) {
    it(`${code} in a non-home region → RegionDisabled`, () => {
      const err = regional(awsError(code, 'The security token included in the request is invalid', 401), 'DescribeThings', 'ap-east-1');
      expect(err).toBeInstanceOf(RegionDisabled);
      expect((err as RegionDisabled).region).toBe('ap-east-1');
    });
    it(`${code} in the home region → CredentialsError`, () => {
      const err = regional(awsError(code, 'invalid', 401), 'DescribeThings', HOME);
      expect(err).toBeInstanceOf(CredentialsError);
      expect((err as CredentialsError).exitCode).toBe(5);
    });
    it(`${code} from a global service → CredentialsError`, () => {
      expect(classify(awsError(code, 'invalid', 403), iam, 'ListUsers', undefined, HOME)).toBeInstanceOf(CredentialsError);
    });
  }
  it('ExpiredToken → CredentialsError with an "expired" hint', () => {
    const err = regional(awsError('ExpiredToken', 'The security token included in the request is expired', 403), 'DescribeThings', HOME);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as CredentialsError).hint).toMatch(/expired/);
  });
  it('ExpiredTokenException with a 403 is not a missing permission', () => {
    expect(regional(awsError('ExpiredTokenException', 'expired', 403))).toBeInstanceOf(CredentialsError);
  });
  it('no credentials at all (CredentialsProviderError) → CredentialsError', () => {
    expect(regional(awsError('CredentialsProviderError', 'Could not load credentials from any providers', 0))).toBeInstanceOf(
      CredentialsError,
    );
  });
});

describe('classify: everything else', () => {
  it('ENOTFOUND (no endpoint for the service in that region) → RegionDisabled', () => {
    const raw = Object.assign(new Error('getaddrinfo ENOTFOUND demo.ap-east-1.amazonaws.com'), { code: 'ENOTFOUND' });
    const err = regional(raw, 'DescribeThings', 'ap-east-1');
    expect(err).toBeInstanceOf(RegionDisabled);
    expect(err!.message).toContain('ap-east-1');
  });
  it('throttled after every retry → Throttled', () => {
    for (const code of ['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException']) {
      expect(regional(awsError(code, 'Rate exceeded', 400))).toBeInstanceOf(Throttled);
    }
  });
  it('an unknown failure → AwsDataError naming the call, the code and the message', () => {
    const err = regional(awsError('InternalFailure', 'We encountered an internal error', 500));
    expect(err).toBeInstanceOf(AwsDataError);
    expect(err).not.toBeInstanceOf(MissingPermission);
    expect(err!.message).toBe('demo:DescribeThings failed: InternalFailure: We encountered an internal error');
    expect((err as AwsDataError).call).toBe('demo:DescribeThings');
    expect((err as AwsDataError).region).toBe('eu-west-1');
  });
  it('an already classified error passes through unchanged', () => {
    const err = new Throttled('x', 'demo:DescribeThings');
    expect(regional(err)).toBe(err);
  });
  it('something that is not even an Error → AwsDataError', () => {
    expect(regional('socket hang up')).toBeInstanceOf(AwsDataError);
  });
});
