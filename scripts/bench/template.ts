// Answers for everything the estate model (estate.ts) does not generate at scale: the demo account's
// recorded answers (fixtures/demo, one hand-made account in three regions), adapted to each simulated
// account and region, and — for a call not even the demo holds — the smallest answer its declared response
// shape accepts (src/aws/services: lists empty, required fields filled in), counted so the benchmark can
// list them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { revive } from '../../src/aws/snapshot.js';
import { SERVICES } from '../../src/aws/services/index.js';
import type { SimAnswer, SimRequest } from './simulator.js';

const DEMO_ACCOUNT = '210987654321';

interface Entry {
  input: string;
  value: string;
}

export class DemoTemplate {
  /** api → template region ('' for global calls) → recorded entries. */
  private readonly byApi = new Map<string, Map<string, Entry[]>>();
  /** Calls answered with a shape default, by API. */
  readonly defaults = new Map<string, number>();

  constructor(
    dir: string,
    /** Other account ids of the demo (the audit account) → the estate's. */
    private readonly accountMap: Record<string, string> = {},
  ) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const responses = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { responses: Record<string, unknown> }).responses;
      for (const [key, value] of Object.entries(responses)) {
        const m = /^([a-z0-9-]+:[A-Za-z0-9]+)(?:@([a-z0-9-]+))?(?: (.*))?$/.exec(key);
        if (!m) continue;
        const [, api, region = '', input = '{}'] = m;
        let regions = this.byApi.get(api);
        if (!regions) this.byApi.set(api, (regions = new Map()));
        let entries = regions.get(region);
        if (!entries) regions.set(region, (entries = []));
        entries.push({ input, value: JSON.stringify(value) });
      }
    }
  }

  /** The demo's answer to this request, in this account and region; undefined when the demo has none. */
  answer(req: SimRequest, global: boolean): SimAnswer | undefined {
    const regions = this.byApi.get(`${req.service}:${req.operation}`);
    if (!regions) return undefined;
    const from = global ? '' : templateRegion(req.region, [...regions.keys()]);
    const entries = regions.get(from) ?? [...regions.values()][0];
    // The request's input as the demo would have written it (its region and account).
    const wanted = adapt(canonical(req.input), req.region, from, req.account, DEMO_ACCOUNT);
    const entry = entries.find((e) => e.input === wanted) ?? entries[0];
    let text = adapt(entry.value, from, req.region, DEMO_ACCOUNT, req.account);
    for (const [demo, estate] of Object.entries(this.accountMap)) text = text.split(demo).join(estate);
    const value = revive(JSON.parse(text)) as Record<string, any>;
    if (value && typeof value === 'object' && '$error' in value) {
      const e = value.$error as { name: string; code?: string; message?: string; httpStatusCode?: number };
      return { error: { code: e.code ?? e.name, status: e.httpStatusCode ?? 400, message: e.message ?? e.name } };
    }
    return { output: value, reveals: identifiers(value) };
  }

  /** The smallest answer the operation's shape accepts (counted: the benchmark lists these calls). */
  fallback(req: SimRequest): SimAnswer {
    const api = `${req.service}:${req.operation}`;
    this.defaults.set(api, (this.defaults.get(api) ?? 0) + 1);
    const op = SERVICES.find((s) => s.name === req.service)?.operations[req.operation];
    return { output: (op?.shape ? smallest(op.shape) : {}) as Record<string, unknown> };
  }
}

/** Which of the demo's regions stands in for `region`: itself, else Europe for Europe, else the US west. */
function templateRegion(region: string, available: string[]): string {
  if (available.includes(region)) return region;
  const eu = region.startsWith('eu-') ? available.find((r) => r.startsWith('eu-')) : undefined;
  return eu ?? available.find((r) => r === 'us-west-2') ?? available.find((r) => r !== '') ?? available[0];
}

function adapt(text: string, fromRegion: string, toRegion: string, fromAccount: string, toAccount: string): string {
  let out = text.split(fromAccount).join(toAccount);
  if (fromRegion && toRegion && fromRegion !== toRegion) out = out.split(fromRegion).join(toRegion);
  return out;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Strings of an answer that later requests may name: ids, ARNs, names with a digit, '-', ':' or '/'. */
export function identifiers(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.length >= 6 && value.length <= 300 && /[\d:/-]/.test(value)) out.push(value);
  } else if (Array.isArray(value)) for (const v of value) identifiers(v, out);
  else if (value && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    for (const v of Object.values(value)) identifiers(v, out);
  }
  return out;
}

/** The smallest value a (zod 4) schema accepts: optional fields left out, lists empty, strings 'x'. */
export function smallest(schema: z.ZodType): unknown {
  const def = (schema as any)._zod.def;
  switch (def.type) {
    case 'optional':
      return undefined;
    case 'nonoptional':
      return smallest(def.innerType._zod.def.type === 'optional' ? def.innerType._zod.def.innerType : def.innerType);
    case 'nullable':
      return null;
    case 'object':
      return Object.fromEntries(
        Object.entries(def.shape as Record<string, z.ZodType>)
          .map(([k, s]) => [k, smallest(s)])
          .filter(([, v]) => v !== undefined),
      );
    case 'array':
      return [];
    case 'string':
      return 'x';
    case 'boolean':
      return false;
    case 'number':
      return 0;
    case 'date':
      return new Date(0);
    case 'pipe':
      return smallest(def.in);
    default:
      return '';
  }
}
