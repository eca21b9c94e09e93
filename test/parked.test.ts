// parked.ts: a finished account's run is kept as bytes until the report is built, and comes back as it went.
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { isParked, park, unpark } from '../src/parked.js';
import { scan } from '../src/scan.js';
import { defineCheck, met } from '../src/checks/define-check.js';
import { DEFAULT_THRESHOLDS } from '../src/config/thresholds.js';

describe('park / unpark', () => {
  it('gives back what went in: nested findings, dates, undefined, sparse lists', () => {
    const run = {
      account: { id: '111111111111', partition: 'aws', status: 'scanned', facts: { trails: [{ arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/t', multiRegion: true }] } },
      results: [
        {
          id: '1.4',
          status: 'not-met',
          findings: [{ resource: 'arn:aws:iam::111111111111:user/<b>alice</b>', status: 'not-met', evidence: { lastUsed: new Date('2026-11-01T00:00:00Z'), keys: 2, note: undefined } }],
        },
      ],
      regions: ['eu-west-1', 'us-east-1'],
      regionsNotEnabled: [],
      scopeErrors: [],
    };
    const parked = park(run);
    expect(isParked(parked)).toBe(true);
    expect(parked.parked.byteLength).toBeGreaterThan(50);
    // Compressed: a thousand findings that repeat their shape take far less room than their serialized bytes.
    const many = { results: Array.from({ length: 1000 }, (_, i) => ({ resource: `arn:aws:iam::111111111111:user/u${i}`, status: 'not-met', message: 'has an access key older than 90 days' })) };
    expect(park(many).parked.byteLength).toBeLessThan(serialize(many).byteLength / 4);
    expect(unpark(park(many))).toEqual(many);
    const back = unpark(parked);
    expect(back).toEqual(run);
    expect(back.results[0]!.findings[0]!.evidence.lastUsed).toBeInstanceOf(Date);
    expect('note' in back.results[0]!.findings[0]!.evidence).toBe(true);
  });

  it('tells a parked run from an outcome that is not one', () => {
    expect(isParked({ unreached: { kind: 'credentials', message: 'x' } })).toBe(false);
    expect(isParked({ parked: 'not bytes' })).toBe(false);
    expect(isParked(null)).toBe(false);
    expect(isParked(undefined)).toBe(false);
  });
});

// Found by review: checks a caller gives (ScanOptions.checks) may put values in evidence that structured clone
// does not give back (a URL becomes {}, a function cannot be cloned): their runs are not parked.
describe('a scan with checks of its own', () => {
  const base = { snapshot: 'fixtures/demo', deploymentModel: 'multi-tenant-saas' as const, concurrency: 8, thresholds: DEFAULT_THRESHOLDS, only: ['1.2'] };
  const checkWith = (evidence: Record<string, unknown>) =>
    defineCheck({ meta: { id: '1.2', kind: 'automated', scope: 'account', permissions: ['iam:GetAccountSummary'] }, run: async () => [met('arn:aws:iam::111122223333:root', 'ok', evidence)] } as never);

  it('keeps evidence with a toJSON value (a URL) as the check made it', async () => {
    const { report } = await scan({ ...base, checks: [checkWith({ url: new URL('https://example.com/x') })] });
    const finding = report.results.find((r) => r.id === '1.2')!.findings[0]!;
    expect(finding.resource).toBe('arn:aws:iam::111122223333:root');
    expect(JSON.parse(JSON.stringify(finding.evidence))).toEqual({ url: 'https://example.com/x' });
  });

  it('finishes when evidence holds a function', async () => {
    const { report } = await scan({ ...base, checks: [checkWith({ f: () => 1 })] });
    expect(report.results.find((r) => r.id === '1.2')!.status).toBe('met');
  });
});
