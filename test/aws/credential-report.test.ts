import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { Fetcher } from '../../src/aws/fetcher.js';
import { createAwsData } from '../../src/aws/index.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { parseCredentialReport } from '../../src/aws/services/iam-credential-report.js';
import { SNAPSHOT_FORMAT } from '../../src/aws/snapshot.js';
import { AwsDataError } from '../../src/errors.js';
import { ACCOUNT, daysAgo } from '../support/check-tester.js';
import { REPORT_HEADER, credentialReport, reportCsv, root, user } from '../support/iam-fixtures.js';

// Rows as IAM writes them: placeholders N/A (not applicable), no_information (never used / not tracked),
// not_supported (root has no password fields of its own).
const CSV = [
  REPORT_HEADER,
  '<root_account>,arn:aws:iam::123456789012:root,2019-03-04T12:00:00+00:00,not_supported,2026-05-12T08:15:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
  'alice,arn:aws:iam::123456789012:user/alice,2021-05-10T09:00:00+00:00,true,no_information,2026-04-01T10:00:00+00:00,N/A,TRUE,true,2026-03-01T10:00:00+00:00,2026-05-30T17:42:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
  '"ops,team",arn:aws:iam::123456789012:user/ops/ops+team,2022-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,2024-01-01T00:00:00+00:00,N/A,N/A,N/A,true,2025-06-01T00:00:00+00:00,N/A,N/A,N/A,true,2023-02-02T00:00:00+00:00,false,N/A',
].join('\n');

describe('parseCredentialReport', () => {
  const generatedAt = new Date('2026-06-01T00:00:00Z');
  const report = parseCredentialReport(CSV, generatedAt);

  it('splits out the <root_account> row', () => {
    expect(report.root?.arn).toBe('arn:aws:iam::123456789012:root');
    expect(report.users.map((u) => u.user)).toEqual(['alice', 'ops,team']);
    expect(report.generatedAt).toEqual(generatedAt);
  });

  it('reads not_supported as absent and dates as Dates (root)', () => {
    expect(report.root).toMatchObject({ passwordEnabled: undefined, passwordLastChanged: undefined, passwordNextRotation: undefined, mfaActive: true });
    expect(report.root?.passwordLastUsed).toEqual(new Date('2026-05-12T08:15:00Z'));
    expect(report.root?.accessKeys.map((k) => k.active)).toEqual([false, false]);
  });

  it('reads no_information and N/A as absent, booleans case-insensitively', () => {
    const alice = report.users[0];
    expect(alice).toMatchObject({ passwordEnabled: true, passwordLastUsed: undefined, passwordNextRotation: undefined, mfaActive: true });
    expect(alice.passwordLastChanged).toEqual(new Date('2026-04-01T10:00:00Z'));
    expect(alice.accessKeys[0]).toEqual({
      slot: 1,
      active: true,
      lastRotated: new Date('2026-03-01T10:00:00Z'),
      lastUsedDate: new Date('2026-05-30T17:42:00Z'),
      lastUsedRegion: 'eu-west-1',
      lastUsedService: 's3',
    });
    expect(alice.accessKeys[1]).toEqual({ slot: 2, active: false, lastRotated: undefined, lastUsedDate: undefined, lastUsedRegion: undefined, lastUsedService: undefined });
  });

  it('keeps a quoted field with a comma whole, and reads the second key slot and certificates', () => {
    const ops = report.users[1];
    expect(ops).toMatchObject({ user: 'ops,team', arn: 'arn:aws:iam::123456789012:user/ops/ops+team', passwordEnabled: false, mfaActive: false });
    expect(ops.accessKeys[1]).toMatchObject({ slot: 2, active: true, lastRotated: new Date('2025-06-01T00:00:00Z'), lastUsedDate: undefined });
    expect([ops.cert1Active, ops.cert2Active]).toEqual([true, false]);
  });

  it('has no root when the row is missing, and no users for a header-only report', () => {
    expect(parseCredentialReport(`${REPORT_HEADER}\n`)).toEqual({ generatedAt: undefined, root: undefined, users: [] });
  });

  // A report that is not what IAM writes is an error naming the call, never rows read as "no password, no key".
  const aliceRow = CSV.split('\n')[2];
  const withAlice = (row: string) => [REPORT_HEADER, row].join('\n');
  it.each([
    ['empty content', '', /malformed: it is empty/],
    ['a header without the key columns', 'user,arn,password_enabled,mfa_active\nbob,arn:aws:iam::1:user/bob,false,false', /missing column\(s\) password_last_used, password_last_changed, access_key_1_active/],
    ['a flag that is neither true nor false', withAlice(aliceRow.replace(',true,2026-03-01', ',yes,2026-03-01')), /row 2 \(alice\) access_key_1_active is "yes", neither true nor false/],
    ['a date that is no date', withAlice(aliceRow.replace('2026-04-01T10:00:00+00:00', 'last tuesday')), /row 2 \(alice\) password_last_changed is "last tuesday", not a date/],
    ['a row without a user', withAlice(aliceRow.replace(/^alice/, '')), /row 2 \(no user\) user\/arn is empty/],
    ['CSV that does not parse', withAlice(`${aliceRow},extra`), /not CSV/],
    ['an unclosed quote', withAlice(`"alice${aliceRow.slice(5)}`), /not CSV/],
  ])('rejects %s as malformed, naming iam:GetCredentialReport', (_name, csv, message) => {
    let thrown: unknown;
    try {
      parseCredentialReport(csv);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AwsDataError);
    expect((thrown as AwsDataError).call).toBe('iam:GetCredentialReport');
    expect((thrown as AwsDataError).message).toMatch(message);
  });

  it('clips a long malformed value in the message', () => {
    const long = 'x'.repeat(500);
    expect(() => parseCredentialReport(withAlice(aliceRow.replace(',TRUE,', `,${long},`)))).toThrow(/mfa_active is "x{40}…", neither/);
  });

  it('reads a report with a byte-order mark and extra columns', () => {
    const parsed = parseCredentialReport(`\uFEFF${REPORT_HEADER},future_column\n${aliceRow},x`);
    expect(parsed.users.map((u) => u.user)).toEqual(['alice']);
  });

  it('agrees with the fixture builder (builder rows parse to what they say)', () => {
    const built = parseCredentialReport(
      reportCsv([root({ passwordLastUsed: daysAgo(20) }), user('bob', { password: { lastChanged: daysAgo(10) }, key2: { lastRotated: daysAgo(3) } })]),
    );
    expect(built.root?.passwordLastUsed).toEqual(new Date(daysAgo(20)));
    expect(built.users[0]).toMatchObject({ user: 'bob', passwordEnabled: true, passwordLastUsed: undefined, mfaActive: false });
    expect(built.users[0].accessKeys.map((k) => k.active)).toEqual([false, true]);
  });
});

describe('aws.iam.credentialReport()', () => {
  const iam = mockClient(IAMClient);
  afterEach(() => iam.reset());

  it('replays a snapshot ({$utf8} content) and parses it', async () => {
    const fetcher = new Fetcher({
      services: SERVICES,
      homeRegion: 'us-east-1',
      snapshot: { format: SNAPSHOT_FORMAT, version: 1, responses: credentialReport([root(), user('alice', { password: { lastChanged: daysAgo(1) } })]) },
    });
    const report = await createAwsData(fetcher).iam.credentialReport();
    expect(report.root?.arn).toBe(ACCOUNT.rootArn);
    expect(report.users.map((u) => u.user)).toEqual(['alice']);
    expect(report.generatedAt).toBeInstanceOf(Date);
  });

  it('polls GenerateCredentialReport until COMPLETE, then fetches the report once', async () => {
    iam
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(CSV), GeneratedTime: new Date('2026-06-01T00:00:00Z') });
    const fetcher = new Fetcher({ services: SERVICES, homeRegion: 'us-east-1', pollDelayMs: 0 });
    const aws = createAwsData(fetcher);
    const [a, b] = await Promise.all([aws.iam.credentialReport(), aws.iam.credentialReport()]);
    expect(a.users.map((u) => u.user)).toEqual(['alice', 'ops,team']);
    expect(b).toEqual(a);
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
    fetcher.destroy();
  });
});
