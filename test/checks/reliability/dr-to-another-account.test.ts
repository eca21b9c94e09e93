import { expect } from 'vitest';
import check from '../../../src/checks/reliability/dr-to-another-account.js';
import { DENIED_EXCEPTION, daysAgo, testCheck } from '../../support/check-tester.js';

// Cases run at 2026-06-01: the 12-month window starts at 2025-06-01T00:00:00Z.
const PLANS = (region = 'us-east-1') => `backup:ListBackupPlans@${region}`;
const PLAN = (id: string, region = 'us-east-1') => `backup:GetBackupPlan@${region} {"BackupPlanId":"${id}"}`;
const COPIES = (region = 'us-east-1') => `backup:ListCopyJobs@${region} {"ByCreatedAfter":"2025-06-01T00:00:00.000Z"}`;
const DR_VAULT = 'arn:aws:backup:us-west-2:999988887777:backup-vault:dr-vault';
const OWN_VAULT = 'arn:aws:backup:us-west-2:123456789012:backup-vault:regional-copy';
const ACCOUNT_WIDE = 'arn:aws:::123456789012';

const plan = (id: string, name: string, copyTo: string[]) => ({
  [PLAN(id)]: {
    BackupPlanId: id,
    BackupPlan: {
      BackupPlanName: name,
      Rules: [
        {
          RuleName: 'daily',
          TargetBackupVaultName: 'Default',
          ScheduleExpression: 'cron(0 5 ? * * *)',
          Lifecycle: { DeleteAfterDays: 35 },
          CopyActions: copyTo.map((DestinationBackupVaultArn) => ({ DestinationBackupVaultArn, Lifecycle: { DeleteAfterDays: 35 } })),
        },
      ],
    },
  },
});
const copy = (days: number, State: string, vault = DR_VAULT, StatusMessage?: string) => ({
  CopyJobId: `copy-${days}-${State}`,
  DestinationBackupVaultArn: vault,
  CreationDate: daysAgo(days),
  State,
  StatusMessage,
});
const responses = (plans: { id: string; name: string; copyTo: string[] }[], jobs: unknown[], region = 'us-east-1') => ({
  [PLANS(region)]: { BackupPlansList: plans.map((p) => ({ BackupPlanId: p.id, BackupPlanName: p.name })) },
  ...Object.assign({}, ...plans.map((p) => plan(p.id, p.name, p.copyTo))),
  [COPIES(region)]: { CopyJobs: jobs },
});
const DAILY = { id: 'plan-1', name: 'daily-35d', copyTo: [DR_VAULT, OWN_VAULT] };

testCheck(check, {
  // The full recovery test in the other account cannot be seen from here: the best the API gives is manual.
  met: [
    {
      name: 'copiesReachAnotherAccountStillManualForRecoveryTest',
      responses: responses([DAILY], [copy(1, 'COMPLETED'), copy(2, 'COMPLETED'), copy(3, 'FAILED'), copy(1, 'COMPLETED', OWN_VAULT)]),
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        message: 'Backups are copied to account(s) 999988887777: attest a full recovery test',
        check: (r) => {
          const vault = r.findings.find((f) => f.resource === DR_VAULT);
          expect(vault?.status).toBe('met');
          expect(vault?.message).toBe('Backups are copied to vault dr-vault in account 999988887777 (us-west-2): 2 copies completed in the last 12 months, latest 2026-05-31.');
          expect(r.findings.some((f) => f.resource === OWN_VAULT)).toBe(false);
        },
      },
    },
  ],
  notMet: [
    {
      name: 'noCopyToAnotherAccountAnywhere',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...responses([{ id: 'plan-1', name: 'daily-35d', copyTo: [OWN_VAULT] }], [copy(1, 'COMPLETED', OWN_VAULT)]), ...responses([], [], 'eu-west-1') },
      expect: { resources: [ACCOUNT_WIDE], message: 'No AWS Backup plan in us-east-1, eu-west-1 copies backups to another account' },
    },
    {
      name: 'everyCopyToTheOtherAccountFails',
      responses: responses([DAILY], [copy(3, 'FAILED', DR_VAULT, 'Access denied to vault'), copy(10, 'PARTIAL', DR_VAULT, 'older')]),
      expect: { resources: [DR_VAULT], message: 'failed (latest: Access denied to vault)' },
    },
  ],
  cannotTell: [
    {
      name: 'copyRuleWithoutListedJobs',
      responses: responses([DAILY], []),
      expect: { status: 'manual', message: 'Backup rule(s) us-east-1/daily-35d/daily copy to vault dr-vault in account 999988887777' },
    },
    { name: 'listPlansDenied', responses: { ...responses([], []), [PLANS()]: DENIED_EXCEPTION }, expect: { missingPermission: 'backup:ListBackupPlans' } },
    { name: 'getPlanDenied', responses: { ...responses([DAILY], []), [PLAN('plan-1')]: DENIED_EXCEPTION }, expect: { missingPermission: 'backup:GetBackupPlan' } },
    {
      name: 'copyJobsDeniedInOneRegion',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...responses([], []), ...responses([], [], 'eu-west-1'), [COPIES('eu-west-1')]: DENIED_EXCEPTION },
      expect: { resources: ['arn:aws:backup:eu-west-1:123456789012:backup-plan:*'], missingPermission: 'backup:ListCopyJobs' },
    },
  ],
});
