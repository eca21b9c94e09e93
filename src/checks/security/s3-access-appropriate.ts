// 1.17 S3 buckets within your account have appropriate levels of access.
// Least privilege per bucket (buckets listed once; each bucket's reads go to its own region), with the
// analysis of ../s3-exposure.ts. A bucket is not met when, after Block Public Access is applied:
//   - its policy is public (GetBucketPolicyStatus.IsPublic, or a statement granting everyone access without a
//     narrowing condition; not neutralised by RestrictPublicBuckets);
//   - a policy Allow statement names another AWS account without a restricting condition (aws:PrincipalOrgID,
//     aws:SourceVpce, aws:SourceIp, aws:SourceArn …) — a share the bucket owner cannot narrow or audit;
//   - with ACLs enabled, its ACL grants AllUsers / AuthenticatedUsers (not ignored by IgnorePublicAcls) or
//     another account (canonical user / e-mail; the LogDelivery group and awslogsdelivery are expected).
// Object Ownership other than BucketOwnerEnforced (ACLs still enabled) is a weaker signal: evidence and a
// note in the message, never a verdict on its own (object ACLs are not read: one call per object).
// Buckets in thresholds.publicBuckets are meant to be shared: met, "allow-listed as public", with evidence.
// A bucket deleted since it was listed → met. One bucket's unreadable setting → error for that bucket only.
// Account BPA unreadable: grants BPA cannot touch (ACL grants to other accounts, cross-account statements of a
// policy that is not public) still decide not met; a bucket public only by its own settings is an error. An
// unreadable policy document → error, unless its ACL or AWS's verdict already decides not met.
import { defineCheck, met, notMet } from '../define-check.js';
import {
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
} from '../s3-exposure.js';

export default defineCheck({
  meta: {
    id: '1.17',
    kind: 'automated',
    scope: 'account',
    permissions: S3_EXPOSURE_PERMISSIONS,
    remediation:
      'Grant bucket access to IAM principals of your own account through IAM policies. Where another account needs ' +
      'access, name its role and add a condition (aws:PrincipalOrgID, aws:SourceVpce, aws:SourceArn …) that narrows it, ' +
      'or use S3 Access Points. Remove ACL grants to other accounts and groups and set Object Ownership to ' +
      'BucketOwnerEnforced to disable ACLs. Buckets meant to be public go in thresholds.publicBuckets.',
    docs: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
  },
  async run({ aws, account, thresholds }) {
    const scan = await scanBuckets(aws, account.id, account.partition);
    return bucketFindings(scan, account.rootArn, thresholds.publicBuckets, judge);
  },
});

const judge: BucketJudge = (e, { allowListed, accountError }) => {
  const evidence = { ...exposureEvidence(e), allowListed };
  if (allowListed) return met(e.arn, `Bucket ${e.name} is allow-listed as public (thresholds.publicBuckets).`, evidence);
  const crossAccount = e.policy.crossAccount.map(
    (g) => `its policy grants account ${g.to.join(', ')} ${actions(g)} without a restricting condition (${g.sid})`,
  );
  const otherAccountsAcl = e.acl.otherAccounts.length > 0 ? [`its ACL grants ${describeGrants(e.acl.otherAccounts)}`] : [];
  if (e.undetermined) {
    // Public only by the bucket's own settings, and account BPA unknown: what BPA cannot neutralise still decides.
    const standing = [...(e.policyIsPublic ? [] : crossAccount), ...otherAccountsAcl];
    if (standing.length === 0) return undeterminedFinding(accountError, e);
    const unknown = 'whether it is also public depends on account-level Block Public Access, which could not be read';
    return notMet(e.arn, `Bucket ${e.name}: ${standing.join('; ')} (${unknown}).`, evidence);
  }
  const problems = [
    ...(e.publicViaPolicy ? [`its policy grants public access (${publicStatements(e)})`] : []),
    ...(e.crossAccountInForce ? crossAccount : []),
    ...(e.publicViaAcl ? [`its ACL grants ${describeGrants(e.acl.public)}`] : []),
    ...otherAccountsAcl,
  ];
  if (problems.length > 0) return notMet(e.arn, `Bucket ${e.name}: ${problems.join('; ')}.`, evidence);
  if (e.policy.unreadable) return unreadablePolicyFinding(e);
  // Grants to other accounts in the ACL would decide (BPA never neutralises those).
  if (e.aclError) return aclUnknownFinding(e);
  const notes = [
    e.aclsEnabled ? `ACLs are enabled (Object Ownership ${e.ownership}); BucketOwnerEnforced is recommended` : '',
    e.policyIsPublic || e.acl.public.length > 0 ? 'public grants exist but Block Public Access neutralises them; remove them' : '',
  ].filter(Boolean);
  const tail = notes.length > 0 ? ` Note: ${notes.join('; ')}.` : '';
  return met(e.arn, `Bucket ${e.name} grants no public access and no unconditioned access to other accounts.${tail}`, evidence);
};

const actions = (g: { actions: string[] }) => (g.actions.length > 0 ? g.actions.join(', ') : 'access');
