// --output-dir (scan, report, merge, demo) and the demo command, end to end on the built binary; the
// naming rules (src/output-dir.ts) as units.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import type { Report } from '../../src/model.js';
import { fileNameOf, outputDirTargets, parseOutputDir, timestampOf, wroteLine } from '../../src/output-dir.js';
import { FORMAT_EXTENSIONS, FORMATS, render } from '../../src/reporters/index.js';
import { BIN, cliSandbox, collected, ensureBuilt, ROOT, STACK, type Run } from '../support/cli-runner.js';
import { userError } from '../support/user-error.js';

const sandbox = cliSandbox('cmt-audit-outdir-', () => ({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' }));
const { tmp } = sandbox;
const cli = (args: string[]) => sandbox.run(args);
const SAVED = join(tmp, 'saved.json');
const SLOW = 60_000;

/** The built CLI run from another working directory (the sandbox always runs from the repository root). */
function cliIn(cwd: string, args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: tmp, AWS_CONFIG_FILE: join(tmp, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'none'), AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
  for (const k of Object.keys(env)) if (/^(AWS_PROFILE|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|FORCE_COLOR|NO_COLOR)$/.test(k)) delete env[k];
  return collected(spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

function expectUsageError(run: Run, message: string) {
  expect(run.code).toBe(EXIT.usage);
  expect(run.stdout).toBe('');
  expect(run.stderr.split('\n')[0]).toBe(`cmt-audit: ${message}`);
  expect(run.stderr).not.toMatch(STACK);
}

const wrote = (run: Run) => run.stderr.split('\n').filter((l) => l.startsWith('cmt-audit: wrote '));

beforeAll(async () => {
  ensureBuilt();
  const run = await cli(['scan', '--snapshot', 'fixtures/demo', '--format', 'json', '--output', SAVED]);
  if (run.code !== EXIT.gateFailed) throw new Error(`could not save the report: ${run.stderr}`);
}, 180_000);

describe('names (src/output-dir.ts)', () => {
  it('every format of FORMATS gets cmt-audit.<its extension>', () => {
    for (const f of FORMATS) expect(fileNameOf(f)).toBe(`cmt-audit.${FORMAT_EXTENSIONS[f]}`);
    expect(fileNameOf('json', '20261203T101500Z')).toBe('cmt-audit-20261203T101500Z.json');
  });

  it('two formats with one extension: the first in FORMATS keeps the plain name, the next is cmt-audit.<format>.<ext>', () => {
    const ext = { table: 'txt', json: 'json', ocsf: 'json', csv: 'csv' };
    const order = ['table', 'json', 'ocsf', 'csv'];
    const name = (f: string, stamp?: string) => fileNameOf(f as never, stamp, ext, order);
    expect(order.map((f) => name(f))).toEqual(['cmt-audit.txt', 'cmt-audit.json', 'cmt-audit.ocsf.json', 'cmt-audit.csv']);
    expect(name('ocsf', '20261203T101500Z')).toBe('cmt-audit-20261203T101500Z.ocsf.json');
  });

  it('the timestamp is UTC, to the second, ISO 8601 basic', () => {
    expect(timestampOf('2026-12-03T10:15:00.987Z')).toBe('20261203T101500Z');
    expect(timestampOf('2026-12-03T11:15:07+01:00')).toBe('20261203T101507Z');
    expect(userError(() => timestampOf('yesterday')).message).toContain('is not a date');
  });

  it('--format all is every format of FORMATS, in that order; duplicates are written once', () => {
    expect(parseOutputDir({ format: 'all', outputDir: join(tmp, 'x') })!.formats).toEqual(FORMATS);
    expect(parseOutputDir({ format: 'json, JSON,table', outputDir: join(tmp, 'x') })!.formats).toEqual(['json', 'table']);
    const plan = parseOutputDir({ format: 'markdown,json', outputDir: 'out', timestamp: true })!;
    expect(outputDirTargets(plan, '2026-12-03T10:15:00.000Z')).toEqual([
      { format: 'markdown', path: 'out/cmt-audit-20261203T101500Z.md' },
      { format: 'json', path: 'out/cmt-audit-20261203T101500Z.json' },
    ]);
    expect(wroteLine(outputDirTargets(plan, '2026-12-03T10:15:00.000Z'))).toBe('wrote out/cmt-audit-20261203T101500Z.md, out/cmt-audit-20261203T101500Z.json');
  });

  it('refuses what cannot be meant', () => {
    expect(parseOutputDir({ format: 'table' })).toBeUndefined();
    expect(userError(() => parseOutputDir({ format: 'all,json', outputDir: 'out' })).message).toBe('--format all already means every format: drop json');
    expect(userError(() => parseOutputDir({ format: 'json,yaml', outputDir: 'out' })).message).toBe('unknown --format yaml');
    expect(userError(() => parseOutputDir({ format: 'json', outputDir: ' ' })).message).toBe('--output-dir needs a directory');
  });
});

describe('scan --output-dir', () => {
  it('--format all writes every format under its standard name, one stderr line lists them, nothing on stdout', async () => {
    const dir = join(tmp, 'all', 'nested'); // created, parents too
    const run = await cli(['scan', '--snapshot', 'fixtures/demo', '--format', 'all', '--output-dir', dir]);
    expect(run.code).toBe(EXIT.gateFailed);
    expect(run.stdout).toBe('');
    const paths = FORMATS.map((f) => join(dir, fileNameOf(f)));
    expect(wrote(run)).toEqual([`cmt-audit: wrote ${paths.join(', ')}`]);
    expect(readdirSync(dir).sort()).toEqual(FORMATS.map((f) => fileNameOf(f)).sort());
    // each file is that format's rendering of the one report (the JSON file is the report)
    const report = JSON.parse(readFileSync(join(dir, 'cmt-audit.json'), 'utf8')) as Report;
    for (const f of FORMATS) expect(readFileSync(join(dir, fileNameOf(f)), 'utf8'), f).toBe(render(f, report));
    expect(run.stderr).toContain('cmt-audit: 40 items: 3 met, 25 not met, 12 manual, 0 not applicable, 0 errors');
    expect(run.stderr).toContain('cmt-audit: gate failed: 5 items not met at or above critical severity');
  }, SLOW);

  it('--timestamp: every file of the run carries the scan\'s startedAt (UTC); a second run adds files, replaces none', async () => {
    const dir = join(tmp, 'stamped');
    const first = await cli(['scan', '--snapshot', 'fixtures/demo', '--format', 'json,markdown', '--output-dir', dir, '--timestamp', '--fail-on', 'none', '--checks', '1.2']);
    expect(first.code).toBe(EXIT.ok);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    const json = files.find((f) => f.endsWith('.json'))!;
    const report = JSON.parse(readFileSync(join(dir, json), 'utf8')) as Report;
    const stamp = timestampOf(report.scan.startedAt);
    expect(files).toEqual([`cmt-audit-${stamp}.json`, `cmt-audit-${stamp}.md`]);
    expect(wrote(first)).toEqual([`cmt-audit: wrote ${join(dir, `cmt-audit-${stamp}.json`)}, ${join(dir, `cmt-audit-${stamp}.md`)}`]);
    await new Promise((r) => setTimeout(r, 1100));
    await cli(['scan', '--snapshot', 'fixtures/demo', '--format', 'json', '--output-dir', dir, '--timestamp', '--fail-on', 'none', '--checks', '1.2', '--quiet']);
    expect(readdirSync(dir)).toHaveLength(3);
  }, SLOW);

  it('without --timestamp the files of the last run replace the previous ones (atomically, like --output)', async () => {
    const dir = join(tmp, 'replace');
    mkdirSync(dir);
    writeFileSync(join(dir, 'cmt-audit.json'), 'old');
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const run = await cli(['scan', '--snapshot', 'fixtures/demo', '--format', 'json', '--output-dir', dir, '--checks', '1.2', '--fail-on', 'none', '-q']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stderr).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'cmt-audit.json'), 'utf8')).results.map((r: { id: string }) => r.id)).toEqual(['1.2']);
    expect(readdirSync(dir).sort()).toEqual(['cmt-audit.json', 'keep.txt']);
  }, SLOW);

  it('a file where the directory should be: one line, exit 2, before the scan, nothing written', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    expectUsageError(await cli(['scan', '--snapshot', 'fixtures/demo', '--output-dir', file]), `--output-dir ${file} is a file, not a directory`);
    expectUsageError(await cli(['scan', '--snapshot', 'fixtures/demo', '--output-dir', join(file, 'sub')]), `--output-dir ${join(file, 'sub')}: a parent of it is a file, not a directory`);
    expect(readFileSync(file, 'utf8')).toBe('x');
  }, SLOW);

  it('--output with --output-dir, --timestamp or --format all without it: exit 2', async () => {
    expectUsageError(await cli(['scan', '--snapshot', 'fixtures/demo', '--output', 'x.txt', '--output-dir', join(tmp, 'o')]), '--output and --output-dir both say where the report goes: give one');
    expectUsageError(await cli(['scan', '--snapshot', 'fixtures/demo', '--timestamp']), '--timestamp names the files --output-dir writes: it needs --output-dir');
    expectUsageError(await cli(['report', SAVED, '--format', 'all']), '--format all writes every format, each to its own file: it needs --output-dir');
    expect(existsSync(join(tmp, 'o'))).toBe(false);
  }, SLOW);

  it('never writes into the snapshot directory it replays', async () => {
    const snap = join(tmp, 'snap');
    mkdirSync(snap);
    writeFileSync(join(snap, 'a.json'), readFileSync(join(ROOT, 'fixtures/cli/root-mfa-on.json')));
    const run = await cli(['scan', '--snapshot', snap, '--format', 'json', '--output-dir', snap]);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain(`cmt-audit: --output-dir ${join(snap, 'cmt-audit.json')} is inside the snapshot directory this run reads`);
    expect(readdirSync(snap)).toEqual(['a.json']);
  }, SLOW);
});

describe('report and merge --output-dir', () => {
  it('report --timestamp stamps the files with the saved report\'s scan, not with the time it is re-rendered', async () => {
    const dir = join(tmp, 'rerendered');
    const saved = JSON.parse(readFileSync(SAVED, 'utf8')) as Report;
    const run = await cli(['report', SAVED, '--format', 'markdown,html', '--output-dir', dir, '--timestamp', '--fail-on', 'none']);
    expect(run.code).toBe(EXIT.ok);
    const stamp = timestampOf(saved.scan.startedAt);
    expect(readdirSync(dir).sort()).toEqual([`cmt-audit-${stamp}.html`, `cmt-audit-${stamp}.md`]);
    expect(readFileSync(join(dir, `cmt-audit-${stamp}.md`), 'utf8')).toBe(render('markdown', saved));
  }, SLOW);

  it('report refuses to write over the report it reads', async () => {
    const dir = join(tmp, 'same');
    mkdirSync(dir);
    writeFileSync(join(dir, 'cmt-audit.json'), readFileSync(SAVED));
    const run = await cli(['report', join(dir, 'cmt-audit.json'), '--format', 'json', '--output-dir', dir]);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('is the report this run reads');
  }, SLOW);

  it('merge writes the merged report in every requested format', async () => {
    const dir = join(tmp, 'merged');
    const shards = [1, 2].map((k) => join(tmp, `shard-${k}.json`));
    for (const [i, shard] of shards.entries()) {
      const r = await cli(['scan', '--snapshot', 'fixtures/demo-org', '--no-config', '--shard', `${i + 1}/2`, '--format', 'json', '--output', shard, '--fail-on', 'none', '--allow-errors', '-q']);
      expect(r.code, r.stderr).toBe(EXIT.ok);
    }
    const run = await cli(['merge', ...shards, '--format', 'json,table', '--output-dir', dir, '--fail-on', 'none', '--allow-errors']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(wrote(run)).toEqual([`cmt-audit: wrote ${join(dir, 'cmt-audit.json')}, ${join(dir, 'cmt-audit.txt')}`]);
    expect((JSON.parse(readFileSync(join(dir, 'cmt-audit.json'), 'utf8')) as Report).scan.accounts).toHaveLength(5);
  }, SLOW);
});

describe('cmt-audit demo / scan --demo', () => {
  it('replays the bundled demo account from any working directory, ignoring the config file found there', async () => {
    const cwd = join(tmp, 'somewhere');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'cmt-audit.config.yaml'), 'failOn: none\n');
    for (const args of [['demo'], ['scan', '--demo']]) {
      const run = await cliIn(cwd, args);
      expect(run.code, args.join(' ')).toBe(EXIT.gateFailed);
      expect(run.stdout).toContain(`snapshot ${join(ROOT, 'fixtures', 'demo')} (replayed, no AWS calls)`);
      expect(run.stdout).toContain('40 items: 3 met, 25 not met, 12 manual, 0 not applicable, 0 errors');
      expect(run.stderr).toBe('cmt-audit: gate failed: 5 items not met at or above critical severity (1.1, 1.4, 1.10, 1.12, 1.18)\n');
    }
  }, SLOW);

  it('takes the scan\'s output flags, and --config (the bundled demo config: its attestations apply)', async () => {
    const dir = join(tmp, 'demo-out');
    const run = await cli(['demo', '--config', 'fixtures/demo/cmt-audit.config.yaml', '--format', 'json,markdown', '--output-dir', dir, '--fail-on', 'none']);
    expect(run.code).toBe(EXIT.ok);
    const report = JSON.parse(readFileSync(join(dir, 'cmt-audit.json'), 'utf8')) as Report;
    expect(report.scan.configFile).toBe('fixtures/demo/cmt-audit.config.yaml');
    expect(report.results.find((r) => r.id === '1.8')!.status).toBe('met'); // attested in the demo config
  }, SLOW);

  it('takes the reporters\' flags as scan does: --sarif-include-all, --severity, --status', async () => {
    const dir = join(tmp, 'demo-flags');
    const run = await cli(['demo', '--format', 'sarif,table', '--sarif-include-all', '--severity', 'critical', '--status', 'not-met', '--output-dir', dir, '--fail-on', 'none']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const sarif = JSON.parse(readFileSync(join(dir, 'cmt-audit.sarif'), 'utf8')) as { runs: { results: { kind: string }[] }[] };
    expect(new Set(sarif.runs[0].results.map((r) => r.kind))).toEqual(new Set(['fail', 'pass', 'review']));
    expect(readFileSync(join(dir, 'cmt-audit.txt'), 'utf8')).toContain('showing 5 of 40 items (severity critical; status not-met)');
    // Without a SARIF output the flag would do nothing: refused, as --severity without a table is.
    const refused = await cli(['demo', '--format', 'json', '--sarif-include-all']);
    expect([refused.code, refused.stderr]).toEqual([EXIT.usage, 'cmt-audit: --sarif-include-all shapes the SARIF output, and no SARIF is written\nhint: add sarif to --format (the JSON always holds every finding)\n']);
  }, SLOW);

  it('demo --org replays the five-account demo organization; --accounts picks among them', async () => {
    const run = await cli(['demo', '--org', '--format', 'json', '--fail-on', 'none', '--allow-errors']);
    expect(run.code).toBe(EXIT.ok);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.scan.accounts).toHaveLength(5);
    expect(report.scan.snapshot).toBe(join(ROOT, 'fixtures', 'demo-org'));
    const some = await cli(['scan', '--demo', '--org', '--accounts', report.scan.accounts!.slice(0, 2).map((a) => a.id).join(','), '--format', 'json', '--fail-on', 'none', '--allow-errors']);
    expect((JSON.parse(some.stdout) as Report).scan.accounts).toHaveLength(2);
  }, SLOW);

  it('--demo with a snapshot, a profile, a role or --record: exit 2', async () => {
    expectUsageError(await cli(['scan', '--demo', '--snapshot', 'fixtures/demo']), '--demo replays the bundled demo snapshot: --snapshot cannot go with it');
    expectUsageError(await cli(['scan', '--demo', '--profile', 'prod']), '--demo replays the bundled demo snapshot: --profile cannot go with it');
    expectUsageError(await cli(['scan', '--demo', '--record', join(tmp, 'r.json')]), '--demo replays the bundled demo snapshot: --record cannot go with it');
    expectUsageError(await cli(['demo', '--profile', 'prod']), "unknown option '--profile'");
  }, SLOW);
});
