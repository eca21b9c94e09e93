// The check catalogue: every checklist item joined with its check module (if any), rendered three ways:
// docs/checks.md (generated, committed, a test keeps it equal), and `cmt-audit checks` as a table or
// JSON. Items without a check module are `manual`: people attest them with evidence.
import { Chalk } from 'chalk';
import { CHECKLIST, PILLAR_TITLES, type Applicability } from './checklist.js';
import type { Check } from './checks/define-check.js';
import { CHECKS } from './checks/index.js';
import { DEPLOYMENT_MODELS, type CheckKind, type DeploymentModel, type Pillar, type Severity } from './model.js';
import { wrap } from './reporters/table.js';
import { escapeJsonText, mapStrings, oneLine } from './text.js';

export interface CatalogEntry {
  id: string;
  title: string;
  pillar: Pillar;
  severity: Severity;
  kind: CheckKind;
  /** A check module exists for the item. */
  automated: boolean;
  /** account: run once; region: run in every region in scope. Absent for items without a module. */
  scope?: 'account' | 'region';
  appliesTo: Record<DeploymentModel, Applicability>;
  permissions: string[];
  requirement: string;
  remediation?: string;
  docs?: string;
}

export const CHECKS_DOC_FILE = 'docs/checks.md';

const PILLARS: Pillar[] = ['security', 'reliability', 'operational-excellence'];
export const MODEL_ABBREVIATIONS: Record<DeploymentModel, string> = {
  'multi-tenant-saas': 'MT',
  'single-tenant-saas': 'ST',
  'customer-deployed-on-premises': 'OP',
  'customer-deployed-on-aws': 'CA',
};

export function catalog(checks: readonly Check[] = CHECKS): CatalogEntry[] {
  const byId = new Map(checks.map((c) => [c.meta.id, c]));
  return CHECKLIST.map((item) => {
    const check = byId.get(item.id);
    return {
      id: item.id,
      title: item.title,
      pillar: item.pillar,
      severity: item.severity,
      kind: check?.meta.kind ?? 'manual',
      automated: check !== undefined,
      scope: check?.meta.scope,
      appliesTo: item.appliesTo,
      permissions: [...(check?.meta.permissions ?? [])].sort(),
      requirement: item.requirement,
      remediation: check?.meta.remediation,
      docs: check?.meta.docs,
    };
  });
}

function appliesMark(a: Applicability): string {
  return a.applies ? (a.note ? '✓*' : '✓') : '·';
}

function kindCounts(entries: CatalogEntry[]): string {
  const n = (k: CheckKind) => entries.filter((e) => e.kind === k).length;
  return `${entries.length} items: ${n('automated')} automated, ${n('partial')} partial, ${n('manual')} manual`;
}

// ── docs/checks.md ───────────────────────────────────────────────────────────────────────────────

export function renderChecksDoc(entries: CatalogEntry[] = catalog()): string {
  // Our own text (checklist.ts, check modules), Markdown on purpose: a cell only must stay one cell.
  const cell = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\|/g, '\\|');
  const out: string[] = [
    '# Checks',
    '',
    '<!-- Generated from src/checklist.ts and the check modules in src/checks/ by `npm run generate`.',
    '     Do not edit by hand: test/checks-doc.test.ts fails when this file is out of date. -->',
    '',
    `Every item of the AWS Cloud Management Tools Competency Technical Validation Checklist (${kindCounts(entries)}).`,
    '',
    '- **Kind**: `automated`: the AWS APIs decide; `partial`: the APIs decide part and people attest the rest;',
    '  `manual`: only people can tell (no check module yet, or nothing in the APIs shows it). Manual items',
    '  are reported as `manual`, never as met.',
    '- **Applies to** (the checklist\'s columns): ' +
      DEPLOYMENT_MODELS.map((m) => `${MODEL_ABBREVIATIONS[m]} = \`${m}\``).join(', ') +
      '. ✓ applies, ✓* applies with a note, · does not apply (reported as `not-applicable`).',
    '- **Permissions**: the IAM actions the check needs; all of them together are `policy/cmt-audit-readonly.json`.',
    '',
  ];
  for (const pillar of PILLARS) {
    const items = entries.filter((e) => e.pillar === pillar);
    out.push(`## ${PILLAR_TITLES[pillar]}`, '');
    out.push(`| ID | Title | Kind | Severity | ${DEPLOYMENT_MODELS.map((m) => MODEL_ABBREVIATIONS[m]).join(' | ')} |`);
    out.push(`|---|---|---|---|${DEPLOYMENT_MODELS.map(() => ':-:').join('|')}|`);
    for (const e of items) {
      const marks = DEPLOYMENT_MODELS.map((m) => appliesMark(e.appliesTo[m])).join(' | ');
      out.push(`| ${e.id} | ${cell(e.title)} | ${e.kind} | ${e.severity} | ${marks} |`);
    }
    out.push('');
    for (const e of items) {
      out.push(`### ${e.id} ${e.title}`, '');
      out.push(`- Kind: ${e.kind}${e.scope ? ` (${e.scope === 'region' ? 'runs in every region in scope' : 'runs once per account'})` : ''}`);
      out.push(`- Severity: ${e.severity}`);
      const applies = DEPLOYMENT_MODELS.filter((m) => e.appliesTo[m].applies);
      out.push(`- Applies to: ${applies.length ? applies.map((m) => `\`${m}\``).join(', ') : 'no deployment model'}`);
      for (const m of applies) if (e.appliesTo[m].note) out.push(`  - \`${m}\`: ${e.appliesTo[m].note}`);
      out.push(`- IAM permissions: ${e.permissions.length ? e.permissions.map((p) => `\`${p}\``).join(', ') : 'none (no automated check)'}`);
      if (e.remediation) out.push(`- Remediation: ${e.remediation}`);
      if (e.docs) out.push(`- Reference: <${e.docs}>`);
      out.push('', `> ${e.requirement}`, '');
    }
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

// ── `cmt-audit checks` ───────────────────────────────────────────────────────────────────────────

export function renderCatalogJson(entries: CatalogEntry[] = catalog()): string {
  return `${escapeJsonText(JSON.stringify(entries, null, 2))}\n`;
}

export function renderCatalogTable(unsafe: CatalogEntry[], options: { color: boolean; width: number }): string {
  const entries = mapStrings(unsafe, oneLine); // one line each, no control character reaches the terminal
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(60, options.width);
  const col = { id: 6, kind: 11, severity: 10, models: 13 };
  const titleAt = 2 + col.id + col.kind + col.severity + col.models;
  const pad = ' '.repeat(titleAt);
  const models = DEPLOYMENT_MODELS.map((m) => MODEL_ABBREVIATIONS[m]);
  const out: string[] = [
    ...wrap(
      `Applies to: ${DEPLOYMENT_MODELS.map((m) => `${MODEL_ABBREVIATIONS[m]} ${m}`).join(', ')} (✓ applies, ✓* with a note, · not applicable)`,
      width,
    ).map((l) => c.dim(l)),
    '',
  ];
  for (const pillar of PILLARS) {
    out.push(c.bold(PILLAR_TITLES[pillar]));
    out.push(c.dim(`  ${'ID'.padEnd(col.id)}${'KIND'.padEnd(col.kind)}${'SEVERITY'.padEnd(col.severity)}${models.join(' ').padEnd(col.models)}TITLE`));
    for (const e of entries.filter((x) => x.pillar === pillar)) {
      const marks = DEPLOYMENT_MODELS.map((m) => appliesMark(e.appliesTo[m]).padEnd(3)).join('');
      const kind = e.kind === 'manual' ? c.yellow(e.kind.padEnd(col.kind)) : c.green(e.kind.padEnd(col.kind));
      const [first, ...rest] = wrap(e.title, width - titleAt);
      out.push(`  ${e.id.padEnd(col.id)}${kind}${e.severity.padEnd(col.severity)}${marks.padEnd(col.models)}${first}`);
      out.push(...rest.map((l) => pad + l));
      for (const m of DEPLOYMENT_MODELS) {
        const note = e.appliesTo[m];
        if (note.applies && note.note) out.push(...wrap(`* ${MODEL_ABBREVIATIONS[m]}: ${note.note}`, width - titleAt).map((l) => pad + c.dim(l)));
      }
      if (e.permissions.length) out.push(...wrap(`permissions: ${e.permissions.join(', ')}`, width - titleAt).map((l) => pad + c.cyan(l)));
    }
    out.push('');
  }
  out.push(c.bold(kindCounts(entries)));
  return `${out.join('\n')}\n`;
}
