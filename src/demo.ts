// `cmt-audit demo` and `scan --demo`: replay the demo snapshots that ship in the package (fixtures/demo, the
// account acme-prod; fixtures/demo-org with --org, an organization of five accounts). They are found from
// this module's own location — src/demo.ts in the repository, dist/demo.js in an installed package, both
// one level below the package root — never from the working directory, so `npx cmt-audit demo` works
// anywhere.
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT, UserError } from './errors.js';

export const DEMO_DIRS = { account: 'fixtures/demo', org: 'fixtures/demo-org' } as const;

/** The absolute path of the bundled demo snapshot directory. */
export function demoSnapshot(org: boolean, base: URL = new URL('../', import.meta.url)): string {
  const relative = org ? DEMO_DIRS.org : DEMO_DIRS.account;
  const path = fileURLToPath(new URL(`${relative}/`, base)).replace(/[\\/]$/, '');
  let ok = false;
  try {
    ok = statSync(path).isDirectory();
  } catch {
    // missing: said below
  }
  if (!ok) {
    throw new UserError(
      `the demo snapshot ${relative} is not part of this installation (looked in ${path})`,
      EXIT.usage,
      'reinstall cmt-audit; from a checkout of the repository, run it there (node bin/cmt-audit.js demo)',
    );
  }
  return path;
}

/** What --demo replaces: a demo scan reads no AWS and no other snapshot. */
export interface DemoFlags {
  snapshot?: string;
  profile?: string;
  roleArn?: string;
  externalId?: string;
  roleName?: string;
  ous?: string;
  excludeOus?: string;
  record?: string;
  shard?: string;
}

/** Flags that make no sense with the demo: one usage error naming the first. */
export function assertDemoFlags(flags: DemoFlags): void {
  const conflicts: [keyof DemoFlags, string][] = [
    ['snapshot', '--snapshot'],
    ['profile', '--profile'],
    ['roleArn', '--role-arn'],
    ['externalId', '--external-id'],
    ['roleName', '--role-name'],
    ['ous', '--ous'],
    ['excludeOus', '--exclude-ous'],
    ['record', '--record'],
    ['shard', '--shard'],
  ];
  const given = conflicts.find(([key]) => flags[key] !== undefined);
  if (given) {
    throw new UserError(`--demo replays the bundled demo snapshot: ${given[1]} cannot go with it`, EXIT.usage, 'drop --demo to scan your own account or snapshot');
  }
}
