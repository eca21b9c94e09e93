// The JSON report: the Report itself, 2-space indented. It is the source of truth every other format
// can be re-rendered from (`cmt-audit report report.json --format …`); its shape is
// schema/report.schema.json (JSON Schema 2020-12), documented in docs/json-report.md.
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { EXIT, UserError } from '../errors.js';
import { CHECKLIST, checklistItem } from '../checklist.js';
import { effectiveExpiry, isHttpUrl } from '../config/attestations.js';
import { placeholderIn } from '../config/config-file.js';
import { STATUSES, type AppliedAttestation, type CheckResult, type Report } from '../model.js';
import { estateRollUp, rollUp } from '../rollup.js';
import { escapeJsonText } from '../text.js';
import { suppressionProblem } from '../suppressions.js';
import { baselineProblem } from '../diff.js';
import type { ReporterOptions } from './index.js';

export function renderJson(report: Report, _options?: ReporterOptions): string {
  return `${escapeJsonText(JSON.stringify(report, null, 2))}\n`;
}

/** schema/report.schema.json, found from src/reporters/ and dist/reporters/ alike. */
export const REPORT_SCHEMA_URL = new URL('../../schema/report.schema.json', import.meta.url);

export function loadReportSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(REPORT_SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

/** Validate parsed JSON against the report schema: the list of problems, empty when valid. */
export async function reportProblems(value: unknown): Promise<string[]> {
  const validate = await reportValidator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

let validator: Promise<ValidateFunction> | undefined;

/** Compiled once per process: compiling the schema costs more than validating a report. */
function reportValidator(): Promise<ValidateFunction> {
  validator ??= (async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const { default: addFormats } = await import('ajv-formats');
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    (addFormats as unknown as (a: unknown) => void)(ajv);
    return ajv.compile(loadReportSchema());
  })();
  return validator;
}

/** The schema version this cmt-audit writes. Minor versions only add optional fields (docs/json-report.md). */
import { REPORT_SCHEMA_VERSION } from '../model.js';
export { REPORT_SCHEMA_VERSION };

export interface ReadReportOptions {
  /** One-line notes for stderr: a newer minor schema version, a summary that did not match its results. */
  note?: (message: string) => void;
  /** How `-` is read (the CLI passes process.stdin). */
  stdin?: () => Promise<string>;
}

/** Deeper than any report cmt-audit writes (evidence is a few levels): deeper values would overflow the renderers' recursion. */
const MAX_DEPTH = 64;

/** The path of the first value nested deeper than `max` levels, or undefined. Iterative: the check itself must not overflow. */
function depthOver(root: unknown, max: number): string | undefined {
  const stack: [unknown, number, string][] = [[root, 0, 'the report']];
  while (stack.length) {
    const [value, depth, path] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= max) return path;
    // Named down to a finding's field (results[3].findings[7].evidence); deeper, its parent's name is enough.
    for (const [k, v] of Object.entries(value)) stack.push([v, depth + 1, depth >= 4 ? path : Array.isArray(value) ? `${path}[${k}]` : depth === 0 ? k : `${path}.${k}`]);
  }
  return undefined;
}

/**
 * Read a saved JSON report for `cmt-audit report` (`-` is standard input). Unreadable, non-JSON,
 * another major schema version, invalid, or with checklist items missing, twice or unknown → one clear
 * UserError. The summary is recomputed from the results: a saved (possibly edited) summary never
 * reaches the rendered output or the gate.
 */
export async function readReportFile(path: string, options: ReadReportOptions = {}): Promise<Report> {
  const name = path === '-' ? 'stdin' : path;
  const text = path === '-' ? await (options.stdin ?? (() => Promise.resolve(readFileSync(0, 'utf8'))))() : readText(path);
  if (path === '-' && text.trim() === '') throw new UserError('stdin is empty: pipe a report into it', EXIT.usage, 'cmt-audit scan --format json | cmt-audit report -');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${name} is not JSON: ${(err as Error).message}`, EXIT.usage, 'give a report written by `cmt-audit scan --format json`');
  }
  const deep = depthOver(value, MAX_DEPTH);
  if (deep) throw new UserError(`${name} is not a valid cmt-audit report: ${deep} nests values more than ${MAX_DEPTH} levels deep`, EXIT.usage, 'give a report written by `cmt-audit scan --format json`');
  checkSchemaVersion(value, name, options.note);
  const problems = await reportProblems(value);
  if (problems.length > 0) {
    const shown = problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
    throw new UserError(
      `${name} is not a valid cmt-audit report: ${shown}`,
      EXIT.usage,
      'give a report written by `cmt-audit scan --format json` (schema/report.schema.json)',
    );
  }
  const report = value as Report;
  checkItems(report, name);
  checkLinks(report, name);
  // A suppression mark keeps a finding out of the gate: it must be one the report's recorded rules made.
  const suppressionEdit = suppressionProblem(report, placeholderIn);
  if (suppressionEdit) throw new UserError(`${name}: ${suppressionEdit}`, EXIT.usage, 'the report was edited: scan again, or give the report as cmt-audit wrote it');
  const baseline = baselineProblem(report);
  if (baseline) throw new UserError(`${name}: ${baseline}`, EXIT.usage, 'the report was edited: scan again, or give the report as cmt-audit wrote it');
  const results = checkVerdicts(report, name, options.note);
  const summary = summarize(results);
  if (JSON.stringify(summary) !== JSON.stringify(pick(report.summary, Object.keys(summary)))) {
    options.note?.(`${name}: the summary does not match the results; recomputed from the results`);
  }
  return { ...report, results, summary };
}

/**
 * What the gate and the documents read must follow from the report's own evidence, not from fields anyone
 * could edit: an item's title, pillar and severity come from this cmt-audit's checklist (restored, with a
 * note, when they differ); its status must be what its findings roll up to (or an applied attestation of a
 * `manual` item), and `not-applicable` only where the checklist says the item does not apply to the
 * report's deployment model. A status that does not follow is refused: the report was edited.
 */
function checkVerdicts(report: Report, name: string, note?: (message: string) => void): CheckResult[] {
  const restored: string[] = [];
  // The scan's instant, as the scan applied attestations: when its snapshot was recorded, else when it started.
  const scanDay = (report.scan.snapshotRecordedAt ?? report.scan.startedAt).slice(0, 10);
  const results = report.results.map((result, i) => {
    const item = checklistItem(result.id)!; // checkItems() admitted only known ids
    const edited = (why: string) =>
      new UserError(`${name}: results[${i}] (item ${result.id}) ${why}`, EXIT.usage, 'the report was edited: scan again, or give the report as cmt-audit wrote it');
    const applies = item.appliesTo[report.scan.deploymentModel].applies;
    const ids = new Set(report.scan.accounts.map((a) => a.id));
    const stray = (result.accounts ?? []).find((a) => !ids.has(a.id));
    if (stray) throw edited(`has a status for account ${stray.id}, which scan.accounts does not list`);
    if (!applies && result.status !== 'not-applicable') throw edited(`is ${result.status}, but the item does not apply to the ${report.scan.deploymentModel} model`);
    if (applies && result.status === 'not-applicable') throw edited(`is not-applicable, but the item applies to the ${report.scan.deploymentModel} model`);
    if (applies) {
      const derived = estateRollUp(result.id, result.findings);
      // Each account's status must be what its own findings roll up to.
      for (const a of result.accounts ?? []) {
        const own = rollUp(result.findings.filter((f) => f.account === a.id));
        if (a.status !== own) throw edited(`says account ${a.id} is ${a.status}, but that account's findings make it ${own}`);
      }
      const attested = derived === 'manual' && result.attestation?.state === 'applied' && result.status === result.attestation.status;
      if (result.status !== derived && !attested) throw edited(`is ${result.status}, but its findings make it ${derived}`);
      if (attested) {
        const why = attestationProblem(result.attestation!, item.freshnessMonths, scanDay);
        if (why) throw edited(`holds an applied attestation that ${why}`);
      }
    }
    if (result.title !== item.title || result.pillar !== item.pillar || result.severity !== item.severity) restored.push(result.id);
    return { ...result, title: item.title, pillar: item.pillar, severity: item.severity };
  });
  if (restored.length > 0) {
    note?.(`${name}: the title, pillar or severity of item${restored.length > 1 ? 's' : ''} ${restored.join(', ')} differ from the checklist; the checklist's are used`);
  }
  return results;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(err);
    throw new UserError(`cannot read report ${path}: ${why}`, EXIT.usage);
  }
}

/** Counts of results by status, and the total: what scan() writes as `summary`. */
export function summarize(results: readonly CheckResult[]): Report['summary'] {
  const summary = Object.fromEntries(STATUSES.map((s) => [s, results.filter((r) => r.status === s).length])) as Report['summary'];
  summary.total = results.length;
  return summary;
}

function pick(object: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (object as Record<string, unknown>)[k]]));
}

/** Same major version: read (a newer minor with a note: it only adds optional fields). Another major: refused. */
function checkSchemaVersion(value: unknown, name: string, note?: (message: string) => void): void {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  const m = typeof version === 'string' ? /^(\d+)\.(\d+)$/.exec(version) : null;
  if (!m) return; // the schema names what is wrong with it
  const [major, minor] = REPORT_SCHEMA_VERSION.split('.').map(Number);
  if (Number(m[1]) !== major) {
    throw new UserError(
      `${name} has schema version ${version}: this cmt-audit reads version ${major} reports (${major}.x)`,
      EXIT.usage,
      Number(m[1]) > major ? `read it with a cmt-audit that supports schema version ${Number(m[1])}` : 'scan again to get a current report',
    );
  }
  if (Number(m[2]) > minor) {
    note?.(`${name} has schema version ${version}, newer than this cmt-audit's ${REPORT_SCHEMA_VERSION}: fields it does not know are kept in JSON output but not shown`);
  }
}

/**
 * Why an attestation the file says was applied could not have been, by the config's own rules at the scan's
 * instant: placeholder evidence or name, a date after the scan, or expired by then (its `expires`, or its
 * date plus the item's freshness window).
 */
function attestationProblem(a: AppliedAttestation, freshnessMonths: number | undefined, scanDay: string): string | undefined {
  const placeholder = placeholderIn(a.evidence) ?? placeholderIn(a.by);
  if (placeholder) return `has a placeholder (${JSON.stringify(placeholder)}) for its evidence or author`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(a.date) || a.date > scanDay) return `is dated ${a.date}, not on or before the scan (${scanDay})`;
  const expires = effectiveExpiry(a, freshnessMonths);
  if (expires && scanDay > expires) return `had expired by the scan (${expires})`;
  return undefined;
}

/** Attestation links are http(s) only, as the config loader demands: a hand-edited javascript: link never reaches the HTML. */
function checkLinks(report: Report, name: string): void {
  for (const [i, result] of report.results.entries()) {
    const j = (result.attestation?.links ?? []).findIndex((link) => !isHttpUrl(link));
    if (j !== -1) {
      throw new UserError(`${name}: results[${i}].attestation.links[${j}] must be an http(s) URL`, EXIT.usage, 'the report was edited: scan again, or fix the link');
    }
  }
}

/** Every checklist item of the scan's selection exactly once: a cut or edited report must not pass a gate. */
function checkItems(report: Report, name: string): void {
  const known = new Set(CHECKLIST.map((i) => i.id));
  const { checksSelected, checksSkipped } = report.scan;
  const expected = CHECKLIST.map((i) => i.id).filter((id) => (!checksSelected || checksSelected.includes(id)) && !checksSkipped?.includes(id));
  const ids = report.results.map((r) => r.id);
  const fail = (message: string) => new UserError(`${name}: ${message}`, EXIT.usage, 'the report was cut or edited: scan again, or give the complete report');
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined) throw fail(`results hold unknown checklist item ${unknown}`);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw fail(`results list checklist item ${twice} twice`);
  const extra = ids.find((id) => !expected.includes(id));
  if (extra !== undefined) throw fail(`results hold checklist item ${extra}, which the scan did not select`);
  const missing = expected.filter((id) => !ids.includes(id));
  if (missing.length > 0) throw fail(`results lack checklist item${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
}
