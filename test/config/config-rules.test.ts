// What the config loader refuses beyond the schema: placeholder evidence and names, two attestations
// for one item, links that are not http(s), attestation dates after the scan, and hostile YAML. Every
// refusal is one line: `file:line: field …`.
import { describe, expect, it } from 'vitest';
import { assertAttestationDates } from '../../src/config/attestations.js';
import { parseConfig } from '../../src/config/config-file.js';
import { UserError } from '../../src/errors.js';
import { userError } from '../support/user-error.js';

const FILE = 'cmt-audit.config.yaml';
const errorOf = (text: string) => userError(() => parseConfig(text, FILE)).message;

/** One attestation; `over` replaces whole lines by key. */
function attestation(over: Record<string, string> = {}, item = '"2.10"'): string {
  const fields: Record<string, string> = {
    status: 'met',
    evidence: 'DR plan DRP-4 defines RPO 1 h and RTO 4 h.',
    links: '[https://wiki.example.com/dr/drp-4]',
    by: 'Marco Liu, SRE lead',
    date: '2026-06-30',
    ...over,
  };
  return [`  - item: ${item}`, ...Object.entries(fields).map(([k, v]) => `    ${k}: ${v}`)].join('\n');
}
const config = (...attestations: string[]) => `deploymentModel: multi-tenant-saas\nattestations:\n${attestations.join('\n')}\n`;

describe('attestation rules', () => {
  it('accepts a filled-in attestation', () => {
    expect(parseConfig(config(attestation()), FILE).attestations).toEqual([
      { item: '2.10', status: 'met', evidence: 'DR plan DRP-4 defines RPO 1 h and RTO 4 h.', links: ['https://wiki.example.com/dr/drp-4'], by: 'Marco Liu, SRE lead', date: '2026-06-30' },
    ]);
  });

  it.each([
    ['the init template evidence', 'evidence', 'Describe the evidence here.'],
    ['the init template evidence placeholder', 'evidence', '<what shows it (a document, a ticket, a report)>'],
    ['TODO', 'evidence', 'TODO'],
    ['tbd, any case', 'evidence', 'tbd'],
    ['a TODO inside the text', 'evidence', 'Game day report TODO attach'],
    ['an angle-bracket placeholder', 'evidence', 'See <link to runbook>'],
    ['"..."', 'evidence', '"..."'],
    ['the init template name', 'by', 'Name, role'],
    ['the init template name placeholder', 'by', '<name, role>'],
    ['TBD as a name', 'by', 'TBD'],
    ['a blank name', 'by', '"   "'],
  ])('rejects placeholder %s (%s)', (_what, field, value) => {
    const line = field === 'evidence' ? 5 : 7;
    expect(errorOf(config(attestation({ [field]: value })))).toMatch(new RegExp(`^${FILE}:${line}: attestations\\[0\\]\\.${field} (is a placeholder|is blank)`));
  });

  it('names the placeholder and what to write instead', () => {
    expect(errorOf(config(attestation({ evidence: 'Describe the evidence here.' })))).toBe(
      `${FILE}:5: attestations[0].evidence is a placeholder ("Describe the evidence here."): write what shows the item is met or not`,
    );
    expect(errorOf(config(attestation({ by: '<name, role>' })))).toBe(`${FILE}:7: attestations[0].by is a placeholder ("<name, role>"): write who attests (name and role)`);
  });

  it('does not take real evidence for a placeholder', () => {
    for (const evidence of ['RTO < 4 h and RPO > 1 h', 'Todo list app runbook reviewed', 'Reviewed by the TBDX team', 'Ticket <https://tickets.example.com/SEC-1>']) {
      expect(() => parseConfig(config(attestation({ evidence: JSON.stringify(evidence) })), FILE), evidence).not.toThrow();
    }
  });

  it('rejects two attestations for one item, naming both', () => {
    expect(errorOf(config(attestation(), attestation({ date: '2026-07-01' })))).toBe(
      `${FILE}:9: attestations[1].item 2.10 is attested twice (also attestations[0], line 3): keep one attestation per item`,
    );
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    ['"java\\nscript:alert(1)"'],
    ['data:text/html,<script>alert(1)</script>'],
    ['file:///etc/passwd'],
    ['ftp://example.com/x'],
    ['//example.com/x'],
    ['wiki/dr'],
    ['"https://exa mple.com"'],
    ['"https://example.com/\\u0007"'],
    ['https://'],
  ])('rejects the link %s: only http(s) URLs', (link) => {
    expect(errorOf(config(attestation({ links: `[${link}]` })))).toBe(`${FILE}:6: attestations[0].links[0] must be an http(s) URL`);
  });

  it('accepts http and https links', () => {
    const links = parseConfig(config(attestation({ links: '[http://intranet.example/dr, "https://wiki.example.com/a?b=c#d"]' })), FILE).attestations?.[0].links;
    expect(links).toEqual(['http://intranet.example/dr', 'https://wiki.example.com/a?b=c#d']);
  });

  it('names the line of an impossible date', () => {
    expect(errorOf(config(attestation({ date: '2026-02-30' })))).toBe(`${FILE}:8: attestations[0].date is not a real date: 2026-02-30`);
    expect(errorOf(config(attestation({ expires: '2026-13-01' })))).toBe(`${FILE}:9: attestations[0].expires is not a real date: 2026-13-01`);
  });
});

describe('attestation dates against the scan instant', () => {
  const parsed = () => parseConfig(config(attestation({ date: '2026-11-21' }), attestation({ date: '2026-11-20' }, '"1.25"')), FILE);

  it('rejects a date after the scan, with file, line and the scan day', () => {
    const err = userError(() => assertAttestationDates(parsed().attestations ?? [], new Date('2026-11-20T09:30:00Z'), 'when the snapshot was recorded'));
    expect(err.message).toBe(`${FILE}:8: attestations[0].date 2026-11-21 is after the scan (2026-11-20, when the snapshot was recorded)`);
    expect(err.hint).toBe('an attestation dates evidence that existed when the account was scanned; correct the date');
  });

  it('accepts dates up to the scan day', () => {
    expect(() => assertAttestationDates(parsed().attestations ?? [], new Date('2026-11-21T00:00:00Z'))).not.toThrow();
  });

  it('still names the field for attestations that did not come from a file', () => {
    const err = userError(() => assertAttestationDates([{ item: '1.25', status: 'met', evidence: 'x', by: 'y', date: '2030-01-01' }], new Date('2026-01-01T00:00:00Z')));
    expect(err.message).toBe('attestations[0].date 2030-01-01 is after the scan (2026-01-01)');
  });
});

describe('the shape of the file', () => {
  it('takes an empty `attestations:` (and any empty top-level setting) as not set', () => {
    expect(parseConfig('deploymentModel: single-tenant-saas\nthresholds:\nattestations:\n# - item: "1.25"\n', FILE)).toEqual({ deploymentModel: 'single-tenant-saas' });
  });

  it.each([
    ['an alias bomb', `a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n`, /^cmt-audit\.config\.yaml:\d+: not valid YAML\/JSON: /],
    ['an unresolved alias', 'deploymentModel: *nope\n', /^cmt-audit\.config\.yaml:1: not valid YAML\/JSON: /],
    ['deep nesting', `${'['.repeat(5000)}\n`, /^cmt-audit\.config\.yaml:1: not valid YAML\/JSON: /],
    ['a !!set', '!!set {a, b}\n', /^cmt-audit\.config\.yaml:1: a is not a known setting$/],
    ['an unknown empty setting', 'deploymentModel: single-tenant-saas\nfailon:\n', /^cmt-audit\.config\.yaml:2: failon is not a known setting$/],
    ['__proto__', '__proto__:\n  deploymentModel: single-tenant-saas\n', /^cmt-audit\.config\.yaml:1: __proto__ is not a known setting$/],
    ['a list', '- 1\n- 2\n', /^cmt-audit\.config\.yaml:1: the config must be object$/],
    ['a collection as key', '? [a]\n: 1\n', /^cmt-audit\.config\.yaml:\d+: .* is not a known setting$/],
  ])('refuses %s in one line, never a crash', (_what, text, message) => {
    let err: unknown;
    try {
      parseConfig(text, FILE);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });
});
