// The least-privilege and credential checks (1.9, 1.10, 1.11) over the demo snapshot fixtures/demo: every
// response they ask for is recorded there (IAM authorization details in iam.json, workloads in
// workloads.json), and each item ends where the demo account is meant to put it.
import { beforeAll, describe, expect, it } from 'vitest';
import credentialsEncryptedAtRest from '../../../src/checks/security/credentials-encrypted-at-rest.js';
import leastPrivilegePolicies from '../../../src/checks/security/least-privilege-policies.js';
import noHardcodedCredentials from '../../../src/checks/security/no-hardcoded-credentials.js';
import type { CheckResult, Finding } from '../../../src/model.js';
import { DEMO_ACCOUNT, errorFindings, notInSnapshot, resourcesWith, resultOf, runDemo } from '../../support/demo.js';

const ACCOUNT_ID = DEMO_ACCOUNT.id;
const CHECKS = [leastPrivilegePolicies, noHardcodedCredentials, credentialsEncryptedAtRest];

let results: Map<string, CheckResult>;

beforeAll(async () => {
  results = await runDemo(CHECKS);
});

const result = (id: string) => resultOf(results, id);
const resources = (id: string, status: Finding['status'], region?: string) => resourcesWith(results, id, status, region);

describe('least privilege and credential checks on the demo account (acme-prod)', () => {
  it('finds every response it needs in the snapshot, and can tell every item', () => {
    expect(notInSnapshot(results)).toEqual([]);
    expect(errorFindings(results)).toEqual([]);
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
