// 1.18 S3 buckets have not been misconfigured to allow public access.
// Per bucket (buckets listed once; each bucket's reads go to its own region), see ../s3-exposure.ts:
//   public = (the policy is public — GetBucketPolicyStatus.IsPublic, or a statement granting everyone access
//             without a narrowing condition — and not RestrictPublicBuckets)
//         or (an ACL grant to AllUsers / AuthenticatedUsers, ACLs enabled, and not IgnorePublicAcls),
//   with Block Public Access taken as account OR bucket. BlockPublicPolicy / BlockPublicAcls alone do not
//   neutralise a policy or ACL that already exists, so they do not make a public bucket private. An absent
//   IsPublic is never read as "not public": the policy's own statements then decide.
// Public → not met, unless the bucket is in thresholds.publicBuckets (meant to be public) → met, noted.
// Not public → met, saying whether Block Public Access is fully on (CIS 2.1.4 asks for it; the item asks
// that no bucket be public, so a private bucket without full BPA is met, with the gap in the evidence).
// A bucket deleted since it was listed → met (no longer reachable). The account-level BPA is reported as its
// own finding when it can be read. One bucket's unreadable setting → error for that bucket; account BPA
// unreadable → error only for buckets that bucket-level facts alone show as public (and not allow-listed);
// an unreadable policy document → error, unless AWS's verdict or the ACL already shows the bucket public.
import { defineCheck, met, notMet, type CheckContext } from '../define-check.js';
import type { Finding } from '../../model.js';
import {
  bpaOff,
  bucketFindings,
  describeGrants,
  exposureEvidence,
  publicStatements,
  S3_EXPOSURE_PERMISSIONS,
  scanBuckets,
  undeterminedFinding,
  aclUnknownFinding,
  unreadablePolicyFinding,
  type BucketJudge,
  type ExposureScan,
} from '../s3-exposure.js';

export default defineCheck({
  meta: {
    id: '1.18',
    kind: 'automated',
    scope: 'account',
    permissions: S3_EXPOSURE_PERMISSIONS,
    remediation:
      'Turn on all four S3 Block Public Access settings at the account level (and on each bucket). For a bucket that ' +
      'must serve public content, prefer CloudFront with Origin Access Control over a public bucket; if it must stay ' +
      'public, list it in thresholds.publicBuckets so the exception is explicit. Remove "Principal": "*" statements ' +
      'and AllUsers / AuthenticatedUsers ACL grants, and set Object Ownership to BucketOwnerEnforced.',
    docs: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
  },
  async run({ aws, account, thresholds }) {
    const scan = await scanBuckets(aws, account.id, account.partition);
    // Account BPA unreadable: no finding of its own; each bucket that depends on it says so (an error naming the permission).
    const accountLevel = scan.account.bpa ? [accountFinding(scan.account.bpa, account)] : [];
    return [...accountLevel, ...bucketFindings(scan, account.rootArn, thresholds.publicBuckets, judge)];
  },
});

function accountFinding(bpa: NonNullable<ExposureScan['account']['bpa']>, account: CheckContext['account']): Finding {
  const off = bpaOff(bpa);
  return off.length === 0
    ? met(account.rootArn, 'Account-level S3 Block Public Access is fully on: no bucket of the account can be public.', { off })
    : met(account.rootArn, `Account-level S3 Block Public Access is not fully on (off: ${off.join(', ')}); each bucket depends on its own settings.`, { off });
}

const judge: BucketJudge = (e, { allowListed, accountError }) => {
  const evidence = { ...exposureEvidence(e), allowListed };
  const how = [
    e.publicViaPolicy ? `its bucket policy grants public access (${publicStatements(e)})` : '',
    e.publicViaAcl ? `its ACL grants ${describeGrants(e.acl.public)}` : '',
  ].filter(Boolean);
  if (how.length > 0) {
    if (allowListed) return met(e.arn, `Bucket ${e.name} is public (${how.join('; ')}) and allow-listed as public (thresholds.publicBuckets).`, evidence);
    if (e.undetermined) return undeterminedFinding(accountError, e);
    return notMet(e.arn, `Bucket ${e.name} is public: ${how.join('; ')}.`, evidence);
  }
  if (e.policy.unreadable) return unreadablePolicyFinding(e);
  // A public ACL grant would decide, unless IgnorePublicAcls makes every ACL grant moot.
  if (e.aclError && !e.bpa.effective.IgnorePublicAcls) return aclUnknownFinding(e);
  const neutralised = [
    e.policyIsPublic ? 'a public policy is neutralised by RestrictPublicBuckets' : '',
    e.acl.public.length > 0 ? 'public ACL grants are ignored (IgnorePublicAcls)' : '',
    e.hasPolicy && e.policyStatus === undefined && !e.policyIsPublic ? 'GetBucketPolicyStatus gave no verdict; no statement of its policy grants public access' : '',
  ].filter(Boolean);
  const off = bpaOff(e.bpa.effective);
  const bpa =
    off.length === 0
      ? 'Block Public Access is fully on'
      : e.bpa.account
        ? `Block Public Access is not fully on (off: ${off.join(', ')})`
        : `bucket-level Block Public Access is partly off (${off.join(', ')}), account level unknown`;
  return met(e.arn, `Bucket ${e.name} is not public; ${[...neutralised, bpa].join('; ')}.`, evidence);
};
