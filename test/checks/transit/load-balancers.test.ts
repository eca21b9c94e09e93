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

  it('a security policy that lists no protocols cannot be judged: left to people, not read as TLS 1.2+', async () => {
    const responses = loadBalancers([
      { name: 'web', listeners: [{ protocol: 'HTTPS', port: 443, sslPolicy: 'ELBSecurityPolicy-Empty' }, { protocol: 'TLS', port: 8443, sslPolicy: 'ELBSecurityPolicy-NoField' }] },
    ]);
    responses[callKey('elbv2', 'DescribeSSLPolicies', {}, HOME)] = { SslPolicies: [{ Name: 'ELBSecurityPolicy-Empty', SslProtocols: [] }, { Name: 'ELBSecurityPolicy-NoField' }] };
    const findings = await elbv2(responses);
    expect(findings.map((f) => [f.status, f.resource])).toEqual([
      ['manual', listenerArn('web', 443)],
      ['manual', listenerArn('web', 8443)],
    ]);
    expect(findings[0].message).toBe(
      'Listener HTTPS:443 of application load balancer web (internet-facing) uses security policy ELBSecurityPolicy-Empty, for which the region lists no TLS versions: check them.',
    );
  });

  it('rules that cannot be read: a default action that forwards already serves plain text; one that redirects leaves the listener unknown', async () => {
    const responses = loadBalancers([
      { name: 'shop', listeners: [{ protocol: 'HTTP', port: 80, rules: [[FORWARD]] }] },
      { name: 'web', listeners: [{ protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS]] }] },
      { name: 'admin', scheme: 'internal', listeners: [{ protocol: 'HTTP', port: 8080, rules: [[FORWARD]] }] },
    ]);
    for (const name of ['shop', 'web', 'admin']) {
      responses[callKey('elbv2', 'DescribeRules', { ListenerArn: listenerArn(name, name === 'admin' ? 8080 : 80) }, HOME)] = DENIED;
    }
    const findings = await elbv2(responses);
    expect(findings.map((f) => [f.status, f.resource])).toEqual([
      ['not-met', listenerArn('shop', 80)],
      ['error', listenerArn('web', 80)],
      ['manual', listenerArn('admin', 8080)],
    ]);
    expect(findings[0].message).toBe(
      'Listener HTTP:80 of application load balancer shop (internet-facing) serves plain HTTP (rules: default; the other rules could not be read).',
    );
    expect(findings[0].evidence).toMatchObject({ plaintextRules: ['default'] });
    expect(findings[1]).toMatchObject({ missingPermission: 'elasticloadbalancing:DescribeRules' });
    expect((await elbv2(responses, AS_1_22)).map((f) => f.status)).toEqual(['not-met', 'error', 'not-met']);
  });

  it('no rule listed (not even the default one) is judged on the listener’s default actions; none at all cannot be judged', async () => {
    const responses = loadBalancers([
      { name: 'shop', listeners: [{ protocol: 'HTTP', port: 80, rules: [[FORWARD]] }] },
      { name: 'web', listeners: [{ protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS]] }] },
      { name: 'odd', listeners: [{ protocol: 'HTTP', port: 80, rules: [[]] }] },
    ]);
    for (const name of ['shop', 'web', 'odd']) responses[callKey('elbv2', 'DescribeRules', { ListenerArn: listenerArn(name, 80) }, HOME)] = { Rules: [] };
    const findings = await elbv2(responses);
    expect(findings.map((f) => [f.status, f.resource])).toEqual([
      ['not-met', listenerArn('shop', 80)],
      ['met', listenerArn('web', 80)],
      ['manual', listenerArn('odd', 80)],
    ]);
    expect(findings[2].message).toBe(
      'Listener HTTP:80 of application load balancer odd (internet-facing): the API shows no action for rules default, so what it serves is unknown; check it.',
    );
  });

  it('a rule that shows no action is not read as redirecting: left to people unless another rule already serves plain text', async () => {
    const noActions = loadBalancers([{ name: 'web', listeners: [{ protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS], []] }] }]);
    expect((await elbv2(noActions)).map((f) => [f.status, f.evidence?.unknownRules])).toEqual([['manual', ['priority 10']]]);
    const andForward = loadBalancers([{ name: 'web', listeners: [{ protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS], [], [FORWARD]] }] }]);
    expect((await elbv2(andForward)).map((f) => [f.status, f.evidence?.plaintextRules])).toEqual([['not-met', ['priority 20']]]);
  });

  it('a redirect keeps plain HTTP unless it names HTTPS: #{protocol} (the default) and HTTP serve plain text', async () => {
    const redirect = (Protocol?: string) => ({ Type: 'redirect', RedirectConfig: { ...(Protocol ? { Protocol } : {}), Port: '#{port}', StatusCode: 'HTTP_301' } });
    const findings = await elbv2(
      loadBalancers([{ name: 'web', listeners: [{ protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS], [redirect('#{protocol}')], [redirect()], [redirect('HTTPS')]] }] }]),
    );
    expect(findings.map((f) => [f.status, f.evidence?.plaintextRules])).toEqual([['not-met', ['priority 10', 'priority 20']]]);
  });

  it('fixed responses and authentication before a redirect are no plain-text service', async () => {
    const fixed = { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } };
    const findings = await elbv2(loadBalancers([{ name: 'web', listeners: [{ protocol: 'HTTP', port: 80, rules: [[fixed], [REDIRECT_TO_HTTPS]] }] }]));
    expect(findings.map((f) => f.status)).toEqual(['met']);
  });

  it('a load balancer that does not say its type is named plainly; TCP_QUIC is QUIC too', async () => {
    const responses = loadBalancers([{ name: 'edge', type: 'network', listeners: [{ protocol: 'TCP_QUIC', port: 443 }, { protocol: 'HTTPS', port: 8443, sslPolicy: TLS13 }] }]);
    const key = callKey('elbv2', 'DescribeLoadBalancers', {}, HOME);
    const described = responses[key] as { LoadBalancers: Record<string, unknown>[] };
    responses[key] = { LoadBalancers: described.LoadBalancers.map(({ Type: _type, ...lb }) => lb) };
    const findings = await elbv2(responses);
    expect(findings.map((f) => [f.status, f.message])).toEqual([
      ['met', 'Listener TCP_QUIC:443 of load balancer edge (internet-facing) speaks QUIC, which always carries TLS 1.3.'],
      ['met', `Listener HTTPS:8443 of load balancer edge (internet-facing) terminates TLS with security policy ${TLS13} (TLSv1.2, TLSv1.3).`],
    ]);
  });

  it('rules and actions the API leaves incomplete: a rule without Actions is unknown, a redirect without its configuration keeps plain HTTP', async () => {
    const responses = loadBalancers([
      { name: 'web', listeners: [{ protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS]] }] },
      { name: 'shop', listeners: [{ protocol: 'HTTP', port: 80, rules: [[REDIRECT_TO_HTTPS]] }] },
    ]);
    responses[callKey('elbv2', 'DescribeRules', { ListenerArn: listenerArn('web', 80) }, HOME)] = { Rules: [{ IsDefault: true, Priority: 'default' }, { IsDefault: false, Priority: '10', Actions: [] }] };
    responses[callKey('elbv2', 'DescribeRules', { ListenerArn: listenerArn('shop', 80) }, HOME)] = { Rules: [{ IsDefault: true, Priority: 'default', Actions: [{ Type: 'redirect' }] }] };
    const findings = await elbv2(responses);
    expect(findings.map((f) => [f.status, f.resource])).toEqual([
      ['manual', listenerArn('web', 80)],
      ['not-met', listenerArn('shop', 80)],
    ]);
    expect(findings[0].message).toContain('the API shows no action for rules default, priority 10, so what it serves is unknown');
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

    const allOff = await classic({
      ...classicLbs([{ name: 'portal', listeners: [listener('HTTPS', 443, ['neg']), listener('HTTPS', 8443, ['neg-plain'])] }]),
      ...policies('portal', {
        PolicyDescriptions: [
          ...negotiation('neg', { 'Protocol-TLSv1': 'false', 'Reference-Security-Policy': 'ELBSecurityPolicy-TLS-1-2-2017-01' }).PolicyDescriptions,
          ...negotiation('neg-plain', { 'Protocol-TLSv1': 'false' }).PolicyDescriptions,
        ],
      }),
    });
    expect(allOff.map((f) => [f.status, f.message])).toEqual([
      [
        'manual',
        'Listener HTTPS:443 of Classic Load Balancer portal (internet-facing): the API does not show which TLS versions its negotiation policy accepts (references ELBSecurityPolicy-TLS-1-2-2017-01); check them.',
      ],
      ['manual', 'Listener HTTPS:8443 of Classic Load Balancer portal (internet-facing): the API does not show which TLS versions its negotiation policy accepts; check them.'],
    ]);

    const noPolicy = await classic({ ...classicLbs([{ name: 'portal', listeners: [listener('HTTPS', 443)] }]), ...policies('portal', { PolicyDescriptions: [] }) });
    expect(noPolicy).toEqual([expect.objectContaining({ status: 'manual', message: expect.stringContaining('does not show which TLS versions') })]);

    const gone = await classic({ ...classicLbs([{ name: 'portal', listeners: [listener('HTTPS', 443, ['neg'])] }]), ...policies('portal', awsError('LoadBalancerNotFound', 'gone')) });
    expect(gone.map((f) => f.status)).toEqual(['manual']);
  });

  it('the negotiation policy is the listener’s own policy of type SSLNegotiationPolicyType; stickiness and other listeners’ policies are not it', async () => {
    const sticky = { PolicyName: 'sticky', PolicyTypeName: 'LBCookieStickinessPolicyType', PolicyAttributeDescriptions: [{ AttributeName: 'CookieExpirationPeriod', AttributeValue: '600' }] };
    const findings = await classic({
      ...classicLbs([{ name: 'portal', listeners: [listener('HTTPS', 443, ['sticky', 'neg-443']), listener('HTTPS', 8443, ['sticky', 'neg-unlisted'])] }]),
      ...policies('portal', {
        PolicyDescriptions: [sticky, ...negotiation('neg-443', { 'Protocol-TLSv1.2': 'true' }).PolicyDescriptions, ...negotiation('neg-other', { 'Protocol-TLSv1': 'true' }).PolicyDescriptions],
      }),
    });
    expect(findings.map((f) => [f.status, f.evidence?.port])).toEqual([
      ['met', 443],
      ['manual', 8443],
    ]);
    expect(findings[0].message).toBe('Listener HTTPS:443 of Classic Load Balancer portal (internet-facing) terminates TLS with security policy neg-443 (TLSv1.2).');
    expect(findings[1].message).toBe('Listener HTTPS:8443 of Classic Load Balancer portal (internet-facing): the API does not show which TLS versions its negotiation policy accepts; check them.');
  });

  it('only Protocol-* attributes set to true are protocols: ciphers, server order and the reference are not', async () => {
    const findings = await classic({
      ...classicLbs([{ name: 'portal', listeners: [listener('SSL', 443, ['neg'])] }]),
      ...policies(
        'portal',
        negotiation('neg', {
          'Protocol-SSLv3': 'false',
          'Protocol-TLSv1': 'false',
          'Protocol-TLSv1.1': 'false',
          'Protocol-TLSv1.2': 'true',
          'Server-Defined-Cipher-Order': 'true',
          'ECDHE-RSA-AES128-GCM-SHA256': 'true',
          'DES-CBC3-SHA': 'false',
          'Reference-Security-Policy': 'ELBSecurityPolicy-TLS-1-2-2017-01',
        }),
      ),
    });
    expect(findings.map((f) => [f.status, f.evidence?.protocols])).toEqual([['met', ['TLSv1.2']]]);
  });

  it('SSL 2.0 turned on in an old custom policy is deprecated too', async () => {
    const findings = await classic({
      ...classicLbs([{ name: 'portal', listeners: [listener('HTTPS', 443, ['neg'])] }]),
      ...policies('portal', negotiation('neg', { 'Protocol-SSLv2': 'true', 'Protocol-TLSv1.2': 'true' })),
    });
    expect(findings.map((f) => [f.status, f.message])).toEqual([
      ['not-met', 'Listener HTTPS:443 of Classic Load Balancer portal (internet-facing) uses security policy neg, which still accepts SSLv2 (deprecated): choose a TLS 1.2+ policy.'],
    ]);
  });

  it('policies that cannot be read leave only the TLS listeners unknown: the load balancer’s plain-HTTP listener is still not met', async () => {
    const findings = await classic({
      ...classicLbs([{ name: 'portal', listeners: [listener('HTTP', 80), listener('HTTPS', 443, ['neg']), listener('TCP', 5432)] }]),
      ...policies('portal', DENIED),
    });
    expect(findings.map((f) => [f.status, f.resource, f.evidence?.port ?? f.missingPermission])).toEqual([
      ['not-met', ARN('portal'), 80],
      ['error', ARN('portal'), 'elasticloadbalancing:DescribeLoadBalancerPolicies'],
      ['manual', ARN('portal'), 5432],
    ]);
  });

  it('what a Classic description leaves out is never read as TLS: no listener list, no listener, no policy names, no attributes', async () => {
    const key = callKey('elb', 'DescribeLoadBalancers', {}, HOME);
    const findings = await classic({
      [key]: {
        LoadBalancerDescriptions: [
          { LoadBalancerName: 'none', Scheme: 'internet-facing' },
          { LoadBalancerName: 'odd', Scheme: 'internet-facing', ListenerDescriptions: [{ PolicyNames: [] }, { Listener: { Protocol: 'HTTPS', LoadBalancerPort: 443 } }, listener('SSL', 8443, ['bare'])] },
        ],
      },
      ...policies('odd', {
        PolicyDescriptions: [
          { PolicyName: 'bare', PolicyTypeName: 'SSLNegotiationPolicyType' },
          { PolicyName: 'nameless', PolicyTypeName: 'SSLNegotiationPolicyType', PolicyAttributeDescriptions: [{ AttributeValue: 'true' }] },
        ],
      }),
    });
    expect(findings.map((f) => [f.status, f.resource, f.evidence?.protocol, f.evidence?.port, f.evidence?.policies])).toEqual([
      ['manual', ARN('odd'), '', undefined, []],
      ['manual', ARN('odd'), 'HTTPS', 443, []],
      ['manual', ARN('odd'), 'SSL', 8443, ['bare']],
    ]);
  });

  it('an attribute that names no protocol is skipped, the others still count', async () => {
    const findings = await classic({
      ...classicLbs([{ name: 'portal', listeners: [listener('HTTPS', 443, ['neg'])] }]),
      ...policies('portal', {
        PolicyDescriptions: [
          {
            PolicyName: 'neg',
            PolicyTypeName: 'SSLNegotiationPolicyType',
            PolicyAttributeDescriptions: [{ AttributeValue: 'true' }, { AttributeName: 'Protocol-TLSv1.1', AttributeValue: 'true' }],
          },
        ],
      }),
    });
    expect(findings.map((f) => [f.status, f.evidence?.protocols])).toEqual([['not-met', ['TLSv1.1']]]);
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
