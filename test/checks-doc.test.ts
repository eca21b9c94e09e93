import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKLIST } from '../src/checklist.js';
import { CHECKS } from '../src/checks/index.js';
import { CHECKS_DOC_FILE, catalog, renderChecksDoc } from '../src/checks-doc.js';

describe('docs/checks.md', () => {
  it(`${CHECKS_DOC_FILE} is up to date (run \`npm run generate\` when this fails)`, () => {
    expect(readFileSync(CHECKS_DOC_FILE, 'utf8')).toBe(renderChecksDoc());
  });

  it('has a section for every checklist item, with its permissions', () => {
    const doc = renderChecksDoc();
    for (const item of CHECKLIST) expect(doc).toContain(`### ${item.id} ${item.title}`);
    for (const check of CHECKS) for (const p of check.meta.permissions) expect(doc).toContain(`\`${p}\``);
  });
});

describe('the catalogue', () => {
  it('lists all 40 items; items without a check module are manual and need no permission', () => {
    const entries = catalog();
    expect(entries.map((e) => e.id)).toEqual(CHECKLIST.map((i) => i.id));
    expect(entries).toHaveLength(40);
    const withModule = new Set(CHECKS.map((c) => c.meta.id));
    for (const e of entries.filter((x) => !withModule.has(x.id))) {
      expect(e).toMatchObject({ kind: 'manual', automated: false, permissions: [] });
    }
    for (const check of CHECKS) {
      expect(entries.find((e) => e.id === check.meta.id)).toMatchObject({
        kind: check.meta.kind,
        automated: true,
        scope: check.meta.scope,
        permissions: [...check.meta.permissions].sort(),
      });
    }
  });
});
