// Reporters: format name → pure function (report, options) → string. A reporter reads the Report only:
// it never calls AWS, never reads flags or env, never prints. Adding a format (sarif, junit, markdown,
// html): write `<name>.ts` exporting its render function, then add one line to REPORTERS and one to
// FORMAT_EXTENSIONS.
import type { Report, Severity, Status } from '../model.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderOcsf } from './ocsf.js';
import { renderSarif, type SarifOptions } from './sarif.js';
import { renderTable } from './table.js';

export interface ReporterOptions {
  /** Emit ANSI colour (cli.ts decides: --no-color, NO_COLOR, FORCE_COLOR, TTY). */
  color: boolean;
  /** Line width to lay text out for (the table keeps within it). */
  width: number;
  /** Only the essentials (the table prints just its summary line). */
  quiet: boolean;
  /** SARIF only: --sarif-include-all and the CloudFormation template lines the CLI resolved (docs/sarif.md). */
  sarif?: SarifOptions;
  /** The table shows only items of these severities (--severity); every other format shows all. */
  severities?: readonly Severity[];
  /** The table shows only items with these statuses (--status). */
  statuses?: readonly Status[];
}

export type Reporter = (report: Report, options: ReporterOptions) => string;

export const REPORTERS = {
  table: renderTable,
  json: renderJson,
  markdown: renderMarkdown,
  html: renderHtml,
  junit: renderJunit,
  ocsf: renderOcsf,
  csv: renderCsv,
  sarif: renderSarif,
} satisfies Record<string, Reporter>;

export type FormatName = keyof typeof REPORTERS;

export const FORMATS = Object.keys(REPORTERS) as FormatName[];

/** File extension used when --output is a base name for several formats. */
export const FORMAT_EXTENSIONS: Record<FormatName, string> = {
  table: 'txt',
  json: 'json',
  markdown: 'md',
  html: 'html',
  junit: 'xml',
  ocsf: 'ocsf.json',
  csv: 'csv',
  sarif: 'sarif',
};

export const DEFAULT_REPORTER_OPTIONS: ReporterOptions = { color: false, width: 100, quiet: false };

export function render(format: FormatName, report: Report, options: Partial<ReporterOptions> = {}): string {
  return REPORTERS[format](report, { ...DEFAULT_REPORTER_OPTIONS, ...options });
}
