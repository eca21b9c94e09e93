// 1.21 is manual: every region ends `manual`. The groups show the evidence variants: Macie helping
// (met group, still manual), Macie off (notMet group, still manual), and evidence that could not be read.
import { expect } from 'vitest';
import check from '../../../src/checks/security/data-classified.js';
import { awsError, DENIED_EXCEPTION, testCheck } from '../../support/check-tester.js';

const R = 'us-east-1';
const MACIE_OFF = awsError('AccessDeniedException', 'Macie is not enabled.', 403);
const session = (status: string) => ({ [`macie2:GetMacieSession@${R}`]: { status, createdAt: '2025-03-01T00:00:00.000Z' } });
const discovery = (status: string) => ({ [`macie2:GetAutomatedDiscoveryConfiguration@${R}`]: { status } });
const jobs = (...list: [string, string][]) => ({
  [`macie2:ListClassificationJobs@${R}`]: { items: list.map(([name, jobStatus], i) => ({ jobId: `j${i}`, name, jobStatus, jobType: 'SCHEDULED' })) },
});
const ROOT = 'arn:aws:iam::123456789012:root';
const manual = { status: 'manual' as const, resources: [ROOT] };
const evidence = (key: string, want: unknown) => ({
  ...manual,
  check: (r: { findings: { evidence?: Record<string, unknown> }[] }) => expect(r.findings[0].evidence?.[key]).toEqual(want),
});

testCheck(check, {
  met: [
    {
      name: 'macieDiscoveringStillNeedsAttestation',
      responses: { ...session('ENABLED'), ...discovery('ENABLED'), ...jobs(['pii-weekly', 'RUNNING'], ['one-off', 'COMPLETE']) },
      expect: { ...evidence('classificationJobs', { count: 2, byStatus: { RUNNING: 1, COMPLETE: 1 }, names: ['pii-weekly (SCHEDULED, RUNNING)', 'one-off (SCHEDULED, COMPLETE)'] }), message: 'Amazon Macie is ENABLED in us-east-1 (automated discovery: ENABLED)' },
    },
  ],
  notMet: [
    { name: 'macieNotEnabledNeedsAttestation', responses: { [`macie2:GetMacieSession@${R}`]: MACIE_OFF }, expect: { ...evidence('macie', 'not enabled'), message: 'Amazon Macie is not enabled in us-east-1' } },
    {
      name: 'macieSessionWithoutStatus',
      responses: { [`macie2:GetMacieSession@${R}`]: { createdAt: '2025-03-01T00:00:00.000Z' }, [`macie2:GetAutomatedDiscoveryConfiguration@${R}`]: {}, ...jobs() },
      expect: { ...evidence('macie', 'unknown'), message: 'Amazon Macie is in an unknown state in us-east-1 (automated discovery: unknown)' },
    },
    { name: 'maciePausedWithoutJobs', responses: { ...session('PAUSED'), ...discovery('DISABLED'), ...jobs() }, expect: { ...manual, message: 'Amazon Macie is PAUSED' } },
  ],
  cannotTell: [
    {
      name: 'sessionDeniedEvidenceMissing',
      responses: { [`macie2:GetMacieSession@${R}`]: DENIED_EXCEPTION },
      expect: { ...evidence('missingPermission', 'macie2:GetMacieSession'), message: 'could not be gathered (missing permission macie2:GetMacieSession)' },
    },
    {
      name: 'discoveryConfigurationDenied',
      responses: { ...session('ENABLED'), [`macie2:GetAutomatedDiscoveryConfiguration@${R}`]: DENIED_EXCEPTION, ...jobs() },
      expect: { ...evidence('automatedDiscovery', { unreadable: 'missing permission macie2:GetAutomatedDiscoveryConfiguration', missingPermission: 'macie2:GetAutomatedDiscoveryConfiguration' }), message: 'automated discovery: unreadable' },
    },
    {
      name: 'classificationJobsDenied',
      responses: { ...session('ENABLED'), ...discovery('ENABLED'), [`macie2:ListClassificationJobs@${R}`]: DENIED_EXCEPTION },
      expect: evidence('classificationJobs', { unreadable: 'missing permission macie2:ListClassificationJobs', missingPermission: 'macie2:ListClassificationJobs' }),
    },
    {
      name: 'oneManualFindingPerRegion',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { [`macie2:GetMacieSession@${R}`]: MACIE_OFF, 'macie2:GetMacieSession@eu-west-1': MACIE_OFF },
      expect: { ...manual, resources: [ROOT, ROOT], check: (r) => expect(r.findings.map((f) => `${f.region} ${f.status}`)).toEqual(['us-east-1 manual', 'eu-west-1 manual']) },
    },
  ],
});
