// End to end: `cmt-audit report -` reads a report from a real pipe into the built binary, e.g.
//   cmt-audit scan --format json | cmt-audit report - --format markdown
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { cliSandbox, ensureBuilt, STACK } from '../support/cli-runner.js';

const sandbox = cliSandbox('cmt-audit-report-e2e-');
const SAVED = join(sandbox.tmp, 'mfa-off.json');

/** The built CLI with `input` on a pipe as its standard input (no AWS). */
const withStdin = (args: string[], input: string) => sandbox.run(args, {}, input);

beforeAll(async () => {
  ensureBuilt();
  const run = await sandbox.run(['scan', '--snapshot', 'fixtures/cli/root-mfa-off.json', '--checks', '1.2', '--format', 'json', '--output', SAVED]);
  if (run.code !== EXIT.gateFailed) throw new Error(`could not save the report: ${run.stderr}`);
}, 120_000);

describe('cmt-audit report - (standard input)', { timeout: 60_000 }, () => {
  it('renders the piped report and applies the gate', async () => {
    const run = await withStdin(['report', '-', '--format', 'markdown'], readFileSync(SAVED, 'utf8'));
    expect(run.code).toBe(EXIT.gateFailed);
    expect(run.stdout).toMatch(/^\| 1\.2 \| .* \| \*\*N\*\* \|/m);
    expect(run.stderr).toContain('gate failed: 1 item not met at or above critical severity (1.2)');
  });

  it('says in one line what is wrong with what was piped in', async () => {
    const run = await withStdin(['report', '-'], '{"schemaVersion": "1.0"');
    expect(run.code).toBe(EXIT.usage);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toMatch(/^cmt-audit: stdin is not JSON: /);
    expect(run.stderr).not.toMatch(STACK);
  });
});
