// The least-privilege and credential checks (1.9, 1.10, 1.11) over the demo snapshot fixtures/demo: every
// response they ask for is recorded there (IAM authorization details in iam.json, workloads in
// workloads.json), and each item ends where the demo account is meant to put it.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../../../src/aws/fetcher.js';
import { createAwsData } from '../../../src/aws/index.js';
import { SERVICES } from '../../../src/aws/services/index.js';
import { loadSnapshot } from '../../../src/aws/snapshot.js';
import credentialsEncryptedAtRest from '../../../src/checks/security/credentials-encrypted-at-rest.js';
import leastPrivilegePolicies from '../../../src/checks/security/least-privilege-policies.js';
import noHardcodedCredentials from '../../../src/checks/security/no-hardcoded-credentials.js';
import { DEFAULT_THRESHOLDS } from '../../../src/config/thresholds.js';
import { runChecks } from '../../../src/engine.js';
import type { CheckResult, Finding } from '../../../src/model.js';

const ACCOUNT_ID = '210987654321';
const ROOT = `arn:aws:iam::${ACCOUNT_ID}:root`;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const CHECKS = [leastPrivilegePolicies, noHardcodedCredentials, credentialsEncryptedAtRest];

let results: Map<string, CheckResult>;

beforeAll(async () => {
  const snapshot = loadSnapshot(fileURLToPath(new URL('../../../fixtures/demo', import.meta.url)));
  const fetcher = new Fetcher({ services: SERVICES, homeRegion: 'us-east-1', snapshot });
  const out = await runChecks({
    checks: CHECKS,
    only: CHECKS.map((c) => c.meta.id),
    context: {
      aws: createAwsData(fetcher),
      account: { id: ACCOUNT_ID, partition: 'aws', rootArn: ROOT },
      regions: REGIONS,
      homeRegion: 'us-east-1',
      thresholds: DEFAULT_THRESHOLDS,
      deploymentModel: 'multi-tenant-saas',
      now: new Date(snapshot.recordedAt!),
    },
  });
  results = new Map(out.results.map((r) => [r.id, r]));
});

const result = (id: string) => results.get(id)!;
const resources = (id: string, status: Finding['status'], region?: string) =>
  result(id)
    .findings.filter((f) => f.status === status && (region === undefined || f.region === region))
    .map((f) => f.resource)
    .sort();

describe('least privilege and credential checks on the demo account (acme-prod)', () => {
  it('finds every response it needs in the snapshot, and can tell every item', () => {
    const findings = [...results.values()].flatMap((r) => r.findings.map((f) => ({ id: r.id, ...f })));
    expect(findings.filter((f) => f.errorKind === 'not-in-snapshot')).toEqual([]);
    expect(findings.filter((f) => f.status === 'error').map((f) => `${f.id}: ${f.message}`)).toEqual([]);
  });

  it('1.9: ci-deployer has AdministratorAccess attached directly; the rest is scoped, admins group left to review', () => {
    expect(result('1.9').status).toBe('not-met');
    expect(resources('1.9', 'not-met')).toEqual([`arn:aws:iam::${ACCOUNT_ID}:user/ci-deployer`]);
    expect(resources('1.9', 'met')).toContain(`arn:aws:iam::${ACCOUNT_ID}:policy/acme-developers`);
    expect(resources('1.9', 'met')).not.toContain(`arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`);
    const review = result('1.9').findings.find((f) => f.status === 'manual');
    expect(review?.evidence?.adminGrantsToReview).toEqual(['group admins: AdministratorAccess']);
  });

  it('1.10: a partner access key in the acme-orders-export environment; elsewhere nothing, code left to people', () => {
    expect(result('1.10').status).toBe('not-met');
    expect(resources('1.10', 'not-met')).toEqual([`arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:acme-orders-export`]);
    const hit = result('1.10').findings.find((f) => f.status === 'not-met')!;
    expect(hit.message).toMatch('environment variable PARTNER_ACCESS_KEY_ID holds an access key id; environment variable PARTNER_SECRET_ACCESS_KEY holds a secret access key');
    expect(JSON.stringify(result('1.10').findings)).not.toMatch(/AKIA|<redacted>/);
    for (const region of ['us-west-2', 'eu-west-1']) {
      expect(resources('1.10', 'not-met', region)).toEqual([]);
      expect(resources('1.10', 'met', region)).toHaveLength(4);
    }
    expect(result('1.10').findings.filter((f) => f.status === 'manual').map((f) => f.region)).toEqual(['us-east-1']);
  });

  it('1.11: /prod/db/password is a plain String and acme-orders-export keeps a secret key in its environment', () => {
    expect(result('1.11').status).toBe('not-met');
    expect(resources('1.11', 'not-met')).toEqual([
      `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:acme-orders-export`,
      `arn:aws:ssm:us-east-1:${ACCOUNT_ID}:parameter/prod/db/password`,
    ]);
    for (const region of ['us-west-2', 'eu-west-1']) expect(resources('1.11', 'not-met', region)).toEqual([]);
    const secrets = result('1.11').findings.find((f) => f.region === 'us-east-1' && f.resource.endsWith(':secret:*'));
    expect(secrets).toMatchObject({ status: 'met', evidence: { secrets: 2, customerManagedKey: 1 } });
  });
});
