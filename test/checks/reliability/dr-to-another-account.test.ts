import { expect } from 'vitest';
import check from '../../../src/checks/reliability/dr-to-another-account.js';
import { DENIED_EXCEPTION, THROTTLED, awsError, daysAgo, testCheck } from '../../support/check-tester.js';

// Cases run at 2026-06-01: the 12-month window starts at 2025-06-01T00:00:00Z.
const PLANS = (region = 'us-east-1') => `backup:ListBackupPlans@${region}`;
const PLAN = (id: string, region = 'us-east-1') => `backup:GetBackupPlan@${region} {"BackupPlanId":"${id}"}`;
const COPIES = (region = 'us-east-1') => `backup:ListCopyJobs@${region} {"ByCreatedAfter":"2025-06-01T00:00:00.000Z"}`;
const DR_VAULT = 'arn:aws:backup:us-west-2:999988887777:backup-vault:dr-vault';
const OWN_VAULT = 'arn:aws:backup:us-west-2:123456789012:backup-vault:regional-copy';
const ACCOUNT_WIDE = 'arn:aws:::123456789012';

const plan = (id: string, name: string, copyTo: string[], region = 'us-east-1') => ({
  [PLAN(id, region)]: {
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
  ...Object.assign({}, ...plans.map((p) => plan(p.id, p.name, p.copyTo, region))),
  [COPIES(region)]: { CopyJobs: jobs },
});
const DAILY = { id: 'plan-1', name: 'daily-35d', copyTo: [DR_VAULT, OWN_VAULT] };

const OTHER_VAULT = 'arn:aws:backup:eu-west-1:555566667777:backup-vault:archive';
const WEEKLY = { id: 'plan-2', name: 'weekly', copyTo: [OTHER_VAULT] };
const COPY_JOBS_OF = (region: string) => `arn:aws:backup:${region}:123456789012:copy-job:*`;
const PLANS_OF = (region: string) => `arn:aws:backup:${region}:123456789012:backup-plan:*`;
const at = (iso: string, State: string, vault = DR_VAULT) => ({ ...copy(0, State, vault), CopyJobId: `copy-${iso}`, CreationDate: iso });

testCheck(check, {
  // The full recovery test in the other account cannot be seen from here: the best the API gives is manual.
  met: [
    {
      name: 'copiesReachAnotherAccountStillManualForRecoveryTest',
      responses: responses([DAILY], [copy(1, 'COMPLETED'), copy(2, 'COMPLETED'), copy(3, 'FAILED'), copy(1, 'COMPLETED', OWN_VAULT), copy(0, 'RUNNING')]),
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        metResources: [DR_VAULT],
        message:
          'Backups are copied to account(s) 999988887777: attest a full recovery test of the workload in another account within the last 12 months ' +
          '(restores there are not visible from this account).',
        check: (r) => {
          const vault = r.findings.find((f) => f.resource === DR_VAULT);
          expect(vault?.message).toBe('Backups are copied to vault dr-vault in account 999988887777 (us-west-2): 2 copies completed in the last 12 months, latest 2026-05-31.');
          expect(vault?.evidence).toEqual({ rules: ['us-east-1/daily-35d/daily'], completedCopies: 2, failedCopies: 1, latestCopy: daysAgo(1) });
        },
      },
    },
    {
      name: 'copyExactlyAtTheWindowStartFromAnotherRegion',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...responses([], []), ...responses([], [at('2025-06-01T00:00:00.000Z', 'COMPLETED')], 'eu-west-1') },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE], metResources: [DR_VAULT], message: 'Backups are copied to account(s) 999988887777' },
    },
    {
      name: 'twoRulesCopyToTheVaultAndOddRulesAndJobsAreIgnored',
      responses: {
        ...responses([DAILY], [copy(2, 'COMPLETED', 'dr-vault-by-name'), copy(1, 'COMPLETED')]),
        [PLANS()]: { BackupPlansList: [{ BackupPlanId: 'plan-1', BackupPlanName: 'daily-35d' }, { BackupPlanId: 'plan-3', BackupPlanName: 'hourly' }, { BackupPlanId: 'plan-4', BackupPlanName: 'odd' }] },
        [PLAN('plan-3')]: {
          BackupPlanId: 'plan-3',
          BackupPlan: { BackupPlanName: 'hourly', Rules: [{ RuleName: 'local-only' }, { RuleName: 'hourly', CopyActions: [{ DestinationBackupVaultArn: DR_VAULT }] }] },
        },
        [PLAN('plan-4')]: { BackupPlanId: 'plan-4' },
      },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        metResources: [DR_VAULT],
        check: (r) => expect(r.findings.find((f) => f.resource === DR_VAULT)?.evidence).toMatchObject({ rules: ['us-east-1/daily-35d/daily', 'us-east-1/hourly/hourly'], completedCopies: 1 }),
      },
    },
    {
      name: 'plansUnreadableInTwoRegionsButCopiesReachAnotherAccount',
      regions: ['us-east-1', 'eu-west-1', 'ap-east-2'],
      responses: {
        ...responses([], [copy(1, 'COMPLETED')]),
        [PLANS()]: DENIED_EXCEPTION,
        ...responses([], [], 'eu-west-1'),
        [PLANS('eu-west-1')]: THROTTLED,
        [PLANS('ap-east-2')]: awsError('UnknownEndpoint', 'getaddrinfo ENOTFOUND backup.ap-east-2.amazonaws.com'),
        [COPIES('ap-east-2')]: awsError('UnknownEndpoint', 'getaddrinfo ENOTFOUND backup.ap-east-2.amazonaws.com'),
      },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        metResources: [DR_VAULT],
        message: 'Not read (they could only add copy rules): missing permission backup:ListBackupPlans (us-east-1), backup:ListBackupPlans still throttled after retries (eu-west-1).',
      },
    },
    {
      name: 'plansUnreadableButCopiesReachAnotherAccount',
      responses: { ...responses([], [copy(1, 'COMPLETED')]), [PLANS()]: DENIED_EXCEPTION },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        metResources: [DR_VAULT],
        message: 'Not read (they could only add copy rules): missing permission backup:ListBackupPlans (us-east-1).',
        check: (r) => expect(r.findings.find((f) => f.resource === ACCOUNT_WIDE)?.evidence).toEqual({ notRead: [`${PLANS_OF('us-east-1')}: could not tell: missing permission backup:ListBackupPlans`] }),
      },
    },
  ],
  notMet: [
    {
      name: 'noCopyToAnotherAccountAnywhere',
      regions: ['us-east-1', 'eu-west-1'],
      responses: {
        ...responses([{ id: 'plan-1', name: 'daily-35d', copyTo: [OWN_VAULT] }], [copy(1, 'COMPLETED', OWN_VAULT), { ...copy(2, 'COMPLETED'), DestinationBackupVaultArn: undefined }]),
        ...responses([], [], 'eu-west-1'),
      },
      expect: {
        resources: [ACCOUNT_WIDE],
        message:
          'No AWS Backup plan in us-east-1, eu-west-1 copies backups to another account, and no copy to another account ran in the last 12 months: ' +
          'the DR plan has no data in another account to recover from.',
      },
    },
    {
      name: 'onlyCopiesOlderThanTheWindowReachedAnotherAccount',
      responses: responses([], [at('2025-05-31T00:00:00.000Z', 'COMPLETED')]),
      expect: { resources: [ACCOUNT_WIDE] },
    },
    {
      name: 'everyCopyToOneOfTwoAccountsFails',
      responses: responses([DAILY, WEEKLY], [copy(1, 'COMPLETED'), copy(10, 'PARTIAL', OTHER_VAULT, 'older'), copy(3, 'FAILED', OTHER_VAULT, 'Access denied to vault')]),
      expect: {
        resources: [OTHER_VAULT],
        metResources: [DR_VAULT],
        message: 'Every copy to vault archive in account 555566667777 (eu-west-1) in the last 12 months failed (latest: Access denied to vault).',
      },
    },
    {
      name: 'failedCopyWithoutAMessage',
      responses: responses([], [copy(3, 'FAILED', OTHER_VAULT)]),
      expect: { resources: [OTHER_VAULT], message: 'failed (latest: no message).' },
    },
  ],
  cannotTell: [
    {
      name: 'copyRulesWithoutListedJobs',
      responses: responses([DAILY, { id: 'plan-5', name: 'weekly-dr', copyTo: [DR_VAULT] }], [copy(0, 'RUNNING'), copy(0, 'CREATED')]),
      expect: {
        status: 'manual',
        resources: [DR_VAULT, ACCOUNT_WIDE],
        message:
          'Backup rule(s) us-east-1/daily-35d/daily, us-east-1/weekly-dr/daily copy to vault dr-vault in account 999988887777 (us-west-2), but no copy job to it is listed ' +
          'for the last 12 months: check that the rule runs.',
      },
    },
    {
      name: 'oneOfTwoPlansUnreadableWhileTheOtherCopiesElsewhere',
      responses: { ...responses([DAILY, WEEKLY], []), [PLAN('plan-1')]: DENIED_EXCEPTION },
      expect: { status: 'manual', resources: [OTHER_VAULT, ACCOUNT_WIDE], message: 'Not read (they could only add copy rules): missing permission backup:GetBackupPlan (us-east-1).' },
    },
    {
      name: 'listPlansDeniedAndNoCopySeen',
      responses: { ...responses([], []), [PLANS()]: DENIED_EXCEPTION },
      expect: { resources: [PLANS_OF('us-east-1')], missingPermission: 'backup:ListBackupPlans' },
    },
    {
      name: 'getPlanDeniedAndNoCopySeen',
      responses: { ...responses([DAILY], []), [PLAN('plan-1')]: DENIED_EXCEPTION },
      expect: { resources: ['arn:aws:backup:us-east-1:123456789012:backup-plan:plan-1'], missingPermission: 'backup:GetBackupPlan' },
    },
    {
      // Copy jobs could show failing copies: with no copy rule seen, an unreadable job list is not "no copy at all".
      name: 'copyJobsDeniedAndNoCopyRule',
      responses: { ...responses([{ id: 'plan-1', name: 'daily-35d', copyTo: [OWN_VAULT] }], []), [COPIES()]: DENIED_EXCEPTION },
      expect: { resources: [COPY_JOBS_OF('us-east-1')], missingPermission: 'backup:ListCopyJobs' },
    },
    {
      name: 'copyJobsDeniedInOneRegionWhileAnotherCopies',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...responses([DAILY], [copy(1, 'COMPLETED')]), ...responses([], [], 'eu-west-1'), [COPIES('eu-west-1')]: DENIED_EXCEPTION },
      expect: { resources: [COPY_JOBS_OF('eu-west-1')], metResources: [DR_VAULT], missingPermission: 'backup:ListCopyJobs' },
    },
  ],
});
