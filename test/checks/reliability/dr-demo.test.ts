// The demo snapshot (fixtures/demo) tells the intended story for backups and DR (2.6, 2.7, 2.9–2.13): AWS
// Backup plan daily-35d covers acme-prod-db and acme-orders in us-east-1 and copies to dr-vault in the
// recovery account 999988887777; PITR covers the other tables; legacy-reports in us-west-2 has no backup
// (2.6 not met). One ad-hoc restore, no FIS, no Resilience Hub, DRS never initialized: the rest is manual,
// with the cross-account copies as evidence for 2.13.
import { beforeAll, describe, expect, it } from 'vitest';
import drPlanDefined from '../../../src/checks/reliability/dr-plan-defined.js';
import drPlanTested from '../../../src/checks/reliability/dr-plan-tested.js';
import drToAnotherAccount from '../../../src/checks/reliability/dr-to-another-account.js';
import recoveryTested from '../../../src/checks/reliability/recovery-tested.js';
import regularBackups from '../../../src/checks/reliability/regular-backups.js';
import resiliencyTested from '../../../src/checks/reliability/resiliency-tested.js';
import rtoUnder24Hours from '../../../src/checks/reliability/rto-under-24-hours.js';
import type { CheckResult } from '../../../src/model.js';
import { errorFindings, notInSnapshot, resultOf, runDemo, statuses } from '../../support/demo.js';

const CHECKS = [regularBackups, recoveryTested, resiliencyTested, drPlanDefined, rtoUnder24Hours, drPlanTested, drToAnotherAccount];

let results: Map<string, CheckResult>;
beforeAll(async () => {
  results = await runDemo(CHECKS);
});

describe('demo snapshot: backups and disaster recovery (2.6, 2.7, 2.9–2.13)', () => {
  it('answers every call from the snapshot, without errors', () => {
    expect(notInSnapshot(results)).toEqual([]);
    expect(errorFindings(results)).toEqual([]);
  });

  it('gives each item its intended status', () => {
    expect(statuses(results)).toEqual({ '2.6': 'not-met', '2.7': 'manual', '2.9': 'manual', '2.10': 'manual', '2.11': 'manual', '2.12': 'manual', '2.13': 'manual' });
  });

  it('2.6: legacy-reports in us-west-2 has no backup; us-east-1 is covered; eu-west-1 has nothing to back up', () => {
    const r = resultOf(results, '2.6');
    expect(r.findings.filter((f) => f.status === 'not-met').map((f) => f.resource)).toEqual(['arn:aws:rds:us-west-2:210987654321:db:legacy-reports']);
    const usEast = r.findings.filter((f) => f.region === 'us-east-1');
    expect(usEast.map((f) => [f.resource.split(':').pop(), f.status])).toEqual([
      ['acme-prod-db', 'met'],
      ['table/acme-orders', 'met'],
      ['table/acme-sessions', 'met'],
    ]);
    expect(usEast[0].message).toMatch(/backed up by AWS Backup today/);
    expect(r.findings.find((f) => f.region === 'eu-west-1')?.message).toMatch(/nothing to back up/);
  });

  it('2.7: the ad-hoc restore of July is evidence, not a test programme', () => {
    const r = resultOf(results, '2.7');
    expect(r.findings.find((f) => f.region === 'us-east-1' && f.resource.endsWith('restore-job/*'))?.message).toMatch(/1 AWS Backup restore\(s\) completed .*latest 2026-07-21/);
  });

  it('2.12: DRS not initialized anywhere is "not in use", not an error', () => {
    const r = resultOf(results, '2.12');
    expect(r.findings.map((f) => f.message)).toEqual(['Elastic Disaster Recovery is not in use in us-east-1, us-west-2, eu-west-1: attest the latest DR test (date, scope, RTO and RPO achieved).']);
  });

  it('2.13: daily-35d copies to dr-vault in the recovery account; the recovery test there is attested', () => {
    const r = resultOf(results, '2.13');
    const vault = r.findings.find((f) => f.resource === 'arn:aws:backup:us-west-2:999988887777:backup-vault:dr-vault');
    expect(vault?.status).toBe('met');
    expect(vault?.message).toMatch(/4 copies completed in the last 12 months, latest 2026-11-20/);
    expect(vault?.evidence?.rules).toEqual(['us-east-1/daily-35d/daily']);
  });
});
