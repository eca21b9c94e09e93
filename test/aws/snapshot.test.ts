import { execFileSync } from 'node:child_process';
// Snapshot files: keys, loading (file or directory), and the serialise/revive pair that records and
// replays SDK outputs without secrets.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callKey, canonicalJson, loadSnapshot, parseCallKey, redactString, revive, serialise, SNAPSHOT_FORMAT } from '../../src/aws/snapshot.js';
import { UserError } from '../../src/errors.js';

const snapshot = (responses: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: SNAPSHOT_FORMAT, version: 1, ...extra, responses }, null, 2);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cmt-snapshot-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** loadSnapshot must throw a UserError whose message names `where` and matches `what`. */
function expectUserError(path: string, where: string, what: RegExp) {
  let thrown: unknown;
  try {
    loadSnapshot(path);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(UserError);
  expect((thrown as UserError).message).toContain(where);
  expect((thrown as UserError).message).toMatch(what);
}

describe('keys', () => {
  it('service:Operation, @region for regional calls, then the input as canonical JSON', () => {
    expect(callKey('iam', 'GetAccountSummary', {})).toBe('iam:GetAccountSummary');
    expect(callKey('ec2', 'DescribeRegions', { AllRegions: true }, 'us-east-1')).toBe('ec2:DescribeRegions@us-east-1 {"AllRegions":true}');
    expect(callKey('s3', 'GetBucketPolicy', { Bucket: 'logs', ExpectedBucketOwner: '1' }, 'eu-west-1')).toBe(
      callKey('s3', 'GetBucketPolicy', { ExpectedBucketOwner: '1', Bucket: 'logs' }, 'eu-west-1'),
    );
  });
  it('canonical JSON sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });
  it('parseCallKey reads a key back', () => {
    expect(parseCallKey('s3:GetBucketPolicy@us-east-1 {"Bucket":"logs"}')).toEqual({
      service: 's3',
      operation: 'GetBucketPolicy',
      region: 'us-east-1',
      input: '{"Bucket":"logs"}',
    });
    expect(parseCallKey('iam:ListUsers')).toEqual({ service: 'iam', operation: 'ListUsers', region: undefined, input: '{}' });
    expect(() => parseCallKey('ListUsers')).toThrow(/malformed/);
  });
});

describe('loadSnapshot', () => {
  it('a file', () => {
    const path = write('one.json', snapshot({ 'iam:GetAccountSummary': { SummaryMap: { Users: 1 } } }, { homeRegion: 'eu-west-1', recordedAt: '2026-01-01T00:00:00Z' }));
    const loaded = loadSnapshot(path);
    expect(loaded).toMatchObject({ format: SNAPSHOT_FORMAT, version: 1, homeRegion: 'eu-west-1', recordedAt: '2026-01-01T00:00:00Z' });
    expect(loaded.responses).toEqual({ 'iam:GetAccountSummary': { SummaryMap: { Users: 1 } } });
  });

  it('a directory: every *.json file merged, other files ignored', () => {
    write('a-account.json', snapshot({ 'sts:GetCallerIdentity': { Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/auditor' } }, { homeRegion: 'us-east-1' }));
    write('b-iam.json', snapshot({ 'iam:ListUsers': { Users: [] }, 'iam:GetAccountPasswordPolicy': { $error: { name: 'NoSuchEntity' } } }));
    write('README.md', 'not a snapshot');
    const loaded = loadSnapshot(dir);
    expect(loaded.homeRegion).toBe('us-east-1');
    expect(Object.keys(loaded.responses).sort()).toEqual(['iam:GetAccountPasswordPolicy', 'iam:ListUsers', 'sts:GetCallerIdentity']);
  });

  it('the demo snapshot loads', () => {
    const demo = loadSnapshot('fixtures/demo');
    expect(demo.homeRegion).toBe('us-east-1');
    expect(demo.responses['sts:GetCallerIdentity']).toBeDefined();
  });

  it('a key defined in two files → UserError naming the second file and the key', () => {
    write('a.json', snapshot({ 'iam:ListUsers': { Users: [] } }));
    const second = write('b.json', snapshot({ 'iam:ListUsers': { Users: [{ UserName: 'x' }] } }));
    expectUserError(dir, second, /"iam:ListUsers" is defined twice/);
  });

  it('a key defined twice in one file (JSON.parse would keep only the last) → UserError', () => {
    const path = write(
      'twice.json',
      `{ "format": "${SNAPSHOT_FORMAT}", "version": 1, "responses": {\n` +
        `  "iam:ListUsers": { "Users": [], "Nested": { "iam:ListUsers": 1 } },\n` +
        `  "ec2:DescribeRegions@us-east-1 {\\"AllRegions\\":true}": { "Regions": [] },\n` +
        `  "iam:ListUsers" : { "Users": [ { "UserName": "a" } ] }\n} }`,
    );
    expectUserError(path, path, /"iam:ListUsers" is defined twice/);
  });

  it('keys repeated only inside responses or outside "responses" are fine', () => {
    const path = write(
      'fine.json',
      `{ "format": "${SNAPSHOT_FORMAT}", "version": 1, "description": "iam:ListUsers",\n` +
        ` "responses": { "iam:ListUsers": { "Users": [ { "UserName": "a" }, { "UserName": "b" } ] }, "iam:ListRoles": { "Roles": [] } } }`,
    );
    expect(Object.keys(loadSnapshot(path).responses)).toEqual(['iam:ListUsers', 'iam:ListRoles']);
  });

  const broken: [string, string, RegExp][] = [
    ['not JSON', '{ "format": ', /cannot read snapshot/],
    ['another format', JSON.stringify({ format: 'something-else', responses: {} }), /is not a cmt-audit snapshot/],
    ['no responses', JSON.stringify({ format: SNAPSHOT_FORMAT, version: 1 }), /is not a cmt-audit snapshot/],
    ['responses is a list', JSON.stringify({ format: SNAPSHOT_FORMAT, version: 1, responses: [] }), /is not a cmt-audit snapshot/],
    ['an unknown version', JSON.stringify({ format: SNAPSHOT_FORMAT, version: 2, responses: {} }), /unsupported snapshot version 2/],
    ['a key that is not service:Operation', snapshot({ 'GetAccountSummary please': {} }), /malformed response key "GetAccountSummary please"/],
    ['an input that is not JSON', snapshot({ 'iam:ListAccessKeys {UserName:"a"}': {} }), /the input is not JSON/],
    ['an input that is not an object', snapshot({ 'iam:ListAccessKeys ["a"]': {} }), /not a JSON object/],
    [
      'an input not written canonically (it could never match)',
      snapshot({ 's3:GetBucketPolicy@us-east-1 {"ExpectedBucketOwner":"1", "Bucket":"logs"}': {} }),
      /write it as s3:GetBucketPolicy@us-east-1 \{"Bucket":"logs","ExpectedBucketOwner":"1"\}/,
    ],
    ['an $error without a name', snapshot({ 'iam:ListUsers': { $error: { message: 'denied' } } }), /"\$error" needs a "name"/],
  ];
  for (const [label, text, what] of broken) {
    it(`${label} → UserError naming the file`, () => {
      const path = write('broken.json', text);
      expectUserError(path, path, what);
    });
  }

  it('a path that does not exist → UserError naming it', () => {
    const path = join(dir, 'nope.json');
    expectUserError(path, path, /cannot read snapshot .*ENOENT/);
  });

  it('a device or a FIFO is refused at once (never read forever, never waited on), naming it', () => {
    expectUserError('/dev/zero', '/dev/zero', /cannot read snapshot \/dev\/zero: it is not a regular file/);
    const fifo = join(dir, 'snapshot.fifo');
    execFileSync('mkfifo', [fifo]);
    expectUserError(fifo, fifo, /it is not a regular file/);
  });

  it('a directory without snapshot files → UserError naming it', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expectUserError(empty, empty, /has no \.json files/);
  });
});

describe('serialise (record) and revive (replay)', () => {
  it('Date → ISO string → Date; bytes → {$utf8} → Uint8Array; $metadata dropped', () => {
    const output = {
      $metadata: { httpStatusCode: 200, requestId: 'r', attempts: 1 },
      GeneratedTime: new Date('2026-05-01T10:00:00Z'),
      Content: new TextEncoder().encode('user,arn\n<root_account>,arn:aws:iam::123456789012:root\n'),
      Users: [{ UserName: 'alice', CreateDate: new Date('2024-03-01T12:00:00Z'), Enabled: true, Count: 3 }],
    };
    const stored = serialise(output);
    expect(stored).toEqual({
      GeneratedTime: '2026-05-01T10:00:00.000Z',
      Content: { $utf8: 'user,arn\n<root_account>,arn:aws:iam::123456789012:root\n' },
      Users: [{ UserName: 'alice', CreateDate: '2024-03-01T12:00:00.000Z', Enabled: true, Count: 3 }],
    });
    const back = revive(JSON.parse(JSON.stringify(stored))) as typeof output;
    expect(back.GeneratedTime).toEqual(output.GeneratedTime);
    expect(back.Users[0].CreateDate).toEqual(output.Users[0].CreateDate);
    expect(new TextDecoder().decode(back.Content)).toBe(new TextDecoder().decode(output.Content));
  });

  it('revive reads {$base64} as bytes and leaves other strings alone', () => {
    const back = revive({ Blob: { $base64: Buffer.from('hi').toString('base64') }, Name: '2024-03-01', Other: 'x' }) as Record<string, unknown>;
    expect(Buffer.from(back.Blob as Uint8Array).toString()).toBe('hi');
    expect(back.Name).toBe('2024-03-01');
  });

  it('access key ids are masked to prefix + X… + last 4, wherever they appear', () => {
    const stored = serialise({
      AccessKeyMetadata: [{ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, { AccessKeyId: 'ASIAQWERTYUIOPASDF12' }],
      Message: 'key AKIAIOSFODNN7EXAMPLE was used',
      Content: new TextEncoder().encode('id\nAKIAIOSFODNN7EXAMPLE\n'),
    });
    expect(stored).toEqual({
      AccessKeyMetadata: [{ AccessKeyId: 'AKIAXXXXXXXXXXXXMPLE' }, { AccessKeyId: 'ASIAXXXXXXXXXXXXDF12' }],
      Message: 'key AKIAXXXXXXXXXXXXMPLE was used',
      Content: { $utf8: 'id\nAKIAXXXXXXXXXXXXMPLE\n' },
    });
  });

  it('values under secret / password / token field names are redacted; names and ARNs of secrets are kept', () => {
    const stored = serialise({
      Credentials: { AccessKeyId: 'ASIAQWERTYUIOPASDF12', SecretAccessKey: 'abc', SessionToken: 'FwoGZXIvYXdzEBYaD', Expiration: new Date('2026-01-01T00:00:00Z') },
      SecretString: '{"password":"hunter2"}',
      MasterUserPassword: 'hunter2',
      PasswordData: 'encrypted-blob',
      ClientSecret: 'shh',
      PrivateKey: '-----BEGIN RSA PRIVATE KEY-----',
      Tokens: ['t1', 't2'],
      SecretName: 'prod/db',
      SecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
      PasswordLastUsed: new Date('2026-02-01T00:00:00Z'),
      TokenType: 'Bearer',
      PasswordResetRequired: false,
      Empty: { Password: '' },
    });
    expect(stored).toEqual({
      Credentials: { AccessKeyId: 'ASIAXXXXXXXXXXXXDF12', SecretAccessKey: '<redacted>', SessionToken: '<redacted>', Expiration: '2026-01-01T00:00:00.000Z' },
      SecretString: '<redacted>',
      MasterUserPassword: '<redacted>',
      PasswordData: '<redacted>',
      ClientSecret: '<redacted>',
      PrivateKey: '<redacted>',
      Tokens: ['<redacted>', '<redacted>'],
      SecretName: 'prod/db',
      SecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
      PasswordLastUsed: '2026-02-01T00:00:00.000Z',
      TokenType: 'Bearer',
      PasswordResetRequired: false,
      Empty: { Password: '' },
    });
  });

  it('a secret access key anywhere (40 mixed base64 characters) is redacted; a 40-hex digest is not', () => {
    const stored = serialise({
      Tags: [{ Key: 'note', Value: 'deploy with wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY please' }],
      Sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    });
    expect(stored).toEqual({ Tags: [{ Key: 'note', Value: 'deploy with <redacted> please' }], Sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' });
  });
});

describe('redaction of secrets that hide in free text and pairs', () => {
  it('masks secret-named assignments and URL passwords in text, keeping the names', () => {
    const text = 'export DB_PASSWORD=hunter2\nAPI_TOKEN: "abc123"\nurl=postgres://app:s3cr3t@db.internal:5432/x\nREGION=us-east-1';
    const out = redactString(text);
    expect(out).toContain('DB_PASSWORD=<redacted>');
    expect(out).toContain('API_TOKEN: "<redacted>');
    expect(out).toContain('postgres://app:<redacted>@db.internal');
    expect(out).toContain('REGION=us-east-1');
    expect(out).not.toMatch(/hunter2|abc123|s3cr3t/);
  });

  it('hides the value of a secret-named name/value pair (ECS environment, CloudFormation parameters)', () => {
    const out = serialise({
      environment: [
        { name: 'DB_PASSWORD', value: 'hunter2' },
        { name: 'LOG_LEVEL', value: 'debug' },
      ],
      Parameters: [{ ParameterKey: 'AdminPassword', ParameterValue: 'Pa55word!' }],
    }) as any;
    expect(out.environment).toEqual([
      { name: 'DB_PASSWORD', value: '<redacted>' },
      { name: 'LOG_LEVEL', value: 'debug' },
    ]);
    expect(out.Parameters[0]).toEqual({ ParameterKey: 'AdminPassword', ParameterValue: '<redacted>' });
  });

  it('keeps what is no secret and what checks read: AWS\'s own **** mask of a NoEcho parameter, flags and numbers', () => {
    const out = serialise({
      Parameters: [{ ParameterKey: 'DBMasterPassword', ParameterValue: '****' }],
      CloudTrailEvent: '{"sessionCredentialFromConsole":"true","credentialCount":"3","apiToken":"abc123"}',
    }) as any;
    expect(out.Parameters[0]).toEqual({ ParameterKey: 'DBMasterPassword', ParameterValue: '****' });
    expect(JSON.parse(out.CloudTrailEvent)).toEqual({ sessionCredentialFromConsole: 'true', credentialCount: '3', apiToken: '<redacted>' });
  });

  it('decodes EC2 user data (plain or gzip), redacts it and keeps access-key shapes detectable', async () => {
    const { gzipSync } = await import('node:zlib');
    const script = '#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7REALKEY\nexport DB_PASSWORD=hunter2\n';
    for (const encoded of [Buffer.from(script).toString('base64'), gzipSync(script).toString('base64')]) {
      const out = serialise({ InstanceId: 'i-1', UserData: { Value: encoded } }) as any;
      const decoded = Buffer.from(out.UserData.Value, 'base64').toString('utf8');
      expect(decoded).toContain('AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXLKEY');
      expect(decoded).toMatch(/AKIA[A-Z0-9]{16}/);
      expect(decoded).toContain('DB_PASSWORD=<redacted>');
      expect(decoded).not.toContain('hunter2');
    }
  });
});
