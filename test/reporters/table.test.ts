import { describe, expect, it } from 'vitest';
import { CHECKLIST, PILLAR_TITLES } from '../../src/checklist.js';
import { render } from '../../src/reporters/index.js';
import { MAX_FINDINGS_PER_ITEM, STATUS_WORDS, renderTable, summaryLine, wrap } from '../../src/reporters/table.js';
import { ACCOUNT, sampleReport } from './sample-report.js';

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const plain = renderTable(sampleReport(), { color: false, width: 100, quiet: false });
const lines = plain.split('\n');
/** The row of one item: "  <id> <STATUS> <severity> <title…>". */
const rowOf = (id: string) => lines.find((l) => l.startsWith(`  ${id.padEnd(6)}`));
/** The findings listed under an item (up to the next item row or blank line), title continuations left out. */
const below = (id: string) => {
  const start = lines.indexOf(rowOf(id)!);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => l === '' || /^ {2}\d+\.\d+ /.test(l));
  return rest.slice(0, end).filter((l) => !/^ {27}\S/.test(l));
};

describe('table reporter', () => {
  it('opens with the scan facts', () => {
    expect(plain).toContain(`Account           ${ACCOUNT} (arn:aws:iam::${ACCOUNT}:user/audit-bot)`);
    expect(plain).toContain('Deployment model  multi-tenant-saas');
    expect(plain).toContain('Regions           eu-west-1, us-east-1, us-west-2');
    expect(plain).toContain('Not enabled       ap-east-1, me-south-1 (opt-in, not scanned)');
    expect(plain).toContain('Source            live AWS APIs');
    expect(plain).toContain('Config            cmt-audit.config.yaml');
    expect(plain).toContain('Scanned           2026-11-20T09:31:02.500Z (62.5 s)');
  });

  it('names the source of a replayed scan', () => {
    const report = sampleReport();
    report.scan.source = 'snapshot';
    report.scan.snapshot = 'fixtures/demo';
    expect(renderTable(report, { color: false, width: 100, quiet: false })).toContain('snapshot fixtures/demo (replayed, no AWS calls)');
  });

  it('groups items under their pillar, in checklist order', () => {
    const titles = Object.values(PILLAR_TITLES).map((t) => lines.indexOf(t));
    expect(titles.every((i) => i >= 0)).toBe(true);
    expect([...titles].sort((a, b) => a - b)).toEqual(titles);
    const rows = CHECKLIST.map((item) => lines.indexOf(rowOf(item.id)!));
    expect(rows.every((i) => i >= 0)).toBe(true);
    expect([...rows].sort((a, b) => a - b)).toEqual(rows);
    expect(rows[CHECKLIST.findIndex((i) => i.id === '2.1')]).toBeGreaterThan(lines.indexOf(PILLAR_TITLES.reliability));
  });

  it('spells every status out in words, with the severity and title', () => {
    for (const result of sampleReport().results) {
      const row = rowOf(result.id)!;
      expect(row).toContain(` ${STATUS_WORDS[result.status]} `);
      expect(row).toContain(result.severity);
      expect(row).toContain(result.title.split(' ').slice(0, 3).join(' '));
    }
    expect(rowOf('1.4')).toMatch(/NOT MET/);
    expect(rowOf('1.7')).toMatch(/ERROR/);
    expect(rowOf('2.1')).toMatch(/N\/A/);
    expect(rowOf('1.9')).toMatch(/MANUAL/);
  });

  it(`lists at most ${MAX_FINDINGS_PER_ITEM} failing resources under an item, then how many more`, () => {
    const listed = below('1.4');
    expect(listed.filter((l) => l.includes(':user/dev-'))).toHaveLength(MAX_FINDINGS_PER_ITEM);
    expect(listed.join('\n')).toContain('dev-09 has a console password but no MFA device.');
    expect(listed.join('\n')).not.toContain('dev-10');
    expect(listed.at(-1)?.trim()).toBe('… and 4 more');
  });

  it('lists not-met findings before error findings, with their region, and never met ones', () => {
    const listed = below('1.16').join(' ').replace(/\s+/g, ' ');
    expect(listed).toContain(`security-group/sg-0bb22 (eu-west-1) — Port 22 (SSH) is open to 0.0.0.0/0. Security group web-tier`);
    expect(listed).toContain('use Session Manager instead, and remove the rule.');
    expect(listed).toContain('ec2:DescribeSecurityGroups (us-west-2) — could not tell');
    expect(listed.indexOf('sg-0bb22')).toBeLessThan(listed.indexOf('DescribeSecurityGroups'));
    expect(listed).not.toContain('sg-0aa11');
    expect(below('1.2')).toEqual([]);
    expect(below('1.9')).toEqual([]);
    expect(below('1.7').join(' ').replace(/\s+/g, ' ')).toContain('missing permission iam:GetAccountPasswordPolicy');
  });

  it('lists scan-level errors and the missing permissions', () => {
    expect(plain).toContain('Scan errors');
    expect(plain).toContain('cannot list regions (missing permission ec2:DescribeRegions)');
    expect(plain).toMatch(/Missing permissions: ec2:DescribeRegions, iam:GetAccountPasswordPolicy/);
  });

  it('ends with the summary line', () => {
    expect(summaryLine(sampleReport())).toBe('40 items: 2 met, 2 not met, 34 manual, 1 not applicable, 1 error');
    expect(lines.at(-2)).toBe(summaryLine(sampleReport()));
    expect(lines.at(-1)).toBe('');
  });

  it('keeps within the width it is given (any width from 80 to 120 columns)', () => {
    for (let width = 80; width <= 120; width++) {
      const text = renderTable(sampleReport(), { color: false, width, quiet: false });
      const tooLong = text.split('\n').filter((l) => l.length > width);
      expect(tooLong, `width ${width}`).toEqual([]);
    }
  });

  it('colours only what the words already say', () => {
    const coloured = renderTable(sampleReport(), { color: true, width: 100, quiet: false });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '')).toBe(plain);
    expect(plain).not.toMatch(ANSI);
  });

  it('says under an item what was attested and whether it counted', () => {
    const report = sampleReport();
    const [applied, expired] = report.results.filter((r) => r.status === 'manual');
    applied.status = 'met';
    applied.decidedBy = 'attestation';
    applied.attestation = { status: 'met', evidence: 'DR plan DRP-4', by: 'Marco Liu, SRE lead', date: '2026-06-30', state: 'applied' };
    expired.attestation = {
      status: 'met',
      evidence: 'game day',
      by: 'Marco Liu, SRE lead',
      date: '2025-09-03',
      expires: '2026-09-03',
      state: 'expired',
      note: 'expired on 2026-09-03: attest again with fresh evidence',
    };
    const text = renderTable(report, { color: false, width: 100, quiet: false });
    expect(text).toContain(`✓ attested met by Marco Liu, SRE lead on 2026-06-30`);
    expect(text).toContain('~ attestation (met by Marco Liu, SRE lead on 2025-09-03) expired on 2026-09-03: attest again');
  });

  it('prints only the summary line when quiet', () => {
    expect(renderTable(sampleReport(), { color: true, width: 100, quiet: true })).toBe(`${summaryLine(sampleReport())}\n`);
  });

  it('is reachable by name through the reporter map', () => {
    expect(render('table', sampleReport())).toBe(plain);
  });
});

describe('wrap', () => {
  it('wraps on spaces and keeps an over-long word whole', () => {
    expect(wrap('aaa bbb ccc ddd', 20)).toEqual(['aaa bbb ccc ddd']);
    expect(wrap('word '.repeat(10).trim(), 20)).toEqual(['word word word word', 'word word word word', 'word word']);
    const arn = `arn:aws:iam::${ACCOUNT}:role/a-very-long-role-name-that-cannot-be-broken`;
    expect(wrap(`see ${arn} now`, 20)).toEqual(['see', arn, 'now']);
  });
});
