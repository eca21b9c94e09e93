// OCSF: every event the tool writes holds the attributes the OCSF 1.1.0 Compliance Finding class (2003)
// requires, with the values its enums allow; one event per item, account and resource; finding_info.uid is
// the fingerprint (stable across scans); golden files on the demo snapshots and the edge cases.
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKLIST } from '../../src/checklist.js';
import { fingerprint } from '../../src/fingerprint.js';
import type { Report } from '../../src/model.js';
import { render } from '../../src/reporters/index.js';
import { CHECKLIST_STANDARD, ocsfEvents, renderOcsf, resourceType } from '../../src/reporters/ocsf.js';
import { oneLine } from '../../src/text.js';
import { BROKEN, HOSTILE, HOSTILE_NAME, STAGING, estateReport } from './estate-report.js';
import { demoReport, manyFindingsReport, noFindingsReport, noItemsReport } from './format-reports.js';
import { LONG, hostileReport } from './hostile-report.js';
import { ACCOUNT, sampleReport } from './sample-report.js';

type Event = Record<string, any>;

/**
 * The attributes OCSF 1.1.0 requires of a Compliance Finding event with the cloud profile
 * (schema.ocsf.io/1.1.0/classes/compliance_finding), as paths:
 * - base event: activity_id, category_uid, class_uid, type_uid, severity_id, time, metadata;
 * - metadata: version, product; product: name, vendor_name (required in one 1.x version or another: both given);
 * - finding: finding_info; finding_info: uid, title; compliance_finding: compliance; compliance: standards;
 * - cloud profile: cloud; cloud: provider;
 * and what this tool always fills in: status_id, resources (uid, type, region, cloud_partition), cloud.account.uid.
 */
const REQUIRED = [
  'activity_id',
  'category_uid',
  'class_uid',
  'type_uid',
  'severity_id',
  'time',
  'metadata',
  'metadata.version',
  'metadata.product',
  'metadata.product.name',
  'metadata.product.vendor_name',
  'finding_info',
  'finding_info.uid',
  'finding_info.title',
  'compliance',
  'compliance.standards',
  'cloud',
  'cloud.provider',
];
const ALWAYS = ['status_id', 'finding_info.desc', 'finding_info.created_time', 'compliance.status_id', 'compliance.control', 'compliance.requirements', 'cloud.account.uid', 'cloud.region'];

const at = (e: Event, path: string): unknown => path.split('.').reduce<any>((v, k) => (v === undefined || v === null ? undefined : v[k]), e);

/** Every event checked against the class: required attributes, enum values, type_uid (problems listed, none expected). */
function check(events: Event[]): void {
  const problems: string[] = [];
  const want = (ok: boolean, what: string, e: Event) => {
    if (!ok) problems.push(`${what}: ${JSON.stringify(e.finding_info?.uid)}`);
  };
  for (const e of events) {
    for (const path of [...REQUIRED, ...ALWAYS]) want(at(e, path) !== undefined && at(e, path) !== null, `${path} missing`, e);
    want(e.class_uid === 2003 && e.category_uid === 2 && e.activity_id === 1, 'class, category, activity', e);
    want(e.type_uid === e.class_uid * 100 + e.activity_id, 'type_uid = class_uid * 100 + activity_id', e);
    want(/^1\.[1-9]\d*\.\d+$/.test(String(at(e, 'metadata.version'))), 'metadata.version 1.1+', e);
    want([1, 2, 3, 4, 5].includes(e.severity_id), 'severity_id', e);
    want([0, 1, 2, 3, 99].includes(at(e, 'compliance.status_id') as number), 'compliance.status_id', e);
    want(Number.isInteger(e.time) && Number.isInteger(at(e, 'finding_info.created_time')), 'times in ms', e);
    want(JSON.stringify(at(e, 'compliance.standards')) === JSON.stringify([CHECKLIST_STANDARD]), 'compliance.standards', e);
    want(at(e, 'cloud.provider') === 'AWS', 'cloud.provider', e);
    want(Array.isArray(e.resources) && e.resources.length === 1, 'one resource', e);
    for (const k of ['uid', 'type', 'region', 'cloud_partition']) want(typeof e.resources?.[0]?.[k] === 'string', `resources[0].${k}`, e);
  }
  expect(problems.slice(0, 20)).toEqual([]);
  expect(new Set(events.map((e) => e.finding_info.uid)).size).toBe(events.length);
}

/**
 * The events in brief, one line each, made safe to read (control, account, region, resource type and id, verdict, uid): the golden
 * form of the large outputs, whose every attribute the every-status golden file already pins.
 */
const brief = (events: Event[]): string =>
  events
    .map((e) => [e.compliance.control, e.cloud.account.uid, e.cloud.region, e.resources[0].type, e.resources[0].uid.slice(0, 200), e.compliance.status, e.finding_info.uid].map((x) => oneLine(String(x))).join(' | '))
    .join('\n') + '\n';

const parse = (text: string): Event[] => {
  const value = JSON.parse(text) as unknown;
  expect(Array.isArray(value)).toBe(true);
  return value as Event[];
};

describe('every status (the sample report)', () => {
  const report = sampleReport();
  const text = renderOcsf(report);
  const events = parse(text);

  it('matches the golden file, and every event holds what the class requires', async () => {
    await expect(text).toMatchFileSnapshot('__golden__/every-status.ocsf.json');
    check(events);
  });

  it('is one event per finding (an item with none: one about the account), items in checklist order', () => {
    const expected = report.results.reduce((n, r) => n + Math.max(1, r.findings.length), 0);
    expect(events).toHaveLength(expected);
    expect([...new Set(events.map((e) => e.compliance.control))]).toEqual(CHECKLIST.map((i) => i.id));
    expect(events.filter((e) => e.compliance.control === '1.4')).toHaveLength(14);
  });

  it('maps verdicts: not met → Fail, met → Pass, error → Warning, manual and not applicable → Other', () => {
    const of = (id: string) => events.filter((e) => e.compliance.control === id).map((e) => [e.compliance.status_id, e.compliance.status, e.compliance.status_code]);
    expect(of('1.2')).toEqual([[1, 'Pass', 'met']]);
    expect(of('1.4')[0]).toEqual([3, 'Fail', 'not-met']);
    expect(of('1.7')).toEqual([[2, 'Warning', 'error']]);
    expect(of('1.16')).toEqual([
      [1, 'Pass', 'met'],
      [2, 'Warning', 'error'],
      [3, 'Fail', 'not-met'],
    ]);
    expect(of('1.8')).toEqual([[99, 'Manual', 'manual']]);
    expect(of('2.1')).toEqual([[99, 'Not Applicable', 'not-applicable']]);
    // 1.25: a manual finding of an item an attestation decided carries the attested verdict.
    expect(of('1.25')).toEqual([[1, 'Pass', 'met']]);
  });

  it('fills the event from the finding and the item', () => {
    const e = events.find((x) => x.compliance.control === '1.16' && x.compliance.status_code === 'not-met')!;
    const f = report.results.find((r) => r.id === '1.16')!.findings[2];
    expect(e).toMatchObject({
      metadata: { version: '1.1.0', product: { name: 'cmt-audit', vendor_name: 'cmt-audit', version: '0.1.0' }, event_code: '1.16', profiles: ['cloud', 'datetime'] },
      class_name: 'Compliance Finding',
      type_name: 'Compliance Finding: Create',
      time: Date.parse('2026-11-20T09:31:02.500Z'),
      severity: 'High',
      severity_id: 4,
      message: f.message,
      finding_info: {
        uid: `cmt-audit-${fingerprint('1.16', f)}`,
        title: `1.16 ${report.results.find((r) => r.id === '1.16')!.title}`,
        desc: CHECKLIST.find((i) => i.id === '1.16')!.requirement,
        types: ['Security'],
      },
      resources: [{ uid: f.resource, type: 'ec2:security-group', region: 'eu-west-1', cloud_partition: 'aws' }],
      cloud: { provider: 'AWS', account: { uid: ACCOUNT, type_id: 10, type: 'AWS Account' }, region: 'eu-west-1' },
      remediation: { desc: 'Fix it as the AWS documentation describes.', references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html'] },
    });
    const missing = events.find((x) => x.compliance.control === '1.7')!;
    expect(missing.unmapped).toMatchObject({ missing_permission: 'iam:GetAccountPasswordPolicy', error_kind: 'missing-permission', item_status: 'error' });
    expect(missing.resources[0].type).toBe('API call');
  });

  it('finding_info.uid is stable: the same account, item, region and resource, whatever the message', () => {
    const again = sampleReport();
    for (const r of again.results) for (const f of r.findings) f.message = `changed: ${f.message}`;
    expect(ocsfEvents(again).map((e) => (e.finding_info as Event).uid)).toEqual(events.map((e) => e.finding_info.uid));
  });
});

describe('several accounts', () => {
  const report = estateReport();
  const text = renderOcsf(report);
  const events = parse(text);

  it('matches the golden file; each event names its account (the hostile name is data, JSON-escaped)', async () => {
    await expect(brief(events)).toMatchFileSnapshot('__golden__/estate.ocsf.txt');
    check(events);
    const hostile = events.filter((e) => e.cloud.account.uid === HOSTILE);
    expect(hostile.length).toBeGreaterThan(0);
    expect(hostile.every((e) => e.cloud.account.name === HOSTILE_NAME)).toBe(true);
    expect(events.filter((e) => e.compliance.control === '1.4' && e.cloud.account.uid === STAGING && e.compliance.status_id === 3)).toHaveLength(14);
    expect(events.find((e) => e.compliance.control === '1.4' && e.cloud.account.uid === BROKEN)).toMatchObject({ compliance: { status: 'Warning' }, unmapped: { error_kind: 'credentials' } });
    expect(events.every((e) => e.metadata.tenant_uid === 'o-a1b2c3d4e5' && e.cloud.org.uid === 'o-a1b2c3d4e5')).toBe(true);
  });
});

describe('the demo snapshots', () => {
  let demo: Report;
  let org: Report;
  beforeAll(async () => {
    [demo, org] = await Promise.all([demoReport('fixtures/demo'), demoReport('fixtures/demo-org')]);
  }, 60_000);

  it('demo: golden; the not-met IAM user of 1.4 is a Fail event', async () => {
    const events = parse(render('ocsf', demo));
    await expect(brief(events)).toMatchFileSnapshot('__golden__/demo.ocsf.txt');
    check(events);
    expect(events.filter((e) => e.compliance.control === '1.4' && e.compliance.status_id === 3).map((e) => e.resources[0].uid)).toEqual(['arn:aws:iam::210987654321:user/bob']);
  });

  it('demo-org: golden; every account has an event for every item', async () => {
    const events = parse(render('ocsf', org));
    await expect(brief(events)).toMatchFileSnapshot('__golden__/demo-org.ocsf.txt');
    check(events);
    for (const a of org.scan.accounts) {
      expect(new Set(events.filter((e) => e.cloud.account.uid === a.id).map((e) => e.compliance.control)).size).toBe(org.results.length);
    }
  });
});

describe('edge cases', () => {
  it('no findings: one Not Applicable event per item about the account; no items: an empty array', async () => {
    const text = renderOcsf(noFindingsReport());
    await expect(text).toMatchFileSnapshot('__golden__/no-findings.ocsf.json');
    const events = parse(text);
    check(events);
    expect(events).toHaveLength(40);
    expect(events.every((e) => e.compliance.status === 'Not Applicable' && e.resources[0].uid === `arn:aws:::${ACCOUNT}` && e.resources[0].type === 'AWS::Account')).toBe(true);
    expect(renderOcsf(noItemsReport())).toBe('[]\n');
  });

  it('hostile strings: golden; the data is kept whole, and nothing a terminal acts on is written raw', async () => {
    const report = hostileReport();
    const text = renderOcsf(report);
    await expect(brief(parse(text))).toMatchFileSnapshot('__golden__/hostile.ocsf.txt');
    expect(text.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u);
    const events = parse(text);
    check(events);
    const f = report.results.find((r) => r.id === '1.16')!.findings.find((x) => x.status === 'not-met')!;
    const e = events.find((x) => x.resources[0].uid === f.resource)!;
    expect(e.message).toBe(f.message);
    expect(e.resources[0].uid).toContain(LONG);
  });

  it('10,000 findings: 10,000 events for 1.4, each its own uid, rendered in reasonable time', () => {
    const started = performance.now();
    const events = parse(renderOcsf(manyFindingsReport(10_000)));
    expect(performance.now() - started).toBeLessThan(30_000);
    check(events);
    expect(events.filter((e) => e.compliance.control === '1.4')).toHaveLength(10_000);
  });

  it('names resource types from the ARN', () => {
    expect(resourceType('arn:aws:iam::123456789012:user/dev')).toBe('iam:user');
    expect(resourceType('arn:aws:s3:::my-bucket')).toBe('s3:bucket');
    expect(resourceType('arn:aws:s3:::my-bucket/key')).toBe('s3:object');
    expect(resourceType('arn:aws:lambda:us-east-1:123456789012:function:f')).toBe('lambda:function');
    expect(resourceType('arn:aws-us-gov:::123456789012')).toBe('AWS::Account');
    expect(resourceType('iam:GetAccountPasswordPolicy')).toBe('API call');
    expect(resourceType('something else')).toBe('Other');
  });
});
