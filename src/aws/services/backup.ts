// AWS Backup (regional). Every listing paginates with NextToken. What the reliability checks read:
// - ListProtectedResources: each resource AWS Backup has backed up, with LastBackupTime (one row per
//   resource, so it is the cheapest exact answer to "when was X last backed up"; ListBackupJobs only
//   reaches back 30 days and lists every job);
// - ListBackupPlans + GetBackupPlan: rules (ScheduleExpression, Lifecycle, CopyActions[].DestinationBackupVaultArn);
// - ListRestoreJobs / ListCopyJobs with ByCreatedAfter: callers pass windowStart() (a UTC midnight), so the
//   call key is the same all day; ListRestoreTestingPlans: scheduled restore tests.
// Job listings keep a limited history: an empty answer is not proof that nothing ran a year ago.
import type {
  GetBackupPlanCommandOutput,
  ListBackupPlansCommandOutput,
  ListCopyJobsCommandOutput,
  ListProtectedResourcesCommandOutput,
  ListRestoreJobsCommandOutput,
  ListRestoreTestingPlansCommandOutput,
} from '@aws-sdk/client-backup';
import { defineService, type CallFn } from '../service.js';

export const backup = defineService({
  name: 'backup',
  iamPrefix: 'backup',
  load: () => import('@aws-sdk/client-backup'),
  client: 'BackupClient',
  operations: {
    ListProtectedResources: { command: 'ListProtectedResourcesCommand', paginator: 'paginateListProtectedResources', items: ['Results'] },
    ListBackupPlans: { command: 'ListBackupPlansCommand', paginator: 'paginateListBackupPlans', items: ['BackupPlansList'] },
    // A plan deleted since ListBackupPlans → undefined.
    GetBackupPlan: { command: 'GetBackupPlanCommand', absent: ['ResourceNotFoundException'] },
    ListRestoreJobs: { command: 'ListRestoreJobsCommand', paginator: 'paginateListRestoreJobs', items: ['RestoreJobs'] },
    ListRestoreTestingPlans: { command: 'ListRestoreTestingPlansCommand', paginator: 'paginateListRestoreTestingPlans', items: ['RestoreTestingPlans'] },
    ListCopyJobs: { command: 'ListCopyJobsCommand', paginator: 'paginateListCopyJobs', items: ['CopyJobs'] },
  },
});

export const backupAccessors = (call: CallFn) => ({
  /** Resources AWS Backup has backed up in the region, with LastBackupTime and LastBackupVaultArn. */
  protectedResources: async (region: string) =>
    (await call<ListProtectedResourcesCommandOutput>('backup', 'ListProtectedResources', {}, region)).Results ?? [],
  plans: async (region: string) => (await call<ListBackupPlansCommandOutput>('backup', 'ListBackupPlans', {}, region)).BackupPlansList ?? [],
  /** The plan's current version (BackupPlan.Rules); undefined when it was deleted meanwhile. */
  plan: (region: string, BackupPlanId: string) =>
    call<GetBackupPlanCommandOutput | undefined>('backup', 'GetBackupPlan', { BackupPlanId }, region),
  /** Restore jobs of every status created since `since` (pass windowStart()). */
  restoreJobs: async (region: string, since: Date) =>
    (await call<ListRestoreJobsCommandOutput>('backup', 'ListRestoreJobs', { ByCreatedAfter: since }, region)).RestoreJobs ?? [],
  restoreTestingPlans: async (region: string) =>
    (await call<ListRestoreTestingPlansCommandOutput>('backup', 'ListRestoreTestingPlans', {}, region)).RestoreTestingPlans ?? [],
  /** Copy jobs of every state created since `since` (pass windowStart()). */
  copyJobs: async (region: string, since: Date) =>
    (await call<ListCopyJobsCommandOutput>('backup', 'ListCopyJobs', { ByCreatedAfter: since }, region)).CopyJobs ?? [],
});

/** UTC midnight `months` months before `now`: the start of a "within the last N months" window, stable all day. */
export function windowStart(now: Date, months: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, now.getUTCDate()));
}

/** The account that owns a resource, from its ARN (arn:partition:service:region:account:…). */
export function arnAccount(arn: string | undefined): string | undefined {
  return arn?.split(':')[4] || undefined;
}
