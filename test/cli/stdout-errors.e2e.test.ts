// Standard output that cannot be written (a full disk: /dev/full answers ENOSPC) is one line and exit 2, as an
// unwritable --output is; never Node's stack trace. (A closed pipe, EPIPE, is not an error: output.e2e.)
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, ROOT, STACK } from '../support/cli-runner.js';

describe.skipIf(!existsSync('/dev/full'))('standard output on a full disk', { timeout: 60_000 }, () => {
  beforeAll(() => ensureBuilt(), 180_000);
  for (const args of [['scan', '--snapshot', 'fixtures/demo', '--no-config'], ['checks']]) {
    it(`cmt-audit ${args[0]} > /dev/full: one line, exit 2`, () => {
      const full = openSync('/dev/full', 'w');
      try {
        const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        expect(run.stderr).not.toMatch(STACK);
        expect(run.stderr).toContain('cmt-audit: cannot write to standard output: ENOSPC\n');
        expect(run.status).toBe(2);
      } finally {
        closeSync(full);
      }
    });
  }
});
