// Regenerates the committed files derived from code, so they never drift from it:
//   policy/cmt-audit-readonly.json  ← every check's meta.permissions + the scope's (src/policy.ts)
//   docs/checks.md                  ← src/checklist.ts + the check modules (src/checks-doc.ts)
// Run: `npm run generate` (from the package root). test/policy.test.ts and test/checks-doc.test.ts fail
// when a committed file differs from what this writes.
import { CHECKS_DOC_FILE, renderChecksDoc } from '../src/checks-doc.js';
import { writeFileAtomic } from '../src/output.js';
import { POLICY_FILE, renderPolicy } from '../src/policy.js';

const files: [string, string][] = [
  [POLICY_FILE, renderPolicy()],
  [CHECKS_DOC_FILE, renderChecksDoc()],
];
for (const [file, text] of files) {
  writeFileAtomic(file, text);
  console.log(`wrote ${file}`);
}
