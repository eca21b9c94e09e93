// --output-dir DIR (scan, report, merge, demo): every requested format into one directory, under standard
// names, so a CI job runs AWS once and keeps every artifact.
//
//   --format table,json,sarif --output-dir out             → out/cmt-audit.txt, out/cmt-audit.json, out/cmt-audit.sarif
//   … --timestamp                                          → out/cmt-audit-20261203T101500Z.txt, …
//   --format all --output-dir out                          → every format cmt-audit has
//
// Names come from FORMATS and FORMAT_EXTENSIONS (src/reporters/index.ts), never from a list here: a format
// added there is written here too. When two formats share an extension (a JSON-based format besides
// `json`), the first in FORMATS order keeps `cmt-audit.<ext>` and the others are `cmt-audit.<format>.<ext>`,
// so every name is unique and does not depend on which other formats were asked for.
//
// The timestamp is the scan's `startedAt` (UTC, ISO 8601 basic format to the second): every file of one
// run shares it, and `cmt-audit report` of a saved report stamps its files with that report's scan, not
// with the time it was re-rendered. Files are written through src/output.ts (atomic, never destroying).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, UserError } from './errors.js';
import type { OutputTarget } from './options.js';
import { FORMAT_EXTENSIONS, FORMATS, type FormatName } from './reporters/index.js';

export const OUTPUT_BASENAME = 'cmt-audit';
/** `--format all`: every format (only with --output-dir, where each has its own file). */
export const ALL_FORMATS = 'all';

export interface OutputDirFlags {
  format?: string;
  output?: string;
  outputDir?: string;
  timestamp?: boolean;
}

export interface OutputDirPlan {
  dir: string;
  formats: FormatName[];
  timestamp: boolean;
}

/**
 * Undefined without --output-dir (after refusing what only makes sense with it: --timestamp, --format all).
 * With it: the formats to write and where; refuses --output besides it, and a directory that cannot be one.
 */
export function parseOutputDir(flags: OutputDirFlags, formats: readonly FormatName[] = FORMATS): OutputDirPlan | undefined {
  const requested = (flags.format ?? '').split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  const all = requested.includes(ALL_FORMATS);
  if (flags.outputDir === undefined) {
    if (flags.timestamp) throw new UserError('--timestamp names the files --output-dir writes: it needs --output-dir', EXIT.usage, 'e.g. --format json,html --output-dir reports --timestamp');
    if (all) throw new UserError('--format all writes every format, each to its own file: it needs --output-dir', EXIT.usage, `e.g. --format all --output-dir reports (or list formats: ${formats.join(', ')})`);
    return undefined;
  }
  if (flags.output !== undefined) {
    throw new UserError('--output and --output-dir both say where the report goes: give one', EXIT.usage, '--output-dir DIR writes every --format to DIR/cmt-audit.<ext>; --output names the files yourself');
  }
  const dir = flags.outputDir.trim();
  if (dir === '') throw new UserError('--output-dir needs a directory', EXIT.usage);
  let chosen: FormatName[];
  if (all) {
    const others = requested.filter((f) => f !== ALL_FORMATS);
    if (others.length > 0) throw new UserError(`--format all already means every format: drop ${others.join(', ')}`, EXIT.usage);
    chosen = [...formats];
  } else {
    if (requested.length === 0) throw new UserError('--format needs a format name', EXIT.usage, `use one or more of: ${formats.join(', ')}, or all`);
    const unknown = requested.filter((f) => !(formats as readonly string[]).includes(f));
    if (unknown.length > 0) throw new UserError(`unknown --format ${unknown.join(', ')}`, EXIT.usage, `use one or more of: ${formats.join(', ')}, or all`);
    chosen = [...new Set(requested)] as FormatName[];
  }
  assertOutputDir(dir);
  return { dir, formats: chosen, timestamp: flags.timestamp === true };
}

/** A directory, or nothing yet (it is created, with its parents): a file (or a link to one) in its place is an error. */
export function assertOutputDir(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return; // created when written; output.ts checks its nearest existing parent
    if (code === 'ENOTDIR') throw new UserError(`--output-dir ${dir}: a parent of it is a file, not a directory`, EXIT.usage, 'give a directory path');
    throw new UserError(`--output-dir ${dir}: ${(err as Error).message}`, EXIT.usage);
  }
  if (!isDir) throw new UserError(`--output-dir ${dir} is a file, not a directory`, EXIT.usage, 'give a directory (it is created if missing), or remove the file');
}

/** `2026-12-03T10:15:00.123Z` → `20261203T101500Z` (UTC, to the second). */
export function timestampOf(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new UserError(`the report's scan.startedAt "${iso}" is not a date: cannot name --timestamp files`, EXIT.usage);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** The file name of each format: `cmt-audit.<ext>`, or `cmt-audit.<format>.<ext>` when an earlier format has that extension. */
export function fileNameOf(format: FormatName, stamp?: string, extensions: Record<string, string> = FORMAT_EXTENSIONS, formats: readonly string[] = FORMATS): string {
  const ext = extensions[format];
  const first = formats.find((f) => extensions[f] === ext);
  const base = stamp ? `${OUTPUT_BASENAME}-${stamp}` : OUTPUT_BASENAME;
  return first === format ? `${base}.${ext}` : `${base}.${format}.${ext}`;
}

/** Where each format goes; `startedAt` (the report's scan.startedAt) names the files with --timestamp. */
export function outputDirTargets(plan: OutputDirPlan, startedAt: string): OutputTarget[] {
  const stamp = plan.timestamp ? timestampOf(startedAt) : undefined;
  return plan.formats.map((format) => ({ format, path: join(plan.dir, fileNameOf(format, stamp)) }));
}

/** The one stderr line after writing: every file, in --format order. */
export function wroteLine(targets: readonly OutputTarget[]): string {
  return `wrote ${targets.map((t) => t.path).join(', ')}`;
}
