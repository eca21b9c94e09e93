// Running the BUILT binary (`node bin/cmt-audit.js`) as a user would, for the end-to-end tests, in a
// sandbox that nothing of the developer's setup leaks into: a temporary HOME, empty AWS config and
// credentials files, IMDS disabled, no AWS_* / colour / CI / TERM / proxy variables from the parent.
//
//   const sandbox = cliSandbox('cmt-audit-e2e-', () => ({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }));
//   const run = await sandbox.run(['scan', '--snapshot', 'fixtures/demo'], { FORCE_COLOR: '1' });
import { execFileSync, spawn, type ChildProcessWithoutNullStreams, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'cmt-audit.js');
/** A line of a stack trace: the CLI never prints one. */
export const STACK = /^\s+at .+:\d+:\d+\)?$/m;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Variables to set for a run; `undefined` removes the variable. */
export type EnvOverrides = Record<string, string | undefined>;

export interface CliSandbox {
  /** The sandbox's temporary directory (HOME and the empty AWS files live in it). */
  tmp: string;
  /** Runs the built CLI from the repository root: the clean environment, the sandbox's defaults, then `extra`. */
  run(args: string[], extra?: EnvOverrides, input?: string): Promise<Run>;
  /** Deletes the temporary directory. */
  remove(): void;
}

const INHERITED_NOT = /^(AWS_|FORCE_COLOR|NO_COLOR|CI$|TERM$)/;
const PROXY = /^(https?|all|no)_proxy$/i;

/** `defaults` is read at each run (so it may name an endpoint only known once a server listens). */
export function cliSandbox(prefix: string, defaults: () => EnvOverrides = () => ({})): CliSandbox {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const home = join(tmp, 'home');
  mkdirSync(home);
  const emptyConfig = join(tmp, 'aws-config');
  const emptyCredentials = join(tmp, 'aws-credentials');
  writeFileSync(emptyConfig, '');
  writeFileSync(emptyCredentials, '');

  const env = (extra: EnvOverrides = {}): NodeJS.ProcessEnv => {
    const out: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (!INHERITED_NOT.test(k) && !PROXY.test(k)) out[k] = v;
    }
    const overrides = {
      HOME: home,
      AWS_CONFIG_FILE: emptyConfig,
      AWS_SHARED_CREDENTIALS_FILE: emptyCredentials,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...defaults(),
      ...extra,
    };
    for (const [k, v] of Object.entries(overrides)) {
      if (v === undefined) delete out[k];
      else out[k] = v;
    }
    return out;
  };

  /** `input`, when given, is piped to the CLI's standard input. */
  const run = (args: string[], extra: EnvOverrides = {}, input?: string): Promise<Run> =>
    {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: env(extra), stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdin.end(input ?? ''); // no input: an empty pipe, read as end of file at once
      return collected(child);
    };

  return { tmp, run, remove: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** Build dist/ unless it is newer than every source file (inside `npm test` it was just built). */
export function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)),
    );
  let built = 0;
  try {
    built = statSync(join(ROOT, 'dist', 'cli.js')).mtimeMs;
  } catch {
    // not built yet
  }
  if (built > newest(join(ROOT, 'src'))) return;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
}

/** A child process's exit code and everything it wrote to stdout and stderr. */
export function collected(child: ChildProcessWithoutNullStreams | ChildProcessByStdio<Writable | null, Readable, Readable>): Promise<Run> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
