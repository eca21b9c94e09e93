// JUnit XML: golden files on the demo snapshots and the edge cases, every output checked well-formed by a
// strict XML 1.0 parser (saxes: characters, entities, nesting) and read back (fast-xml-parser) into the
// shape CI systems read: testsuites > testsuite (name, tests, failures, errors, skipped, time) > properties,
// testcase (classname, name, time) with at most one failure / error / skipped.
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKLIST } from '../../src/checklist.js';
import type { Report } from '../../src/model.js';
import { render } from '../../src/reporters/index.js';
import { JUNIT_NAME, renderJunit } from '../../src/reporters/junit.js';
import { xmlAttr, xmlChars, xmlText } from '../../src/reporters/xml.js';
import { documentText } from '../../src/text.js';
import { BROKEN, HOSTILE, HOSTILE_NAME, MGMT, STAGING, estateReport } from './estate-report.js';
import { demoReport, manyFindingsReport, noFindingsReport, noItemsReport } from './format-reports.js';
import { ALL, LONG, hostileReport } from './hostile-report.js';
import { ACCOUNT, sampleReport } from './sample-report.js';

interface Case {
  classname: string;
  name: string;
  time: string;
  outcome: 'passed' | 'failure' | 'error' | 'skipped';
  message?: string;
  type?: string;
  body?: string;
  out?: string;
}
interface Suite {
  name: string;
  counts: { tests: number; failures: number; errors: number; skipped: number };
  time: string;
  properties: Record<string, string>;
  cases: Case[];
}
interface Parsed {
  attrs: Record<string, string>;
  suites: Suite[];
}

/** Every well-formedness error a strict XML 1.0 parser finds (none expected). */
function strictErrors(xml: string): string[] {
  const errors: string[] = [];
  const parser = new SaxesParser();
  parser.on('error', (e) => errors.push(e.message));
  parser.write(xml).close();
  return errors;
}

const reader = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

type Node = Record<string, any>;

/** The JUnit document read back; fails on anything CI systems would not read. */
function parse(xml: string): Parsed {
  expect(strictErrors(xml)).toEqual([]);
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const doc = reader.parse(xml) as Node;
  const root = doc.testsuites as Node;
  expect(root).toBeDefined();
  const suites = ((root.testsuite ?? []) as Node[]).map((s): Suite => {
    const cases = ((s.testcase ?? []) as Node[]).map((c): Case => {
      const outcomes = (['failure', 'error', 'skipped'] as const).filter((k) => k in c);
      expect(outcomes.length).toBeLessThanOrEqual(1);
      const outcome = outcomes[0] ?? 'passed';
      const el = outcomes.length === 0 ? undefined : (c[outcomes[0]] as Node | string);
      const node = typeof el === 'object' ? el : {};
      return {
        classname: c.classname,
        name: c.name,
        time: c.time,
        outcome,
        message: node.message,
        type: node.type,
        body: node['#text'],
        out: c['system-out'],
      };
    });
    const props = Object.fromEntries(((s.properties?.property ?? []) as Node[]).map((p) => [p.name as string, p.value as string]));
    return {
      name: s.name,
      counts: { tests: Number(s.tests), failures: Number(s.failures), errors: Number(s.errors), skipped: Number(s.skipped) },
      time: s.time,
      properties: props,
      cases,
    };
  });
  // The counts are the cases'.
  for (const s of suites) {
    expect(s.counts).toEqual({
      tests: s.cases.length,
      failures: s.cases.filter((c) => c.outcome === 'failure').length,
      errors: s.cases.filter((c) => c.outcome === 'error').length,
      skipped: s.cases.filter((c) => c.outcome === 'skipped').length,
    });
  }
  const sum = (k: keyof Suite['counts']) => String(suites.reduce((n, s) => n + s.counts[k], 0));
  expect([root.tests, root.failures, root.errors, root.skipped]).toEqual([sum('tests'), sum('failures'), sum('errors'), sum('skipped')]);
  return { attrs: root as Record<string, string>, suites };
}

const caseOf = (p: Parsed, suite: string, id: string): Case => {
  const c = p.suites.find((s) => s.name === suite)?.cases.find((x) => x.name.startsWith(`${id} `));
  if (!c) throw new Error(`no case ${id} in ${suite}`);
  return c;
};

describe('the XML escaper', () => {
  it('writes the markup characters as entities, and tab, LF, CR as character references in attributes', () => {
    expect(xmlText(`a & b < c > d "e" 'f' \r ]]>`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f' &#13; ]]&gt;`);
    expect(xmlAttr(`a & b < c > "d" 'e'\tf\ng\rh`)).toBe('a &amp; b &lt; c &gt; &quot;d&quot; &apos;e&apos;&#9;f&#10;g&#13;h');
  });

  it('replaces every character XML 1.0 cannot hold by its visible escape, and keeps the rest', () => {
    expect(xmlChars('nul\u0000 bs\u0008 vt\u000B ff\u000C so\u000E us\u001F')).toBe('nul\\x00 bs\\x08 vt\\x0b ff\\x0c so\\x0e us\\x1f');
    expect(xmlChars('lone \uD800 high, \uDFFF low, \uFFFE \uFFFF')).toBe('lone \\uD800 high, \\uDFFF low, \\uFFFE \\uFFFF');
    expect(xmlChars('emoji 😀 tab\t lf\n cr\r é \u202E')).toBe('emoji 😀 tab\t lf\n cr\r é \u202E');
    for (let code = 0; code < 0x20; code++) {
      const s = String.fromCharCode(code);
      expect(strictErrors(`<a b="${xmlAttr(s)}">${xmlText(s)}</a>`)).toEqual([]);
    }
  });
});

describe('the XML escaper, on any string (property)', () => {
  /** Any UTF-16 code units: controls, markup, lone surrogates, noncharacters, pairs. */
  const anyText = fc.string({ unit: fc.oneof(fc.constantFrom(...'<>&"\'\t\n\r]\u0000\u001f\uFFFE\uFFFF\uD800\uDFFF'.split('')), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))), maxLength: 40 });

  it('gives well-formed XML that reads back as the string with only what XML cannot hold escaped', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const xml = `<a b="${xmlAttr(s)}">${xmlText(s)}</a>`;
        expect(strictErrors(xml)).toEqual([]);
        let attr: string | undefined;
        let text = '';
        const parser = new SaxesParser();
        parser.on('opentag', (tag) => (attr = tag.attributes.b as string));
        parser.on('text', (t) => (text += t));
        parser.write(xml).close();
        expect(attr).toBe(xmlChars(s));
        expect(text).toBe(xmlChars(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('every status (the sample report)', () => {
  const report = sampleReport();
  const xml = renderJunit(report);
  const doc = parse(xml);

  it('matches the golden file', async () => {
    await expect(xml).toMatchFileSnapshot('__golden__/every-status.junit.xml');
  });

  it('has a suite per pillar with a case per item, counted as the summary counts the items', () => {
    expect(doc.attrs.name).toBe(JUNIT_NAME);
    expect(doc.suites.map((s) => s.name)).toEqual(['Security', 'Reliability', 'Operational Excellence']);
    expect(doc.suites.flatMap((s) => s.cases.map((c) => c.name))).toEqual(CHECKLIST.map((i) => `${i.id} ${i.title}`));
    expect(doc.suites.every((s) => s.cases.every((c) => c.classname === s.name))).toBe(true);
    expect(Number(doc.attrs.tests)).toBe(report.summary.total);
    expect(Number(doc.attrs.failures)).toBe(report.summary['not-met']);
    expect(Number(doc.attrs.errors)).toBe(report.summary.error);
    expect(Number(doc.attrs.skipped)).toBe(report.summary.manual + report.summary['not-applicable']);
    expect(doc.attrs.time).toBe('62.500');
    expect(doc.attrs.timestamp).toBe('2026-11-20T09:30:00');
    expect(doc.suites[0].properties).toEqual({
      account: ACCOUNT,
      pillar: 'security',
      'deployment-model': 'multi-tenant-saas',
      source: 'live',
      tool: 'cmt-audit 0.1.0',
    });
  });

  it('not met: a failure naming the resources, its body every failing resource with region and message', () => {
    const c = caseOf(doc, 'Security', '1.4');
    expect(c).toMatchObject({ outcome: 'failure', type: 'not-met', time: '0.012' });
    expect(c.message).toBe(
      `not met in 14 resources: arn:aws:iam::${ACCOUNT}:user/dev-00, arn:aws:iam::${ACCOUNT}:user/dev-01, arn:aws:iam::${ACCOUNT}:user/dev-02 and 11 more`,
    );
    const lines = c.body!.split('\n');
    expect(lines).toHaveLength(14);
    expect(lines[13]).toBe(`arn:aws:iam::${ACCOUNT}:user/dev-13: dev-13 has a console password but no MFA device.`);
    const sg = caseOf(doc, 'Security', '1.16');
    expect(sg.body!.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0bb22 \\(eu-west-1\\): Port 22 \\(SSH\\) is open to 0\\.0\\.0\\.0/0\\.`)),
      'ec2:DescribeSecurityGroups (us-west-2): could not tell: ec2:DescribeSecurityGroups still throttled after retries',
    ]);
  });

  it('error: an error element with the failure kind and the missing permission; manual and not applicable: skipped with why', () => {
    expect(caseOf(doc, 'Security', '1.7')).toMatchObject({
      outcome: 'error',
      type: 'missing-permission',
      message: 'could not tell in 1 resource: could not tell: missing permission iam:GetAccountPasswordPolicy',
      body: 'iam:GetAccountPasswordPolicy (us-east-1): could not tell: missing permission iam:GetAccountPasswordPolicy [missing permission: iam:GetAccountPasswordPolicy]',
    });
    expect(caseOf(doc, 'Reliability', '2.1')).toMatchObject({ outcome: 'skipped', message: 'not applicable: does not apply to the multi-tenant-saas deployment model' });
    expect(caseOf(doc, 'Security', '1.8')).toMatchObject({ outcome: 'skipped', message: 'manual: No automated check covers this item: attest it with evidence.' });
  });

  it('met: a passing case; met by an attestation says who attested what', () => {
    expect(caseOf(doc, 'Security', '1.2')).toMatchObject({ outcome: 'passed', out: undefined });
    expect(caseOf(doc, 'Security', '1.25')).toMatchObject({ outcome: 'passed', out: 'attested met by Jane Doe, CISO on 2026-09-14: Incident response game day GD-7' });
  });
});

describe('several accounts', () => {
  const report = estateReport();
  const xml = renderJunit(report);
  const doc = parse(xml);
  const hostileLabel = `${HOSTILE} (${HOSTILE_NAME})`;

  it('matches the golden file', async () => {
    await expect(xml).toMatchFileSnapshot('__golden__/estate.junit.xml');
  });

  it('has a suite per account and pillar, named "<pillar> — <account> (<name>)", the account name as text', () => {
    expect(doc.suites).toHaveLength(5 * 3);
    expect(doc.suites.slice(3, 6).map((s) => s.name)).toEqual([`Security — ${hostileLabel}`, `Reliability — ${hostileLabel}`, `Operational Excellence — ${hostileLabel}`]);
    expect(doc.suites[3].properties).toMatchObject({ account: HOSTILE, 'account-name': HOSTILE_NAME });
    expect(xml).not.toContain('<script>');
  });

  it('each case is the item in that account: its status and its own findings', () => {
    const staging = caseOf(doc, `Security — ${STAGING} (acme-staging)`, '1.4');
    expect(staging.outcome).toBe('failure');
    expect(staging.body!.split('\n')).toHaveLength(14);
    expect(staging.body).not.toContain(HOSTILE);
    expect(caseOf(doc, `Security — ${hostileLabel}`, '1.4').body!.split('\n')).toHaveLength(2);
    expect(caseOf(doc, `Security — ${MGMT} (acme-mgmt)`, '1.4').outcome).toBe('passed');
    expect(caseOf(doc, `Security — ${BROKEN} (acme-broken)`, '1.4')).toMatchObject({ outcome: 'error', type: 'credentials' });
    // 3.3: met for the estate by its own rule (the management account's support plan): passing in every
    // account, so CI agrees with the gate, and the case says what the account alone showed.
    expect(caseOf(doc, `Operational Excellence — ${STAGING} (acme-staging)`, '3.3')).toMatchObject({
      outcome: 'passed',
      out: `met for the estate by its own rule (docs/estate.md); not met in this account alone: arn:aws:account::${STAGING}:account: Basic or Developer support.`,
    });
    expect(Number(doc.attrs.failures)).toBe(3); // 1.4 in two accounts, 2.13 in one
    // 2.10: attested for the estate; each account that left it to people counts it as attested met.
    expect(caseOf(doc, `Reliability — ${STAGING} (acme-staging)`, '2.10').outcome).toBe('passed');
  });
});

describe('the demo snapshots', () => {
  let demo: Report;
  let org: Report;
  beforeAll(async () => {
    [demo, org] = await Promise.all([demoReport('fixtures/demo'), demoReport('fixtures/demo-org')]);
  }, 60_000);

  it('demo: golden, and the gate items fail', async () => {
    const xml = render('junit', demo);
    await expect(xml).toMatchFileSnapshot('__golden__/demo.junit.xml');
    const doc = parse(xml);
    expect(doc.suites.map((s) => s.name)).toEqual(['Security', 'Reliability', 'Operational Excellence']);
    expect(Number(doc.attrs.failures)).toBe(demo.summary['not-met']);
    expect(caseOf(doc, 'Security', '1.4')).toMatchObject({ outcome: 'failure', message: 'not met in 1 resource: arn:aws:iam::210987654321:user/bob' });
  });

  it('demo-org: golden, a suite per account and pillar', async () => {
    const xml = render('junit', org);
    await expect(xml).toMatchFileSnapshot('__golden__/demo-org.junit.xml');
    const doc = parse(xml);
    expect(doc.suites.map((s) => s.properties.account)).toEqual(org.scan.accounts.flatMap((a) => [a.id, a.id, a.id]));
    expect(Number(doc.attrs.tests)).toBe(org.scan.accounts.length * org.results.length);
  });
});

describe('edge cases', () => {
  it('no findings: every case skipped as not applicable; no items: an empty testsuites', async () => {
    const xml = renderJunit(noFindingsReport());
    await expect(xml).toMatchFileSnapshot('__golden__/no-findings.junit.xml');
    const doc = parse(xml);
    expect(doc.attrs.skipped).toBe('40');
    expect(doc.suites.flatMap((s) => s.cases).every((c) => c.outcome === 'skipped' && c.message!.startsWith('not applicable: '))).toBe(true);
    const none = renderJunit(noItemsReport());
    expect(parse(none).suites).toEqual([]);
    expect(none).toContain('tests="0" failures="0" errors="0" skipped="0"');
  });

  it('hostile strings: golden, well-formed, no control or format character, each value read back as src/text.ts shows it', async () => {
    const report = hostileReport();
    const xml = renderJunit(report);
    await expect(xml).toMatchFileSnapshot('__golden__/hostile.junit.xml');
    const doc = parse(xml);
    expect(xml.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}\p{Noncharacter_Code_Point}]/u);
    expect(doc.suites.flatMap((s) => s.cases).map((c) => c.name)).toEqual(report.results.map((r) => documentText(`${r.id} ${r.title}`)));
    const c = caseOf(doc, 'Security', '1.16');
    const f = report.results.find((r) => r.id === '1.16')!.findings.find((x) => x.status === 'not-met')!;
    expect(c.body!.split('\n')[0]).toBe(documentText(`${f.resource} (${f.region}): ${f.message}`));
    expect(c.body).toContain('more characters; the JSON report has it all)');
    expect(xml).not.toContain(LONG);
    expect(documentText(ALL)).not.toBe(ALL); // the pieces do need escaping
  });

  it('10,000 findings: one failure listing all of them, rendered in reasonable time', () => {
    const started = performance.now();
    const xml = renderJunit(manyFindingsReport(10_000));
    const ms = performance.now() - started;
    const c = caseOf(parse(xml), 'Security', '1.4');
    const lines = c.body!.split('\n');
    expect(lines).toHaveLength(10_000);
    expect(lines[9_999]).toBe(`arn:aws:iam::${ACCOUNT}:user/u09999 (us-east-1): u09999 has a console password but no MFA device.`);
    expect(c.message).toMatch(/^not met in 10,000 resources: .* and 9,997 more$/);
    expect(ms).toBeLessThan(20_000);
  });
});
