// classify(), continued: throttling by HTTP status, timeouts, unusable endpoints, and messages that read as
// one clean line whatever came back (the SDK's deserialization hint, control characters, huge bodies).
// Errors are shaped as SDK v3 throws them (see classify.test.ts).
import { describe, expect, it } from 'vitest';
import { classify, oneLine } from '../../src/aws/fetcher.js';
import { defineService } from '../../src/aws/service.js';
import { iam } from '../../src/aws/services/iam.js';
import { AwsDataError, CredentialsError, EndpointUnusable, Throttled, TimedOut } from '../../src/errors.js';

const HOME = 'us-east-1';
const demo = defineService({
  name: 'demo',
  iamPrefix: 'demo',
  load: async () => ({ DemoClient: class {}, FakeCommand: class {} }),
  client: 'DemoClient',
  operations: {
    DescribeThings: { command: 'FakeCommand' },
    GetThingConfig: { command: 'FakeCommand', absent: ['NoSuchThingConfig', 'ThingConfigNotFound'] },
    GetSession: { command: 'FakeCommand', notEnabled: ['ServiceDisabledException'] },
  },
});
const HINT = '\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.';

const sdkError = (name: string, message: string, metadata: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, $metadata: metadata, ...extra });
const classified = (raw: unknown) => classify(raw, demo, 'DescribeThings', 'eu-west-1', HOME) as AwsDataError;

describe('throttling', () => {
  it('HTTP 429 is throttling whatever the code (the SDK names an empty 429 "Unknown")', () => {
    const err = classified(sdkError('Unknown', 'Unknown', { httpStatusCode: 429 }));
    expect(err).toBeInstanceOf(Throttled);
    expect(err.message).toBe('demo:DescribeThings still throttled after retries (HTTP 429)');
    expect(err).toMatchObject({ kind: 'throttled', call: 'demo:DescribeThings', region: 'eu-west-1' });
  });

  it('a throttling code with a 400, after several attempts, says how many', () => {
    const err = classified(sdkError('ThrottlingException', 'Rate exceeded', { httpStatusCode: 400, attempts: 8 }));
    expect(err).toBeInstanceOf(Throttled);
    expect(err.message).toBe('demo:DescribeThings still throttled after retries (8 attempts)');
  });

  it('every throttling code the SDK retries is Throttled', () => {
    for (const code of ['Throttling', 'ThrottledException', 'SlowDown', 'RequestThrottled', 'RequestThrottledException', 'ProvisionedThroughputExceededException', 'LimitExceededException']) {
      expect(classified(sdkError(code, 'slow down', { httpStatusCode: 400 }))).toBeInstanceOf(Throttled);
    }
  });
});

describe('timeouts and endpoints', () => {
  it("the SDK's TimeoutError (request, connection or socket timeout) → TimedOut, kind timeout", () => {
    const raw = sdkError('TimeoutError', '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 15000 ms requestTimeout.', { attempts: 3 });
    const err = classified(raw);
    expect(err).toBeInstanceOf(TimedOut);
    expect(err.message).toBe('no answer from demo DescribeThings: the request timed out (3 attempts)');
    expect(err.kind).toBe('timeout');
  });

  it('a Node ETIMEDOUT, and RequestTimeout codes, are timeouts too; one attempt adds no count', () => {
    expect(classified(Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:443'), { code: 'ETIMEDOUT' })).message).toBe(
      'no answer from demo DescribeThings: the request timed out',
    );
    expect(classified(sdkError('RequestTimeout', 'Your socket connection to the server was not read from', { httpStatusCode: 400, attempts: 1 }))).toBeInstanceOf(TimedOut);
    expect(classified(sdkError('RequestTimeoutException', 'timed out', { httpStatusCode: 408 }))).toBeInstanceOf(TimedOut);
  });

  it('an endpoint URL the SDK cannot build (ERR_INVALID_URL) → EndpointUnusable', () => {
    const raw = Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL', input: 'http://123456789012.127.0.0.1:4566/' });
    const err = classified(raw);
    expect(err).toBeInstanceOf(EndpointUnusable);
    expect(err.message).toBe('demo:DescribeThings cannot be sent: its endpoint URL is not valid');
    expect(err.kind).toBe('endpoint');
  });
});

describe('answers the SDK could not read', () => {
  it('an empty 5xx ("Unknown") → "HTTP 503 from demo DescribeThings"', () => {
    expect(classified(sdkError('Unknown', 'Unknown', { httpStatusCode: 503 })).message).toBe('HTTP 503 from demo DescribeThings');
    expect(classified(sdkError('Unknown', 'UnknownError', { httpStatusCode: 500, attempts: 4 })).message).toBe('HTTP 500 from demo DescribeThings (4 attempts)');
  });

  it('a parse failure: the deserialization hint is dropped, the body (as text, cut short) is kept', () => {
    const raw = sdkError('Error', `@aws-sdk XML parse error: unexpected content.${HINT}`, { httpStatusCode: 502 }, { $response: { body: `<html><h1>Bad gateway</h1>\x1b[2J${'z'.repeat(400)}</html>` } });
    const err = classified(raw);
    expect(err.message).toMatch(/^HTTP 502 from demo DescribeThings: Bad gateway z+…$/);
    expect(err.message).not.toContain('Deserialization');
    expect(err.message.length).toBeLessThanOrEqual('HTTP 502 from demo DescribeThings: '.length + 120);
  });

  it('a JSON parse failure (SyntaxError) with a 200: an unreadable answer, not a success', () => {
    const err = classified(sdkError('SyntaxError', `Unexpected token 'o', "not json" is not valid JSON${HINT}`, { httpStatusCode: 200 }));
    expect(err.message).toBe('unreadable answer (HTTP 200) from demo DescribeThings');
  });

  it('a JSON parse failure without an HTTP status (older JSON clients): an unreadable answer, the quoted body left out', () => {
    const err = classified(sdkError('SyntaxError', `Unexpected token '<', "<Response>"... is not valid JSON`));
    expect(err.message).toBe('unreadable answer from demo DescribeThings (not the JSON it speaks)');
  });

  it('every name the SDK gives an answer it could not read', () => {
    expect(classified(sdkError('UnknownError', 'UnknownError', { httpStatusCode: 502 })).message).toBe('HTTP 502 from demo DescribeThings');
    expect(classified(sdkError('Error', '', { httpStatusCode: 504 })).message).toBe('HTTP 504 from demo DescribeThings');
    expect(classified(sdkError('Unknown', '', { httpStatusCode: 500 })).message).toBe('HTTP 500 from demo DescribeThings');
  });

  it('a named error with a real message is not "unreadable"', () => {
    expect(classified(sdkError('Unknown', 'Service is down for maintenance', { httpStatusCode: 503 })).message).toBe(
      'demo:DescribeThings failed: Unknown: Service is down for maintenance',
    );
  });

  it('below 300 is an unreadable answer, from 300 on an HTTP status', () => {
    expect(classified(sdkError('Unknown', 'Unknown', { httpStatusCode: 299 })).message).toBe('unreadable answer (HTTP 299) from demo DescribeThings');
    expect(classified(sdkError('Unknown', 'Unknown', { httpStatusCode: 300 })).message).toBe('HTTP 300 from demo DescribeThings');
  });

  it('one attempt is not mentioned', () => {
    expect(classified(sdkError('RequestTimeout', 'slow', { httpStatusCode: 400, attempts: 1 })).message).toBe(
      'no answer from demo DescribeThings: the request timed out',
    );
    expect(classified(sdkError('InternalFailure', 'oops', { httpStatusCode: 500, attempts: 2 })).message).toBe('demo:DescribeThings failed: InternalFailure: oops (2 attempts)');
  });

  it('no status at all: the message, without the hint', () => {
    const err = classified(sdkError('Error', `socket hang up${HINT}`));
    expect(err.message).toBe('demo:DescribeThings failed: Error: socket hang up');
  });
});

describe('messages are one clean line', () => {
  it('control characters and escape sequences from AWS never reach a message', () => {
    const err = classified(sdkError('InternalFailure', 'We encountered\u0007 an \u001b[31minternal\u001b[0m\r\nerror\u009b', { httpStatusCode: 500 }));
    expect(err.message).toBe('demo:DescribeThings failed: InternalFailure: We encountered an internal error');
  });

  it('a huge message is truncated', () => {
    const err = classified(sdkError('ValidationError', 'x'.repeat(10_000), { httpStatusCode: 400 }));
    expect(err.message).toBe(`demo:DescribeThings failed: ValidationError: ${'x'.repeat(299)}…`);
  });

  it('credential failures are cleaned too', () => {
    const err = classify(sdkError('ExpiredToken', 'The token\u001b[0m is expired\n', { httpStatusCode: 403 }), iam, 'ListUsers', undefined, HOME);
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err!.message).toBe('AWS credentials were rejected or are missing: ExpiredToken: The token is expired');
  });

  it('oneLine: strips, collapses, bounds', () => {
    expect(oneLine('  a\tb\n\nc  ')).toBe('a b c');
    expect(oneLine('\u001b[1mbold\u001b[22m')).toBe('bold');
    expect(oneLine('abcdef', 4)).toBe('abc…');
    expect(oneLine('abcd', 4)).toBe('abcd');
    expect(oneLine('\u0000\u001f\u007f\u0080\u009f')).toBe('');
  });
});

describe('the rest of the rules, exactly', () => {
  const at = (raw: unknown, operation: string, region: string | undefined) => classify(raw, demo, operation, region, HOME);

  it('not even an error: undefined, null, a string', () => {
    expect(classified(undefined).message).toBe('demo:DescribeThings failed: Error: undefined');
    expect(classified(null).message).toBe('demo:DescribeThings failed: Error: null');
    expect(classified('socket hang up').message).toBe('demo:DescribeThings failed: Error: socket hang up');
  });

  it('any one of several absent codes means absent', () => {
    expect(at(sdkError('ThingConfigNotFound', 'none', { httpStatusCode: 404 }), 'GetThingConfig', 'eu-west-1')).toBeUndefined();
    expect(at(sdkError('NoSuchThingConfig', 'none', { httpStatusCode: 404 }), 'GetThingConfig', 'eu-west-1')).toBeUndefined();
  });

  it('a bare notEnabled code matches whatever the message says', () => {
    expect(at(sdkError('ServiceDisabledException', 'the service is off here', { httpStatusCode: 400 }), 'GetSession', 'eu-west-1')!.message).toBe(
      'demo is not enabled in eu-west-1 (ServiceDisabledException)',
    );
    expect(at(sdkError('ServiceDisabledException', 'off', { httpStatusCode: 400 }), 'GetSession', undefined)!.message).toBe('demo is not enabled (ServiceDisabledException)');
  });

  it('a region refused away from home, in words', () => {
    expect(at(sdkError('OptInRequired', 'opt in first', { httpStatusCode: 401 }), 'DescribeThings', 'ap-east-1')!.message).toBe('region ap-east-1 is not enabled for this account');
  });

  it('no endpoint: by any of its codes, or by the message alone', () => {
    expect(classified(sdkError('SomeName', 'lookup failed', {}, { code: 'ENOTFOUND' })).message).toBe('demo has no endpoint in eu-west-1 (SomeName)');
    expect(classified(sdkError('Error', 'getaddrinfo EAI_AGAIN demo.eu-west-1.amazonaws.com')).message).toBe('demo has no endpoint in eu-west-1 (Error)');
    expect(at(sdkError('UnknownEndpoint', 'Inaccessible host'), 'DescribeThings', undefined)!.message).toBe(`demo has no endpoint in ${HOME} (UnknownEndpoint)`);
  });

  it('the hint for rejected credentials says what to do', () => {
    const hint = (raw: unknown) => (at(raw, 'DescribeThings', HOME) as CredentialsError).hint;
    expect(hint(sdkError('ExpiredTokenException', 'expired', { httpStatusCode: 403 }, { Code: 'SomethingElse' }))).toBe(
      'your session has expired: run `aws sso login` (or refresh your credentials) and retry',
    );
    expect(hint(sdkError('TokenRefreshRequired', 'refresh', { httpStatusCode: 401 }))).toMatch(/session has expired/);
    expect(hint(sdkError('AuthFailure', 'denied', { httpStatusCode: 401 }, { Code: 'SomethingElse' }))).toBe(
      `check the credentials, and that the home region ${HOME} is enabled for the account (choose another with --region)`,
    );
    expect(hint(sdkError('UnrecognizedClientException', 'bad token', { httpStatusCode: 400 }))).toBe('set AWS_PROFILE / --profile, or run `aws configure` / `aws sso login`');
    expect(hint(sdkError('InvalidAccessKeyId', 'no such key', { httpStatusCode: 403 }))).toBe('set AWS_PROFILE / --profile, or run `aws configure` / `aws sso login`');
  });
});
