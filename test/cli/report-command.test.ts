// `cmt-audit report`, run in-process through cli.run() (fast: no process start per case): a saved report
// is re-rendered from its results, never from its (possibly doctored) summary; a cut report is refused;
// `-` reads standard input; the config's attestations apply with the same rules as a scan; newer minor
// schema versions are read with a note, other majors refused. The end-to-end twin (a real pipe into the
// built binary) is report.e2e.test.ts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import { EXIT } from '../../src/errors.js';
import { REPORT_SCHEMA_VERSION, type Report } from '../../src/model.js';

type Io = Parameters<typeof run>[1];
interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cmt(args: string[], stdin?: { text?: string; tty?: boolean }): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const io = {
    out: (t: string) => void (stdout += t),
    err: (t: string) => void (stderr += t),
    env: {},
    readStdin: async () => stdin?.text ?? '',
    stdinIsTty: stdin?.tty === true,
    stdoutIsTty: false,
    stderrIsTty: false,
  } as Io;
  const code = await run(['node', 'cmt-audit', ...args], io);
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'cmt-audit-report-cmd-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** The demo account, items 1.25 (the API finds it not met) and 2.10 (people only): recorded 2026-11-20. */
const DEMO_PAIR = join(dir, 'demo-pair.json');
/** The same, scanned with the demo config: 2.10 attested met. */
const DEMO_PAIR_ATTESTED = join(dir, 'demo-pair-attested.json');
/** Root MFA off (1.2 not met, critical). */
const MFA_OFF = join(dir, 'mfa-off.json');
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Report;
const item = (report: Report, id: string) => report.results.find((r) => r.id === id)!;

beforeAll(async () => {
  const scans = [
    ['scan', '--snapshot', 'fixtures/demo', '--checks', '1.25,2.10', '--no-config', '--format', 'json', '--output', DEMO_PAIR, '--fail-on', 'none'],
    ['scan', '--snapshot', 'fixtures/demo', '--checks', '1.25,2.10', '--config', 'fixtures/demo/cmt-audit.config.yaml', '--format', 'json', '--output', DEMO_PAIR_ATTESTED, '--fail-on', 'none'],
    ['scan', '--snapshot', 'fixtures/cli/root-mfa-off.json', '--checks', '1.2', '--no-config', '--format', 'json', '--output', MFA_OFF],
  ];
  for (const args of scans) {
    const r = await cmt(args);
    if (r.code !== EXIT.ok && r.code !== EXIT.gateFailed) throw new Error(`could not save ${args.join(' ')}: ${r.stderr}`);
  }
}, 120_000);

describe('report: the summary comes from the results', () => {
  it('a doctored summary reaches neither the output nor the gate, and is pointed out', async () => {
    const report = read(MFA_OFF);
    const doctored = file('doctored.json', JSON.stringify({ ...report, summary: { met: 1, 'not-met': 0, manual: 0, 'not-applicable': 0, error: 0, total: 1 } }));
    const table = await cmt(['report', doctored]);
    expect(table.code).toBe(EXIT.gateFailed);
    expect(table.stdout.trimEnd().split('\n').at(-1)).toBe('1 item: 0 met, 1 not met, 0 manual, 0 not applicable, 0 errors');
    expect(table.stderr.split('\n')[0]).toBe(`cmt-audit: note: ${doctored}: the summary does not match the results; recomputed from the results`);
    const json = await cmt(['report', doctored, '--format', 'json', '--fail-on', 'none']);
    expect((JSON.parse(json.stdout) as Report).summary).toEqual(report.summary);
    expect((await cmt(['report', doctored, '--quiet'])).stderr).toBe('');
  });

  it('a report with checklist items missing is refused in one line (exit 2)', async () => {
    const cut = file('cut.json', JSON.stringify({ ...read(DEMO_PAIR), results: [item(read(DEMO_PAIR), '1.25')] }));
    const r = await cmt(['report', cut]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`cmt-audit: ${cut}: results lack checklist item 2.10\nhint: the report was cut or edited: scan again, or give the complete report\n`);
  });
});

describe('report -: standard input', () => {
  it('reads the report piped in', async () => {
    const r = await cmt(['report', '-', '--format', 'json'], { text: readFileSync(MFA_OFF, 'utf8') });
    expect(r.code).toBe(EXIT.gateFailed);
    expect(JSON.parse(r.stdout)).toEqual(read(MFA_OFF));
  });

  it('refuses a terminal (it would wait for typing), and an empty input', async () => {
    const tty = await cmt(['report', '-'], { tty: true });
    expect(tty.code).toBe(EXIT.usage);
    expect(tty.stderr.split('\n')[0]).toBe('cmt-audit: `cmt-audit report -` reads a report from standard input, which is a terminal');
    const empty = await cmt(['report', '-'], { text: '' });
    expect(empty.code).toBe(EXIT.usage);
    expect(empty.stderr.split('\n')[0]).toBe('cmt-audit: stdin is empty: pipe a report into it');
  });
});

describe('report --config: attestations by the same rules as scan', () => {
  it('fills in a manual item, never overrides the API, and recomputes the summary', async () => {
    const r = await cmt(['report', DEMO_PAIR, '--config', 'fixtures/demo/cmt-audit.config.yaml', '--format', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    expect(item(read(DEMO_PAIR), '2.10')).toMatchObject({ status: 'manual', decidedBy: 'undecided' });
    expect(item(report, '2.10')).toMatchObject({ status: 'met', decidedBy: 'attestation', attestation: { state: 'applied', by: 'Marco Liu, SRE lead', date: '2026-06-30' } });
    expect(item(report, '1.25')).toMatchObject({ status: 'not-met', decidedBy: 'api', attestation: { state: 'not-used' } });
    expect(report.summary).toMatchObject({ met: 1, 'not-met': 1, manual: 0, total: 2 });
    expect(report.scan.configFile).toBe('fixtures/demo/cmt-audit.config.yaml');
    // what the scan itself made of the same config
    const scanned = read(DEMO_PAIR_ATTESTED);
    expect(report.results.map((x) => [x.id, x.status, x.decidedBy, x.attestation])).toEqual(scanned.results.map((x) => [x.id, x.status, x.decidedBy, x.attestation]));
  });

  it("replaces the report's own attestations with the config's; without a config they stay", async () => {
    const other = file('other.yaml', 'attestations:\n  - item: "2.10"\n    status: not-met\n    evidence: DR plan DRP-4 was withdrawn in review.\n    by: Jane Doe, CISO\n    date: 2026-11-01\n');
    const replaced = JSON.parse((await cmt(['report', DEMO_PAIR_ATTESTED, '--config', other, '--format', 'json', '--fail-on', 'none'])).stdout) as Report;
    expect(item(replaced, '2.10')).toMatchObject({ status: 'not-met', decidedBy: 'attestation', attestation: { state: 'applied', by: 'Jane Doe, CISO' } });
    expect(item(replaced, '1.25').attestation).toBeUndefined();
    const kept = JSON.parse((await cmt(['report', DEMO_PAIR_ATTESTED, '--no-config', '--format', 'json', '--fail-on', 'none'])).stdout) as Report;
    expect(item(kept, '2.10')).toMatchObject({ status: 'met', attestation: { state: 'applied', by: 'Marco Liu, SRE lead' } });
    const thresholdsOnly = file('thresholds.yaml', 'thresholds:\n  backupMaxAgeDays: 3\n');
    const untouched = JSON.parse((await cmt(['report', DEMO_PAIR_ATTESTED, '--config', thresholdsOnly, '--format', 'json', '--fail-on', 'none'])).stdout) as Report;
    expect(untouched.results).toEqual(kept.results);
  });

  it('refuses an attestation dated after the scan (a replay: when the snapshot was recorded), with file and line', async () => {
    const late = file('late.yaml', 'attestations:\n  - item: "2.10"\n    status: met\n    evidence: DR plan DRP-5.\n    by: Jane Doe, CISO\n    date: 2026-11-21\n');
    const r = await cmt(['report', DEMO_PAIR, '--config', late]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`cmt-audit: ${late}:6: attestations[0].date 2026-11-21 is after the scan (2026-11-20, when the snapshot was recorded)`);
    const scanned = await cmt(['scan', '--snapshot', 'fixtures/demo', '--checks', '2.10', '--config', late]);
    expect(scanned.code).toBe(EXIT.usage);
    expect(scanned.stderr.split('\n')[0]).toBe(r.stderr.split('\n')[0]);
  });
});

describe('report: schema versions', () => {
  it('reads a newer minor version with a one-line note, and refuses another major version', async () => {
    const later = file('later.json', JSON.stringify({ ...read(MFA_OFF), schemaVersion: '1.4', suppressions: [] }));
    const minor = await cmt(['report', later, '--fail-on', 'none']);
    expect(minor.code).toBe(EXIT.ok);
    expect(minor.stderr).toBe(`cmt-audit: note: ${later} has schema version 1.4, newer than this cmt-audit's ${REPORT_SCHEMA_VERSION}: fields it does not know are kept in JSON output but not shown\n`);
    const major = file('major.json', JSON.stringify({ ...read(MFA_OFF), schemaVersion: '2.0' }));
    const refused = await cmt(['report', major]);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr).toBe(`cmt-audit: ${major} has schema version 2.0: this cmt-audit reads version 1 reports (1.x)\nhint: read it with a cmt-audit that supports schema version 2\n`);
  });
});

describe('--config with --no-config', () => {
  it('is a usage error in scan and report', async () => {
    for (const args of [
      ['scan', '--snapshot', 'fixtures/demo', '--config', 'x.yaml', '--no-config'],
      ['report', MFA_OFF, '--no-config', '--config', 'x.yaml'],
    ]) {
      const r = await cmt(args);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr.split('\n')[0]).toBe('cmt-audit: --config and --no-config cannot be used together');
    }
  });
});
