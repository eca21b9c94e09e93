// 2.6 Regular data backups are being performed.
// Per region, every data store the API shows must be backed up by something that runs by itself:
// - AWS Backup backed it up within the last 7 days (backup:ListProtectedResources, LastBackupTime) → met;
// - else its own automated backups: RDS DB instances and clusters with BackupRetentionPeriod ≥ 1 (a daily
//   snapshot plus transaction logs) → met; DynamoDB point-in-time recovery ENABLED
//   (dynamodb:DescribeContinuousBackups, read only for tables AWS Backup does not cover) → met;
// - else → not met: RDS retention 0, DynamoDB PITR off, or an EFS file system, with no recent AWS Backup
//   recovery point. EFS has no backup of its own outside AWS Backup (its "automatic backups" are an AWS
//   Backup plan, so they show up in ListProtectedResources).
// Which stores: RDS DB instances outside a cluster (cluster members are judged with their cluster; read
// replicas hold their source's data, which is judged where the source is), DB clusters (Aurora, Multi-AZ
// clusters, Neptune, DocumentDB), DynamoDB tables, EFS file systems. None in the region → met ("nothing to
// back up"). Backup plans and selections are not read: ListProtectedResources shows what AWS Backup did
// back up, which is what "performed" asks. EBS volumes, S3, ElastiCache, Redshift, FSx are not looked at.
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import { daysBetween, defineCheck, findingFromError, met, notMet, type CheckContext } from '../define-check.js';
import type { Finding } from '../../model.js';

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
    const [dbs, clusters, tables, fileSystems, protectedResources] = await Promise.all([
      aws.rds.dbInstances(region),
      aws.rds.dbClusters(region),
      aws.dynamodb.tableNames(region),
      aws.efs.fileSystems(region),
      aws.backup.protectedResources(region),
    ]);
    const lastBackup = new Map(protectedResources.map((r) => [r.ResourceArn, r.LastBackupTime]));
    const replicas = dbs.filter((d) => !d.DBClusterIdentifier && d.ReadReplicaSourceDBInstanceIdentifier);
    const stores: Store[] = [
      ...dbs
        .filter((d) => !d.DBClusterIdentifier && !d.ReadReplicaSourceDBInstanceIdentifier)
        .map((d) => rdsStore('RDS instance', d.DBInstanceIdentifier, d.DBInstanceArn, d)),
      ...clusters.map((c) => rdsStore('DB cluster', c.DBClusterIdentifier, c.DBClusterArn, c)),
      ...tables.map((name) => tableStore(ctx, name)),
      ...fileSystems.map((fs) => ({
        arn: fs.FileSystemArn ?? `arn:${account.partition}:elasticfilesystem:${region}:${account.id}:file-system/${fs.FileSystemId}`,
        name: `EFS file system ${fs.Name ?? fs.FileSystemId}`,
      })),
    ];
    const findings: Finding[] = replicas.map((d) =>
      met(d.DBInstanceArn ?? `${d.DBInstanceIdentifier}`, `RDS read replica ${d.DBInstanceIdentifier} holds the data of ${d.ReadReplicaSourceDBInstanceIdentifier}, whose backups are judged with it.`),
    );
    for (const found of await Promise.all(stores.map((s) => decide(s, lastBackup.get(s.arn), ctx.now, ctx.thresholds.backupMaxAgeDays)))) if (found) findings.push(found);
    if (findings.length > 0) return findings;
    return [
      met(`arn:${account.partition}:backup:${region}:${account.id}:*`, `No RDS database, DynamoDB table or EFS file system in ${region}: nothing to back up.`, {
        awsBackupProtectedResources: protectedResources.length,
      }),
    ];
  },
});

/** maxAgeDays: an AWS Backup recovery point older than this does not show regular backups (default 7: weekly). */
async function decide(store: Store, last: Date | undefined, now: Date, maxAgeDays: number): Promise<Finding | undefined> {
  const age = last ? daysBetween(last, now) : undefined;
  const evidence = { lastAwsBackup: last?.toISOString() };
  if (age !== undefined && age <= maxAgeDays) {
    return met(store.arn, `${store.name} was backed up by AWS Backup ${age === 0 ? 'today' : `${age} day(s) ago`}.`, evidence);
  }
  let native: Native | undefined;
  try {
    native = await store.native?.();
    if (store.native && !native) return undefined; // deleted during the scan
  } catch (err) {
    return findingFromError(err, store.arn);
  }
  if (native?.on) return met(store.arn, `${store.name}: ${native.text}.`, { ...evidence, ...native.evidence });
  const awsBackup = last ? `its latest AWS Backup recovery point is ${age} days old` : 'AWS Backup has not backed it up';
  return notMet(store.arn, `${store.name} has no regular backup: ${native ? `${native.text}, and ` : ''}${awsBackup}.`, { ...evidence, ...native?.evidence });
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
