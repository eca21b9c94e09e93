// A finished account's results, kept as bytes until the report is built. An account's findings as objects take
// ~3× the room of the same findings serialized (a 50-account scan's 86,000 findings: ~90 MiB of objects, 31 MB
// of bytes), and the main thread holds every finished account's until the end, while the accounts still being
// scanned make garbage around them. Bytes are V8's structured clone (what a worker thread's postMessage
// already does to them), so what comes back is what went in: dates stay dates, nothing is left out.
import { deserialize, serialize } from 'node:v8';

export interface Parked<T> {
  parked: Uint8Array;
  /** Only for the type: what unpark() gives back. */
  readonly of?: T;
}

export function park<T>(value: T): Parked<T> {
  return { parked: serialize(value) };
}

export function unpark<T>(p: Parked<T>): T {
  return deserialize(p.parked) as T;
}

export function isParked<T>(value: unknown): value is Parked<T> {
  return typeof value === 'object' && value !== null && (value as Parked<T>).parked instanceof Uint8Array;
}
