import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { CHECKLIST } from '../../src/checklist.js';
import { DEFAULT_THRESHOLDS } from '../../src/config/thresholds.js';
import { UserError } from '../../src/errors.js';
import { DEPLOYMENT_MODELS, REPORT_SCHEMA_VERSION, SEVERITIES, STATUSES, type Report } from '../../src/model.js';
import { loadReportSchema, readReportFile, renderJson, reportProblems } from '../../src/reporters/json.js';
import { scan } from '../../src/scan.js';
import { sampleReport } from './sample-report.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
type Schema = Record<string, any>;

/** The schema with additionalProperties: false on every object that lists properties: a report field
 * the schema does not describe then fails, so model.ts and the schema cannot drift apart silently. */
function strict(schema: Schema): Schema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'thresholds' || k === 'evidence' ? v : walk(v)])) as Schema;
    if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
    return copy;
  };
  return walk(schema) as Schema;
}

function strictValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(strict(loadReportSchema()));
}

/**
 * The sample report as a scan of its deployment model would write it: the sample shows a not-applicable
 * item for the reporters, but no item is not applicable to multi-tenant SaaS, and `readReportFile` refuses
 * a status that does not follow from the checklist and the findings.
 */
function scannedSample(): Report {
  const report = sampleReport();
  report.results = report.results.map((r) =>
    r.status === 'not-applicable'
      ? { ...r, status: 'manual', applicability: undefined, decidedBy: 'undecided', findings: [{ status: 'manual', resource: 'arn:aws:::123456789012', message: 'attest it' }] }
      : r,
  );
  report.summary = { ...report.summary, manual: report.summary.manual + report.summary['not-applicable'], 'not-applicable': 0 };
  return report;
}

async function demoScan(snapshot = 'fixtures/demo', only?: string[]): Promise<Report> {
  const { report } = await scan({ snapshot, only, deploymentModel: 'multi-tenant-saas', concurrency: 4, thresholds: DEFAULT_THRESHOLDS });
  return report;
}

describe('json reporter', () => {
  it('is the report itself, 2-space indented, newline-terminated', () => {
    const report = sampleReport();
    const text = renderJson(report);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(text).toMatch(/^\{\n {2}"schemaVersion": "1\.0",\n/);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('schema/report.schema.json', () => {
  const schema = loadReportSchema();

  it('is JSON Schema 2020-12 and compiles in strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => strictValidator()).not.toThrow();
  });

  it('uses the enums of src/model.ts', () => {
    const defs = schema.$defs as Schema;
    expect(defs.status.enum).toEqual([...STATUSES]);
    expect(defs.severity.enum).toEqual([...SEVERITIES]);
    expect(defs.deploymentModel.enum).toEqual([...DEPLOYMENT_MODELS]);
    expect(defs.summary.required).toEqual([...STATUSES, 'total']);
  });

  it('accepts the hand-built report, and describes every field in it', async () => {
    expect(await reportProblems(JSON.parse(renderJson(sampleReport())))).toEqual([]);
    const validate = strictValidator();
    expect(validate(JSON.parse(renderJson(sampleReport()))), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['the demo snapshot', 'fixtures/demo', undefined],
    ['a scan with a missing permission', 'fixtures/cli/root-mfa-denied.json', ['1.2']],
    ['a scan with a scan-level error', 'fixtures/cli/regions-denied-root-mfa-off.json', ['1.2']],
  ])('accepts the JSON report of a real scan: %s', async (_name, snapshot, only) => {
    const report = JSON.parse(renderJson(await demoScan(snapshot, only)));
    expect(await reportProblems(report)).toEqual([]);
    const validate = strictValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects what is not a report', async () => {
    const bad = JSON.parse(renderJson(sampleReport()));
    bad.results[0].status = 'passed';
    delete bad.summary;
    const problems = await reportProblems(bad);
    expect(problems).toContain("/ must have required property 'summary'");
    expect(problems.some((p) => p.startsWith('/results/0/status must be equal to one of the allowed values'))).toBe(true);
    expect(await reportProblems({ ...sampleReport(), schemaVersion: '2.0' })).toEqual(['/schemaVersion must match pattern "^1\\.[0-9]+$"']);
  });

  it('accepts a later 1.x report with properties it does not know', async () => {
    const later = { ...JSON.parse(renderJson(sampleReport())), schemaVersion: '1.3', suppressions: [] };
    expect(await reportProblems(later)).toEqual([]);
  });

  it('is documented field by field in docs/json-report.md', () => {
    const doc = readFileSync('docs/json-report.md', 'utf8');
    const names = new Set<string>();
    const walk = (node: unknown) => {
      if (!node || typeof node !== 'object') return;
      const props = (node as Schema).properties as Schema | undefined;
      if (props) for (const k of Object.keys(props)) names.add(k);
      for (const v of Object.values(node)) walk(v);
    };
    walk(schema);
    const undocumented = [...names].filter((n) => !doc.includes(`\`${n}\``));
    expect(undocumented).toEqual([]);
  });
});

describe('readReportFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cmt-audit-report-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const failure = async (path: string) => {
    const err = await readReportFile(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  };

  it('reads a valid report', async () => {
    expect(await readReportFile(file('ok.json', renderJson(scannedSample())))).toEqual(JSON.parse(renderJson(scannedSample())));
  });

  it('refuses values nested deeper than any report holds (they would overflow the renderers), naming the finding', async () => {
    const report = scannedSample();
    const item = report.results.find((r) => r.findings.length > 0)!;
    item.findings[0].evidence = { deep: 'X' };
    const n = 100_000;
    const text = renderJson(report).replace('"X"', `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);
    const index = report.results.indexOf(item);
    const err = await failure(file('deep.json', text));
    expect(err.message).toBe(`${join(dir, 'deep.json')} is not a valid cmt-audit report: results[${index}].findings[0] nests values more than 64 levels deep`);
  });

  it('says clearly what is wrong with a bad file', async () => {
    expect((await failure(join(dir, 'missing.json'))).message).toBe(`cannot read report ${join(dir, 'missing.json')}: no such file`);
    expect((await failure(file('text.json', 'not json'))).message).toMatch(/text\.json is not JSON: /);
    const invalid = await failure(file('invalid.json', '{"schemaVersion":"1.0"}'));
    expect(invalid.message).toMatch(/invalid\.json is not a valid cmt-audit report: \/ must have required property 'tool'/);
    expect(invalid.hint).toContain('cmt-audit scan --format json');
  });
});

describe('readReportFile: what a saved report must be', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cmt-audit-report-rules-'));
  const save = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };
  const failure = async (path: string, options?: Parameters<typeof readReportFile>[1]) => {
    const err = await readReportFile(path, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as UserError).message).not.toContain('\n');
    return err as UserError;
  };

  it('recomputes the summary from the results, and says so when the saved one was wrong', async () => {
    const doctored = { ...scannedSample(), summary: { met: 40, 'not-met': 0, manual: 0, 'not-applicable': 0, error: 0, total: 40 } };
    const notes: string[] = [];
    const report = await readReportFile(save('doctored.json', doctored), { note: (m) => notes.push(m) });
    expect(report.summary).toEqual(scannedSample().summary);
    expect(report.summary['not-met']).toBe(2);
    expect(notes).toEqual([`${join(dir, 'doctored.json')}: the summary does not match the results; recomputed from the results`]);
    const honest: string[] = [];
    await readReportFile(save('honest.json', scannedSample()), { note: (m) => honest.push(m) });
    expect(honest).toEqual([]);
  });

  it('rejects a report with checklist items missing, twice, unknown or outside its selection', async () => {
    const full = scannedSample();
    const missing = save('missing.json', { ...full, results: full.results.filter((r) => r.id !== '1.4' && r.id !== '2.2') });
    expect((await failure(missing)).message).toBe(`${missing}: results lack checklist items 1.4, 2.2`);
    const twice = save('twice.json', { ...full, results: [...full.results, full.results[1]] });
    expect((await failure(twice)).message).toBe(`${twice}: results list checklist item 1.2 twice`);
    const unknown = save('unknown.json', { ...full, results: [...full.results, { ...full.results[1], id: '1.6' }] });
    expect((await failure(unknown)).message).toBe(`${unknown}: results hold unknown checklist item 1.6`);
    const partial = { ...full, scan: { ...full.scan, checksSelected: ['1.2', '1.4'] }, results: full.results.filter((r) => ['1.2', '1.4'].includes(r.id)) };
    expect((await readReportFile(save('selected.json', partial))).results.map((r) => r.id)).toEqual(['1.2', '1.4']);
    const selectedMissing = save('selected-missing.json', { ...partial, results: partial.results.slice(0, 1) });
    expect((await failure(selectedMissing)).message).toBe(`${selectedMissing}: results lack checklist item 1.4`);
    const skipped = { ...full, scan: { ...full.scan, checksSkipped: ['1.4'] } };
    expect((await failure(save('skipped.json', skipped))).message).toMatch(/: results hold checklist item 1\.4, which the scan did not select$/);
    expect((await readReportFile(save('skipped-ok.json', { ...skipped, results: full.results.filter((r) => r.id !== '1.4') }))).results).toHaveLength(39);
    expect((await failure(missing)).hint).toBe('the report was cut or edited: scan again, or give the complete report');
  });

  it('refuses attestation links that are not http(s), which the HTML checklist would turn into links', async () => {
    const report = scannedSample();
    const i = report.results.findIndex((r) => r.attestation);
    expect(i).toBeGreaterThanOrEqual(0);
    for (const link of ['javascript:alert(1)', 'data:text/html,x', 'https://ok.example/a b']) {
      report.results[i] = { ...report.results[i], attestation: { ...report.results[i].attestation!, links: ['https://ok.example/x', link] } };
      const path = save(`link-${i}.json`, report);
      expect((await failure(path)).message).toBe(`${path}: results[${i}].attestation.links[1] must be an http(s) URL`);
    }
  });

  it('reads a newer minor schema version with a note, and refuses another major version', async () => {
    const notes: string[] = [];
    const later = save('later.json', { ...scannedSample(), schemaVersion: '1.7', suppressions: [] });
    expect((await readReportFile(later, { note: (m) => notes.push(m) })).schemaVersion).toBe('1.7');
    expect(notes).toEqual([`${later} has schema version 1.7, newer than this cmt-audit's ${REPORT_SCHEMA_VERSION}: fields it does not know are kept in JSON output but not shown`]);
    const major = save('major.json', { ...scannedSample(), schemaVersion: '2.0' });
    const err = await failure(major);
    expect(err.message).toBe(`${major} has schema version 2.0: this cmt-audit reads version 1 reports (1.x)`);
    expect(err.hint).toBe('read it with a cmt-audit that supports schema version 2');
    expect((await failure(save('zero.json', { ...scannedSample(), schemaVersion: '0.9' }))).message).toMatch(/has schema version 0\.9: this cmt-audit reads version 1 reports/);
    const quiet: string[] = [];
    await readReportFile(save('same.json', scannedSample()), { note: (m) => quiet.push(m) });
    expect(quiet).toEqual([]);
  });

  it('reads - from standard input, named "stdin" in messages', async () => {
    const text = JSON.stringify(scannedSample());
    expect((await readReportFile('-', { stdin: async () => text })).results).toHaveLength(40);
    expect((await failure('-', { stdin: async () => 'nope' })).message).toMatch(/^stdin is not JSON: /);
    expect((await failure('-', { stdin: async () => '' })).message).toBe('stdin is empty: pipe a report into it');
  });
});

describe('readReportFile: verdicts follow from the report’s own evidence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cmt-audit-report-verdicts-'));
  const save = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };
  const refusal = async (path: string) => {
    const err = await readReportFile(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    return (err as UserError).message;
  };
  const at = (report: Report, id: string) => report.results.findIndex((r) => r.id === id);

  it('restores title, pillar and severity from the checklist, with a note naming the items (an edited severity cannot open the gate)', async () => {
    const report = scannedSample();
    const i = at(report, '1.16');
    report.results[i] = { ...report.results[i], severity: 'info', title: 'harmless', pillar: 'reliability' };
    const notes: string[] = [];
    const path = save('severity.json', report);
    const read = await readReportFile(path, { note: (m) => notes.push(m) });
    expect(read.results[i]).toMatchObject({ id: '1.16', severity: scannedSample().results[i].severity, pillar: 'security', title: scannedSample().results[i].title });
    expect(notes).toEqual([`${path}: the title, pillar or severity of item 1.16 differ from the checklist; the checklist's are used`]);
  });

  it('refuses a status its findings do not give: met over a not-met finding, met over an error', async () => {
    const report = scannedSample();
    const notMet = report.results.findIndex((r) => r.status === 'not-met');
    const error = report.results.findIndex((r) => r.status === 'error');
    const id = (i: number) => report.results[i].id;
    const flipped = { ...report, results: report.results.map((r, j) => (j === notMet ? { ...r, status: 'met' } : r)) };
    let path = save('flipped.json', flipped);
    expect(await refusal(path)).toBe(`${path}: results[${notMet}] (item ${id(notMet)}) is met, but its findings make it not-met`);
    const hidden = { ...report, results: report.results.map((r, j) => (j === error ? { ...r, status: 'met' } : r)) };
    path = save('hidden.json', hidden);
    expect(await refusal(path)).toBe(`${path}: results[${error}] (item ${id(error)}) is met, but its findings make it error`);
  });

  it('accepts a manual item decided by an applied attestation, and nothing else in its place', async () => {
    const report = scannedSample();
    const i = report.results.findIndex((r) => r.attestation?.state === 'applied');
    expect(report.results[i].status).toBe(report.results[i].attestation!.status);
    expect((await readReportFile(save('attested.json', report))).results[i].status).toBe(report.results[i].status);
    const other = report.results[i].attestation!.status === 'met' ? 'not-met' : 'met';
    const edited = { ...report, results: report.results.map((r, j) => (j === i ? { ...r, status: other } : r)) };
    const path = save('attested-edited.json', edited);
    expect(await refusal(path)).toBe(`${path}: results[${i}] (item ${report.results[i].id}) is ${other}, but its findings make it manual`);
  });

  it('refuses an applied attestation the config rules would not have applied at the scan: placeholder, future date, expired', async () => {
    const report = scannedSample();
    const i = report.results.findIndex((r) => r.attestation?.state === 'applied');
    const id = report.results[i].id;
    const day = report.scan.startedAt.slice(0, 10);
    const withAttestation = (change: object) => ({
      ...report,
      results: report.results.map((r, j) => (j === i ? { ...r, attestation: { ...r.attestation!, ...change } } : r)),
    });
    const cases: [string, object, string][] = [
      ['todo.json', { evidence: 'TODO' }, 'has a placeholder ("TODO") for its evidence or author'],
      ['name.json', { by: '<your name>' }, 'has a placeholder ("<your name>") for its evidence or author'],
      ['future.json', { date: '2030-10-01', expires: undefined }, `is dated 2030-10-01, not on or before the scan (${day})`],
      ['expired.json', { date: '2019-10-01', expires: '2020-01-01' }, 'had expired by the scan (2020-01-01)'],
    ];
    for (const [file, change, why] of cases) {
      const path = save(file, withAttestation(change));
      expect(await refusal(path)).toBe(`${path}: results[${i}] (item ${id}) holds an applied attestation that ${why}`);
    }
    // A 12-month item expires by itself 12 months after its date, whatever `expires` says.
    expect(CHECKLIST.find((c) => c.id === id)!.freshnessMonths).toBe(12);
    const stale = save('stale.json', withAttestation({ date: '2019-10-01', expires: undefined }));
    expect(await refusal(stale)).toBe(`${stale}: results[${i}] (item ${id}) holds an applied attestation that had expired by the scan (2020-10-01)`);
  });

  it('refuses not-applicable where the item applies, and any status where it does not', async () => {
    const report = scannedSample();
    const applies = at(report, '1.2');
    let path = save('na.json', { ...report, results: report.results.map((r, j) => (j === applies ? { ...r, status: 'not-applicable', findings: [] } : r)) });
    expect(await refusal(path)).toBe(`${path}: results[${applies}] (item 1.2) is not-applicable, but the item applies to the multi-tenant-saas model`);
    // 1.1 does not apply to software the customer deploys on AWS: a report of that model cannot hold its verdict.
    path = save('applies.json', { ...report, scan: { ...report.scan, deploymentModel: 'customer-deployed-on-aws' } });
    expect(await refusal(path)).toBe(`${path}: results[0] (item 1.1) is ${report.results[0].status}, but the item does not apply to the customer-deployed-on-aws model`);
  });

});
