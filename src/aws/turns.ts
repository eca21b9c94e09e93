// Requests start a few at a time per turn of the event loop. An account's checks ask for ~2,000 requests
// within a few milliseconds, and each goes through the SDK's many asynchronous steps (middleware, endpoint
// rules, signing) before it leaves: started all at once, those steps run as one long stretch of microtasks
// (seconds, while the code is still being compiled), and no answer that arrives meanwhile is read, not even
// the one the account's longest chain waits for (event history, 2 requests a second: each page it reads late
// is time it never wins back). So at most PER_TURN requests start per turn and the rest wait for the next
// one, letting the answers in between; a request of an API AWS allows only a few times a second
// (`rate.perSecond` ≤ SLOW_RATE) never waits. The same CPU, in a different order.
//
// One queue per thread (the event loop is the thread's). setImmediate is taken when this module loads, so
// tests that fake timers do not stop requests.

const nextTurn = setImmediate;

/** Requests that may start in one turn of the event loop before the others wait for the next. */
export const PER_TURN = 32;
/** An API allowed at most this many requests a second (per account and Region) starts its requests at once. */
export const SLOW_RATE = 5;

let waiting: (() => void)[] = [];
let head = 0; // waiting[head] is next (shift() on a queue of thousands costs more)
let startedThisTurn = 0;
let scheduled = false;

function turn(): void {
  scheduled = false;
  startedThisTurn = 0;
  while (startedThisTurn < PER_TURN && head < waiting.length) {
    startedThisTurn++;
    const start = waiting[head]!;
    waiting[head++] = undefined as never;
    start();
  }
  if (head === waiting.length) {
    waiting = [];
    head = 0;
  }
  if (startedThisTurn > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  nextTurn(turn);
}

/**
 * Resolves when a request may start (undefined: at once). `urgent` requests (a slow API's) never wait; the
 * others start in the order they asked, PER_TURN a turn.
 */
export function turnToStart(urgent = false): Promise<void> | undefined {
  if (urgent || (head === waiting.length && startedThisTurn < PER_TURN)) {
    startedThisTurn++;
    schedule();
    return undefined;
  }
  schedule();
  return new Promise<void>((resolve) => waiting.push(resolve));
}

/** Requests waiting for a turn (tests). */
export function waitingToStart(): number {
  return waiting.length - head;
}
