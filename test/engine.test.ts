// The engine: selection, applicability, fan-out, failure isolation and rollup, with tiny checks made here.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Fetcher } from '../src/aws/fetcher.js';
import { createAwsData } from '../src/aws/index.js';
import { SERVICES } from '../src/aws/services/index.js';
import { SNAPSHOT_FORMAT } from '../src/aws/snapshot.js';
import { CHECKLIST } from '../src/checklist.js';
import { defineCheck, manual, met, notMet, type Check, type CheckContext } from '../src/checks/define-check.js';
import { DEFAULT_THRESHOLDS } from '../src/config/thresholds.js';
import { rollUp, runChecks, type EngineInput, type ProgressEvent } from '../src/engine.js';
import { CredentialsError, MissingPermission, RegionDisabled, ServiceNotEnabled, TimedOut, UserError } from '../src/errors.js';
import type { DeploymentModel, Finding, FindingStatus } from '../src/model.js';
import { ACCOUNT, HOME, NOW } from './support/check-tester.js';

const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];

function context(deploymentModel: DeploymentModel = 'multi-tenant-saas', regions = REGIONS): EngineInput['context'] {
  const fetcher = new Fetcher({ services: SERVICES, homeRegion: HOME, snapshot: { format: SNAPSHOT_FORMAT, version: 1, responses: {} } });
  return { aws: createAwsData(fetcher), account: ACCOUNT, regions, homeRegion: HOME, thresholds: DEFAULT_THRESHOLDS, deploymentModel, now: NOW };
}

/** A check for `id` whose run is the given function (a spy, so tests can see whether and how it ran). */
function check(id: string, run: (ctx: CheckContext) => Promise<unknown>, scope: 'account' | 'region' = 'account'): Check {
  return defineCheck({
    meta: { id, kind: 'automated', scope, permissions: ['iam:GetAccountSummary'], remediation: 'fix it' },
    run: run as Check['run'],
  });
}
const returning = (...findings: Finding[]) => vi.fn(async () => findings);
const ROOT = ACCOUNT.rootArn;

async function runOne(c: Check, model?: DeploymentModel, regions?: string[]) {
  const { results, errors } = await runChecks({ checks: [c], only: [c.meta.id], context: context(model, regions) });
  return { result: results[0], errors };
}

describe('applicability', () => {
  it('an item that does not apply to the deployment model is not-applicable and its check never runs', async () => {
    const run = returning(met(ROOT, 'ok'));
    const { result } = await runOne(check('1.2', run), 'customer-deployed-on-premises');
    expect(run).not.toHaveBeenCalled();
    expect(result).toMatchObject({ id: '1.2', status: 'not-applicable', findings: [] });
    expect(result.applicability).toMatch(/does not apply to the customer-deployed-on-premises deployment model/);
  });

  it('the same item runs for a model it applies to', async () => {
    const run = returning(met(ROOT, 'ok'));
    const { result } = await runOne(check('1.2', run), 'single-tenant-saas');
    expect(run).toHaveBeenCalledOnce();
    expect(result.status).toBe('met');
  });

  it('an item with no check is manual, with one finding asking for an attestation', async () => {
    const { results } = await runChecks({ checks: [], only: ['3.1'], context: context() });
    expect(results[0]).toMatchObject({ id: '3.1', status: 'manual', automated: false, kind: 'manual' });
    expect(results[0].findings).toEqual([expect.objectContaining({ status: 'manual', account: ACCOUNT.id, message: expect.stringMatching(/attest/) })]);
  });
});

describe('failures are isolated and never read as met', () => {
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ['returns []', async () => [], /returned no findings \(a bug in the check\)/],
    ['returns nothing', async () => undefined, /returned no list of findings/],
    ['throws a plain Error', async () => Promise.reject(new Error('cannot read properties of undefined')), /internal error in check 1\.5: cannot read properties/],
    ['throws a string', async () => Promise.reject('boom'), /internal error in check 1\.5: boom/],
  ];
  for (const [label, run, message] of cases) {
    it(`a check that ${label} → error, kind internal`, async () => {
      const { result, errors } = await runOne(check('1.5', run));
      expect(result.status).toBe('error');
      expect(result.findings).toEqual([expect.objectContaining({ status: 'error', errorKind: 'internal', message: expect.stringMatching(message) })]);
      expect(errors).toEqual([expect.objectContaining({ checkId: '1.5', kind: 'internal' })]);
    });
  }

  it('a finding with a status the engine does not know is never met', async () => {
    const odd = { status: 'pass', resource: ROOT, message: 'looks fine' } as unknown as Finding;
    const { result } = await runOne(check('1.5', returning(met(ROOT, 'ok'), odd)));
    expect(result.status).toBe('error');
    expect(result.findings.map((f) => f.status)).toEqual(['met', 'error']);
  });

  it('a classified AWS failure → error naming the call and the missing permission', async () => {
    const run = async () => Promise.reject(new MissingPermission('iam:GetAccountSummary', 'iam:GetAccountSummary'));
    const { result, errors } = await runOne(check('1.5', run));
    expect(result.status).toBe('error');
    expect(result.findings[0]).toMatchObject({
      status: 'error',
      resource: 'iam:GetAccountSummary',
      errorKind: 'missing-permission',
      missingPermission: 'iam:GetAccountSummary',
      message: 'could not tell: missing permission iam:GetAccountSummary',
    });
    expect(errors[0]).toMatchObject({ checkId: '1.5', kind: 'missing-permission', missingPermission: 'iam:GetAccountSummary' });
  });

  it('one failing check does not stop the others', async () => {
    const { results } = await runChecks({
      checks: [check('1.5', async () => Promise.reject(new Error('bug'))), check('1.7', returning(met(ROOT, 'ok')))],
      only: ['1.5', '1.7'],
      context: context(),
    });
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['1.5', 'error'],
      ['1.7', 'met'],
    ]);
  });
});

describe('regional fan-out', () => {
  it('a regional check runs once per region in scope, each finding tagged with its region', async () => {
    const run = vi.fn(async (ctx: CheckContext) => [met(`arn:aws:ec2:${ctx.region}:123456789012:vpc/vpc-1`, `looked at ${ctx.region}`)]);
    const { result } = await runOne(check('1.16', run, 'region'));
    expect(run).toHaveBeenCalledTimes(3);
    expect(run.mock.calls.map(([ctx]) => ctx.region).sort()).toEqual(REGIONS);
    expect(result.findings.map((f) => [f.region, f.account, f.message]).sort()).toEqual(REGIONS.map((r) => [r, ACCOUNT.id, `looked at ${r}`]));
    expect(result.status).toBe('met');
  });

  it('one region not met makes the item not met; one region failing is an error in that region', async () => {
    const run = async (ctx: CheckContext) => {
      if (ctx.region === 'us-west-2') throw new MissingPermission('ec2:DescribeVpcs', 'ec2:DescribeVpcs', 'us-west-2');
      return [ctx.region === 'eu-west-1' ? notMet(`vpc@${ctx.region}`, 'open') : met(`vpc@${ctx.region}`, 'closed')];
    };
    const { result, errors } = await runOne(check('1.16', run, 'region'));
    expect(result.status).toBe('not-met');
    expect(errors).toEqual([expect.objectContaining({ region: 'us-west-2', missingPermission: 'ec2:DescribeVpcs' })]);
  });

  it('a service not offered in a region, or not enabled, uncaught by the check: error of that kind in that region only', async () => {
    const run = async (ctx: CheckContext) => {
      if (ctx.region === 'eu-west-1') throw new RegionDisabled('fis has no endpoint in eu-west-1', 'fis:ListExperiments', 'eu-west-1');
      if (ctx.region === 'us-west-2') throw new ServiceNotEnabled('macie2 is not enabled in us-west-2', 'macie2:GetMacieSession', 'us-west-2');
      return [met(`x@${ctx.region}`, 'fine')];
    };
    const { result, errors } = await runOne(check('1.19', run, 'region'));
    expect(result.status).toBe('error');
    expect(result.findings.find((f) => f.region === 'us-east-1')?.status).toBe('met');
    expect(errors).toEqual([
      expect.objectContaining({ region: 'eu-west-1', kind: 'region-disabled' }),
      expect.objectContaining({ region: 'us-west-2', kind: 'service-not-enabled' }),
    ]);
  });

  it('an account check runs once, in the home region, and its findings carry no region', async () => {
    const run = vi.fn(async (ctx: CheckContext) => [met(ROOT, `home ${ctx.region}`)]);
    const { result } = await runOne(check('1.5', run));
    expect(run).toHaveBeenCalledOnce();
    expect(result.findings).toEqual([expect.objectContaining({ message: `home ${HOME}`, region: undefined, account: ACCOUNT.id })]);
  });

  it('a regional check with no region in scope → error, not an empty met, with a finding that says why', async () => {
    const run = returning(met(ROOT, 'ok'));
    const { result, errors } = await runOne(check('1.16', run, 'region'), 'multi-tenant-saas', []);
    expect(run).not.toHaveBeenCalled();
    expect(result).toMatchObject({ status: 'error', decidedBy: 'undecided', durationMs: 0 });
    expect(result.findings).toStrictEqual([
      {
        status: 'error',
        resource: 'arn:aws:::123456789012',
        account: ACCOUNT.id,
        message: 'could not tell: no region is in scope for this regional check',
        errorKind: 'scope',
      },
    ]);
    expect(errors).toEqual([
      { checkId: '1.16', account: ACCOUNT.id, region: undefined, kind: 'scope', message: 'could not tell: no region is in scope for this regional check', missingPermission: undefined },
    ]);
  });

  it('an account check still runs with no region in scope (in the home region)', async () => {
    const run = returning(met(ROOT, 'ok'));
    const { result } = await runOne(check('1.5', run), 'multi-tenant-saas', []);
    expect(run).toHaveBeenCalledOnce();
    expect(result.status).toBe('met');
  });
});

describe('rollUp', () => {
  const f = (status: FindingStatus): Finding => ({ status, resource: 'r', message: 'm' });
  const table: [FindingStatus[], string][] = [
    [['met', 'met'], 'met'],
    [['met', 'manual'], 'manual'],
    [['manual', 'error', 'met'], 'error'],
    [['error', 'not-met', 'manual', 'met'], 'not-met'],
    [['not-met'], 'not-met'],
    [[], 'error'],
  ];
  for (const [statuses, expected] of table) {
    it(`[${statuses.join(', ')}] → ${expected}`, () => expect(rollUp(statuses.map(f))).toBe(expected));
  }
  it('a manual check result rolls up as manual', async () => {
    const { result } = await runOne(check('1.5', returning(manual(ROOT, 'attest'))));
    expect(result.status).toBe('manual');
  });
});

describe('selection (--checks / --skip)', () => {
  let all: Check[] = [];
  beforeEach(() => {
    all = ['1.5', '1.7', '2.1'].map((id) => check(id, returning(met(ROOT, 'ok'))));
  });

  it('no selection: every checklist item, in checklist order', async () => {
    const { results } = await runChecks({ checks: all, context: context() });
    expect(results.map((r) => r.id)).toEqual(CHECKLIST.map((i) => i.id));
    expect(results.filter((r) => r.automated).map((r) => r.id)).toEqual(['1.5', '1.7', '2.1']);
  });

  it('only runs the selected items, skip removes items, in checklist order', async () => {
    const { results } = await runChecks({ checks: all, only: ['2.1', '1.5', '1.7'], skip: ['1.7'], context: context() });
    expect(results.map((r) => r.id)).toEqual(['1.5', '2.1']);
    expect(all[1].run).not.toHaveBeenCalled();
  });

  it('skip alone runs everything else', async () => {
    const { results } = await runChecks({ checks: all, skip: ['1.5'], context: context() });
    expect(results.map((r) => r.id)).not.toContain('1.5');
    expect(results).toHaveLength(CHECKLIST.length - 1);
  });

  it('an unknown id → UserError', async () => {
    await expect(runChecks({ checks: all, only: ['1.6'], context: context() })).rejects.toThrow(UserError);
    await expect(runChecks({ checks: all, skip: ['9.9'], context: context() })).rejects.toThrow(/unknown checklist id: 9\.9/);
  });

  it('two checks for one item is a bug', async () => {
    await expect(runChecks({ checks: [all[0], all[0]], context: context() })).rejects.toThrow(/two checks for checklist item 1\.5/);
  });

  it('progress: a start event, then one event per item', async () => {
    const events: ProgressEvent[] = [];
    await runChecks({ checks: all, only: ['1.5', '2.1'], context: context(), onProgress: (e) => events.push(e) });
    expect(events[0]).toEqual({ type: 'start', total: 2 });
    expect(events.slice(1).map((e) => (e.type === 'check-done' ? [e.id, e.status, e.total] : e)).sort()).toEqual([
      ['1.5', 'met', 2],
      ['2.1', 'met', 2],
    ]);
  });
});

describe('the scan deadline (signal)', () => {
  const REASON = "timed out: the scan's time limit (--timeout 5s) passed";
  const never = () => vi.fn(() => new Promise<Finding[]>(() => undefined));
  const abortSoon = (controller: AbortController, reason: unknown = new TimedOut(REASON, 'scan')) => setTimeout(() => controller.abort(reason), 20);

  it('a check still running when it passes ends in one timeout error; a finished one keeps its verdict', async () => {
    const deadline = new AbortController();
    abortSoon(deadline);
    const events: ProgressEvent[] = [];
    const { results, errors } = await runChecks({
      checks: [check('1.5', never()), check('1.7', returning(notMet(ROOT, 'no')))],
      only: ['1.5', '1.7'],
      context: context(),
      signal: deadline.signal,
      onProgress: (e) => events.push(e),
    });
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['1.5', 'error'],
      ['1.7', 'not-met'],
    ]);
    expect(results[0].findings).toEqual([
      {
        status: 'error',
        resource: 'arn:aws:::123456789012',
        account: ACCOUNT.id,
        message: `could not tell: ${REASON} before this check finished`,
        errorKind: 'timeout',
      },
    ]);
    expect(errors).toEqual([expect.objectContaining({ checkId: '1.5', kind: 'timeout' })]);
    expect(events.filter((e) => e.type === 'check-done')).toHaveLength(2);
  });

  it('a regional check: the regions that finished keep their findings, the others time out in their region', async () => {
    const deadline = new AbortController();
    abortSoon(deadline);
    const run = (ctx: CheckContext) => (ctx.region === 'us-west-2' ? new Promise<Finding[]>(() => undefined) : Promise.resolve([met(`vpc@${ctx.region}`, 'closed')]));
    const { results } = await runChecks({ checks: [check('1.16', run, 'region')], only: ['1.16'], context: context(), signal: deadline.signal });
    expect(results[0].status).toBe('error');
    expect(results[0].findings.map((f) => [f.region, f.status, f.errorKind])).toEqual([
      ['eu-west-1', 'met', undefined],
      ['us-east-1', 'met', undefined],
      ['us-west-2', 'error', 'timeout'],
    ]);
  });

  it('a check that answers after the deadline does not change its result', async () => {
    const deadline = new AbortController();
    let answer: (findings: Finding[]) => void = () => undefined;
    const late = vi.fn(() => new Promise<Finding[]>((resolve) => (answer = resolve)));
    const pending = runChecks({ checks: [check('1.5', late)], only: ['1.5'], context: context(), signal: deadline.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    deadline.abort(new TimedOut(REASON, 'scan'));
    answer([met(ROOT, 'too late')]);
    const { results } = await pending;
    expect(results[0].findings.map((f) => f.errorKind)).toEqual(['timeout']);
  });

  it('already passed before the checks start: every automated item times out; manual and not-applicable items are unaffected', async () => {
    const deadline = new AbortController();
    deadline.abort(new TimedOut(REASON, 'scan'));
    const { results } = await runChecks({
      checks: [check('1.5', never()), check('1.16', never(), 'region')],
      only: ['1.5', '1.16', '3.1'],
      context: context(),
      signal: deadline.signal,
    });
    expect(results.map((r) => [r.id, r.status, r.findings.map((f) => f.errorKind)])).toEqual([
      ['1.5', 'error', ['timeout']],
      ['1.16', 'error', ['timeout', 'timeout', 'timeout']],
      ['3.1', 'manual', [undefined]],
    ]);
  });

  it('aborted without a reason of ours: the message still says it timed out', async () => {
    const deadline = new AbortController();
    abortSoon(deadline, new Error('some other reason'));
    const { results } = await runChecks({ checks: [check('1.5', never())], only: ['1.5'], context: context(), signal: deadline.signal });
    expect(results[0].findings[0].message).toBe('could not tell: timed out: the scan deadline passed before this check finished');
  });

  it('a check that finishes in time is not touched by a deadline that never passes', async () => {
    const deadline = new AbortController();
    const { results } = await runChecks({ checks: [check('1.5', returning(met(ROOT, 'ok')))], only: ['1.5'], context: context(), signal: deadline.signal });
    expect(results[0].status).toBe('met');
    deadline.abort(new TimedOut(REASON, 'scan'));
    expect(results[0].status).toBe('met');
  });
});

describe('results, findings and errors, exactly', () => {
  it('not-applicable: the reason names the model, with the checklist note when there is one; decided by the model', async () => {
    const { result } = await runOne(check('1.2', returning(met(ROOT, 'ok'))), 'customer-deployed-on-premises');
    expect(result).toMatchObject({ applicability: 'does not apply to the customer-deployed-on-premises deployment model', decidedBy: 'not-applicable', durationMs: 0 });
    const { result: s3 } = await runOne(check('1.17', returning(met(ROOT, 'ok'))), 'customer-deployed-on-aws');
    expect(s3.applicability).toBe('does not apply to the customer-deployed-on-aws deployment model (unless partner solution running on AWS requires the S3 service)');
  });

  it('an item with no check: one manual finding on the account, undecided', async () => {
    const { results } = await runChecks({ checks: [], only: ['3.1'], context: context() });
    expect(results[0]).toMatchObject({ status: 'manual', decidedBy: 'undecided', durationMs: 0 });
    expect(results[0].findings).toStrictEqual([
      { status: 'manual', resource: 'arn:aws:::123456789012', account: ACCOUNT.id, message: 'No automated check covers this item: attest it with evidence.' },
    ]);
  });

  it('decidedBy: the API for met and not-met, nobody yet for manual and error', async () => {
    const decided = async (...findings: Finding[]) => (await runOne(check('1.5', returning(...findings)))).result.decidedBy;
    expect(await decided(met(ROOT, 'ok'))).toBe('api');
    expect(await decided(notMet(ROOT, 'no'))).toBe('api');
    expect(await decided(manual(ROOT, 'attest'))).toBe('undecided');
    expect(await decided({ status: 'error', resource: ROOT, message: 'x' })).toBe('undecided');
  });

  it('durationMs is the time the item took', async () => {
    const slow = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return [met(ROOT, 'ok')];
    });
    const { result } = await runOne(check('1.5', slow));
    expect(result.durationMs).toBeGreaterThanOrEqual(25);
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it('a malformed finding: named, counted, and the rest kept', async () => {
    const fn = Object.assign(() => undefined, { status: 'met', resource: ROOT, message: 'a function' });
    const odd = [null, 'met', fn, { status: 'met', message: 'no resource' }] as unknown as Finding[];
    const { result } = await runOne(check('1.5', returning(met(ROOT, 'ok'), ...odd)));
    expect(result.findings).toEqual([
      expect.objectContaining({ status: 'met', message: 'ok' }),
      expect.objectContaining({ status: 'error', errorKind: 'internal', message: 'check 1.5 returned 4 malformed finding(s) (a bug in the check)' }),
    ]);
  });

  it('credentials failing mid-scan: an error of kind credentials on the item, the scan goes on', async () => {
    const run = async () => Promise.reject(new CredentialsError('AWS credentials were rejected or are missing: ExpiredToken: expired'));
    const { result, errors } = await runOne(check('1.5', run));
    expect(result.findings).toStrictEqual([
      {
        status: 'error',
        resource: 'arn:aws:::123456789012',
        account: ACCOUNT.id,
        region: undefined,
        message: 'could not tell: AWS credentials were rejected or are missing: ExpiredToken: expired',
        errorKind: 'credentials',
      },
    ]);
    expect(errors[0]).toMatchObject({ kind: 'credentials' });
  });

  it('a check that throws nothing at all (undefined) is an internal error', async () => {
    const { result } = await runOne(check('1.5', async () => Promise.reject(undefined)));
    expect(result.findings[0]).toMatchObject({ errorKind: 'internal', message: 'internal error in check 1.5: undefined' });
  });

  it("an account check's AWS error carries the failed call's region; a classified error that is no denial names no permission", async () => {
    const run = async () => Promise.reject(new RegionDisabled('fis has no endpoint in eu-west-1', 'fis:ListExperiments', 'eu-west-1'));
    const { result } = await runOne(check('1.5', run));
    expect(result.findings).toStrictEqual([
      {
        status: 'error',
        resource: 'fis:ListExperiments',
        account: ACCOUNT.id,
        region: 'eu-west-1',
        message: 'could not tell: fis has no endpoint in eu-west-1',
        errorKind: 'region-disabled',
      },
    ]);
  });

  it("errors[]: a check's own error finding is kind aws, or missing-permission when it names one", async () => {
    const { errors } = await runOne(
      check(
        '1.5',
        returning({ status: 'error', resource: ROOT, message: 'could not read' }, { status: 'error', resource: ROOT, message: 'denied', missingPermission: 'iam:ListUsers' }),
      ),
    );
    expect(errors.map((e) => [e.kind, e.missingPermission])).toEqual([
      ['aws', undefined],
      ['missing-permission', 'iam:ListUsers'],
    ]);
  });

  it('several unknown ids are all named', async () => {
    await expect(runChecks({ checks: [], only: ['9.8'], skip: ['9.9'], context: context() })).rejects.toThrow(/^unknown checklist ids: 9\.8, 9\.9$/);
    await expect(runChecks({ checks: [], only: ['9.8'], context: context() })).rejects.toThrow(/^unknown checklist id: 9\.8$/);
  });

  it('progress counts items as they finish: 1, then 2', async () => {
    const events: ProgressEvent[] = [];
    await runChecks({ checks: [check('1.5', returning(met(ROOT, 'ok')))], only: ['1.5', '3.1'], context: context(), onProgress: (e) => events.push(e) });
    expect(events.map((e) => (e.type === 'check-done' ? e.done : 0))).toEqual([0, 1, 2]);
  });

  it('rollUp never reads an unknown status as met', () => {
    const odd = { status: 'pass', resource: 'r', message: 'm' } as unknown as Finding;
    expect(rollUp([{ status: 'met', resource: 'r', message: 'm' }, odd])).toBe('error');
    expect(rollUp([odd])).toBe('error');
  });
});

describe('startFirst', () => {
  it('starts a check marked startFirst before the others, which start only once a macrotask has passed; results stay in checklist order', async () => {
    const log: string[] = [];
    // Each run notes its start, then whether a macrotask (setImmediate) had run by then.
    let immediate = false;
    const track = (id: string) =>
      vi.fn(async () => {
        log.push(`${id} ${immediate ? 'after' : 'before'} a macrotask`);
        return [met(ROOT, 'ok')];
      });
    setImmediate(() => (immediate = true));
    const first = defineCheck({
      meta: { id: '2.5', kind: 'automated', scope: 'account', permissions: ['iam:GetAccountSummary'], remediation: 'fix it', startFirst: true },
      run: track('2.5') as Check['run'],
    });
    const { results } = await runChecks({ checks: [check('1.2', track('1.2')), first, check('3.1', track('3.1'))], only: ['1.2', '2.5', '3.1'], context: context() });
    expect(log).toEqual(['2.5 before a macrotask', '1.2 after a macrotask', '3.1 after a macrotask']);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['1.2', 'met'],
      ['2.5', 'met'],
      ['3.1', 'met'],
    ]);
  });

  it('the real 2.5 check (event history at 2 requests a second) is the one marked startFirst', async () => {
    const { CHECKS } = await import('../src/checks/index.js');
    expect(CHECKS.filter((c) => c.meta.startFirst).map((c) => c.meta.id)).toEqual(['2.5']);
  });
});
