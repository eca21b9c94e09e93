// The check registry (src/checks/index.ts) stays honest: ids unique, in checklist order, each a
// checklist item; each check lives in the folder of its pillar and has its test file at
// test/checks/<pillar folder>/<module file name>.test.ts. Module file names come from the registry's
// own import paths, and each import is matched to its CHECKS entry by identity.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checklistItem, compareIds } from '../src/checklist.js';
import { CHECKS } from '../src/checks/index.js';
import type { Pillar } from '../src/model.js';

const PILLAR_FOLDERS: Record<Pillar, string> = {
  security: 'security',
  reliability: 'reliability',
  'operational-excellence': 'operations',
};

const source = readFileSync('src/checks/index.ts', 'utf8');
/** identifier → './security/root-account-mfa.js' */
const imports = new Map(
  [...source.matchAll(/^import\s+([A-Za-z_$][\w$]*)\s+from\s+'(\.\/[^']+)';$/gm)].map((m) => [m[1], m[2]] as const),
);
const arrayBody = /CHECKS:\s*readonly Check\[\]\s*=\s*\[([\s\S]*?)\];/.exec(source)?.[1] ?? '';
/** The identifiers in the CHECKS array, in order. */
const entries = arrayBody
  .split('\n')
  .map((line) => line.replace(/\/\/.*$/, '').trim().replace(/,$/, ''))
  .filter(Boolean);

const modules = entries.map((name, index) => {
  const path = imports.get(name) ?? '';
  const [, folder = '', file = ''] = /^\.\/([^/]+)\/([^/]+)\.js$/.exec(path) ?? [];
  return { name, index, path, folder, file, check: CHECKS[index] };
});

describe('the check registry', () => {
  it('lists every check once, by a name it imports', () => {
    expect(entries.length).toBeGreaterThan(0);
    expect(entries).toHaveLength(CHECKS.length);
    for (const m of modules) expect(m.path, `${m.name} is not imported from a ./<pillar>/<name>.js path`).toMatch(/^\.\/[^/]+\/[^/]+\.js$/);
  });

  it('has unique ids, in checklist order (1.2 < 1.10 < 2.1)', () => {
    const ids = CHECKS.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort(compareIds)).toEqual(ids);
  });

  it('uses only checklist ids', () => {
    expect(CHECKS.map((c) => c.meta.id).filter((id) => !checklistItem(id))).toEqual([]);
  });

  it.each(modules.map((m) => [`${m.check?.meta.id} ${m.path}`, m] as const))('%s: the import is the CHECKS entry, in its pillar folder', async (_label, m) => {
    const url = new URL(`../src/checks/${m.folder}/${m.file}.ts`, import.meta.url).href;
    const loaded = (await import(/* @vite-ignore */ url)) as { default: unknown };
    expect(loaded.default).toBe(m.check);
    expect(m.folder).toBe(PILLAR_FOLDERS[checklistItem(m.check.meta.id)!.pillar]);
  });

  it.each(modules.map((m) => [`${m.check?.meta.id} test/checks/${m.folder}/${m.file}.test.ts`, m] as const))('%s exists', (_label, m) => {
    expect(existsSync(`test/checks/${m.folder}/${m.file}.test.ts`)).toBe(true);
  });
});
