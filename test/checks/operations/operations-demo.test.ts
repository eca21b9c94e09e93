// The demo snapshot (fixtures/demo) tells the intended story for 3.1–3.3 (see the description of
// fixtures/demo/operations.json): a pipeline in us-east-1 next to an SSH bastion open to the internet,
// nothing deployed by AWS services in us-west-2, CodeDeploy in eu-west-1, runbooks and a response plan,
// Developer support only. Every call is answered from the snapshot.
import { beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../../../src/aws/fetcher.js';
import { createAwsData } from '../../../src/aws/index.js';
import { SERVICES } from '../../../src/aws/services/index.js';
import { loadSnapshot } from '../../../src/aws/snapshot.js';
import automatedDeployment from '../../../src/checks/operations/automated-deployment.js';
import businessSupportEnabled from '../../../src/checks/operations/business-support-enabled.js';
import runbooksAndEscalation from '../../../src/checks/operations/runbooks-and-escalation.js';
import { DEFAULT_THRESHOLDS } from '../../../src/config/thresholds.js';
import { runChecks } from '../../../src/engine.js';
import type { CheckResult } from '../../../src/model.js';

const DEMO = { id: '210987654321', partition: 'aws', rootArn: 'arn:aws:iam::210987654321:root' };
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const CHECKS = [automatedDeployment, runbooksAndEscalation, businessSupportEnabled];

let results: Map<string, CheckResult>;
beforeAll(async () => {
  const fetcher = new Fetcher({ services: SERVICES, homeRegion: 'us-east-1', snapshot: loadSnapshot('fixtures/demo') });
  const out = await runChecks({
    checks: CHECKS,
    only: CHECKS.map((c) => c.meta.id),
    context: {
      aws: createAwsData(fetcher),
      account: DEMO,
      regions: REGIONS,
      homeRegion: 'us-east-1',
      thresholds: DEFAULT_THRESHOLDS,
      deploymentModel: 'multi-tenant-saas',
      now: new Date('2026-11-20T09:30:00Z'),
    },
  });
  results = new Map(out.results.map((r) => [r.id, r]));
});

const findingsIn = (id: string, region: string) =>
  results.get(id)!.findings.filter((f) => f.region === region).map((f) => `${f.status} ${f.resource.split(':').at(-1)}`);

describe('demo snapshot: operations (3.1–3.3)', () => {
  it('answers every call from the snapshot, with no error', () => {
    const findings = [...results.values()].flatMap((r) => r.findings);
    expect(findings.filter((f) => f.errorKind === 'not-in-snapshot').map((f) => f.message)).toEqual([]);
    expect(findings.filter((f) => f.status === 'error').map((f) => f.message)).toEqual([]);
  });

  it('rolls up to the intended statuses', () => {
    expect(Object.fromEntries([...results].map(([id, r]) => [id, r.status]))).toEqual({ '3.1': 'manual', '3.2': 'manual', '3.3': 'not-met' });
  });

  it('3.1: acme-web-deploy runs but bastion-ssh is open; us-west-2 has no AWS deployment; eu-west-1 deploys with CodeDeploy', () => {
    expect(findingsIn('3.1', 'us-east-1')).toEqual(['met *', 'manual security-group/sg-0c4d1e7a2b9f30005']);
    const web = results.get('3.1')!.findings.find((f) => f.region === 'us-east-1' && f.status === 'met');
    expect(web?.message).toMatch(/pipeline acme-web-deploy \(last run 2026-11-17, Succeeded\)/);
    expect(web?.message).not.toMatch(/acme-legacy-reports/);
    expect(findingsIn('3.1', 'us-west-2')).toEqual(['manual *', 'manual security-group/sg-0f6a2b8c4d1e50003']);
    expect(findingsIn('3.1', 'eu-west-1')).toEqual(['met *']);
    expect(results.get('3.1')!.findings.find((f) => f.region === 'eu-west-1')?.message).toBe('Automated deployments in eu-west-1 since 2026-08-22: 3 CodeDeploy deployments.');
  });

  it('3.2: runbooks, the response plan and the operations contact are evidence; Developer support is named', () => {
    const [finding] = results.get('3.2')!.findings;
    expect(finding.status).toBe('manual');
    expect(finding.evidence).toMatchObject({
      automationRunbooks: 4,
      responsePlans: ['Orders API outage'],
      operationsContact: 'set (NOC on-call lead)',
      supportPlan: 'Basic or Developer',
    });
    expect(finding.message).toMatch(/Seen by the scan: Basic or Developer support/);
    expect(JSON.stringify(finding)).not.toMatch(/noc@acme-example\.com|555-0142/);
  });

  it('3.3: Developer support is not Business', () => {
    expect(results.get('3.3')!.findings.map((f) => f.message)).toEqual(['Basic or Developer support (the Support API answered SubscriptionRequiredException).']);
  });
});
