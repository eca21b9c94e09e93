// The identity checks (1.1–1.8, 1.12) over the demo snapshot fixtures/demo: every response they ask for is
// recorded there, and each item ends where the demo account is meant to put it.
import { beforeAll, describe, expect, it } from 'vitest';
import accessKeysInteractiveOnly from '../../../src/checks/security/access-keys-interactive-only.js';
import credentialsRotated from '../../../src/checks/security/credentials-rotated.js';
import iamUsersForRoutineWork from '../../../src/checks/security/iam-users-for-routine-work.js';
import mfaForConsoleUsers from '../../../src/checks/security/mfa-for-console-users.js';
import noSharedCredentials from '../../../src/checks/security/no-shared-credentials.js';
import rootAccountMfa from '../../../src/checks/security/root-account-mfa.js';
import rootAccountNotUsed from '../../../src/checks/security/root-account-not-used.js';
import strongPasswordPolicy from '../../../src/checks/security/strong-password-policy.js';
import type { CheckResult, Finding, Status } from '../../../src/model.js';
import { DEMO_ACCOUNT, errorFindings, notInSnapshot, resourcesWith, resultOf, runDemo } from '../../support/demo.js';

const ACCOUNT_ID = DEMO_ACCOUNT.id;
const ROOT = DEMO_ACCOUNT.rootArn;
const arn = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:user/${name}`;
const CHECKS = [
  rootAccountNotUsed,
  rootAccountMfa,
  iamUsersForRoutineWork,
  mfaForConsoleUsers,
  credentialsRotated,
  strongPasswordPolicy,
  noSharedCredentials,
  accessKeysInteractiveOnly,
];

let results: Map<string, CheckResult>;

beforeAll(async () => {
  results = await runDemo(CHECKS, { regions: ['eu-west-1', 'us-east-1', 'us-west-2'] });
});

const result = (id: string) => resultOf(results, id);
const resources = (id: string, status: Finding['status']) => resourcesWith(results, id, status);

describe('identity checks on the demo account (acme-prod)', () => {
  it('finds every response it needs in the snapshot, and can tell every item', () => {
    expect(errorFindings(results)).toEqual([]);
    expect(notInSnapshot(results)).toEqual([]);
  });

  it.each<[string, Status]>([
    ['1.1', 'not-met'],
    ['1.2', 'met'],
    ['1.3', 'not-met'],
    ['1.4', 'not-met'],
    ['1.5', 'not-met'],
    ['1.7', 'not-met'],
    ['1.8', 'manual'],
    ['1.12', 'not-met'],
  ])('%s is %s', (id, status) => expect(result(id).status).toBe(status));

  it('1.1 and 1.3: the root password was used 20 days ago', () => {
    for (const id of ['1.1', '1.3']) {
      expect(result(id).findings.map((f) => f.message).join('\n')).toContain('root password last used 20 days ago (2026-10-31)');
    }
    expect(result('1.3').findings[0].evidence).toMatchObject({ iamUsers: 7, consoleUsers: 4, samlProviders: 0, identityCenterRoles: 0 });
  });

  it('1.4: bob has a console password and no MFA; service users are not looked at', () => {
    expect(resources('1.4', 'not-met')).toEqual([arn('bob')]);
    expect(resources('1.4', 'met')).toEqual([arn('alice'), arn('carol'), arn('shared-ops')]);
  });

  it('1.5: no password expiry, carol 400-day key, ci-deployer 200-day key, legacy-backup never-used key', () => {
    expect(resources('1.5', 'not-met')).toEqual([ROOT, arn('carol'), arn('ci-deployer'), arn('legacy-backup')].sort());
    expect(resources('1.5', 'met')).toEqual([arn('alice'), arn('audit-bot'), arn('bob'), arn('shared-ops')]);
    const legacy = result('1.5').findings.find((f) => f.resource === arn('legacy-backup'))!;
    expect(legacy.message).toBe('legacy-backup: access key 1 last rotated 500 days ago (limit 90); access key 1 never used in the 500 days since it was created.');
  });

  it('1.7: lists every shortfall of the weak password policy', () => {
    const [finding] = result('1.7').findings;
    expect(finding.message).toMatch(/minimum length 8 .*does not require symbols.*passwords never expire.*prevents reuse of 0/);
  });

  it('1.8: shared-ops looks shared; a person has to attest the rest', () => {
    expect(resources('1.8', 'manual')).toEqual([ROOT, arn('shared-ops')]);
    expect(result('1.8').findings.find((f) => f.resource === ROOT)?.evidence).toMatchObject({
      iamUsers: 7,
      usersWithPasswordAndKeys: ['alice', 'carol'],
      usersWithKeysOnly: ['audit-bot', 'ci-deployer', 'legacy-backup'],
      genericLookingNames: ['shared-ops'],
    });
  });

  it('1.12: old and admin service keys fail; the audit bot and the people holding keys need an attestation', () => {
    expect(resources('1.12', 'not-met')).toEqual([arn('ci-deployer'), arn('legacy-backup')]);
    expect(resources('1.12', 'manual')).toEqual([arn('alice'), arn('audit-bot'), arn('carol')]);
    expect(resources('1.12', 'met')).toEqual([]);
    expect(result('1.12').findings.find((f) => f.resource === arn('carol'))?.message).toContain('attest that it is stored securely on a device carol controls');
    const ci = result('1.12').findings.find((f) => f.resource === arn('ci-deployer'))!;
    expect(ci.message).toContain('access key 1 last rotated 200 days ago (limit 7)');
    expect(ci.message).toContain('policy AdministratorAccess is not tightly scoped');
    expect(result('1.12').findings.find((f) => f.resource === arn('audit-bot'))?.message).toContain('limited by aws:SourceIp');
  });
});
