// Load balancers as TLS endpoints (ELBv2 and Classic), one finding per listener.
//  - HTTPS / TLS listeners: met, unless the listener's security policy accepts SSLv2, SSLv3, TLS 1.0 or
//    1.1 (DescribeSSLPolicies → SslProtocols; Classic: the listener's own policy of type
//    SSLNegotiationPolicyType, attributes Protocol-* = true): not met, the protocols are deprecated
//    (RFC 8996) and a TLS 1.2+ policy is one setting away. A policy that shows no protocol is left to
//    people, never read as TLS 1.2+.
//  - QUIC / TCP_QUIC listeners: met (QUIC always carries TLS 1.3).
//  - HTTP listeners: met when every rule (DescribeRules, the default rule included) only redirects to
//    HTTPS or answers a fixed response; a rule that forwards (or redirects to plain HTTP) serves plain
//    text → not met on internet-facing load balancers, internal ones as TransitOptions say. A rule with
//    no action is unknown (manual). Classic HTTP listeners cannot redirect, so they always serve plain
//    text. Each listener is judged on its own: a lookup that fails for one leaves the others' verdicts.
//  - TCP / UDP / TCP_UDP listeners pass bytes through: whether the application encrypts them is not
//    visible to the API → manual. GENEVE (Gateway Load Balancer) carries traffic to in-VPC appliances,
//    not clients: skipped.
import type { Listener, LoadBalancer, Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ListenerDescription, LoadBalancerDescription } from '@aws-sdk/client-elastic-load-balancing';
import type { Finding } from '../../model.js';
import { manual, met, notMet, type CheckContext } from '../define-check.js';
import { attempt, DEPRECATED_PROTOCOLS, guard, plaintext, type TransitOptions } from './common.js';

export async function loadBalancerFindings(ctx: CheckContext, opts: TransitOptions): Promise<Finding[]> {
  const lbs = await ctx.aws.elbv2.loadBalancers(ctx.region);
  const perLb = await Promise.all(
    lbs.map((lb) =>
      guard(lb.LoadBalancerArn!, async () => {
        const listeners = (await ctx.aws.elbv2.listeners(ctx.region, lb.LoadBalancerArn!)) ?? [];
        return (await Promise.all(listeners.map((l) => guard(l.ListenerArn!, () => judgeListener(ctx, opts, lb, l))))).flat();
      }),
    ),
  );
  return perLb.flat();
}

async function judgeListener(ctx: CheckContext, opts: TransitOptions, lb: LoadBalancer, l: Listener): Promise<Finding[]> {
  const where = `Listener ${l.Protocol}:${l.Port} of ${lb.Type ? `${lb.Type} ` : ''}load balancer ${lb.LoadBalancerName} (${lb.Scheme})`;
  const evidence = { loadBalancer: lb.LoadBalancerName, type: lb.Type, scheme: lb.Scheme, protocol: l.Protocol, port: l.Port, sslPolicy: l.SslPolicy };
  const resource = l.ListenerArn!;
  switch (l.Protocol) {
    case 'HTTPS':
    case 'TLS': {
      const policy = (await ctx.aws.elbv2.sslPolicies(ctx.region)).find((p) => p.Name === l.SslPolicy);
      if (!policy) return [manual(resource, `${where} uses security policy ${l.SslPolicy}, which the region does not list: check its TLS versions.`, evidence)];
      if (!policy.SslProtocols?.length) return [manual(resource, `${where} uses security policy ${l.SslPolicy}, for which the region lists no TLS versions: check them.`, evidence)];
      return [tlsVerdict(resource, where, l.SslPolicy!, policy.SslProtocols, evidence)];
    }
    case 'QUIC':
    case 'TCP_QUIC':
      return [met(resource, `${where} speaks QUIC, which always carries TLS 1.3.`, evidence)];
    case 'HTTP':
      return judgeHttp(ctx, opts, lb, l, where, evidence);
    case 'GENEVE':
      return [];
    default:
      return [passThrough(resource, where, evidence)];
  }
}

/**
 * An HTTP listener serves plain text when a rule forwards (or redirects to plain HTTP). DescribeRules lists
 * every rule, the default one included; when it cannot be read, the listener's own DefaultActions (from
 * DescribeListeners) still decide when they forward: that verdict stands without the other rules.
 */
async function judgeHttp(ctx: CheckContext, opts: TransitOptions, lb: LoadBalancer, l: Listener, where: string, evidence: Record<string, unknown>): Promise<Finding[]> {
  const resource = l.ListenerArn!;
  const read = await attempt(() => ctx.aws.elbv2.rules(ctx.region, resource));
  const unread = 'failed' in read ? read.failed : undefined;
  const rules = 'value' in read ? read.value : [];
  if (!rules) return []; // the listener is gone
  const judged: Rule[] = rules.length ? rules : [{ IsDefault: true, Actions: l.DefaultActions }];
  const serving = judged.filter(servesPlaintext).map(ruleName);
  if (serving.length) {
    const rest = unread ? '; the other rules could not be read' : '';
    return [plaintext(opts, lb.Scheme === 'internal', resource, `${where} serves plain HTTP (rules: ${serving.join(', ')}${rest}).`, { ...evidence, plaintextRules: serving })];
  }
  if (unread) throw unread;
  const unknown = judged.filter((r) => !r.Actions?.length).map(ruleName);
  if (unknown.length) {
    return [manual(resource, `${where}: the API shows no action for rules ${unknown.join(', ')}, so what it serves is unknown; check it.`, { ...evidence, unknownRules: unknown })];
  }
  return [met(resource, `${where} only redirects to HTTPS (or answers fixed responses).`, evidence)];
}

const ruleName = (r: Rule) => (r.IsDefault ? 'default' : `priority ${r.Priority}`);

/** A rule whose actions forward the request (or redirect it to plain HTTP: #{protocol}, the default, keeps HTTP) serves plain text. */
function servesPlaintext(rule: Rule): boolean {
  return rule.Actions?.some((a) => a.Type === 'forward' || (a.Type === 'redirect' && a.RedirectConfig?.Protocol !== 'HTTPS')) === true;
}

function tlsVerdict(resource: string, where: string, policy: string, protocols: string[], evidence: Record<string, unknown>): Finding {
  const weak = protocols.filter((p) => DEPRECATED_PROTOCOLS.includes(p));
  const facts = { ...evidence, protocols };
  if (weak.length === 0) return met(resource, `${where} terminates TLS with security policy ${policy} (${protocols.join(', ')}).`, facts);
  return notMet(
    resource,
    `${where} uses security policy ${policy}, which still accepts ${weak.join(', ')} (deprecated): choose a TLS 1.2+ policy.`,
    facts,
  );
}

const passThrough = (resource: string, where: string, evidence: Record<string, unknown>) =>
  manual(resource, `${where} passes ${String(evidence.protocol)} through: the API cannot show whether the application encrypts it; confirm it does (or terminate TLS on the listener).`, evidence);

export async function classicLoadBalancerFindings(ctx: CheckContext, opts: TransitOptions): Promise<Finding[]> {
  const lbs = await ctx.aws.elb.loadBalancers(ctx.region);
  const { partition, id } = ctx.account;
  const perLb = await Promise.all(
    lbs.map((lb) => {
      const arn = `arn:${partition}:elasticloadbalancing:${ctx.region}:${id}:loadbalancer/${lb.LoadBalancerName}`;
      // Each listener on its own: policies that cannot be read leave the TLS listeners unknown, not the plain-HTTP ones.
      return Promise.all((lb.ListenerDescriptions ?? []).map((d) => guard(arn, async () => [await judgeClassic(ctx, opts, lb, d, arn)]))).then((f) => f.flat());
    }),
  );
  return perLb.flat();
}

async function judgeClassic(ctx: CheckContext, opts: TransitOptions, lb: LoadBalancerDescription, d: ListenerDescription, arn: string): Promise<Finding> {
  const protocol = (d.Listener?.Protocol ?? '').toUpperCase();
  const port = d.Listener?.LoadBalancerPort;
  const where = `Listener ${protocol}:${port} of Classic Load Balancer ${lb.LoadBalancerName} (${lb.Scheme})`;
  const evidence = { loadBalancer: lb.LoadBalancerName, type: 'classic', scheme: lb.Scheme, protocol, port, policies: d.PolicyNames ?? [] };
  if (protocol === 'HTTP') return plaintext(opts, lb.Scheme === 'internal', arn, `${where} serves plain HTTP (Classic Load Balancers cannot redirect to HTTPS).`, evidence);
  if (protocol !== 'HTTPS' && protocol !== 'SSL') return passThrough(arn, where, evidence);
  // The load balancer's policies (undefined when it is gone); the listener's own SSLNegotiationPolicyType one.
  const policies = await ctx.aws.elb.policies(ctx.region, lb.LoadBalancerName!);
  const negotiation = policies?.find((p) => p.PolicyTypeName === 'SSLNegotiationPolicyType' && d.PolicyNames?.includes(p.PolicyName!) === true);
  const attributes = negotiation?.PolicyAttributeDescriptions;
  const protocols = attributes?.filter((a) => a.AttributeName?.startsWith('Protocol-') && a.AttributeValue === 'true').map((a) => a.AttributeName!.slice('Protocol-'.length));
  if (!protocols?.length) {
    const reference = attributes?.find((a) => a.AttributeName === 'Reference-Security-Policy')?.AttributeValue;
    return manual(arn, `${where}: the API does not show which TLS versions its negotiation policy accepts${reference ? ` (references ${reference})` : ''}; check them.`, evidence);
  }
  return tlsVerdict(arn, where, negotiation!.PolicyName!, protocols, evidence);
}
