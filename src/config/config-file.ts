// The config file: `cmt-audit.config.yaml` (or .yml / .json) in the working directory, or --config FILE.
// It holds the deployment model, thresholds, the public-bucket allow-list and attestations. JSON is read
// with the YAML parser (JSON is YAML 1.2), so both get the same line numbers in error messages:
//   cmt-audit: cmt-audit.config.yaml:14: attestations[2].status must be one of met, not-met
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { LineCounter, parseDocument, visit } from 'yaml';
import { CHECKLIST } from '../checklist.js';
import { EXIT, UserError } from '../errors.js';
import { isHttpUrl, recordOrigin } from './attestations.js';
import { DEPLOYMENT_MODELS, SEVERITIES, type DeploymentModel, type Severity } from '../model.js';
import type { Thresholds } from './thresholds.js';

export interface Attestation {
  /** Checklist id, e.g. "1.25". */
  item: string;
  /** What the people responsible state. An attestation fills a `manual` item; it never overrides `not-met`. */
  status: 'met' | 'not-met';
  evidence: string;
  links?: string[];
  /** Who attests (name and role). */
  by: string;
  /** When the evidence was produced (e.g. the day of the game day), YYYY-MM-DD. */
  date: string;
  /** After this day the attestation no longer counts. Items that say "within the last 12 months" expire by themselves. */
  expires?: string;
}

/**
 * A finding accepted for a reason (docs/configuration.md#suppressions): it stays in the report, marked, and
 * out of the gate. `resource` is a glob over the finding's resource (`*` any characters, `/` and `:`
 * included; `?` one character); `account` limits it to one account.
 */
export interface Suppression {
  /** Checklist id, e.g. "1.16". */
  item: string;
  /** ARN glob; default `*` (every resource of the item). */
  resource?: string;
  /** Only this account (12 digits). */
  account?: string;
  /** Why the finding is accepted: required, not a placeholder. */
  reason: string;
  owner?: string;
  /** The last day it applies, YYYY-MM-DD. */
  expires?: string;
}

export interface ConfigFile {
  deploymentModel?: DeploymentModel;
  regions?: string[];
  failOn?: Severity | 'none';
  thresholds?: DeepPartial<Thresholds>;
  attestations?: Attestation[];
  /** SARIF output (docs/sarif.md): CloudFormation stack name → its template file, relative to the repository root. */
  sarif?: { templates?: Record<string, string> };
  suppressions?: Suppression[];
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

export const CONFIG_FILE_NAMES = ['cmt-audit.config.yaml', 'cmt-audit.config.yml', 'cmt-audit.config.json'];

const ITEM_IDS = CHECKLIST.map((i) => i.id);
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const posInt = { type: 'integer', minimum: 0 };

export const CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  properties: {
    deploymentModel: { enum: [...DEPLOYMENT_MODELS] },
    regions: { type: 'array', items: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' } },
    failOn: { enum: [...SEVERITIES, 'none'] },
    thresholds: {
      type: 'object',
      additionalProperties: false,
      properties: {
        rootRecentUseDays: posInt,
        accessKeyMaxAgeDays: posInt,
        unusedCredentialDays: posInt,
        serviceKeyMaxAgeDays: posInt,
        passwordPolicy: {
          type: 'object',
          additionalProperties: false,
          properties: {
            minimumLength: { type: 'integer', minimum: 6, maximum: 128 },
            requireSymbols: { type: 'boolean' },
            requireNumbers: { type: 'boolean' },
            requireUppercase: { type: 'boolean' },
            requireLowercase: { type: 'boolean' },
            maxAgeDays: { type: 'integer', minimum: 1, maximum: 1095 },
            reusePrevention: { type: 'integer', minimum: 0, maximum: 24 },
          },
        },
        publicPorts: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 } },
        publicBuckets: { type: 'array', items: { type: 'string', minLength: 3 } },
        backupMaxAgeDays: { type: 'integer', minimum: 1 },
        consoleChangeLookbackDays: { type: 'integer', minimum: 1, maximum: 90 },
        deploymentActivityDays: { type: 'integer', minimum: 1 },
      },
    },
    sarif: {
      type: 'object',
      additionalProperties: false,
      properties: {
        templates: {
          type: 'object',
          // CloudFormation stack names: a letter, then letters, digits and hyphens, at most 128 characters.
          propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9-]{0,127}$' },
          additionalProperties: { type: 'string', minLength: 1 },
        },
      },
    },
    attestations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['item', 'status', 'evidence', 'by', 'date'],
        properties: {
          item: { enum: ITEM_IDS },
          status: { enum: ['met', 'not-met'] },
          evidence: { type: 'string' }, // blank or a placeholder: checked after the schema
          links: { type: 'array', items: { type: 'string' } }, // http(s) only: checked after the schema
          by: { type: 'string' },
          date: DATE,
          expires: DATE,
        },
      },
    },
    suppressions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['item', 'reason'],
        properties: {
          item: { enum: ITEM_IDS },
          resource: { type: 'string' }, // blank: checked after the schema
          account: { type: 'string', pattern: '^\\d{12}$' },
          reason: { type: 'string' }, // blank or a placeholder: checked after the schema
          owner: { type: 'string' },
          expires: DATE,
        },
      },
    },
  },
} as const;

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(CONFIG_SCHEMA);

/** The config file to read: --config, else the first of CONFIG_FILE_NAMES in `dir`, else none. */
export function findConfigFile(explicit: string | undefined, dir = process.cwd()): string | undefined {
  if (explicit) return resolve(explicit);
  return CONFIG_FILE_NAMES.map((n) => resolve(dir, n)).find((p) => existsSync(p));
}

export function loadConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseConfig(text, path);
}

export function parseConfig(text: string, path: string): ConfigFile {
  const lineCounter = new LineCounter();
  // resolveKnownTags: false — !!set, !!binary, !!timestamp … stay plain YAML, never Sets or byte arrays.
  // logLevel: 'error' — hostile keys must not make the yaml library print warnings of its own.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, resolveKnownTags: false, logLevel: 'error' });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new UserError(`${path}:${lineAt(e.pos[0])}: not valid YAML/JSON: ${firstLine(e.message)}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    // An alias bomb, or an alias used before its anchor: the yaml library throws instead of reporting.
    throw new UserError(`${path}:${lineAt(firstAliasOffset(doc))}: not valid YAML/JSON: ${firstLine((err as Error).message)}`);
  }
  // `attestations:` with nothing after it (the init template, before any item is uncommented) is "not set".
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    data = Object.fromEntries(Object.entries(data).filter(([k, v]) => !(v === null && Object.hasOwn(CONFIG_SCHEMA.properties, k))));
  }
  /** The line of the node at `segments`, else of its nearest ancestor that has one. */
  const lineOf = (segments: (string | number)[]): number => {
    for (let n = segments.length; n >= 0; n--) {
      try {
        const node = (n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true)) as { range?: [number, number, number] } | null | undefined;
        if (node?.range) return lineAt(node.range[0]);
      } catch {
        // a path through a scalar: try the parent
      }
    }
    return 1;
  };
  /** The line of a key of the map at `segments` (the key, not its value: that may start on the next line). */
  const lineOfKey = (segments: (string | number)[], key: string): number | undefined => {
    try {
      const map = (segments.length ? doc.getIn(segments, true) : doc.contents) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] };
      const pair = map?.items?.find((p) => p.key && String(p.key.value ?? p.key) === key);
      return pair?.key?.range ? lineAt(pair.key.range[0]) : undefined;
    } catch {
      return undefined;
    }
  };
  const fail = (segments: (string | number)[], message: string, hint?: string) =>
    new UserError(`${path}:${lineOf(segments)}: ${fieldName(segments) || 'the config'} ${message}`, EXIT.usage, hint);

  if (!validate(data)) {
    const err = validate.errors![0];
    const segments: (string | number)[] = err.instancePath
      .split('/')
      .slice(1)
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    let message = err.message ?? 'is invalid';
    const badName = (err as { propertyName?: string }).propertyName;
    if (badName !== undefined && segments.join('.') === 'sarif.templates') {
      throw new UserError(`${path}:${lineOfKey(segments, badName) ?? lineOf(segments)}: ${fieldName([...segments, badName])} is not a CloudFormation stack name (a letter, then letters, digits and hyphens, at most 128)`);
    }
    if (err.keyword === 'additionalProperties') {
      const extra = (err.params as { additionalProperty: string }).additionalProperty;
      throw new UserError(`${path}:${lineOfKey(segments, extra) ?? lineOf(segments)}: ${fieldName([...segments, extra])} is not a known setting`);
    }
    if (err.keyword === 'type' && segments[0] === 'suppressions' && segments.at(-1) === 'account') {
      const value = segments.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], data);
      // YAML reads an unquoted account id as a number (and 012345678901 as 12345678901).
      if (typeof value === 'number') throw fail(segments, `is the number ${value}, not an account id`, `quote it: account: "${String(value).padStart(12, '0')}"`);
    }
    if (err.keyword === 'pattern' && segments[0] === 'suppressions' && segments.at(-1) === 'account') {
      throw fail(segments, 'must be an AWS account id (12 digits)');
    }
    if (err.keyword === 'enum' || (err.keyword === 'type' && segments.at(-1) === 'item')) {
      const value = segments.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], data);
      // YAML reads `item: 1.8` as the number 1.8 (and 1.10 as 1.1): say so, never leave people puzzled.
      if (typeof value === 'number') throw fail(segments, `is the number ${value}, not a checklist id`, `quote it: item: "${value}" (YAML reads 1.10 as 1.1)`);
      if (err.keyword === 'enum') message = `must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    } else if (err.keyword === 'required') {
      const missing = (err.params as { missingProperty: string }).missingProperty;
      throw new UserError(`${path}:${lineOf(segments)}: ${fieldName([...segments, missing])} is required`);
    } else if (err.keyword === 'pattern' && /^(date|expires)$/.test(String(segments.at(-1)))) {
      message = 'must be a date written YYYY-MM-DD';
    }
    throw fail(segments, message);
  }
  const config = data as ConfigFile;
  for (const [stack, file] of Object.entries(config.sarif?.templates ?? {})) {
    const why = templatePathProblem(file);
    if (why) throw fail(['sarif', 'templates', stack], why, 'write the template\'s path relative to the repository root, e.g. infra/network.yaml');
  }
  const firstFor = new Map<string, number>();
  for (const [i, a] of (config.attestations ?? []).entries()) {
    const at = (...rest: (string | number)[]) => ['attestations', i, ...rest];
    for (const key of ['date', 'expires'] as const) {
      const day = a[key];
      if (day !== undefined && !isRealDay(day)) throw fail(at(key), `is not a real date: ${day}`);
    }
    for (const [key, what] of [['evidence', 'write what shows the item is met or not'], ['by', 'write who attests (name and role)']] as const) {
      if (a[key].trim() === '') throw fail(at(key), `is blank: ${what}`);
      const placeholder = placeholderIn(a[key]);
      if (placeholder) throw fail(at(key), `is a placeholder (${JSON.stringify(placeholder)}): ${what}`);
    }
    for (const [j, link] of (a.links ?? []).entries()) {
      if (!isHttpUrl(link)) throw fail(at('links', j), 'must be an http(s) URL');
    }
    const first = firstFor.get(a.item);
    if (first !== undefined) {
      throw fail(at('item'), `${a.item} is attested twice (also attestations[${first}], line ${lineOf(['attestations', first])}): keep one attestation per item`);
    }
    firstFor.set(a.item, i);
    recordOrigin(a, { path, index: i, dateLine: lineOf(at('date')) });
  }
  checkSuppressions(config.suppressions ?? [], fail, lineOf);
  return config;
}

/** Why a `sarif.templates` path cannot name a file in the repository (undefined when it can). */
export function templatePathProblem(file: string): string | undefined {
  if (/[\p{Cc}\p{Cf}]/u.test(file)) return 'has a control character';
  if (/^([A-Za-z]:)?[\\/]/.test(file) || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(file)) return `must be a path relative to the repository root, not ${quote(file)}`;
  if (file.split(/[\\/]/).some((part) => part === '..')) return `must stay inside the repository (no ..): ${quote(file)}`;
  return undefined;
}

/** What the schema cannot say about suppressions: real dates, a reason that is written, one rule per finding set. */
function checkSuppressions(
  suppressions: readonly Suppression[],
  fail: (segments: (string | number)[], message: string, hint?: string) => UserError,
  lineOf: (segments: (string | number)[]) => number,
): void {
  const seen = new Map<string, number>();
  for (const [i, s] of suppressions.entries()) {
    const at = (...rest: (string | number)[]) => ['suppressions', i, ...rest];
    if (s.expires !== undefined && !isRealDay(s.expires)) throw fail(at('expires'), `is not a real date: ${s.expires}`);
    if (s.resource !== undefined && s.resource.trim() === '') throw fail(at('resource'), 'is blank: write an ARN or a pattern (* matches any characters), or leave resource out for every resource of the item');
    if (s.resource !== undefined && /[\s\p{Cc}]/u.test(s.resource)) throw fail(at('resource'), 'holds a space or control character: ARNs have none');
    for (const [key, what] of [['reason', 'write why the finding is accepted'], ['owner', 'write who owns the exception, or leave owner out']] as const) {
      const value = s[key];
      if (value === undefined) continue;
      if (value.trim() === '') throw fail(at(key), `is blank: ${what}`);
      const placeholder = placeholderIn(value);
      if (placeholder) throw fail(at(key), `is a placeholder (${JSON.stringify(placeholder)}): ${what}`);
    }
    const key = JSON.stringify([s.item, s.resource ?? '*', s.account ?? null]);
    const first = seen.get(key);
    if (first !== undefined) {
      throw fail(at('item'), `suppresses the same findings as suppressions[${first}] (line ${lineOf(['suppressions', first])}): keep one`);
    }
    seen.set(key, i);
  }
}

/** Texts that stand for evidence or a name still to be written: the init template's own, TODO, TBD, <…>. */
const PLACEHOLDER_VALUES = new Set([
  'describe the evidence here',
  'name, role',
  'todo',
  'tbd',
  'tbc',
  'fixme',
  'xxx',
  'n/a',
  'na',
  'none',
  '-',
  '...',
  '…',
  'placeholder',
  'changeme',
]);

export function placeholderIn(text: string): string | undefined {
  const value = text.trim();
  if (PLACEHOLDER_VALUES.has(value.toLowerCase().replace(/(?<=\w)\.$/, ''))) return value;
  const marker = /\b(TODO|TBD|TBC|FIXME|XXX)\b/.exec(value);
  if (marker) return marker[0];
  // <name, role>, <link to runbook> — but not "RTO < 4 h", "a<b", or URLs and e-mail addresses in brackets
  const bracketed = /<([A-Za-z][^<>:@/\n]{0,80})>/.exec(value);
  return bracketed ? bracketed[0] : undefined;
}

/** 2026-02-28 yes; 2026-02-30 and 2026-13-01 no (Date would roll them over into another day). */
function isRealDay(day: string): boolean {
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}

/** attestations[2].status; a key that is not a plain name is quoted (control characters escaped, long ones cut). */
function fieldName(segments: (string | number)[]): string {
  return segments
    .map((s) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$-]{0,60}$/.test(s) ? `.${s}` : `[${quote(s)}]`))
    .join('')
    .replace(/^\./, '');
}

function quote(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(cut).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The yaml library's message, on one line, without control characters, not endless. */
function firstLine(message: string): string {
  const line = message.split('\n')[0].replace(/\p{Cc}/gu, '?');
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function firstAliasOffset(doc: ReturnType<typeof parseDocument>): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}
