// 1.24 All data in transit across a VPC boundary is encrypted.
// The API shows the managed endpoints that terminate client traffic (checks/transit/*): ELBv2 and Classic
// listeners (HTTP without an HTTPS redirect, deprecated TLS policies), CloudFront viewer and origin
// protocols, S3 bucket policies without an aws:SecureTransport deny, API Gateway TLS_1_0 policies. Any
// of these on an internet-facing path → not met. Plain HTTP behind an internal load balancer, and TCP/UDP
// listeners that pass bytes through, may or may not cross a VPC boundary → manual, people confirm.
// Traffic the API cannot see (EC2 instances or databases reached on public addresses, VPN and Direct
// Connect links, third-party integrations) is attested: one `manual` finding per scan, so with nothing
// flagged the item rolls up to manual, never met.
import { isAccountRun } from '../account-run.js';
import { defineCheck, manual, met } from '../define-check.js';
import { TRANSIT_PERMISSIONS, transitFindings } from '../transit/index.js';

export default defineCheck({
  meta: {
    id: '1.24',
    kind: 'partial',
    scope: 'region',
    permissions: [...TRANSIT_PERMISSIONS],
    remediation:
      'Redirect HTTP listeners to HTTPS (or remove them); use a TLS 1.2+ security policy on HTTPS/TLS listeners, ' +
      'CloudFront viewer certificates and API Gateway custom domains; set CloudFront viewer protocol policy to ' +
      'redirect-to-https or https-only and origin protocol policy to https-only; add a Deny on ' +
      'aws:SecureTransport = false to every bucket policy.',
    docs: 'https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/protecting-data-in-transit.html',
  },
  async run(ctx) {
    const findings = await transitFindings(ctx, { internalPlaintext: 'manual' });
    if (findings.length === 0) {
      // A region with nothing to judge must not hold the item back: one met finding says so.
      const { partition, id } = ctx.account;
      findings.push(
        met(
          `arn:${partition}:elasticloadbalancing:${ctx.region}:${id}:loadbalancer/*`,
          `Nothing terminates client traffic in ${ctx.region}: no load balancer listener, API Gateway API or custom domain name to judge.`,
          { endpointsJudged: 0 },
        ),
      );
    }
    if (isAccountRun(ctx)) {
      findings.push(
        manual(
          ctx.account.rootArn,
          'Traffic the scan cannot see must also be encrypted where it crosses a VPC boundary: EC2 instances, ' +
            'containers or databases reached on public addresses, VPN and Direct Connect links, calls to customer ' +
            'and third-party systems. People attest it, with evidence (TLS configuration, IPsec, MACsec).',
        ),
      );
    }
    return findings;
  },
});
