import { describe, expect, it } from 'vitest';
import { CHECKLIST } from '../../src/checklist.js';
import { EXIT } from '../../src/errors.js';
import type { CheckResult, Report, Severity, Status } from '../../src/model.js';
import {
  atOrAbove,
  evaluateGate,
  parseCheckIds,
  parseConcurrency,
  parseFormats,
  parseGate,
  parseOutputs,
  parseRegions,
  parseScanFlags,
} from '../../src/options.js';
import { userError } from '../support/user-error.js';

describe('parseScanFlags', () => {
  it('applies the documented defaults', () => {
    const parsed = parseScanFlags({});
    expect(parsed.scan).toMatchObject({ deploymentModel: 'multi-tenant-saas', concurrency: 8, record: false });
    expect(parsed.scan.only).toBeUndefined();
    expect(parsed.outputs).toEqual([{ format: 'table' }]);
    expect(parsed.gate).toEqual({ failOn: 'critical', allowErrors: false });
  });

  it('passes validated values through', () => {
    const parsed = parseScanFlags({
      profile: 'prod',
      region: 'eu-west-1',
      regions: 'us-east-1, eu-west-1',
      deploymentModel: 'customer-deployed-on-aws',
      checks: '1.10,1.2',
      format: 'json',
      output: 'out.json',
      record: 'rec.json',
      concurrency: '4',
      failOn: 'HIGH',
      allowErrors: true,
    });
    expect(parsed.scan).toMatchObject({
      profile: 'prod',
      region: 'eu-west-1',
      regions: ['eu-west-1', 'us-east-1'],
      deploymentModel: 'customer-deployed-on-aws',
      only: ['1.2', '1.10'],
      concurrency: 4,
      record: true,
    });
    expect(parsed.outputs).toEqual([{ format: 'json', path: 'out.json' }]);
    expect(parsed.record).toBe('rec.json');
    expect(parsed.gate).toEqual({ failOn: 'high', allowErrors: true });
  });

  it('takes settings from the config file, flags winning over it', () => {
    const loaded = {
      path: 'cmt-audit.config.yaml',
      config: {
        deploymentModel: 'single-tenant-saas' as const,
        regions: ['eu-west-1'],
        failOn: 'high' as const,
        thresholds: { accessKeyMaxAgeDays: 30, passwordPolicy: { minimumLength: 16 } },
        attestations: [{ item: '1.25', status: 'met' as const, evidence: 'game day', by: 'Jane, CISO', date: '2026-09-14' }],
      },
    };
    const fromConfig = parseScanFlags({}, loaded);
    expect(fromConfig.scan).toMatchObject({ deploymentModel: 'single-tenant-saas', regions: ['eu-west-1'], configFile: 'cmt-audit.config.yaml' });
    expect(fromConfig.scan.thresholds.accessKeyMaxAgeDays).toBe(30);
    expect(fromConfig.scan.thresholds.passwordPolicy).toMatchObject({ minimumLength: 16, requireSymbols: true, maxAgeDays: 90 });
    expect(fromConfig.scan.thresholds.unusedCredentialDays).toBe(90);
    expect(fromConfig.scan.attestations).toHaveLength(1);
    expect(fromConfig.gate.failOn).toBe('high');
    const flagsWin = parseScanFlags({ deploymentModel: 'customer-deployed-on-aws', regions: 'us-east-1', failOn: 'none' }, loaded);
    expect(flagsWin.scan).toMatchObject({ deploymentModel: 'customer-deployed-on-aws', regions: ['us-east-1'] });
    expect(flagsWin.gate.failOn).toBe('none');
  });

  it('rejects a selection that leaves nothing to run', () => {
    expect(userError(() => parseScanFlags({ checks: '1.2', skipChecks: '1.2' })).message).toMatch(/leave no checklist item/);
  });

  it('rejects an unknown deployment model, naming the valid ones', () => {
    const err = userError(() => parseScanFlags({ deploymentModel: 'saas' }));
    expect(err.exitCode).toBe(EXIT.usage);
    expect(err.hint).toContain('single-tenant-saas');
  });
});

describe('parseCheckIds', () => {
  it('sorts in checklist order and drops duplicates', () => {
    expect(parseCheckIds('2.1,1.10,1.2,1.2', '--checks')).toEqual(['1.2', '1.10', '2.1']);
  });

  it('names unknown ids and lists every valid one', () => {
    const err = userError(() => parseCheckIds('1.2,1.6,9.9', '--checks'));
    expect(err.exitCode).toBe(EXIT.usage);
    expect(err.message).toBe('unknown check ids in --checks: 1.6, 9.9');
    for (const item of CHECKLIST) expect(err.hint).toContain(item.id);
  });

  it('rejects an empty list', () => {
    expect(userError(() => parseCheckIds(' , ', '--skip-checks')).message).toMatch(/needs at least one/);
  });
});

describe('value flags', () => {
  it.each(['0', '-1', '1.5', 'four', ''])('rejects --concurrency %j', (value) => {
    expect(userError(() => parseConcurrency(value)).message).toMatch(/positive integer/);
  });

  it('rejects malformed region names', () => {
    expect(userError(() => parseRegions('us-east-1,US_EAST')).message).toMatch(/invalid region "US_EAST"/);
  });

  it('rejects an unknown --fail-on', () => {
    expect(userError(() => parseGate({ failOn: 'severe' })).hint).toBe('use one of: critical, high, medium, low, info, none');
  });

  it('accepts a comma list of formats and rejects unknown ones', () => {
    expect(parseFormats('table, json,table')).toEqual(['table', 'json']);
    const err = userError(() => parseFormats('table,yaml'));
    expect(err.message).toBe('unknown --format yaml');
    expect(err.hint).toContain('json');
  });
});

describe('parseOutputs', () => {
  it('sends one format to stdout without --output, or to the file given (- is stdout)', () => {
    expect(parseOutputs(['json'], undefined)).toEqual([{ format: 'json' }]);
    expect(parseOutputs(['json'], 'r.json')).toEqual([{ format: 'json', path: 'r.json' }]);
    expect(parseOutputs(['json'], '-')).toEqual([{ format: 'json' }]);
  });

  it('needs --output for several formats', () => {
    expect(userError(() => parseOutputs(['table', 'json'], undefined)).message).toMatch(/give --output/);
  });

  it('turns a base name into one file per format, dropping a known extension', () => {
    const expected = [
      { format: 'table', path: 'out/scan.txt' },
      { format: 'json', path: 'out/scan.json' },
    ];
    expect(parseOutputs(['table', 'json'], 'out/scan')).toEqual(expected);
    expect(parseOutputs(['table', 'json'], 'out/scan.json')).toEqual(expected);
  });

  it('drops the longest known extension of a base name: scan.ocsf.json is scan, not scan.ocsf', () => {
    const expected = [
      { format: 'json', path: 'out/scan.json' },
      { format: 'ocsf', path: 'out/scan.ocsf.json' },
      { format: 'junit', path: 'out/scan.xml' },
      { format: 'csv', path: 'out/scan.csv' },
    ];
    for (const base of ['out/scan', 'out/scan.json', 'out/scan.ocsf.json', 'out/scan.csv']) {
      expect(parseOutputs(['json', 'ocsf', 'junit', 'csv'], base)).toEqual(expected);
    }
  });

  it('takes one path per format, in order, with at most one stdout', () => {
    expect(parseOutputs(['table', 'json'], '-,r.json')).toEqual([{ format: 'table' }, { format: 'json', path: 'r.json' }]);
    expect(userError(() => parseOutputs(['table', 'json'], '-,-')).message).toMatch(/only one format/);
    expect(userError(() => parseOutputs(['table', 'json'], 'a,b,c')).message).toMatch(/3 paths for 2 formats/);
    expect(userError(() => parseOutputs(['table', 'json'], 'a,a')).message).toMatch(/same file twice/);
  });
});

describe('the gate', () => {
  const result = (id: string, status: Status, severity: Severity): CheckResult => ({
    id,
    title: `item ${id}`,
    pillar: 'security',
    severity,
    kind: 'automated',
    status,
    automated: true,
    findings: [],
    durationMs: 0,
    decidedBy: 'api',
  });
  const report = (results: CheckResult[], errors: Report['errors'] = []) => ({ results, errors }) as unknown as Report;
  const gate = (failOn: Parameters<typeof parseGate>[0]['failOn'] = 'critical', allowErrors = false) => parseGate({ failOn, allowErrors });

  it('orders severities: critical is the highest', () => {
    expect(atOrAbove('critical', 'high')).toBe(true);
    expect(atOrAbove('high', 'high')).toBe(true);
    expect(atOrAbove('medium', 'high')).toBe(false);
    expect(atOrAbove('critical', 'none')).toBe(false);
  });

  it('passes (0) when nothing at or above --fail-on is not met', () => {
    const r = report([result('1.2', 'met', 'critical'), result('1.8', 'not-met', 'medium'), result('1.9', 'manual', 'high')]);
    expect(evaluateGate(r, gate('high')).exitCode).toBe(EXIT.ok);
  });

  it('fails (3) on a not-met item at or above --fail-on, listing it', () => {
    const verdict = evaluateGate(report([result('1.8', 'not-met', 'medium')]), gate('medium'));
    expect(verdict.exitCode).toBe(EXIT.gateFailed);
    expect(verdict.failing.map((r) => r.id)).toEqual(['1.8']);
  });

  it('--fail-on none never fails the gate', () => {
    expect(evaluateGate(report([result('1.2', 'not-met', 'critical')]), gate('none')).exitCode).toBe(EXIT.ok);
  });

  it('is incomplete (4) when an item ended in error, unless --allow-errors', () => {
    const r = report([result('1.2', 'met', 'critical'), result('1.4', 'error', 'critical')]);
    expect(evaluateGate(r, gate()).exitCode).toBe(EXIT.incomplete);
    expect(evaluateGate(r, gate('critical', true)).exitCode).toBe(EXIT.ok);
  });

  it('is incomplete (4) on a scan-level error too', () => {
    const r = report([result('1.2', 'met', 'critical')], [{ kind: 'missing-permission', message: 'cannot list regions' }]);
    expect(evaluateGate(r, gate()).exitCode).toBe(EXIT.incomplete);
  });

  it('a failed gate (3) wins over an incomplete scan (4)', () => {
    const r = report([result('1.2', 'not-met', 'critical'), result('1.4', 'error', 'critical')]);
    expect(evaluateGate(r, gate()).exitCode).toBe(EXIT.gateFailed);
  });
});
