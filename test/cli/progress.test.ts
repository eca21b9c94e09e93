// Progress on stderr: a heartbeat line every interval when stderr is not a terminal (a CI log), a
// transient line on a terminal, one line per item with --verbose, nothing with --quiet. Time is faked.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanStats } from '../../src/model.js';
import { DEFAULT_HEARTBEAT_MS, heartbeatLine, MIN_REDRAW_MS, progressReporter, type ProgressOptions } from '../../src/progress.js';

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
  it('one line rewritten in place (items, calls, throttles, elapsed, ETA), redrawn every second, cleared at the end; no heartbeat', () => {
    const h = harness({ stderrIsTty: true });
    h.progress.onProgress({ type: 'scan-start', stats: h.stats });
    h.progress.onProgress({ type: 'start', total: 4 });
    h.advance(10_000);
    Object.assign(h.stats, { apiCalls: 153, throttled: 2 });
    h.progress.onProgress({ type: 'check-done', id: '1.1', status: 'met', done: 1, total: 4 });
    // Drawn by the clock an instant ago: the item's line waits MIN_REDRAW_MS.
    h.advance(MIN_REDRAW_MS);
    h.advance(1000 - MIN_REDRAW_MS);
    h.progress.clear();
    expect(h.lines[0]).toBe(`\r${ESC}[Kcmt-audit: 0/4 items · 0 calls · 0 throttled · 0s`);
    expect(h.lines).toContain(`\r${ESC}[Kcmt-audit: 1/4 items · 153 calls · 2 throttled · 10s · ETA 30s`);
    expect(h.lines.at(-2)).toBe(`\r${ESC}[Kcmt-audit: 1/4 items · 153 calls · 2 throttled · 11s · ETA 33s`);
    expect(h.lines.at(-1)).toBe(`\r${ESC}[K`);
    expect(h.lines.filter((l) => l.includes('\n'))).toEqual([]);
  });

  it('an estate: accounts done, regions summed, items over every account', () => {
    const h = harness({ stderrIsTty: true });
    h.progress.onProgress({ type: 'scan-start', stats: h.stats });
    h.progress.onProgress({ type: 'start', total: 80, accounts: 2 });
    h.progress.onProgress({ type: 'account-start', account: '111111111111', regions: 17 });
    h.progress.onProgress({ type: 'account-start', account: '222222222222', regions: 3 });
    h.advance(20_000);
    h.progress.onProgress({ type: 'check-done', id: '1.1', status: 'met', done: 40, total: 80, account: '111111111111' });
    h.progress.onProgress({ type: 'account-done', account: '111111111111', statuses: ['met'], byService: { iam: 3 } });
    h.advance(MIN_REDRAW_MS); // the account's end came in the same instant as the item: drawn once the pause is over
    h.progress.clear();
    expect(h.lines.at(-2)).toBe(`\r${ESC}[Kcmt-audit: 1/2 accounts · 20 account-regions · 40/80 items · 0 calls · 0 throttled · 20s · ETA 20s`);
  });

  it('items every 7 ms for 3 s: never two draws less than MIN_REDRAW_MS apart, the clock\'s ticks included; no account-regions before an account starts', () => {
    let clock = 0;
    const drawnAt: number[] = [];
    const lines: string[] = [];
    const progress = progressReporter({ write: (t) => (drawnAt.push(clock), lines.push(t)), stderrIsTty: true, now: () => clock });
    progress.onProgress({ type: 'scan-start', stats: { apiCalls: 0, uniqueCalls: 0, memoHits: 0, retries: 0, throttled: 0 } });
    progress.onProgress({ type: 'start', total: 1000, accounts: 2 });
    expect(lines[0]).toBe(`\r${ESC}[Kcmt-audit: 0/2 accounts · 0/1000 items · 0 calls · 0 throttled · 0s`);
    for (let done = 1; clock < 3000; done++) {
      clock += 7;
      vi.advanceTimersByTime(7);
      progress.onProgress({ type: 'check-done', id: '1.1', status: 'met', done, total: 1000 });
    }
    const gaps = drawnAt.slice(1).map((t, i) => t - drawnAt[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MIN_REDRAW_MS);
    expect(drawnAt.length).toBeGreaterThan(20);
  });

  it('a burst of items (a replay) draws the line once, then its last state after MIN_REDRAW_MS, not once per item', () => {
    const h = harness({ stderrIsTty: true });
    h.progress.onProgress({ type: 'scan-start', stats: h.stats });
    h.progress.onProgress({ type: 'start', total: 200 });
    h.advance(MIN_REDRAW_MS);
    const before = h.lines.length;
    for (let done = 1; done <= 199; done++) h.progress.onProgress({ type: 'check-done', id: '1.1', status: 'met', done, total: 200 });
    expect(h.lines.slice(before)).toEqual([`\r${ESC}[Kcmt-audit: 1/200 items · 0 calls · 0 throttled · 0s · ETA 19s`]);
    h.advance(MIN_REDRAW_MS - 1);
    expect(h.lines).toHaveLength(before + 1);
    h.advance(1);
    expect(h.lines.slice(before)).toEqual([
      `\r${ESC}[Kcmt-audit: 1/200 items · 0 calls · 0 throttled · 0s · ETA 19s`,
      `\r${ESC}[Kcmt-audit: 199/200 items · 0 calls · 0 throttled · 0s · ETA 0s`,
    ]);
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

describe('--verbose with several accounts', () => {
  it('one line per account when it is done: its statuses and its calls by service; no line per item', () => {
    const h = harness({ verbose: true });
    h.progress.onProgress({ type: 'start', total: 6, accounts: 2 });
    h.progress.onProgress({ type: 'check-done', id: '1.2', status: 'not-met', done: 1, total: 6, account: '111111111111' });
    h.progress.onProgress({
      type: 'account-done',
      account: '111111111111',
      name: 'acme-management',
      statuses: ['met', 'not-met', 'met'],
      byService: { s3: 4, iam: 12, ec2: 4 },
    });
    h.progress.onProgress({ type: 'account-done', account: '222222222222', error: 'cannot assume role arn:aws:iam::222222222222:role/CmtAuditReadOnly: AccessDenied', statuses: [], byService: {} });
    h.progress.clear();
    expect(h.lines).toEqual([
      'cmt-audit: checking 3 checklist items in each of 2 accounts\n',
      'cmt-audit: account 111111111111 (acme-management): 2 met, 1 not met (its own view, before the cross-account rules); 20 calls: iam 12, ec2 4, s3 4\n',
      'cmt-audit: account 222222222222: not scanned: cannot assume role arn:aws:iam::222222222222:role/CmtAuditReadOnly: AccessDenied\n',
    ]);
  });

  it('an account name or reason from AWS cannot move the cursor or colour the terminal', () => {
    const h = harness({ verbose: true });
    h.progress.onProgress({ type: 'start', total: 2, accounts: 2 });
    h.progress.onProgress({ type: 'account-done', account: '111111111111', name: `evil${ESC}[2J\nname`, error: `denied${ESC}]0;owned\u0007`, statuses: [], byService: {} });
    h.progress.clear();
    expect(h.lines.at(-1)).not.toContain(ESC);
    expect(h.lines.at(-1)!.split('\n')).toHaveLength(2);
  });

  it('the heartbeat names accounts, regions and the time still to go', () => {
    const h = harness();
    h.progress.onProgress({ type: 'start', total: 80, accounts: 2 });
    h.progress.onProgress({ type: 'account-start', account: '111111111111', regions: 17 });
    h.progress.onProgress({ type: 'check-done', id: '1.1', status: 'met', done: 20, total: 80, account: '111111111111' });
    h.advance(DEFAULT_HEARTBEAT_MS);
    expect(h.lines.at(-1)).toBe('cmt-audit: still scanning: 0/2 accounts (17 account-regions), 20/80 items done, 10s elapsed, about 30s to go\n');
    h.progress.clear();
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
