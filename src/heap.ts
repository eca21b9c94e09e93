// How far the JavaScript heap may grow past what is live before V8 collects it. A scan allocates ~100 KiB of
// short-lived objects per request (the SDK's middleware, signing and parsing), and V8, seeing a fast allocator
// on a machine with memory to spare, lets each thread's heap grow to ~4× its live size before a full
// collection: a 50-account scan's two threads, each ~150 MiB live, peaked at ~1.3 GiB. Capping the growth at
// 25 % keeps the same scan under ~600 MiB for a few percent more time spent collecting (benchmark: README).
//
// The setting is V8's --heap-growing-percent, read each time V8 sets its next collection point, so setting it
// once at start-up applies to the main thread and to the worker threads started after it.
//
// The young generation (where those short-lived objects are made) is capped too: --max-semi-space-size=8, half
// V8's 16 MiB. V8 reads it when a thread's heap is made, so it applies to the worker threads only (the main
// thread's heap exists already). Benchmark, 50 accounts: peak RSS ~500 → ~475 MiB, wall time the same (4 and 8
// MiB measured: 458 and 477 MiB; 8 keeps collections of the young generation half as frequent).
//
// A heap setting the user gives (NODE_OPTIONS or node's own flags) is theirs: nothing is changed then.
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 25;
/** MiB, for threads started after start-up (the worker threads). */
export const SEMI_SPACE_MIB = 8;

const USER_HEAP_FLAG = /^--(heap[-_]growing[-_]percent|max[-_]old[-_]space[-_]size|max[-_]semi[-_]space[-_]size|max[-_]heap[-_]size|(no[-_])?optimize[-_]for[-_]size)(=|$)/;

/** Sets the heap's growth and young generation (above) unless the user set a heap flag; true when it did. */
export function keepHeapNearLive(execArgv: readonly string[] = process.execArgv, nodeOptions: string = process.env.NODE_OPTIONS ?? '', set: (flags: string) => void = setFlagsFromString): boolean {
  // NODE_OPTIONS may quote a flag ("--max-old-space-size=300"): Node takes it all the same.
  const given = [...execArgv, ...nodeOptions.split(/\s+/).map((flag) => flag.replace(/^"+|"+$/g, ''))].some((flag) => USER_HEAP_FLAG.test(flag));
  if (given) return false;
  set(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  set(`--max-semi-space-size=${SEMI_SPACE_MIB}`);
  return true;
}

/**
 * `--low-memory`: V8 optimizes for size (smaller young generations, less compiled code), set before any worker
 * thread starts. Benchmark, 50 accounts: ~500 MiB instead of ~570, for up to ~25 % more CPU (README). It can only
 * be set from here: Node refuses --optimize-for-size in NODE_OPTIONS.
 */
export function favourMemory(set: (flags: string) => void = setFlagsFromString): void {
  set('--optimize-for-size');
}
