import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { CHECKS } from '../../src/checks/index.js';
import { parseConfig } from '../../src/config/config-file.js';
import { itemsNeedingAttestation, renderInitConfig } from '../../src/config/init-config.js';

const TODAY = new Date('2026-11-24T10:00:00Z');

describe('cmt-audit init config', () => {
  it('is a valid config as written', () => {
    const text = renderInitConfig(CHECKS, 'multi-tenant-saas', TODAY);
    expect(parseConfig(text, 'cmt-audit.config.yaml')).toMatchObject({ deploymentModel: 'multi-tenant-saas', attestations: [] });
  });

  it('lists every item needing an attestation for the model, and no automated or inapplicable one', () => {
    const text = renderInitConfig(CHECKS, 'customer-deployed-on-premises', TODAY);
    const listed = [...text.matchAll(/^# {2}- item: "([\d.]+)"$/gm)].map((m) => m[1]);
    expect(listed).toEqual(itemsNeedingAttestation(CHECKS, 'customer-deployed-on-premises').map((i) => i.id));
    expect(listed).not.toContain('1.2'); // automated, and not applicable on premises
    expect(listed).not.toContain('2.10'); // not applicable on premises
  });

  it('uncommenting an item template gives a valid attestation', () => {
    const text = renderInitConfig(CHECKS, 'multi-tenant-saas', TODAY);
    const block = text.split('\n# 1.25 ')[1].split('\n\n')[0];
    const yaml = block
      .split('\n')
      .filter((l) => l.startsWith('#  ') && !l.startsWith('#   ') || l.startsWith('#    '))
      .map((l) => l.slice(1))
      .join('\n');
    const config = parseConfig(`attestations:\n${yaml}\n`, 'x.yaml');
    expect(config.attestations?.[0]).toMatchObject({ item: '1.25', status: 'met', by: 'Name, role', date: '2026-11-24' });
    expect(parseDocument(text).errors).toEqual([]);
  });
});
