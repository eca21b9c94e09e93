// SARIF (docs/sarif.md): golden files on the demo snapshots and the edge cases, real content asserted, and
// every kind of SARIF the tool emits validated offline by the Microsoft SARIF Multitool (JSON schema rules
// plus its GitHub ingestion rules, `--rule-kind Sarif;Gh`) and by ajv against the SARIF 2.1.0 schema.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackResources, withSources, createdBy, type StackResource } from '../../src/cfn-sources.js';
import { findingKey, fingerprint } from '../../src/fingerprint.js';
import type { Finding, Report } from '../../src/model.js';
import { parseScanFlags } from '../../src/options.js';
import { render } from '../../src/reporters/index.js';
import { FINGERPRINT_KEY, resourceUri, type SarifOptions } from '../../src/reporters/sarif.js';
import { logicalIdLines, resolveTemplates } from '../../src/sarif-templates.js';
import { scan } from '../../src/scan.js';
import { estateReport, largeEstateReport, BROKEN, HOSTILE, HOSTILE_NAME } from './estate-report.js';
import { hostileReport } from './hostile-report.js';
import { ACCOUNT, sampleReport } from './sample-report.js';

type Sarif = { version: string; runs: Run[] };
type Run = {
  automationDetails: { id: string };
  tool: { driver: { rules: Rule[] } };
  results: Result[];
  invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { level: string; message: { text: string } }[] }[];
};
type Rule = { id: string; properties: { 'security-severity': string; tags: string[] }; help: { text: string; markdown: string }; defaultConfiguration: { level: string } };
type Result = {
  ruleId: string;
  ruleIndex: number;
  kind: string;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string; kind: string }[] }[];
  partialFingerprints: Record<string, string>;
};

const FIXED = { startedAt: '2026-11-20T10:00:00.000Z', finishedAt: '2026-11-20T10:01:00.000Z' };
const dir = mkdtempSync(join(tmpdir(), 'cmt-audit-sarif-'));
/** Every SARIF text the tests render, validated together by the multitool at the end (one 5 s start). */
const emitted = new Map<string, string>();

function sarif(name: string, report: Report, opts: SarifOptions = {}): { text: string; log: Sarif } {
  const text = render('sarif', report, { sarif: opts });
  emitted.set(name, text);
  return { text, log: JSON.parse(text) as Sarif };
}

function fixedTimes(report: Report): Report {
  return { ...report, scan: { ...report.scan, ...FIXED, stats: { apiCalls: 0, uniqueCalls: 0, memoHits: 0, retries: 0, throttled: 0 } } };
}

async function snapshotReport(snapshot: string): Promise<Report> {
  const { scan: opts } = parseScanFlags({ snapshot });
  return fixedTimes((await scan(opts)).report);
}

/** The not-met findings, one per (item, fingerprint): several aspects of one resource are one result. */
const notMetFindings = (report: Report) => {
  const seen = new Set<string>();
  return report.results.flatMap((r) =>
    r.findings.filter((f) => f.status === 'not-met' && !seen.has(`${r.id}|${fingerprint(r.id, f)}`) && seen.add(`${r.id}|${fingerprint(r.id, f)}`)).map((f) => ({ item: r.id, f })),
  );
};
const allResults = (log: Sarif) => log.runs.flatMap((r) => r.results);

let demo: Report;
let demoOrg: Report;
beforeAll(async () => {
  demo = await snapshotReport('fixtures/demo');
  demoOrg = await snapshotReport('fixtures/demo-org');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SARIF of the demo account', () => {
  it('is one run for the account, a result per not-met finding, golden', async () => {
    const { text, log } = sarif('demo', demo);
    await expect(text).toMatchFileSnapshot('__golden__/demo.sarif');
    expect(log.version).toBe('2.1.0');
    expect(log.runs.map((r) => r.automationDetails.id)).toEqual(['cmt-audit/210987654321/']);
    const results = allResults(log);
    const expected = notMetFindings(demo);
    expect(results).toHaveLength(expected.length);
    expect(results.every((r) => r.kind === 'fail' && r.level !== 'none')).toBe(true);
    expect(results.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).toEqual(expected.map(({ item, f }) => fingerprint(item, f)));
    // A rule per checklist item; results point at their own rule.
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(demo.results.map((r) => `CMT-${r.id}`));
    for (const r of results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
    // 1.1 (critical) on the root user: level error, security-severity 9.5, the ARN as a logical location.
    const root = results.find((r) => r.ruleId === 'CMT-1.1')!;
    expect(root.level).toBe('error');
    expect(root.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'aws/210987654321/global/iam/root' }, region: { startLine: 1 } });
    expect(root.locations[0].logicalLocations).toEqual([{ name: 'arn:aws:iam::210987654321:root', fullyQualifiedName: 'arn:aws:iam::210987654321:root', kind: 'resource' }]);
    expect(rules[0].properties['security-severity']).toBe('9.5');
    expect(rules[0].properties.tags).toEqual(['security', 'aws', 'cmt-audit', 'severity/critical']);
    expect(rules[0].help.text).toContain('Remediation: Do day-to-day work');
    const sg = results.find((r) => r.locations[0].logicalLocations[0].fullyQualifiedName.endsWith('security-group/sg-0c4d1e7a2b9f30001'))!;
    expect(sg.locations[0].physicalLocation.artifactLocation.uri).toBe('aws/210987654321/us-east-1/ec2/security-group/sg-0c4d1e7a2b9f30001');
  });

  it('with --sarif-include-all: every finding, passing ones kind pass and level none', () => {
    const { log } = sarif('demo-all', demo, { includeAll: true });
    const results = allResults(log);
    expect(results).toHaveLength(demo.results.reduce((n, r) => n + Math.max(1, new Set(r.findings.map((f) => fingerprint(r.id, f))).size), 0));
    const kinds = new Set(results.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['fail', 'pass', 'review']);
    for (const r of results) if (r.kind !== 'fail') expect(r.level).toBe('none');
  });
});

describe('SARIF of the demo organization (5 accounts)', () => {
  it('is one run per account with its own automationDetails.id, golden with --sarif-include-all', async () => {
    const { text, log } = sarif('demo-org-all', demoOrg, { includeAll: true });
    await expect(text).toMatchFileSnapshot('__golden__/demo-org-all.sarif');
    expect(log.runs.map((r) => r.automationDetails.id)).toEqual(demoOrg.scan.accounts.map((a) => `cmt-audit/${a.id}/`));
    for (const run of log.runs) {
      const account = run.automationDetails.id.split('/')[1];
      for (const r of run.results) expect(r.locations[0].physicalLocation.artifactLocation.uri.startsWith(`aws/${account}/`)).toBe(true);
    }
    const fingerprints = allResults(log).map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it('only failing findings by default, each in its account\'s run', () => {
    const { log } = sarif('demo-org', demoOrg);
    const expected = notMetFindings(demoOrg);
    expect(allResults(log)).toHaveLength(expected.length);
    for (const run of log.runs) {
      const account = run.automationDetails.id.split('/')[1];
      expect(run.results.length).toBe(expected.filter(({ f }) => f.account === account).length);
    }
  });
});

describe('SARIF edge cases', () => {
  it('no findings: one empty run per account (so GitHub closes the alerts), still valid', () => {
    const report = fixedTimes(sampleReport());
    for (const r of report.results) r.findings = r.findings.map((f) => ({ ...f, status: 'met' as const }));
    const { log } = sarif('no-findings', report);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].automationDetails.id).toBe(`cmt-audit/${ACCOUNT}/`);
  });

  it('every status with --sarif-include-all: pass, fail, review, open, notApplicable', () => {
    const report = fixedTimes(sampleReport());
    const { log } = sarif('every-status', report, { includeAll: true });
    const kinds = new Set(allResults(log).map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['fail', 'notApplicable', 'open', 'pass', 'review']);
  });

  it('hostile strings stay data: no embedded link, no control character, Markdown escaped, golden', async () => {
    const report = fixedTimes(hostileReport());
    const { text, log } = sarif('hostile', report, { includeAll: true });
    await expect(text).toMatchFileSnapshot('__golden__/hostile.sarif');
    for (const r of allResults(log)) {
      // SARIF's embedded links are [text](n): every [ and ] of AWS text is escaped.
      expect(r.message.text).not.toMatch(/(?<!\\)[[\]]/);
      expect(r.message.text).not.toMatch(/[\p{Cc}\p{Cf}]/u);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^[A-Za-z0-9._~%\-/]+$/);
      expect(r.locations[0].physicalLocation.artifactLocation.uri.length).toBeLessThan(2000);
    }
    for (const rule of log.runs[0].tool.driver.rules) {
      expect(rule.help.markdown).not.toMatch(/(?<!\\)<(?!https?:\/\/)[a-z/!]/i); // raw HTML: every < of AWS text escaped
      expect(rule.help.markdown).not.toMatch(/(?<!\\)\[[^\]]*\]\(/); // no link: every [ of AWS text escaped
    }
  });

  it('10,000 findings: 10,000 results with distinct fingerprints', () => {
    const report = fixedTimes(sampleReport());
    const item = report.results.find((r) => r.id === '1.16')!;
    item.status = 'not-met';
    item.findings = Array.from({ length: 10_000 }, (_, i): Finding => ({
      status: 'not-met',
      resource: `arn:aws:s3:::bucket-${i}`,
      account: ACCOUNT,
      message: `bucket-${i} is public`,
    }));
    const started = Date.now();
    const { log } = sarif('ten-thousand', report);
    expect(Date.now() - started).toBeLessThan(10_000);
    const results = allResults(log).filter((r) => r.ruleId === 'CMT-1.16');
    expect(results).toHaveLength(10_000);
    expect(new Set(results.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).size).toBe(10_000);
    expect(results[9999].locations[0].physicalLocation.artifactLocation.uri).toBe(`aws/${ACCOUNT}/global/s3/bucket-9999`);
  });

  it('more than 25,000 failing results in a run (GitHub rejects the file): one of every item, then the most severe, and the run says so', () => {
    const report = fixedTimes(sampleReport());
    const fail = (id: string, n: number, what: string) => {
      const item = report.results.find((r) => r.id === id)!;
      item.status = 'not-met';
      item.findings = Array.from({ length: n }, (_, i): Finding => ({ status: 'not-met', resource: `arn:aws:s3:::${what}-${i}`, account: ACCOUNT, message: `${what}-${i}` }));
    };
    fail('1.8', 3, 'medium'); // medium: keeps one result (its alerts must not all close), loses the others
    fail('1.16', 25_000, 'high');
    const log = JSON.parse(render('sarif', report)) as { runs: { results: { ruleId: string; message: { text: string } }[]; invocations: { toolExecutionNotifications?: { message: { text: string } }[] }[] }[] };
    const [run] = log.runs;
    expect(run.results).toHaveLength(25_000);
    expect(run.results.filter((r) => r.ruleId === 'CMT-1.8').map((r) => r.message.text)).toHaveLength(1);
    // What else the sample fails is more severe (critical), so it is all kept; 1.16 (high) fills the rest.
    const others = run.results.filter((r) => r.ruleId !== 'CMT-1.16' && r.ruleId !== 'CMT-1.8');
    expect(others.length).toBeGreaterThan(0);
    expect(run.results.filter((r) => r.ruleId === 'CMT-1.16')).toHaveLength(25_000 - others.length - 1);
    expect(run.invocations[0].toolExecutionNotifications!.map((n) => n.message.text)).toContain(
      `this run has ${(25_003 + others.length).toLocaleString('en-US')} results; GitHub code scanning rejects a run of more than 25,000, so 25,000 are kept here: one of every item, then the most severe (GitHub shows the 5,000 most severe; the alerts of a resource left out close until it is back in); the JSON report holds them all`,
    );
  });

  it('several accounts: a run each; the account that could not be scanned says why in its notifications', () => {
    const report = fixedTimes(estateReport());
    const { log } = sarif('estate', report, { includeAll: true });
    expect(log.runs.map((r) => r.automationDetails.id)).toEqual(report.scan.accounts.map((a) => `cmt-audit/${a.id}/`));
    const broken = log.runs.find((r) => r.automationDetails.id === `cmt-audit/${BROKEN}/`)!;
    expect(broken.invocations[0].executionSuccessful).toBe(false);
    expect(broken.invocations[0].toolExecutionNotifications![0].message.text).toContain(`account ${BROKEN} could not be scanned`);
    expect(log.runs.find((r) => r.automationDetails.id === `cmt-audit/${HOSTILE}/`)!.automationDetails).toEqual({ id: `cmt-audit/${HOSTILE}/`, description: { text: `AWS account ${HOSTILE} (${HOSTILE_NAME.replace(/[[\]]/g, '\\$&')})` } });
  });

  it('more accounts than GitHub takes runs in one file (20): one run for the estate, saying why; 20 accounts: a run each', () => {
    const report = fixedTimes(largeEstateReport(21));
    const { log } = sarif('twenty-one-accounts', report);
    expect(log.runs.map((r) => r.automationDetails.id)).toEqual(['cmt-audit/estate/']);
    const notes = log.runs[0].invocations[0].toolExecutionNotifications!.map((n) => n.message.text);
    expect(notes).toContain('21 accounts: more runs than the 20 GitHub code scanning accepts in one file, so this file is one run for the whole estate (docs/sarif.md)');
    expect(notes).toContain('account 100000000003 could not be scanned: could not assume arn:aws:iam::100000000003:role/CmtAuditReadOnly: AccessDenied');
    expect(allResults(log)).toHaveLength(notMetFindings(report).length);
    const twenty = sarif('twenty-accounts', fixedTimes(largeEstateReport(20))).log;
    expect(twenty.runs.map((r) => r.automationDetails.id)).toEqual(Array.from({ length: 20 }, (_, k) => `cmt-audit/${100000000000 + k + 1}/`));
  });

  it('a suppressed finding: no alert by default; with --sarif-include-all an accepted external suppression giving its reason', () => {
    const report = structuredClone(fixedTimes(sampleReport())); // sampleReport shares its finding objects between calls
    // A not-met finding that is its resource's only one in its item (else the result stays, for the other).
    const finding = report.results.flatMap((r) => r.findings.filter((f) => f.status === 'not-met' && r.findings.filter((g) => g.resource === f.resource).length === 1))[0];
    finding.suppressed = { reason: 'Partner [share] accepted', owner: 'Jane', expires: '2027-01-31', rule: 0 };
    const before = allResults(JSON.parse(render('sarif', fixedTimes(sampleReport()))) as Sarif);
    const byDefault = allResults(JSON.parse(render('sarif', report)) as Sarif);
    expect(byDefault).toHaveLength(before.length - 1);
    expect(byDefault.map((r) => r.locations[0].logicalLocations[0].fullyQualifiedName)).not.toContain(finding.resource);
    const { log } = sarif('suppressed', report, { includeAll: true });
    const results = allResults(log).filter((r) => (r as { suppressions?: unknown }).suppressions);
    expect(results).toHaveLength(1);
    expect((results[0] as { suppressions?: unknown }).suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'Partner \\[share\\] accepted (owner: Jane) until 2027-01-31' },
    ]);
  });

  it('the fingerprint is the finding\'s identity: the same account, item, region and resource across scans', () => {
    const a = { account: ACCOUNT, region: 'us-east-1', resource: 'arn:aws:ec2:us-east-1:1:security-group/sg-1' };
    expect(findingKey('1.16', a)).toBe(`${ACCOUNT}|1.16|us-east-1|arn:aws:ec2:us-east-1:1:security-group/sg-1`);
    const report = structuredClone(fixedTimes(sampleReport())); // its findings are changed below: not the shared ones
    const one = allResults(sarif('fp-1', report).log);
    for (const r of report.results) for (const f of r.findings) f.message = `${f.message} (today)`;
    const two = allResults(JSON.parse(render('sarif', report)) as Sarif);
    expect(two.map((r) => r.partialFingerprints)).toEqual(one.map((r) => r.partialFingerprints));
  });

  it('default URIs are stable relative paths: every segment percent-encoded, no dot segments', () => {
    expect(resourceUri({ account: '1', resource: 'arn:aws:iam::1:role/path/My Role' })).toBe('aws/1/global/iam/role/path/My%20Role');
    expect(resourceUri({ account: '1', resource: 'arn:aws:s3:::..' })).toBe('aws/1/global/s3/%2E%2E');
    // A lone surrogate (a name AWS returned, or an edited report) would make encodeURIComponent throw: U+FFFD.
    expect(resourceUri({ account: '1', resource: 'arn:aws:s3:::bad\ud800name' })).toBe('aws/1/global/s3/bad%EF%BF%BDname');
    expect(resourceUri({ account: '1', region: 'eu-west-1', resource: 'vpc-123' })).toBe('aws/1/eu-west-1/other/vpc-123');
    expect(resourceUri({ account: '1', resource: 'arn:aws:lambda:us-east-1:1:function:f' })).toBe('aws/1/us-east-1/lambda/function/f');
  });
});

describe('CloudFormation locations', () => {
  const TEMPLATE = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Description: network',
    'Resources:',
    '  WebSecurityGroup:',
    '    Type: AWS::EC2::SecurityGroup',
    '    Properties:',
    '      GroupDescription: !Sub "${AWS::StackName} web"',
    '  AssetsBucket:',
    '    Type: AWS::S3::Bucket',
    '',
  ].join('\n');
  const RESOURCES: StackResource[] = [
    { stack: 'network', region: 'us-east-1', logicalId: 'WebSecurityGroup', physicalId: 'sg-0c4d1e7a2b9f30001', type: 'AWS::EC2::SecurityGroup' },
    { stack: 'network', region: 'us-east-1', logicalId: 'AssetsBucket', physicalId: 'acme-prod-assets', type: 'AWS::S3::Bucket' },
    { stack: 'network', region: 'us-east-1', logicalId: 'Gone', physicalId: 'acme-prod-partner-share', type: 'AWS::S3::Bucket' },
  ];

  it('finds each logical id\'s line in YAML (short-form tags included) and in JSON', () => {
    expect(logicalIdLines(TEMPLATE)).toEqual({ WebSecurityGroup: 4, AssetsBucket: 8 });
    const json = JSON.stringify({ Resources: { A: { Type: 'AWS::S3::Bucket' }, B: { Type: 'AWS::SNS::Topic' } } }, null, 2);
    expect(logicalIdLines(json)).toEqual({ A: 3, B: 6 });
  });

  it('matches a finding to the stack resource that made it (ARN part, service and region)', () => {
    const sg = { resource: 'arn:aws:ec2:us-east-1:210987654321:security-group/sg-0c4d1e7a2b9f30001', region: 'us-east-1' };
    expect(createdBy(sg, RESOURCES[0])).toBe(true);
    expect(createdBy({ ...sg, resource: sg.resource.replace('us-east-1', 'us-west-2') }, RESOURCES[0])).toBe(false);
    expect(createdBy({ resource: 'arn:aws:s3:::acme-prod-assets' }, RESOURCES[1])).toBe(true);
    expect(createdBy({ resource: 'arn:aws:iam::1:role/acme-prod-assets' }, RESOURCES[1])).toBe(false); // another service
    // The whole name after the resource type, not its last part: parameter `password` did not make `/prod/db/password`.
    const param = (physicalId: string): StackResource => ({ stack: 'app', region: 'us-east-1', logicalId: 'P', physicalId, type: 'AWS::SSM::Parameter' });
    const dbPassword = { resource: 'arn:aws:ssm:us-east-1:1:parameter/prod/db/password', region: 'us-east-1' };
    expect(createdBy(dbPassword, param('password'))).toBe(false);
    expect(createdBy(dbPassword, param('/prod/db/password'))).toBe(true);
    const logs = (physicalId: string): StackResource => ({ stack: 'app', region: 'us-east-1', logicalId: 'L', physicalId, type: 'AWS::Logs::LogGroup' });
    const group = { resource: 'arn:aws:logs:us-east-1:1:log-group:/aws/lambda/foo:*', region: 'us-east-1' };
    expect(createdBy(group, logs('foo'))).toBe(false);
    expect(createdBy(group, logs('/aws/lambda/foo'))).toBe(true);
    // IAM: a name is unique in the account whatever its path.
    const role: StackResource = { stack: 'app', region: 'us-east-1', logicalId: 'R', physicalId: 'app-runner', type: 'AWS::IAM::Role' };
    expect(createdBy({ resource: 'arn:aws:iam::1:role/service-role/app-runner' }, role)).toBe(true);
    expect(createdBy({ resource: 'arn:aws:iam::1:role/app-runner-2' }, role)).toBe(false);
  });

  it('asks ListStackResources only for mapped stacks that live in a region (one call per stack)', async () => {
    const calls: string[] = [];
    const aws = {
      cloudformation: {
        stackSummaries: async (region: string) => {
          calls.push(`ListStacks@${region}`);
          return region === 'us-east-1'
            ? [{ StackName: 'network', StackStatus: 'CREATE_COMPLETE' }, { StackName: 'other', StackStatus: 'CREATE_COMPLETE' }, { StackName: 'old', StackStatus: 'DELETE_COMPLETE' }]
            : [];
        },
        stackResources: async (stack: string, region: string) => {
          calls.push(`ListStackResources ${stack}@${region}`);
          return [{ LogicalResourceId: 'WebSecurityGroup', PhysicalResourceId: 'sg-1', ResourceType: 'AWS::EC2::SecurityGroup' }, { LogicalResourceId: 'Pending', ResourceType: 'AWS::S3::Bucket' }];
        },
      },
    } as unknown as Parameters<typeof stackResources>[0];
    const got = await stackResources(aws, ['us-east-1', 'eu-west-1'], ['network', 'old']);
    expect(got).toEqual([{ stack: 'network', region: 'us-east-1', logicalId: 'WebSecurityGroup', physicalId: 'sg-1', type: 'AWS::EC2::SecurityGroup' }]);
    expect(calls.sort()).toEqual(['ListStackResources network@us-east-1', 'ListStacks@eu-west-1', 'ListStacks@us-east-1']);
  });

  it('points the result at the template file and the exact line of the logical id; a missing id falls back and says why', () => {
    const repo = mkdtempSync(join(dir, 'repo-'));
    writeFileSync(join(repo, 'network.yaml'), TEMPLATE);
    const report = withSources(demo.results, RESOURCES);
    const withSource = { ...demo, results: report };
    const resolved = resolveTemplates({ network: './network.yaml' }, repo, withSource);
    expect(resolved.templates).toEqual({ network: { uri: 'network.yaml', lines: { WebSecurityGroup: 4, AssetsBucket: 8 } } });
    expect(resolved.notes).toEqual(['sarif.templates: stack network: ./network.yaml has no resource Gone under Resources; that resource keeps its default location']);
    const { log } = sarif('cfn', withSource, resolved);
    const at = (suffix: string) => allResults(log).find((r) => r.locations[0].logicalLocations[0].fullyQualifiedName.endsWith(suffix))!.locations[0].physicalLocation;
    expect(at('sg-0c4d1e7a2b9f30001')).toEqual({ artifactLocation: { uri: 'network.yaml' }, region: { startLine: 4 } });
    expect(at(':::acme-prod-assets')).toEqual({ artifactLocation: { uri: 'network.yaml' }, region: { startLine: 8 } });
    expect(at(':::acme-prod-partner-share')).toEqual({ artifactLocation: { uri: 'aws/210987654321/global/s3/acme-prod-partner-share' }, region: { startLine: 1 } });
    expect(log.runs[0].invocations[0].toolExecutionNotifications!.map((n) => n.message.text)).toContain(
      'sarif.templates: stack network: ./network.yaml has no resource Gone under Resources; that resource keeps its default location',
    );
  });

  it('a template that cannot be read: every finding of that stack keeps its default location, one note', () => {
    const withSource = { ...demo, results: withSources(demo.results, RESOURCES) };
    const resolved = resolveTemplates({ network: 'infra/missing.yaml' }, dir, withSource);
    expect(resolved.templates).toEqual({});
    expect(resolved.notes).toEqual(['sarif.templates: stack network: cannot read infra/missing.yaml (ENOENT); its findings keep their default location']);
    const { log } = sarif('cfn-missing', withSource, resolved);
    expect(allResults(log).every((r) => r.locations[0].physicalLocation.artifactLocation.uri.startsWith('aws/'))).toBe(true);
  });
});

// ── Validation of every SARIF above ────────────────────────────────────────────────────────────────

const SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'support', 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;

describe('validation', () => {
  it('every SARIF the tests emitted fits the SARIF 2.1.0 JSON schema (ajv)', () => {
    // The OASIS schema is draft-04 (`id`, no boolean exclusive bounds in it): read as draft-07 by ajv 8.
    const { $schema: _s, id: _id, ...rest } = SCHEMA;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(rest);
    expect(emitted.size).toBeGreaterThanOrEqual(12);
    for (const [name, text] of emitted) {
      const ok = validate(JSON.parse(text));
      expect({ name, errors: ok ? [] : validate.errors!.slice(0, 5) }).toEqual({ name, errors: [] });
    }
  });

  it('the SARIF Multitool finds no error in any of them (schema and GitHub rules)', () => {
    const require = createRequire(import.meta.url);
    const pkg = `@microsoft/sarif-multitool-${process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux'}`;
    const tool = join(dirname(require.resolve(`${pkg}/package.json`)), process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
    // npm may skip the package's install script (chmod u+x): give the binary its run bit here.
    chmodSync(tool, 0o755);
    const files = [...emitted].map(([name, text]) => {
      const path = join(dir, `${name}.sarif`);
      writeFileSync(path, text);
      return path;
    });
    const out = join(dir, 'validation.sarif');
    const run = spawnSync(tool, ['validate', '--rule-kind', 'Sarif;Gh', '--max-file-size-in-kb', '204800', '--output', out, ...files], { encoding: 'utf8', timeout: 240_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    expect(run.error).toBeUndefined();
    const log = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results?: { level?: string; ruleId: string; message: { arguments?: string[] }; locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const results = log.runs.flatMap((r) => r.results ?? []);
    const errors = results
      .filter((r) => r.level === 'error')
      .map((r) => `${r.locations?.[0]?.physicalLocation.artifactLocation.uri ?? '?'}: ${r.ruleId} ${(r.message.arguments ?? []).join(' ')}`);
    expect(errors).toEqual([]);
    // It did look at every file: the one warning each gets (the tool has no informationUri) proves it.
    expect(new Set(results.filter((r) => r.ruleId === 'SARIF2005').map((r) => r.locations?.[0]?.physicalLocation.artifactLocation.uri)).size).toBe(files.length);
  }, 300_000);
});

