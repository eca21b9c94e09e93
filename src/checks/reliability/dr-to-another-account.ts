// 2.13 The DR plan includes recovery to another AWS account, with a full test of it in the last 12 months.
// Account-wide (the question is whether the data reaches another account anywhere): in every region in
// scope, AWS Backup plan rules (backup:ListBackupPlans, backup:GetBackupPlan) whose CopyActions send
// recovery points to a vault owned by another account (the account id in DestinationBackupVaultArn), and
// copy jobs created since the UTC midnight 12 months ago (backup:ListCopyJobs ByCreatedAfter, and the
// CreationDate checked again here) to such vaults. Per vault:
// - a copy to it completed in the window → met: the data reaches that account;
// - only failed or partial copies → not met: the copies to that account fail;
// - a rule but no copy job listed → manual (job history may be shorter than 12 months).
// Then manual: the full recovery test in the other account happens there, out of sight of this account.
// No cross-account copy rule or job anywhere (and every region read) → not met: the DR plan has no data in
// another account to recover from. Other means (S3 replication, shared snapshots, DRS into a recovery
// account) are not looked at; they do not change this verdict.
// What could not be read is an error only where it could change the verdict: copy jobs always (they can
// show failing copies); backup plans only while no copy to another account is seen (with one, a plan
// could only add a copy rule, and the item is manual either way: the plans not read are named then).
import { arnAccount, windowStart } from '../../aws/services/backup.js';
import { RegionDisabled } from '../../errors.js';
import type { BackupPlansListMember, CopyJob } from '@aws-sdk/client-backup';
import { defineCheck, findingFromError, manual, met, notMet, type CheckContext } from '../define-check.js';
import type { Finding } from '../../model.js';

const WINDOW_MONTHS = 12;

interface Destination {
  vault: string;
  rules: string[];
  completed: Date[];
  failed: { date: Date; message?: string }[];
}

export default defineCheck({
  meta: {
    id: '2.13',
    kind: 'partial',
    scope: 'account',
    permissions: ['backup:ListBackupPlans', 'backup:GetBackupPlan', 'backup:ListCopyJobs'],
    remediation:
      'Add a copy action to your AWS Backup plans that sends recovery points to a vault in a separate recovery ' +
      'account (AWS Organizations cross-account backup), and restore the workload in that account at least once a year.',
    docs: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html',
  },
  async run(ctx) {
    const { regions, account } = ctx;
    const destinations = new Map<string, Destination>();
    const looks = await Promise.all(regions.map((region) => collect(ctx, region, destinations)));
    const planErrors = looks.flatMap((l) => l.planErrors);
    const findings: Finding[] = [...[...destinations.values()].map(destinationFinding), ...looks.flatMap((l) => l.jobErrors)];
    const accountWide = `arn:${account.partition}:::${account.id}`;
    const others = [...new Set([...destinations.keys()].map(arnAccount))].join(', ');
    if (destinations.size > 0) {
      const unread = planErrors.length > 0 ? ` Not read (they could only add copy rules): ${[...new Set(planErrors.map(whatFailed))].join(', ')}.` : '';
      findings.push(
        manual(
          accountWide,
          `Backups are copied to account(s) ${others}: attest a full recovery test of the workload in another account within the last ${WINDOW_MONTHS} months (restores there are not visible from this account).${unread}`,
          planErrors.length > 0 ? { notRead: planErrors.map((f) => `${f.resource}: ${f.message}`) } : undefined,
        ),
      );
    } else if (findings.length === 0 && planErrors.length === 0) {
      findings.push(
        notMet(
          accountWide,
          `No AWS Backup plan in ${regions.join(', ')} copies backups to another account, and no copy to another account ran in the last ${WINDOW_MONTHS} months: ` +
            'the DR plan has no data in another account to recover from.',
        ),
      );
    }
    return destinations.size > 0 ? findings : [...findings, ...planErrors];
  },
});

/** Adds the region's copy rules and copy jobs to another account to `destinations`; returns what could not be read. */
async function collect(ctx: CheckContext, region: string, destinations: Map<string, Destination>): Promise<{ planErrors: Finding[]; jobErrors: Finding[] }> {
  const { aws, account, now } = ctx;
  const since = windowStart(now, WINDOW_MONTHS);
  const where = (what: string) => `arn:${account.partition}:backup:${region}:${account.id}:${what}`;
  const [plans, jobs] = await Promise.all([settle(aws.backup.plans(region)), settle(aws.backup.copyJobs(region, since))]);
  if (plans instanceof RegionDisabled || jobs instanceof RegionDisabled) return { planErrors: [], jobErrors: [] }; // Backup not offered there
  const dest = (vault: string) => destinations.get(vault) ?? destinations.set(vault, { vault, rules: [], completed: [], failed: [] }).get(vault)!;
  const foreign = (vault: string | undefined): vault is string => !!vault && arnAccount(vault) !== undefined && arnAccount(vault) !== account.id;
  const planErrors: Finding[] = [];
  if (Array.isArray(plans)) {
    const details = await Promise.all(plans.map(async (p: BackupPlansListMember) => ({ p, plan: await settle(aws.backup.plan(region, p.BackupPlanId!)) })));
    for (const { p, plan } of details) {
      if (plan instanceof Error) {
        planErrors.push(findingFromError(plan, p.BackupPlanArn ?? where(`backup-plan:${p.BackupPlanId}`)));
        continue;
      }
      for (const rule of plan?.BackupPlan?.Rules ?? []) {
        for (const copy of rule.CopyActions ?? []) {
          if (foreign(copy.DestinationBackupVaultArn)) dest(copy.DestinationBackupVaultArn).rules.push(`${region}/${p.BackupPlanName}/${rule.RuleName}`);
        }
      }
    }
  } else {
    planErrors.push(findingFromError(plans, where('backup-plan:*')));
  }
  if (!Array.isArray(jobs)) return { planErrors, jobErrors: [findingFromError(jobs, where('copy-job:*'))] };
  for (const job of jobs as CopyJob[]) {
    // The window is checked here too: an endpoint that ignores ByCreatedAfter must not bring older copies in.
    if (!foreign(job.DestinationBackupVaultArn) || !job.CreationDate || job.CreationDate < since) continue;
    if (job.State === 'COMPLETED') dest(job.DestinationBackupVaultArn).completed.push(job.CreationDate);
    if (job.State === 'FAILED' || job.State === 'PARTIAL') dest(job.DestinationBackupVaultArn).failed.push({ date: job.CreationDate, message: job.StatusMessage });
  }
  return { planErrors, jobErrors: [] };
}

/** The call's value, or the error it failed with. */
function settle<T>(p: Promise<T>): Promise<T | Error> {
  return p.catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
}

/** "missing permission backup:ListBackupPlans (us-east-1)": what an error finding could not read, and where. */
function whatFailed(f: Finding): string {
  return `${f.message.replace(/^could not tell: /, '')}${f.region ? ` (${f.region})` : ''}`;
}

function destinationFinding(d: Destination): Finding {
  const where = `vault ${d.vault.split(':').pop()} in account ${arnAccount(d.vault)} (${d.vault.split(':')[3]})`;
  const evidence = { rules: d.rules, completedCopies: d.completed.length, failedCopies: d.failed.length };
  if (d.completed.length > 0) {
    const latest = new Date(Math.max(...d.completed.map((t) => t.getTime())));
    return met(d.vault, `Backups are copied to ${where}: ${d.completed.length} ${d.completed.length === 1 ? 'copy' : 'copies'} completed in the last ${WINDOW_MONTHS} months, latest ${latest.toISOString().slice(0, 10)}.`, {
      ...evidence,
      latestCopy: latest.toISOString(),
    });
  }
  if (d.failed.length > 0) {
    const latest = d.failed.reduce((a, b) => (b.date > a.date ? b : a));
    return notMet(d.vault, `Every copy to ${where} in the last ${WINDOW_MONTHS} months failed (latest: ${latest.message ?? 'no message'}).`, evidence);
  }
  return manual(d.vault, `Backup rule(s) ${d.rules.join(', ')} copy to ${where}, but no copy job to it is listed for the last ${WINDOW_MONTHS} months: check that the rule runs.`, evidence);
}
