// --request-timeout and --timeout: parsing, defaults, and what reaches the scan.
import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUEST_TIMEOUT, DEFAULT_TIMEOUT, parseRequestTimeout, parseScanFlags, parseTimeout } from '../../src/options.js';
import { formatDuration } from '../../src/scan.js';
import { userError } from '../support/user-error.js';

describe('--request-timeout <seconds>', () => {
  it('defaults to 15 s', () => {
    expect(DEFAULT_REQUEST_TIMEOUT).toBe('15');
    expect(parseRequestTimeout(undefined)).toBe(15_000);
    expect(parseScanFlags({}).scan.requestTimeoutMs).toBe(15_000);
  });

  it.each([
    ['30', 30_000],
    [' 2 ', 2000],
    ['0.5', 500],
    ['3600', 3_600_000],
  ])('%j → %d ms', (value, ms) => expect(parseRequestTimeout(value)).toBe(ms));

  it.each(['0', '-1', 'abc', '', '1e3', '3601', '10s'])('rejects %j in one line naming the flag', (value) => {
    const err = userError(() => parseRequestTimeout(value));
    expect(err.message).toBe(`invalid --request-timeout "${value}": expected seconds, more than 0 and at most 3600`);
    expect(err.exitCode).toBe(2);
    expect(err.hint).toBe('e.g. --request-timeout 30');
  });

  it('reaches the scan in milliseconds', () => {
    expect(parseScanFlags({ requestTimeout: '7' }).scan.requestTimeoutMs).toBe(7000);
  });
});

describe('--timeout <duration>', () => {
  it('defaults to 30 minutes', () => {
    expect(DEFAULT_TIMEOUT).toBe('30m');
    expect(parseTimeout(undefined)).toBe(1_800_000);
    expect(parseScanFlags({}).scan.timeoutMs).toBe(1_800_000);
  });

  it.each([
    ['90', 90_000],
    ['90s', 90_000],
    ['1.5s', 1500],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
    [' 1H ', 3_600_000],
    ['0.0001s', 1],
  ])('%j → %d ms', (value, ms) => expect(parseTimeout(value)).toBe(ms));

  it('0 means no time limit', () => {
    expect(parseTimeout('0')).toBeUndefined();
    expect(parseTimeout('0s')).toBeUndefined();
    expect(parseScanFlags({ timeout: '0' }).scan.timeoutMs).toBeUndefined();
  });

  it.each(['', 'soon', '-5s', '5 m', '5d', 'm', '1h-', '25000h', '1.2.3s', '1m1m', '30s1h', '1h1h'])('rejects %j in one line naming the flag', (value) => {
    const err = userError(() => parseTimeout(value));
    expect(err.message).toBe(`invalid --timeout "${value}": expected a duration of at most 24 days`);
    expect(err.exitCode).toBe(2);
    expect(err.hint).toMatch(/90s, 15m, 1h or 1h30m \(0: no time limit\)/);
  });

  it('24 days is the most a timer can wait', () => {
    expect(parseTimeout('596h')).toBe(596 * 3_600_000);
    expect(() => parseTimeout('597h')).toThrow(/at most 24 days/);
  });
});

describe('formatDuration (how the report words the time limit)', () => {
  it.each([
    [1_800_000, '30m'],
    [5000, '5s'],
    [1500, '1.5s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [3_601_000, '1h1s'],
    [0, '0s'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
