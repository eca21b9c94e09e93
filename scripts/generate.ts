// Regenerates the committed files derived from code, so they never drift from it:
//   policy/cmt-audit-readonly.json  ← every check's meta.permissions + the scope's (src/policy.ts)
//   docs/checks.md                  ← src/checklist.ts + the check modules (src/checks-doc.ts)
//   docs/org/cmt-audit-role.yaml    ← the same policy, as the member-account role's inline policy (src/org-role-template.ts)
// Run: `npm run generate` (from the package root). test/policy.test.ts, test/checks-doc.test.ts and
// test/org-role-template.test.ts fail when a committed file differs from what this writes.
import { CHECKS_DOC_FILE, renderChecksDoc } from '../src/checks-doc.js';
import { ORG_ROLE_TEMPLATE_FILE, renderOrgRoleTemplate } from '../src/org-role-template.js';
import { writeFileAtomic } from '../src/output.js';
import { POLICY_FILE, buildPolicy, renderPolicy } from '../src/policy.js';

const policy = buildPolicy();
const files: [string, string][] = [
  [POLICY_FILE, renderPolicy(policy)],
  [CHECKS_DOC_FILE, renderChecksDoc()],
  [ORG_ROLE_TEMPLATE_FILE, renderOrgRoleTemplate(policy)],
];
for (const [file, text] of files) {
  writeFileAtomic(file, text);
  console.log(`wrote ${file}`);
}
