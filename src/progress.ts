// Progress on stderr while a scan runs (cli.ts owns the stream; this module only formats and times):
// - --verbose: one line per finished item (one account), or per finished account with its calls by service;
// - stderr a terminal: one transient line, rewritten in place (and every second, for the clock and the ETA),
//   cleared at the end: accounts, regions, items done, calls, throttles, elapsed, ETA;
// - stderr not a terminal (a CI log): a plain heartbeat line every interval (default 10 s) with items
//   done, API calls, retries, throttles and the time elapsed, so a log shows the scan is alive;
// - --quiet: nothing.
import type { ScanStats } from './model.js';
import { STATUS_WORDS } from './reporters/table.js';
import { terminalLine } from './text.js';
import type { ScanProgressEvent } from './scan.js';

export const DEFAULT_HEARTBEAT_MS = 10_000;

export interface ProgressOptions {
  write: (text: string) => void;
  stderrIsTty: boolean;
  quiet?: boolean;
  verbose?: boolean;
  /** Heartbeat period when stderr is not a terminal. */
  intervalMs?: number;
  /** Clock, in ms (tests inject one). */
  now?: () => number;
}

export interface Progress {
  onProgress: (event: ScanProgressEvent) => void;
  /** Stops the heartbeat and clears a transient line. Call it once the scan is over, whatever its outcome. */
  clear: () => void;
}

export function progressReporter(opts: ProgressOptions): Progress {
  if (opts.quiet) return { onProgress: () => undefined, clear: () => undefined };
  const now = opts.now ?? Date.now;
  const started = now();
  let stats: Readonly<ScanStats> | undefined;
  let done = 0;
  let total: number | undefined;
  let transient = false;
  let timer: NodeJS.Timeout | undefined;
  // An estate (several accounts): accounts done of all, regions summed over the accounts started.
  const estate = { accounts: 0, accountsDone: 0, regions: 0 };

  const line = () => liveLine(done, total, stats, now() - started, estate.accounts > 1 ? estate : undefined);
  let drawnAt = -Infinity;
  let trailing: NodeJS.Timeout | undefined;
  const redraw = () => {
    if (total === undefined) return;
    transient = true;
    drawnAt = now();
    opts.write(`\r\x1b[K${line()}`);
  };
  // Items can finish by the hundred in a second (a replay): the line is drawn at most every MIN_REDRAW_MS, the
  // last change of a burst included (drawn once the pause is over).
  const redrawSoon = () => {
    const wait = drawnAt + MIN_REDRAW_MS - now();
    if (wait <= 0) return redraw();
    if (trailing) return;
    trailing = setTimeout(() => {
      trailing = undefined;
      redraw();
    }, wait);
    trailing.unref();
  };
  if (!opts.stderrIsTty) {
    // Unref'd: the heartbeat never keeps the process alive by itself.
    timer = setInterval(
      () => opts.write(`${heartbeatLine(done, total, stats, now() - started, estate.accounts > 1 ? estate : undefined)}\n`),
      opts.intervalMs ?? DEFAULT_HEARTBEAT_MS,
    );
    timer.unref();
  } else if (!opts.verbose) {
    // The live line's clock and ETA move even while a slow call holds every item.
    timer = setInterval(redrawSoon, TTY_REDRAW_MS);
    timer.unref();
  }

  const onProgress = (e: ScanProgressEvent) => {
    switch (e.type) {
      case 'scan-start':
        stats = e.stats;
        return;
      case 'account-start':
        estate.regions += e.regions;
        if (estate.accounts <= 1 || !opts.stderrIsTty || opts.verbose) return;
        return redrawSoon();
      case 'account-done':
        estate.accountsDone++;
        if (opts.verbose && estate.accounts > 1) opts.write(accountLine(e));
        else if (opts.stderrIsTty && !opts.verbose) redrawSoon();
        return;
      case 'start':
        total = e.total;
        estate.accounts = e.accounts ?? 1;
        if (opts.verbose && estate.accounts <= 1) opts.write(`cmt-audit: checking ${e.total} checklist item${e.total === 1 ? '' : 's'}\n`);
        else if (opts.verbose) opts.write(`cmt-audit: checking ${e.total / estate.accounts} checklist items in each of ${estate.accounts} accounts\n`);
        else if (opts.stderrIsTty) redraw();
        return;
      case 'check-done':
        total = e.total;
        done = e.done;
        if (opts.verbose && estate.accounts <= 1) {
          opts.write(`  [${String(e.done).padStart(String(e.total).length)}/${e.total}] ${e.id.padEnd(5)} ${STATUS_WORDS[e.status]}\n`);
        } else if (opts.stderrIsTty && !opts.verbose) redrawSoon();
    }
  };

  return {
    onProgress,
    clear: () => {
      clearInterval(timer);
      clearTimeout(trailing);
      trailing = undefined;
      if (transient) opts.write('\r\x1b[K');
      transient = false;
    },
  };
}

const TTY_REDRAW_MS = 1000;
/** The live line is drawn at most this often. */
export const MIN_REDRAW_MS = 100;

interface EstateCounts {
  accounts: number;
  accountsDone: number;
  regions: number;
}

/**
 * `cmt-audit: 2/5 accounts · 34 account-regions · 120/200 items · 1534 calls · 3 throttled · 1m10s · ETA 40s`
 * (terminal). Account-regions: each account's regions, summed over the accounts started (the work in hand).
 */
export function liveLine(done: number, total: number | undefined, stats: Readonly<ScanStats> | undefined, elapsedMs: number, estate?: EstateCounts): string {
  const parts = [
    ...(estate ? [`${estate.accountsDone}/${estate.accounts} accounts`] : []),
    ...(estate?.regions ? [`${estate.regions} account-region${estate.regions === 1 ? '' : 's'}`] : []),
    `${done}/${total ?? '?'} items`,
    ...(stats ? [`${stats.apiCalls} call${stats.apiCalls === 1 ? '' : 's'}`, `${stats.throttled} throttled`] : []),
    elapsed(elapsedMs),
  ];
  // The rest at the pace so far: shown once an item is done.
  if (total !== undefined && done > 0 && done < total) parts.push(`ETA ${elapsed(((total - done) * elapsedMs) / done)}`);
  return `cmt-audit: ${parts.join(' · ')}`;
}

/** --verbose, several accounts: one line per account when it is done, with its statuses and the calls it needed by service. */
function accountLine(e: Extract<ScanProgressEvent, { type: 'account-done' }>): string {
  // Account names and AWS's reasons come from AWS: one line, no control characters or escape sequences.
  const who = terminalLine(`${e.account}${e.name ? ` (${e.name})` : ''}`);
  if (e.error) return `cmt-audit: account ${who}: not scanned: ${terminalLine(e.error)}\n`;
  const counts = (['met', 'not-met', 'manual', 'not-applicable', 'error'] as const)
    .map((s) => [s, e.statuses.filter((x) => x === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${STATUS_WORDS[s].toLowerCase()}`);
  const services = Object.entries(e.byService).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const calls = services.reduce((n, [, c]) => n + c, 0);
  // The account's own findings: the rules judging across accounts (1.13–1.15, 2.13) come once every account is in.
  return `cmt-audit: account ${who}: ${counts.join(', ')} (its own view, before the cross-account rules); ${calls} calls: ${services.map(([k, c]) => `${k} ${c}`).join(', ')}\n`;
}

/** `cmt-audit: still scanning: 12/40 items done, 153 API calls (4 retries, 2 throttled), 1m10s elapsed` */
export function heartbeatLine(
  done: number,
  total: number | undefined,
  stats: Readonly<ScanStats> | undefined,
  elapsedMs: number,
  estate?: EstateCounts,
): string {
  const accounts = estate ? `${estate.accountsDone}/${estate.accounts} accounts (${estate.regions} account-regions), ` : '';
  const items = total === undefined ? 'finding the account and its regions' : `${accounts}${done}/${total} items done`;
  const calls = stats ? `, ${stats.apiCalls} API call${stats.apiCalls === 1 ? '' : 's'} (${stats.retries} retr${stats.retries === 1 ? 'y' : 'ies'}, ${stats.throttled} throttled)` : '';
  const eta = estate && total !== undefined && done > 0 && done < total ? `, about ${elapsed(((total - done) * elapsedMs) / done)} to go` : '';
  return `cmt-audit: still scanning: ${items}${calls}, ${elapsed(elapsedMs)} elapsed${eta}`;
}

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
