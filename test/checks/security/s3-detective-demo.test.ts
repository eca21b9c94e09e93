// The demo account (fixtures/demo) through 1.17–1.21: the statuses the demo is built to show, and every
// call these checks make answered by the snapshot (no 'not-in-snapshot' errors).
import { beforeAll, describe, expect, it } from 'vitest';
import dataClassified from '../../../src/checks/security/data-classified.js';
import changeDetection from '../../../src/checks/security/ec2-container-change-detection.js';
import s3AccessAppropriate from '../../../src/checks/security/s3-access-appropriate.js';
import s3NotPublic from '../../../src/checks/security/s3-not-public.js';
import s3PublicMonitoring from '../../../src/checks/security/s3-public-monitoring.js';
import { DEFAULT_THRESHOLDS } from '../../../src/config/thresholds.js';
import type { CheckResult } from '../../../src/model.js';
import { DEMO_ACCOUNT, errorFindings, notInSnapshot, resourcesWith, runDemo } from '../../support/demo.js';

const CHECKS = [s3AccessAppropriate, s3NotPublic, s3PublicMonitoring, changeDetection, dataClassified];
const bucket = (name: string) => `arn:aws:s3:::${name}`;

const byRegion = (r: CheckResult | undefined) => Object.fromEntries((r?.findings ?? []).map((f) => [f.region, f.status]));

describe('demo account: S3 access and detective controls (1.17–1.21)', () => {
  let results: Map<string, CheckResult>;
  beforeAll(async () => {
    results = await runDemo(CHECKS);
  });

  it('answers every call from the snapshot, with no errors', () => {
    expect(notInSnapshot(results)).toEqual([]);
    expect(errorFindings(results)).toEqual([]);
  });

  it('1.17: the public website and the unconditioned partner share are not met; the others are', () => {
    const r = results.get('1.17');
    expect(r?.status).toBe('not-met');
    expect(resourcesWith(results, '1.17', 'not-met')).toEqual([bucket('acme-prod-assets'), bucket('acme-prod-partner-share')]);
    expect(resourcesWith(results, '1.17', 'met')).toEqual(['acme-analytics-eu', 'acme-prod-access-logs', 'acme-prod-backups', 'acme-prod-data'].map(bucket));
    expect(r?.findings.find((f) => f.resource === bucket('acme-prod-cloudtrail-logs'))).toBeUndefined();
  });

  it('1.18: only the website bucket is public; account-level Block Public Access is half on', () => {
    const r = results.get('1.18');
    expect(r?.status).toBe('not-met');
    expect(resourcesWith(results, '1.18', 'not-met')).toEqual([bucket('acme-prod-assets')]);
    expect(r?.findings.find((f) => f.resource === DEMO_ACCOUNT.rootArn)?.message).toMatch(/not fully on \(off: BlockPublicPolicy, RestrictPublicBuckets\)/);
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
    const allowed = await runDemo(CHECKS, { thresholds: { ...DEFAULT_THRESHOLDS, publicBuckets: ['acme-prod-assets'] } });
    expect(allowed.get('1.18')?.status).toBe('met');
    expect(resourcesWith(allowed, '1.17', 'not-met')).toEqual([bucket('acme-prod-partner-share')]);
  });
});
