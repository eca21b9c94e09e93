// The registry: every check, in checklist order. Explicit imports, no globbing, no side effects.
// A registry test holds it true: ids unique, sorted, each a checklist item, each with a test file.
import type { Check } from './define-check.js';
import rootAccountMfa from './security/root-account-mfa.js';

export const CHECKS: readonly Check[] = [
  rootAccountMfa, // 1.2
];
