// 2.7 Recovery mechanisms are tested on a regular schedule and after significant architectural changes.
// Per region, from AWS Backup over the last 12 months (backup:ListRestoreJobs ByCreatedAfter, every status):
// - a restore testing plan (backup:ListRestoreTestingPlans) whose latest finished restore job completed and
//   did not fail validation → met: restores are tested on its schedule (evidence for the attestation);
// - its latest finished job FAILED or ABORTED, or its validation FAILED / TIMED_OUT → not met: the
//   scheduled recovery test fails;
// - a plan with no finished job in the window → manual (new plan, or it selects nothing);
// - completed restore jobs that no testing plan started → manual: a restore happened, which shows those
//   recovery points restore, not that recovery is tested on a schedule;
// - nothing → manual: tests may run outside AWS Backup (dumps restored elsewhere, DRS drills), and job
//   history may not reach back 12 months.
// Once per scan: manual — whether recovery is also tested after significant architectural changes is a
// practice no API shows. So the API alone never makes this item met; an attestation decides it.
import type { RestoreJobsListMember, RestoreTestingPlanForList } from '@aws-sdk/client-backup';
import { windowStart } from '../../aws/services/backup.js';
import { isAccountRun } from '../account-run.js';
import { defineCheck, manual, met, notMet } from '../define-check.js';
import type { Finding } from '../../model.js';

const WINDOW_MONTHS = 12;
const FINISHED = new Set(['COMPLETED', 'FAILED', 'ABORTED']);
const VALIDATION_FAILED = new Set(['FAILED', 'TIMED_OUT']);

export default defineCheck({
  meta: {
    id: '2.7',
    kind: 'partial',
    scope: 'region',
    permissions: ['backup:ListRestoreTestingPlans', 'backup:ListRestoreJobs'],
    remediation:
      'Create an AWS Backup restore testing plan for your critical resources (with validation), fix failing restore ' +
      'tests, and attest that recovery is also tested after significant architectural changes.',
    docs: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html',
  },
  async run(ctx) {
    const { aws, region, account, now } = ctx;
    const [plans, jobs] = await Promise.all([aws.backup.restoreTestingPlans(region), aws.backup.restoreJobs(region, windowStart(now, WINDOW_MONTHS))]);
    const findings: Finding[] = plans.map((p) => planFinding(p, jobs.filter((j) => j.CreatedBy?.RestoreTestingPlanArn === p.RestoreTestingPlanArn)));
    const adHoc = jobs.filter((j) => !j.CreatedBy?.RestoreTestingPlanArn && j.Status === 'COMPLETED');
    if (adHoc.length > 0) {
      const latest = newest(adHoc);
      findings.push(
        manual(
          `arn:${account.partition}:backup:${region}:${account.id}:restore-job/*`,
          `${adHoc.length} AWS Backup restore(s) completed in ${region} in the last ${WINDOW_MONTHS} months (latest ${day(latest.CreationDate)}), ` +
            'none from a restore testing plan: they show those recovery points restore; attest that recovery is tested on a schedule.',
          { restores: adHoc.length, latest: latest.CreationDate?.toISOString(), resourceTypes: [...new Set(adHoc.map((j) => j.ResourceType))].sort() },
        ),
      );
    }
    if (findings.length === 0) {
      findings.push(
        manual(
          `arn:${account.partition}:backup:${region}:${account.id}:restore-testing-plan/*`,
          `No AWS Backup restore testing plan and no completed restore in ${region} in the last ${WINDOW_MONTHS} months: ` +
            'attest how recovery is tested (e.g. database restores, DR drills) and when it last was.',
        ),
      );
    }
    if (isAccountRun(ctx)) {
      findings.push(
        manual(
          `arn:${account.partition}:::${account.id}`,
          'Testing recovery after significant architectural changes is a practice the AWS API does not show: attest it, ' +
            'with the last change and the recovery test that followed.',
        ),
      );
    }
    return findings;
  },
});

function planFinding(plan: RestoreTestingPlanForList, jobs: RestoreJobsListMember[]): Finding {
  const arn = plan.RestoreTestingPlanArn ?? `${plan.RestoreTestingPlanName}`;
  const finished = jobs.filter((j) => FINISHED.has(j.Status ?? ''));
  const passed = (j: RestoreJobsListMember) => j.Status === 'COMPLETED' && !VALIDATION_FAILED.has(j.ValidationStatus ?? '');
  const evidence = {
    schedule: plan.ScheduleExpression,
    lastExecution: plan.LastExecutionTime?.toISOString(),
    restoreTests: finished.length,
    passed: finished.filter(passed).length,
  };
  const name = `Restore testing plan ${plan.RestoreTestingPlanName} (${plan.ScheduleExpression})`;
  if (finished.length === 0) {
    return manual(arn, `${name} finished no restore test in the last ${WINDOW_MONTHS} months: check that it selects resources.`, evidence);
  }
  const latest = newest(finished);
  if (passed(latest)) return met(arn, `${name} restores on schedule; latest test ${day(latest.CreationDate)} completed.`, evidence);
  const why = latest.Status === 'COMPLETED' ? `validation ${latest.ValidationStatus}` : latest.Status;
  const detail = latest.ValidationStatusMessage ?? latest.StatusMessage;
  return notMet(arn, `${name}: the latest restore test (${day(latest.CreationDate)}) failed (${why}${detail ? `: ${detail}` : ''}).`, {
    ...evidence,
    latestJob: latest.RestoreJobId,
    resourceType: latest.ResourceType,
  });
}

function newest(jobs: RestoreJobsListMember[]): RestoreJobsListMember {
  return jobs.reduce((a, b) => ((b.CreationDate?.getTime() ?? 0) > (a.CreationDate?.getTime() ?? 0) ? b : a));
}

function day(d: Date | undefined): string {
  return d ? d.toISOString().slice(0, 10) : 'unknown date';
}
