// `cmt-audit init`: a commented starter config. It lists, for the chosen deployment model, every item
// that needs a person's attestation (no check, or a check that gathers evidence only or in part), each
// with the checklist's requirement as a comment, ready to fill in.
import { CHECKLIST } from '../checklist.js';
import type { Check } from '../checks/define-check.js';
import type { DeploymentModel } from '../model.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';

/** What the template asks people to replace; the config loader refuses them left in (placeholderIn). */
export const EVIDENCE_PLACEHOLDER = '<what shows it (a document, a ticket, a report)>';
export const BY_PLACEHOLDER = '<name, role>';

export function itemsNeedingAttestation(checks: readonly Check[], model: DeploymentModel) {
  const kinds = new Map(checks.map((c) => [c.meta.id, c.meta.kind]));
  return CHECKLIST.filter((item) => item.appliesTo[model].applies).filter((item) => (kinds.get(item.id) ?? 'manual') !== 'automated');
}

export function renderInitConfig(checks: readonly Check[], model: DeploymentModel, today: Date): string {
  const t = DEFAULT_THRESHOLDS;
  const day = today.toISOString().slice(0, 10);
  const lines = [
    '# cmt-audit configuration. Read by `cmt-audit scan` from the working directory, or with --config FILE.',
    '# Docs: docs/configuration.md. Every threshold below shows its default.',
    '',
    `deploymentModel: ${model}   # multi-tenant-saas | single-tenant-saas | customer-deployed-on-premises | customer-deployed-on-aws`,
    '',
    '# regions: [us-east-1, eu-west-1]   # default: every region enabled for the account',
    '# failOn: critical                   # critical | high | medium | low | info | none',
    '',
    'thresholds:',
    `  rootRecentUseDays: ${t.rootRecentUseDays}        # 1.1  root credentials used within N days: not met`,
    `  accessKeyMaxAgeDays: ${t.accessKeyMaxAgeDays}      # 1.5  active access keys older than N days: not met`,
    `  unusedCredentialDays: ${t.unusedCredentialDays}     # 1.5  keys/passwords unused for N days: not met`,
    `  serviceKeyMaxAgeDays: ${t.serviceKeyMaxAgeDays}      # 1.12 keys of users without console access: rotate at least this often`,
    '  passwordPolicy:                 # 1.7  minimums the account password policy must meet',
    `    minimumLength: ${t.passwordPolicy.minimumLength}`,
    `    requireSymbols: ${t.passwordPolicy.requireSymbols}`,
    `    requireNumbers: ${t.passwordPolicy.requireNumbers}`,
    `    requireUppercase: ${t.passwordPolicy.requireUppercase}`,
    `    requireLowercase: ${t.passwordPolicy.requireLowercase}`,
    `    maxAgeDays: ${t.passwordPolicy.maxAgeDays}`,
    `    reusePrevention: ${t.passwordPolicy.reusePrevention}`,
    `  publicPorts: [${t.publicPorts.join(', ')}]         # 1.16 ports that may be open to 0.0.0.0/0 and ::/0`,
    '  publicBuckets: []               # 1.17/1.18 buckets meant to be public (names)',
    `  backupMaxAgeDays: ${t.backupMaxAgeDays}          # 2.6  latest AWS Backup at most N days old`,
    `  consoleChangeLookbackDays: ${t.consoleChangeLookbackDays} # 2.5  days of CloudTrail read for console changes (max 90)`,
    `  deploymentActivityDays: ${t.deploymentActivityDays}   # 3.1  pipeline runs/deployments within N days count`,
    '',
    '# Suppressions accept not-met findings for a reason: they stay in the report, marked, and out of the',
    '# exit-code gate (the item itself stays not met). item and reason are required; resource is an ARN glob',
    '# (* matches any characters, / and : included; ? one character; default: every resource of the item);',
    '# account limits it to one account; expires (YYYY-MM-DD) is the last day it applies. Expired ones, and',
    '# ones that match nothing, are reported. Docs: docs/configuration.md#suppressions.',
    'suppressions:',
    '#  - item: "1.18"                  # checklist id (quoted)',
    '#    resource: arn:aws:s3:::acme-www-*',
    '#    account: "123456789012"',
    '#    reason: Public website buckets, reviewed by security',
    '#    owner: web-team@example.com',
    `#    expires: ${day}`,
    '',
    '# Attestations fill in items only people can decide. Each needs: item, status (met | not-met),',
    '# evidence (what shows it), by (who attests), date (YYYY-MM-DD of the evidence); links (http or',
    '# https URLs) and expires are optional. An attestation never overrides an item the API found not met.',
    '# Items marked "fresh within N months" expire N months after their date by themselves.',
    '# To attest an item below (they apply to the deployment model above): remove the "#" in front of its',
    '# lines from "- item" to "date", and replace each <placeholder>: a placeholder left in is an error.',
    '# One attestation per item; its date may not be later than the scan.',
    'attestations:',
  ];
  for (const item of itemsNeedingAttestation(checks, model)) {
    const fresh = item.freshnessMonths ? ` (fresh within ${item.freshnessMonths} months)` : '';
    lines.push('', `# ${item.id} ${item.title}${fresh}`);
    for (const l of wrap(item.requirement, 96)) lines.push(`#   ${l}`);
    lines.push(
      `#  - item: "${item.id}"`,
      '#    status: met                 # met | not-met',
      '#    evidence: >-',
      `#      ${EVIDENCE_PLACEHOLDER}`,
      '#    links: []                   # e.g. [https://wiki.example.com/runbook]',
      `#    by: ${BY_PLACEHOLDER}`,
      `#    date: ${day}              # when the evidence was produced`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
