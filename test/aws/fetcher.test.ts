// The Fetcher against the real SDK clients. Two harnesses, nothing reaches the network:
// - aws-sdk-client-mock stubs `Client#send` (only that method), so memo, pagination, limits, error
//   classification and recording are exercised against real clients, but the SDK's middleware does not run;
// - retries therefore are proven at the HTTP level: a local server on 127.0.0.1 speaks the IAM Query API,
//   and a real IAMClient (adaptive retry, as the scanner configures it) is pointed at it.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Fetcher } from '../../src/aws/fetcher.js';
import { createAwsData } from '../../src/aws/index.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { SNAPSHOT_FORMAT } from '../../src/aws/snapshot.js';
import { defineCheck, met, notMet, type Check } from '../../src/checks/define-check.js';
import rootAccountMfa from '../../src/checks/security/root-account-mfa.js';
import { runChecks } from '../../src/engine.js';
import { AwsDataError, MissingPermission, NotInSnapshot, Throttled } from '../../src/errors.js';
import type { CheckResult } from '../../src/model.js';
import { engineContext, HOME, liveFetcher, NOW } from '../support/check-tester.js';

function run(fetcher: Fetcher, checks: Check[], only = checks.map((c) => c.meta.id)) {
  return runChecks({ checks, only, context: engineContext(fetcher) });
}

const byId = (results: CheckResult[], id: string) => results.find((r) => r.id === id)!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const awsError = (name: string, message: string, httpStatusCode: number) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });

/** Two checks (ids 1.2 and 1.3, both apply to multi-tenant SaaS) that need the same data. */
const summaryCheck = (id: '1.2' | '1.3') =>
  defineCheck({
    meta: { id, kind: 'automated', scope: 'account', permissions: ['iam:GetAccountSummary'], remediation: 'n/a' },
    async run({ aws, account }) {
      const summary = await aws.iam.accountSummary();
      return summary.Users === 2 ? [met(account.rootArn, 'two users')] : [notMet(account.rootArn, 'not two users')];
    },
  });

describe('Fetcher with a mocked SDK (Client#send stubbed)', () => {
  let iam: AwsClientStub<IAMClient>;
  let ec2: AwsClientStub<EC2Client>;
  beforeEach(() => {
    iam = mockClient(IAMClient);
    ec2 = mockClient(EC2Client);
  });
  afterEach(() => {
    iam.restore();
    ec2.restore();
  });

  describe('memo', () => {
    it('two concurrent callers of the same call share one promise and one send', async () => {
      iam.on(GetAccountSummaryCommand).callsFake(async () => {
        await sleep(10);
        return { SummaryMap: { Users: 2 } };
      });
      const f = liveFetcher();
      const first = f.call('iam', 'GetAccountSummary');
      const second = f.call('iam', 'GetAccountSummary');
      expect(second).toBe(first);
      const [a, b] = await Promise.all([first, second]);
      expect(a).toBe(b);
      expect(iam.commandCalls(GetAccountSummaryCommand)).toHaveLength(1);
      expect(f.stats).toMatchObject({ uniqueCalls: 1, memoHits: 1, apiCalls: 1, retries: 0 });
      expect(f.calls.map((c) => c.key)).toEqual(['iam:GetAccountSummary']);
    });

    it('the same operation with another input is another send; key order in the input does not matter', async () => {
      ec2.on(DescribeRegionsCommand).resolves({ Regions: [] });
      const f = liveFetcher();
      await f.call('ec2', 'DescribeRegions', { AllRegions: true, RegionNames: ['us-east-1'] });
      await f.call('ec2', 'DescribeRegions', { RegionNames: ['us-east-1'], AllRegions: true });
      await f.call('ec2', 'DescribeRegions', { AllRegions: false, RegionNames: ['us-east-1'] });
      expect(ec2.commandCalls(DescribeRegionsCommand)).toHaveLength(2);
      expect(f.stats).toMatchObject({ uniqueCalls: 2, memoHits: 1, apiCalls: 2 });
    });

    it('the same call in another region is another send, to a client of that region', async () => {
      ec2.on(DescribeRegionsCommand).callsFake(async (_input, getClient) => ({ Regions: [{ RegionName: await getClient().config.region() }] }));
      const f = liveFetcher();
      const east = await f.call('ec2', 'DescribeRegions', {}, 'us-east-1');
      const west = await f.call('ec2', 'DescribeRegions', {}, 'eu-west-1');
      await f.call('ec2', 'DescribeRegions', {}, 'eu-west-1');
      expect(east.Regions[0].RegionName).toBe('us-east-1');
      expect(west.Regions[0].RegionName).toBe('eu-west-1');
      expect(f.calls.map((c) => c.key)).toEqual(['ec2:DescribeRegions@us-east-1', 'ec2:DescribeRegions@eu-west-1']);
      expect(f.stats).toMatchObject({ uniqueCalls: 2, memoHits: 1, apiCalls: 2 });
    });

    it('a global service ignores the region: one call, keyed without one, sent to the home region', async () => {
      iam.on(GetAccountSummaryCommand).callsFake(async (_input, getClient) => ({ SummaryMap: { Region: await getClient().config.region() } }));
      const f = liveFetcher();
      const a = await f.call('iam', 'GetAccountSummary', {}, 'eu-west-1');
      await f.call('iam', 'GetAccountSummary');
      expect(a.SummaryMap.Region).toBe(HOME);
      expect(iam.commandCalls(GetAccountSummaryCommand)).toHaveLength(1);
      expect(f.calls[0]).toMatchObject({ key: 'iam:GetAccountSummary', region: undefined, action: 'iam:GetAccountSummary' });
    });

    it('two checks that need the same data make one call in one runChecks()', async () => {
      iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { Users: 2 } });
      const f = liveFetcher();
      const { results } = await run(f, [summaryCheck('1.2'), summaryCheck('1.3')]);
      expect(results.map((r) => [r.id, r.status])).toEqual([
        ['1.2', 'met'],
        ['1.3', 'met'],
      ]);
      expect(iam.commandCalls(GetAccountSummaryCommand)).toHaveLength(1);
      expect(f.stats).toMatchObject({ uniqueCalls: 1, memoHits: 1, apiCalls: 1 });
    });
  });

  describe('pagination', () => {
    const user = (name: string) => ({ UserName: name, UserId: `AIDA${name.toUpperCase()}`, Arn: `arn:aws:iam::123456789012:user/${name}`, Path: '/', CreateDate: NOW });

    it('merges IsTruncated/Marker pages into one list, counts each page, leaves the caller input alone', async () => {
      const pages: Record<string, object> = {
        first: { Users: [user('a'), user('b')], IsTruncated: true, Marker: 'm1' },
        m1: { Users: [user('c')], IsTruncated: true, Marker: 'm2' },
        m2: { Users: [user('d')], IsTruncated: false },
      };
      const markersSent: (string | undefined)[] = [];
      iam.on(ListUsersCommand).callsFake((input: { Marker?: string }) => {
        markersSent.push(input.Marker);
        return pages[input.Marker ?? 'first'];
      });
      const f = liveFetcher();
      const input = { PathPrefix: '/' };
      const out = await f.call('iam', 'ListUsers', input);
      expect(out.Users.map((u: { UserName: string }) => u.UserName)).toEqual(['a', 'b', 'c', 'd']);
      expect(out.IsTruncated).toBe(false);
      expect(out.Marker).toBeUndefined();
      expect(markersSent).toEqual([undefined, 'm1', 'm2']);
      expect(input).toEqual({ PathPrefix: '/' });
      expect(f.stats).toMatchObject({ apiCalls: 3, uniqueCalls: 1, retries: 0 });
    });

    it('a page that fails fails the call, classified (denied on page 2 → MissingPermission iam:ListUsers)', async () => {
      iam
        .on(ListUsersCommand)
        .resolvesOnce({ Users: [user('a')], IsTruncated: true, Marker: 'm1' })
        .rejects(awsError('AccessDenied', 'not authorized to perform: iam:ListUsers', 403));
      const f = liveFetcher();
      const err = await f.call('iam', 'ListUsers').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MissingPermission);
      expect((err as MissingPermission).action).toBe('iam:ListUsers');
      expect(f.stats.apiCalls).toBe(2);
    });
  });

  describe('concurrency limit per (region, service)', () => {
    /** A send that counts the requests in flight, per region, while it takes a few milliseconds. */
    function inFlightGauge() {
      const now = new Map<string, number>();
      const max = new Map<string, number>();
      let total = 0;
      let maxTotal = 0;
      const fake = async (output: object, region: string) => {
        now.set(region, (now.get(region) ?? 0) + 1);
        max.set(region, Math.max(max.get(region) ?? 0, now.get(region)!));
        maxTotal = Math.max(maxTotal, ++total);
        await sleep(5);
        now.set(region, now.get(region)! - 1);
        total--;
        return output;
      };
      return { fake, max, maxTotal: () => maxTotal };
    }

    it('10 different calls with concurrency 2 → never more than 2 in flight (single requests)', async () => {
      const gauge = inFlightGauge();
      ec2.on(DescribeRegionsCommand).callsFake(async (_input, getClient) => gauge.fake({ Regions: [] }, await getClient().config.region()));
      const f = liveFetcher({ concurrency: 2 });
      await Promise.all(Array.from({ length: 10 }, (_, i) => f.call('ec2', 'DescribeRegions', { RegionNames: [`r${i}`] })));
      expect(ec2.commandCalls(DescribeRegionsCommand)).toHaveLength(10);
      expect(gauge.max.get(HOME)).toBe(2);
    });

    it('10 different paginated calls with concurrency 2 → never more than 2 pages in flight', async () => {
      const gauge = inFlightGauge();
      iam.on(ListAccessKeysCommand).callsFake((input: { Marker?: string }) =>
        gauge.fake(input.Marker ? { AccessKeyMetadata: [], IsTruncated: false } : { AccessKeyMetadata: [], IsTruncated: true, Marker: 'p2' }, HOME),
      );
      const f = liveFetcher({ concurrency: 2 });
      await Promise.all(Array.from({ length: 10 }, (_, i) => f.call('iam', 'ListAccessKeys', { UserName: `u${i}` })));
      expect(iam.commandCalls(ListAccessKeysCommand)).toHaveLength(20);
      expect(gauge.max.get(HOME)).toBe(2);
    });

    it('each (region, service) has its own limit: two regions run side by side', async () => {
      const gauge = inFlightGauge();
      ec2.on(DescribeRegionsCommand).callsFake(async (_input, getClient) => gauge.fake({ Regions: [] }, await getClient().config.region()));
      const f = liveFetcher({ concurrency: 2 });
      await Promise.all(
        ['us-east-1', 'eu-west-1'].flatMap((region) =>
          Array.from({ length: 10 }, (_, i) => f.call('ec2', 'DescribeRegions', { RegionNames: [`r${i}`] }, region)),
        ),
      );
      expect(gauge.max.get('us-east-1')).toBe(2);
      expect(gauge.max.get('eu-west-1')).toBe(2);
      expect(gauge.maxTotal()).toBe(4);
    });

    it('clients use adaptive retry with 8 attempts unless clientConfig (AWS_RETRY_MODE / AWS_MAX_ATTEMPTS) says otherwise', async () => {
      const seen: { mode?: string; attempts?: number }[] = [];
      iam.on(GetAccountSummaryCommand).callsFake(async (_input, getClient) => {
        const config = getClient().config as { retryStrategy(): Promise<{ mode?: string }>; maxAttempts(): Promise<number> };
        seen.push({ mode: (await config.retryStrategy()).mode, attempts: await config.maxAttempts() });
        return { SummaryMap: {} };
      });
      await liveFetcher().call('iam', 'GetAccountSummary');
      await liveFetcher({ clientConfig: { retryMode: 'standard', maxAttempts: 3 } }).call('iam', 'GetAccountSummary');
      expect(seen).toEqual([
        { mode: 'adaptive', attempts: 8 },
        { mode: 'standard', attempts: 3 },
      ]);
    });

    it('a concurrency below 1 is refused', () => {
      expect(() => liveFetcher({ concurrency: 0 })).toThrow(/concurrency/);
    });
  });

  describe('errors end to end', () => {
    it('a service control policy\'s deny is named (an organization scan: it applies to a whole account or OU)', async () => {
      const message =
        'User: arn:aws:sts::444444444444:assumed-role/CmtAuditReadOnly/cmt-audit is not authorized to perform: iam:ListUsers with an explicit deny in a service control policy';
      iam.on(ListUsersCommand).rejects(awsError('AccessDenied', message, 403));
      const err = await liveFetcher().call('iam', 'ListUsers').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MissingPermission);
      expect((err as MissingPermission).message).toBe('missing permission iam:ListUsers (denied by a service control policy)');
    });

    it.each([
      ['… with an explicit deny in a resource control policy', 'denied by a resource control policy'],
      ['… because no permissions boundary allows the iam:ListUsers action', 'denied by a permissions boundary'],
      ['… because no session policy allows the iam:ListUsers action', 'denied by a session policy'],
      ['… with an explicit deny in an identity-based policy', 'an explicit deny'],
      ['User: x is not authorized to perform: iam:ListUsers', undefined],
    ])('%s → %s', async (message, detail) => {
      const { denialSource } = await import('../../src/aws/fetcher.js');
      expect(denialSource(message)).toBe(detail);
    });

    it('a denied API ends its check in error naming the permission; the rest of the scan goes on', async () => {
      iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { Users: 2 } });
      iam.on(ListUsersCommand).rejects(awsError('AccessDenied', 'User: arn:aws:iam::123456789012:user/audit is not authorized', 403));
      const usersCheck = defineCheck({
        meta: { id: '1.3', kind: 'automated', scope: 'account', permissions: ['iam:ListUsers'], remediation: 'n/a' },
        async run({ aws, account }) {
          return (await aws.iam.users()).length ? [met(account.rootArn, 'users')] : [notMet(account.rootArn, 'no users')];
        },
      });
      const { results, errors } = await run(liveFetcher(), [summaryCheck('1.2'), usersCheck]);
      expect(byId(results, '1.2').status).toBe('met');
      const denied = byId(results, '1.3');
      expect(denied.status).toBe('error');
      expect(denied.findings[0]).toMatchObject({ status: 'error', missingPermission: 'iam:ListUsers', errorKind: 'missing-permission' });
      expect(errors).toEqual([expect.objectContaining({ checkId: '1.3', kind: 'missing-permission', missingPermission: 'iam:ListUsers' })]);
    });
  });

  describe('credential report', () => {
    const CSV =
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
      'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
      'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
      'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n' +
      '<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2026-05-01T00:00:00+00:00,not_supported,not_supported,true,' +
      'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n' +
      'alice,arn:aws:iam::123456789012:user/alice,2021-01-01T00:00:00+00:00,true,no_information,2021-01-01T00:00:00+00:00,N/A,false,' +
      'true,2021-01-01T00:00:00+00:00,2026-05-30T00:00:00+00:00,us-east-1,iam,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n';

    it('polls GenerateCredentialReport through STARTED and INPROGRESS to COMPLETE, then fetches and parses it once', async () => {
      iam
        .on(GenerateCredentialReportCommand)
        .resolvesOnce({ State: 'STARTED', Description: 'No report exists. Starting a new report generation task' })
        .resolvesOnce({ State: 'INPROGRESS' })
        .resolves({ State: 'COMPLETE' });
      iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(CSV), ReportFormat: 'text/csv', GeneratedTime: NOW });
      const f = liveFetcher({ pollDelayMs: 0 });
      const aws = createAwsData(f);
      const [report, again] = await Promise.all([aws.iam.credentialReport(), aws.iam.credentialReport()]);
      expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
      expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
      expect(report.generatedAt).toEqual(NOW);
      expect(report.root).toMatchObject({ mfaActive: true, passwordEnabled: undefined, passwordLastUsed: new Date('2026-05-01T00:00:00Z') });
      expect(report.users).toHaveLength(1);
      expect(report.users[0]).toMatchObject({ user: 'alice', passwordEnabled: true, passwordLastUsed: undefined, mfaActive: false });
      expect(report.users[0].accessKeys[0]).toMatchObject({ slot: 1, active: true, lastUsedService: 'iam' });
      expect(again.users[0].user).toBe('alice');
      expect(f.stats).toMatchObject({ apiCalls: 4, uniqueCalls: 2, memoHits: 2 });
    });

    it('a report that never completes → AwsDataError (the check is error, not met)', async () => {
      iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
      const f = liveFetcher({ pollDelayMs: 0, pollTimeoutMs: 20 });
      const err = await createAwsData(f).iam.credentialReport().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AwsDataError);
      expect((err as AwsDataError).message).toMatch(/iam:GenerateCredentialReport did not become ready/);
      expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
    });
  });

  describe('record and replay', () => {
    const SECRET_TAG = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const created = new Date('2024-03-01T12:00:00Z');

    /** 1.2 reads the summary, the password policy and the credential report; 1.3 users and their keys. */
    const checks = [
      defineCheck({
        meta: {
          id: '1.2',
          kind: 'automated',
          scope: 'account',
          permissions: ['iam:GetAccountSummary', 'iam:GetAccountPasswordPolicy', 'iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
          remediation: 'n/a',
        },
        async run({ aws, account }) {
          const [summary, policy, report] = await Promise.all([aws.iam.accountSummary(), aws.iam.passwordPolicy(), aws.iam.credentialReport()]);
          const evidence = { users: summary.Users, policy: policy === undefined ? 'none' : 'set', rows: report.users.length };
          return [met(account.rootArn, 'read', evidence)];
        },
      }),
      defineCheck({
        meta: { id: '1.3', kind: 'automated', scope: 'account', permissions: ['iam:ListUsers', 'iam:ListAccessKeys'], remediation: 'n/a' },
        async run({ aws }) {
          const users = await aws.iam.users();
          return Promise.all(
            users.map(async (u) => {
              const keys = await aws.iam.accessKeys(u.UserName!);
              return met(u.Arn!, `${keys.length} key(s), created ${u.CreateDate!.toISOString()}`);
            }),
          );
        },
      }),
    ];

    function mockAccount() {
      iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { Users: 2, AccountMFAEnabled: 1 } });
      const noPolicy = new NoSuchEntityException({ message: 'The Password Policy with domain name 123456789012 cannot be found.', $metadata: { httpStatusCode: 404 } });
      iam.on(GetAccountPasswordPolicyCommand).rejects(Object.assign(noPolicy, { Code: 'NoSuchEntity' }));
      iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
      iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode('user,arn,mfa_active\nalice,arn:aws:iam::123456789012:user/alice,false\n'), GeneratedTime: created });
      iam
        .on(ListUsersCommand)
        .resolvesOnce({ Users: [{ UserName: 'alice', UserId: 'AIDAALICE', Arn: 'arn:aws:iam::123456789012:user/alice', Path: '/', CreateDate: created, Tags: [{ Key: 'ci', Value: SECRET_TAG }] }], IsTruncated: true, Marker: 'next' })
        .resolves({ Users: [{ UserName: 'bob', UserId: 'AIDABOB', Arn: 'arn:aws:iam::123456789012:user/bob', Path: '/', CreateDate: created }], IsTruncated: false });
      iam
        .on(ListAccessKeysCommand, { UserName: 'alice' })
        .resolves({ AccessKeyMetadata: [{ UserName: 'alice', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Active', CreateDate: created }], IsTruncated: false });
      iam.on(ListAccessKeysCommand, { UserName: 'bob' }).rejects(awsError('AccessDenied', 'User: arn:aws:iam::123456789012:user/audit is not authorized to perform: iam:ListAccessKeys', 403));
    }

    const comparable = (results: CheckResult[]) => results.map(({ durationMs: _d, ...r }) => r);

    it('records every response under its snapshot key, serialised and redacted', async () => {
      mockAccount();
      const f = liveFetcher({ record: true });
      await run(f, checks);
      const r = f.recorded as Record<string, any>;
      expect(Object.keys(r).sort()).toEqual([
        'iam:GenerateCredentialReport',
        'iam:GetAccountPasswordPolicy',
        'iam:GetAccountSummary',
        'iam:GetCredentialReport',
        'iam:ListAccessKeys {"UserName":"alice"}',
        'iam:ListAccessKeys {"UserName":"bob"}',
        'iam:ListUsers',
      ]);
      expect(r['iam:GetAccountSummary']).toEqual({ SummaryMap: { Users: 2, AccountMFAEnabled: 1 } });
      expect(r['iam:ListUsers'].Users[0].CreateDate).toBe('2024-03-01T12:00:00.000Z');
      expect(r['iam:ListUsers'].Users.map((u: { UserName: string }) => u.UserName)).toEqual(['alice', 'bob']);
      expect(r['iam:ListUsers'].Marker).toBeUndefined();
      expect(r['iam:ListUsers'].Users[0].Tags[0].Value).toBe('<redacted>');
      expect(r['iam:GetCredentialReport'].Content).toEqual({ $utf8: 'user,arn,mfa_active\nalice,arn:aws:iam::123456789012:user/alice,false\n' });
      expect(r['iam:ListAccessKeys {"UserName":"alice"}'].AccessKeyMetadata[0].AccessKeyId).toBe('AKIAXXXXXXXXXXXXMPLE');
      expect(r['iam:GetAccountPasswordPolicy']).toEqual({ $error: { name: 'NoSuchEntityException', code: 'NoSuchEntity', httpStatusCode: 404 } });
      expect(r['iam:ListAccessKeys {"UserName":"bob"}']).toEqual({
        $error: { name: 'AccessDenied', message: expect.stringContaining('not authorized'), httpStatusCode: 403 },
      });
      expect(JSON.stringify(r)).not.toContain(SECRET_TAG);
      expect(JSON.stringify(r)).not.toContain('$metadata');
    });

    it('replaying the recorded snapshot gives the live results, errors classified the same, with no call to AWS', async () => {
      mockAccount();
      const live = liveFetcher({ record: true });
      const liveRun = await run(live, checks);
      expect(byId(liveRun.results, '1.3').findings.find((x) => x.status === 'error')).toMatchObject({ missingPermission: 'iam:ListAccessKeys' });
      const sends = iam.send.callCount;

      const snapshot = JSON.parse(JSON.stringify({ format: SNAPSHOT_FORMAT, version: 1, responses: live.recorded }));
      const replay = new Fetcher({ services: SERVICES, homeRegion: HOME, snapshot });
      const replayRun = await run(replay, checks);
      expect(comparable(replayRun.results)).toEqual(comparable(liveRun.results));
      expect(replayRun.errors).toEqual(liveRun.errors);
      expect(iam.send.callCount).toBe(sends);
      expect(replay.stats.apiCalls).toBe(0);
    });

    it('replay: a key the snapshot lacks → NotInSnapshot naming the key', async () => {
      const replay = new Fetcher({ services: SERVICES, homeRegion: HOME, snapshot: { format: SNAPSHOT_FORMAT, version: 1, responses: {} } });
      const err = await replay.call('ec2', 'DescribeRegions', { AllRegions: true }, 'eu-west-1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotInSnapshot);
      expect((err as NotInSnapshot).call).toBe('ec2:DescribeRegions@eu-west-1 {"AllRegions":true}');
      expect(iam.send.callCount + ec2.send.callCount).toBe(0);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// HTTP level: the SDK's real middleware (signing, retry, XML parsing) against a local IAM Query API.

type Reply = { status: number; body: string };
const ERROR = (code: string, message: string, status = 400): Reply => ({
  status,
  body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
});
const THROTTLING = ERROR('Throttling', 'Rate exceeded');
const ok = (action: string, result: string): Reply => ({
  status: 200,
  body:
    `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></${action}Response>`,
});
const SUMMARY = ok(
  'GetAccountSummary',
  '<SummaryMap><entry><key>AccountMFAEnabled</key><value>1</value></entry><entry><key>Users</key><value>2</value></entry></SummaryMap>',
);
const usersPage = (names: string[], marker?: string) =>
  ok(
    'ListUsers',
    `<Users>${names
      .map((n) => `<member><Path>/</Path><UserName>${n}</UserName><UserId>AIDA${n.toUpperCase()}</UserId><Arn>arn:aws:iam::123456789012:user/${n}</Arn><CreateDate>2024-03-01T12:00:00Z</CreateDate></member>`)
      .join('')}</Users><IsTruncated>${marker ? 'true' : 'false'}</IsTruncated>${marker ? `<Marker>${marker}</Marker>` : ''}`,
  );

/** A retry strategy (SDK RetryStrategyV2) with no waiting, for the tests that exhaust every attempt. */
const quickRetries = (maxAttempts: number) => ({
  mode: 'standard',
  acquireInitialRetryToken: async () => ({ getRetryCount: () => 0, getRetryDelay: () => 0 }),
  refreshRetryTokenForRetry: async (token: { getRetryCount(): number }, info: { errorType: string }) => {
    const count = token.getRetryCount() + 1;
    if (count >= maxAttempts || !['THROTTLING', 'TRANSIENT'].includes(info.errorType)) throw new Error('no retry');
    return { getRetryCount: () => count, getRetryDelay: () => 1 };
  },
  recordSuccess: () => undefined,
});

describe('Fetcher against a local IAM Query API (real SDK middleware)', () => {
  let server: Server;
  let endpoint: string;
  /** Replies per Action, served in order; the last one repeats. */
  let script: Record<string, Reply[]> = {};
  let requests: { action: string; marker: string | null }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const params = new URLSearchParams(body);
        const action = params.get('Action') ?? '?';
        requests.push({ action, marker: params.get('Marker') });
        const queue = script[action] ?? [ERROR('InvalidAction', `unexpected ${action}`)];
        const reply = queue.length > 1 ? queue.shift()! : queue[0];
        res.writeHead(reply.status, { 'content-type': 'text/xml' }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    script = {};
    requests = [];
  });

  it('throttled twice, then answered: the retry absorbs it, the check is met, retries are counted', async () => {
    script.GetAccountSummary = [THROTTLING, THROTTLING, SUMMARY];
    const f = liveFetcher({ clientConfig: { endpoint, retryStrategy: quickRetries(8) } });
    try {
      const { results } = await run(f, [rootAccountMfa]);
      expect(results[0].status).toBe('met');
      expect(requests.map((r) => r.action)).toEqual(['GetAccountSummary', 'GetAccountSummary', 'GetAccountSummary']);
      expect(f.stats).toMatchObject({ apiCalls: 3, retries: 2, throttled: 1, uniqueCalls: 1 });
    } finally {
      f.destroy();
    }
  });

  // The scanner's own retry configuration, unchanged. Adaptive mode slows the client to ~0.5 request/s
  // after a throttle, so this one waits about 2 s.
  it('with the default configuration (adaptive retry, 8 attempts) a throttle is absorbed too', async () => {
    script.GetAccountSummary = [THROTTLING, SUMMARY];
    const f = liveFetcher({ clientConfig: { endpoint } });
    try {
      const { results } = await run(f, [rootAccountMfa]);
      expect(results[0].status).toBe('met');
      expect(f.stats).toMatchObject({ apiCalls: 2, retries: 1, throttled: 1 });
    } finally {
      f.destroy();
    }
  });

  it('still throttled after every attempt → Throttled → the check is error, never not-met', async () => {
    script.GetAccountSummary = [THROTTLING];
    const f = liveFetcher({ clientConfig: { endpoint, retryStrategy: quickRetries(3) } });
    try {
      const err = await f.call('iam', 'GetAccountSummary').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Throttled);
      const { results } = await run(f, [rootAccountMfa]);
      expect(results[0].status).toBe('error');
      expect(results[0].findings[0]).toMatchObject({ errorKind: 'throttled', message: expect.stringMatching(/throttled/) });
      expect(requests).toHaveLength(3);
      expect(f.stats).toMatchObject({ apiCalls: 3, retries: 2, throttled: 1 });
    } finally {
      f.destroy();
    }
  });

  it('pages go through the client: a throttled page is retried and the listing completes', async () => {
    script.ListUsers = [usersPage(['a', 'b'], 'm1'), THROTTLING, usersPage(['c'])];
    const f = liveFetcher({ clientConfig: { endpoint, retryStrategy: quickRetries(3) } });
    try {
      const users = await createAwsData(f).iam.users();
      expect(users.map((u) => u.UserName)).toEqual(['a', 'b', 'c']);
      expect(users[0].CreateDate).toEqual(new Date('2024-03-01T12:00:00Z'));
      expect(requests.map((r) => r.marker)).toEqual([null, 'm1', 'm1']);
      expect(f.stats).toMatchObject({ apiCalls: 3, retries: 1 });
    } finally {
      f.destroy();
    }
  });

  it('real SDK errors are classified: AccessDenied from a paginator → MissingPermission, NoSuchEntity → absent', async () => {
    script.ListUsers = [ERROR('AccessDenied', 'User: arn:aws:iam::123456789012:user/audit is not authorized to perform: iam:ListUsers', 403)];
    script.GetAccountPasswordPolicy = [ERROR('NoSuchEntity', 'The Password Policy with domain name 123456789012 cannot be found.', 404)];
    const f = liveFetcher({ clientConfig: { endpoint }, record: true });
    try {
      const aws = createAwsData(f);
      const err = await aws.iam.users().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MissingPermission);
      expect((err as MissingPermission).action).toBe('iam:ListUsers');
      expect(await aws.iam.passwordPolicy()).toBeUndefined();
      expect(f.recorded['iam:GetAccountPasswordPolicy']).toEqual({ $error: { name: 'NoSuchEntityException', code: 'NoSuchEntity', httpStatusCode: 404 } });
    } finally {
      f.destroy();
    }
  });
});
