// The demo account (fixtures/demo) through 1.17–1.21: the statuses the demo is built to show, and every
// call these checks make answered by the snapshot (no 'not-in-snapshot' errors).
import { beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../../../src/aws/fetcher.js';
import { createAwsData } from '../../../src/aws/index.js';
import { SERVICES } from '../../../src/aws/services/index.js';
import { loadSnapshot } from '../../../src/aws/snapshot.js';
import type { Check } from '../../../src/checks/define-check.js';
import dataClassified from '../../../src/checks/security/data-classified.js';
import changeDetection from '../../../src/checks/security/ec2-container-change-detection.js';
import s3AccessAppropriate from '../../../src/checks/security/s3-access-appropriate.js';
import s3NotPublic from '../../../src/checks/security/s3-not-public.js';
import s3PublicMonitoring from '../../../src/checks/security/s3-public-monitoring.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../../src/config/thresholds.js';
import { runChecks } from '../../../src/engine.js';
import type { CheckResult } from '../../../src/model.js';

const ACCOUNT = { id: '210987654321', partition: 'aws', rootArn: 'arn:aws:iam::210987654321:root' };
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const CHECKS: Check[] = [s3AccessAppropriate, s3NotPublic, s3PublicMonitoring, changeDetection, dataClassified];
const bucket = (name: string) => `arn:aws:s3:::${name}`;

async function scanDemo(thresholds: Thresholds = DEFAULT_THRESHOLDS): Promise<Map<string, CheckResult>> {
  const fetcher = new Fetcher({ services: SERVICES, homeRegion: 'us-east-1', snapshot: loadSnapshot('fixtures/demo') });
  const { results } = await runChecks({
    checks: CHECKS,
    only: CHECKS.map((c) => c.meta.id),
    context: {
      aws: createAwsData(fetcher),
      account: ACCOUNT,
      regions: REGIONS,
      homeRegion: 'us-east-1',
      thresholds,
      deploymentModel: 'multi-tenant-saas',
      now: new Date('2026-11-20T10:00:00Z'),
    },
  });
  return new Map(results.map((r) => [r.id, r]));
}

const withStatus = (r: CheckResult | undefined, status: string) => (r?.findings ?? []).filter((f) => f.status === status).map((f) => f.resource).sort();
const byRegion = (r: CheckResult | undefined) => Object.fromEntries((r?.findings ?? []).map((f) => [f.region, f.status]));

describe('demo account: S3 access and detective controls (1.17–1.21)', () => {
  let results: Map<string, CheckResult>;
  beforeAll(async () => {
    results = await scanDemo();
  });

  it('answers every call from the snapshot, with no errors', () => {
    const findings = [...results.values()].flatMap((r) => r.findings);
    expect(findings.filter((f) => f.errorKind === 'not-in-snapshot').map((f) => f.message)).toEqual([]);
    expect(findings.filter((f) => f.status === 'error').map((f) => f.message)).toEqual([]);
  });

  it('1.17: the public website and the unconditioned partner share are not met; the others are', () => {
    const r = results.get('1.17');
    expect(r?.status).toBe('not-met');
    expect(withStatus(r, 'not-met')).toEqual([bucket('acme-prod-assets'), bucket('acme-prod-partner-share')]);
    expect(withStatus(r, 'met')).toEqual(['acme-analytics-eu', 'acme-prod-access-logs', 'acme-prod-backups', 'acme-prod-data'].map(bucket));
    expect(r?.findings.find((f) => f.resource === bucket('acme-prod-cloudtrail-logs'))).toBeUndefined();
  });

  it('1.18: only the website bucket is public; account-level Block Public Access is half on', () => {
    const r = results.get('1.18');
    expect(r?.status).toBe('not-met');
    expect(withStatus(r, 'not-met')).toEqual([bucket('acme-prod-assets')]);
    expect(r?.findings.find((f) => f.resource === ACCOUNT.rootArn)?.message).toMatch(/not fully on \(off: BlockPublicPolicy, RestrictPublicBuckets\)/);
  });

  it('1.19: monitored in us-east-1 and eu-west-1, not in us-west-2', () => {
    const r = results.get('1.19');
    expect(r?.status).toBe('not-met');
    expect(byRegion(r)).toEqual({ 'us-east-1': 'met', 'us-west-2': 'not-met', 'eu-west-1': 'met' });
  });

  it('1.20: us-east-1 has signals to attest, us-west-2 nothing to monitor, eu-west-1 nothing watching its workers', () => {
    const r = results.get('1.20');
    expect(r?.status).toBe('not-met');
    expect(byRegion(r)).toEqual({ 'us-east-1': 'manual', 'us-west-2': 'met', 'eu-west-1': 'not-met' });
  });

  it('1.21: manual in every region, Macie off', () => {
    const r = results.get('1.21');
    expect(r?.status).toBe('manual');
    expect(byRegion(r)).toEqual({ 'us-east-1': 'manual', 'us-west-2': 'manual', 'eu-west-1': 'manual' });
  });

  it('allow-listing the website bucket makes 1.18 met and leaves the partner share in 1.17', async () => {
    const allowed = await scanDemo({ ...DEFAULT_THRESHOLDS, publicBuckets: ['acme-prod-assets'] });
    expect(allowed.get('1.18')?.status).toBe('met');
    expect(withStatus(allowed.get('1.17'), 'not-met')).toEqual([bucket('acme-prod-partner-share')]);
  });
});
