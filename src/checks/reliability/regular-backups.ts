// 2.6 Regular data backups are being performed.
// Per region, every data store the API shows must be backed up by something that runs by itself:
// - AWS Backup backed it up within the last backupMaxAgeDays (default 7) days (backup:ListProtectedResources,
//   LastBackupTime; whole days, so a recovery point exactly 7 days old still counts) → met;
// - else its own automated backups: RDS DB instances and clusters with BackupRetentionPeriod ≥ 1 (a daily
//   snapshot plus transaction logs) → met; DynamoDB point-in-time recovery ENABLED
//   (dynamodb:DescribeContinuousBackups, read only for tables AWS Backup does not cover) → met;
// - else → not met: RDS retention 0, DynamoDB PITR off, or an EFS file system, with no recent AWS Backup
//   recovery point. EFS has no backup of its own outside AWS Backup (its "automatic backups" are an AWS
//   Backup plan, so they show up in ListProtectedResources).
// Which stores: RDS DB instances outside a cluster (cluster members are judged with their cluster; read
// replicas hold their source's data, which is judged where the source is), DB clusters (Aurora, Multi-AZ
// clusters, Neptune, DocumentDB), DynamoDB tables, EFS file systems. None in the region → met ("nothing to
// back up"). Stores being deleted (RDS status `deleting`, EFS `deleting`/`deleted`) are left out. EBS volumes,
// S3, ElastiCache, Redshift, FSx are not looked at.
// A failed call erases only what depends on it. Each store listing is its own look (a denied EFS listing
// is an error for EFS only). When ListProtectedResources fails, a store whose own automated backups are on
// is still met, and one whose backups are off is still not met when the region has no AWS Backup plan
// (backup:ListBackupPlans, read only then: no plan, no regular AWS Backup); otherwise that store is an error.
import type { ProtectedResource } from '@aws-sdk/client-backup';
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import type { Finding } from '../../model.js';
import { daysBetween, defineCheck, findingFromError, met, notMet, type CheckContext } from '../define-check.js';
import { look, settle, type Settled } from '../settle.js';

interface Native {
  on: boolean;
  text: string;
  evidence?: Record<string, unknown>;
}
interface Store {
  arn: string;
  name: string;
  /** The store's own automated backup, if it has one; undefined when the store is gone. */
  native?: () => Promise<Native | undefined>;
}

export default defineCheck({
  meta: {
    id: '2.6',
    kind: 'partial',
    scope: 'region',
    permissions: [
      'backup:ListProtectedResources',
      'backup:ListBackupPlans',
      'rds:DescribeDBInstances',
      'rds:DescribeDBClusters',
      'dynamodb:ListTables',
      'dynamodb:DescribeContinuousBackups',
      'elasticfilesystem:DescribeFileSystems',
    ],
    remediation:
      'Assign every data store to an AWS Backup plan with a daily (or at least weekly) rule, or turn on its own ' +
      'automated backups: RDS backup retention of 1 day or more, DynamoDB point-in-time recovery.',
    docs: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html',
  },
  async run(ctx) {
    const { aws, region, account } = ctx;
    const arn = (service: string, resource: string) => `arn:${account.partition}:${service}:${region}:${account.id}:${resource}`;
    const awsBackup = settle(aws.backup.protectedResources(region));
    const judge = async (stores: Store[]) => (await Promise.all(stores.map((s) => decide(ctx, s, awsBackup)))).filter((f) => f !== undefined);
    const looks = await Promise.all([
      look(arn('rds', 'db:*'), async () => {
        const dbs = (await aws.rds.dbInstances(region)).filter((d) => !d.DBClusterIdentifier && d.DBInstanceStatus !== 'deleting');
        const replicas = dbs.filter((d) => d.ReadReplicaSourceDBInstanceIdentifier).map((d) => met(
          d.DBInstanceArn ?? `${d.DBInstanceIdentifier}`,
          `RDS read replica ${d.DBInstanceIdentifier} holds the data of ${d.ReadReplicaSourceDBInstanceIdentifier}, whose backups are judged with it.`,
        ));
        const sources = dbs.filter((d) => !d.ReadReplicaSourceDBInstanceIdentifier);
        return [...replicas, ...(await judge(sources.map((d) => rdsStore('RDS instance', d.DBInstanceIdentifier, d.DBInstanceArn, d))))];
      }),
      look(arn('rds', 'cluster:*'), async () =>
        judge((await aws.rds.dbClusters(region)).filter((c) => c.Status !== 'deleting').map((c) => rdsStore('DB cluster', c.DBClusterIdentifier, c.DBClusterArn, c))),
      ),
      look(arn('dynamodb', 'table/*'), async () => judge((await aws.dynamodb.tableNames(region)).map((name) => tableStore(ctx, name)))),
      look(arn('elasticfilesystem', 'file-system/*'), async () =>
        judge((await aws.efs.fileSystems(region)).filter((fs) => fs.LifeCycleState !== 'deleting' && fs.LifeCycleState !== 'deleted').map((fs) => ({
          arn: fs.FileSystemArn ?? arn('elasticfilesystem', `file-system/${fs.FileSystemId}`),
          name: `EFS file system ${fs.Name ?? fs.FileSystemId}`,
        }))),
      ),
    ]);
    const findings = looks.flat();
    if (findings.length > 0) return findings;
    const listed = await awsBackup;
    return [met(arn('backup', '*'), `No RDS database, DynamoDB table or EFS file system in ${region}: nothing to back up.`, {
      awsBackupProtectedResources: listed.ok ? listed.value.length : `could not tell: ${listed.error.message}`,
    })];
  },
});

/** maxAgeDays: an AWS Backup recovery point older than this does not show regular backups (default 7: weekly). */
async function decide(ctx: CheckContext, store: Store, awsBackup: Promise<Settled<ProtectedResource[]>>): Promise<Finding | undefined> {
  const listed = await awsBackup;
  const last = listed.ok ? listed.value.find((r) => r.ResourceArn === store.arn)?.LastBackupTime : undefined;
  const age = last ? daysBetween(last, ctx.now) : undefined;
  const evidence = { lastAwsBackup: listed.ok ? last?.toISOString() : `could not tell: ${listed.error.message}` };
  if (age !== undefined && age <= ctx.thresholds.backupMaxAgeDays) {
    return met(store.arn, `${store.name} was backed up by AWS Backup ${age <= 0 ? 'today' : `${age} day(s) ago`}.`, evidence);
  }
  let native: Native | undefined;
  try {
    native = await store.native?.();
    if (store.native && !native) return undefined; // deleted during the scan
  } catch (err) {
    return findingFromError(err, store.arn);
  }
  if (native?.on) return met(store.arn, `${store.name}: ${native.text}.`, { ...evidence, ...native.evidence });
  const off = native ? `${native.text}, and ` : '';
  if (listed.ok) {
    const awsBackupText = last ? `its latest AWS Backup recovery point is ${age} days old` : 'AWS Backup has not backed it up';
    return notMet(store.arn, `${store.name} has no regular backup: ${off}${awsBackupText}.`, { ...evidence, ...native?.evidence });
  }
  // What AWS Backup did is unknown: with no backup plan in the region, it runs no regular backup either.
  const plans = await settle(ctx.aws.backup.plans(ctx.region));
  if (!plans.ok || plans.value.length > 0) return findingFromError(listed.error, store.arn);
  return notMet(store.arn, `${store.name} has no regular backup: ${off}no AWS Backup plan exists in ${ctx.region}.`, {
    ...evidence,
    awsBackupPlans: 0,
    ...native?.evidence,
  });
}

function rdsStore(kind: string, id: string | undefined, arn: string | undefined, d: DBInstance | DBCluster): Store {
  const days = d.BackupRetentionPeriod ?? 0;
  return {
    arn: arn ?? `${id}`,
    name: `${kind} ${id} (${d.Engine})`,
    native: async () => ({
      on: days > 0,
      text: days > 0 ? `automated backups are kept ${days} day(s)` : 'automated backups are off (BackupRetentionPeriod 0)',
      evidence: { backupRetentionPeriod: days, latestRestorableTime: d.LatestRestorableTime?.toISOString() },
    }),
  };
}

function tableStore({ aws, region, account }: CheckContext, name: string): Store {
  return {
    arn: `arn:${account.partition}:dynamodb:${region}:${account.id}:table/${name}`,
    name: `DynamoDB table ${name}`,
    native: async () => {
      const description = await aws.dynamodb.continuousBackups(region, name);
      if (!description) return undefined;
      const pitr = description.PointInTimeRecoveryDescription;
      const on = pitr?.PointInTimeRecoveryStatus === 'ENABLED';
      return { on, text: on ? 'point-in-time recovery is on' : 'point-in-time recovery is off', evidence: { pointInTimeRecovery: pitr?.PointInTimeRecoveryStatus ?? 'DISABLED', recoveryPeriodInDays: pitr?.RecoveryPeriodInDays } };
    },
  };
}
