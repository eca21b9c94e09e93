import { describe, expect, it } from 'vitest';
import type { TransitOptions } from '../../../src/checks/transit/common.js';
import { classicLoadBalancerFindings, loadBalancerFindings } from '../../../src/checks/transit/load-balancers.js';
import { callKey } from '../../../src/aws/snapshot.js';
import { MissingPermission } from '../../../src/errors.js';
import type { Finding } from '../../../src/model.js';
import { awsError, checkContext, DENIED, HOME } from '../../support/check-tester.js';
import { FORWARD, lbArn, listenerArn, loadBalancers, REDIRECT_TO_HTTPS, transitRegion } from '../security/data-protection-fixtures.js';

const AS_1_24: TransitOptions = { internalPlaintext: 'manual' };
const AS_1_22: TransitOptions = { internalPlaintext: 'not-met' };
const TLS13 = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
const OLD = 'ELBSecurityPolicy-2016-08';

const elbv2 = (responses: Record<string, unknown>, opts = AS_1_24, region = HOME) =>
  loadBalancerFindings(checkContext({ ...transitRegion(region), ...responses }, { region, regions: [region] }), opts);
const classic = (responses: Record<string, unknown>, opts = AS_1_24) => classicLoadBalancerFindings(checkContext({ ...transitRegion(), ...responses }), opts);
const verdicts = (findings: Finding[]) => findings.map((f) => [f.status, f.resource]);

describe('loadBalancerFindings (ELBv2)', () => {
  it('no load balancer: no finding', async () => {
    expect(await elbv2({})).toEqual([]);
  });

  it('an HTTPS listener is met with a TLS 1.2+ policy, not met with one that still accepts TLS 1.0/1.1', async () => {
    const findings = await elbv2(loadBalancers([{ name: 'web', listeners: [{ protocol: 'HTTPS', port: 443, sslPolicy: TLS13 }, { protocol: 'HTTPS', port: 8443, sslPolicy: OLD }] }]));
    expect(verdicts(findings)).toEqual([
      ['met', listenerArn('web', 443)],
      ['not-met', listenerArn('web', 8443)],
    ]);
    expect(findings[0].evidence).toMatchObject({ loadBalancer: 'web', scheme: 'internet-facing', protocol: 'HTTPS', port: 443, sslPolicy: TLS13, protocols: ['TLSv1.2', 'TLSv1.3'] });
    expect(findings[1].message).toBe(
      `Listener HTTPS:8443 of application load balancer web (internet-facing) uses security policy ${OLD}, which still accepts TLSv1, TLSv1.1 (deprecated): choose a TLS 1.2+ policy.`,
    );
  });

  it('a TLS listener whose policy the region does not list is left to people', async () => {
    const findings = await elbv2(loadBalancers([{ name: 'tcp', type: 'network', listeners: [{ protocol: 'TLS', port: 443, sslPolicy: 'ELBSecurityPolicy-Custom' }] }]));
    expect(findings).toEqual([expect.objectContaining({ status: 'manual', resource: listenerArn('tcp', 443, 'net'), message: expect.stringContaining('which the region does not list') })]);
  });

  it('an HTTP listener that only redirects to HTTPS is met', async () => {
    const findings = await elbv2(loadBalancers([{ name: 'web', listeners: [{ protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS]] }] }]));
    expect(findings).toEqual([expect.objectContaining({ status: 'met', message: expect.stringContaining('only redirects to HTTPS') })]);
  });

  it('an HTTP listener with a rule that forwards, or redirects to plain HTTP, serves plain text and names the rules', async () => {
    const toHttp = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTP', Port: '8080', StatusCode: 'HTTP_302' } };
    const findings = await elbv2(loadBalancers([{ name: 'web', listeners: [{ protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS], [FORWARD], [toHttp]] }] }]));
    expect(findings).toEqual([expect.objectContaining({ status: 'not-met', evidence: expect.objectContaining({ plaintextRules: ['priority 10', 'priority 20'] }) })]);
    expect(findings[0].message).toContain('serves plain HTTP (rules: priority 10, priority 20).');
  });

  it('plain HTTP behind an internal load balancer is manual for 1.24 and not met for 1.22', async () => {
    const internal = loadBalancers([{ name: 'api', scheme: 'internal', listeners: [{ protocol: 'HTTP', port: 80, rules: [[FORWARD]] }] }]);
    expect((await elbv2(internal, AS_1_24)).map((f) => f.status)).toEqual(['manual']);
    expect((await elbv2(internal, AS_1_22)).map((f) => f.status)).toEqual(['not-met']);
  });

  it('QUIC is met, pass-through protocols are left to people, GENEVE is not looked at', async () => {
    const findings = await elbv2(
      loadBalancers([
        {
          name: 'edge',
          type: 'network',
          listeners: [
            { protocol: 'QUIC', port: 443 },
            { protocol: 'TCP', port: 5432 },
            { protocol: 'UDP', port: 53 },
            { protocol: 'GENEVE', port: 6081 },
          ],
        },
      ]),
    );
    expect(findings.map((f) => [f.status, f.evidence?.protocol])).toEqual([
      ['met', 'QUIC'],
      ['manual', 'TCP'],
      ['manual', 'UDP'],
    ]);
    expect(findings[1].message).toContain('passes TCP through: the API cannot show whether the application encrypts it');
  });

  it('a load balancer or listener deleted since it was listed gives no finding', async () => {
    const gone = loadBalancers([
      { name: 'deleted', listeners: [] },
      { name: 'web', listeners: [{ protocol: 'HTTP', port: 80, rules: [[FORWARD]] }] },
    ]);
    gone[callKey('elbv2', 'DescribeListeners', { LoadBalancerArn: lbArn('deleted') }, HOME)] = awsError('LoadBalancerNotFound', 'gone');
    gone[callKey('elbv2', 'DescribeRules', { ListenerArn: listenerArn('web', 80) }, HOME)] = awsError('ListenerNotFound', 'gone');
    expect(await elbv2(gone)).toEqual([]);
  });

  it('a load balancer whose listeners cannot be read is an error for it; the others are still judged', async () => {
    const responses = loadBalancers([
      { name: 'locked', listeners: [] },
      { name: 'web', listeners: [{ protocol: 'HTTPS', port: 443, sslPolicy: TLS13 }] },
    ]);
    responses[callKey('elbv2', 'DescribeListeners', { LoadBalancerArn: lbArn('locked') }, HOME)] = DENIED;
    const findings = await elbv2(responses);
    expect(verdicts(findings)).toEqual([
      ['error', lbArn('locked')],
      ['met', listenerArn('web', 443)],
    ]);
    expect(findings[0].missingPermission).toBe('elasticloadbalancing:DescribeListeners');
  });

  it('the load balancer list itself failing is thrown for the caller to guard', async () => {
    await expect(elbv2({ [callKey('elbv2', 'DescribeLoadBalancers', {}, HOME)]: DENIED })).rejects.toBeInstanceOf(MissingPermission);
  });

  it('reads the region of the run', async () => {
    const findings = await elbv2(loadBalancers([{ name: 'eu', listeners: [{ protocol: 'HTTPS', port: 443, sslPolicy: TLS13 }] }], 'eu-west-1'), AS_1_24, 'eu-west-1');
    expect(verdicts(findings)).toEqual([['met', listenerArn('eu', 443, 'app', 'eu-west-1')]]);
  });
});

describe('classicLoadBalancerFindings', () => {
  const ARN = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/${name}`;
  const listener = (Protocol: string, LoadBalancerPort: number, PolicyNames: string[] = []) => ({
    Listener: { Protocol, LoadBalancerPort, InstanceProtocol: 'HTTP', InstancePort: 8080 },
    PolicyNames,
  });
  const classicLbs = (lbs: { name: string; scheme?: string; listeners: object[] }[]) => ({
    [callKey('elb', 'DescribeLoadBalancers', {}, HOME)]: {
      LoadBalancerDescriptions: lbs.map((lb) => ({ LoadBalancerName: lb.name, Scheme: lb.scheme ?? 'internet-facing', ListenerDescriptions: lb.listeners })),
    },
  });
  const policies = (name: string, answer: object) => ({ [callKey('elb', 'DescribeLoadBalancerPolicies', { LoadBalancerName: name }, HOME)]: answer });
  const negotiation = (PolicyName: string, attributes: Record<string, string>) => ({
    PolicyDescriptions: [
      {
        PolicyName,
        PolicyTypeName: 'SSLNegotiationPolicyType',
        PolicyAttributeDescriptions: Object.entries(attributes).map(([AttributeName, AttributeValue]) => ({ AttributeName, AttributeValue })),
      },
    ],
  });

  it('no Classic Load Balancer, or one without listeners: no finding', async () => {
    expect(await classic({})).toEqual([]);
    expect(await classic(classicLbs([{ name: 'bare', listeners: [] }]))).toEqual([]);
  });

  it('an HTTP listener always serves plain text (Classic cannot redirect): not met facing the internet, as the options say inside', async () => {
    const findings = await classic(classicLbs([{ name: 'old', listeners: [listener('HTTP', 80)] }]));
    expect(findings).toEqual([expect.objectContaining({ status: 'not-met', resource: ARN('old'), message: expect.stringContaining('Classic Load Balancers cannot redirect to HTTPS') })]);
    const internal = classicLbs([{ name: 'inner', scheme: 'internal', listeners: [listener('http', 80)] }]);
    expect((await classic(internal, AS_1_24)).map((f) => f.status)).toEqual(['manual']);
    expect((await classic(internal, AS_1_22)).map((f) => f.status)).toEqual(['not-met']);
  });

  it('an HTTPS/SSL listener is judged on the protocols its negotiation policy turns on', async () => {
    const findings = await classic({
      ...classicLbs([{ name: 'portal', listeners: [listener('HTTPS', 443, ['neg-old']), listener('SSL', 8443, ['neg-new'])] }]),
      ...policies('portal', {
        PolicyDescriptions: [
          ...negotiation('neg-old', { 'Protocol-TLSv1': 'true', 'Protocol-TLSv1.2': 'true', 'Protocol-SSLv3': 'false' }).PolicyDescriptions,
          ...negotiation('neg-new', { 'Protocol-TLSv1.2': 'true', 'Protocol-TLSv1.1': 'false' }).PolicyDescriptions,
        ],
      }),
    });
    expect(findings.map((f) => [f.status, f.evidence?.port, f.evidence?.protocols])).toEqual([
      ['not-met', 443, ['TLSv1', 'TLSv1.2']],
      ['met', 8443, ['TLSv1.2']],
    ]);
    expect(findings[0].message).toContain('uses security policy neg-old, which still accepts TLSv1 (deprecated)');
  });

  it('a negotiation policy that shows no protocol (only a reference), or none at all, is left to people', async () => {
    const referenceOnly = await classic({
      ...classicLbs([{ name: 'portal', listeners: [listener('HTTPS', 443, ['neg'])] }]),
      ...policies('portal', negotiation('neg', { 'Reference-Security-Policy': 'ELBSecurityPolicy-TLS-1-2-2017-01' })),
    });
    expect(referenceOnly).toEqual([expect.objectContaining({ status: 'manual', message: expect.stringContaining('(references ELBSecurityPolicy-TLS-1-2-2017-01)') })]);

    const noPolicy = await classic({ ...classicLbs([{ name: 'portal', listeners: [listener('HTTPS', 443)] }]), ...policies('portal', { PolicyDescriptions: [] }) });
    expect(noPolicy).toEqual([expect.objectContaining({ status: 'manual', message: expect.stringContaining('does not show which TLS versions') })]);

    const gone = await classic({ ...classicLbs([{ name: 'portal', listeners: [listener('HTTPS', 443, ['neg'])] }]), ...policies('portal', awsError('LoadBalancerNotFound', 'gone')) });
    expect(gone.map((f) => f.status)).toEqual(['manual']);
  });

  it('a TCP listener passes bytes through: left to people', async () => {
    const findings = await classic(classicLbs([{ name: 'db', listeners: [listener('TCP', 5432)] }]));
    expect(findings).toEqual([expect.objectContaining({ status: 'manual', resource: ARN('db'), evidence: expect.objectContaining({ type: 'classic', protocol: 'TCP' }) })]);
  });

  it('policies that cannot be read are an error for that load balancer; the others are still judged', async () => {
    const findings = await classic({
      ...classicLbs([
        { name: 'locked', listeners: [listener('HTTPS', 443, ['neg'])] },
        { name: 'plain', listeners: [listener('HTTP', 80)] },
      ]),
      ...policies('locked', DENIED),
    });
    expect(verdicts(findings)).toEqual([
      ['error', ARN('locked')],
      ['not-met', ARN('plain')],
    ]);
    expect(findings[0].missingPermission).toBe('elasticloadbalancing:DescribeLoadBalancerPolicies');
  });
});
