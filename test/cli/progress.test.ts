// Progress on stderr: a heartbeat line every interval when stderr is not a terminal (a CI log), a
// transient line on a terminal, one line per item with --verbose, nothing with --quiet. Time is faked.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanStats } from '../../src/model.js';
import { DEFAULT_HEARTBEAT_MS, heartbeatLine, progressReporter, type ProgressOptions } from '../../src/progress.js';

const ESC = String.fromCharCode(27);

function harness(opts: Partial<ProgressOptions> = {}) {
  const lines: string[] = [];
  let clock = 1_000_000;
  const progress = progressReporter({ write: (t) => lines.push(t), stderrIsTty: false, now: () => clock, ...opts });
  const stats: ScanStats = { apiCalls: 0, uniqueCalls: 0, memoHits: 0, retries: 0, throttled: 0 };
  return {
    lines,
    progress,
    stats,
    /** Moves the clock and the timers together. */
    advance: (ms: number) => {
      clock += ms;
      vi.advanceTimersByTime(ms);
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('stderr not a terminal: a heartbeat', () => {
  it('every 10 s by default: items done/total, API calls, retries, throttles, elapsed; nothing in between', () => {
    const h = harness();
    h.progress.onProgress({ type: 'scan-start', stats: h.stats });
    h.advance(DEFAULT_HEARTBEAT_MS - 1);
    expect(h.lines).toEqual([]);
    h.advance(1);
    expect(h.lines).toEqual(['cmt-audit: still scanning: finding the account and its regions, 0 API calls (0 retries, 0 throttled), 10s elapsed\n']);

    h.progress.onProgress({ type: 'start', total: 40 });
    h.progress.onProgress({ type: 'check-done', id: '1.1', status: 'met', done: 1, total: 40 });
    Object.assign(h.stats, { apiCalls: 153, retries: 4, throttled: 2 }); // the fetcher's live counters
    h.advance(DEFAULT_HEARTBEAT_MS);
    expect(h.lines.at(-1)).toBe('cmt-audit: still scanning: 1/40 items done, 153 API calls (4 retries, 2 throttled), 20s elapsed\n');
    h.advance(DEFAULT_HEARTBEAT_MS * 5);
    expect(h.lines).toHaveLength(7);
    expect(h.lines.at(-1)).toContain('1m10s elapsed');
    // plain lines: no escape codes, no carriage returns
    expect(h.lines.join('')).not.toMatch(new RegExp(`${ESC}|\\r`));
  });

  it('the interval is configurable', () => {
    const h = harness({ intervalMs: 1000 });
    h.advance(3000);
    expect(h.lines).toHaveLength(3);
    expect(h.lines[2]).toBe('cmt-audit: still scanning: finding the account and its regions, 3s elapsed\n');
  });

  it('stops when cleared', () => {
    const h = harness();
    h.advance(DEFAULT_HEARTBEAT_MS);
    h.progress.clear();
    h.advance(DEFAULT_HEARTBEAT_MS * 3);
    expect(h.lines).toHaveLength(1);
  });

  it('with --verbose: one line per item, and the heartbeat too', () => {
    const h = harness({ verbose: true });
    h.progress.onProgress({ type: 'start', total: 12 });
    h.progress.onProgress({ type: 'check-done', id: '1.2', status: 'not-met', done: 3, total: 12 });
    expect(h.lines).toEqual(['cmt-audit: checking 12 checklist items\n', '  [ 3/12] 1.2   NOT MET\n']);
    h.advance(DEFAULT_HEARTBEAT_MS);
    expect(h.lines.at(-1)).toBe('cmt-audit: still scanning: 3/12 items done, 10s elapsed\n');
    h.progress.clear();
  });

  it('with --quiet: nothing at all', () => {
    const h = harness({ quiet: true });
    h.progress.onProgress({ type: 'start', total: 1 });
    h.progress.onProgress({ type: 'check-done', id: '1.2', status: 'met', done: 1, total: 1 });
    h.advance(DEFAULT_HEARTBEAT_MS * 10);
    h.progress.clear();
    expect(h.lines).toEqual([]);
  });
});

describe('stderr a terminal', () => {
  it('one line rewritten in place, cleared at the end; no heartbeat', () => {
    const h = harness({ stderrIsTty: true });
    h.progress.onProgress({ type: 'start', total: 2 });
    h.progress.onProgress({ type: 'check-done', id: '1.1', status: 'met', done: 1, total: 2 });
    h.advance(DEFAULT_HEARTBEAT_MS * 3);
    h.progress.clear();
    expect(h.lines).toEqual([`\r${ESC}[Kcmt-audit: checking… 0/2`, `\r${ESC}[Kcmt-audit: checking… 1/2`, `\r${ESC}[K`]);
  });

  it('nothing to clear when nothing was shown', () => {
    const h = harness({ stderrIsTty: true });
    h.progress.clear();
    expect(h.lines).toEqual([]);
  });

  it('--verbose on a terminal: the item lines only', () => {
    const h = harness({ stderrIsTty: true, verbose: true });
    h.progress.onProgress({ type: 'start', total: 1 });
    h.progress.onProgress({ type: 'check-done', id: '2.1', status: 'error', done: 1, total: 1 });
    h.advance(DEFAULT_HEARTBEAT_MS);
    h.progress.clear();
    expect(h.lines).toEqual(['cmt-audit: checking 1 checklist item\n', '  [1/1] 2.1   ERROR\n']);
  });
});

describe('heartbeatLine', () => {
  const stats = (apiCalls: number, retries: number, throttled: number): ScanStats => ({ apiCalls, uniqueCalls: 0, memoHits: 0, retries, throttled });
  it.each([
    [0, 3, stats(1, 1, 0), 0, 'cmt-audit: still scanning: 0/3 items done, 1 API call (1 retry, 0 throttled), 0s elapsed'],
    [2, 3, stats(2, 0, 1), 59_999, 'cmt-audit: still scanning: 2/3 items done, 2 API calls (0 retries, 1 throttled), 59s elapsed'],
    [2, 3, undefined, 60_000, 'cmt-audit: still scanning: 2/3 items done, 1m00s elapsed'],
    [0, undefined, undefined, 3_725_000, 'cmt-audit: still scanning: finding the account and its regions, 62m05s elapsed'],
  ])('%d/%s, %j, %d ms', (done, total, s, ms, line) => expect(heartbeatLine(done, total, s, ms)).toBe(line));
});
