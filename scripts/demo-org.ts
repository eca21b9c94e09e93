// Generates fixtures/demo-org: the demo estate, a snapshot of the five ACTIVE accounts of the fictional AWS
// Organization o-demo12345 (one subdirectory per account, each a v1 snapshot directory whose *.json files
// merge into that account's responses). Run from the package root:
//   npm run demo-org          (compiles this script, then writes every file under fixtures/demo-org)
// The accounts are built in scripts/demo-org/: platform.ts (management, log-archive, security), prod.ts
// (workload-a, derived from the single-account demo fixtures/demo), staging.ts (workload-b), on the
// organization baseline of baseline.ts. Output is deterministic (pretty-printed, keys in the order they are
// built), so regenerating without a change to the scripts changes no file; test/fixtures/demo-org.test.ts
// fails when a committed file differs from what this writes.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { withoutUnaskedScalingPolicies } from './demo-org/baseline.js';
import { Recording } from './demo-org/kit.js';
import { ACCOUNTS, logArchive, management, security } from './demo-org/platform.js';
import { prod } from './demo-org/prod.js';
import { staging } from './demo-org/staging.js';

export const DEMO_ORG_DIR = 'fixtures/demo-org';

/** Every account's snapshot files: path relative to fixtures/demo-org → file text. `demoDir`: fixtures/demo. */
export function buildDemoOrg(demoDir = 'fixtures/demo'): Map<string, string> {
  const recordings = [
    build(ACCOUNTS.management, management),
    build(ACCOUNTS.logArchive, logArchive),
    build(ACCOUNTS.security, security),
    build(ACCOUNTS.prod, (rec) => prod(rec, demoDir)),
    build(ACCOUNTS.staging, staging),
  ];
  const files = new Map<string, string>();
  for (const rec of recordings) {
    for (const [name, snapshot] of rec.files()) files.set(`${rec.account.dir}/${name}`, `${JSON.stringify(snapshot, null, 2)}\n`);
  }
  return files;
}

function build(account: Recording['account'], fill: (rec: Recording) => void): Recording {
  const rec = new Recording(account);
  fill(rec);
  withoutUnaskedScalingPolicies(rec);
  return rec;
}

/** Writes the estate under `root`, replacing the accounts' *.json files (other files, README and config, stay). */
export function writeDemoOrg(root = DEMO_ORG_DIR, demoDir = 'fixtures/demo'): string[] {
  const files = buildDemoOrg(demoDir);
  for (const dir of new Set([...files.keys()].map((f) => dirname(f)))) {
    mkdirSync(join(root, dir), { recursive: true });
    for (const old of readdirSync(join(root, dir)).filter((f) => f.endsWith('.json'))) rmSync(join(root, dir, old));
  }
  for (const [file, text] of files) writeFileSync(join(root, file), text);
  return [...files.keys()];
}

if (process.argv[1] && /demo-org\.(js|ts)$/.test(process.argv[1])) {
  const written = writeDemoOrg();
  console.log(`wrote ${written.length} files under ${DEMO_ORG_DIR}`);
}
