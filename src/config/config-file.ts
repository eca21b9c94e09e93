// The config file: `cmt-audit.config.yaml` (or .yml / .json) in the working directory, or --config FILE.
// It holds the deployment model, thresholds, the public-bucket allow-list and attestations. JSON is read
// with the YAML parser (JSON is YAML 1.2), so both get the same line numbers in error messages:
//   cmt-audit: cmt-audit.config.yaml:14: attestations[2].status must be one of met, not-met
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { LineCounter, parseDocument } from 'yaml';
import { CHECKLIST } from '../checklist.js';
import { UserError } from '../errors.js';
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

export interface ConfigFile {
  deploymentModel?: DeploymentModel;
  regions?: string[];
  failOn?: Severity | 'none';
  thresholds?: DeepPartial<Thresholds>;
  attestations?: Attestation[];
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
    attestations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['item', 'status', 'evidence', 'by', 'date'],
        properties: {
          item: { enum: ITEM_IDS },
          status: { enum: ['met', 'not-met'] },
          evidence: { type: 'string', minLength: 1 },
          links: { type: 'array', items: { type: 'string', format: 'uri' } },
          by: { type: 'string', minLength: 1 },
          date: DATE,
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
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = lineCounter.linePos(e.pos[0]).line;
    throw new UserError(`${path}:${line}: not valid YAML/JSON: ${e.message.split('\n')[0]}`);
  }
  const data = (doc.toJS() ?? {}) as unknown;
  if (!validate(data)) {
    const err = validate.errors![0];
    const segments = err.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    let field = segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
    let message = err.message ?? 'is invalid';
    if (err.keyword === 'additionalProperties') {
      const extra = (err.params as { additionalProperty: string }).additionalProperty;
      segments.push(extra);
      field = field ? `${field}.${extra}` : extra;
      message = 'is not a known setting';
    } else if (err.keyword === 'enum') {
      message = `must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    } else if (err.keyword === 'required') {
      const missing = (err.params as { missingProperty: string }).missingProperty;
      field = `${field}.${missing}`.replace(/^\./, '');
      message = 'is required';
    } else if (err.keyword === 'pattern' && /date|expires/.test(field)) {
      message = 'must be a date written YYYY-MM-DD';
    }
    const node = doc.getIn(segments, true) as { range?: [number, number, number] } | undefined;
    const parent = doc.getIn(segments.slice(0, -1), true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0] ?? parent?.range?.[0];
    const where = offset === undefined ? path : `${path}:${lineCounter.linePos(offset).line}`;
    throw new UserError(`${where}: ${field || 'the config'} ${message}`);
  }
  const config = data as ConfigFile;
  for (const [i, a] of (config.attestations ?? []).entries()) {
    for (const key of ['date', 'expires'] as const) {
      if (a[key] && Number.isNaN(new Date(`${a[key]}T00:00:00Z`).getTime())) {
        throw new UserError(`${path}: attestations[${i}].${key} is not a real date: ${a[key]}`);
      }
    }
  }
  return config;
}
