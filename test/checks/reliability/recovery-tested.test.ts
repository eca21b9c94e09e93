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

testCheck(check, {
  // Recovery testing after architectural changes is always left to people: the best the API gives is manual.
  met: [
    {
      name: 'scheduledRestoreTestsPassStillManualForChanges',
      responses: responses([plan], [job(3), job(10, { Status: 'FAILED' }), job(2, { Status: 'RUNNING' })]),
      expect: {
        status: 'manual',
        check: (r) => {
          const passed = r.findings.find((f) => f.resource === PLAN_ARN);
          expect(passed?.status).toBe('met');
          expect(passed?.message).toMatch(/latest test 2026-05-29 completed/);
          expect(r.findings.find((f) => f.resource === ACCOUNT_WIDE)?.message).toMatch(/after significant architectural changes/);
        },
      },
    },
  ],
  notMet: [
    {
      name: 'latestRestoreTestFailedValidation',
      responses: responses([plan], [job(10), job(3, { ValidationStatus: 'FAILED', ValidationStatusMessage: 'port 5432 unreachable' })]),
      expect: { resources: [PLAN_ARN], message: 'failed (validation FAILED: port 5432 unreachable)' },
    },
    { name: 'latestRestoreTestAborted', responses: responses([plan], [job(3, { Status: 'ABORTED' })]), expect: { resources: [PLAN_ARN], message: 'failed (ABORTED)' } },
  ],
  cannotTell: [
    {
      name: 'adHocRestoresOnly',
      responses: responses([], [job(120, { CreatedBy: {}, ResourceType: 'DynamoDB' }), job(40, { CreatedBy: undefined, Status: 'FAILED' })]),
      expect: { status: 'manual', resources: ['arn:aws:backup:us-east-1:123456789012:restore-job/*', ACCOUNT_WIDE], message: '1 AWS Backup restore(s) completed in us-east-1' },
    },
    { name: 'planThatNeverRan', responses: responses([plan], []), expect: { status: 'manual', message: 'finished no restore test in the last 12 months' } },
    { name: 'noRestoreEvidence', responses: responses([], []), expect: { status: 'manual', message: 'No AWS Backup restore testing plan and no completed restore' } },
    {
      name: 'accountWideFindingOncePerScan',
      regions: ['eu-west-1', 'us-east-1'],
      responses: {
        ...responses([], []),
        'backup:ListRestoreTestingPlans@eu-west-1': { RestoreTestingPlans: [] },
        'backup:ListRestoreJobs@eu-west-1 {"ByCreatedAfter":"2025-06-01T00:00:00.000Z"}': { RestoreJobs: [] },
      },
      expect: { status: 'manual', check: (r) => expect(r.findings.filter((f) => f.resource === ACCOUNT_WIDE)).toHaveLength(1) },
    },
    { name: 'restoreTestingPlansDenied', responses: { ...responses([], []), [PLANS]: DENIED_EXCEPTION }, expect: { missingPermission: 'backup:ListRestoreTestingPlans' } },
    { name: 'restoreJobsDenied', responses: { ...responses([], []), [JOBS]: DENIED_EXCEPTION }, expect: { missingPermission: 'backup:ListRestoreJobs' } },
  ],
});
