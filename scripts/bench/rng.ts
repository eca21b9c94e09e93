// Deterministic randomness for the simulated AWS: every draw is a function of a string (a request key, a
// resource name), so two runs of the benchmark see the same estate, the same latencies and the same 5xx.

/** A 53-bit hash of a string (cyrb53): stable across runs and platforms. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A uniform draw in [0, 1) named by `text`. */
export function unit(text: string, seed = 0): number {
  return hash53(text, seed) / 2 ** 53;
}

/** A standard normal draw named by `text` (Box–Muller over two named uniforms). */
export function normal(text: string): number {
  const u = Math.max(unit(text, 1), 1e-12);
  const v = unit(text, 2);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
