// Attestations: what people state about items the API cannot decide. Rules:
// - An attestation fills in a `manual` item (met or not met, as attested). It never overrides what the
//   API decided (`met`, `not-met`), and it does not paper over an `error` (fix the scan instead).
// - It counts until `expires`, and never longer than the item's freshness window: items that say
//   "within the last 12 months" expire 12 months after the attested date by themselves.
// - One attestation per item (the config loader refuses two); should several arrive, the most recent date wins.
import { checklistItem } from '../checklist.js';
import { EXIT, UserError } from '../errors.js';
import type { AppliedAttestation, CheckResult } from '../model.js';
import type { Attestation } from './config-file.js';

export function applyAttestations(results: CheckResult[], attestations: readonly Attestation[], now: Date): CheckResult[] {
  const latest = new Map<string, Attestation>();
  for (const a of attestations) {
    const seen = latest.get(a.item);
    if (!seen || a.date > seen.date) latest.set(a.item, a);
  }
  return results.map((result) => {
    const a = latest.get(result.id);
    if (!a || result.status === 'not-applicable') return result;
    const expires = effectiveExpiry(a, checklistItem(result.id)?.freshnessMonths);
    const base: Omit<AppliedAttestation, 'state'> = { status: a.status, evidence: a.evidence, links: a.links, by: a.by, date: a.date, expires };
    if (result.status !== 'manual') {
      const note =
        result.status === 'error'
          ? 'not used: the automated part of this item could not run; fix the scan error first'
          : `not used: the API decided this item (${result.status})`;
      return { ...result, attestation: { ...base, state: 'not-used', note } };
    }
    if (expires && isoDay(now) > expires) {
      return { ...result, attestation: { ...base, state: 'expired', note: `expired on ${expires}: attest again with fresh evidence` } };
    }
    const automatedEvidence = result.automated && result.findings.some((f) => f.status === 'met');
    return {
      ...result,
      status: a.status,
      decidedBy: automatedEvidence ? 'api+attestation' : 'attestation',
      attestation: { ...base, state: 'applied' },
    };
  });
}

/** Where an attestation came from, for messages about it after loading (its date against the scan's time). */
const ORIGIN = new WeakMap<Attestation, AttestationOrigin>();

export interface AttestationOrigin {
  path: string;
  /** Its index in the file's `attestations`. */
  index: number;
  /** The line of its `date`. */
  dateLine: number;
}

/** The config loader notes where each attestation came from, for messages about it later. */
export function recordOrigin(a: Attestation, origin: AttestationOrigin): void {
  ORIGIN.set(a, origin);
}

/**
 * An attestation dates the evidence it points to; evidence dated after the scan's instant (a live scan's
 * start, or when a replayed snapshot was recorded) cannot be about what the scan saw.
 */
export function assertAttestationDates(attestations: readonly Attestation[], instant: Date, when?: string): void {
  const day = instant.toISOString().slice(0, 10);
  for (const [i, a] of attestations.entries()) {
    if (a.date <= day) continue;
    const origin = ORIGIN.get(a);
    const where = origin ? `${origin.path}:${origin.dateLine}: ` : '';
    throw new UserError(
      `${where}attestations[${origin?.index ?? i}].date ${a.date} is after the scan (${day}${when ? `, ${when}` : ''})`,
      EXIT.usage,
      'an attestation dates evidence that existed when the account was scanned; correct the date',
    );
  }
}

/**
 * Each result as the API left it, before any attestation: what `cmt-audit report --config` starts from
 * to apply the config's attestations with the same rules as a scan. An applied attestation only ever
 * decided a `manual` item, so that is what the item goes back to.
 */
export function withoutAttestations(results: readonly CheckResult[]): CheckResult[] {
  return results.map((result) => {
    if (!result.attestation) return result;
    const { attestation, ...rest } = result;
    return attestation.state === 'applied' ? { ...rest, status: 'manual', decidedBy: 'undecided' } : rest;
  });
}

/** The earlier of the config's `expires` and date + the item's freshness window (YYYY-MM-DD). */
export function effectiveExpiry(a: Pick<Attestation, 'date' | 'expires'>, freshnessMonths?: number): string | undefined {
  const byFreshness = freshnessMonths ? addMonths(a.date, freshnessMonths) : undefined;
  if (a.expires && byFreshness) return a.expires < byFreshness ? a.expires : byFreshness;
  return a.expires ?? byFreshness;
}

function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return isoDay(d);
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** An absolute http(s) URL with a host, and nothing a renderer could trip on (spaces, control characters). */
export function isHttpUrl(link: string): boolean {
  if (/[\s\p{Cc}]/u.test(link)) return false;
  try {
    const url = new URL(link);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && /^https?:\/\//i.test(link);
  } catch {
    return false;
  }
}
