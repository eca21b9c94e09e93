// JUnit XML (`--format junit`): the report as the test results CI systems read (GitHub Actions test
// reporters, GitLab's `artifacts:reports:junit`, Jenkins' junit step). docs/formats.md describes it:
// - one <testsuite> per pillar, and for a report of several accounts one per account and pillar
//   ("Security — 111111111111 (acme-prod)"), each with its counts and properties;
// - one <testcase> per item (classname: the suite's name, name: "1.4 <title>"), its time the item's;
// - not met → <failure> listing the failing resources (ARN, region, message), error → <error> listing what
//   could not be read, manual and not applicable → <skipped message="…">, met → a passing case.
// Every string from AWS or from people goes through src/text.ts (one line, control characters as visible
// escapes, long values cut) and then ./xml.ts.
import type { CheckResult, Finding, Pillar, Report, Status } from '../model.js';
import { documentText } from '../text.js';
import { suppressionText } from '../suppressions.js';
import { accountText, itemsInAccounts, pillarName, type ItemInAccount, type RowAccount } from './finding-rows.js';
import type { ReporterOptions } from './index.js';
import { startTag, xmlText } from './xml.js';

/** The testsuites' name: the checklist. */
export const JUNIT_NAME = 'cmt-audit: AWS Cloud Management Tools Competency Technical Validation Checklist';

/** Resources named in a failure's message attribute; its body lists them all. */
const MESSAGE_RESOURCES = 3;

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  ms: number;
}

interface Suite extends Counts {
  name: string;
  account: RowAccount;
  pillar: Pillar;
  cases: string[];
}

export function renderJunit(report: Report, _options?: ReporterOptions): string {
  const several = report.scan.accounts.length > 1;
  const suites = new Map<string, Suite>();
  for (const row of itemsInAccounts(report)) {
    const key = `${row.account.id}\u0000${row.result.pillar}`;
    let suite = suites.get(key);
    if (!suite) {
      const name = several || !row.account.scanned ? `${pillarName(row.result.pillar)} — ${accountText(row.account)}` : pillarName(row.result.pillar);
      suite = { name, account: row.account, pillar: row.result.pillar, cases: [], tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0 };
      suites.set(key, suite);
    }
    suite.tests++;
    suite.ms += row.result.durationMs;
    const status = caseStatus(row, several);
    const outcome = status === 'not-met' && allSuppressed(row.findings) ? 'skipped' : outcomeOf(status);
    if (outcome === 'failure') suite.failures++;
    if (outcome === 'error') suite.errors++;
    if (outcome === 'skipped') suite.skipped++;
    suite.cases.push(testcase(suite.name, row, several));
  }
  // Account by account (in `scan.accounts` order), each account's pillars in checklist order.
  const accountOrder = [...new Set([...suites.values()].map((s) => s.account.id))];
  const pillarOrder: Pillar[] = ['security', 'reliability', 'operational-excellence'];
  const rank = (s: Suite) => accountOrder.indexOf(s.account.id) * pillarOrder.length + pillarOrder.indexOf(s.pillar);
  const all = [...suites.values()].sort((a, b) => rank(a) - rank(b));
  const total = (k: keyof Counts) => all.reduce((n, s) => n + s[k], 0);
  const timestamp = isoSeconds(report.scan.startedAt);
  const wall = Date.parse(report.scan.finishedAt) - Date.parse(report.scan.startedAt);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `${startTag('testsuites', {
      name: JUNIT_NAME,
      tests: total('tests'),
      failures: total('failures'),
      errors: total('errors'),
      skipped: total('skipped'),
      time: seconds(Number.isFinite(wall) && wall >= 0 ? wall : total('ms')),
      timestamp,
    })}>`,
  ];
  all.forEach((suite, id) => {
    lines.push(
      `  ${startTag('testsuite', {
        name: suite.name,
        id,
        tests: suite.tests,
        failures: suite.failures,
        errors: suite.errors,
        skipped: suite.skipped,
        time: seconds(suite.ms),
        timestamp,
        hostname: 'aws',
      })}>`,
      '    <properties>',
      ...properties(report, suite).map(([name, value]) => `      ${startTag('property', { name, value: documentText(value) })}/>`),
      '    </properties>',
      ...suite.cases,
      '  </testsuite>',
    );
  });
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

type Outcome = 'passed' | 'failure' | 'error' | 'skipped';

/** Not met only through findings a suppression accepts: out of the gate (src/suppressions.ts). */
function allSuppressed(findings: Finding[]): boolean {
  const failing = findings.filter((f) => f.status === 'not-met');
  return failing.length > 0 && failing.every((f) => f.suppressed);
}

function outcomeOf(status: Status): Outcome {
  if (status === 'not-met') return 'failure';
  if (status === 'error') return 'error';
  if (status === 'met') return 'passed';
  return 'skipped';
}

function properties(report: Report, suite: Suite): [string, string][] {
  const props: [string, string][] = [
    ['account', suite.account.id],
    ...(suite.account.name ? [['account-name', suite.account.name] as [string, string]] : []),
    ['pillar', suite.pillar],
    ['deployment-model', report.scan.deploymentModel],
    ['source', report.scan.source],
    ['tool', `${report.tool.name} ${report.tool.version}`],
  ];
  return props;
}

/**
 * The case's status: the item's in the account, except that an item the estate meets by its own rule (one
 * account's support plan or trail serves them all: docs/estate.md) passes in an account where it is not met
 * alone, so the test results agree with the gate; the case says so.
 */
function caseStatus(row: ItemInAccount, several: boolean): Status {
  return several && row.status === 'not-met' && row.result.status === 'met' ? 'met' : row.status;
}

function testcase(classname: string, row: ItemInAccount, several: boolean): string {
  const { result } = row;
  const status = caseStatus(row, several);
  const open = `    ${startTag('testcase', { classname, name: documentText(`${result.id} ${result.title}`), time: seconds(result.durationMs) })}`;
  const body = status === row.status ? caseBody(row, status) : output(estateMet(row));
  return body === undefined ? `${open}/>` : `${open}>\n${body}\n    </testcase>`;
}

/** "met for the estate (docs/estate.md); not met in this account alone: ARN: message; …" */
function estateMet(row: ItemInAccount): string {
  const failing = row.findings.filter((f) => f.status === 'not-met').map(findingLine);
  return `met for the estate by its own rule (docs/estate.md); not met in this account alone${failing.length > 0 ? `: ${failing.join('; ')}` : ''}`;
}

function caseBody(row: ItemInAccount, status: Status): string | undefined {
  const { result, findings } = row;
  switch (outcomeOf(status)) {
    case 'failure': {
      const failing = findings.filter((f) => f.status === 'not-met');
      // Every failing resource suppressed: out of the gate, so not a failed test either; the case says why.
      if (allSuppressed(findings)) {
        return `      ${startTag('skipped', { message: documentText(`not met, suppressed in ${count(failing.length, 'resource')}: ${failing.map((f) => `${f.resource} (${suppressionText(f.suppressed!)})`).join('; ')}`) })}/>`;
      }
      const unknown = findings.filter((f) => f.status === 'error');
      const message = failing.length > 0 ? notMetMessage(failing) : `not met: ${decidedText(result)}`;
      const lines = [...failing, ...unknown].map(findingLine);
      if (failing.length === 0) lines.unshift(decidedText(result));
      return element('failure', { message, type: 'not-met' }, lines);
    }
    case 'error': {
      const unknown = findings.filter((f) => f.status === 'error');
      const first = unknown[0];
      const message = first
        ? `could not tell in ${count(unknown.length, 'resource')}: ${first.message}${unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : ''}`
        : 'could not tell: the scan has no finding for this item in this account';
      return element('error', { message, type: first?.errorKind ?? 'error' }, unknown.map(findingLine));
    }
    case 'skipped': {
      const message = status === 'not-applicable' ? `not applicable: ${result.applicability ?? 'the checklist does not apply it to this deployment model'}` : manualMessage(row);
      return `      ${startTag('skipped', { message: documentText(message) })}/>`;
    }
    case 'passed':
      return result.attestation?.state === 'applied' && findings.every((f) => f.status !== 'met') ? output(decidedText(result)) : undefined;
  }
}

/** "not met in 14 resources: arn:…dev-00, arn:…dev-01, arn:…dev-02 and 11 more" */
function notMetMessage(failing: Finding[]): string {
  const shown = failing.slice(0, MESSAGE_RESOURCES).map((f) => f.resource);
  const more = failing.length - shown.length;
  return `not met in ${count(failing.length, 'resource')}: ${shown.join(', ')}${more > 0 ? ` and ${more.toLocaleString('en-US')} more` : ''}`;
}

function manualMessage(row: ItemInAccount): string {
  const a = row.result.attestation;
  if (a?.state === 'expired') return `manual: the attestation by ${a.by} (${a.date}) has expired${a.note ? `: ${a.note}` : ''}`;
  const said = row.findings.find((f) => f.status === 'manual')?.message;
  return `manual: ${said ?? 'no automated check decides this item: attest it with evidence'}`;
}

/** What an attestation said, when one decided the item. */
function decidedText(result: CheckResult): string {
  const a = result.attestation;
  if (!a || a.state !== 'applied') return 'the estate rule for this item decided it (docs/estate.md)';
  return `attested ${a.status === 'met' ? 'met' : 'not met'} by ${a.by} on ${a.date}: ${a.evidence}`;
}

/** "arn:aws:iam::…:user/dev-00 (us-east-1): dev-00 has a console password but no MFA device. [missing permission: …]" */
function findingLine(f: Finding): string {
  const where = f.region ? ` (${f.region})` : '';
  const permission = f.missingPermission ? ` [missing permission: ${f.missingPermission}]` : '';
  const prefix = f.status === 'error' ? 'could not tell: ' : '';
  const suppressed = f.suppressed ? ` [${suppressionText(f.suppressed)}]` : '';
  return `${f.resource}${where}: ${prefix && !f.message.startsWith(prefix) ? prefix : ''}${f.message}${permission}${suppressed}`;
}

/** `<name message="…" type="…">` with one body line per entry (each made safe), `</name>`. */
function element(name: string, attributes: { message: string; type: string }, lines: string[]): string {
  const open = `      ${startTag(name, { message: documentText(attributes.message), type: documentText(attributes.type) })}`;
  if (lines.length === 0) return `${open}/>`;
  return `${open}>${lines.map((l) => xmlText(documentText(l))).join('\n')}</${name}>`;
}

function output(text: string): string {
  return `      <system-out>${xmlText(documentText(text))}</system-out>`;
}

const count = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Seconds with millisecond precision, as JUnit's `time` is read. */
function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** `2026-11-20T09:30:00`: JUnit's timestamp (the Jenkins/Ant schema has no time zone; the report's times are UTC). */
function isoSeconds(iso: string): string | undefined {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 19) : undefined;
}
