// The engine's deadline listener: one per run, removed when the run ends, so an estate scan's many runs
// (one per account) neither pile listeners on the scan's one deadline signal nor keep each account's data.
import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { defineCheck, met } from '../src/checks/define-check.js';
import { runChecks } from '../src/engine.js';
import { engineContext, replayFetcher } from './support/check-tester.js';

const check = defineCheck({
  meta: { id: '1.2', kind: 'automated', scope: 'account', permissions: ['iam:GetAccountSummary'], remediation: 'n/a' },
  async run({ account }) {
    return [met(account.rootArn, 'checked')];
  },
});

describe('engine deadline listener', () => {
  it('is gone when the run ends, however many runs share the signal', async () => {
    const deadline = new AbortController();
    for (let i = 0; i < 12; i++) {
      const { results } = await runChecks({ checks: [check], only: ['1.2'], signal: deadline.signal, context: engineContext(replayFetcher({})) });
      expect(results[0].status).toBe('met');
      expect(getEventListeners(deadline.signal, 'abort')).toHaveLength(0);
    }
  });

  it('keeps nothing of a finished run reachable from the signal', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const deadline = new AbortController();
    const run = async () => {
      const context = engineContext(replayFetcher({}));
      await runChecks({ checks: [check], only: ['1.2'], signal: deadline.signal, context });
      return new WeakRef(context.aws);
    };
    const released = await run();
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      gc();
    }
    // deref() keeps its target alive until the current job ends: look in a later one.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(released.deref()).toBeUndefined();
  });
});
