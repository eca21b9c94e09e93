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
          ? Array.from({ length: 14 }, (_, n) => ({
              status: 'not-met' as const,
              resource: `arn:aws:iam::210987654321:user/user-${n}`,
              account: '210987654321',
              message: `user-${n} has a console password but no MFA | *really*`,
            }))
          : item.id === '1.2'
            ? [{ status: 'met' as const, resource: 'arn:aws:iam::210987654321:root', message: 'The root user has an MFA device.' }]
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
    expect(md).toContain('- Not met: `arn:aws:iam::210987654321:user/user-0` (210987654321) — user-0 has a console password but no MFA \\| \\*really\\*');
    expect(md).toContain('… and 2 more (see the JSON report)');
    expect(md).toContain('Met, attested by Jane Doe, CISO on 2026-09-14 (valid until 2027-09-14)');
    expect(md).toContain('- Link: <https://wiki.example.com/gd7>');
    expect(md).toContain('**Remediation:** Enable MFA for \\<every\\> console user.');
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
  });
});
