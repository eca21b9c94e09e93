import { expect } from 'vitest';
import check from '../../../src/checks/reliability/recovery-tested.js';
import { DENIED_EXCEPTION, daysAgo, testCheck } from '../../support/check-tester.js';

// Cases run at 2026-06-01: the 12-month window starts at 2025-06-01T00:00:00Z.
const JOBS = 'backup:ListRestoreJobs@us-east-1 {"ByCreatedAfter":"2025-06-01T00:00:00.000Z"}';
const PLANS = 'backup:ListRestoreTestingPlans@us-east-1';
const PLAN_ARN = 'arn:aws:backup:us-east-1:123456789012:restore-testing-plan:weekly-rds-1a2b3c';
const plan = { RestoreTestingPlanName: 'weekly-rds', RestoreTestingPlanArn: PLAN_ARN, ScheduleExpression: 'cron(0 5 ? * SUN *)', CreationTime: daysAgo(300) };
const job = (days: number, extra = {}) => ({
  RestoreJobId: `job-${days}`,
  CreationDate: daysAgo(days),
  Status: 'COMPLETED',
  ResourceType: 'RDS',
  CreatedBy: { RestoreTestingPlanArn: PLAN_ARN },
  ValidationStatus: 'SUCCESSFUL',
  ...extra,
});
const responses = (plans: unknown[], jobs: unknown[]) => ({ [PLANS]: { RestoreTestingPlans: plans }, [JOBS]: { RestoreJobs: jobs } });
const ACCOUNT_WIDE = 'arn:aws:::123456789012';
const PLANS_SCOPE = 'arn:aws:backup:us-east-1:123456789012:restore-testing-plan/*';
const JOBS_SCOPE = 'arn:aws:backup:us-east-1:123456789012:restore-job/*';
const PLAN_B_ARN = 'arn:aws:backup:us-east-1:123456789012:restore-testing-plan:daily-ddb-4d5e6f';
const planB = { ...plan, RestoreTestingPlanName: 'daily-ddb', RestoreTestingPlanArn: PLAN_B_ARN, ScheduleExpression: 'cron(0 3 * * ? *)' };
const byB = { CreatedBy: { RestoreTestingPlanArn: PLAN_B_ARN } };

testCheck(check, {
  // Recovery testing after architectural changes is always left to people: the best the API gives is manual.
  met: [
    {
      name: 'scheduledRestoreTestsPassStillManualForChanges',
      responses: responses([plan], [job(3), job(10, { Status: 'FAILED' }), job(2, { Status: 'RUNNING' }), job(1, { Status: 'PENDING' })]),
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        metResources: [PLAN_ARN],
        check: (r) => {
          const passed = r.findings.find((f) => f.resource === PLAN_ARN);
          expect(passed?.message).toBe('Restore testing plan weekly-rds (cron(0 5 ? * SUN *)) restores on schedule; latest test 2026-05-29 completed.');
          expect(passed?.evidence).toMatchObject({ restoreTests: 2, passed: 1 });
          expect(r.findings.find((f) => f.resource === ACCOUNT_WIDE)?.message).toMatch(/after significant architectural changes/);
        },
      },
    },
    {
      name: 'aJobStillValidatingDoesNotDecide',
      responses: responses([plan], [job(1, { ValidationStatus: 'VALIDATING' }), job(8), job(15, { ValidationStatus: undefined, Status: 'ABORTED' })]),
      expect: { status: 'manual', resources: [ACCOUNT_WIDE], metResources: [PLAN_ARN], message: 'after significant architectural changes' },
    },
  ],
  notMet: [
    {
      name: 'latestRestoreTestFailedValidation',
      responses: responses([plan], [job(10), job(3, { ValidationStatus: 'FAILED', ValidationStatusMessage: 'port 5432 unreachable' })]),
      expect: { resources: [PLAN_ARN], message: 'Restore testing plan weekly-rds (cron(0 5 ? * SUN *)): the latest restore test (2026-05-29) failed (validation FAILED: port 5432 unreachable)' },
    },
    {
      name: 'latestRestoreTestTimedOutAfterAStillValidatingOne',
      responses: responses([plan], [job(1, { ValidationStatus: 'VALIDATING' }), job(8, { ValidationStatus: 'TIMED_OUT' }), job(15)]),
      expect: { resources: [PLAN_ARN], message: 'failed (validation TIMED_OUT)' },
    },
    {
      name: 'latestRestoreTestAborted',
      responses: responses([plan], [job(3, { Status: 'ABORTED', StatusMessage: 'role cannot restore' })]),
      expect: { resources: [PLAN_ARN], message: 'failed (ABORTED: role cannot restore)' },
    },
    {
      name: 'eachPlanJudgedByItsOwnJobs',
      responses: responses([plan, planB], [job(3), job(2, { ...byB, Status: 'FAILED', ResourceType: 'DynamoDB' }), job(9, byB)]),
      expect: { resources: [PLAN_B_ARN], metResources: [PLAN_ARN], message: 'Restore testing plan daily-ddb (cron(0 3 * * ? *)): the latest restore test (2026-05-30) failed (FAILED)' },
    },
    {
      name: 'failingTestShowsWithoutThePlanListing',
      responses: { ...responses([], [job(3, { Status: 'FAILED' }), job(9, byB)]), [PLANS]: DENIED_EXCEPTION },
      expect: {
        resources: [PLAN_ARN],
        metResources: [PLAN_B_ARN],
        message: 'Restore testing plan weekly-rds-1a2b3c (schedule not listed)',
        check: (r) => expect(r.findings.filter((f) => f.status === 'error').map((f) => f.resource)).toEqual([PLANS_SCOPE]),
      },
    },
  ],
  cannotTell: [
    {
      name: 'adHocRestoresOnly',
      responses: responses([], [job(120, { CreatedBy: {}, ResourceType: 'DynamoDB' }), job(40, { CreatedBy: undefined, Status: 'FAILED' }), job(60, { CreatedBy: undefined, ResourceType: 'EFS' })]),
      expect: {
        status: 'manual',
        resources: [JOBS_SCOPE, ACCOUNT_WIDE],
        message: '2 AWS Backup restore(s) completed in us-east-1 in the last 12 months (latest 2026-04-02), none from a restore testing plan',
        check: (r) => expect(r.findings[0].evidence?.resourceTypes).toEqual(['DynamoDB', 'EFS']),
      },
    },
    {
      name: 'planThatNeverRan',
      responses: responses([plan], [job(2, { Status: 'RUNNING' })]),
      expect: { status: 'manual', resources: [PLAN_ARN, ACCOUNT_WIDE], message: 'finished no restore test in the last 12 months' },
    },
    {
      name: 'noRestoreEvidence',
      responses: responses([], []),
      expect: { status: 'manual', resources: [PLANS_SCOPE, ACCOUNT_WIDE], message: 'No AWS Backup restore testing plan and no completed restore in us-east-1' },
    },
    {
      name: 'accountWideFindingOncePerScan',
      regions: ['eu-west-1', 'us-east-1'],
      responses: {
        ...responses([], []),
        'backup:ListRestoreTestingPlans@eu-west-1': { RestoreTestingPlans: [] },
        'backup:ListRestoreJobs@eu-west-1 {"ByCreatedAfter":"2025-06-01T00:00:00.000Z"}': { RestoreJobs: [] },
      },
      expect: { status: 'manual', resources: [PLANS_SCOPE, PLANS_SCOPE.replace('us-east-1', 'eu-west-1'), ACCOUNT_WIDE] },
    },
    {
      name: 'restoreTestingPlansDenied',
      responses: { ...responses([], []), [PLANS]: DENIED_EXCEPTION },
      expect: { resources: [PLANS_SCOPE], missingPermission: 'backup:ListRestoreTestingPlans' },
    },
    {
      name: 'restoreJobsDenied',
      responses: { ...responses([plan], []), [JOBS]: DENIED_EXCEPTION },
      expect: { resources: [JOBS_SCOPE], missingPermission: 'backup:ListRestoreJobs' },
    },
  ],
});
