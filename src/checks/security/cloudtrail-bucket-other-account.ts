// 1.14 CloudTrail logs are stored in an S3 bucket owned by another AWS account.
// The trails of every region in scope (cloudtrail:DescribeTrails with shadow trails, shared with 1.13 and
// 1.15) and their GetTrailStatus; the owner of each logging trail's S3BucketName from s3:ListBuckets:
// a bucket in this account's bucket list is owned by this account → not met; a bucket absent from it is
// owned by another account → met (a bucket name is global, so absence means another owner). A trail whose
// last delivery failed with NoSuchBucket writes nowhere → not met; a trail without a bucket → not met.
// Trails that are not logging are skipped; no logging trail at all → not met (see 1.13). A trail whose
// status is unknown (unreadable, or without IsLogging) is judged on its configured bucket and says so.
// ListBuckets failing makes only the ownership verdicts unknown: the not-met verdicts above stand without it.
// Whether the other account is locked down to audit use is for people to attest.
import type { TrailSeen } from '../../aws/services/cloudtrail.js';
import type { Finding } from '../../model.js';
import { loggingTrails, statusUnknown } from '../cloudtrail-trails.js';
import { defineCheck, findingFromError, met, notMet } from '../define-check.js';

export default defineCheck({
  meta: {
    id: '1.14',
    kind: 'automated',
    scope: 'account',
    permissions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 's3:ListAllMyBuckets'],
    remediation:
      'Deliver CloudTrail logs to a bucket in a dedicated log-archive (audit) account whose bucket policy only lets ' +
      'CloudTrail write and a small audit/recovery role read — typically an organization trail created from the ' +
      'management account, or update each trail (UpdateTrail --s3-bucket-name) to the central bucket.',
    docs: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-receive-logs-from-multiple-accounts.html',
  },
  async run(ctx) {
    const { aws, account } = ctx;
    const { trails, logging, regionErrors } = await loggingTrails(ctx);
    if (logging.length === 0 && regionErrors.length === 0) {
      const message = trails.length
        ? `No CloudTrail trail is logging (${trails.map((t) => t.trail.Name).join(', ')}), so no logs reach another account's bucket.`
        : 'The account has no CloudTrail trail, so no logs reach another account\'s bucket.';
      return [notMet(account.rootArn, message, { trails: trails.map((t) => t.trail.Name) })];
    }
    // The bucket list is only needed for the ownership verdict: its failure leaves the other verdicts standing.
    const owned = await aws.s3.buckets().then(
      (buckets) => ({ names: new Set(buckets.map((b) => b.Name)) }),
      (error: unknown) => ({ error }),
    );
    return [...regionErrors, ...logging.map((t) => judge(t, owned))];
  },
});

function judge(t: TrailSeen, owned: { names: Set<string | undefined> } | { error: unknown }): Finding {
  const { Name: name, S3BucketName: bucket } = t.trail;
  const evidence = {
    trail: name,
    bucket,
    logging: t.status?.IsLogging ?? 'unknown',
    latestDeliveryError: t.status?.LatestDeliveryError,
  };
  const unknown = statusUnknown(t);
  const note = unknown ? ` (its logging status could not be read: ${unknown})` : '';
  if (!bucket) return notMet(t.arn, `Trail ${name} has no S3 bucket${note}.`, evidence);
  if (t.status?.LatestDeliveryError?.includes('NoSuchBucket')) {
    return notMet(t.arn, `Trail ${name} delivers to ${bucket}, which does not exist (last delivery error: NoSuchBucket).`, evidence);
  }
  if ('error' in owned) {
    const f = findingFromError(owned.error, t.arn);
    return { ...f, message: `${f.message}: who owns bucket ${bucket} of trail ${name} is unknown`, evidence };
  }
  if (owned.names.has(bucket)) {
    return notMet(t.arn, `Trail ${name} stores its logs in ${bucket}, a bucket owned by this account${note}.`, { ...evidence, owner: 'this account' });
  }
  const message = `Trail ${name} stores its logs in ${bucket}, owned by another account (not in this account's bucket list)${note}.`;
  return met(t.arn, message, { ...evidence, owner: 'another account' });
}
