import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { CHECKS } from '../../src/checks/index.js';
import { assertAttestationDates } from '../../src/config/attestations.js';
import { parseConfig } from '../../src/config/config-file.js';
import { BY_PLACEHOLDER, EVIDENCE_PLACEHOLDER, itemsNeedingAttestation, renderInitConfig } from '../../src/config/init-config.js';
import { DEPLOYMENT_MODELS } from '../../src/model.js';
import { userError } from '../support/user-error.js';

const TODAY = new Date('2026-11-24T10:00:00Z');

/** What the template tells people to do: remove the "#" in front of each attestation's lines (not the requirement text). */
const uncommentAttestations = (text: string) => text.replace(/^#( {2}- item: .*| {4,}\S.*)$/gm, '$1');
/** …and of the commented settings (regions, failOn). */
const uncommentSettings = (text: string) => text.replace(/^# ((regions|failOn): .*)$/gm, '$1');
const fillIn = (text: string) =>
  text.replaceAll(EVIDENCE_PLACEHOLDER, 'Runbook RB-7, reviewed in ticket OPS-12.').replaceAll(BY_PLACEHOLDER, 'Jane Doe, CISO');

describe('cmt-audit init config', () => {
  it('is a valid config as written, with no attestation yet', () => {
    const text = renderInitConfig(CHECKS, 'multi-tenant-saas', TODAY);
    const config = parseConfig(text, 'cmt-audit.config.yaml');
    expect(config).toMatchObject({ deploymentModel: 'multi-tenant-saas' });
    expect(config.attestations).toBeUndefined();
  });

  it('lists every item needing an attestation for the model, and no automated or inapplicable one', () => {
    const text = renderInitConfig(CHECKS, 'customer-deployed-on-premises', TODAY);
    const listed = [...text.matchAll(/^# {2}- item: "([\d.]+)"$/gm)].map((m) => m[1]);
    expect(listed).toEqual(itemsNeedingAttestation(CHECKS, 'customer-deployed-on-premises').map((i) => i.id));
    expect(listed).not.toContain('1.2'); // automated, and not applicable on premises
    expect(listed).not.toContain('2.10'); // not applicable on premises
  });

  it.each(DEPLOYMENT_MODELS)('uncommented as it says and filled in, every example is a valid attestation (%s)', (model) => {
    const text = renderInitConfig(CHECKS, model, TODAY);
    const config = parseConfig(fillIn(uncommentSettings(uncommentAttestations(text))), 'cmt-audit.config.yaml');
    const expected = itemsNeedingAttestation(CHECKS, model);
    expect(expected.length).toBeGreaterThan(0);
    expect(config.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(config.failOn).toBe('critical');
    expect(config.attestations?.map((a) => a.item)).toEqual(expected.map((i) => i.id));
    for (const a of config.attestations ?? []) {
      expect(a).toEqual({ item: a.item, status: 'met', evidence: 'Runbook RB-7, reviewed in ticket OPS-12.', links: [], by: 'Jane Doe, CISO', date: '2026-11-24' });
    }
    expect(() => assertAttestationDates(config.attestations ?? [], TODAY)).not.toThrow();
    expect(parseDocument(text).errors).toEqual([]);
  });

  it('uncommented but not filled in, the first placeholder is refused with its line', () => {
    const text = uncommentAttestations(renderInitConfig(CHECKS, 'multi-tenant-saas', TODAY));
    const line = text.split('\n').findIndex((l) => l.includes(EVIDENCE_PLACEHOLDER)) + 1;
    expect(userError(() => parseConfig(text, 'c.yaml')).message).toBe(
      `c.yaml:${line - 1}: attestations[0].evidence is a placeholder ("${EVIDENCE_PLACEHOLDER}"): write what shows the item is met or not`,
    );
    const namesLeft = text.replaceAll(EVIDENCE_PLACEHOLDER, 'Runbook RB-7');
    expect(userError(() => parseConfig(namesLeft, 'c.yaml')).message).toMatch(/^c\.yaml:\d+: attestations\[0\]\.by is a placeholder \("<name, role>"\)/);
  });
});
