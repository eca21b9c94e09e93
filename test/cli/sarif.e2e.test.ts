// `--format sarif` end to end (docs/sarif.md): the built CLI replays the demo account plus a recorded
// cloudformation:ListStackResources answer for the stack the config maps to a template in a temporary
// repository; the SARIF points at the exact line of the logical id, the JSON report keeps `source`, and
// `report --format sarif` renders the same SARIF from the JSON without AWS.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox, ensureBuilt, ROOT } from '../support/cli-runner.js';

const sandbox = cliSandbox('cmt-audit-sarif-e2e-');
const snapshot = join(sandbox.tmp, 'snapshot');
const repo = join(sandbox.tmp, 'repo');
const out = join(sandbox.tmp, 'out');
const SG = 'sg-0c4d1e7a2b9f30001';
const TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  Vpc:',
  '    Type: AWS::EC2::VPC',
  '    Properties: { CidrBlock: 10.0.0.0/16 }',
  '',
  '  # the load balancer\'s group, open to the world',
  '  PublicWebSecurityGroup:',
  '    Type: AWS::EC2::SecurityGroup',
  '    Properties:',
  '      VpcId: !Ref Vpc',
  '',
].join('\n');

beforeAll(() => {
  ensureBuilt();
  cpSync(join(ROOT, 'fixtures', 'demo'), snapshot, { recursive: true });
  writeFileSync(
    join(snapshot, 'zz-cloudformation-resources.json'),
    JSON.stringify({
      format: 'cmt-audit-snapshot',
      version: 1,
      recordedAt: '2026-11-20T09:30:00.000Z',
      homeRegion: 'us-east-1',
      responses: {
        'cloudformation:ListStackResources@us-east-1 {"StackName":"acme-network"}': {
          StackResourceSummaries: [
            { LogicalResourceId: 'Vpc', PhysicalResourceId: 'vpc-0a1b2c3d', ResourceType: 'AWS::EC2::VPC', LastUpdatedTimestamp: '2024-03-11T09:14:52Z', ResourceStatus: 'CREATE_COMPLETE' },
            { LogicalResourceId: 'PublicWebSecurityGroup', PhysicalResourceId: SG, ResourceType: 'AWS::EC2::SecurityGroup', LastUpdatedTimestamp: '2024-03-11T09:14:52Z', ResourceStatus: 'CREATE_COMPLETE' },
            { LogicalResourceId: 'AdminSecurityGroup', PhysicalResourceId: 'sg-0c4d1e7a2b9f30005', ResourceType: 'AWS::EC2::SecurityGroup', LastUpdatedTimestamp: '2024-03-11T09:14:52Z', ResourceStatus: 'CREATE_COMPLETE' },
          ],
        },
      },
    }),
  );
  mkdirSync(join(repo, 'infra'), { recursive: true });
  writeFileSync(join(repo, 'infra', 'network.yaml'), TEMPLATE);
  writeFileSync(join(repo, 'cmt-audit.config.yaml'), 'sarif:\n  templates:\n    acme-network: infra/network.yaml\n');
}, 120_000);
afterAll(() => sandbox.remove());

type Result = { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string }[] }[] };
const locationOf = (sarif: string, suffix: string) =>
  (JSON.parse(sarif) as { runs: { results: Result[] }[] }).runs[0].results.find((r) => r.locations[0].logicalLocations[0].fullyQualifiedName.endsWith(suffix))!.locations[0].physicalLocation;

describe('scan --format sarif with sarif.templates', () => {
  it('points the security group\'s alert at its logical id\'s line, the rest at their default URIs, and says what fell back', async () => {
    const run = await sandbox.run(['scan', '--snapshot', snapshot, '--config', join(repo, 'cmt-audit.config.yaml'), '--format', 'json,sarif', '--output', join(out, 'scan'), '--fail-on', 'none']);
    expect(run.stderr).toContain('cmt-audit: note: sarif.templates: stack acme-network: infra/network.yaml has no resource AdminSecurityGroup under Resources; that resource keeps its default location');
    expect(run.stderr.match(/AdminSecurityGroup/g)).toHaveLength(1);
    expect(run.code).toBe(0);
    const sarif = readFileSync(join(out, 'scan.sarif'), 'utf8');
    expect(locationOf(sarif, SG)).toEqual({ artifactLocation: { uri: 'infra/network.yaml' }, region: { startLine: 8 } });
    expect(locationOf(sarif, 'sg-0c4d1e7a2b9f30005')).toEqual({ artifactLocation: { uri: 'aws/210987654321/us-east-1/ec2/security-group/sg-0c4d1e7a2b9f30005' }, region: { startLine: 1 } });
    const report = JSON.parse(readFileSync(join(out, 'scan.json'), 'utf8')) as { results: { findings: { resource: string; source?: unknown }[] }[] };
    const sources = report.results.flatMap((r) => r.findings.filter((f) => f.source).map((f) => [f.resource, f.source]));
    expect(sources).toContainEqual([`arn:aws:ec2:us-east-1:210987654321:security-group/${SG}`, { stack: 'acme-network', logicalId: 'PublicWebSecurityGroup', region: 'us-east-1' }]);

    // The JSON report carries what the scan learnt: `report` renders the same SARIF without AWS.
    const again = await sandbox.run(['report', join(out, 'scan.json'), '--config', join(repo, 'cmt-audit.config.yaml'), '--format', 'sarif', '--fail-on', 'none', '-q']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(sarif);
  }, 120_000);

  it('without sarif.templates no ListStackResources is needed (a snapshot without it replays), and --sarif-include-all adds passing results', async () => {
    const run = await sandbox.run(['scan', '--snapshot', join(ROOT, 'fixtures', 'demo'), '--no-config', '--format', 'sarif', '--sarif-include-all', '--fail-on', 'none', '-q']);
    expect(run.code).toBe(0);
    const kinds = new Set((JSON.parse(run.stdout) as { runs: { results: { kind: string }[] }[] }).runs[0].results.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['fail', 'pass', 'review']);
  }, 120_000);
});
