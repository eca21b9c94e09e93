// 1.22 All sensitive data is encrypted (in transit and at rest).
// At rest (checks/rest-encryption.ts): EBS encryption by default off, unencrypted EBS volumes and owned
// snapshots, RDS instances / clusters with StorageEncrypted false, EFS file systems with Encrypted false
// → not met. DynamoDB tables and S3 buckets are always encrypted; their key type is evidence.
// In transit (checks/transit/*, the same findings as 1.24): plain HTTP or deprecated TLS on load
// balancers, CloudFront, API Gateway, S3 without an aws:SecureTransport deny → not met. Unlike 1.24,
// plain HTTP behind an internal load balancer is not met too: sensitive data must be encrypted on every
// hop, not only across VPC boundaries.
// Which data is sensitive is classification (1.21), and stores this scan does not read (ElastiCache,
// Redshift, OpenSearch, SQS, backups outside AWS, …) exist: one `manual` finding per scan asks people to
// confirm that everything classified sensitive is covered. With nothing flagged the item rolls up to
// manual, never met.
import { isAccountRun } from '../account-run.js';
import { defineCheck, manual } from '../define-check.js';
import { REST_PERMISSIONS, restFindings } from '../rest-encryption.js';
import { TRANSIT_PERMISSIONS, transitFindings } from '../transit/index.js';

export default defineCheck({
  meta: {
    id: '1.22',
    kind: 'partial',
    scope: 'region',
    permissions: [...new Set([...REST_PERMISSIONS, ...TRANSIT_PERMISSIONS])],
    remediation:
      'Turn on EBS encryption by default in every region; replace unencrypted volumes, snapshots, RDS instances ' +
      'and EFS file systems with encrypted copies (snapshot → encrypted copy → restore); serve every endpoint ' +
      'over TLS 1.2+ and deny aws:SecureTransport = false on buckets; prefer customer managed KMS keys for ' +
      'data classified sensitive.',
    docs: 'https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/data-protection.html',
  },
  async run(ctx) {
    const [atRest, inTransit] = await Promise.all([restFindings(ctx), transitFindings(ctx, { internalPlaintext: 'not-met' })]);
    const findings = [...atRest, ...inTransit];
    if (isAccountRun(ctx)) {
      findings.push(
        manual(
          ctx.account.rootArn,
          'Confirm that all data classified sensitive (1.21) is covered: stored only in the encrypted stores above ' +
            'or in others encrypted with evidence (ElastiCache, Redshift, OpenSearch, queues, backups, on-premises ' +
            'copies), and sent only over encrypted connections.',
        ),
      );
    }
    return findings;
  },
});
