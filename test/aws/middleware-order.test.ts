// keepMiddlewareOrder (src/aws/middleware-order.ts): a shared client resolves each request's middleware in the
// order the SDK itself would, for every operation of every service the scanner calls (the SDK's own stack,
// cloned and given the command's entries, says which), builds the chain from that request's own middleware,
// and forgets the kept order when the client's stack changes. The byte-for-byte comparison of signed requests
// with and without it is in keep-signer-diff.test.ts.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

import { describe, expect, it } from 'vitest';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ClientPool, Session } from '../../src/aws/client-pool.js';
import { keepMiddlewareOrder, MAX_SHAPES } from '../../src/aws/middleware-order.js';
import { SERVICES } from '../../src/aws/services/index.js';

const creds = async () => ({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' });

/** Answers every request at the bottom of the stack (nothing leaves the process). */
function answerHere(client: any) {
  client.middlewareStack.add(
    () => async () => {
      throw Object.assign(new Error('answered here'), { name: 'AnsweredHere', $metadata: {} });
    },
    { step: 'deserialize', priority: 'low', name: 'answerHere' },
  );
}

/** What the SDK itself would run for the client's stack plus a command's (concat is clone + use). */
function sdkOrder(client: any, from: any): string[] {
  const stack = client.middlewareStack.clone();
  stack.use(from);
  return stack.identify();
}

async function sendOnce(session: Session, client: any, command: any) {
  // Most fail before they are answered (no input): what matters is that concat() was compared.
  await session.send(client, command).catch((err: Error) => {
    if (err.name === 'AssertionError') throw err;
  });
}

describe('keepMiddlewareOrder', () => {
  it('keeps the order the SDK would use, for every operation the scanner calls (shared clients, as a scan makes them)', async () => {
    const compared: string[] = [];
    const pool = new ClientPool({
      perRequestCredentials: true,
      defaults: { maxAttempts: 1 },
      clientMiddleware: (client: any) => {
        answerHere(client);
        const kept = client.middlewareStack.concat;
        client.middlewareStack.concat = (from: any) => {
          const ours = kept(from);
          expect(typeof ours.kept).toBe('function'); // the kept path, not the SDK's fallback
          expect(ours.kept()).toEqual(sdkOrder(client, from));
          compared.push(ours.kept().join('>'));
          return ours;
        };
      },
    });
    const session = new Session(creds);
    let operations = 0;
    for (const service of SERVICES) {
      const sdk: any = await service.load();
      const Client = sdk[service.client];
      for (const op of Object.values(service.operations)) {
        const client = pool.client(service.name, Client, service.globalRegion ?? 'eu-west-1');
        // Twice: the first finds the order with the SDK's stack, the second reuses it.
        for (let i = 0; i < 2; i++) await sendOnce(session, client, new sdk[op.command]({}));
        operations++;
      }
    }
    session.close();
    pool.destroy();
    expect(operations).toBeGreaterThan(100);
    expect(compared.length).toBe(operations * 2);
    // Our own middleware is in it, where the SDK puts it.
    expect(compared.every((c) => c.includes('cmtAuditSession - build>'))).toBe(true);
  });

  it('builds each request from its own middleware, however many share the kept order', async () => {
    const client: any = new STSClient({ region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    keepMiddlewareOrder(client);
    const seen: string[] = [];
    client.middlewareStack.add(
      () => async (args: any) => {
        seen.push(args.request.headers['x-which']);
        return { response: { statusCode: 200, headers: {}, body: Buffer.from('') }, output: { $metadata: {} } };
      },
      { step: 'deserialize', priority: 'low', name: 'answerHere' },
    );
    const tagged = (which: string) => {
      const cmd = new GetCallerIdentityCommand({});
      cmd.middlewareStack.add((next: any) => async (args: any) => {
        args.request.headers['x-which'] = which;
        return next(args);
      }, { step: 'build', name: 'tag' });
      return client.send(cmd).catch(() => undefined);
    };
    await Promise.all(['a', 'b', 'c', 'd'].map(tagged));
    expect(seen.sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('forgets the kept order when the client stack changes: a middleware added later runs, one removed does not', async () => {
    const client: any = new STSClient({ region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    keepMiddlewareOrder(client);
    const ran: string[] = [];
    const note = (name: string) => (next: any) => async (args: any) => {
      ran.push(name);
      return next(args);
    };
    answerHere(client);
    const attempt = async () => client.send(new GetCallerIdentityCommand({}));
    const send = () => attempt().catch((e: Error) => expect(e.name).toBe('AnsweredHere'));
    await send();
    expect(ran).toEqual([]);
    client.middlewareStack.add(note('late'), { step: 'build', name: 'late' });
    await send();
    expect(ran).toEqual(['late']);
    client.middlewareStack.addRelativeTo(note('relative'), { relation: 'before', toMiddleware: 'late', name: 'relative' });
    await send();
    expect(ran).toEqual(['late', 'relative', 'late']);
    client.middlewareStack.remove('late');
    // 'relative' pointed at 'late': without it the SDK refuses the stack, and so do we.
    await expect(attempt()).rejects.toThrow(/late is not found/);
    client.middlewareStack.remove('relative');
    ran.length = 0;
    await send();
    expect(ran).toEqual([]);
  });

  it('a command whose middleware the SDK refuses (a duplicate name) is refused as the SDK would, every time', async () => {
    const client: any = new STSClient({ region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    keepMiddlewareOrder(client);
    answerHere(client);
    const dup = () => {
      const cmd = new GetCallerIdentityCommand({});
      cmd.middlewareStack.add((next: any) => next, { step: 'deserialize', priority: 'low', name: 'answerHere' });
      return (async () => client.send(cmd))();
    };
    // The same entry with override: true is allowed (and answers here too); kept or not, the one without is still refused.
    const overriding = () => {
      const cmd = new GetCallerIdentityCommand({});
      cmd.middlewareStack.add(
        () => async () => {
          throw new Error('overridden here');
        },
        { step: 'deserialize', priority: 'low', name: 'answerHere', override: true },
      );
      return (async () => client.send(cmd))();
    };
    await expect(overriding()).rejects.toThrow('overridden here');
    await expect(dup()).rejects.toThrow(/Duplicate middleware name 'answerHere'/);
    await expect(overriding()).rejects.toThrow('overridden here');
    await expect(dup()).rejects.toThrow(/Duplicate middleware name 'answerHere'/);
    // and a command without the duplicate still goes through
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow('answered here');
  });

  it('leaves identifyOnResolve (the SDK printing each stack) to the SDK, and a client without a stack alone', async () => {
    const client: any = new STSClient({ region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    keepMiddlewareOrder(client);
    answerHere(client);
    const printed: unknown[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => printed.push(args[0]);
    try {
      client.middlewareStack.identifyOnResolve(true);
      await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow('answered here');
    } finally {
      console.log = log;
    }
    expect(printed).toHaveLength(1);
    expect(printed[0]).toEqual(expect.arrayContaining(['answerHere - deserialize']));
    // identifyOnResolve on a command's own stack: the SDK's path too.
    printed.length = 0;
    console.log = (...args: unknown[]) => printed.push(args[0]);
    try {
      client.middlewareStack.identifyOnResolve(false);
      const cmd = new GetCallerIdentityCommand({});
      cmd.middlewareStack.identifyOnResolve(true);
      await expect(client.send(cmd)).rejects.toThrow('answered here');
    } finally {
      console.log = log;
    }
    expect(printed).toHaveLength(1);
    expect(() => keepMiddlewareOrder({})).not.toThrow();
    expect(() => keepMiddlewareOrder({ middlewareStack: { concat: 1 } })).not.toThrow();
  });

  it(`keeps at most ${MAX_SHAPES} command shapes per client; past that, requests take the SDK's own path and still run`, async () => {
    const client: any = new STSClient({ region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    keepMiddlewareOrder(client);
    answerHere(client);
    const kinds = new Set<string>();
    const stack = client.middlewareStack;
    const kept = stack.concat;
    stack.concat = (from: any) => {
      const out = kept(from);
      kinds.add(typeof out.kept === 'function' ? 'kept' : 'sdk');
      return out;
    };
    const ran: number[] = [];
    for (let i = 0; i < MAX_SHAPES + 3; i++) {
      const cmd = new GetCallerIdentityCommand({});
      // A name of its own for every request: a new shape each time.
      cmd.middlewareStack.add((next: any) => async (args: any) => {
        ran.push(i);
        return next(args);
      }, { step: 'build', name: `unique${i}` });
      await expect(client.send(cmd)).rejects.toThrow('answered here');
    }
    expect(ran).toHaveLength(MAX_SHAPES + 3);
    expect([...kinds].sort()).toEqual(['kept', 'sdk']);
  });

  it('tells command shapes apart by every field the SDK orders by (step, priority, relation, target, aliases, override)', async () => {
    const client: any = new STSClient({ region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    keepMiddlewareOrder(client);
    answerHere(client);
    const stack = client.middlewareStack;
    const kept = stack.concat;
    let compared = 0;
    stack.concat = (from: any) => {
      const ours = kept(from);
      expect(ours.kept()).toEqual(sdkOrder(client, from));
      // What else a caller might ask of the stack concat() returns is the SDK's own.
      expect(ours.identify()).toEqual(sdkOrder(client, from));
      expect(ours.clone().identify()).toEqual(sdkOrder(client, from));
      compared++;
      return ours;
    };
    const noop = (next: any) => next;
    // The same name each time, placed differently: each needs an order of its own.
    const placements: [boolean, Record<string, unknown>][] = [
      [false, { step: 'build', name: 'moving' }],
      [false, { step: 'serialize', name: 'moving' }],
      [false, { step: 'build', priority: 'high', name: 'moving' }],
      [false, { step: 'build', priority: 'low', name: 'moving' }],
      [true, { relation: 'before', toMiddleware: 'answerHere', name: 'moving' }],
      [true, { relation: 'after', toMiddleware: 'answerHere', name: 'moving' }],
      [true, { relation: 'after', toMiddleware: 'cmtAuditSession', name: 'moving' }],
      [false, { step: 'build', name: 'moving', aliases: ['movingToo'] }],
      [false, { step: 'deserialize', name: 'answerHere', override: true, priority: 'low' }],
    ];
    for (const round of [1, 2]) {
      for (const [relative, options] of placements) {
        const cmd = new GetCallerIdentityCommand({});
        cmd.middlewareStack.add((next: any) => next, { step: 'build', name: 'cmtAuditSession' });
        // The one that replaces answerHere answers too: nothing leaves the process.
        const mw = options.override
          ? () => async () => {
              throw new Error('answered here');
            }
          : noop;
        if (relative) cmd.middlewareStack.addRelativeTo(mw, options as any);
        else cmd.middlewareStack.add(mw, options as any);
        await expect((async () => client.send(cmd))()).rejects.toThrow('answered here');
      }
      expect(compared).toBe(placements.length * round);
    }
  });

  it('runs every middleware, outermost to innermost, as the SDK\'s own stack would (an SDK stack, no client)', async () => {
    // Empty SDK stacks: a fresh command's own.
    const clientStack: any = new GetCallerIdentityCommand({}).middlewareStack;
    const commandStack: any = new GetCallerIdentityCommand({}).middlewareStack;
    const ran: string[] = [];
    const note = (name: string) => (next: any) => async (args: any) => {
      ran.push(name);
      return next(args);
    };
    clientStack.add(note('outermost'), { step: 'initialize', priority: 'high', name: 'outermost' });
    clientStack.add(note('build'), { step: 'build', name: 'build' });
    clientStack.add(note('innermost'), { step: 'deserialize', priority: 'low', name: 'innermost' });
    commandStack.add(note('serialize'), { step: 'serialize', name: 'serialize' });
    commandStack.addRelativeTo(note('afterBuild'), { relation: 'after', toMiddleware: 'build', name: 'afterBuild' });
    const sdk = clientStack.clone();
    sdk.use(commandStack);
    await sdk.resolve(async () => ({ output: {} }), {})({ input: {} });
    const expected = [...ran];
    expect(expected).toEqual(['outermost', 'serialize', 'build', 'afterBuild', 'innermost']);
    ran.length = 0;
    const client = { middlewareStack: clientStack };
    keepMiddlewareOrder(client);
    for (let i = 0; i < 2; i++) {
      await client.middlewareStack.concat(commandStack).resolve(async () => ({ output: {} }), {})({ input: {} });
      expect(ran).toEqual(expected);
      ran.length = 0;
    }
  });
});
