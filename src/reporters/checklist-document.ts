// The completed Technical Validation Checklist, as a view model shared by the markdown and html
// reporters: every checklist item in order, with its requirement, whether it applies to the deployment
// model, Met Y/N, the automated evidence and the attestation. Reads the Report and checklist.ts only.
import { CHECKLIST, PILLAR_TITLES } from '../checklist.js';
import type { CheckResult, Finding, Pillar, Report, Status } from '../model.js';

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

/** Findings shown per item in the document; the JSON report has them all. */
export const MAX_FINDINGS = 12;

export interface DocItem {
  id: string;
  title: string;
  requirement: string;
  applies: string;
  met: string;
  status: Status;
  statusWord: string;
  decidedBy: string;
  kind: string;
  /** Findings worth showing first: not met, error, manual, then met. */
  findings: Finding[];
  moreFindings: number;
  attestation?: CheckResult['attestation'];
  remediation?: string;
  selected: boolean;
}

export interface DocSection {
  title: string;
  items: DocItem[];
}

export interface ChecklistDocument {
  title: string;
  facts: [string, string][];
  summary: string;
  sections: DocSection[];
}

const ORDER: Record<Finding['status'], number> = { 'not-met': 0, error: 1, manual: 2, met: 3 };

export function buildChecklistDocument(report: Report): ChecklistDocument {
  const results = new Map(report.results.map((r) => [r.id, r]));
  const model = report.scan.deploymentModel;
  const sections = (Object.keys(PILLAR_TITLES) as Pillar[]).map((pillar) => ({
    title: PILLAR_TITLES[pillar],
    items: CHECKLIST.filter((i) => i.pillar === pillar).map((item): DocItem => {
      const r = results.get(item.id);
      const applicability = item.appliesTo[model];
      const applies = `${applicability.applies ? 'Yes' : 'No'}${applicability.note ? ` (${applicability.note})` : ''}`;
      const findings = [...(r?.findings ?? [])].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
      return {
        id: item.id,
        title: item.title,
        requirement: item.requirement,
        applies,
        status: r?.status ?? 'manual',
        met: r ? MET_COLUMN[r.status] : 'Not assessed in this scan',
        statusWord: r ? STATUS_WORDS[r.status] : 'Not selected',
        decidedBy: r ? DECIDED_BY[r.decidedBy] : '—',
        kind: r?.kind ?? 'manual',
        findings: findings.slice(0, MAX_FINDINGS),
        moreFindings: Math.max(0, findings.length - MAX_FINDINGS),
        attestation: r?.attestation,
        remediation: r && r.status !== 'met' && r.status !== 'not-applicable' ? r.remediation : undefined,
        selected: r !== undefined,
      };
    }),
  }));
  const s = report.summary;
  const accounts = report.scan.accounts.map((a) => `${a.id}${a.partition !== 'aws' ? ` (${a.partition})` : ''}`).join(', ');
  const notEnabled = report.scan.regionsNotEnabled.length ? ` (not enabled, not scanned: ${report.scan.regionsNotEnabled.join(', ')})` : '';
  return {
    title: 'AWS Cloud Management Tools Competency — Technical Validation Checklist',
    facts: [
      ['AWS account(s)', accounts],
      ['Deployment model', MODEL_TITLES[model] ?? model],
      ['Regions scanned', `${report.scan.regions.join(', ') || '—'}${notEnabled}`],
      ['Scan started', formatTime(report.scan.startedAt)],
      ['Scan finished', formatTime(report.scan.finishedAt)],
      ['Source', report.scan.source === 'live' ? 'live AWS APIs (read-only)' : `recorded snapshot ${report.scan.snapshot ?? ''}`.trim()],
      ['Tool', `${report.tool.name} ${report.tool.version} (JSON report schema ${report.schemaVersion})`],
    ],
    summary:
      `${s.total} items: ${s.met} met, ${s['not-met']} not met, ${s.manual} pending attestation, ` +
      `${s['not-applicable']} not applicable, ${s.error} not assessed (scan errors).`,
    sections,
  };
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
