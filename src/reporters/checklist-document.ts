// The completed Technical Validation Checklist, as a view model shared by the markdown and html
// reporters: the scan facts, a short note on how to read the document, a per-pillar summary, the items
// needing action, then every checklist item in order with its requirement, whether it applies to the
// deployment model, Met Y/N, the evidence and the attestation. Reads the Report and checklist.ts only,
// and nothing else (no clock, no environment), so the same report always gives the same document.
import { CHECKLIST, PILLAR_TITLES } from '../checklist.js';
import type { CheckKind, CheckResult, Finding, Pillar, Report, Status } from '../model.js';
import { suppressionText } from '../suppressions.js';
import { AT_LEAST_ONE_ACCOUNT, DR_PLAN_ITEM } from '../rollup.js';
import { accountsPhrase, estateOf, fairShares, ownAccountStatus, type Estate, type EstateAccount } from './estate.js';

export const MODEL_TITLES: Record<string, string> = {
  'multi-tenant-saas': 'Multi-tenant SaaS',
  'single-tenant-saas': 'Single-tenant SaaS',
  'customer-deployed-on-premises': 'Customer Deployed On-Premises',
  'customer-deployed-on-aws': 'Customer-Deployed on AWS',
};

/** The checklist's "Met Y/N" column. */
export const MET_COLUMN: Record<Status, string> = {
  met: 'Y',
  'not-met': 'N',
  manual: 'Pending attestation',
  'not-applicable': 'N/A',
  error: 'Not assessed (scan error)',
};

export const STATUS_WORDS: Record<Status | Finding['status'], string> = {
  met: 'Met',
  'not-met': 'Not met',
  manual: 'Manual',
  'not-applicable': 'Not applicable',
  error: 'Error',
};

const DECIDED_BY: Record<CheckResult['decidedBy'], string> = {
  api: 'AWS API (automated)',
  attestation: 'Attestation',
  'api+attestation': 'AWS API evidence + attestation',
  undecided: 'Not decided yet',
  'not-applicable': 'Not applicable to the deployment model',
};

const HOW_ASSESSED: Record<CheckKind, string> = {
  automated: 'AWS API checks',
  partial: 'AWS API checks, plus an attestation for what the API cannot show',
  manual: 'Attestation (the AWS API can only hint at it)',
};

/** Findings listed per item and status (not met, error, to confirm, met); the JSON report has them all. */
export const MAX_FINDINGS = 12;

/** A status class for styling: a report status, or an item this scan did not assess. */
export type DocStatus = Status | 'not-assessed';

export interface DocFinding {
  status: Finding['status'];
  resource: string;
  /** Account and region; the account (`111111111111 (acme-prod)`) only when the scan covered several. */
  where: string;
  message: string;
  /** Set when a rule judging across accounts changed the finding's status: what its own account alone saw, in words. */
  ownView?: string;
  /** Set when a suppression of the config accepts the finding: "suppressed: <reason> (owner X, until D)". */
  suppressed?: string;
}

/** An item's status in some of the estate's accounts: "N (not met) in 2 of 5 accounts: 111111111111 (acme-prod), …". */
export interface DocAccountGroup {
  status: Status;
  statusClass: DocStatus;
  /** "N (not met)" */
  word: string;
  /** The account labels, in report order. */
  accounts: string[];
  /** The whole line. */
  text: string;
}

/** An item in one account, for the estate's grid. */
export interface DocCell {
  account: string;
  statusClass: DocStatus;
  word: string;
}

/** A report of several accounts: each account and how its items ended. */
export interface DocEstate {
  accounts: DocAccount[];
  /** Set when attestations decided items for the whole estate: how the accounts' counts take them. */
  attestedNote?: string;
}

export interface DocAccount {
  id: string;
  name?: string;
  label: string;
  scanned: boolean;
  /** Why it could not be scanned. */
  error?: string;
  via?: string;
  /** Items per summary column (met, not met, pending attestation, not assessed). */
  counts: Record<'met' | 'not-met' | 'manual' | 'not-assessed', number>;
}

/** One status's findings for an item: listed one by one, or (met findings of an item with something
 * to act on) only counted. */
export interface EvidenceGroup {
  status: Finding['status'];
  findings: DocFinding[];
  /** Findings of this status not listed (the JSON report has them). */
  more: number;
  /** Set when the group is counted instead of listed, e.g. "13 resources (eu-west-1: 4, us-east-1: 9)". */
  count?: string;
}

export interface DocItem {
  id: string;
  title: string;
  requirement: string;
  applies: string;
  met: string;
  status: Status;
  statusClass: DocStatus;
  statusWord: string;
  decidedBy: string;
  kind: string;
  /** How the item is assessed, in words. */
  assessedBy: string;
  /** What the AWS API showed: not met, errors, then met (listed or counted). */
  evidence: EvidenceGroup[];
  /** What the API flagged for people to confirm: the points an attestation answers. */
  toConfirm?: EvidenceGroup;
  attestation?: CheckResult['attestation'];
  remediation?: string;
  selected: boolean;
  /** Set when the item needs action: why, in a few words. */
  action?: string;
  /** Estate only: the item's status in each account, grouped by status (what needs action first). */
  accountGroups?: DocAccountGroup[];
  /** Estate only: how the estate's status follows from the accounts', when not by the usual rule (3.3). */
  accountsRule?: string;
  /** Estate only: the accounts behind an item needing action, briefly ("N (not met) in 2 of 5 accounts: …"). */
  accountsBrief?: string;
  /** Estate only: the groups counted ("N in 2 · Y in 3"). */
  accountsCount?: string;
  /** Estate only: the item in each account, in report order. */
  cells?: DocCell[];
}

export interface DocSection {
  title: string;
  items: DocItem[];
}

export const SUMMARY_COLUMNS: [DocStatus, string][] = [
  ['met', 'Met (Y)'],
  ['not-met', 'Not met (N)'],
  ['manual', 'Pending attestation'],
  ['not-applicable', 'N/A'],
  ['not-assessed', 'Not assessed'],
];

/** The per-account summary's columns. */
export const ACCOUNT_COLUMNS: [keyof DocAccount['counts'], string][] = [
  ['met', 'Met (Y)'],
  ['not-met', 'Not met (N)'],
  ['manual', 'Pending attestation'],
  ['not-assessed', 'Not assessed'],
];

export interface SummaryRow {
  title: string;
  counts: Record<DocStatus, number>;
  total: number;
}

export interface ChecklistDocument {
  title: string;
  facts: [string, string][];
  /** Scan-level problems that limit what the document covers (e.g. regions that could not be listed). */
  limitations: string[];
  /** A few short paragraphs on how to read the document. */
  howToRead: string[];
  summary: string;
  /** One row per pillar, then the total. */
  pillarSummary: SummaryRow[];
  /** Items not met, pending attestation, not assessed: in checklist order. */
  actions: DocItem[];
  sections: DocSection[];
  /** Set when the report covers several accounts. */
  estate?: DocEstate;
}

/** An item's status in one account, in the words of the checklist's Met Y/N column. */
export const ACCOUNT_STATUS_WORDS: Record<DocStatus, string> = {
  met: 'Y (met)',
  'not-met': 'N (not met)',
  manual: 'Pending attestation',
  'not-applicable': 'N/A',
  error: 'Not assessed (scan error)',
  'not-assessed': 'Not assessed in this scan',
};

/** The short form, for counts in the checklist table. */
const ACCOUNT_STATUS_SHORT: Record<Status, string> = {
  met: 'Y',
  'not-met': 'N',
  manual: 'Pending',
  'not-applicable': 'N/A',
  error: 'Not assessed',
};

/** The accounts named in an item's line of the action list; the item's section names them all. */
export const ACTION_ACCOUNTS_MAX = 5;

const ORDER: Finding['status'][] = ['not-met', 'error', 'met'];

export function buildChecklistDocument(report: Report): ChecklistDocument {
  const results = new Map(report.results.map((r) => [r.id, r]));
  const model = report.scan.deploymentModel;
  const estate = estateOf(report);
  const sections = (Object.keys(PILLAR_TITLES) as Pillar[]).map((pillar) => ({
    title: PILLAR_TITLES[pillar],
    items: CHECKLIST.filter((i) => i.pillar === pillar).map((item): DocItem => {
      const r = results.get(item.id);
      const applicability = item.appliesTo[model];
      const applies = `${applicability.applies ? 'Yes' : 'No'}${applicability.note ? ` (${applicability.note})` : ''}`;
      const findings = r?.findings ?? [];
      const byStatus = (s: Finding['status']) => findings.filter((f) => f.status === s);
      const evidence = ORDER.map((s) => group(s, byStatus(s), estate, s === 'met' && r?.status !== 'met')).filter(
        (g): g is EvidenceGroup => g !== undefined,
      );
      const doc: DocItem = {
        id: item.id,
        title: item.title,
        requirement: item.requirement,
        applies,
        status: r?.status ?? 'manual',
        statusClass: r?.status ?? 'not-assessed',
        met: r ? MET_COLUMN[r.status] : 'Not assessed in this scan',
        statusWord: r ? STATUS_WORDS[r.status] : 'Not selected',
        decidedBy: r ? DECIDED_BY[r.decidedBy] : '—',
        kind: r?.kind ?? 'manual',
        assessedBy: HOW_ASSESSED[r?.kind ?? 'manual'],
        evidence,
        toConfirm: group('manual', byStatus('manual'), estate, false),
        attestation: r?.attestation,
        remediation: r && r.status !== 'met' && r.status !== 'not-applicable' ? r.remediation : undefined,
        selected: r !== undefined,
      };
      doc.action = actionNeeded(doc, r);
      if (estate) Object.assign(doc, itemAccounts(estate, r, doc.action !== undefined));
      return doc;
    }),
  }));
  const s = report.summary;
  const scan = report.scan;
  const accounts = scan.accounts.map((a) => `${a.id}${a.partition !== 'aws' ? ` (${a.partition})` : ''}`).join(', ');
  const notEnabled = scan.regionsNotEnabled.length ? ` (not enabled, not scanned: ${scan.regionsNotEnabled.join(', ')})` : '';
  const facts: [string, string][] = [
    ...(estate ? estateFacts(estate) : [['AWS account(s)', accounts] as [string, string]]),
    ['Deployment model', MODEL_TITLES[model] ?? model],
    ['Regions scanned', `${scan.regions.join(', ') || '—'}${notEnabled}`],
    ['Scan started', formatTime(scan.startedAt)],
    ['Scan finished', formatTime(scan.finishedAt)],
    [
      'Source',
      scan.source === 'live'
        ? 'live AWS APIs (read-only)'
        : `recorded snapshot ${scan.snapshot ?? ''}${scan.snapshotRecordedAt ? `, recorded ${formatTime(scan.snapshotRecordedAt)}` : ''}`.trim(),
    ],
  ];
  if (scan.configFile) facts.push(['Attestations from', scan.configFile]);
  if (scan.checksSelected?.length) facts.push(['Items selected', scan.checksSelected.join(', ')]);
  if (scan.checksSkipped?.length) facts.push(['Items skipped', scan.checksSkipped.join(', ')]);
  facts.push(['Tool', `${report.tool.name} ${report.tool.version} (JSON report schema ${report.schemaVersion})`]);
  const allItems = sections.flatMap((x) => x.items);
  return {
    title: 'AWS Cloud Management Tools Competency — Technical Validation Checklist',
    facts,
    limitations: report.errors.filter((e) => !e.checkId).map((e) => e.message),
    howToRead: [
      'Met Y/N is the checklist\'s column: Y (met), N (not met), N/A (the item does not apply to the deployment model), ' +
        'Pending attestation (only people can show it, and no current attestation was given) or Not assessed (the scan could not tell).',
      'Decided by says what set Met Y/N: read-only AWS API calls against the account, an attestation (a named person\'s ' +
        'dated statement with evidence, from the configuration file), or both.',
      'Each item lists the findings not met, the scan errors and the points the API flagged for people to confirm. ' +
        'Resources found met are listed when they are the evidence for a Y, and counted otherwise. The JSON report holds every finding.',
    ],
    summary:
      `${s.total} items: ${s.met} met, ${s['not-met']} not met, ${s.manual} pending attestation, ` +
      `${s['not-applicable']} not applicable, ${s.error} not assessed (scan errors).`,
    pillarSummary: [...sections.map((x) => summaryRow(x.title, x.items)), summaryRow('Total', allItems)],
    actions: allItems.filter((i) => i.action !== undefined),
    sections,
    estate: estate && {
      accounts: estate.accounts.map(docAccount),
      attestedNote: estate.attested.length
        ? `Items attested for the whole estate count as met or not met in each account whose own findings left them to people: ${estate.attested.join(', ')}.`
        : undefined,
    },
  };
}

/** The header's facts about an estate: the organization, the accounts covered, those of the organization not covered. */
function estateFacts(estate: Estate): [string, string][] {
  const failed = estate.accounts.filter((a) => a.status === 'error');
  const facts: [string, string][] = [];
  if (estate.organization) facts.push(['Organization', estate.organization]);
  const scanned = `${estate.accounts.length - failed.length} scanned${failed.length ? `, ${failed.length} could not be scanned` : ''}`;
  facts.push(['AWS accounts', `${estate.accounts.length} (${scanned}): ${estate.accounts.map((a) => a.label).join(', ')}`]);
  if (estate.notCovered.length) {
    const labels = estate.notCovered.map((a) => `${a.label}${a.status && a.status !== 'ACTIVE' ? `, ${a.status}` : ''}`);
    facts.push(['Not covered', `${estate.notCovered.length} account${estate.notCovered.length === 1 ? '' : 's'} of the organization: ${labels.join('; ')}`]);
  }
  return facts;
}

function docAccount(a: EstateAccount): DocAccount {
  return {
    id: a.id,
    name: a.name,
    label: a.label,
    scanned: a.status !== 'error',
    error: a.error,
    via: a.via,
    counts: { met: a.counts.met, 'not-met': a.counts['not-met'], manual: a.counts.manual, 'not-assessed': a.counts.error },
  };
}

/** How the estate's status follows from the accounts' where it is not the usual rule (rollup.ts). */
const RULES: Record<string, string> = {
  [AT_LEAST_ONE_ACCOUNT]:
    'the checklist asks it of at least one account: met when one account is met; Business Support is per account, while an Enterprise On-Ramp or Enterprise plan covers every account of its organization',
  [DR_PLAN_ITEM]:
    'the DR plan is the estate’s: judged on the accounts whose backups are copied to another account, when any is; an account copying nothing does not fail it',
};

/** An item across the estate:  its status in each account, grouped, counted, and briefly for the action list. */
function itemAccounts(estate: Estate, r: CheckResult | undefined, needsAction: boolean): Partial<DocItem> {
  if (!r) return { cells: estate.accounts.map((a) => ({ account: a.label, statusClass: 'not-assessed', word: ACCOUNT_STATUS_WORDS['not-assessed'] })) };
  const total = estate.accounts.length;
  const groups = estate.groups(r);
  const word = (status: Status, attested?: boolean) => `${ACCOUNT_STATUS_WORDS[status]}${attested ? ', attested' : ''}`;
  const accountGroups = groups.map(
    (g): DocAccountGroup => ({
      status: g.status,
      statusClass: g.status,
      word: word(g.status, g.attested),
      accounts: g.accounts.map((a) => a.label),
      text: accountsPhrase(word(g.status, g.attested), g, total),
    }),
  );
  const behind = estate.behind(r);
  return {
    accountGroups,
    accountsRule: RULES[r.id],
    accountsBrief: needsAction && behind.length ? behind.map((g) => accountsPhrase(ACCOUNT_STATUS_WORDS[g.status], g, total, ACTION_ACCOUNTS_MAX)).join('; ') : undefined,
    accountsCount: groups.map((g) => `${ACCOUNT_STATUS_SHORT[g.status]}${g.attested ? ' (attested)' : ''} in ${g.accounts.length}`).join(' · '),
    cells: estate.statusesOf(r).map(({ account, status, attested }) => ({ account: account.label, statusClass: status, word: word(status, attested) })),
  };
}

function group(status: Finding['status'], findings: Finding[], estate: Estate | undefined, countOnly: boolean): EvidenceGroup | undefined {
  if (!findings.length) return undefined;
  if (countOnly) {
    const perPlace = new Map<string, number>();
    for (const f of findings) {
      // In an estate, counted per account (by id: a count is no place for every account's name and region).
      const place = (estate ? f.account : where(f, undefined)) || 'global';
      perPlace.set(place, (perPlace.get(place) ?? 0) + 1);
    }
    const places = [...perPlace].map(([p, n]) => (perPlace.size === 1 ? p : `${p}: ${n}`)).join(', ');
    const suffix = places === 'global' ? '' : ` (${places})`;
    return { status, findings: [], more: 0, count: `${plural(findings.length, 'resource')}${suffix}` };
  }
  return {
    status,
    findings: listed(findings, estate).map((f) => docFinding(f, estate)),
    more: Math.max(0, findings.length - MAX_FINDINGS),
  };
}

function actionNeeded(i: DocItem, r: CheckResult | undefined): string | undefined {
  if (!r) return 'Not assessed in this scan (excluded by --checks / --skip-checks): run it.';
  const a = r.attestation;
  const count = (s: Finding['status']) => r.findings.filter((f) => f.status === s).length;
  switch (r.status) {
    case 'not-met': {
      if (r.decidedBy === 'attestation' && a) return `Attested not met by ${a.by} on ${a.date}.`;
      const parts: string[] = [];
      const suppressed = r.findings.filter((f) => f.status === 'not-met' && f.suppressed).length;
      if (count('not-met')) parts.push(`${plural(count('not-met'), 'resource')} not met${suppressed ? ` (${suppressed === count('not-met') ? 'all' : suppressed} suppressed: out of the gate)` : ''}`);
      if (count('error')) parts.push(plural(count('error'), 'scan error'));
      const first = r.findings.find((f) => f.status === 'not-met') ?? r.findings.find((f) => f.status === 'error');
      if (!first) return 'Not met: see the item.';
      return `${parts.join(', ')}${count('not-met') + count('error') > 1 ? ', first' : ''}: ${brief(first.message)}`;
    }
    case 'manual':
      if (a?.state === 'expired') return `Attestation expired${a.expires ? ` on ${a.expires}` : ''}: attest again with fresh evidence.`;
      if (a) return `Attestation not applied${a.note ? ` (${a.note})` : ''}.`;
      return i.toConfirm ? `Needs an attestation (${plural(count('manual'), 'point')} to confirm).` : 'Needs an attestation.';
    case 'error': {
      const first = r.findings.find((f) => f.status === 'error');
      return first ? `Could not be checked: ${brief(first.message)}` : 'Could not be checked.';
    }
    default:
      return undefined;
  }
}

function summaryRow(title: string, items: DocItem[]): SummaryRow {
  const counts = Object.fromEntries(SUMMARY_COLUMNS.map(([k]) => [k, 0])) as Record<DocStatus, number>;
  for (const i of items) counts[i.statusClass === 'error' ? 'not-assessed' : i.statusClass]++;
  return { title, counts, total: items.length };
}

/** The first MAX_FINDINGS findings; in an estate, shared among the accounts (each shows one before any shows a second). */
function listed(findings: Finding[], estate: Estate | undefined): Finding[] {
  if (!estate || findings.length <= MAX_FINDINGS) return findings.slice(0, MAX_FINDINGS);
  const accounts = [...new Set(findings.map((f) => f.account))];
  const shares = fairShares(
    accounts.map((a) => findings.filter((f) => f.account === a).length),
    MAX_FINDINGS,
  );
  const left = new Map(accounts.map((a, i) => [a, shares[i]]));
  return findings.filter((f) => {
    const n = left.get(f.account)!;
    left.set(f.account, n - 1);
    return n > 0;
  });
}

function docFinding(f: Finding, estate: Estate | undefined): DocFinding {
  const doc: DocFinding = { status: f.status, resource: f.resource, where: where(f, estate), message: f.message };
  const own = ownAccountStatus(f);
  if (own) doc.ownView = `judged across accounts; this account alone: ${STATUS_WORDS[own].toLowerCase()}`;
  if (f.suppressed) doc.suppressed = suppressionText(f.suppressed);
  return doc;
}

function where(f: Finding, estate: Estate | undefined): string {
  return [estate && f.account ? estate.labelOf(f.account) : undefined, f.region].filter(Boolean).join(' / ');
}

/** A message cut to about `max` characters at a word boundary, for the action list. */
function brief(message: string, max = 160): string {
  const m = message.replace(/\s+/g, ' ').trim();
  if (m.length <= max) return m;
  const cut = m.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.(]+$/, '')} …`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function findingLocation(f: Finding): string {
  return [f.account, f.region].filter(Boolean).join(' / ');
}

export function attestationLine(a: NonNullable<CheckResult['attestation']>): string {
  const state = a.state === 'applied' ? '' : ` — ${a.note ?? a.state}`;
  return `${a.status === 'met' ? 'Met' : 'Not met'}, attested by ${a.by} on ${a.date}${a.expires ? ` (valid until ${a.expires})` : ''}${state}`;
}

function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC');
}
