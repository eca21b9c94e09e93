// The JSON report: the Report itself, 2-space indented. It is the source of truth every other format
// can be re-rendered from (`cmt-audit report report.json --format …`); its shape is
// schema/report.schema.json (JSON Schema 2020-12), documented in docs/json-report.md.
import { readFileSync } from 'node:fs';
import { EXIT, UserError } from '../errors.js';
import type { Report } from '../model.js';
import type { ReporterOptions } from './index.js';

export function renderJson(report: Report, _options?: ReporterOptions): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** schema/report.schema.json, found from src/reporters/ and dist/reporters/ alike. */
export const REPORT_SCHEMA_URL = new URL('../../schema/report.schema.json', import.meta.url);

export function loadReportSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(REPORT_SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

/** Validate parsed JSON against the report schema: the list of problems, empty when valid. */
export async function reportProblems(value: unknown): Promise<string[]> {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const { default: addFormats } = await import('ajv-formats');
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  (addFormats as unknown as (a: unknown) => void)(ajv);
  const validate = ajv.compile(loadReportSchema());
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** Read a saved JSON report for `cmt-audit report`: unreadable, non-JSON or invalid → one clear UserError. */
export async function readReportFile(path: string): Promise<Report> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(err);
    throw new UserError(`cannot read report ${path}: ${why}`, EXIT.usage);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${path} is not JSON: ${(err as Error).message}`, EXIT.usage, 'give a report written by `cmt-audit scan --format json`');
  }
  const problems = await reportProblems(value);
  if (problems.length > 0) {
    const shown = problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
    throw new UserError(
      `${path} is not a valid cmt-audit report: ${shown}`,
      EXIT.usage,
      'give a report written by `cmt-audit scan --format json` (schema/report.schema.json)',
    );
  }
  return value as Report;
}
