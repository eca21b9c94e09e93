// The table for people: a header (account, regions, model, source), then each pillar with one row per
// checklist item (id, status in words, severity, title), the failing resources under each not-met or
// error item, and a summary line. Status is always a word ("NOT MET"); colour only underlines it.
// Laid out for `width` columns (100 by default); long titles and messages wrap. Every string of the
// report is made terminal-safe first (src/text.ts: no control character, one line, long values cut).
import { Chalk, type ChalkInstance } from 'chalk';
import { PILLAR_TITLES } from '../checklist.js';
import type { CheckResult, Finding, Pillar, Report, Status } from '../model.js';
import { mapStrings, oneLine, truncate } from '../text.js';
import { accountsPhrase, estateOf, fairShares, ownAccountStatus, type Estate, type EstateAccount } from './estate.js';
import type { ReporterOptions } from './index.js';
import { gateStatus, isSuppressed, suppressionText } from '../suppressions.js';

/** At most this many failing resources are listed under one item. */
export const MAX_FINDINGS_PER_ITEM = 10;

/** The most of one value (a message, a name) the table shows; the JSON report keeps it whole. */
export const TABLE_TEXT_MAX = 500;
/** ARNs and paths are shown whole up to this (an IAM ARN can be 2048 characters long). */
export const TABLE_NAME_MAX = 2048;
const NAME_KEYS = new Set(['resource', 'arn', 'snapshot', 'configFile']);

export const STATUS_WORDS: Record<Status, string> = {
  met: 'MET',
  'not-met': 'NOT MET',
  manual: 'MANUAL',
  'not-applicable': 'N/A',
  error: 'ERROR',
};

const PILLARS: Pillar[] = ['security', 'reliability', 'operational-excellence'];
const COL = { id: 6, status: 9, severity: 10 };
const INDENT = '  ';
const TITLE_AT = INDENT.length + COL.id + COL.status + COL.severity;
const FINDING_AT = INDENT.length + COL.id;
const FIELD_AT = INDENT.length + 18;

export function renderTable(unsafe: Report, options: ReporterOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(60, options.width);
  if (options.quiet) return `${summaryLine(unsafe)}\n`;
  const report = forTerminal(unsafe);
  const estate = estateOf(report);
  const out: string[] = [...header(report, c, estate, width), ''];
  if (estate) out.push(...accountsSection(estate, width, c), '');
  const shown = report.results.filter((r) => (!options.severities || options.severities.includes(r.severity)) && (!options.statuses || options.statuses.includes(r.status)));
  for (const pillar of PILLARS) {
    const results = shown.filter((r) => r.pillar === pillar);
    if (results.length === 0) continue;
    out.push(c.bold(PILLAR_TITLES[pillar]));
    out.push(c.dim(`${INDENT}${'ID'.padEnd(COL.id)}${'STATUS'.padEnd(COL.status)}${'SEVERITY'.padEnd(COL.severity)}TITLE`));
    for (const result of results) out.push(...row(result, width, c, estate));
    out.push('');
  }
  out.push(...scanErrors(report, width, c));
  out.push(...missingPermissions(report, width, c));
  out.push(c.bold(summaryLine(report)));
  if (options.severities || options.statuses) out.push(filterLine(shown.length, report.results.length, options));
  return `${out.join('\n')}\n`;
}

/** Every string of the report on one line, without control characters, cut when very long. */
export function forTerminal(report: Report): Report {
  return mapStrings(report, (s, key) => oneLine(truncate(s, NAME_KEYS.has(key ?? '') ? TABLE_NAME_MAX : TABLE_TEXT_MAX)));
}

/** "showing 7 of 40 items (severity critical, high; status not-met)": the table's filter, under the summary. */
function filterLine(shown: number, total: number, options: ReporterOptions): string {
  const by = [options.severities ? `severity ${options.severities.join(', ')}` : '', options.statuses ? `status ${options.statuses.join(', ')}` : ''].filter(Boolean);
  return `showing ${shown} of ${total} item${total === 1 ? '' : 's'} (${by.join('; ')})`;
}

/** "40 items: 12 met, 9 not met (2 suppressed), 15 manual, 2 not applicable, 2 errors" */
export function summaryLine(report: Report): string {
  const s = report.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const suppressed = report.results.filter(isSuppressed).length;
  return (
    `${plural(s.total, 'item')}: ${s.met} met, ${s['not-met']} not met${suppressed ? ` (${suppressed} suppressed)` : ''}, ${s.manual} manual, ` +
    `${s['not-applicable']} not applicable, ${plural(s.error, 'error')}`
  );
}

function header(report: Report, c: ChalkInstance, estate: Estate | undefined, width: number): string[] {
  const { scan, tool } = report;
  const field = (label: string, value: string) => `${INDENT}${c.dim(label.padEnd(18))}${value}`;
  /** A field whose value wraps, its lines under the value (the estate's: a one-account header stays as it was). */
  const wrapped = (label: string, value: string) => {
    const [first, ...rest] = wrap(value, width - FIELD_AT);
    return [field(label, first), ...rest.map((l) => `${' '.repeat(FIELD_AT)}${l}`)];
  };
  const accounts = scan.accounts.map((a) => (a.arn ? `${a.id} (${a.arn})` : a.id)).join(', ');
  const lines = [
    `${c.bold(`${tool.name} ${tool.version}`)} · AWS Cloud Management Tools Competency checklist`,
    '',
    ...(estate ? estateHeader(estate, wrapped) : [field('Account', accounts || '(unknown)')]),
    field('Deployment model', scan.deploymentModel),
    field('Regions', scan.regions.join(', ') || '(none)'),
  ];
  if (scan.regionsNotEnabled.length > 0) lines.push(field('Not enabled', `${scan.regionsNotEnabled.join(', ')} (opt-in, not scanned)`));
  lines.push(field('Home region', scan.homeRegion));
  const snapshot = scan.snapshot ? `snapshot ${scan.snapshot}` : 'snapshot';
  lines.push(field('Source', scan.source === 'snapshot' ? `${snapshot} (replayed, no AWS calls)` : 'live AWS APIs'));
  if (scan.snapshotRecordedAt) lines.push(field('Recorded', scan.snapshotRecordedAt));
  if (scan.configFile) lines.push(field('Config', scan.configFile));
  if (scan.checksSelected?.length) lines.push(field('Checks', `only ${scan.checksSelected.join(', ')}`));
  if (scan.checksSkipped?.length) lines.push(field('Skipped', scan.checksSkipped.join(', ')));
  lines.push(field('Scanned', `${scan.finishedAt} (${duration(scan.startedAt, scan.finishedAt)})`));
  return lines;
}

/** The accounts of an estate, in the header: how many, how many could not be scanned, the organization. */
function estateHeader(estate: Estate, wrapped: (label: string, value: string) => string[]): string[] {
  const failed = estate.accounts.filter((a) => a.status === 'error').length;
  const lines = wrapped('Accounts', `${estate.accounts.length}${failed ? ` (${failed} could not be scanned)` : ''}: see Accounts below`);
  if (estate.organization) lines.push(...wrapped('Organization', estate.organization));
  if (estate.notCovered.length) {
    lines.push(...wrapped('Not covered', estate.notCovered.map((a) => `${a.label}${a.status && a.status !== 'ACTIVE' ? ` ${a.status}` : ''}`).join(', ')));
  }
  return lines;
}

const ACCOUNT_COLS = { id: 14, status: 9 };
const COUNT_COLS: [keyof EstateAccount['counts'], string][] = [
  ['met', 'MET'],
  ['not-met', 'NOT MET'],
  ['manual', 'MANUAL'],
  ['error', 'ERROR'],
];
const NAME_AT = INDENT.length + ACCOUNT_COLS.id + ACCOUNT_COLS.status + COUNT_COLS.reduce((n, [, h]) => n + h.length + 2, 0);

/** One row per account: id, scanned or not, how many items it has met / not met / manual / in error, its name; why it could not be scanned. */
function accountsSection(estate: Estate, width: number, c: ChalkInstance): string[] {
  const heading = `${INDENT}${'ACCOUNT'.padEnd(ACCOUNT_COLS.id)}${'STATUS'.padEnd(ACCOUNT_COLS.status)}${COUNT_COLS.map(([, h]) => `${h}  `).join('')}NAME`;
  const lines = [c.bold(`Accounts (${estate.accounts.length})`), c.dim(heading)];
  for (const a of estate.accounts) {
    const status = a.status === 'error' ? c.magenta.bold('ERROR'.padEnd(ACCOUNT_COLS.status)) : 'scanned'.padEnd(ACCOUNT_COLS.status);
    const counts = COUNT_COLS.map(([k, h]) => `${String(a.counts[k]).padStart(h.length)}  `).join('');
    const [name, ...more] = wrapHard(a.name ?? '', width - NAME_AT);
    lines.push(`${INDENT}${a.id.padEnd(ACCOUNT_COLS.id)}${status}${counts}${name}`.trimEnd(), ...more.map((l) => `${' '.repeat(NAME_AT)}${l}`));
    if (a.status === 'error') {
      const [first, ...rest] = wrap(`not scanned: ${a.error ?? 'no reason recorded'}`, width - FINDING_AT - 2);
      lines.push(`${' '.repeat(FINDING_AT)}${c.magenta('!')} ${first}`, ...rest.map((l) => `${' '.repeat(FINDING_AT + 2)}${l}`));
    }
  }
  if (estate.attested.length) {
    const note = `Attested for the whole estate, so counted met or not met in each account the API left to people: ${estate.attested.join(', ')}`;
    lines.push(...wrap(note, width - INDENT.length).map((l) => `${INDENT}${c.dim(l)}`));
  }
  return lines;
}

function row(result: CheckResult, width: number, c: ChalkInstance, estate?: Estate): string[] {
  const word = STATUS_WORDS[result.status];
  const status = statusColour(result.status, c)(word.padEnd(COL.status));
  const severity = severityColour(result.severity, c)(result.severity.padEnd(COL.severity));
  const titleLines = wrap(result.title, width - TITLE_AT);
  const lines = [`${INDENT}${result.id.padEnd(COL.id)}${status}${severity}${titleLines[0]}`];
  for (const more of titleLines.slice(1)) lines.push(' '.repeat(TITLE_AT) + more);
  const failing = estate ? estateFailing(result, estate, width, c) : failingFindings(result, width, c);
  return [...lines, ...suppressedLine(result, width, c), ...failing, ...attestationLines(result, width, c)];
}

/** Under an item judged not met whose not-met findings are all suppressed: why the gate lets it pass. */
function suppressedLine(result: CheckResult, width: number, c: ChalkInstance): string[] {
  if (!isSuppressed(result)) return [];
  const gate = gateStatus(result) === 'error' ? 'the gate reads it as error (a resource could not be checked)' : 'the gate does not fail on it';
  const [first, ...rest] = wrap(`not met (suppressed): every not-met finding is suppressed; ${gate}`, width - FINDING_AT - 2);
  return [`${' '.repeat(FINDING_AT)}${c.cyan('~')} ${first}`, ...rest.map((l) => `${' '.repeat(FINDING_AT + 2)}${l}`)];
}

/** What a person attested for the item, and whether it counted. */
function attestationLines(result: CheckResult, width: number, c: ChalkInstance): string[] {
  const a = result.attestation;
  if (!a) return [];
  const said = `${a.status === 'met' ? 'met' : 'not met'} by ${a.by} on ${a.date}`;
  const text =
    a.state === 'applied'
      ? `attested ${said}${a.expires ? ` (valid until ${a.expires})` : ''}`
      : `attestation (${said}) ${a.note ?? a.state}`;
  const [first, ...rest] = wrap(text, width - FINDING_AT - 2);
  const marker = a.state === 'applied' ? c.cyan('✓') : c.yellow('~');
  return [`${' '.repeat(FINDING_AT)}${marker} ${first}`, ...rest.map((l) => `${' '.repeat(FINDING_AT + 2)}${l}`)];
}

/** Under a not-met or error item: its not-met findings, then its error findings, capped. */
function failingFindings(result: CheckResult, width: number, c: ChalkInstance): string[] {
  if (result.status !== 'not-met' && result.status !== 'error') return [];
  const failing = [
    ...result.findings.filter((f) => f.status === 'not-met'),
    ...result.findings.filter((f) => f.status === 'error'),
  ];
  const shown = failing.slice(0, MAX_FINDINGS_PER_ITEM);
  const lines = shown.flatMap((f) => findingLines(f, width, c));
  if (failing.length > shown.length) lines.push(`${' '.repeat(FINDING_AT)}${c.dim(`… and ${failing.length - shown.length} more`)}`);
  return lines;
}

function findingLines(f: Finding, width: number, c: ChalkInstance, at = FINDING_AT): string[] {
  const where = f.region ? ` (${f.region})` : '';
  const own = ownAccountStatus(f);
  const text = `${f.resource}${where} — ${f.message}${own ? ` [judged across accounts; this account alone: ${STATUS_WORDS[own].toLowerCase()}]` : ''}${f.suppressed ? ` [${suppressionText(f.suppressed)}]` : ''}`;
  const [first, ...rest] = wrap(text, width - at - 2);
  const marker = f.status === 'error' ? c.magenta('!') : f.suppressed ? c.cyan('~') : c.red('-');
  return [`${' '.repeat(at)}${marker} ${first}`, ...rest.map((l) => `${' '.repeat(at + 2)}${l}`)];
}

/**
 * Under a not-met or error item of an estate: the accounts behind it ("not met in 2 of 5 accounts: …"),
 * then their failing findings under each account, at most MAX_FINDINGS_PER_ITEM in all, shared so that
 * each account behind the item shows one before any shows a second.
 */
function estateFailing(result: CheckResult, estate: Estate, width: number, c: ChalkInstance): string[] {
  const pad = ' '.repeat(FINDING_AT);
  const lines: string[] = [];
  if (result.status !== 'not-met' && result.status !== 'error') {
    // Met (or manual) for the estate by its own rule (3.3: one account; 2.13: the copying accounts), yet not
    // met in some accounts: those are named, so the per-account summary's counts can be found here.
    for (const g of estate.behind(result)) {
      const [first, ...rest] = wrap(`${accountsPhrase(g.status === 'error' ? 'error' : 'not met', g, estate.accounts.length)} (see docs/estate.md for this item's rule)`, width - FINDING_AT - 2);
      lines.push(`${pad}${c.dim(first)}`, ...rest.map((l) => `${pad}  ${c.dim(l)}`));
    }
    return lines;
  }
  for (const g of estate.behind(result)) {
    const word = `${g.status === 'error' ? 'error' : 'not met'}${g.attested ? ' (attested)' : ''}`;
    const [first, ...rest] = wrap(accountsPhrase(word, g, estate.accounts.length), width - FINDING_AT - 2);
    const colour = g.status === 'error' ? c.magenta : c.red;
    lines.push(`${pad}${colour(first)}`, ...rest.map((l) => `${pad}  ${colour(l)}`));
  }
  const perAccount = estate.accounts
    .map((a) => ({
      account: a,
      failing: [
        ...result.findings.filter((f) => f.account === a.id && f.status === 'not-met'),
        ...result.findings.filter((f) => f.account === a.id && f.status === 'error'),
      ],
    }))
    .filter((x) => x.failing.length > 0);
  const shares = fairShares(
    perAccount.map((x) => x.failing.length),
    MAX_FINDINGS_PER_ITEM,
  );
  let unlistedAccounts = 0;
  let unlistedFindings = 0;
  perAccount.forEach(({ account, failing }, i) => {
    if (shares[i] === 0) {
      unlistedAccounts++;
      unlistedFindings += failing.length;
      return;
    }
    const [first, ...rest] = wrap(`${account.label}:`, width - FINDING_AT - 2);
    lines.push(`${pad}${c.bold(first)}`, ...rest.map((l) => `${pad}  ${c.bold(l)}`));
    for (const f of failing.slice(0, shares[i])) lines.push(...findingLines(f, width, c, FINDING_AT + 2));
    if (failing.length > shares[i]) lines.push(`${pad}  ${c.dim(`… and ${failing.length - shares[i]} more`)}`);
  });
  if (unlistedAccounts > 0) {
    const text = `… and ${unlistedFindings} more in ${unlistedAccounts} more account${unlistedAccounts === 1 ? '' : 's'} (the JSON report lists them all)`;
    lines.push(...wrap(text, width - FINDING_AT).map((l) => `${pad}${c.dim(l)}`));
  }
  return lines;
}

/** Scan-level errors: not tied to one item (e.g. the region list could not be read). */
function scanErrors(report: Report, width: number, c: ChalkInstance): string[] {
  const errors = report.errors.filter((e) => e.checkId === undefined);
  if (errors.length === 0) return [];
  const lines = [c.bold('Scan errors')];
  for (const e of errors) {
    const [first, ...rest] = wrap(`${e.region ? `${e.region}: ` : ''}${e.message}`, width - 6);
    lines.push(`${INDENT}${c.magenta('!')} ${first}`, ...rest.map((l) => `${INDENT}    ${l}`));
  }
  return [...lines, ''];
}

function missingPermissions(report: Report, width: number, c: ChalkInstance): string[] {
  const actions = [...new Set(report.errors.flatMap((e) => (e.missingPermission ? [e.missingPermission] : [])))].sort();
  if (actions.length === 0) return [];
  const text = `Missing permissions: ${actions.join(', ')} (grant them with the policy from \`cmt-audit policy\`)`;
  return [...wrap(text, width).map((l) => c.yellow(l)), ''];
}

function statusColour(status: Status, c: ChalkInstance): (s: string) => string {
  switch (status) {
    case 'met':
      return c.green;
    case 'not-met':
      return c.red.bold;
    case 'manual':
      return c.yellow;
    case 'error':
      return c.magenta.bold;
    default:
      return c.gray;
  }
}

function severityColour(severity: string, c: ChalkInstance): (s: string) => string {
  return severity === 'critical' ? c.red : severity === 'high' ? c.yellow : (s: string) => s;
}

function duration(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return '?';
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

/** Word wrap that also cuts a word longer than the width (a name is no ARN to copy whole). */
function wrapHard(text: string, width: number): string[] {
  const max = Math.max(20, width);
  return wrap(text, max).flatMap((line) => (line.length <= max ? [line] : (line.match(new RegExp(`.{1,${max}}`, 'gu')) ?? [line])));
}

/** Greedy word wrap; a word longer than the width (an ARN) gets a line of its own. */
export function wrap(text: string, width: number): string[] {
  const max = Math.max(20, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= max) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}
