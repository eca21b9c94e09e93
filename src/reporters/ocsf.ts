// OCSF (`--format ocsf`): the report as OCSF 1.1.0 Compliance Finding events (class_uid 2003, category
// Findings), the schema AWS Security Hub and Prowler use. docs/formats.md describes the mapping:
// - one event per item, account and resource: each finding is one event; an item with no finding in an
//   account (not applicable) is one event about the account itself, so every item appears for every account;
// - the checklist is the compliance standard, the item its control; compliance.status_id is the finding's
//   verdict (met → Pass, not met → Fail, could not tell → Warning, manual / not applicable → Other);
// - finding_info.uid is `cmt-audit-` + src/fingerprint.ts's fingerprint: the same account, item, region and
//   resource give the same uid in every scan (a second finding about one resource in one item: `-2`, …);
// - the output is one JSON array of events (Prowler's `json-ocsf` layout), 2-space indented.
// Strings keep the report's data (like the JSON report): JSON escapes them, and what JSON leaves raw that a
// terminal acts on is written as \u escapes (src/text.ts escapeJsonText).
import { checklistItem } from '../checklist.js';
import { fingerprint } from '../fingerprint.js';
import type { Finding, FindingStatus, Report, Severity, Status } from '../model.js';
import { escapeJsonText } from '../text.js';
import { finishedAtMs, itemsInAccounts, pillarName, type ItemInAccount } from './finding-rows.js';
import type { ReporterOptions } from './index.js';

export const OCSF_VERSION = '1.1.0';
export const OCSF_CLASS_UID = 2003;
export const OCSF_CATEGORY_UID = 2;
/** activity_id 1: Create (each scan states its findings afresh). */
export const OCSF_ACTIVITY_ID = 1;
/** The compliance standard every event names. */
export const CHECKLIST_STANDARD = 'AWS Cloud Management Tools Competency Technical Validation Checklist';

/** OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
const SEVERITY: Record<Severity, [number, string]> = {
  info: [1, 'Informational'],
  low: [2, 'Low'],
  medium: [3, 'Medium'],
  high: [4, 'High'],
  critical: [5, 'Critical'],
};

/** compliance.status_id: 1 Pass, 2 Warning (no result: missing information), 3 Fail, 99 Other (with the source's label). */
const COMPLIANCE: Record<FindingStatus | 'not-applicable', [number, string]> = {
  met: [1, 'Pass'],
  'not-met': [3, 'Fail'],
  error: [2, 'Warning'],
  manual: [99, 'Manual'],
  'not-applicable': [99, 'Not Applicable'],
};

/** A Compliance Finding event, as written (undefined fields are left out by JSON.stringify). */
export type OcsfEvent = Record<string, unknown>;

export function renderOcsf(report: Report, _options?: ReporterOptions): string {
  return `${escapeJsonText(JSON.stringify(ocsfEvents(report), null, 2))}\n`;
}

/** Every event, items in report order, accounts in `scan.accounts` order, findings in report order. */
export function ocsfEvents(report: Report): OcsfEvent[] {
  const time = finishedAtMs(report);
  const events: OcsfEvent[] = [];
  const seen = new Map<string, number>();
  const push = (row: ItemInAccount, finding: Finding) => {
    const base = `cmt-audit-${fingerprint(row.result.id, { account: finding.account ?? (row.account.id || undefined), region: finding.region, resource: finding.resource })}`;
    // A check can say more than one thing about one resource: the second event of a fingerprint gets `-2`, and so on.
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    events.push(event(report, row, finding, time, n === 1 ? base : `${base}-${n}`));
  };
  for (const row of itemsInAccounts(report)) {
    if (row.findings.length === 0) {
      push(row, { status: 'manual', resource: `arn:${row.account.partition}:::${row.account.id}`, account: row.account.id || undefined, message: noFindingMessage(row) });
    } else {
      for (const finding of row.findings) push(row, finding);
    }
  }
  return events;
}

function noFindingMessage(row: ItemInAccount): string {
  if (row.status === 'not-applicable') return `Not applicable: ${row.result.applicability ?? 'the checklist does not apply this item to the deployment model'}.`;
  return 'The scan has no finding for this item in this account.';
}

function event(report: Report, row: ItemInAccount, finding: Finding, time: number, uid: string): OcsfEvent {
  const { result, account } = row;
  const item = checklistItem(result.id);
  const [severityId, severity] = SEVERITY[result.severity];
  const verdict = verdictOf(row, finding);
  const [complianceId, complianceStatus] = COMPLIANCE[verdict];
  const region = finding.region ?? report.scan.homeRegion;
  const iso = new Date(time).toISOString();
  const org = report.scan.organization ?? report.scan.accounts.find((a) => a.id === account.id)?.facts?.organization ?? undefined;
  return {
    metadata: {
      version: OCSF_VERSION,
      product: { uid: 'cmt-audit', name: report.tool.name, vendor_name: report.tool.name, version: report.tool.version },
      event_code: result.id,
      profiles: ['cloud', 'datetime'],
      ...(org ? { tenant_uid: org.id } : {}),
    },
    category_uid: OCSF_CATEGORY_UID,
    category_name: 'Findings',
    class_uid: OCSF_CLASS_UID,
    class_name: 'Compliance Finding',
    activity_id: OCSF_ACTIVITY_ID,
    activity_name: 'Create',
    type_uid: OCSF_CLASS_UID * 100 + OCSF_ACTIVITY_ID,
    type_name: 'Compliance Finding: Create',
    time,
    time_dt: iso,
    severity_id: severityId,
    severity,
    // OCSF's finding status: 3 Suppressed for a not-met finding a suppression of the config accepts.
    ...(finding.suppressed ? { status_id: 3, status: 'Suppressed' } : { status_id: 1, status: 'New' }),
    message: finding.message,
    finding_info: {
      uid,
      title: `${result.id} ${result.title}`,
      desc: item?.requirement ?? result.title,
      created_time: time,
      created_time_dt: iso,
      types: [pillarName(result.pillar)],
    },
    compliance: {
      standards: [CHECKLIST_STANDARD],
      control: result.id,
      requirements: [`${result.id} ${result.title}`],
      status_id: complianceId,
      status: complianceStatus,
      status_code: verdict,
      status_detail: finding.message,
    },
    resources: [
      {
        uid: finding.resource,
        type: resourceType(finding.resource),
        region,
        cloud_partition: account.partition,
      },
    ],
    cloud: {
      provider: 'AWS',
      account: { uid: account.id, ...(account.name ? { name: account.name } : {}), type_id: 10, type: 'AWS Account' },
      region,
      ...(org ? { org: { uid: org.id } } : {}),
    },
    ...(result.remediation || result.docs
      ? { remediation: { desc: result.remediation ?? `See ${result.docs}`, ...(result.docs ? { references: [result.docs] } : {}) } }
      : {}),
    unmapped: {
      item_status: row.status,
      estate_status: result.status,
      decided_by: result.decidedBy,
      pillar: result.pillar,
      ...(finding.missingPermission ? { missing_permission: finding.missingPermission } : {}),
      ...(finding.suppressed ? { suppressed: { ...finding.suppressed } } : {}),
      ...(finding.errorKind ? { error_kind: finding.errorKind } : {}),
      ...(result.attestation ? { attestation: result.attestation } : {}),
    },
  };
}

/**
 * The verdict an event carries: the finding's own, except that a manual finding of an item people decided
 * (an applied attestation) carries the item's status in the account, and a finding-less item its status.
 */
function verdictOf(row: ItemInAccount, finding: Finding): FindingStatus | 'not-applicable' {
  if (row.findings.length === 0) return row.status === 'not-applicable' ? 'not-applicable' : (row.status as Exclude<Status, 'not-applicable'>);
  if (finding.status === 'manual' && (row.status === 'met' || row.status === 'not-met')) return row.status;
  return finding.status;
}

/** From the ARN: `iam:user`, `ec2:security-group`, `s3:bucket`; `AWS::Account` for an account; `API call` for a call that could not be made; `Other`. */
export function resourceType(resource: string): string {
  if (/^arn:[^:]*:::\d{12}$/.test(resource)) return 'AWS::Account';
  const arn = /^arn:[^:]*:([^:]+):[^:]*:[^:]*:(.+)$/.exec(resource);
  if (arn) {
    const [, service, rest] = arn;
    if (service === 's3') return rest.includes('/') ? 's3:object' : 's3:bucket';
    const sep = rest.search(/[/:]/);
    return `${service}:${sep > 0 ? rest.slice(0, sep) : rest}`;
  }
  if (/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/.test(resource)) return 'API call';
  return 'Other';
}
