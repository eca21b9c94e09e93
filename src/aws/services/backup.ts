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
  ListBackupVaultsCommandOutput,
  ListCopyJobsCommandOutput,
  ListProtectedResourcesCommandOutput,
  ListRestoreJobsCommandOutput,
  ListRestoreTestingPlansCommandOutput,
} from '@aws-sdk/client-backup';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { date, id, list, maybe, obj, shapeOf, str } from '../shapes.js';

export const backup = defineService({
  name: 'backup',
  iamPrefix: 'backup',
  load: () => sdkPackage<typeof import('@aws-sdk/client-backup')>('@aws-sdk/client-backup'),
  client: 'BackupClient',
  operations: {
    ListProtectedResources: {
      command: 'ListProtectedResourcesCommand',
      paginator: 'paginateListProtectedResources',
      items: ['Results'],
      shape: shapeOf<ListProtectedResourcesCommandOutput>()({ Results: list(obj({ ResourceArn: str, LastBackupTime: date })) }),
    },
    ListBackupPlans: {
      command: 'ListBackupPlansCommand',
      paginator: 'paginateListBackupPlans',
      items: ['BackupPlansList'],
      shape: shapeOf<ListBackupPlansCommandOutput>()({ BackupPlansList: list(obj({ BackupPlanId: id, BackupPlanName: str })) }),
    },
    // A plan deleted since ListBackupPlans → undefined.
    GetBackupPlan: {
      command: 'GetBackupPlanCommand',
      absent: ['ResourceNotFoundException'],
      shape: shapeOf<GetBackupPlanCommandOutput>()({
        BackupPlan: maybe({ Rules: z.array(obj({ RuleName: z.string(), CopyActions: list(obj({ DestinationBackupVaultArn: z.string() })) })) }),
      }),
    },
    ListRestoreJobs: {
      command: 'ListRestoreJobsCommand',
      paginator: 'paginateListRestoreJobs',
      items: ['RestoreJobs'],
      shape: shapeOf<ListRestoreJobsCommandOutput>()({
        RestoreJobs: list(
          obj({
            RestoreJobId: str,
            Status: str,
            StatusMessage: str,
            ValidationStatus: str,
            ValidationStatusMessage: str,
            CreationDate: date,
            ResourceType: str,
            CreatedBy: maybe({ RestoreTestingPlanArn: str }),
          }),
        ),
      }),
    },
    ListRestoreTestingPlans: {
      command: 'ListRestoreTestingPlansCommand',
      paginator: 'paginateListRestoreTestingPlans',
      items: ['RestoreTestingPlans'],
      shape: shapeOf<ListRestoreTestingPlansCommandOutput>()({
        RestoreTestingPlans: z.array(
          obj({ RestoreTestingPlanArn: z.string(), RestoreTestingPlanName: z.string(), ScheduleExpression: z.string(), LastExecutionTime: date }),
        ),
      }),
    },
    ListCopyJobs: {
      command: 'ListCopyJobsCommand',
      paginator: 'paginateListCopyJobs',
      items: ['CopyJobs'],
      shape: shapeOf<ListCopyJobsCommandOutput>()({
        CopyJobs: list(obj({ DestinationBackupVaultArn: str, State: str, StatusMessage: str, CreationDate: date })),
      }),
    },
    // The region's vaults (the estate layer: does the vault another account copies to exist here?).
    ListBackupVaults: {
      command: 'ListBackupVaultsCommand',
      paginator: 'paginateListBackupVaults',
      items: ['BackupVaultList'],
      shape: shapeOf<ListBackupVaultsCommandOutput>()({ BackupVaultList: list(obj({ BackupVaultArn: id, BackupVaultName: str })) }),
    },
  },
});

export const backupAccessors = (call: CallFn) => ({
  /** Resources AWS Backup has backed up in the region, with LastBackupTime and LastBackupVaultArn. */
  protectedResources: async (region: string) =>
    (await call<ListProtectedResourcesCommandOutput>('backup', 'ListProtectedResources', {}, region)).Results ?? [],
  vaults: async (region: string) => (await call<ListBackupVaultsCommandOutput>('backup', 'ListBackupVaults', {}, region)).BackupVaultList ?? [],
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
