// SDK client packages are loaded lazily (src/aws/service.ts): a service names its package with
// `load: () => sdkPackage<typeof import(P)>(P)` (a require()) and its client, commands and paginators by export name, and the
// fetcher imports the package on the first live call to that service. So importing the declarations, or
// replaying a snapshot, loads no @aws-sdk/client-* package (each costs tens of milliseconds at startup).
//
// Which packages a process loads is observed from outside, on the BUILT code: node runs with a preload
// (`--import`) that registers a resolve hook (every ESM resolution) and, at exit, lists require.cache (CJS
// loads, which ESM hooks do not see on Node 20). Both report `sdk-load <package>` lines on stderr.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../src/aws/service.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { ROOT, cliSandbox, ensureBuilt } from '../support/cli-runner.js';

const CLIENT_PACKAGE = /@aws-sdk\/client-[a-z0-9-]+/;

const HOOKS = `
import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const found = ${CLIENT_PACKAGE}.exec(result.url);
  if (found) writeSync(2, 'sdk-load ' + found[0] + '\\n');
  return result;
}
`;
const PRELOAD = `
import { createRequire, register } from 'node:module';
register('./hooks.mjs', import.meta.url);
const require = createRequire(import.meta.url);
process.on('exit', () => {
  for (const file of Object.keys(require.cache)) {
    const found = ${CLIENT_PACKAGE}.exec(file.replaceAll('\\\\', '/'));
    if (found) process.stderr.write('sdk-load ' + found[0] + '\\n');
  }
});
`;

let dir: string;
let preload: string;
const sandbox = cliSandbox('cmt-audit-lazy-sdk-');

/** The @aws-sdk/client-* packages named on a run's stderr. */
const loaded = (stderr: string) => [...new Set([...stderr.matchAll(/^sdk-load (\S+)$/gm)].map((m) => m[1]))].sort();

/** Runs an ESM snippet under the preload, from the repository root. */
function runModule(code: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', preload, '--input-type=module', '-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return { status: run.status, stderr: run.stderr };
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'cmt-audit-sdk-hooks-'));
  writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
  writeFileSync(join(dir, 'preload.mjs'), PRELOAD);
  preload = pathToFileURL(join(dir, 'preload.mjs')).href;
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  sandbox.remove();
});

describe('SDK client packages load only for live calls', () => {
  it('the probe sees a client package that is loaded (ESM import and CJS require)', () => {
    const esm = runModule(`await import('@aws-sdk/client-sts');`);
    expect(esm.status, esm.stderr).toBe(0);
    expect(loaded(esm.stderr)).toContain('@aws-sdk/client-sts');
    const cjs = runModule(`import { createRequire } from 'node:module'; createRequire(process.cwd() + '/x.js')('@aws-sdk/client-sts');`);
    expect(cjs.status, cjs.stderr).toBe(0);
    expect(loaded(cjs.stderr)).toContain('@aws-sdk/client-sts');
  });

  it('importing every service declaration (dist/aws/services/index.js) loads none', () => {
    const run = runModule(`const { SERVICES } = await import('./dist/aws/services/index.js'); if (SERVICES.length < 40) process.exit(3);`);
    expect(run.status, run.stderr).toBe(0);
    expect(loaded(run.stderr)).toEqual([]);
  });

  it('a --snapshot replay of the demo scan loads none', async () => {
    const run = await sandbox.run(['scan', '--snapshot', 'fixtures/demo', '--quiet', '--fail-on', 'none'], {
      NODE_OPTIONS: `--import ${preload}`,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(loaded(run.stderr)).toEqual([]);
  });
});

describe('every declared SDK name exists in its loaded module', () => {
  const each = SERVICES.map((service) => [service.name, service] as [string, ServiceSpec]);
  it.each(each)('%s', async (_name, service) => {
    const sdk: Record<string, unknown> = await service.load();
    const missing: string[] = [];
    if (typeof sdk[service.client] !== 'function') missing.push(service.client);
    for (const [operation, op] of Object.entries(service.operations)) {
      if (typeof sdk[op.command] !== 'function') missing.push(`${operation}: ${op.command}`);
      if (typeof op.paginator === 'string' && typeof sdk[op.paginator] !== 'function') missing.push(`${operation}: ${op.paginator}`);
      if (typeof op.paginator === 'function' && typeof op.paginator(sdk) !== 'function') missing.push(`${operation}: paginator factory`);
    }
    expect(missing).toEqual([]);
  });
});
