import { describe, expect, it } from 'vitest';
import { applyAttestations, effectiveExpiry, withoutAttestations } from '../../src/config/attestations.js';
import type { Attestation } from '../../src/config/config-file.js';
import type { CheckResult, Finding, Status } from '../../src/model.js';

const NOW = new Date('2026-11-20T12:00:00Z');

const result = (id: string, status: Status, findings: Finding[] = [], automated = true): CheckResult => ({
  id,
  title: `item ${id}`,
  pillar: 'security',
  severity: 'medium',
  kind: automated ? 'partial' : 'manual',
  status,
  automated,
  findings,
  durationMs: 0,
  decidedBy: status === 'met' || status === 'not-met' ? 'api' : 'undecided',
});
const attest = (item: string, over: Partial<Attestation> = {}): Attestation => ({
  item,
  status: 'met',
  evidence: 'Game day held; report GD-7',
  by: 'Jane Doe, CISO',
  date: '2026-09-14',
  ...over,
});
const metFinding: Finding = { status: 'met', resource: 'arn:aws:guardduty:us-east-1:1:detector/x', message: 'GuardDuty on' };

describe('applyAttestations', () => {
  it('fills in a manual item and says it was attested', () => {
    const [r] = applyAttestations([result('2.10', 'manual', [], false)], [attest('2.10')], NOW);
    expect(r.status).toBe('met');
    expect(r.decidedBy).toBe('attestation');
    expect(r.attestation).toMatchObject({ state: 'applied', by: 'Jane Doe, CISO', evidence: 'Game day held; report GD-7' });
  });

  it('marks items with automated evidence as decided by both', () => {
    const [r] = applyAttestations([result('1.20', 'manual', [metFinding])], [attest('1.20')], NOW);
    expect(r.decidedBy).toBe('api+attestation');
  });

  it('can attest an item not met', () => {
    const [r] = applyAttestations([result('2.12', 'manual', [], false)], [attest('2.12', { status: 'not-met' })], NOW);
    expect(r.status).toBe('not-met');
  });

  it('never overrides what the API decided, and does not hide errors', () => {
    const [notMet, error, met] = applyAttestations(
      [result('1.4', 'not-met'), result('1.9', 'error'), result('1.2', 'met')],
      [attest('1.4'), attest('1.9'), attest('1.2', { status: 'not-met' })],
      NOW,
    );
    expect(notMet.status).toBe('not-met');
    expect(notMet.attestation?.state).toBe('not-used');
    expect(error.status).toBe('error');
    expect(error.attestation?.note).toMatch(/could not run/);
    expect(met.status).toBe('met');
  });

  it('expires items that must be fresh within 12 months by themselves', () => {
    const [r] = applyAttestations([result('1.25', 'manual', [], false)], [attest('1.25', { date: '2025-10-01' })], NOW);
    expect(r.status).toBe('manual');
    expect(r.attestation).toMatchObject({ state: 'expired', expires: '2026-10-01' });
  });

  it('honours an explicit expiry, whichever is earlier', () => {
    expect(effectiveExpiry(attest('1.25', { expires: '2026-12-31' }), 12)).toBe('2026-12-31');
    expect(effectiveExpiry(attest('1.25', { expires: '2028-01-01' }), 12)).toBe('2027-09-14');
    expect(effectiveExpiry(attest('2.10'), undefined)).toBeUndefined();
    const [r] = applyAttestations([result('2.10', 'manual', [], false)], [attest('2.10', { expires: '2026-11-01' })], NOW);
    expect(r.attestation?.state).toBe('expired');
  });

  it('uses the most recent attestation when there are several, and leaves not-applicable items alone', () => {
    const [r, na] = applyAttestations(
      [result('2.9', 'manual', [], false), result('2.11', 'not-applicable', [], false)],
      [attest('2.9', { date: '2026-01-01', status: 'not-met' }), attest('2.9', { date: '2026-08-01' }), attest('2.11')],
      NOW,
    );
    expect(r.status).toBe('met');
    expect(r.attestation?.date).toBe('2026-08-01');
    expect(na.status).toBe('not-applicable');
    expect(na.attestation).toBeUndefined();
  });

  it('can be taken back off: each item returns to what the API decided, then takes new attestations by the same rules', () => {
    const attested = applyAttestations(
      [result('2.10', 'manual', [], false), result('1.20', 'manual', [metFinding]), result('1.4', 'not-met'), result('1.25', 'manual', [], false), result('1.2', 'met')],
      [attest('2.10'), attest('1.20', { status: 'not-met' }), attest('1.4'), attest('1.25', { date: '2025-01-01' })],
      NOW,
    );
    expect(attested.map((r) => [r.status, r.decidedBy, r.attestation?.state])).toEqual([
      ['met', 'attestation', 'applied'],
      ['not-met', 'api+attestation', 'applied'],
      ['not-met', 'api', 'not-used'],
      ['manual', 'undecided', 'expired'],
      ['met', 'api', undefined],
    ]);
    const bare = withoutAttestations(attested);
    expect(bare.map((r) => [r.status, r.decidedBy, 'attestation' in r])).toEqual([
      ['manual', 'undecided', false],
      ['manual', 'undecided', false],
      ['not-met', 'api', false],
      ['manual', 'undecided', false],
      ['met', 'api', false],
    ]);
    const again = applyAttestations(bare, [attest('1.25', { status: 'not-met' }), attest('1.4')], NOW);
    expect(again.map((r) => [r.id, r.status, r.attestation?.state])).toEqual([
      ['2.10', 'manual', undefined],
      ['1.20', 'manual', undefined],
      ['1.4', 'not-met', 'not-used'],
      ['1.25', 'not-met', 'applied'],
      ['1.2', 'met', undefined],
    ]);
  });
});
