// 1.15 CloudTrail S3 log bucket has Versioning or MFA Delete enabled.
// The log buckets are the S3BucketName of every logging trail (cloudtrail:DescribeTrails in each region in
// scope + GetTrailStatus, shared with 1.13/1.14), once each. A bucket in this account's s3:ListBuckets is
// read with s3:GetBucketVersioning in its own region: Status Enabled or MFADelete Enabled → met; Suspended
// or never enabled → not met. A bucket in another account (the recommended set-up, 1.14) cannot be read by
// this scan → manual, naming the bucket: verify its versioning in the owning account; never a guess.
// No logging trail → not met (no log bucket is protected, see 1.13).
import type { Bucket } from '@aws-sdk/client-s3';
import type { AwsData } from '../../aws/index.js';
import type { Finding } from '../../model.js';
import { loggingTrails } from '../cloudtrail-trails.js';
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
    const own = new Map((await aws.s3.buckets()).map((b) => [b.Name, b]));
    const byBucket = new Map<string, string[]>();
    for (const t of logging.filter((t) => t.trail.S3BucketName)) {
      byBucket.set(t.trail.S3BucketName!, [...(byBucket.get(t.trail.S3BucketName!) ?? []), t.trail.Name ?? t.arn]);
    }
    if (byBucket.size === 0 && regionErrors.length === 0) {
      return [notMet(account.rootArn, 'No CloudTrail trail is logging, so there is no log bucket to protect (see 1.13).')];
    }
    const judged = await Promise.all(
      [...byBucket].map(([name, trailNames]) => judge(aws, `arn:${account.partition}:s3:::${name}`, name, trailNames, own.get(name))),
    );
    return [...regionErrors, ...judged];
  },
});

async function judge(aws: AwsData, arn: string, name: string, trails: string[], bucket: Bucket | undefined): Promise<Finding> {
  const of = `CloudTrail log bucket ${name} (trail ${trails.join(', ')})`;
  if (!bucket) {
    return manual(arn, `${of} is in another account; verify versioning or MFA Delete there.`, {
      bucket: name,
      trails,
      owner: 'another account (not in this account\'s bucket list)',
    });
  }
  let versioning;
  try {
    versioning = await aws.s3.versioning(bucket);
  } catch (err) {
    return findingFromError(err, arn);
  }
  const evidence = { bucket: name, trails, status: versioning.Status ?? 'never enabled', mfaDelete: versioning.MFADelete ?? 'Disabled' };
  if (versioning.Status === 'Enabled' || versioning.MFADelete === 'Enabled') {
    const what = [versioning.Status === 'Enabled' && 'versioning', versioning.MFADelete === 'Enabled' && 'MFA Delete'].filter(Boolean).join(' and ');
    return met(arn, `${of} has ${what} enabled.`, evidence);
  }
  return notMet(arn, `${of} has neither versioning (${evidence.status}) nor MFA Delete enabled.`, evidence);
}
