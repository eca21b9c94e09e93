// A token bucket as AWS describes its request throttling: it holds at most `burst` tokens, starts full,
// refills continuously at `refill` tokens per second, and each request takes one token or is throttled.

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly burst: number,
    readonly refill: number,
    now: number,
  ) {
    if (!(burst >= 1) || !(refill > 0)) throw new Error(`a token bucket needs burst >= 1 and refill > 0, got ${burst}/${refill}`);
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token at `now` (ms); false when the bucket is empty (the request is throttled). */
  take(now: number): boolean {
    this.fill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Tokens available at `now` (ms). */
  level(now: number): number {
    this.fill(now);
    return this.tokens;
  }

  private fill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.refill);
      this.last = now;
    }
  }
}
