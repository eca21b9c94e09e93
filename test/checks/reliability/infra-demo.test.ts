// The demo snapshot (fixtures/demo) tells the intended story for 2.1–2.5 and 2.8 (see the description of
// fixtures/demo/reliability-infra.json): production in us-east-1, a warm standby in us-west-2, analytics
// workers in eu-west-1. Every call is answered from the snapshot.
import { beforeAll, describe, expect, it } from 'vitest';
import azResilience from '../../../src/checks/reliability/az-resilience.js';
import centralLogging from '../../../src/checks/reliability/central-logging.js';
import centralMonitoringAlarms from '../../../src/checks/reliability/central-monitoring-alarms.js';
import infrastructureAsCode from '../../../src/checks/reliability/infrastructure-as-code.js';
import networkHighlyAvailable from '../../../src/checks/reliability/network-highly-available.js';
import scalingMechanisms from '../../../src/checks/reliability/scaling-mechanisms.js';
import type { CheckResult, FindingStatus } from '../../../src/model.js';
import { errorFindings, notInSnapshot, resourcesWith, runDemo, statuses } from '../../support/demo.js';

const CHECKS = [networkHighlyAvailable, scalingMechanisms, centralLogging, centralMonitoringAlarms, infrastructureAsCode, azResilience];

let results: Map<string, CheckResult>;
beforeAll(async () => {
  results = await runDemo(CHECKS);
});

/** The statuses of an item's findings in one region, in order. */
const statusesIn = (id: string, region: string): FindingStatus[] =>
  results.get(id)!.findings.filter((f) => f.region === region).map((f) => f.status);
const notMetIn = (id: string) => results.get(id)!.findings.filter((f) => f.status === 'not-met').map((f) => `${f.region} ${f.resource}`);

describe('demo snapshot: reliability infrastructure (2.1–2.5, 2.8)', () => {
  it('answers every call from the snapshot, with no error', () => {
    expect(notInSnapshot(results)).toEqual([]);
    expect(errorFindings(results)).toEqual([]);
  });

  it('pins every finding: item, region, status and the last part of the resource', () => {
    const short = (arn: string) => arn.split(/[:/]/).at(-1);
    const all = [...results.values()].flatMap((r) => r.findings.map((f) => `${r.id} ${f.region} ${f.status} ${short(f.resource)}`));
    expect(all).toEqual([
      '2.1 us-east-1 met vpn-0a9b8c7d6e5f40301',
      '2.1 us-east-1 not-met vpc-0a3f5c2e9b1d47e01',
      '2.1 us-east-1 met 7f3c9a1b2d4e6f80',
      '2.1 us-west-2 met 1a2b3c4d5e6f7081',
      '2.1 eu-west-1 met vpc-0e9d8c7b6a5f4e3d1',
      '2.2 us-east-1 met acme-prod-app',
      '2.2 us-east-1 met 0ec18a3b7c2d4e5f9a1b2c3d4e5f6a7b',
      '2.2 us-east-1 manual i-0b7a3c9d2e1f40a11',
      '2.2 us-west-2 manual acme-dr-app',
      '2.2 eu-west-1 manual analytics-workers',
      '2.3 us-east-1 met org-audit-trail',
      '2.3 us-east-1 met vpc-0a3f5c2e9b1d47e01',
      '2.3 us-east-1 met *',
      '2.3 us-west-2 met org-audit-trail',
      '2.3 us-west-2 not-met vpc-07c1d2e3f4a5b6c71',
      '2.3 us-west-2 manual *',
      '2.3 eu-west-1 met org-audit-trail',
      '2.3 eu-west-1 met vpc-0e9d8c7b6a5f4e3d1',
      '2.3 eu-west-1 met *',
      '2.4 us-east-1 met *',
      '2.4 us-east-1 met acme-ops-alerts',
      '2.4 us-west-2 not-met *',
      '2.4 eu-west-1 met *',
      '2.4 eu-west-1 manual analytics-alerts',
      '2.5 us-east-1 not-met event-history',
      '2.5 us-east-1 manual *',
      '2.5 us-west-2 met event-history',
      '2.5 us-west-2 manual *',
      '2.5 eu-west-1 met event-history',
      '2.5 eu-west-1 manual *',
      '2.8 us-east-1 met acme-prod-db',
      '2.8 us-east-1 met acme-prod-app',
      '2.8 us-east-1 met 7f3c9a1b2d4e6f80',
      '2.8 us-east-1 met 5d7f9b1d3f5a7c90',
      '2.8 us-east-1 manual i-0b7a3c9d2e1f40a11',
      '2.8 us-west-2 not-met legacy-reports',
      '2.8 us-west-2 not-met acme-dr-app',
      '2.8 us-west-2 met 1a2b3c4d5e6f7081',
      '2.8 eu-west-1 met analytics-workers',
    ]);
  });

  it('rolls up to the intended statuses', () => {
    expect(statuses(results)).toEqual({
      '2.1': 'not-met',
      '2.2': 'manual',
      '2.3': 'not-met',
      '2.4': 'not-met',
      '2.5': 'not-met',
      '2.8': 'not-met',
    });
  });

  it('2.1: the one NAT gateway of acme-prod is not met; the HQ VPN is met with a note; the DR load balancer spans two AZs', () => {
    expect(notMetIn('2.1')).toEqual(['us-east-1 arn:aws:ec2:us-east-1:210987654321:vpc/vpc-0a3f5c2e9b1d47e01']);
    const vpn = results.get('2.1')!.findings.find((f) => f.resource.endsWith('vpn-connection/vpn-0a9b8c7d6e5f40301'));
    expect(vpn?.status).toBe('met');
    expect(vpn?.message).toMatch(/customer gateway cgw-0d1e2f3a4b5c60301 has only this connection/);
    expect(resourcesWith(results, '2.1', 'met', 'us-west-2')).toEqual(['arn:aws:elasticloadbalancing:us-west-2:210987654321:loadbalancer/app/dr-web/1a2b3c4d5e6f7081']);
    expect(statusesIn('2.1', 'eu-west-1')).toEqual(['met']);
  });

  it('2.2: acme-prod-app and acme-api scale; the bastion, the DR group and the analytics workers are for people', () => {
    const byResource = Object.fromEntries(results.get('2.2')!.findings.map((f) => [f.resource.split('/').at(-1), f.status]));
    expect(byResource).toMatchObject({
      'acme-prod-app': 'met',
      '0ec18a3b7c2d4e5f9a1b2c3d4e5f6a7b': 'met',
      'i-0b7a3c9d2e1f40a11': 'manual',
      'acme-dr-app': 'manual',
      'analytics-workers': 'manual',
    });
  });

  it('2.3: the DR VPC has no flow log; us-east-1 is met; eu-west-1 logs go to the audit account', () => {
    expect(notMetIn('2.3')).toEqual(['us-west-2 arn:aws:ec2:us-west-2:210987654321:vpc/vpc-07c1d2e3f4a5b6c71']);
    expect(statusesIn('2.3', 'us-east-1')).toEqual(['met', 'met', 'met']);
    expect(statusesIn('2.3', 'eu-west-1')).toEqual(['met', 'met', 'met']);
  });

  it('2.4: production alarms reach PagerDuty; the DR region runs unwatched; the analytics topic has no confirmed subscription', () => {
    expect(statusesIn('2.4', 'us-east-1')).toEqual(['met', 'met']);
    expect(notMetIn('2.4')).toEqual(['us-west-2 arn:aws:cloudwatch:us-west-2:210987654321:alarm:*']);
    const analytics = results.get('2.4')!.findings.find((f) => f.resource === 'arn:aws:sns:eu-west-1:210987654321:analytics-alerts');
    expect(analytics?.status).toBe('manual');
  });

  it('2.5: bob changed the bastion from the console', () => {
    const consoleChanges = results.get('2.5')!.findings.filter((f) => f.status === 'not-met');
    expect(consoleChanges.map((f) => f.region)).toEqual(['us-east-1']);
    expect(consoleChanges[0].message).toMatch(/2 infrastructure changes were made from the AWS Console in us-east-1 .*\(by arn:aws:iam::210987654321:user\/bob\)/);
    expect(statusesIn('2.5', 'eu-west-1')[0]).toBe('met');
  });

  it('2.8: the DR Auto Scaling group and legacy-reports sit in one AZ; production spans two', () => {
    expect(notMetIn('2.8').sort()).toEqual([
      'us-west-2 arn:aws:autoscaling:us-west-2:210987654321:autoScalingGroup:2c4e6a8b-1d3f-4a5b-9c7d-0e2f4a6b8c0d:autoScalingGroupName/acme-dr-app',
      'us-west-2 arn:aws:rds:us-west-2:210987654321:db:legacy-reports',
    ]);
    expect(results.get('2.8')!.findings.find((f) => f.resource.endsWith(':db:acme-prod-db'))?.status).toBe('met');
    expect(results.get('2.8')!.findings.find((f) => f.resource.endsWith('autoScalingGroupName/acme-prod-app'))?.status).toBe('met');
    expect(statusesIn('2.8', 'eu-west-1').every((s) => s === 'met')).toBe(true);
  });
});
