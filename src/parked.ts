// A finished account's results, kept as bytes until the report is built. An account's findings as objects take
// ~3× the room of the same findings serialized (a 50-account scan's 86,000 findings: ~90 MiB of objects, 31 MB
// of bytes), and the main thread holds every finished account's until the end, while the accounts still being
// scanned make garbage around them. Bytes are V8's structured clone (what a worker thread's postMessage
// already does to them), so what comes back is what went in: dates stay dates, nothing is left out. They are
// compressed too (Brotli at its fastest quality: findings repeat their ARNs, statuses and messages, so ~6×
// smaller, at ~200 MB/s: a 50-account scan's 31 MB cost ~0.2 s of CPU each way).
import { deserialize, serialize } from 'node:v8';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

export interface Parked<T> {
  parked: Uint8Array;
  /** Only for the type: what unpark() gives back. */
  readonly of?: T;
}

export function park<T>(value: T): Parked<T> {
  const bytes = serialize(value);
  const params = { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength };
  return { parked: brotliCompressSync(bytes, { params }) };
}

export function unpark<T>(p: Parked<T>): T {
  return deserialize(brotliDecompressSync(p.parked)) as T;
}

export function isParked<T>(value: unknown): value is Parked<T> {
  return typeof value === 'object' && value !== null && (value as Parked<T>).parked instanceof Uint8Array;
}
