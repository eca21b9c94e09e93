// The data protection checks (1.22–1.25) over the demo snapshot fixtures/demo (data.json, with the bucket
// answers of s3.json and the GuardDuty / Security Hub answers of detective.json): every response they ask
// for is recorded there, and each item ends where the demo account is meant to put it.
import { beforeAll, describe, expect, it } from 'vitest';
import dataInTransitEncrypted from '../../../src/checks/security/data-in-transit-encrypted.js';
import incidentResponseRehearsed from '../../../src/checks/security/incident-response-rehearsed.js';
import kmsKeysManagedSecurely from '../../../src/checks/security/kms-keys-managed-securely.js';
import sensitiveDataEncrypted from '../../../src/checks/security/sensitive-data-encrypted.js';
import type { CheckResult, Finding, Status } from '../../../src/model.js';
import { DEMO_ACCOUNT, errorFindings, notInSnapshot, resourcesWith, resultOf, runDemo } from '../../support/demo.js';

const A = DEMO_ACCOUNT.id;
const ROOT = DEMO_ACCOUNT.rootArn;
const CHECKS = [sensitiveDataEncrypted, kmsKeysManagedSecurely, dataInTransitEncrypted, incidentResponseRehearsed];
const INTERNAL_TOOLS_HTTP = `arn:aws:elasticloadbalancing:us-east-1:${A}:listener/app/acme-internal-tools/5d7f9b1d3f5a7c90/4f6a8c0e2a4c6e8a`;
const BUCKETS_WITHOUT_TLS_DENY = ['acme-analytics-eu', 'acme-prod-access-logs', 'acme-prod-assets', 'acme-prod-backups', 'acme-prod-partner-share'].map(
  (b) => `arn:aws:s3:::${b}`,
);

let results: Map<string, CheckResult>;

beforeAll(async () => {
  results = await runDemo(CHECKS);
});

const result = (id: string) => resultOf(results, id);
const resources = (id: string, status: Finding['status']) => resourcesWith(results, id, status);

describe('data protection checks on the demo account (acme-prod)', () => {
  it('finds every response it needs in the snapshot, and can tell every item', () => {
    expect(notInSnapshot(results)).toEqual([]);
    expect(errorFindings(results)).toEqual([]);
  });

  it.each<[string, Status]>([
    ['1.22', 'not-met'],
    ['1.23', 'not-met'],
    ['1.24', 'not-met'],
    ['1.25', 'not-met'],
  ])('%s is %s', (id, status) => expect(result(id).status).toBe(status));

  it('1.22: us-west-2 has EBS encryption by default off, an unencrypted volume and legacy-reports; plain HTTP and HTTP-accepting buckets count too', () => {
    expect(resources('1.22', 'not-met')).toEqual(
      [
        `arn:aws:ec2:us-west-2:${A}:ebs-encryption-by-default`,
        `arn:aws:ec2:us-west-2:${A}:volume/vol-0d4e5f6a7b8c90911`,
        `arn:aws:rds:us-west-2:${A}:db:legacy-reports`,
        INTERNAL_TOOLS_HTTP,
        ...BUCKETS_WITHOUT_TLS_DENY,
      ].sort(),
    );
    expect(resources('1.22', 'manual')).toEqual([ROOT]);
    const met = result('1.22').findings.filter((f) => f.status === 'met');
    expect(met.find((f) => f.resource === `arn:aws:dynamodb:us-east-1:${A}:table/acme-sessions`)?.evidence).toMatchObject({ keyType: 'AWS owned key' });
    expect(met.find((f) => f.resource === 'arn:aws:s3:::acme-prod-data')?.evidence).toMatchObject({ keyType: 'SSE-KMS' });
    expect(met.map((f) => f.resource)).toContain(`arn:aws:rds:us-east-1:${A}:db:acme-prod-db`);
  });

  it('1.23: acme-legacy-exports does not rotate; the key pending deletion goes to people with the other key managers', () => {
    expect(resources('1.23', 'not-met')).toEqual([`arn:aws:kms:us-east-1:${A}:key/5e1c7b2a-9d4f-4e36-8a05-b7c2d1e9f364`]);
    expect(resources('1.23', 'manual')).toEqual([`arn:aws:kms:eu-west-1:${A}:key/2f4a6c8e-0b1d-4f3a-9c5e-7d9b1a3c5e70`, ROOT].sort());
    expect(result('1.23').findings.find((f) => f.resource.endsWith('9a7b5c3d-1e2f-4a6b-8c0d-e1f2a3b4c5d6'))).toMatchObject({
      status: 'met',
      evidence: { rotation: 'not available for this key type (rotate manually)' },
    });
  });

  it('1.24: five buckets accept plain HTTP; the internal Grafana ALB needs people; ALBs, CloudFront and APIs pass', () => {
    expect(resources('1.24', 'not-met')).toEqual(BUCKETS_WITHOUT_TLS_DENY);
    expect(resources('1.24', 'manual')).toEqual([INTERNAL_TOOLS_HTTP, ROOT].sort());
    expect(resources('1.24', 'met')).toEqual(
      [
        `arn:aws:elasticloadbalancing:us-east-1:${A}:listener/app/prod-web/7f3c9a1b2d4e6f80/9c1e3a5b7d9f1a2b`,
        `arn:aws:elasticloadbalancing:us-east-1:${A}:listener/app/prod-web/7f3c9a1b2d4e6f80/2b4d6f8a0c2e4a6b`,
        `arn:aws:elasticloadbalancing:us-west-2:${A}:listener/app/dr-web/1a2b3c4d5e6f7081/6c8e0a2c4e6a8c0e`,
        `arn:aws:elasticloadbalancing:eu-west-1:${A}:loadbalancer/*`,
        `arn:aws:cloudfront::${A}:distribution/E2QWRT5Y7U9I1O`,
        'arn:aws:apigateway:us-east-1::/restapis/k3x9p2m7qa',
        'arn:aws:apigateway:us-east-1::/domainnames/partners.acme-example.com',
        'arn:aws:apigateway:us-east-1::/apis/w8b2n6v4c1',
        'arn:aws:s3:::acme-prod-data',
      ].sort(),
    );
  });

  it('1.25: no security alternate contact; detection tools are evidence for the attestation', () => {
    expect(resources('1.25', 'not-met')).toEqual([`arn:aws:account::${A}:account`]);
    expect(result('1.25').findings.find((f) => f.status === 'manual')?.evidence).toEqual({
      securityContact: 'not set',
      guardDutyEnabled: ['us-east-1', 'eu-west-1'],
      guardDutyMissingOrSuspended: ['us-west-2'],
      securityHubEnabled: ['us-east-1'],
      securityHubNotEnabled: ['us-west-2', 'eu-west-1'],
    });
  });
});
