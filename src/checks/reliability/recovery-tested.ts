// 2.7 Recovery mechanisms are tested on a regular schedule and after significant architectural changes.
// Per region, from AWS Backup over the last 12 months (backup:ListRestoreJobs ByCreatedAfter, every status):
// - a restore testing plan (backup:ListRestoreTestingPlans) whose latest finished restore job completed and
//   did not fail validation → met: restores are tested on its schedule (evidence for the attestation);
// - its latest finished job FAILED or ABORTED, or its validation FAILED / TIMED_OUT → not met: the
//   scheduled recovery test fails. A job still VALIDATING has not finished: the one before it decides;
// - a plan with no finished job in the window → manual (new plan, or it selects nothing);
// - completed restore jobs that no testing plan started → manual: a restore happened, which shows those
//   recovery points restore, not that recovery is tested on a schedule;
// - nothing → manual: tests may run outside AWS Backup (dumps restored elsewhere, DRS drills), and job
//   history may not reach back 12 months. An empty region cannot hold the item back: the item is never
//   met from the API alone (below), so a region's "no evidence" only adds to what people attest.
// Once per scan: manual — whether recovery is also tested after significant architectural changes is a
// practice no API shows. So the API alone never makes this item met; an attestation decides it.
// A failed call erases only what depends on it: without ListRestoreTestingPlans the plans are known from
// their jobs (CreatedBy.RestoreTestingPlanArn), so a failing test still shows, and plans that never ran
// are an error; without ListRestoreJobs nothing in the region can be judged (an error).
import type { RestoreJobsListMember, RestoreTestingPlanForList } from '@aws-sdk/client-backup';
import { windowStart } from '../../aws/services/backup.js';
import { isAccountRun } from '../account-run.js';
import { defineCheck, findingFromError, manual, met, notMet } from '../define-check.js';
import { look, settle } from '../settle.js';
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
    const arn = (resource: string) => `arn:${account.partition}:backup:${region}:${account.id}:${resource}`;
    const findings = await look(arn('restore-job/*'), async () => {
      const [listed, jobs] = await Promise.all([settle(aws.backup.restoreTestingPlans(region)), aws.backup.restoreJobs(region, windowStart(now, WINDOW_MONTHS))]);
      const plans = listed.ok ? listed.value : plansOf(jobs);
      const found: Finding[] = plans.map((p) => planFinding(p, jobs.filter((j) => j.CreatedBy?.RestoreTestingPlanArn === p.RestoreTestingPlanArn)));
      if (!listed.ok) found.push(findingFromError(listed.error, arn('restore-testing-plan/*')));
      const adHoc = jobs.filter((j) => !j.CreatedBy?.RestoreTestingPlanArn && j.Status === 'COMPLETED');
      if (adHoc.length > 0) {
        const latest = newest(adHoc);
        found.push(
          manual(
            arn('restore-job/*'),
            `${adHoc.length} AWS Backup restore(s) completed in ${region} in the last ${WINDOW_MONTHS} months (latest ${day(latest.CreationDate)}), ` +
              'none from a restore testing plan: they show those recovery points restore; attest that recovery is tested on a schedule.',
            { restores: adHoc.length, latest: latest.CreationDate?.toISOString(), resourceTypes: [...new Set(adHoc.map((j) => j.ResourceType))].sort() },
          ),
        );
      }
      if (found.length > 0) return found;
      return [
        manual(
          arn('restore-testing-plan/*'),
          `No AWS Backup restore testing plan and no completed restore in ${region} in the last ${WINDOW_MONTHS} months: ` +
            'attest how recovery is tested (e.g. database restores, DR drills) and when it last was.',
        ),
      ];
    });
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

/** The testing plans that started these jobs, known by ARN only (when the plans cannot be listed). */
function plansOf(jobs: RestoreJobsListMember[]): RestoreTestingPlanForList[] {
  const arns = [...new Set(jobs.map((j) => j.CreatedBy?.RestoreTestingPlanArn).filter((a) => a !== undefined))].sort();
  return arns.map((a) => ({ RestoreTestingPlanArn: a, RestoreTestingPlanName: a.split(':').at(-1) } as RestoreTestingPlanForList));
}

function planFinding(plan: RestoreTestingPlanForList, jobs: RestoreJobsListMember[]): Finding {
  const arn = plan.RestoreTestingPlanArn ?? `${plan.RestoreTestingPlanName}`;
  const finished = jobs.filter((j) => FINISHED.has(j.Status ?? '') && !(j.Status === 'COMPLETED' && j.ValidationStatus === 'VALIDATING'));
  const passed = (j: RestoreJobsListMember) => j.Status === 'COMPLETED' && !VALIDATION_FAILED.has(j.ValidationStatus ?? '');
  const evidence = {
    schedule: plan.ScheduleExpression,
    lastExecution: plan.LastExecutionTime?.toISOString(),
    restoreTests: finished.length,
    passed: finished.filter(passed).length,
  };
  const name = `Restore testing plan ${plan.RestoreTestingPlanName} (${plan.ScheduleExpression ?? 'schedule not listed'})`;
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
