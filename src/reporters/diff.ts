// How a diff (src/diff.ts) is shown: `cmt-audit diff --format table` for people, `--format json` for
// tools (docs/diff.md), and the short section the scan table gets with `scan --baseline`. Every string
// from a report (resources, messages, account ids, file names) is made terminal-safe as the table's are
// (src/text.ts: one line, no control character, long values cut).
import { Chalk, type ChalkInstance } from 'chalk';
import type { Diff, DiffFinding, ItemChange } from '../diff.js';
import { findingsByKey } from '../diff.js';
import type { Report, Status } from '../model.js';
import { escapeJsonText, mapStrings, oneLine, truncate } from '../text.js';
import type { ReporterOptions } from './index.js';
import { STATUS_WORDS, TABLE_NAME_MAX, TABLE_TEXT_MAX, wrap } from './table.js';

/** At most this many findings of a section are listed in the table (the JSON lists them all). */
export const DIFF_SECTION_MAX = 100;
/** Still failing is what everyone knows already: fewer of them. */
export const DIFF_STILL_MAX = 20;
/** Item status changes listed in the table. */
export const DIFF_CHANGES_MAX = 200;
/** New findings listed under the scan table's baseline section. */
export const BASELINE_NEW_MAX = 20;

const INDENT = '  ';
const FINDING_AT = 4;
const NAME_KEYS = new Set(['resource', 'file']);

export function renderDiffJson(diff: Diff): string {
  return `${escapeJsonText(JSON.stringify(diff, null, 2))}\n`;
}

/** "3 new failing (1 suppressed), 2 fixed, 10 still failing, 1 could not tell, 4 item status changes" */
export function diffSummaryLine(s: Diff['summary'] | (Omit<Diff['summary'], 'newSuppressed'> & { newSuppressed?: number })): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `${s.new} new failing${s.newSuppressed ? ` (${s.newSuppressed} suppressed)` : ''}, ${s.fixed} fixed, ` +
    `${s.stillFailing} still failing, ${s.couldNotTell} could not tell, ${plural(s.itemChanges, 'item status change')}`
  );
}

export function renderDiffTable(unsafe: Diff, options: ReporterOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(60, options.width);
  if (options.quiet) return `${diffSummaryLine(unsafe.summary)}\n`;
  const diff = terminalSafe(unsafe);
  const out: string[] = [`${c.bold(`${diff.tool.name} ${diff.tool.version}`)} · diff of two reports`, ''];
  const field = (label: string, value: string) => {
    const [first, ...rest] = wrap(value, width - INDENT.length - 6);
    return [`${INDENT}${c.dim(label.padEnd(6))}${first}`, ...rest.map((l) => `${INDENT}${' '.repeat(6)}${l}`)];
  };
  const sideText = (s: Diff['old']) =>
    `${s.file ?? '(report)'} · scan of ${s.startedAt} · ${s.accounts.length === 1 ? `account ${s.accounts[0]}` : `${s.accounts.length} accounts`}`;
  out.push(...field('Old', sideText(diff.old)), ...field('New', sideText(diff.new)));
  for (const note of diff.notes) out.push(...wrapped(`note: ${note}`, width, INDENT, `${INDENT}      `).map((l) => c.yellow(l)));
  out.push('');
  out.push(...section(c.red.bold, `New failing findings (${diff.newFailing.length})`, diff.newFailing, DIFF_SECTION_MAX, width, c, c.red('+')));
  out.push(...section(c.green.bold, `Fixed (${diff.fixed.length})`, diff.fixed, DIFF_SECTION_MAX, width, c, c.green('✓')));
  out.push(
    ...section(c.magenta.bold, `Could not tell (${diff.couldNotTell.length}): failing before, not seen again`, diff.couldNotTell, DIFF_SECTION_MAX, width, c, c.magenta('?')),
  );
  out.push(...section(c.bold, `Still failing (${diff.stillFailing.length})`, diff.stillFailing, DIFF_STILL_MAX, width, c, c.dim('-')));
  out.push(...changes(diff.itemChanges, c));
  out.push(c.bold(diffSummaryLine(diff.summary)));
  return `${out.join('\n')}\n`;
}

/** Every string on one line, without control characters, cut when very long. */
function terminalSafe<T>(value: T): T {
  return mapStrings(value, (s, key) => oneLine(truncate(s, NAME_KEYS.has(key ?? '') ? TABLE_NAME_MAX : TABLE_TEXT_MAX)));
}

function wrapped(text: string, width: number, first: string, rest: string): string[] {
  return wrap(text, width - rest.length).map((l, i) => `${i === 0 ? first : rest}${l}`);
}

function section(
  heading: (s: string) => string,
  title: string,
  findings: DiffFinding[],
  max: number,
  width: number,
  c: ChalkInstance,
  marker: string,
): string[] {
  if (findings.length === 0) return [];
  const lines = [heading(title)];
  for (const f of findings.slice(0, max)) lines.push(...findingLines(f, width, c, marker));
  if (findings.length > max) lines.push(`${INDENT}${c.dim(`… and ${findings.length - max} more (--format json lists them all)`)}`);
  return [...lines, ''];
}

/** `1.4  critical  account 555555555555 · us-east-1` then the resource — message (and why, and a suppression). */
export function findingLines(f: DiffFinding, width: number, c: ChalkInstance, marker: string): string[] {
  const where = [f.account ? `account ${f.account}` : '', f.region ?? ''].filter(Boolean).join(' · ');
  const padded = f.severity.padEnd(8);
  const severity = f.severity === 'critical' ? c.red(padded) : f.severity === 'high' ? c.yellow(padded) : padded;
  const head = `${INDENT}${marker} ${f.item.padEnd(5)} ${severity}${where ? `  ${c.dim(where)}` : ''}`.trimEnd();
  const extras = [
    f.why ? `[${f.why}]` : '',
    f.previousMessage ? `[was: ${f.previousMessage}]` : '',
    f.suppressed ? `[suppressed${f.suppressed.reason ? `: ${f.suppressed.reason}` : ''}${f.suppressed.owner ? `; owner ${f.suppressed.owner}` : ''}${f.suppressed.expires ? `; until ${f.suppressed.expires}` : ''}]` : '',
  ].filter(Boolean);
  const text = `${f.resource} — ${f.message}${extras.length ? ` ${extras.join(' ')}` : ''}`;
  const pad = ' '.repeat(FINDING_AT + 2);
  return [head, ...wrapped(text, width, pad, pad)];
}

const word = (s: Status | null) => (s === null ? '(absent)' : STATUS_WORDS[s]);

function changes(list: ItemChange[], c: ChalkInstance): string[] {
  if (list.length === 0) return [];
  const colour = (s: Status | null) => (s === 'not-met' ? c.red : s === 'met' ? c.green : s === 'error' ? c.magenta : (t: string) => t);
  const lines = [c.bold(`Item status changes (${list.length})`), c.dim(`${INDENT}${'ID'.padEnd(6)}${'ACCOUNT'.padEnd(14)}${'OLD'.padEnd(10)}   NEW`)];
  for (const ch of list.slice(0, DIFF_CHANGES_MAX)) {
    const from = word(ch.from).padEnd(10);
    lines.push(`${INDENT}${ch.item.padEnd(6)}${(ch.account ?? '(estate)').padEnd(14)}${colour(ch.from)(from)} → ${colour(ch.to)(word(ch.to))}`);
  }
  if (list.length > DIFF_CHANGES_MAX) lines.push(`${INDENT}${c.dim(`… and ${list.length - DIFF_CHANGES_MAX} more (--format json lists them all)`)}`);
  return [...lines, ''];
}

/**
 * The scan table's section for `scan --baseline`: the counts, then the new failing findings (looked up in
 * the report by key: the raw report, since keys are made of raw strings; what is shown is made safe here).
 */
export function baselineSection(unsafe: Report, width: number, c: ChalkInstance): string[] {
  if (!unsafe.baseline) return [];
  const b = terminalSafe(unsafe.baseline);
  const lines = [c.bold(`Since the baseline ${b.file} (scan of ${b.startedAt})`)];
  lines.push(...wrapped(diffSummaryLine(b.counts), width, INDENT, INDENT));
  const found = findingsByKey(unsafe, unsafe.baseline.new);
  for (const f of found.slice(0, BASELINE_NEW_MAX)) lines.push(...findingLines(terminalSafe(f), width, c, c.red('+')));
  if (found.length > BASELINE_NEW_MAX) lines.push(`${INDENT}${c.dim(`… and ${found.length - BASELINE_NEW_MAX} more new (cmt-audit diff lists them all)`)}`);
  return [...lines, ''];
}
