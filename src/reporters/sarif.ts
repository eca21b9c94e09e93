// SARIF 2.1.0 for GitHub code scanning (docs/sarif.md). A pure function of the Report (plus what the CLI
// resolved for it: --sarif-include-all, and CloudFormation template lines from the config's
// `sarif.templates`). One run per account (automationDetails.id `cmt-audit/<account>/`, so accounts are
// uploaded side by side and an account whose findings are all fixed closes its alerts), one rule per
// checklist item, one result per failing finding. Every AWS string is data: JSON-escaped, made one line with
// visible escapes (src/text.ts), `[` `]` `\` escaped in plain-text messages (SARIF's embedded-link syntax),
// Markdown-escaped in help.markdown, percent-encoded in URIs.
import { CHECKLIST, PILLAR_TITLES } from '../checklist.js';
import { fingerprint } from '../fingerprint.js';
import type { CheckResult, Finding, Report, Severity } from '../model.js';
import { documentText, httpHref, showControls, wellFormed } from '../text.js';
import type { ReporterOptions } from './index.js';
import { text as markdownText } from './markdown.js';

/** What the CLI hands the SARIF reporter besides the report. */
export interface SarifOptions {
  /** --sarif-include-all: every finding (pass, review, open, notApplicable), not only the failing ones. */
  includeAll?: boolean;
  /**
   * CloudFormation stacks mapped to template files (config `sarif.templates`), resolved by the CLI: stack
   * name → the template's repository-relative path and the line of each logical id found in it.
   */
  templates?: Record<string, { uri: string; lines: Record<string, number> }>;
  /** Why some mapped findings fell back to the default location (shown once in each run's notifications). */
  notes?: string[];
}

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** The partialFingerprints key: the hash of src/fingerprint.ts (account|item|region|resource). */
export const FINGERPRINT_KEY = 'cmtAuditFinding/v1';
/** GitHub rejects a file with more runs than this (one run per account). */
export const GITHUB_MAX_RUNS = 20;
/** … and a run with more results than this. */
export const GITHUB_MAX_RESULTS = 25_000;

/** GitHub's security-severity (0.1–10: ≥9 critical, 7–8.9 high, 4–6.9 medium, <4 low) per checklist severity. */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.5' };
/** The level of a failing result (and the rule's default level). */
export const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

type Kind = 'fail' | 'pass' | 'review' | 'open' | 'notApplicable' | 'informational';
/** Most telling first: when findings of one resource differ, the result takes the first kind here. */
const KIND_ORDER: Kind[] = ['fail', 'open', 'review', 'pass', 'notApplicable', 'informational'];

export function ruleId(item: string): string {
  return `CMT-${item}`;
}

export function renderSarif(report: Report, options?: Partial<ReporterOptions>): string {
  return `${JSON.stringify(buildSarif(report, options?.sarif ?? {}), null, 2)}\n`;
}

export function buildSarif(report: Report, opts: SarifOptions = {}): Record<string, unknown> {
  const rules = report.results.map(rule);
  const index = new Map(report.results.map((r, i) => [r.id, i]));
  const accountIds = report.scan.accounts.map((a) => a.id);
  const partitionOf = new Map(report.scan.accounts.map((a) => [a.id, a.partition]));
  const byRun = new Map<string, unknown[]>(accountIds.map((id) => [id, []]));
  const ESTATE = '';
  const runOf = (account: string | undefined) => {
    const key = account !== undefined && byRun.has(account) ? account : accountIds.length === 1 ? accountIds[0] : ESTATE;
    if (!byRun.has(key)) byRun.set(key, []);
    return byRun.get(key)!;
  };
  // One result per (run, item, fingerprint): findings of one resource on several aspects (a bucket's encryption
  // and its TLS policy) are one alert, of the worst kind, with the messages of the findings of that kind.
  const groups = new Map<string, { run: unknown[]; item: CheckResult; kind: Kind; findings: Finding[] }>();
  for (const item of report.results) {
    const add = (finding: Finding, kind: Kind) => {
      const key = `${finding.account ?? ''}|${item.id}|${fingerprint(item.id, finding)}`;
      const group = groups.get(key);
      if (!group) {
        const fresh = { run: runOf(finding.account), item, kind, findings: [finding] };
        groups.set(key, fresh);
        fresh.run.push(fresh);
      } else if (KIND_ORDER.indexOf(kind) < KIND_ORDER.indexOf(group.kind)) Object.assign(group, { kind, findings: [finding] });
      else if (kind === group.kind) group.findings.push(finding);
    };
    if (item.findings.length === 0) {
      if (!opts.includeAll) continue;
      // An item with no finding (not applicable): one result per account, on the account itself.
      const kind: Kind = item.status === 'not-applicable' ? 'notApplicable' : kindOf(item, item.status === 'met' ? 'met' : item.status === 'not-met' ? 'manual' : item.status === 'error' ? 'error' : 'manual');
      const where = item.accounts?.map((a) => a.id) ?? accountIds;
      for (const account of where.length ? where : [undefined]) {
        const resource = account ? `arn:${partitionOf.get(account) ?? 'aws'}:iam::${account}:root` : 'estate';
        add({ status: 'manual', resource, account, message: item.applicability ?? `${item.title}: ${item.status}` }, kind);
      }
      continue;
    }
    for (const finding of item.findings) {
      const kind = kindOf(item, finding.status);
      // A suppressed finding is accepted (out of the gate): out of GitHub's alerts too, which do not honour
      // SARIF suppressions; --sarif-include-all keeps it, marked as an accepted suppression.
      if ((kind === 'fail' && !finding.suppressed) || opts.includeAll) add(finding, kind);
    }
  }
  for (const results of byRun.values()) {
    for (let i = 0; i < results.length; i++) {
      const g = results[i] as { item: CheckResult; kind: Kind; findings: Finding[] };
      const merged = g.findings.length === 1 ? g.findings[0] : { ...g.findings[0], message: g.findings.map((f) => f.message).join(' · ') };
      results[i] = result(g.item, index.get(g.item.id)!, merged, g.kind, opts);
    }
  }
  if (byRun.size === 0) byRun.set(ESTATE, []);
  const notes = [...(opts.notes ?? [])];
  // GitHub rejects a file of more than 20 runs: an estate of more accounts is one run, `cmt-audit/estate/`
  // (the fingerprint still holds the account, so alerts stay apart).
  const whole = byRun.size > GITHUB_MAX_RUNS;
  if (whole) {
    notes.push(`${byRun.size} accounts: more runs than the ${GITHUB_MAX_RUNS} GitHub code scanning accepts in one file, so this file is one run for the whole estate (docs/sarif.md)`);
    const all = [...byRun.values()].flat();
    byRun.clear();
    byRun.set(ESTATE, all);
  }
  const runs = [...byRun.entries()].map(([account, results]) => {
    if (results.length <= GITHUB_MAX_RESULTS) return run(report, account || undefined, whole, rules, results, notes);
    // GitHub rejects a run of more than 25,000 results (and shows the 5,000 most severe): keep one of every rule,
    // then the most severe, failures first, so the file is accepted; the JSON report holds every finding.
    const rank = (r: unknown) => {
      const { kind, ruleIndex } = r as { kind: Kind; ruleIndex: number };
      return (kind === 'fail' ? 100 : 0) + Number((rules[ruleIndex] as { properties: Record<string, string> }).properties['security-severity']);
    };
    // One result of every rule first: an item with no result in the upload would have its alerts closed as fixed.
    const ordered = results.map((r, i) => [r, i] as const).sort((a, b) => rank(b[0]) - rank(a[0]) || a[1] - b[1]);
    const seen = new Set<number>();
    const firsts = ordered.filter(([r]) => {
      const rule = (r as { ruleIndex: number }).ruleIndex;
      return seen.has(rule) ? false : (seen.add(rule), true);
    });
    const firstSet = new Set(firsts.map(([, i]) => i));
    const kept = [...firsts, ...ordered.filter(([, i]) => !firstSet.has(i))]
      .slice(0, GITHUB_MAX_RESULTS)
      .sort((a, b) => a[1] - b[1])
      .map(([r]) => r);
    const note = `this run has ${results.length.toLocaleString('en-US')} results; GitHub code scanning rejects a run of more than ${GITHUB_MAX_RESULTS.toLocaleString('en-US')}, so ${GITHUB_MAX_RESULTS.toLocaleString('en-US')} are kept here: one of every item, then the most severe (GitHub shows the 5,000 most severe; the alerts of a resource left out close until it is back in); the JSON report holds them all`;
    return run(report, account || undefined, whole, rules, kept, [...notes, note]);
  });
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs };
}

/** A finding's SARIF kind: not-met fails; met passes (as does a manual finding whose item people attested met). */
function kindOf(item: CheckResult, status: Finding['status']): Kind {
  switch (status) {
    case 'not-met':
      return 'fail';
    case 'met':
      return 'pass';
    case 'manual':
      // A person must decide (SARIF "review"); once an attestation decided the item, it passes or fails with it.
      return item.decidedBy.includes('attestation') && item.status === 'met' ? 'pass' : 'review';
    case 'error':
      // The scan could not tell: SARIF "open" (not enough information to decide).
      return 'open';
  }
}

function rule(item: CheckResult): Record<string, unknown> {
  const entry = CHECKLIST.find((i) => i.id === item.id);
  const docs = item.docs ? httpHref(item.docs) : undefined;
  const title = documentText(item.title);
  const requirement = entry ? documentText(entry.requirement) : title;
  const remediation = item.remediation ? documentText(item.remediation) : undefined;
  const helpText = [
    `${item.id} ${title}`,
    `Requirement: ${requirement}`,
    ...(remediation ? [`Remediation: ${remediation}`] : []),
    ...(docs ? [`Documentation: ${docs}`] : []),
  ].join('\n\n');
  const helpMarkdown = [
    `**${markdownText(`${item.id} ${item.title}`)}**`,
    `${markdownText(entry?.requirement ?? item.title)}`,
    ...(item.remediation ? [`**Remediation:** ${markdownText(item.remediation)}`] : []),
    ...(docs ? [`**Documentation:** <${docs}>`] : []),
    `Severity: ${item.severity} · Pillar: ${markdownText(PILLAR_TITLES[item.pillar] ?? item.pillar)} · Checked: ${item.kind}`,
  ].join('\n\n');
  return {
    id: ruleId(item.id),
    name: pascal(item.title),
    shortDescription: { text: `${item.id} ${title}` },
    fullDescription: { text: requirement },
    help: { text: helpText, markdown: helpMarkdown },
    ...(docs ? { helpUri: docs } : {}),
    defaultConfiguration: { level: LEVEL[item.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[item.severity],
      tags: [...new Set(['security', 'aws', 'cmt-audit', item.pillar, `severity/${item.severity}`])],
      precision: item.kind === 'automated' ? 'high' : 'medium',
      'problem.severity': LEVEL[item.severity] === 'note' ? 'recommendation' : LEVEL[item.severity],
    },
  };
}

/** "Multi-Factor Authentication (MFA) has been enabled" → "MultiFactorAuthenticationMfaHasBeenEnabled". */
function pascal(s: string): string {
  return (
    s
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase())
      .join('') || 'Item'
  );
}

function result(item: CheckResult, ruleIndex: number, finding: Finding, kind: Kind, opts: SarifOptions): Record<string, unknown> {
  const source = finding.source;
  const template = source ? opts.templates?.[source.stack] : undefined;
  const line = source && template ? template.lines[source.logicalId] : undefined;
  const physical =
    template && line !== undefined
      ? { artifactLocation: { uri: template.uri }, region: { startLine: line } }
      : { artifactLocation: { uri: resourceUri(finding) }, region: { startLine: 1 } };
  const name = showControls(finding.resource);
  return {
    ruleId: ruleId(item.id),
    ruleIndex,
    kind,
    level: kind === 'fail' ? LEVEL[item.severity] : 'none',
    message: { text: plain(`${finding.message}${kind === 'fail' ? '' : ` (${finding.status})`}`) },
    locations: [
      {
        physicalLocation: physical,
        logicalLocations: [{ name: name.length > 200 ? `${name.slice(0, 200)}…` : name, fullyQualifiedName: name, kind: 'resource' }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(item.id, finding) },
    // A suppression of the config file (docs/configuration.md#suppressions): accepted outside the code.
    ...(finding.suppressed
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: plain(`${finding.suppressed.reason}${finding.suppressed.owner ? ` (owner: ${finding.suppressed.owner})` : ''}${finding.suppressed.expires ? ` until ${finding.suppressed.expires}` : ''}`) }] }
      : {}),
    properties: {
      item: item.id,
      status: finding.status,
      itemStatus: item.status,
      ...(finding.account ? { account: finding.account } : {}),
      ...(finding.region ? { region: finding.region } : {}),
      ...(finding.missingPermission ? { missingPermission: showControls(finding.missingPermission) } : {}),
      ...(source ? { cloudformation: { stack: showControls(source.stack), logicalId: showControls(source.logicalId) } } : {}),
    },
  };
}

/** A plain-text SARIF message: one line, visible escapes, cut at 2,000 characters; `\ [ ]` escaped (no embedded links). */
function plain(s: string): string {
  return documentText(s).replace(/[\\[\]]/g, '\\$&');
}

/**
 * The default location: `aws/<account>/<region or global>/<service>/<resource path>`, a stable relative URI
 * (each segment percent-encoded; `.`/`..` and empty segments cannot occur). An ARN gives service and path;
 * anything else is `other/<identifier>`.
 */
export function resourceUri(finding: Pick<Finding, 'account' | 'region' | 'resource'>): string {
  const arn = /^arn:[^:]*:([^:]*):([^:]*):([^:]*):(.*)$/s.exec(finding.resource);
  const account = finding.account || arn?.[3] || 'unknown-account';
  const region = arn ? arn[2] || 'global' : finding.region || 'global';
  const service = arn ? arn[1] || 'unknown-service' : 'other';
  const path = (arn ? arn[4] : finding.resource).split(/[/:]/);
  return ['aws', account, region, service, ...path].map(segment).join('/');
}

function segment(s: string): string {
  if (s === '') return '_';
  // wellFormed: a lone surrogate (possible in a name AWS returns) would make encodeURIComponent throw.
  const encoded = encodeURIComponent(wellFormed(s)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (encoded === '.' || encoded === '..') return encoded.replace(/\./g, '%2E');
  return encoded.length > 200 ? `${encoded.slice(0, 180).replace(/%[0-9A-F]?$/, '')}~${hash8(s)}` : encoded;
}

function hash8(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function run(report: Report, account: string | undefined, whole: boolean, rules: unknown[], results: unknown[], notes: string[]): Record<string, unknown> {
  const scanned = account ? report.scan.accounts.find((a) => a.id === account) : undefined;
  const errors = whole ? report.errors : report.errors.filter((e) => (account ? e.account === account : !e.account || !report.scan.accounts.some((a) => a.id === e.account)));
  const notifications = [
    ...(whole ? report.scan.accounts : scanned ? [scanned] : [])
      .filter((a) => a.status === 'error')
      .map((a) => ({ level: 'error', message: { text: plain(`account ${a.id} could not be scanned: ${a.error ?? 'unknown reason'}`) } })),
    ...errors.map((e) => ({
      level: 'error',
      message: { text: plain(`${e.checkId ? `${e.checkId}: ` : ''}${e.region ? `${e.region}: ` : ''}${e.message}`) },
      properties: { kind: e.kind },
    })),
    ...notes.map((n) => ({ level: 'warning', message: { text: plain(n) } })),
  ];
  return {
    tool: {
      driver: {
        name: 'cmt-audit',
        fullName: 'cmt-audit: AWS Cloud Management Tools Competency Technical Validation Checklist',
        version: report.tool.version,
        semanticVersion: report.tool.version,
        rules,
      },
    },
    automationDetails: {
      id: `cmt-audit/${account ?? 'estate'}/`,
      description: { text: plain(account ? `AWS account ${account}${scanned?.name ? ` (${scanned.name})` : ''}` : whole ? `the ${report.scan.accounts.length} AWS accounts of the report` : 'findings of no single account') },
    },
    invocations: [
      {
        executionSuccessful: !notifications.some((n) => n.level === 'error'),
        startTimeUtc: report.scan.startedAt,
        endTimeUtc: report.scan.finishedAt,
        ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
    results,
    properties: {
      ...(account ? { account } : {}),
      ...(scanned?.name ? { accountName: showControls(scanned.name) } : {}),
      deploymentModel: report.scan.deploymentModel,
      source: report.scan.source,
    },
  };
}
