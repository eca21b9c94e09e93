import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigFile, loadConfigFile, parseConfig } from '../../src/config/config-file.js';

const errorOf = (text: string, path = 'cmt-audit.config.yaml') => {
  try {
    parseConfig(text, path);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a config error');
};

const attestation = `attestations:
  - item: "1.25"
    status: met
    evidence: Security game day held on 2026-09-14, runbook IR-001
    links: [https://wiki.example.com/ir/gameday]
    by: Jane Doe, CISO
    date: 2026-09-14
`;

describe('config file', () => {
  it('reads a valid YAML config', () => {
    const config = parseConfig(`deploymentModel: single-tenant-saas\nthresholds:\n  publicBuckets: [acme-assets]\n${attestation}`, 'c.yaml');
    expect(config.deploymentModel).toBe('single-tenant-saas');
    expect(config.thresholds?.publicBuckets).toEqual(['acme-assets']);
    expect(config.attestations?.[0]).toMatchObject({ item: '1.25', status: 'met', by: 'Jane Doe, CISO', date: '2026-09-14' });
  });

  it('reads JSON with the same rules', () => {
    expect(parseConfig('{"deploymentModel": "customer-deployed-on-aws"}', 'c.json').deploymentModel).toBe('customer-deployed-on-aws');
    expect(errorOf('{\n  "deploymentModel": "saas"\n}', 'c.json')).toBe('c.json:2: deploymentModel must be one of multi-tenant-saas, single-tenant-saas, customer-deployed-on-premises, customer-deployed-on-aws');
  });

  it('names file, line and field of an invalid value', () => {
    expect(errorOf(attestation.replace('status: met', 'status: yes'))).toBe(
      'cmt-audit.config.yaml:3: attestations[0].status must be one of met, not-met',
    );
  });

  it('an unquoted item id, which YAML reads as a number, is named so with the fix', () => {
    for (const [written, number] of [['1.8', '1.8'], ['1.10', '1.1'], ['2.10', '2.1']]) {
      let err: unknown;
      try {
        parseConfig(attestation.replace('item: "1.25"', `item: ${written}`), 'cmt-audit.config.yaml');
      } catch (e) {
        err = e;
      }
      expect((err as Error).message).toBe(`cmt-audit.config.yaml:2: attestations[0].item is the number ${number}, not a checklist id`);
      expect((err as { hint?: string }).hint).toBe(`quote it: item: "${number}" (YAML reads 1.10 as 1.1)`);
    }
  });

  it('names an unknown setting', () => {
    expect(errorOf('thresholds:\n  accessKeyMaxAge: 30\n')).toBe('cmt-audit.config.yaml:2: thresholds.accessKeyMaxAge is not a known setting');
  });

  it('names a missing required field', () => {
    expect(errorOf(attestation.replace(/ {4}evidence:.*\n/, ''))).toBe('cmt-audit.config.yaml:2: attestations[0].evidence is required');
  });

  it('rejects unknown item ids and impossible dates', () => {
    expect(errorOf(attestation.replace('"1.25"', '"1.6"'))).toMatch(/^cmt-audit.config.yaml:2: attestations\[0\].item must be one of 1.1, 1.2/);
    expect(errorOf(attestation.replace('2026-09-14\n', '14/09/2026\n'))).toBe('cmt-audit.config.yaml:7: attestations[0].date must be a date written YYYY-MM-DD');
    expect(errorOf(attestation.replace('date: 2026-09-14', 'date: 2026-13-40'))).toMatch(/attestations\[0\].date is not a real date/);
  });

  it('reports broken YAML with its line', () => {
    expect(errorOf('deploymentModel: multi-tenant-saas\nregions: [us-east-1\n')).toMatch(/^cmt-audit.config.yaml:\d: not valid YAML\/JSON/);
  });

  it('finds the default file in the working directory, or the explicit one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cmt-config-'));
    expect(findConfigFile(undefined, dir)).toBeUndefined();
    writeFileSync(join(dir, 'cmt-audit.config.yaml'), 'deploymentModel: single-tenant-saas\n');
    expect(findConfigFile(undefined, dir)).toBe(join(dir, 'cmt-audit.config.yaml'));
    expect(loadConfigFile(join(dir, 'cmt-audit.config.yaml')).deploymentModel).toBe('single-tenant-saas');
    expect(() => loadConfigFile(join(dir, 'missing.yaml'))).toThrow(/cannot read config file .*missing.yaml: ENOENT/);
  });
});

describe('sarif.templates (docs/sarif.md)', () => {
  const config = (templates: string) => `sarif:\n  templates:\n${templates}`;
  it('maps stack names to repository-relative template paths', () => {
    expect(parseConfig(config('    acme-network: infra/network.yaml\n    api: ./infra/api.json\n'), 'c.yaml').sarif).toEqual({
      templates: { 'acme-network': 'infra/network.yaml', api: './infra/api.json' },
    });
  });
  it.each([
    [config('    1bad: a.yaml\n'), 'c.yaml:3: sarif.templates["1bad"] is not a CloudFormation stack name (a letter, then letters, digits and hyphens, at most 128)'],
    [config('    net: /etc/passwd\n'), 'c.yaml:3: sarif.templates.net must be a path relative to the repository root, not "/etc/passwd"'],
    [config('    net: https://example.com/t.yaml\n'), 'c.yaml:3: sarif.templates.net must be a path relative to the repository root, not "https://example.com/t.yaml"'],
    [config('    net: infra/../../x.yaml\n'), 'c.yaml:3: sarif.templates.net must stay inside the repository (no ..): "infra/../../x.yaml"'],
    [config('    net: ""\n'), 'c.yaml:3: sarif.templates.net must NOT have fewer than 1 characters'],
    ['sarif:\n  template:\n    net: a.yaml\n', 'c.yaml:2: sarif.template is not a known setting'],
  ])('refuses %j', (text, message) => {
    expect(() => parseConfig(text, 'c.yaml')).toThrow(message);
  });
});
