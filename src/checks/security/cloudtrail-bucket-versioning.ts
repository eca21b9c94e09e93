// 1.15 CloudTrail S3 log bucket has Versioning or MFA Delete enabled.
// The log buckets are the S3BucketName of every logging trail (cloudtrail:DescribeTrails in each region in
// scope + GetTrailStatus, shared with 1.13/1.14), once each. A bucket in this account's s3:ListBuckets is
// read with s3:GetBucketVersioning in its own region: Status Enabled or MFADelete Enabled → met; Suspended
// or never enabled (no Status) → not met. A bucket in another account (the recommended set-up, 1.14) cannot
// be read by this scan → manual, naming the bucket: verify its versioning in the owning account; never a
// guess. A log bucket that does not exist (the trail's last delivery failed with NoSuchBucket, or the bucket
// was deleted since it was listed) protects nothing → not met. No logging trail → not met (see 1.13); that
// verdict does not need the bucket list, so a failed ListBuckets only leaves the buckets' owners unknown.
import type { Bucket } from '@aws-sdk/client-s3';
import type { AwsData } from '../../aws/index.js';
import type { Finding } from '../../model.js';
import type { TrailSeen } from '../../aws/services/cloudtrail.js';
import { loggingTrails } from '../cloudtrail-trails.js';
import { isNoSuchBucket } from '../s3-exposure.js';
import { defineCheck, findingFromError, manual, met, notMet } from '../define-check.js';

export default defineCheck({
  meta: {
    id: '1.15',
    kind: 'automated',
    scope: 'account',
    permissions: [
      'cloudtrail:DescribeTrails',
      'cloudtrail:GetTrailStatus',
      's3:ListAllMyBuckets',
      's3:GetBucketLocation',
      's3:GetBucketVersioning',
    ],
    remediation:
      'Enable versioning on the CloudTrail log bucket (S3 console → bucket → Properties → Bucket Versioning, or ' +
      'PutBucketVersioning Status=Enabled); add MFA Delete with the root user for extra protection, and consider ' +
      'S3 Object Lock in the log-archive account.',
    docs: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html',
  },
  async run(ctx) {
    const { aws, account } = ctx;
    const { logging, regionErrors } = await loggingTrails(ctx);
    const byBucket = new Map<string, TrailSeen[]>();
    for (const t of logging.filter((t) => t.trail.S3BucketName)) {
      byBucket.set(t.trail.S3BucketName!, [...(byBucket.get(t.trail.S3BucketName!) ?? []), t]);
    }
    if (byBucket.size === 0 && regionErrors.length === 0) {
      const why = logging.length === 0 ? 'No CloudTrail trail is logging' : `No logging CloudTrail trail names an S3 bucket (${names(logging)})`;
      return [notMet(account.rootArn, `${why}, so there is no log bucket to protect (see 1.13).`)];
    }
    const own = await aws.s3.buckets().then(
      (buckets) => ({ buckets: new Map(buckets.map((b) => [b.Name, b])) }),
      (error: unknown) => ({ error }),
    );
    const judged = await Promise.all(
      [...byBucket].map(([name, trails]) => judge(aws, `arn:${account.partition}:s3:::${name}`, name, trails, own)),
    );
    return [...regionErrors, ...judged];
  },
});

const names = (trails: TrailSeen[]) => trails.map((t) => t.trail.Name ?? t.arn).join(', ');

async function judge(
  aws: AwsData,
  arn: string,
  name: string,
  trails: TrailSeen[],
  own: { buckets: Map<string | undefined, Bucket> } | { error: unknown },
): Promise<Finding> {
  const of = `CloudTrail log bucket ${name} (trail ${names(trails)})`;
  const base = { bucket: name, trails: trails.map((t) => t.trail.Name ?? t.arn) };
  const gone = (how: string) => notMet(arn, `${of} does not exist (${how}): no log bucket is protected.`, { ...base, exists: false });
  if (trails.some((t) => t.status?.LatestDeliveryError?.includes('NoSuchBucket'))) return gone('last delivery error: NoSuchBucket');
  if ('error' in own) {
    const f = findingFromError(own.error, arn);
    return { ...f, message: `${f.message}: whether ${of} is this account's (and so readable) is unknown`, evidence: base };
  }
  const bucket = own.buckets.get(name);
  if (!bucket) {
    return manual(arn, `${of} is in another account; verify versioning or MFA Delete there.`, {
      ...base,
      owner: 'another account (not in this account\'s bucket list)',
    });
  }
  let versioning;
  try {
    versioning = await aws.s3.versioning(bucket);
  } catch (err) {
    if (isNoSuchBucket(err)) return gone('NoSuchBucket: deleted since it was listed');
    return findingFromError(err, arn);
  }
  const evidence = { ...base, status: versioning.Status ?? 'never enabled', mfaDelete: versioning.MFADelete ?? 'Disabled' };
  if (versioning.Status === 'Enabled' || versioning.MFADelete === 'Enabled') {
    const what = [versioning.Status === 'Enabled' && 'versioning', versioning.MFADelete === 'Enabled' && 'MFA Delete'].filter(Boolean).join(' and ');
    return met(arn, `${of} has ${what} enabled.`, evidence);
  }
  return notMet(arn, `${of} has neither versioning (${evidence.status}) nor MFA Delete enabled.`, evidence);
}
