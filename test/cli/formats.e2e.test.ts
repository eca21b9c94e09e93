// End to end (the built binary): `scan --format junit,ocsf,csv,json --output BASE` writes each format under its
// standard name, and `cmt-audit report` re-renders each from the saved JSON report byte for byte.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { cliSandbox, ensureBuilt, STACK } from '../support/cli-runner.js';

const sandbox = cliSandbox('cmt-audit-formats-e2e-', () => ({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' }));
const base = join(sandbox.tmp, 'out', 'scan');

describe('junit, ocsf and csv from the CLI', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('scan writes every format under its name; report re-renders each the same', async () => {
    const run = await sandbox.run(['scan', '--snapshot', 'fixtures/demo', '--format', 'json,junit,ocsf,csv', '--output', `${base}.json`, '--fail-on', 'none']);
    expect(run.stderr).not.toMatch(STACK);
    expect(run.code).toBe(EXIT.ok);
    const written = { junit: `${base}.xml`, ocsf: `${base}.ocsf.json`, csv: `${base}.csv` };
    for (const path of Object.values(written)) expect(run.stderr).toContain(`wrote ${path}`);
    expect(readFileSync(written.junit, 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect((JSON.parse(readFileSync(written.ocsf, 'utf8')) as { class_uid: number }[]).every((e) => e.class_uid === 2003)).toBe(true);
    expect(readFileSync(written.csv, 'utf8').split('\r\n')[0]).toBe('Account,Account name,Region,Item,Item title,Pillar,Severity,Item status,Finding status,Resource,Message,Missing permission,Remediation,Docs,Suppressed');
    for (const [format, path] of Object.entries(written)) {
      const again = await sandbox.run(['report', `${base}.json`, '--format', format, '--fail-on', 'none']);
      expect(again.code).toBe(EXIT.ok);
      expect(again.stdout).toBe(readFileSync(path, 'utf8'));
    }
  }, 120_000);
});
