// A finding's identity across scans: the same account, item, region and resource are the same finding,
// whatever its message says today. SARIF's partialFingerprints, `diff`, `scan --baseline` and suppressions
// all key findings this way, so "new", "fixed" and "still failing" mean the same thing everywhere.
import { createHash } from 'node:crypto';
import type { Finding } from './model.js';

/** The readable identity: `account|item|region|resource` (empty parts when the finding has none). */
export function findingKey(item: string, finding: Pick<Finding, 'account' | 'region' | 'resource'>): string {
  return [finding.account ?? '', item, finding.region ?? '', finding.resource].join('|');
}

/** A stable hash of findingKey (hex, 32 characters): what SARIF's partialFingerprints carries. */
export function fingerprint(item: string, finding: Pick<Finding, 'account' | 'region' | 'resource'>): string {
  return createHash('sha256').update(findingKey(item, finding)).digest('hex').slice(0, 32);
}
