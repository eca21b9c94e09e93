import { describe, expect, it } from 'vitest';
import { CHECKLIST } from '../../src/checklist.js';
import type { CheckResult, Report, Status } from '../../src/model.js';
import { renderHtml } from '../../src/reporters/html.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';

const STATUS_OF: Record<string, Status> = { '1.2': 'met', '1.4': 'not-met', '1.9': 'error', '1.25': 'met', '2.10': 'manual' };

function report(): Report {
  const results: CheckResult[] = CHECKLIST.filter((i) => i.id !== '3.3').map((item) => {
    const status = STATUS_OF[item.id] ?? (item.appliesTo['single-tenant-saas'].applies ? 'manual' : 'not-applicable');
    return {
      id: item.id,
      title: item.title,
      pillar: item.pillar,
      severity: item.severity,
      kind: item.id === '1.25' ? 'manual' : 'automated',
      status,
      automated: item.id !== '1.25',
      findings:
        item.id === '1.4'
          ? [
              ...Array.from({ length: 14 }, (_, n) => ({
                status: 'not-met' as const,
                resource: `arn:aws:iam::210987654321:user/user-${n}`,
                account: '210987654321',
                message: `user-${n} has a console password but no MFA | *really*`,
              })),
              ...Array.from({ length: 5 }, (_, n) => ({
                status: 'met' as const,
                resource: `arn:aws:iam::210987654321:user/ok-${n}`,
                account: '210987654321',
                region: n < 2 ? 'eu-west-1' : 'us-east-1',
                message: `ok-${n} signs in with MFA`,
              })),
            ]
          : item.id === '1.2'
            ? [{ status: 'met' as const, resource: 'arn:aws:iam::210987654321:root', message: 'The root user has an MFA device.' }]
            : item.id === '2.10'
              ? [{ status: 'manual' as const, resource: 'arn:aws:::210987654321', account: '210987654321', message: 'No AWS Resilience Hub app: attest the DR plan.' }]
              : item.id === '1.9'
                ? [{ status: 'error' as const, resource: 'iam:ListPolicies', account: '210987654321', message: 'could not tell: missing permission iam:ListPolicies' }]
                : [],
      remediation: item.id === '1.4' ? 'Enable MFA for <every> console user.' : undefined,
      durationMs: 1,
      decidedBy: item.id === '1.25' ? 'attestation' : status === 'met' || status === 'not-met' ? 'api' : 'undecided',
      attestation:
        item.id === '1.25'
          ? { status: 'met', evidence: 'Game day GD-7 on 2026-09-14', links: ['https://wiki.example.com/gd7'], by: 'Jane Doe, CISO', date: '2026-09-14', expires: '2027-09-14', state: 'applied' }
          : undefined,
    };
  });
  return {
    schemaVersion: '1.0',
    tool: { name: 'cmt-audit', version: '0.1.0' },
    scan: {
      startedAt: '2026-11-20T09:30:00.000Z',
      finishedAt: '2026-11-20T09:31:02.000Z',
      deploymentModel: 'single-tenant-saas',
      accounts: [{ id: '210987654321', partition: 'aws' }],
      regions: ['us-east-1', 'eu-west-1'],
      regionsNotEnabled: ['ap-east-1'],
      homeRegion: 'us-east-1',
      source: 'live',
      thresholds: {},
      stats: { apiCalls: 1, uniqueCalls: 1, memoHits: 0, retries: 0, throttled: 0 },
    },
    summary: { total: 39, met: 2, 'not-met': 1, manual: 33, 'not-applicable': 2, error: 1 },
    results,
    errors: [],
  };
}

describe('markdown checklist', () => {
  const md = renderMarkdown(report());

  it('has the scan facts and every checklist item, in order, in the table and as a section', () => {
    expect(md).toContain('| AWS account(s) | 210987654321 |');
    expect(md).toContain('| Deployment model | Single-tenant SaaS |');
    expect(md).toContain('us-east-1, eu-west-1 (not enabled, not scanned: ap-east-1)');
    const headings = [...md.matchAll(/^### (\d+\.\d+) /gm)].map((m) => m[1]);
    expect(headings).toEqual(CHECKLIST.map((i) => i.id));
  });

  it('fills in Met Y/N from the results', () => {
    expect(md).toMatch(/\| 1\.2 \| .* \| Yes \| \*\*Y\*\* \| AWS API \(automated\) \|/);
    expect(md).toMatch(/\| 1\.4 \| .* \| \*\*N\*\* \|/);
    expect(md).toMatch(/\| 1\.9 \| .* \| \*\*Not assessed \(scan error\)\*\* \|/);
    expect(md).toMatch(/\| 2\.10 \| .* \| \*\*Pending attestation\*\* \|/);
    expect(md).toMatch(/\| 3\.3 \| .* \| \*\*Not assessed in this scan\*\* \|/);
  });

  it('shows evidence, capped, escaped, and the attestation', () => {
    // One account scanned: the ARN already names it, so the finding shows no "(210987654321)".
    expect(md).toContain('- Not met: `arn:aws:iam::210987654321:user/user-0` — user-0 has a console password but no MFA \\| \\*really\\*');
    expect(md).toContain('… and 2 more (see the JSON report)');
    expect(md).toContain('Met, attested by Jane Doe, CISO on 2026-09-14 (valid until 2027-09-14)');
    expect(md).toContain('- Link: <https://wiki.example.com/gd7>');
    expect(md).toContain('**Remediation:** Enable MFA for \\<every> console user.');
  });
});

describe('markdown checklist: reading aids', () => {
  const md = renderMarkdown(report());

  it('says how to read it, and sums up each pillar', () => {
    expect(md).toContain('## How to read this document');
    expect(md).toContain('| Pillar | Items | Met (Y) | Not met (N) | Pending attestation | N/A | Not assessed |');
    // 3.3 is not in the results: counted as not assessed with 1.9's scan error.
    expect(md).toMatch(/^\| \*\*Total\*\* \| \*\*40\*\* \| \*\*2\*\* \| \*\*1\*\* \| \*\*\d+\*\* \| \*\*\d+\*\* \| \*\*2\*\* \|$/m);
  });

  it('lists the items needing action first, with the reason', () => {
    const actions = md.slice(md.indexOf('## Items needing action'), md.indexOf('## Checklist'));
    expect(actions).toMatch(/^\| 1\.4 \| .* \| \*\*N\*\* \| 14 resources not met, first: user-0 has a console password/m);
    expect(actions).toContain('| 1.9 | IAM policies are scoped down to least privilege | **Not assessed (scan error)** | Could not be checked: could not tell: missing permission iam:ListPolicies |');
    expect(actions).toMatch(/^\| 2\.10 \| .* \| \*\*Pending attestation\*\* \| Needs an attestation \(1 point to confirm\)\. \|$/m);
    expect(actions).toMatch(/^\| 3\.3 \| .* \| Not assessed in this scan/m);
    expect(actions).not.toMatch(/^\| 1\.2 \|/m);
    expect(actions).not.toMatch(/^\| 1\.25 \|/m);
  });

  it('counts met resources of an item with findings to act on, lists them for a Y, and shows the points to confirm', () => {
    expect(md).toContain('- Met: 5 resources (eu-west-1: 2, us-east-1: 3), listed in the JSON report');
    expect(md).not.toContain('ok-0 signs in with MFA');
    expect(md).toContain('- Met: `arn:aws:iam::210987654321:root` — The root user has an MFA device.');
    expect(md).toContain('**For people to confirm** (the attestation answers these)\n\n- `arn:aws:::210987654321` — No AWS Resilience Hub app: attest the DR plan.');
  });

  it('names the account of each finding when the scan covered several', () => {
    const r = report();
    r.scan.accounts.push({ id: '123456789012', partition: 'aws' });
    expect(renderMarkdown(r)).toContain('- Not met: `arn:aws:iam::210987654321:user/user-0` (210987654321) — user-0');
  });

  it('is deterministic: the same report gives the same document', () => {
    expect(renderMarkdown(report())).toBe(md);
    expect(renderHtml(report())).toBe(renderHtml(report()));
  });
});

describe('html checklist', () => {
  const html = renderHtml(report());

  it('is one self-contained document', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link |src="http/);
    expect(html.match(/<section class="item"/g)).toHaveLength(CHECKLIST.length);
  });

  it('escapes text and shows status in words as well as colour', () => {
    expect(html).toContain('Enable MFA for &lt;every&gt; console user.');
    expect(html).toContain('<span class="badge not-met">N</span>');
    expect(html).toContain('<span class="badge met">Y</span>');
    expect(html).toContain('<a href="https://wiki.example.com/gd7">');
    expect(html).toContain('<span class="badge not-assessed">Not assessed in this scan</span>');
  });

  it('has the reading aids and prints well', () => {
    expect(html).toContain('How to read this document');
    expect(html).toContain('<h2>Items needing action (');
    expect(html).toContain('<tr class="total"><td>Total</td><td>40</td>');
    expect(html).toMatch(/@media print\{[^]*h2\.details\{break-before:page\}/);
    expect(html).toMatch(/code\{[^}]*overflow-wrap:anywhere/);
  });
});
