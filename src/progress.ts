// Progress on stderr while a scan runs (cli.ts owns the stream; this module only formats and times):
// - --verbose: one line per finished item;
// - stderr a terminal: one transient line, rewritten in place, cleared at the end;
// - stderr not a terminal (a CI log): a plain heartbeat line every interval (default 10 s) with items
//   done, API calls, retries, throttles and the time elapsed, so a log shows the scan is alive;
// - --quiet: nothing.
import type { ScanStats } from './model.js';
import { STATUS_WORDS } from './reporters/table.js';
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

  if (!opts.stderrIsTty) {
    // Unref'd: the heartbeat never keeps the process alive by itself.
    timer = setInterval(() => opts.write(`${heartbeatLine(done, total, stats, now() - started)}\n`), opts.intervalMs ?? DEFAULT_HEARTBEAT_MS);
    timer.unref();
  }

  const onProgress = (e: ScanProgressEvent) => {
    if (e.type === 'scan-start') {
      stats = e.stats;
      return;
    }
    total = e.total;
    if (e.type === 'check-done') done = e.done;
    if (opts.verbose) {
      if (e.type === 'start') opts.write(`cmt-audit: checking ${e.total} checklist item${e.total === 1 ? '' : 's'}\n`);
      else opts.write(`  [${String(e.done).padStart(String(e.total).length)}/${e.total}] ${e.id.padEnd(5)} ${STATUS_WORDS[e.status]}\n`);
    } else if (opts.stderrIsTty) {
      transient = true;
      opts.write(`\r\x1b[Kcmt-audit: checking… ${done}/${e.total}`);
    }
  };

  return {
    onProgress,
    clear: () => {
      clearInterval(timer);
      if (transient) opts.write('\r\x1b[K');
      transient = false;
    },
  };
}

/** `cmt-audit: still scanning: 12/40 items done, 153 API calls (4 retries, 2 throttled), 1m10s elapsed` */
export function heartbeatLine(done: number, total: number | undefined, stats: Readonly<ScanStats> | undefined, elapsedMs: number): string {
  const items = total === undefined ? 'finding the account and its regions' : `${done}/${total} items done`;
  const calls = stats ? `, ${stats.apiCalls} API call${stats.apiCalls === 1 ? '' : 's'} (${stats.retries} retr${stats.retries === 1 ? 'y' : 'ies'}, ${stats.throttled} throttled)` : '';
  return `cmt-audit: still scanning: ${items}${calls}, ${elapsed(elapsedMs)} elapsed`;
}

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
