// Suppressions: findings people accept, for a reason, until a date (docs/configuration.md#suppressions).
// Applied after judgement, to the finished report (a scan's, a merged one, or one `report --config`
// re-renders), so every path marks findings the same way:
// - a `not-met` finding a rule matches keeps its status and is marked `suppressed` (reason, owner, expires,
//   the rule's index): the report stays honest about what the scan saw;
// - the item keeps the status it was judged; only the gate (and the table's counts) read it through
//   gateStatus(): the status it would have with its suppressed findings counted as met;
// - a rule past its `expires` (the last day it applies) at the scan's instant does not apply, and a rule that
//   matched nothing is reported: both in `scan.suppressions` (state and note) and on stderr.
// The first rule (in file order) that matches a finding marks it.
// Types only from the config loader: the gate (options.ts) reads this module, and loading the config's
// validator is for commands that read a config file.
import type { Suppression } from './config/config-file.js';
import type { CheckResult, Finding, FindingSuppression, Report, Status, SuppressionRecord } from './model.js';
import { estateRollUp } from './rollup.js';

/**
 * Does an ARN glob match the whole resource? `*` any characters (`/` and `:` included, so `arn:aws:s3:::logs-*`
 * and `arn:aws:iam::*:user/ci-*` mean what they say), `?` exactly one character, everything else itself
 * (case-sensitive, as ARNs are). Matched without a regular expression: `.*` repeated backtracks exponentially on
 * a resource that does not match (a pattern of 12 stars hung the scan); this walk is at most
 * pattern × resource steps, with no recursion.
 */
export function globMatches(glob: string, text: string): boolean {
  const p = Array.from(glob);
  const t = Array.from(text);
  let pi = 0;
  let ti = 0;
  let star = -1; // the last * seen, and where in the text it began to match
  let from = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === t[ti]))) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      from = ti;
    } else if (star >= 0) {
      pi = star + 1; // the last * takes one character more
      ti = ++from;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** Does `rule` cover this finding of item `itemId`? (Status aside: only not-met findings are suppressed.) */
export function ruleMatches(rule: Pick<Suppression, 'item' | 'resource' | 'account'>, itemId: string, finding: Pick<Finding, 'account' | 'resource'>): boolean {
  if (rule.item !== itemId) return false;
  if (rule.account !== undefined && finding.account !== rule.account) return false;
  return globMatches(rule.resource ?? '*', finding.resource);
}

/** The scan's instant as a day: when the snapshot was recorded, else when the scan started (as attestations). */
export function scanDay(report: Report): string {
  return (report.scan.snapshotRecordedAt ?? report.scan.startedAt).slice(0, 10);
}

/**
 * The report with `rules` applied: any earlier marks and records dropped, then each not-met finding the first
 * live rule matches marked, and `scan.suppressions` recording every rule's fate. `instant`: the scan's
 * (default: the report's own, scanDay()).
 */
export function suppress(report: Report, rules: readonly Suppression[], instant?: Date): Report {
  const base = withoutSuppressions(report);
  if (rules.length === 0) return base;
  const day = instant ? instant.toISOString().slice(0, 10) : scanDay(report);
  const live = rules.map((rule) => ({ rule, expired: rule.expires !== undefined && rule.expires < day, matched: 0 }));
  const results = base.results.map((result) => {
    if (result.status === 'not-applicable') return result;
    let changed = false;
    const findings = result.findings.map((f) => {
      if (f.status !== 'not-met') return f;
      let mark: FindingSuppression | undefined;
      live.forEach((l, i) => {
        if (!ruleMatches(l.rule, result.id, f)) return;
        if (l.expired) l.matched++;
        else if (!mark) {
          l.matched++;
          mark = { reason: l.rule.reason, ...(l.rule.owner !== undefined ? { owner: l.rule.owner } : {}), ...(l.rule.expires !== undefined ? { expires: l.rule.expires } : {}), rule: i };
        }
      });
      if (!mark) return f;
      changed = true;
      return { ...f, suppressed: mark };
    });
    return changed ? { ...result, findings } : result;
  });
  const scanned = new Set(base.results.map((r) => r.id));
  const records = live.map(({ rule, expired, matched }, i): SuppressionRecord => {
    const state = expired ? 'expired' : matched > 0 ? 'applied' : 'unmatched';
    const record: SuppressionRecord = {
      rule: i,
      item: rule.item,
      resource: rule.resource ?? '*',
      ...(rule.account !== undefined ? { account: rule.account } : {}),
      reason: rule.reason,
      ...(rule.owner !== undefined ? { owner: rule.owner } : {}),
      ...(rule.expires !== undefined ? { expires: rule.expires } : {}),
      state,
      matched,
    };
    if (state === 'expired') {
      record.note = `expired on ${rule.expires} (the scan's day is ${day}): it no longer applies${matched ? `; the ${plural(matched, 'finding')} it matches count${matched === 1 ? 's' : ''} again` : ''}`;
    } else if (state === 'unmatched') {
      record.note = `matched no not-met finding of item ${rule.item}${scanned.has(rule.item) ? '' : ' (the item was not scanned)'}: correct its item, resource or account, or remove it`;
    }
    return record;
  });
  return { ...base, scan: { ...base.scan, suppressions: records }, results };
}

/** The report without any suppression: no finding marked, no `scan.suppressions`. */
export function withoutSuppressions(report: Report): Report {
  const { suppressions: _dropped, ...scan } = report.scan;
  const results = report.results.map((r) =>
    r.findings.some((f) => f.suppressed) ? { ...r, findings: r.findings.map(({ suppressed: _s, ...f }) => f) } : r,
  );
  return { ...report, scan, results };
}

/** The rules a report records (to apply them again: `merge`). */
export function rulesOf(report: Report): Suppression[] | undefined {
  return report.scan.suppressions?.map((r) => ({
    item: r.item,
    resource: r.resource,
    ...(r.account !== undefined ? { account: r.account } : {}),
    reason: r.reason,
    ...(r.owner !== undefined ? { owner: r.owner } : {}),
    ...(r.expires !== undefined ? { expires: r.expires } : {}),
  }));
}

/**
 * The status the gate reads: an item judged not met whose not-met findings are all suppressed counts as what
 * its other findings say (its suppressed findings counted as met, by the item's own roll-up rule): met, or
 * error when some resource could not be checked. Every other item: its status.
 */
export function gateStatus(result: CheckResult): Status {
  if (result.status !== 'not-met' || !result.findings.some((f) => f.suppressed)) return result.status;
  return estateRollUp(result.id, result.findings.map((f) => (f.suppressed ? { ...f, status: 'met' as const } : f)));
}

/** Judged not met, but not failing the gate: every not-met finding that decides it is suppressed. */
export function isSuppressed(result: CheckResult): boolean {
  return result.status === 'not-met' && gateStatus(result) !== 'not-met';
}

/** One line per rule that expired or matched nothing, for stderr (without the `cmt-audit: ` prefix). */
export function suppressionWarnings(report: Report): string[] {
  return (report.scan.suppressions ?? [])
    .filter((r) => r.note)
    .map((r) => `warning: suppressions[${r.rule}] (${r.item} ${r.resource}${r.account ? ` in ${r.account}` : ''}) ${r.note}`);
}

/**
 * Why the report's suppression marks could not have been written by the rules it records (`cmt-audit report`
 * refuses such a file: an edited mark must not open the gate), or undefined.
 */
export function suppressionProblem(report: Report, placeholderIn: (text: string) => string | undefined): string | undefined {
  const records = report.scan.suppressions ?? [];
  const day = scanDay(report);
  const byRule = new Map<number, SuppressionRecord>();
  for (const [i, r] of records.entries()) {
    if (byRule.has(r.rule)) return `scan.suppressions[${i}] repeats rule ${r.rule}`;
    byRule.set(r.rule, r);
  }
  for (const [i, result] of report.results.entries()) {
    for (const [j, f] of result.findings.entries()) {
      const mark = f.suppressed;
      if (!mark) continue;
      const where = `results[${i}].findings[${j}] (item ${result.id})`;
      if (f.status !== 'not-met') return `${where} is ${f.status} but marked suppressed: only not-met findings are`;
      const rule = byRule.get(mark.rule);
      if (!rule) return `${where} is suppressed by rule ${mark.rule}, which scan.suppressions does not hold`;
      if (rule.state !== 'applied') return `${where} is suppressed by rule ${mark.rule}, which is ${rule.state}`;
      if (!ruleMatches(rule, result.id, f)) return `${where} is suppressed by rule ${mark.rule}, which does not match it`;
      if (rule.expires !== undefined && rule.expires < day) return `${where} is suppressed by rule ${mark.rule}, which had expired by the scan (${rule.expires})`;
      if (mark.reason !== rule.reason || mark.owner !== rule.owner || mark.expires !== rule.expires) return `${where} is suppressed with another reason, owner or expiry than rule ${mark.rule}`;
      const placeholder = rule.reason.trim() === '' ? '' : placeholderIn(rule.reason);
      if (placeholder !== undefined) return `${where} is suppressed by rule ${mark.rule}, whose reason is ${placeholder ? `a placeholder (${JSON.stringify(placeholder)})` : 'blank'}`;
    }
  }
  return undefined;
}

/** "suppressed: <reason> (owner X, until D)" — how the documents name a suppressed finding. */
export function suppressionText(mark: FindingSuppression): string {
  const extra = [mark.owner ? `owner ${mark.owner}` : '', mark.expires ? `until ${mark.expires}` : ''].filter(Boolean).join(', ');
  return `suppressed: ${mark.reason}${extra ? ` (${extra})` : ''}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
