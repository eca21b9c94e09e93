// An estate scan reads each account's facts (src/estate/facts.ts) alongside its checks, not after them: the
// facts' own calls (each region's backup vaults, the organization) would otherwise add a round trip after the
// account's last check, to every account of the estate.
import { describe, expect, it, vi } from 'vitest';
import type { AwsData } from '../../src/aws/index.js';
import { defineCheck, met, notMet } from '../../src/checks/define-check.js';
import { DEFAULT_THRESHOLDS } from '../../src/config/thresholds.js';
import { scan } from '../../src/scan.js';

/** The AwsData of each account whose facts the scan has begun to read. */
const factsBegun = vi.hoisted(() => new Set<unknown>());

vi.mock('../../src/estate/facts.js', async (original) => {
  const real = await original<typeof import('../../src/estate/facts.js')>();
  return {
    ...real,
    collectFacts: (aws: AwsData, ...rest: [readonly string[], Parameters<typeof real.collectFacts>[2]]) => {
      factsBegun.add(aws);
      return real.collectFacts(aws, ...rest);
    },
  };
});

// 2.13 (its facts: every region's backup vaults), as a check that says whether its account's facts were
// already being read while it ran.
const probe = defineCheck({
  meta: { id: '2.13', kind: 'automated', scope: 'account', permissions: ['backup:ListBackupVaults'], remediation: 'n/a' },
  async run({ aws, account }) {
    return [factsBegun.has(aws) ? met(account.rootArn, 'facts begun') : notMet(account.rootArn, 'facts not begun')];
  },
});

describe('estate facts', () => {
  it('are being read while each account\'s checks run, and are in the report once they are done', async () => {
    const { report } = await scan({
      snapshot: 'fixtures/demo-org',
      only: ['2.13'],
      checks: [probe],
      deploymentModel: 'multi-tenant-saas',
      concurrency: 4,
      thresholds: DEFAULT_THRESHOLDS,
    });
    const item = report.results.find((r) => r.id === '2.13')!;
    // The estate's own roll-up of 2.13 may add findings of its own: only the probe's are looked at.
    const probed = item.findings.filter((f) => /facts (not )?begun/.test(f.message));
    expect(probed.map((f) => [f.account, f.message]).sort()).toEqual(report.scan.accounts.map((a) => [a.id, 'facts begun']).sort());
    expect(report.scan.accounts).toHaveLength(5);
    for (const a of report.scan.accounts) expect('facts' in a && a.facts?.backupVaults).toBeDefined();
  });
});
