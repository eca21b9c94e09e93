// Baselines and diffs (docs/diff.md): what changed between two reports of `cmt-audit scan --format json`.
// A finding is identified across reports by src/fingerprint.ts (account|item|region|resource), and it is
// *failing* when its status is `not-met`. Between an old and a new report:
// - new failing:    failing in new, and absent or not failing in old;
// - fixed:          failing in old, and in new met or gone — where the new report DID look (its account,
//                   item and region were scanned, and the check did not end in error there);
// - could not tell: failing in old, not failing in new, but the new report could not have seen it (the
//                   item or its account ended in error, the account/item/region was not scanned, the item
//                   is now left to people). Could-not-tell is never fixed;
// - still failing:  failing in both;
// - item changes:   an item's status per account (and the estate's, for reports of several accounts).
// Pure data in, data out: cli.ts reads the files, src/reporters/diff.ts renders.
import { checklistItem } from './checklist.js';
import { findingKey, fingerprint } from './fingerprint.js';
import { SEVERITIES, type Finding, type Report, type Severity, type Status } from './model.js';
import { VERSION } from './version.js';

/** The diff JSON's own schema version (docs/diff.md): minor versions only add fields. */
export const DIFF_SCHEMA_VERSION = '1.0';

/** A finding's suppression as a diff shows it (the config's reason, owner and expiry; read defensively: it may be absent). */
export interface SuppressionMark {
  reason?: string;
  owner?: string;
  expires?: string;
}

/** A finding as the suppression work may extend it: `suppressed` is read as optional, truthy = suppressed. */
type MaybeSuppressed = Finding & { suppressed?: unknown };

export interface DiffFinding {
  /** findingKey: account|item|region|resource. */
  key: string;
  /** fingerprint(): the hash SARIF's partialFingerprints carries. */
  fingerprint: string;
  item: string;
  title: string;
  severity: Severity;
  account?: string;
  region?: string;
  resource: string;
  /** What the report the finding is listed from says (new for new and still failing; old for fixed and could not tell). */
  message: string;
  /** Still failing: the old report's message, when it differs. */
  previousMessage?: string;
  /** The item's status (the estate's, for several accounts) in the new report; null when the new report lacks the item. */
  itemStatus: Status | null;
  /** Fixed and could not tell: why (`met now`, `resource gone`, `check ended in error`, …). */
  why?: string;
  /** Set when the finding (in the new report; in the old for fixed / could not tell) is suppressed. */
  suppressed?: SuppressionMark;
}

export interface ItemChange {
  item: string;
  title: string;
  severity: Severity;
  /** The account; null for the estate's status (reports of several accounts). */
  account: string | null;
  /** null: the item (or account) is not in that report. */
  from: Status | null;
  to: Status | null;
}

export interface DiffSide {
  /** The file as named on the command line (or by --baseline). */
  file?: string;
  startedAt: string;
  finishedAt: string;
  schemaVersion: string;
  deploymentModel: string;
  accounts: string[];
}

export interface DiffSummary {
  new: number;
  /** New failing findings that are suppressed (listed, never gating). */
  newSuppressed: number;
  fixed: number;
  stillFailing: number;
  couldNotTell: number;
  itemChanges: number;
}

export interface Diff {
  schemaVersion: string;
  tool: { name: 'cmt-audit'; version: string };
  old: DiffSide;
  new: DiffSide;
  /** What differs between the two reports besides findings: accounts, deployment model, selection, order. */
  notes: string[];
  newFailing: DiffFinding[];
  fixed: DiffFinding[];
  stillFailing: DiffFinding[];
  couldNotTell: DiffFinding[];
  itemChanges: ItemChange[];
  summary: DiffSummary;
}

/** A finding of a report with its identity: its account filled in from a single-account report when the finding lacks one (schema 1.0). */
interface Keyed {
  key: string;
  item: string;
  finding: MaybeSuppressed;
  account?: string;
}

/** Every finding of a report by key; the first finding of a key that is not-met wins (a key is failing when any of its findings is). */
function indexFindings(report: Report): Map<string, Keyed> {
  const sole = report.scan.accounts.length === 1 ? report.scan.accounts[0].id : undefined;
  const byKey = new Map<string, Keyed>();
  for (const result of report.results) {
    for (const finding of result.findings) {
      const account = finding.account ?? sole;
      const key = findingKey(result.id, { account, region: finding.region, resource: finding.resource });
      const seen = byKey.get(key);
      if (!seen || (seen.finding.status !== 'not-met' && finding.status === 'not-met')) byKey.set(key, { key, item: result.id, finding, account });
    }
  }
  return byKey;
}

function suppressionOf(finding: MaybeSuppressed): SuppressionMark | undefined {
  const s = finding.suppressed;
  if (!s) return undefined;
  if (typeof s !== 'object' || Array.isArray(s)) return {};
  const mark: SuppressionMark = {};
  for (const field of ['reason', 'owner', 'expires'] as const) {
    const value = (s as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string') mark[field] = value;
  }
  return mark;
}

function side(report: Report, file: string | undefined): DiffSide {
  return {
    ...(file !== undefined ? { file } : {}),
    startedAt: report.scan.startedAt,
    finishedAt: report.scan.finishedAt,
    schemaVersion: report.schemaVersion,
    deploymentModel: report.scan.deploymentModel,
    accounts: report.scan.accounts.map((a) => a.id),
  };
}

/** The statuses of each item per account: result.accounts, or the result's status for the one account of a single-account report. */
function statusesByAccount(report: Report): Map<string, Map<string, Status>> {
  const out = new Map<string, Map<string, Status>>();
  const sole = report.scan.accounts.length === 1 ? report.scan.accounts[0].id : undefined;
  for (const r of report.results) {
    const m = new Map<string, Status>();
    if (r.accounts) for (const a of r.accounts) m.set(a.id, a.status);
    else if (sole) m.set(sole, r.status);
    out.set(r.id, m);
  }
  return out;
}

export interface DiffNames {
  old?: string;
  new?: string;
}

const titleOf = (id: string) => checklistItem(id)?.title ?? id;
const severityOf = (id: string): Severity => checklistItem(id)?.severity ?? 'info';

/** One finding as a diff lists it. */
function describe(k: Keyed, itemStatus: Status | null, extra: Partial<DiffFinding> = {}): DiffFinding {
  const { finding } = k;
  const suppressed = suppressionOf(finding);
  return {
    key: k.key,
    fingerprint: fingerprint(k.item, { account: k.account, region: finding.region, resource: finding.resource }),
    item: k.item,
    title: titleOf(k.item),
    severity: severityOf(k.item),
    ...(k.account !== undefined ? { account: k.account } : {}),
    ...(finding.region !== undefined ? { region: finding.region } : {}),
    resource: finding.resource,
    message: finding.message,
    itemStatus,
    ...extra,
    ...(suppressed ? { suppressed } : {}),
  };
}

/** The diff of two reports (both already read and validated: reporters/json.ts readReportFile). */
export function diffReports(oldReport: Report, newReport: Report, names: DiffNames = {}): Diff {
  const before = indexFindings(oldReport);
  const after = indexFindings(newReport);
  const newResults = new Map(newReport.results.map((r) => [r.id, r]));
  const entry = (k: Keyed, extra: Partial<DiffFinding> = {}) => describe(k, newResults.get(k.item)?.status ?? null, extra);

  const newFailing: DiffFinding[] = [];
  const stillFailing: DiffFinding[] = [];
  for (const k of after.values()) {
    if (k.finding.status !== 'not-met') continue;
    const was = before.get(k.key);
    if (was?.finding.status === 'not-met') {
      stillFailing.push(entry(k, was.finding.message !== k.finding.message ? { previousMessage: was.finding.message } : {}));
    } else newFailing.push(entry(k));
  }

  const unseen = couldNotSee(newReport);
  const fixed: DiffFinding[] = [];
  const couldNotTell: DiffFinding[] = [];
  for (const k of before.values()) {
    if (k.finding.status !== 'not-met') continue;
    const now = after.get(k.key);
    if (now?.finding.status === 'not-met') continue;
    // Listed with the old finding (its message), marked as the new report marks it when it is still there.
    const listed = now && suppressionOf(now.finding) ? { ...k, finding: { ...k.finding, suppressed: now.finding.suppressed } } : k;
    const why = now?.finding.status === 'met' ? undefined : unseen(k, now?.finding);
    if (why) couldNotTell.push(entry(listed, { why }));
    else fixed.push(entry(listed, { why: now ? 'met now' : 'resource gone' }));
  }

  const itemChanges = changesOf(oldReport, newReport);
  return {
    schemaVersion: DIFF_SCHEMA_VERSION,
    tool: { name: 'cmt-audit', version: VERSION },
    old: side(oldReport, names.old),
    new: side(newReport, names.new),
    notes: notesOn(oldReport, newReport),
    newFailing,
    fixed,
    stillFailing,
    couldNotTell,
    itemChanges,
    summary: {
      new: newFailing.length,
      newSuppressed: newFailing.filter((f) => f.suppressed).length,
      fixed: fixed.length,
      stillFailing: stillFailing.length,
      couldNotTell: couldNotTell.length,
      itemChanges: itemChanges.length,
    },
  };
}

/**
 * Why the new report could not have seen an old failing finding that it does not show failing (undefined:
 * it looked, so the finding is fixed). The finding's key may still be there with another status.
 */
function couldNotSee(report: Report): (old: Keyed, now: Finding | undefined) => string | undefined {
  const accounts = new Map(report.scan.accounts.map((a) => [a.id, a]));
  const results = new Map(report.results.map((r) => [r.id, r]));
  const sole = report.scan.accounts.length === 1 ? report.scan.accounts[0].id : undefined;
  return (old, now) => {
    if (now?.status === 'error') return 'check ended in error';
    if (now?.status === 'manual') return 'left to people now (manual)';
    const account = old.account === undefined ? undefined : accounts.get(old.account);
    if (old.account !== undefined && !account) return 'account not in the new report';
    if (account?.status === 'error') return 'account could not be scanned';
    const result = results.get(old.item);
    if (!result) return 'item not checked in the new report';
    if (result.status === 'not-applicable') return 'item not applicable in the new report';
    const region = old.finding.region;
    if (region !== undefined) {
      const scanned = new Set([...(account?.regions ?? report.scan.regions), account?.homeRegion ?? report.scan.homeRegion]);
      if (!scanned.has(region)) return 'region not scanned in the new report';
    }
    // An error of the same item in the same account, in the finding's region or account-wide: that part was not seen.
    const blind = result.findings.some(
      (f) => f.status === 'error' && (f.account ?? sole) === old.account && (f.region === undefined || region === undefined || f.region === region),
    );
    if (blind) return 'check ended in error';
    // The item is `error` in that account (or, one account, overall) with no error finding there to say where:
    // nothing of it can be read as fixed. (With one, the region test above decides.)
    const inAccount = result.accounts?.find((a) => a.id === (old.account ?? sole))?.status ?? (result.accounts === undefined || sole !== undefined ? result.status : undefined);
    const located = result.findings.some((f) => f.status === 'error' && (f.account ?? sole) === old.account);
    if (inAccount === 'error' && !located) return 'check ended in error';
    return undefined;
  };
}

/** Per item: each account's status change, and the estate's when either report has several accounts. */
function changesOf(oldReport: Report, newReport: Report): ItemChange[] {
  const before = statusesByAccount(oldReport);
  const after = statusesByAccount(newReport);
  const oldStatus = new Map(oldReport.results.map((r) => [r.id, r.status]));
  const newStatus = new Map(newReport.results.map((r) => [r.id, r.status]));
  const estate = oldReport.scan.accounts.length > 1 || newReport.scan.accounts.length > 1;
  // Items in checklist order (the new report's, then any only the old one has); accounts in report order.
  const items = [...newReport.results.map((r) => r.id), ...oldReport.results.map((r) => r.id).filter((id) => !newStatus.has(id))];
  const accountIds = [...new Set([...newReport.scan.accounts.map((a) => a.id), ...oldReport.scan.accounts.map((a) => a.id)])];
  const changes: ItemChange[] = [];
  for (const item of items) {
    const base = { item, title: titleOf(item), severity: severityOf(item) };
    if (estate) {
      const from = oldStatus.get(item) ?? null;
      const to = newStatus.get(item) ?? null;
      if (from !== to) changes.push({ ...base, account: null, from, to });
    }
    for (const account of accountIds) {
      const from = before.get(item)?.get(account) ?? null;
      const to = after.get(item)?.get(account) ?? null;
      if (from !== to) changes.push({ ...base, account, from, to });
    }
  }
  return changes;
}

/** What a reader should know before trusting the counts: the reports are of different accounts, models, selections, or out of order. */
function notesOn(oldReport: Report, newReport: Report): string[] {
  const notes: string[] = [];
  const oldIds = oldReport.scan.accounts.map((a) => a.id);
  const newIds = newReport.scan.accounts.map((a) => a.id);
  const onlyOld = oldIds.filter((id) => !newIds.includes(id));
  const onlyNew = newIds.filter((id) => !oldIds.includes(id));
  if (onlyOld.length || onlyNew.length) {
    const parts = [
      onlyOld.length ? `only in the old report: ${onlyOld.join(', ')}` : '',
      onlyNew.length ? `only in the new report: ${onlyNew.join(', ')}` : '',
    ].filter(Boolean);
    notes.push(`the reports cover different accounts (${parts.join('; ')}): findings of an account only in the new report are all new; those of an account only in the old one could not be told`);
  }
  if (oldReport.scan.deploymentModel !== newReport.scan.deploymentModel) {
    notes.push(`the deployment models differ (${oldReport.scan.deploymentModel} → ${newReport.scan.deploymentModel}): some items apply to one only`);
  }
  const oldItems = oldReport.results.map((r) => r.id).join(',');
  const newItems = newReport.results.map((r) => r.id).join(',');
  if (oldItems !== newItems) notes.push('the reports checked different items (--checks / --skip-checks)');
  if (Date.parse(oldReport.scan.startedAt) > Date.parse(newReport.scan.startedAt)) {
    notes.push(`the old report (${oldReport.scan.startedAt}) is newer than the new one (${newReport.scan.startedAt}): are the files in the right order (old first)?`);
  }
  return notes;
}

// ── The gate of --fail-on-new ────────────────────────────────────────────────────────────────────

/** A severity threshold as --fail-on takes it. */
export type FailOnLevel = Severity | 'none';

/**
 * The new failing findings that fail `--fail-on-new`: not suppressed, of an item at or above `failOn`
 * severity, and of an item the new report judges not-met (for an estate, an account failing an item the
 * estate meets by its own rule — 3.3 — is listed as new but does not fail the gate, as it does not fail
 * the scan's own gate).
 */
export function gatingNew(diff: Diff, failOn: FailOnLevel): DiffFinding[] {
  if (failOn === 'none') return [];
  const limit = SEVERITIES.indexOf(failOn);
  return diff.newFailing.filter((f) => !f.suppressed && SEVERITIES.indexOf(f.severity) <= limit && f.itemStatus === 'not-met');
}

// ── scan --baseline: the report's `baseline` block ──────────────────────────────────────────────

/** What `scan --baseline` adds to the report (docs/json-report.md `baseline`). */
export interface BaselineBlock {
  /** The baseline file as given to --baseline. */
  file: string;
  /** When the baseline's scan started. */
  startedAt: string;
  /** The baseline's accounts. */
  accounts: string[];
  counts: Omit<DiffSummary, 'newSuppressed'>;
  /** findingKey of every new failing finding, in report order: each is a not-met finding of this report. */
  new: string[];
}

export function baselineBlock(diff: Diff, file: string): BaselineBlock {
  const { newSuppressed: _, ...counts } = diff.summary;
  return { file, startedAt: diff.old.startedAt, accounts: diff.old.accounts, counts, new: diff.newFailing.map((f) => f.key) };
}

/**
 * Why a report's `baseline` block cannot be what scan wrote (undefined when it can): each `new` key must
 * name a not-met finding of the report, once, and counts.new must be their number. `cmt-audit report`
 * refuses an edited block rather than render a diff section that lies.
 */
export function baselineProblem(report: Report & { baseline?: BaselineBlock }): string | undefined {
  const b = report.baseline;
  if (!b) return undefined;
  if (b.counts.new !== b.new.length) return `baseline.counts.new is ${b.counts.new}, but baseline.new lists ${b.new.length} findings`;
  const failing = new Set([...indexFindings(report).values()].filter((k) => k.finding.status === 'not-met').map((k) => k.key));
  const seen = new Set<string>();
  for (const [i, key] of b.new.entries()) {
    if (seen.has(key)) return `baseline.new[${i}] lists ${key} twice`;
    seen.add(key);
    if (!failing.has(key)) return `baseline.new[${i}] (${key}) is not a not-met finding of this report`;
  }
  return undefined;
}

/** The report's not-met findings named by keys (for the table's baseline section), in the keys' order. */
export function findingsByKey(report: Report, keys: readonly string[]): DiffFinding[] {
  const index = indexFindings(report);
  const results = new Map(report.results.map((r) => [r.id, r]));
  return keys.flatMap((key) => {
    const k = index.get(key);
    return k ? [describe(k, results.get(k.item)?.status ?? null)] : [];
  });
}
