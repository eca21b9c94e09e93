// The package as npm ships it: `npm pack` → a tarball holding only what runs (package.json `files`), which
// installs in an empty directory and runs there, from any working directory:
//   - `npx cmt-audit demo` replays the demo snapshot that ships inside the package;
//   - `npx ./cmt-audit-<v>.tgz scan --snapshot <demo>` runs straight from the tarball (npx installs it).
// The install needs the npm registry (the package's dependencies; the npm cache is usually warm, so
// --prefer-offline). When an install fails, `npm ping` decides: registry unreachable → the tests are
// skipped saying so; registry reachable → the failure is real and the tests fail.
//
// `npm pack --ignore-scripts`: the tarball is made from the dist/ this run built (ensureBuilt; `npm test`
// builds first). Letting `prepack` run would delete and rebuild dist/ under the other end-to-end tests
// running at the same time; what prepack does is checked below on its own.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { VERSION } from '../src/version.js';
import { collected, ensureBuilt, ROOT, STACK } from './support/cli-runner.js';

interface Done {
  code: number | null;
  stdout: string;
  stderr: string;
}

const tmp = mkdtempSync(join(tmpdir(), 'cmt-audit-pack-'));
const app = join(tmp, 'app');
const elsewhere = join(tmp, 'elsewhere', 'deeper');
const TARBALL = `cmt-audit-${VERSION}.tgz`;

/** The parent's environment without npm's lifecycle variables (they describe the repository's package) or AWS settings. */
function env(): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // npm exec / npm run pass their own call, prefix and answers down as npm_config_*: not for these commands
    if (!/^(npm_package_|npm_lifecycle_|npm_config_(audit|fund|ignore_scripts|call|yes|prefix|local_prefix|global)$|AWS_|FORCE_COLOR$|NO_COLOR$)/i.test(k)) out[k] = v;
  }
  return { ...out, AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_CONFIG_FILE: join(tmp, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'none'), NO_UPDATE_NOTIFIER: '1' };
}

function run(command: string, args: string[], cwd: string, timeoutMs = 240_000): Promise<Done> {
  const child = spawn(command, args, { cwd, env: env(), stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
  return collected(child);
}

let packed: { files: string[] } | undefined;
let installed: Done | undefined;
/** Set when the registry cannot be reached: every test that needs the install is skipped with this reason. */
let unreachable: string | undefined;

beforeAll(async () => {
  ensureBuilt();
  const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT);
  if (pack.code !== 0) throw new Error(`npm pack failed (exit ${pack.code}): ${pack.stderr}`);
  packed = { files: (JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort() };

  mkdirSync(app);
  mkdirSync(elsewhere, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'cmt-audit-pack-test', private: true }));
  installed = await run('npm', ['install', join(tmp, TARBALL), '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], app);
  if (installed.code !== 0) {
    const ping = await run('npm', ['ping'], app, 30_000);
    if (ping.code !== 0) unreachable = `the npm registry is unreachable (npm ping: ${(ping.stderr.trim().split('\n').find((l) => /ERR/.test(l)) ?? `exit ${ping.code}`).slice(0, 200)})`;
    else throw new Error(`npm install of the tarball failed though the registry answers (exit ${installed.code}):\n${installed.stderr}`);
  }
}, 400_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }), 120_000);

describe('npm pack: the tarball holds what runs, and nothing else', () => {
  it('has the CLI, its entry point, the demo snapshots and the report schema', () => {
    const files = packed!.files;
    for (const f of ['package.json', 'README.md', 'bin/cmt-audit.js', 'dist/cli.js', 'dist/demo.js', 'dist/output-dir.js', 'schema/report.schema.json', 'fixtures/demo/iam.json', 'fixtures/demo/cmt-audit.config.yaml', 'fixtures/demo-org/management/organizations.json', 'policy/cmt-audit-readonly.json', 'docs/organizations.md', 'docs/org/cmt-audit-role.yaml']) {
      expect(files, f).toContain(f);
    }
    // every module of the build, and the check modules behind the registry
    expect(files.filter((f) => /^dist\/checks\/.+\.js$/.test(f)).length).toBeGreaterThan(30);
  });

  it('has no tests, sources, scripts, other fixtures, source maps or tool configs', () => {
    const stray = packed!.files.filter((f) => /^(test|src|scripts|\.ci|\.tmp|coverage|node_modules|docs\/examples)\//.test(f) || /^fixtures\/(?!demo\/|demo-org\/)/.test(f) || f.endsWith('.map') || /^(tsconfig|vitest|eslint|stryker)[^/]*$/.test(f) || f === 'package-lock.json');
    expect(stray).toEqual([]);
    // only these top-level entries
    expect([...new Set(packed!.files.map((f) => f.split('/')[0]))].sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'docs', 'fixtures', 'package.json', 'policy', 'schema']);
  });

  it('prepack builds from scratch (no stale module of an older build in dist/), so `npm pack` / `npm publish` ship a fresh dist', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.prepack).toBe(`node -e "require('node:fs').rmSync('dist', { recursive: true, force: true })" && npm run build`);
    // `npm ci` (CI) runs prepare, never prepack: no build inside the install
    expect(pkg.scripts.prepare).toBeUndefined();
  });
});

describe('installed from the tarball in an empty directory', () => {
  const needsInstall = (name: string, fn: () => Promise<void>) =>
    it(name, async (ctx) => {
      if (unreachable) return ctx.skip(unreachable);
      await fn();
    }, 300_000);

  const expectDemoTable = (r: Done) => {
    expect(r.stderr).not.toMatch(STACK);
    expect(r.code).toBe(EXIT.gateFailed);
    expect(r.stdout).toContain(`cmt-audit ${VERSION} · AWS Cloud Management Tools Competency checklist`);
    expect(r.stdout).toMatch(/^ {2}Account +210987654321 \(arn:aws:iam::210987654321:user\/audit-bot\)$/m);
    expect(r.stdout).toMatch(/^ {2}1\.1 +NOT MET +critical +AWS account root user is not used for routine activities$/m);
    expect(r.stdout).toContain('40 items: 3 met, 25 not met, 12 manual, 0 not applicable, 0 errors');
    expect(r.stderr).toContain('cmt-audit: gate failed: 5 items not met at or above critical severity (1.1, 1.4, 1.10, 1.12, 1.18)');
  };

  needsInstall('`npx cmt-audit demo` replays the bundled demo account: the table, and exit 3 (the demo fails the gate)', async () => {
    const r = await run('npx', ['--no-install', 'cmt-audit', 'demo'], app);
    expectDemoTable(r);
    expect(r.stdout).toContain(`snapshot ${join(app, 'node_modules', 'cmt-audit', 'fixtures', 'demo')} (replayed, no AWS calls)`);
  });

  needsInstall('the installed binary works from any working directory: demo --org, --output-dir with every format', async () => {
    const bin = join(app, 'node_modules', '.bin', 'cmt-audit');
    const r = await run(bin, ['demo', '--org', '--format', 'all', '--output-dir', 'out', '--timestamp', '--fail-on', 'none'], elsewhere);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.code).toBe(EXIT.ok);
    const line = r.stderr.split('\n').find((l) => l.startsWith('cmt-audit: wrote '))!;
    const written = line.replace('cmt-audit: wrote ', '').split(', ');
    expect(written.length).toBeGreaterThanOrEqual(4);
    for (const path of written) expect(path).toMatch(/^out\/cmt-audit-\d{8}T\d{6}Z\.[a-z.]+$/);
    const json = written.find((p) => /Z\.json$/.test(p))!;
    const report = JSON.parse(readFileSync(join(elsewhere, json), 'utf8'));
    expect(report.scan.accounts).toHaveLength(5);
    // `report` validates the file against the schema the package ships (schema/report.schema.json)
    const rerendered = await run(bin, ['report', json, '--format', 'markdown', '--fail-on', 'none'], elsewhere);
    expect(rerendered.stderr).not.toMatch(STACK);
    expect(rerendered.code).toBe(EXIT.ok);
    expect(rerendered.stdout).toBe(readFileSync(join(elsewhere, json.replace(/\.json$/, '.md')), 'utf8'));
  });

  needsInstall('`npx ./cmt-audit-<v>.tgz scan --snapshot <demo>` runs straight from the tarball', async () => {
    const demo = join(app, 'node_modules', 'cmt-audit', 'fixtures', 'demo');
    const r = await run('npx', ['--yes', '--prefer-offline', `./${TARBALL}`, 'scan', '--snapshot', demo], tmp);
    expectDemoTable(r);
  });
});
