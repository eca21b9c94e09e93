// End to end (the built binary): output that never destroys anything. --output, --record and
// `init --output` write into devices, FIFOs and /dev/stdout, follow symlinks, keep modes, create missing
// directories, refuse read-only files, and never overwrite what the run reads (exit 2, one line).
// Fixture snapshots are copied into the sandbox first, so even a regression cannot overwrite them.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import type { Report } from '../../src/model.js';
import { BIN, cliSandbox, ensureBuilt, ROOT, STACK, type Run } from '../support/cli-runner.js';

const sandbox = cliSandbox('cmt-audit-output-e2e-', () => ({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' }));
const { tmp } = sandbox;
const cli = (args: string[]) => sandbox.run(args);
const SLOW = { timeout: 60_000 };

const MFA_ON = join(tmp, 'root-mfa-on.json');
const SAVED = join(tmp, 'saved-report.json');

beforeAll(async () => {
  ensureBuilt();
  copyFileSync('fixtures/cli/root-mfa-on.json', MFA_ON);
  const run = await cli(['scan', '--snapshot', MFA_ON, '--checks', '1.2', '--format', 'json', '--output', SAVED]);
  if (run.code !== EXIT.ok) throw new Error(`could not save the report for the tests: ${run.stderr}`);
}, 180_000);

function expectOneLineError(run: Run, message: string | RegExp) {
  expect(run.code).toBe(EXIT.usage);
  expect(run.stdout).toBe('');
  const [first, ...rest] = run.stderr.trimEnd().split('\n');
  if (typeof message === 'string') expect(first).toBe(`cmt-audit: ${message}`);
  else expect(first).toMatch(message);
  expect(rest.every((l) => l.startsWith('hint: '))).toBe(true);
  expect(run.stderr).not.toMatch(STACK);
}

/** Run the CLI while `cat` reads the FIFO (the CLI's open blocks until a reader is there). */
async function withFifoReader(fifo: string, args: string[]): Promise<{ run: Run; read: string }> {
  let read = '';
  const cat = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
  cat.stdout.on('data', (d) => (read += d));
  const done = new Promise((resolve) => cat.on('close', resolve));
  const run = await cli(args);
  await done;
  return { run, read };
}

const mkfifo = (path: string) =>
  new Promise<string>((resolve, reject) => spawn('mkfifo', [path]).on('close', (code) => (code === 0 ? resolve(path) : reject(new Error('mkfifo failed')))));

describe('--output writes into what is there, never replaces it', SLOW, () => {
  it('creates missing directories: --output out/scan with several formats', async () => {
    const base = join(mkdtempSync(join(tmp, 'mkdir-')), 'out', 'nested', 'scan');
    const run = await cli(['scan', '--snapshot', MFA_ON, '--checks', '1.2', '--format', 'table,json', '--output', base]);
    expect(run.code).toBe(EXIT.ok);
    expect(readdirSync(join(base, '..')).sort()).toEqual(['scan.json', 'scan.txt']);
    expect((JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Report).summary.met).toBe(1);
  });

  it('/dev/stdout: the report goes to stdout, and /dev/stdout stays a link', async () => {
    const run = await cli(['report', SAVED, '--format', 'json', '--output', '/dev/stdout']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toBe(readFileSync(SAVED, 'utf8'));
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('/dev/null: nothing is written, and /dev/null stays the null device', async () => {
    const run = await cli(['report', SAVED, '--output', '/dev/null']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stderr).toContain('cmt-audit: wrote /dev/null');
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    const recorded = await cli(['scan', '--snapshot', MFA_ON, '--checks', '1.2', '--record', '/dev/null', '--output', '/dev/null', '--quiet']);
    expect(recorded.code).toBe(EXIT.ok);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a FIFO: the reader gets the report, the FIFO stays', async () => {
    const fifo = await mkfifo(join(mkdtempSync(join(tmp, 'fifo-')), 'report.pipe'));
    const { run, read } = await withFifoReader(fifo, ['report', SAVED, '--format', 'json', '--output', fifo]);
    expect(run.code).toBe(EXIT.ok);
    expect(read).toBe(readFileSync(SAVED, 'utf8'));
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a symlink: the link stays, its target gets the report and keeps its mode', async () => {
    const dir = mkdtempSync(join(tmp, 'link-'));
    writeFileSync(join(dir, 'real.json'), 'old');
    chmodSync(join(dir, 'real.json'), 0o640);
    symlinkSync('real.json', join(dir, 'latest.json'));
    const run = await cli(['report', SAVED, '--format', 'json', '--output', join(dir, 'latest.json')]);
    expect(run.code).toBe(EXIT.ok);
    expect(readlinkSync(join(dir, 'latest.json'))).toBe('real.json');
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe(readFileSync(SAVED, 'utf8'));
    expect(statSync(join(dir, 'real.json')).mode & 0o777).toBe(0o640);
  });

  it('a read-only file is refused before the scan, in one line, and left as it was', async () => {
    const file = join(mkdtempSync(join(tmp, 'ro-')), 'report.json');
    writeFileSync(file, 'keep');
    chmodSync(file, 0o444);
    expectOneLineError(await cli(['scan', '--snapshot', MFA_ON, '--format', 'json', '--output', file]), `cannot write ${file}: the file is read-only`);
    expectOneLineError(await cli(['scan', '--snapshot', MFA_ON, '--record', file]), `cannot write ${file}: the file is read-only`);
    expect(readFileSync(file, 'utf8')).toBe('keep');
  });
});

describe('an output is never a file the run reads, nor another output (exit 2)', SLOW, () => {
  it('not the snapshot, nor a *.json file of a snapshot directory', async () => {
    const dir = mkdtempSync(join(tmp, 'clobber-'));
    const snap = join(dir, 'snap.json');
    copyFileSync(MFA_ON, snap);
    const before = readFileSync(snap, 'utf8');
    expectOneLineError(await cli(['scan', '--snapshot', snap, '--format', 'json', '--output', snap]), `--output ${snap} is the snapshot this run reads (${snap})`);
    expectOneLineError(await cli(['scan', '--snapshot', snap, '--record', snap]), `--record ${snap} is the snapshot this run reads (${snap})`);
    symlinkSync('snap.json', join(dir, 'alias.json'));
    expectOneLineError(await cli(['scan', '--snapshot', join(dir, 'alias.json'), '--format', 'json', '--output', snap]), /^cmt-audit: --output .*snap\.json is the snapshot this run reads/);
    expect(readFileSync(snap, 'utf8')).toBe(before);
    const snapDir = join(dir, 'snapdir');
    cpSync('fixtures/demo', snapDir, { recursive: true });
    expectOneLineError(
      await cli(['scan', '--snapshot', snapDir, '--record', join(snapDir, 'again.json')]),
      `--record ${join(snapDir, 'again.json')} is inside the snapshot directory this run reads (${snapDir}), which replays every *.json file in it and in its account subdirectories`,
    );
  });

  it("not a file of an estate directory's account, nor a new account subdirectory: the next replay still works", async () => {
    const dir = mkdtempSync(join(tmp, 'clobber-org-'));
    const org = join(dir, 'org');
    cpSync('fixtures/demo-org', org, { recursive: true });
    symlinkSync('org', join(dir, 'org-link'));
    const files = () => readdirSync(org, { recursive: true }).map(String).sort();
    const before = files();
    const inside = `is inside the snapshot directory this run reads (${org}), which replays every *.json file in it and in its account subdirectories`;
    const scan = (...args: string[]) => cli(['scan', '--snapshot', org, '--fail-on', 'none', ...args]);
    expectOneLineError(await scan('--format', 'json', '--output', join(org, 'workload-a', 'x.json')), `--output ${join(org, 'workload-a', 'x.json')} ${inside}`);
    expectOneLineError(await scan('--output-dir', join(org, 'management'), '--format', 'all'), `--output-dir ${join(org, 'management', 'cmt-audit.json')} ${inside}`);
    expectOneLineError(await scan('--record', join(org, 'security', 'new.json')), `--record ${join(org, 'security', 'new.json')} ${inside}`);
    expectOneLineError(await scan('--record', join(dir, 'org-link', 'log-archive', 'new.json')), `--record ${join(dir, 'org-link', 'log-archive', 'new.json')} ${inside}`);
    expectOneLineError(await scan('--output', join(org, 'out.json')), `--output ${join(org, 'out.json')} ${inside}`);
    expectOneLineError(
      await scan('--output-dir', join(org, 'reports')),
      `--output-dir ${join(org, 'reports', 'cmt-audit.txt')} would add a subdirectory to the snapshot directory this run reads (${org}), and a replay reads each of its subdirectories as one account's snapshot`,
    );
    expect(files()).toEqual(before);
    const replay = await scan('--format', 'json', '--output', join(org, 'management', 'scan.txt'));
    expect(replay.code).toBe(EXIT.ok);
    expect((JSON.parse(readFileSync(join(org, 'management', 'scan.txt'), 'utf8')) as Report).scan.accounts).toHaveLength(5);
  });

  it('not the config file, not the report being read, and not one file twice', async () => {
    const dir = mkdtempSync(join(tmp, 'clobber-'));
    const config = join(dir, 'cmt-audit.config.yaml');
    writeFileSync(config, 'failOn: none\n');
    expectOneLineError(await cli(['scan', '--snapshot', MFA_ON, '--config', config, '--output', config]), `--output ${config} is the config file this run reads (${config})`);
    expect(readFileSync(config, 'utf8')).toBe('failOn: none\n');
    const report = join(dir, 'report.json');
    copyFileSync(SAVED, report);
    expectOneLineError(await cli(['report', report, '--format', 'json', '--output', report]), `--output ${report} is the report this run reads (${report})`);
    expect(readFileSync(report, 'utf8')).toBe(readFileSync(SAVED, 'utf8'));
    const out = join(dir, 'out.json');
    expectOneLineError(await cli(['scan', '--snapshot', MFA_ON, '--format', 'json', '--output', out, '--record', out]), `--output ${out} and --record ${out} are the same file`);
    expectOneLineError(await cli(['report', report, '--format', 'table,json', '--output', `${out},${dir}/./out.json`]), /^cmt-audit: --output .*out\.json and --output .*out\.json are the same file$/);
  });
});

describe('init --output', SLOW, () => {
  it('writes into a FIFO or /dev/null without --force, creates directories, and still protects a regular file', async () => {
    const dir = mkdtempSync(join(tmp, 'init-'));
    const fifo = await mkfifo(join(dir, 'config.pipe'));
    const { run, read } = await withFifoReader(fifo, ['init', '--output', fifo]);
    expect(run.code).toBe(EXIT.ok);
    expect(read).toMatch(/^# cmt-audit configuration/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect((await cli(['init', '--output', '/dev/null'])).code).toBe(EXIT.ok);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    const nested = join(dir, 'new', 'cmt-audit.config.yaml');
    expect((await cli(['init', '--output', nested])).code).toBe(EXIT.ok);
    expect(readFileSync(nested, 'utf8')).toMatch(/^# cmt-audit configuration/);
    symlinkSync(nested, join(dir, 'link.yaml'));
    expectOneLineError(await cli(['init', '--output', join(dir, 'link.yaml')]), `${join(dir, 'link.yaml')} already exists`);
  });
});

describe('--config with --no-config', SLOW, () => {
  it('is a usage error, in either order, for scan and report', async () => {
    const message = '--config and --no-config cannot be used together';
    expectOneLineError(await cli(['scan', '--snapshot', MFA_ON, '--config', 'fixtures/demo/cmt-audit.config.yaml', '--no-config']), message);
    expectOneLineError(await cli(['report', SAVED, '--no-config', '--config=fixtures/demo/cmt-audit.config.yaml']), message);
  });
});

describe('a reader that stops early (| head)', SLOW, () => {
  it('changes no exit code: the failed gate is still 3, with no stack trace', async () => {
    // The demo's JSON (well over a pipe buffer) into `head -c 10`: the pipe closes while it is written.
    const script = `node ${JSON.stringify(BIN)} scan --snapshot fixtures/demo --no-config --format json | head -c 10 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['-c', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('error', reject);
      child.on('close', () => resolve({ stdout: out, stderr: err }));
    });
    expect(stdout.trim()).toBe(`exit=${EXIT.gateFailed}`);
    expect(stderr).not.toMatch(STACK);
    expect(stderr).not.toContain('EPIPE');
  });
});
