// The engine: for every checklist item in the selection, decide applicability, run the item's check
// (once per account, or once per region for regional checks), isolate failures, and roll findings up
// into one CheckResult. Checks run concurrently; the data layer's per-service limits pace the calls.
import { CHECKLIST, type ChecklistItem } from './checklist.js';
import type { Check, CheckContext } from './checks/define-check.js';
import { AwsDataError, CredentialsError, UserError } from './errors.js';
import type { CheckResult, DeploymentModel, Finding, ScanError, Status } from './model.js';
import { decidedByApi, itemErrors, rollUp } from './rollup.js';

export { rollUp };

export interface EngineInput {
  checks: readonly Check[];
  /** Everything a check sees except `region`, which the engine sets per run. */
  context: Omit<CheckContext, 'region'>;
  /** Checklist ids to run; undefined: all. */
  only?: readonly string[];
  skip?: readonly string[];
  onProgress?: (event: ProgressEvent) => void;
  /**
   * The scan's deadline. When it aborts, every check still running ends at once in an `error` finding of
   * kind `timeout` (its reason's message says why); what already finished is kept.
   */
  signal?: AbortSignal;
  /**
   * The account could not be scanned at all (its role could not be assumed, …): every applicable item that has
   * a check ends in one `error` finding saying why, and no check runs.
   */
  unreachable?: { message: string; kind: string };
}

export type ProgressEvent =
  | { type: 'start'; total: number }
  | { type: 'check-done'; id: string; status: Status; done: number; total: number };

export interface EngineOutput {
  results: CheckResult[];
  errors: ScanError[];
}

export async function runChecks(input: EngineInput): Promise<EngineOutput> {
  const byId = new Map<string, Check>();
  for (const check of input.checks) {
    if (byId.has(check.meta.id)) throw new Error(`internal: two checks for checklist item ${check.meta.id}`);
    byId.set(check.meta.id, check);
  }
  const unknown = [...(input.only ?? []), ...(input.skip ?? [])].filter((id) => !CHECKLIST.some((item) => item.id === id));
  if (unknown.length) throw new UserError(`unknown checklist id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  const items = CHECKLIST.filter((item) => (!input.only || input.only.includes(item.id)) && !input.skip?.includes(item.id));
  let done = 0;
  input.onProgress?.({ type: 'start', total: items.length });
  // Once every item is done, the deadline's listener goes: it holds this run's context (its data) for the whole scan.
  const finished = new AbortController();
  const deadline = input.signal ? deadlineOf(input.signal, finished.signal) : undefined;
  const run = async (item: ChecklistItem) => {
    const result = await runItem(item, byId.get(item.id), input.context, deadline, input.unreachable);
    input.onProgress?.({ type: 'check-done', id: item.id, status: result.status, done: ++done, total: items.length });
    return result;
  };
  // Checks with a long chain of paced requests go first (CheckMeta.startFirst), and the others start only once
  // their first requests are on their way: every request goes through the SDK's many asynchronous steps in turn
  // with all the others, so a request made among a thousand leaves after all of them.
  const started = new Map<ChecklistItem, Promise<CheckResult>>();
  for (const item of items) if (byId.get(item.id)?.meta.startFirst && !input.unreachable) started.set(item, run(item));
  if (started.size) await new Promise((resolve) => setImmediate(resolve));
  for (const item of items) if (!started.has(item)) started.set(item, run(item));
  const results = await Promise.all(items.map((item) => started.get(item)!)).finally(() => finished.abort());
  const errors: ScanError[] = itemErrors(results);
  return { results, errors };
}

async function runItem(
  item: ChecklistItem,
  check: Check | undefined,
  context: EngineInput['context'],
  deadline?: Promise<string>,
  unreachable?: EngineInput['unreachable'],
): Promise<CheckResult> {
  const started = Date.now();
  const applicability = item.appliesTo[context.deploymentModel];
  const base = {
    id: item.id,
    title: item.title,
    pillar: item.pillar,
    severity: item.severity,
    kind: check?.meta.kind ?? ('manual' as const),
    automated: check !== undefined,
    applicability: applicability.note,
    remediation: check?.meta.remediation,
    docs: check?.meta.docs,
  };
  if (!applicability.applies) {
    return {
      ...base,
      status: 'not-applicable',
      applicability: notApplicableReason(context.deploymentModel, applicability.note),
      findings: [],
      durationMs: 0,
      decidedBy: 'not-applicable',
    };
  }
  if (!check) {
    const finding: Finding = {
      status: 'manual',
      resource: `arn:${context.account.partition}:::${context.account.id}`,
      account: context.account.id,
      message: 'No automated check covers this item: attest it with evidence.',
    };
    return { ...base, status: 'manual', findings: [finding], durationMs: 0, decidedBy: 'undecided' };
  }
  if (unreachable) {
    const finding = failure({ ...context, region: context.homeRegion }, unreachable.message, unreachable.kind);
    finding.account = context.account.id;
    return { ...base, status: 'error', findings: [finding], durationMs: 0, decidedBy: 'undecided' };
  }
  const regions = check.meta.scope === 'region' ? context.regions : [context.homeRegion];
  if (regions.length === 0) {
    const finding = failure({ ...context, region: context.homeRegion }, 'could not tell: no region is in scope for this regional check', 'scope');
    finding.account = context.account.id;
    return { ...base, status: 'error', findings: [finding], durationMs: 0, decidedBy: 'undecided' };
  }
  const perRegion = await Promise.all(
    regions.map(async (region) => {
      const ctx = { ...context, region };
      const found = await (deadline ? Promise.race([runOnce(check, ctx), deadline.then((why) => [timedOut(ctx, why)])]) : runOnce(check, ctx));
      return found.map((f) => ({
        ...f,
        account: f.account ?? context.account.id,
        region: f.region ?? (check.meta.scope === 'region' ? region : undefined),
      }));
    }),
  );
  const findings = perRegion.flat();
  const status = rollUp(findings);
  const decidedBy = decidedByApi(status);
  return { ...base, status, findings, durationMs: Date.now() - started, decidedBy };
}

async function runOnce(check: Check, ctx: CheckContext): Promise<Finding[]> {
  try {
    const findings: unknown = await check.run(ctx);
    if (!Array.isArray(findings)) return [failure(ctx, `check ${check.meta.id} returned no list of findings (a bug in the check)`, 'internal')];
    if (findings.length === 0) return [failure(ctx, `check ${check.meta.id} returned no findings (a bug in the check)`, 'internal')];
    const malformed = findings.filter((f) => !isFinding(f));
    if (malformed.length === 0) return findings as Finding[];
    // Never let a finding the engine cannot read pass as met.
    return [
      ...findings.filter(isFinding),
      failure(ctx, `check ${check.meta.id} returned ${malformed.length} malformed finding(s) (a bug in the check)`, 'internal'),
    ];
  } catch (err) {
    if (err instanceof AwsDataError) {
      const f = failure(ctx, `could not tell: ${err.message}`, err.kind, err.region);
      f.resource = err.call;
      if ('action' in err) f.missingPermission = String(err.action);
      return [f];
    }
    if (err instanceof CredentialsError) return [failure(ctx, `could not tell: ${err.message}`, 'credentials')];
    return [failure(ctx, `internal error in check ${check.meta.id}: ${(err as Error)?.message ?? String(err)}`, 'internal')];
  }
}

/**
 * Resolves, with what to say, when the signal aborts. One listener per engine run (a listener per check run
 * would be hundreds on one signal, and Node warns past 10), removed when `finished` aborts.
 */
function deadlineOf(signal: AbortSignal, finished: AbortSignal): Promise<string> {
  const why = () => (signal.reason instanceof AwsDataError ? signal.reason.message : 'timed out: the scan deadline passed');
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(why());
    const onAbort = () => resolve(why());
    signal.addEventListener('abort', onAbort, { once: true });
    // Removed explicitly: Node holds the remover of addEventListener's own `signal` option only weakly, and
    // once collected it never runs.
    finished.addEventListener('abort', () => signal.removeEventListener('abort', onAbort), { once: true });
  });
}

/** A check run abandoned at the deadline (its late answer, if any, is ignored). */
function timedOut(ctx: CheckContext, why: string): Finding {
  return failure(ctx, `could not tell: ${why} before this check finished`, 'timeout');
}

/** An `error` finding. Its region is the failed call's; runItem adds the run's region for regional checks. */
function failure(ctx: CheckContext, message: string, errorKind: string, region?: string): Finding {
  const f: Finding = { status: 'error', resource: `arn:${ctx.account.partition}:::${ctx.account.id}`, message, errorKind };
  if (region) f.region = region;
  return f;
}

const FINDING_STATUSES: readonly string[] = ['met', 'not-met', 'manual', 'error'];

function isFinding(f: unknown): f is Finding {
  const x = f as Partial<Finding> | null;
  return typeof x === 'object' && x !== null && FINDING_STATUSES.includes(x.status as string) && typeof x.resource === 'string';
}

function notApplicableReason(model: DeploymentModel, note?: string): string {
  return `does not apply to the ${model} deployment model${note ? ` (${note})` : ''}`;
}
