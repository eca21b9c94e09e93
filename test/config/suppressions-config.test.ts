// The config file's `suppressions:` (docs/configuration.md#suppressions): what is read, and one exact
// `file:line: field message` line for every mistake, as for attestations.
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { parseConfig } from '../../src/config/config-file.js';
import { renderInitConfig } from '../../src/config/init-config.js';
import { UserError } from '../../src/errors.js';

const FILE = 'cmt-audit.config.yaml';
const failure = (text: string): { message: string; hint?: string; exitCode: number } => {
  try {
    parseConfig(text, FILE);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return { message: err.message, hint: err.hint, exitCode: err.exitCode };
  }
  throw new Error('expected a config error');
};

const valid = `suppressions:
  - item: "1.18"
    resource: arn:aws:s3:::acme-www-*
    account: "111111111111"
    reason: Public website buckets, reviewed by security (SEC-12)
    owner: web-team@acme.example
    expires: 2027-03-31
  - item: "1.4"
    reason: Break-glass user, hardware MFA outside AWS
`;
/** The valid config with line `n` (1-based) replaced. */
const withLine = (n: number, line: string) => valid.split('\n').map((l, i) => (i === n - 1 ? line : l)).join('\n');

describe('suppressions in the config file', () => {
  it('reads every field; resource, account, owner and expires are optional', () => {
    expect(parseConfig(valid, FILE).suppressions).toEqual([
      { item: '1.18', resource: 'arn:aws:s3:::acme-www-*', account: '111111111111', reason: 'Public website buckets, reviewed by security (SEC-12)', owner: 'web-team@acme.example', expires: '2027-03-31' },
      { item: '1.4', reason: 'Break-glass user, hardware MFA outside AWS' },
    ]);
    expect(parseConfig('suppressions:\n# none yet\n', FILE).suppressions).toBeUndefined();
    expect(parseConfig('{"suppressions": [{"item": "1.4", "reason": "Break-glass user"}]}', 'c.json').suppressions).toEqual([{ item: '1.4', reason: 'Break-glass user' }]);
  });

  it('every bad input is one exact line naming file, line and field (exit 2)', () => {
    const cases: [string, string][] = [
      [withLine(2, '  - item: "9.9"'), `${FILE}:2: suppressions[0].item must be one of `],
      [withLine(8, '  - owner: someone'), `${FILE}:8: suppressions[1].item is required`],
      [withLine(9, '    owner: someone'), `${FILE}:8: suppressions[1].reason is required`],
      [withLine(4, '    account: "11111111111"'), `${FILE}:4: suppressions[0].account must be an AWS account id (12 digits)`],
      [withLine(4, '    account: "acme-prod"'), `${FILE}:4: suppressions[0].account must be an AWS account id (12 digits)`],
      [withLine(5, '    reason: "  "'), `${FILE}:5: suppressions[0].reason is blank: write why the finding is accepted`],
      [withLine(5, '    reason: TODO'), `${FILE}:5: suppressions[0].reason is a placeholder ("TODO"): write why the finding is accepted`],
      [withLine(5, '    reason: <why this is fine>'), `${FILE}:5: suppressions[0].reason is a placeholder ("<why this is fine>"): write why the finding is accepted`],
      [withLine(5, '    reason: 42'), `${FILE}:5: suppressions[0].reason must be string`],
      [withLine(6, '    owner: ""'), `${FILE}:6: suppressions[0].owner is blank: write who owns the exception, or leave owner out`],
      [withLine(6, '    owner: TBD'), `${FILE}:6: suppressions[0].owner is a placeholder ("TBD"): write who owns the exception, or leave owner out`],
      [withLine(7, '    expires: 31/03/2027'), `${FILE}:7: suppressions[0].expires must be a date written YYYY-MM-DD`],
      [withLine(7, '    expires: 2027-02-30'), `${FILE}:7: suppressions[0].expires is not a real date: 2027-02-30`],
      [withLine(3, '    resource: ""'), `${FILE}:3: suppressions[0].resource is blank: write an ARN or a pattern (* matches any characters), or leave resource out for every resource of the item`],
      [withLine(3, '    resource: "arn:aws:s3:::a b"'), `${FILE}:3: suppressions[0].resource holds a space or control character: ARNs have none`],
      [withLine(3, '    resources: arn:aws:s3:::a'), `${FILE}:3: suppressions[0].resources is not a known setting`],
      ['suppressions: arn:aws:s3:::a\n', `${FILE}:1: suppressions must be array`],
      ['suppressions:\n  - "1.4"\n', `${FILE}:2: suppressions[0] must be object`],
      [`${valid}  - item: "1.4"\n    reason: The same findings again\n`, `${FILE}:10: suppressions[2].item suppresses the same findings as suppressions[1] (line 8): keep one`],
    ];
    for (const [text, message] of cases) {
      const err = failure(text);
      expect(err.exitCode).toBe(2);
      if (message.endsWith('must be one of ')) expect(err.message.startsWith(message)).toBe(true);
      else expect(err.message).toBe(message);
    }
  });

  it('an unquoted item or account id, which YAML reads as a number, is named so with the fix', () => {
    expect(failure(withLine(2, '  - item: 1.10'))).toMatchObject({ message: `${FILE}:2: suppressions[0].item is the number 1.1, not a checklist id`, hint: 'quote it: item: "1.1" (YAML reads 1.10 as 1.1)' });
    expect(failure(withLine(4, '    account: 111111111111'))).toMatchObject({ message: `${FILE}:4: suppressions[0].account is the number 111111111111, not an account id`, hint: 'quote it: account: "111111111111"' });
    // A leading zero is lost by YAML: the hint gives it back.
    expect(failure(withLine(4, '    account: 012345678901'))).toMatchObject({ message: `${FILE}:4: suppressions[0].account is the number 12345678901, not an account id`, hint: 'quote it: account: "012345678901"' });
  });

  it('the same item with another resource or account is not a duplicate', () => {
    const text = `${valid}  - item: "1.4"\n    account: "222222222222"\n    reason: Staging users\n  - item: "1.4"\n    resource: arn:aws:iam::*:user/x\n    reason: User x\n`;
    expect(parseConfig(text, FILE).suppressions).toHaveLength(4);
  });
});

describe('the init template', () => {
  it('holds a commented example that, uncommented, is a valid suppression; as written, none', () => {
    const text = renderInitConfig(CHECKS, 'multi-tenant-saas', new Date('2026-11-24T12:00:00Z'));
    expect(parseConfig(text, FILE).suppressions).toBeUndefined();
    const start = text.indexOf('suppressions:\n');
    const block = text.slice(start, text.indexOf('\n\n', start));
    const uncommented = block.replace(/^#( {2}- item: .*| {4}\S.*)$/gm, '$1');
    expect(parseConfig(uncommented, FILE).suppressions).toEqual([
      { item: '1.18', resource: 'arn:aws:s3:::acme-www-*', account: '123456789012', reason: 'Public website buckets, reviewed by security', owner: 'web-team@example.com', expires: '2026-11-24' },
    ]);
  });
});
