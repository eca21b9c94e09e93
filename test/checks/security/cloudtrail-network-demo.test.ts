// The demo snapshot (fixtures/demo) tells the intended story for 1.13–1.16: one multi-region trail logging
// all management events to a bucket in the audit account (1.13 met, 1.14 met, 1.15 manual: the bucket is
// another account's), and security groups with an SSH bastion and a launch-wizard group open to the internet
// plus stock default-group rules in us-east-1 and us-west-2 (1.16 not met), eu-west-1 clean.
import { beforeAll, describe, expect, it } from 'vitest';
import cloudtrailAllRegions from '../../../src/checks/security/cloudtrail-all-regions.js';
import cloudtrailBucketOtherAccount from '../../../src/checks/security/cloudtrail-bucket-other-account.js';
import cloudtrailBucketVersioning from '../../../src/checks/security/cloudtrail-bucket-versioning.js';
import securityGroupsTightlyScoped from '../../../src/checks/security/security-groups-tightly-scoped.js';
import type { CheckResult } from '../../../src/model.js';
import { DEMO_ACCOUNT, notInSnapshot, resultOf, runDemo } from '../../support/demo.js';

const CHECKS = [cloudtrailAllRegions, cloudtrailBucketOtherAccount, cloudtrailBucketVersioning, securityGroupsTightlyScoped];
const sg = (region: string, id: string) => `arn:aws:ec2:${region}:${DEMO_ACCOUNT.id}:security-group/${id}`;

let results: Map<string, CheckResult>;
beforeAll(async () => {
  results = await runDemo(CHECKS);
});

describe('demo snapshot: CloudTrail and security groups (1.13–1.16)', () => {
  it('answers every call from the snapshot', () => {
    expect(notInSnapshot(results)).toEqual([]);
  });

  it('1.13: the multi-region org-audit-trail covers every region', () => {
    const r = resultOf(results, '1.13');
    expect(r.status).toBe('met');
    expect(r.findings.map((f) => f.resource)).toEqual(['arn:aws:cloudtrail:us-east-1:210987654321:trail/org-audit-trail']);
  });

  it('1.14: the trail bucket is owned by another account', () => {
    const r = resultOf(results, '1.14');
    expect(r.status).toBe('met');
    expect(r.findings[0].message).toMatch(/acme-prod-cloudtrail-logs, owned by another account/);
  });

  it('1.15: the other account\'s bucket is left to people to verify', () => {
    const r = resultOf(results, '1.15');
    expect(r.status).toBe('manual');
    expect(r.findings.map((f) => f.resource)).toEqual(['arn:aws:s3:::acme-prod-cloudtrail-logs']);
  });

  it('1.16: bastion-ssh, launch-wizard-1 and stock default groups are not met; eu-west-1 is clean', () => {
    const r = resultOf(results, '1.16');
    expect(r.status).toBe('not-met');
    const notMet = r.findings.filter((f) => f.status === 'not-met');
    expect(notMet.map((f) => f.resource).sort()).toEqual(
      [
        sg('us-east-1', 'sg-0c4d1e7a2b9f30005'),
        sg('us-east-1', 'sg-0c4d1e7a2b9f30001'),
        sg('us-west-2', 'sg-0f6a2b8c4d1e50003'),
        sg('us-west-2', 'sg-0f6a2b8c4d1e50001'),
      ].sort(),
    );
    expect(notMet.find((f) => f.resource.endsWith('30005'))?.message).toMatch(/tcp\/22 from 0\.0\.0\.0\/0; used by eni-0a11b22c33d44e506 \(i-0b7a3c9d2e1f40a11\)/);
    expect(notMet.find((f) => f.resource.endsWith('50003'))?.message).toMatch(/not attached to any network interface/);
    expect(r.findings.filter((f) => f.region === 'eu-west-1').map((f) => f.status)).toEqual(['met']);
    expect(r.findings.some((f) => f.status === 'error')).toBe(false);
  });
});
