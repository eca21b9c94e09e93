// The demo snapshot (fixtures/demo) tells the intended story for 3.1–3.3 (see the description of
// fixtures/demo/operations.json): a pipeline in us-east-1 next to an SSH bastion open to the internet,
// nothing deployed by AWS services in us-west-2, CodeDeploy in eu-west-1, runbooks and a response plan,
// Developer support only. Every call is answered from the snapshot.
import { beforeAll, describe, expect, it } from 'vitest';
import automatedDeployment from '../../../src/checks/operations/automated-deployment.js';
import businessSupportEnabled from '../../../src/checks/operations/business-support-enabled.js';
import runbooksAndEscalation from '../../../src/checks/operations/runbooks-and-escalation.js';
import type { CheckResult } from '../../../src/model.js';
import { errorFindings, notInSnapshot, runDemo, statuses } from '../../support/demo.js';

const CHECKS = [automatedDeployment, runbooksAndEscalation, businessSupportEnabled];

let results: Map<string, CheckResult>;
beforeAll(async () => {
  results = await runDemo(CHECKS);
});

const findingsIn = (id: string, region: string) =>
  results.get(id)!.findings.filter((f) => f.region === region).map((f) => `${f.status} ${f.resource.split(':').at(-1)}`);

describe('demo snapshot: operations (3.1–3.3)', () => {
  it('answers every call from the snapshot, with no error', () => {
    expect(notInSnapshot(results)).toEqual([]);
    expect(errorFindings(results)).toEqual([]);
  });

  it('rolls up to the intended statuses', () => {
    expect(statuses(results)).toEqual({ '3.1': 'manual', '3.2': 'manual', '3.3': 'not-met' });
  });

  it('3.1: acme-web-deploy runs but bastion-ssh is open; nothing deploys through AWS in us-west-2, where an SSH group is open; eu-west-1 deploys with CodeDeploy', () => {
    expect(findingsIn('3.1', 'us-east-1')).toEqual(['met *', 'manual security-group/sg-0c4d1e7a2b9f30005']);
    const web = results.get('3.1')!.findings.find((f) => f.region === 'us-east-1' && f.status === 'met');
    expect(web?.message).toMatch(/pipeline acme-web-deploy \(last successful run 2026-11-17\)/);
    expect(web?.message).not.toMatch(/acme-legacy-reports/);
    expect(findingsIn('3.1', 'us-west-2')).toEqual(['met *', 'manual security-group/sg-0f6a2b8c4d1e50003']);
    expect(results.get('3.1')!.findings.find((f) => f.region === 'us-west-2' && f.status === 'met')?.message).toBe(
      'No CodePipeline pipeline or CodeDeploy application in us-west-2: nothing is deployed here through AWS, and automated deployments are seen in us-east-1, eu-west-1.',
    );
    expect(findingsIn('3.1', 'eu-west-1')).toEqual(['met *']);
    expect(results.get('3.1')!.findings.find((f) => f.region === 'eu-west-1')?.message).toBe('Automated deployments in eu-west-1 since 2026-08-22: 3 successful CodeDeploy deployments.');
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
