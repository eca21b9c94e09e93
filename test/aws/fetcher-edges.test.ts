// The Fetcher's edges: declarations, caching of SDK modules and clients, page merging, replay and record
// shapes, and repeatUntil polling. Stubbed clients (aws-sdk-client-mock) or test-only services; no network.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GenerateCredentialReportCommand, GetAccountSummaryCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fetcher } from '../../src/aws/fetcher.js';
import { defineService, type ServiceSpec } from '../../src/aws/service.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { SNAPSHOT_FORMAT } from '../../src/aws/snapshot.js';
import { AwsDataError, CredentialsError, MissingPermission, NotInSnapshot } from '../../src/errors.js';
import { HOME, liveFetcher } from '../support/check-tester.js';

const replay = (responses: Record<string, unknown>, record = false) =>
  new Fetcher({ services: SERVICES, homeRegion: HOME, record, snapshot: { format: SNAPSHOT_FORMAT, version: 1, responses } });
const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

/** A test-only service whose SDK module is built here: a client without destroy(), and a paginator given by the test. */
function fakeService(paginate: () => AsyncIterable<unknown>) {
  class FakeClient {
    constructor(readonly config: unknown) {}
  }
  const sdk = { FakeClient, FakeCommand: class {} };
  const load = vi.fn(async () => sdk);
  const spec: ServiceSpec = defineService({
    name: 'fake',
    iamPrefix: 'fake',
    load,
    client: 'FakeClient',
    operations: {
      ListThings: { command: 'FakeCommand', paginator: () => paginate, items: ['Things'] },
      GetThing: { command: 'NopeCommand' as 'FakeCommand' },
    },
  });
  return { spec, load, fetcher: new Fetcher({ services: [spec], homeRegion: HOME, clientConfig: {} }) };
}

describe('declarations and options', () => {
  it('a call to an undeclared service or operation is a bug, said at once', () => {
    const f = replay({});
    expect(() => f.call('nope', 'ListThings')).toThrow('internal: nope:ListThings is not declared in src/aws/services');
    expect(() => f.call('iam', 'DeleteUser')).toThrow('internal: iam:DeleteUser is not declared in src/aws/services');
  });

  it('a concurrency of 1 is allowed', () => {
    expect(() => new Fetcher({ services: SERVICES, homeRegion: HOME, concurrency: 1 })).not.toThrow();
  });

  it('an export the SDK module lacks is a bug naming it', async () => {
    const { fetcher } = fakeService(async function* () {});
    const err = await rejection(fetcher.call('fake', 'GetThing'));
    expect((err as Error).message).toContain('internal: fake: the SDK module has no export NopeCommand');
  });

  it('the homeRegion getter', () => {
    expect(replay({}).homeRegion).toBe(HOME);
  });
});

describe('SDK modules, clients, pages', () => {
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

  it('a service module is loaded once, and one client per region serves every call', async () => {
    const { fetcher, load } = fakeService(async function* () {});
    await fetcher.call('fake', 'ListThings', { a: 1 });
    await fetcher.call('fake', 'ListThings', { a: 2 });
    expect(load).toHaveBeenCalledOnce();

    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: {} });
    iam.on(ListUsersCommand).resolves({ Users: [], IsTruncated: false });
    const f = liveFetcher();
    await f.call('iam', 'GetAccountSummary');
    await f.call('iam', 'ListUsers');
    expect(iam.send.getCall(0).thisValue).toBe(iam.send.getCall(1).thisValue);
  });

  it('a paginator that yields no page: an empty answer; destroy() copes with a client that has no destroy()', async () => {
    const { fetcher } = fakeService(async function* () {});
    expect(await fetcher.call('fake', 'ListThings')).toEqual({});
    expect(() => fetcher.destroy()).not.toThrow();
  });

  it('destroy() releases every live client', async () => {
    const destroy = vi.spyOn(IAMClient.prototype, 'destroy');
    try {
      iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: {} });
      const f = liveFetcher();
      await f.call('iam', 'GetAccountSummary');
      f.destroy();
      expect(destroy).toHaveBeenCalledOnce();
    } finally {
      destroy.mockRestore();
    }
  });

  it("the caller's input reaches the SDK, copied", async () => {
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [] });
    const input = { AllRegions: true };
    await liveFetcher().call('ec2', 'DescribeRegions', input);
    expect(ec2.commandCalls(DescribeRegionsCommand)[0].args[0].input).toEqual({ AllRegions: true });
    expect(ec2.commandCalls(DescribeRegionsCommand)[0].args[0].input).not.toBe(input);
  });

  it('a page without the list field adds nothing to the list; an answer that never holds it is malformed where AWS always sends one', async () => {
    iam
      .on(ListUsersCommand)
      .resolvesOnce({ Users: [{ UserName: 'a' }], IsTruncated: true, Marker: 'm' } as never)
      .resolves({ IsTruncated: false });
    expect((await liveFetcher().call('iam', 'ListUsers')).Users).toEqual([{ UserName: 'a' }]);

    // IAM sends an empty list as <Users/> (the SDK reads []): no list at all is a blank or foreign answer.
    iam.reset();
    iam.on(ListUsersCommand).resolves(undefined as never);
    await expect(liveFetcher().call('iam', 'ListUsers', { PathPrefix: '/x/' })).rejects.toThrow(
      'iam:ListUsers {"PathPrefix":"/x/"} answered a malformed response: Users is missing',
    );
    iam.reset();
    iam.on(ListUsersCommand).resolves({ Users: [], IsTruncated: false });
    expect((await liveFetcher().call('iam', 'ListUsers', { PathPrefix: '/y/' })).Users).toEqual([]);
  });

  it('nothing is kept for --record unless asked', async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: {} });
    const f = liveFetcher();
    await f.call('iam', 'GetAccountSummary');
    expect(f.recorded).toEqual({});
  });
});

describe('record: what a failure looks like in a snapshot, and what is left out', () => {
  let iam: AwsClientStub<IAMClient>;
  beforeEach(() => {
    iam = mockClient(IAMClient);
  });
  afterEach(() => iam.restore());

  it('a network failure without HTTP metadata is kept by its code', async () => {
    iam.on(GetAccountSummaryCommand).rejects(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const f = liveFetcher({ record: true, clientConfig: { maxAttempts: 1 } });
    await rejection(f.call('iam', 'GetAccountSummary'));
    expect(f.recorded).toEqual({ 'iam:GetAccountSummary': { $error: { name: 'ECONNRESET', message: 'socket hang up' } } });
  });

  it('an empty name does not count as a code; a failure that is not even an Error is kept as Error', async () => {
    iam.on(GetAccountSummaryCommand).rejects(Object.assign(new Error('odd'), { name: '', Code: 'SomethingOdd', $metadata: { httpStatusCode: 400 } }));
    iam.on(ListUsersCommand).callsFake(() => Promise.reject(undefined));
    const f = liveFetcher({ record: true });
    await rejection(f.call('iam', 'GetAccountSummary'));
    await rejection(f.call('iam', 'ListUsers'));
    expect(f.recorded).toEqual({
      'iam:GetAccountSummary': { $error: { name: 'SomethingOdd', message: 'odd', httpStatusCode: 400 } },
      'iam:ListUsers': { $error: { name: 'Error' } },
    });
  });

  it('rejected credentials are about this machine: not recorded', async () => {
    iam.on(GetAccountSummaryCommand).rejects(Object.assign(new Error('invalid'), { name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } }));
    const f = liveFetcher({ record: true });
    expect(await rejection(f.call('iam', 'GetAccountSummary'))).toBeInstanceOf(CredentialsError);
    expect(f.recorded).toEqual({});
  });

  it('a key missing from a replayed snapshot is about the snapshot: not recorded', async () => {
    const f = replay({}, true);
    expect(await rejection(f.call('iam', 'GetAccountSummary'))).toBeInstanceOf(NotInSnapshot);
    expect(f.recorded).toEqual({});
  });
});

describe('replay: errors as the SDK throws them', () => {
  it('a missing key names it', async () => {
    const err = await rejection(replay({}).call('iam', 'GetAccountSummary'));
    expect((err as NotInSnapshot).message).toBe('the snapshot has no response for iam:GetAccountSummary');
  });

  it('a stored error without a message reads as its name', async () => {
    const err = await rejection(replay({ 'iam:GetAccountSummary': { $error: { name: 'InternalFailure' } } }).call('iam', 'GetAccountSummary'));
    expect((err as AwsDataError).message).toBe('iam:GetAccountSummary failed: InternalFailure: InternalFailure');
  });

  it('a stored HTTP status is kept: an unknown code with a 403 is a missing permission', async () => {
    const err = await rejection(
      replay({ 'iam:GetAccountSummary': { $error: { name: 'SomeNewDenial', message: 'no', httpStatusCode: 403 } } }).call('iam', 'GetAccountSummary'),
    );
    expect(err).toBeInstanceOf(MissingPermission);
  });
});

describe('repeatUntil polling (the credential report)', () => {
  let iam: AwsClientStub<IAMClient>;
  let sent: number[];
  beforeEach(() => {
    iam = mockClient(IAMClient);
    sent = [];
  });
  afterEach(() => {
    iam.restore();
    vi.useRealTimers();
  });
  const states = (...list: string[]) => {
    let i = 0;
    iam.on(GenerateCredentialReportCommand).callsFake(async () => {
      sent.push(Date.now());
      return { State: list[Math.min(i++, list.length - 1)] };
    });
  };
  const ready = { repeatUntil: (out: { State?: string }) => out.State === 'COMPLETE' };

  it('waits, doubling the wait each time (here from 40 ms)', async () => {
    states('STARTED', 'INPROGRESS', 'INPROGRESS', 'COMPLETE');
    const out = await liveFetcher({ pollDelayMs: 40 }).call('iam', 'GenerateCredentialReport', {}, undefined, ready);
    expect(out.State).toBe('COMPLETE');
    const gaps = sent.slice(1).map((t, i) => t - sent[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(155);
  });

  it('waits 1 s first by default', async () => {
    states('STARTED', 'COMPLETE');
    await liveFetcher().call('iam', 'GenerateCredentialReport', {}, undefined, ready);
    expect(sent[1] - sent[0]).toBeGreaterThanOrEqual(950);
  });

  it('gives up only once the time is past the limit, not when it is reached', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // the clock stands still: now is the limit, never past it
    states('STARTED', 'INPROGRESS', 'COMPLETE');
    const out = await liveFetcher({ pollDelayMs: 1, pollTimeoutMs: 0 }).call('iam', 'GenerateCredentialReport', {}, undefined, ready);
    expect(out.State).toBe('COMPLETE');
    expect(sent).toHaveLength(3);
  });

  it('a report that never completes: an error naming the call', async () => {
    states('INPROGRESS');
    const err = await rejection(liveFetcher({ pollDelayMs: 0, pollTimeoutMs: 20 }).call('iam', 'GenerateCredentialReport', {}, undefined, ready));
    expect(err).toMatchObject({ call: 'iam:GenerateCredentialReport', message: 'iam:GenerateCredentialReport did not become ready in time' });
  });
});
