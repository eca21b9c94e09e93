// Property-based tests of the config loader (fast-check): whatever the text or the data, parseConfig
// either returns a valid config or throws a UserError of one line `file:line: message`; never a crash,
// never a multi-line or control-character message. And a valid config survives YAML and JSON alike.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CHECKLIST } from '../../src/checklist.js';
import { CONFIG_FILE_NAMES, parseConfig, type ConfigFile } from '../../src/config/config-file.js';
import { UserError } from '../../src/errors.js';
import { DEPLOYMENT_MODELS, SEVERITIES } from '../../src/model.js';

const FILE = 'cmt-audit.config.yaml';
const ONE_LINE_ERROR = /^cmt-audit\.config\.yaml:\d+: [^\n]+$/;
const KNOWN_KEYS = ['deploymentModel', 'regions', 'failOn', 'thresholds', 'attestations'];

/** The property itself: a valid config (it reads back the same from its own JSON) or a one-line UserError. */
function loadsOrExplains(text: string): void {
  let config: ConfigFile;
  try {
    config = parseConfig(text, FILE);
  } catch (err) {
    if (!(err instanceof UserError)) throw err; // a crash: the property fails with the real error
    expect(err.message).toMatch(ONE_LINE_ERROR);
    expect(err.message).not.toMatch(/\p{Cc}/u);
    expect(err.message.length).toBeLessThan(400);
    expect(err.exitCode).toBe(2);
    return;
  }
  expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
  expect(Object.keys(config).every((k) => KNOWN_KEYS.includes(k))).toBe(true);
  expect(parseConfig(JSON.stringify(config), 'again.json')).toEqual(config);
}

/** Text that looks like a config often enough to get past the parser into the schema and the rules. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'deploymentModel', 'regions', 'failOn', 'thresholds', 'attestations', 'publicPorts', 'passwordPolicy', 'minimumLength',
        'item', 'status', 'evidence', 'links', 'by', 'date', 'expires', 'met', 'not-met', '"1.25"', '"2.10"', '1.2', 'single-tenant-saas',
        'https://wiki.example.com/x', 'javascript:alert(1)', '2026-01-01', '2026-02-30', 'TODO', '<name, role>', 'Jane Doe, CISO',
        ':', ': ', '- ', '-', ' ', '  ', '    ', '\n', '\n  ', '\n  - ', '\n    ', '"', "'", '[', ']', '{', '}', ',', '#', '? ', '|', '>-',
        '&a ', '*a', '*b', '!!set ', '!!binary ', '!!str ', '!foo ', '<<: ', '~', 'null', 'true', '1e999', '.nan', '-0', '0x1F',
        '\t', '\u0000', '\u001b[31m', '\r', '%YAML 1.2\n', '---\n', '...\n', '__proto__', 'constructor',
      ),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
/** Words that are never a placeholder: letters, digits, spaces and some punctuation, starting with a letter. */
const words = fc.stringMatching(/^[A-Z][a-z0-9 ,.()'-]{2,60}[a-z0-9.)]$/).filter((s) => !/\b(TODO|TBD|TBC|FIXME|XXX)\b/.test(s) && !/^(na|none|placeholder|changeme|todo|tbd|tbc|fixme|xxx)\.?$/i.test(s.trim()));
const httpLink = fc.webUrl({ validSchemes: ['http', 'https'] }).filter((u) => !/[\s\p{Cc}]/u.test(u));

const validConfig: fc.Arbitrary<ConfigFile> = fc.record(
  {
    deploymentModel: fc.constantFrom(...DEPLOYMENT_MODELS),
    regions: fc.uniqueArray(fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-gov-west-1', 'eu-central-2'), { maxLength: 4 }),
    failOn: fc.constantFrom(...SEVERITIES, 'none' as const),
    thresholds: fc.record(
      {
        rootRecentUseDays: fc.nat(1000),
        accessKeyMaxAgeDays: fc.nat(1000),
        serviceKeyMaxAgeDays: fc.nat(1000),
        passwordPolicy: fc.record(
          { minimumLength: fc.integer({ min: 6, max: 128 }), requireSymbols: fc.boolean(), maxAgeDays: fc.integer({ min: 1, max: 1095 }), reusePrevention: fc.integer({ min: 0, max: 24 }) },
          { requiredKeys: [] },
        ),
        publicPorts: fc.array(fc.integer({ min: 0, max: 65535 }), { maxLength: 5 }),
        publicBuckets: fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9.-]{2,20}$/), { maxLength: 3 }),
        consoleChangeLookbackDays: fc.integer({ min: 1, max: 90 }),
      },
      { requiredKeys: [] },
    ),
    attestations: fc.uniqueArray(
      fc.record(
        {
          item: fc.constantFrom(...CHECKLIST.map((i) => i.id)),
          status: fc.constantFrom('met' as const, 'not-met' as const),
          evidence: words,
          links: fc.array(httpLink, { maxLength: 3 }),
          by: words,
          date: day,
          expires: day,
        },
        { requiredKeys: ['item', 'status', 'evidence', 'by', 'date'] },
      ),
      { selector: (a) => a.item, maxLength: 8 },
    ),
  },
  { requiredKeys: [] },
);

/** Config-shaped data with anything in any place, each field mostly valid so that the run reaches every
 * rule (the first problem is the one reported): the schema and the rules must explain, never crash. */
const any = () => fc.anything({ maxDepth: 2, maxKeys: 3 });
const mostly = <T,>(valid: fc.Arbitrary<T>, ...other: fc.Arbitrary<unknown>[]) =>
  fc.oneof({ arbitrary: valid as fc.Arbitrary<unknown>, weight: 8 }, ...other.map((arbitrary) => ({ arbitrary, weight: 1 })));
const configShaped = fc.record(
  {
    deploymentModel: mostly(fc.constantFrom(...DEPLOYMENT_MODELS), any()),
    regions: mostly(fc.constant(['us-east-1']), fc.array(fc.string()), any()),
    failOn: mostly(fc.constantFrom(...SEVERITIES), any()),
    thresholds: mostly(
      fc.record({ publicPorts: fc.array(fc.integer({ min: 0, max: 65535 }), { maxLength: 2 }), backupMaxAgeDays: fc.integer({ min: 1, max: 30 }) }, { requiredKeys: [] }),
      fc.dictionary(fc.constantFrom('publicPorts', 'passwordPolicy', 'rootRecentUseDays', 'nope'), any()),
      any(),
    ),
    attestations: mostly(
      fc.array(
        fc.record(
          {
            item: mostly(fc.constantFrom('1.25', '2.10', '2.9', '3.2'), fc.constantFrom('1.6', '9'), any()),
            status: mostly(fc.constantFrom('met', 'not-met'), any()),
            evidence: mostly(words, fc.constantFrom('TODO', '<x>', ' ', 'Describe the evidence here.'), any()),
            links: mostly(fc.array(httpLink, { maxLength: 2 }), fc.array(fc.oneof(fc.string(), fc.constantFrom('javascript:x', 'data:,x', 'https://'))), any()),
            by: mostly(words, fc.constantFrom('Name, role', 'TBD'), any()),
            date: mostly(day, fc.constantFrom('2026-02-30', '2026-1-1'), fc.string(), any()),
            expires: mostly(day, any()),
          },
          { requiredKeys: ['item', 'status', 'evidence', 'by', 'date'] },
        ),
        { maxLength: 4 },
      ),
      any(),
    ),
  },
  { requiredKeys: [] },
);

describe('config loader properties', { timeout: 120_000 }, () => {
  it('arbitrary text never crashes it', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), loadsOrExplains), { numRuns: 300 });
  });

  it('YAML-like text never crashes it', () => {
    fc.assert(fc.property(yamlish, loadsOrExplains), { numRuns: 1000 });
  });

  it('arbitrary JSON never crashes it', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => loadsOrExplains(JSON.stringify(value) ?? 'null')), { numRuns: 300 });
  });

  it('arbitrary config-shaped data, as YAML and as JSON, never crashes it', () => {
    fc.assert(
      fc.property(configShaped, (data) => {
        loadsOrExplains(stringify(data));
        const json = JSON.stringify(data);
        if (json !== undefined) loadsOrExplains(json);
      }),
      { numRuns: 200 },
    );
  });

  it('a valid config reads back as written, from YAML and from JSON', () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        expect(parseConfig(stringify(config), FILE)).toEqual(config);
        expect(parseConfig(JSON.stringify(config, null, 2), CONFIG_FILE_NAMES[2])).toEqual(config);
      }),
      { numRuns: 100 },
    );
  });
});
