// The check tester (after ESLint's RuleTester). Every check is tested on named fixtures of API responses
// in three groups — met, notMet, cannotTell — and the tester also holds the check to its declared
// permissions: an API used but not declared fails, and so does a permission declared but never used.
//
//   testCheck(rootAccountMfa, {
//     met: [{ name: 'rootWithMfa', responses: { 'iam:GetAccountSummary': { SummaryMap: { AccountMFAEnabled: 1 } } } }],
//     notMet: [...],
//     cannotTell: [{ name: 'summaryDenied', responses: { 'iam:GetAccountSummary': DENIED }, expect: { missingPermission: 'iam:GetAccountSummary' } }],
//   });
//
// Every verdict is pinned, not only the roll-up: a notMet or cannotTell case must name the exact set of
// resources that carry its status (`expect.resources`), so a mutation that flips one resource's verdict
// cannot hide behind another resource that already decides the item. A case may also name the exact set
// of resources found met (`expect.metResources`). Each case's findings (status, resource, region,
// message, evidence, missing permission) are also kept as a vitest snapshot next to the test file, so a
// changed message or a lost piece of evidence shows up in review.
import { describe, expect, it } from 'vitest';
import { Fetcher, type FetcherOptions } from '../../src/aws/fetcher.js';
import { createAwsData } from '../../src/aws/index.js';
import { SERVICES } from '../../src/aws/services/index.js';
import { SNAPSHOT_FORMAT } from '../../src/aws/snapshot.js';
import type { Check, CheckContext } from '../../src/checks/define-check.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../src/config/thresholds.js';
import { runChecks, type EngineInput } from '../../src/engine.js';
import type { CheckResult, DeploymentModel, Status } from '../../src/model.js';

export const ACCOUNT = { id: '123456789012', partition: 'aws', rootArn: 'arn:aws:iam::123456789012:root' };
/** Every case runs at this instant unless it says otherwise, so ages in fixtures are stable. */
export const NOW = new Date('2026-06-01T00:00:00Z');
export const HOME = 'us-east-1';

/** Fixture values for API failures. */
export const DENIED = { $error: { name: 'AccessDenied', message: 'User is not authorized', httpStatusCode: 403 } };
export const DENIED_EXCEPTION = { $error: { name: 'AccessDeniedException', message: 'not authorized', httpStatusCode: 403 } };
export const THROTTLED = { $error: { name: 'ThrottlingException', message: 'Rate exceeded', httpStatusCode: 400 } };
export const awsError = (name: string, message = name, httpStatusCode = 400) => ({ $error: { name, message, httpStatusCode } });

/** Days before NOW, as an ISO string (fixtures read like "created 120 days ago"). */
export const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

export interface CheckCase {
  name: string;
  responses: Record<string, unknown>;
  regions?: string[];
  thresholds?: Partial<Thresholds>;
  deploymentModel?: DeploymentModel;
  now?: Date;
  expect?: {
    /** Defaults: met → 'met', notMet → 'not-met', cannotTell → 'error'. */
    status?: Status;
    /**
     * Resources of the findings that carry the case's status (exact set, any order). Required in notMet and
     * cannotTell cases: they name what fails (or what could not be told), not only that something does.
     */
    resources?: string[];
    /** Resources of the findings that are met (exact set, any order), where a case mixes verdicts. */
    metResources?: string[];
    /** Some finding with the case's status has a message matching this. */
    message?: string | RegExp;
    /** Some error finding names this IAM action. */
    missingPermission?: string;
    /** Any other assertion on the result. */
    check?: (result: CheckResult) => void;
  };
}

export interface CheckCases {
  met: CheckCase[];
  notMet: CheckCase[];
  cannotTell: CheckCase[];
}

/** A Fetcher that serves every call from these responses (fixture keys as above); nothing reaches the network. */
export function replayFetcher(responses: Record<string, unknown>): Fetcher {
  return new Fetcher({ services: SERVICES, homeRegion: HOME, snapshot: { format: SNAPSHOT_FORMAT, version: 1, responses: structuredClone(responses) } });
}

/**
 * A Fetcher over the real SDK clients, with fake credentials: the caller stubs the clients with
 * aws-sdk-client-mock (or points them at a local endpoint), so what the data layer really sends is what they see.
 */
export function liveFetcher(opts: Partial<FetcherOptions> = {}): Fetcher {
  return new Fetcher({
    services: SERVICES,
    homeRegion: HOME,
    ...opts,
    clientConfig: { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, ...opts.clientConfig },
  });
}

/** The engine's context in tests: ACCOUNT, home region HOME (the only region in scope), NOW, default thresholds, multi-tenant SaaS. */
export function engineContext(fetcher: Fetcher, overrides: Partial<EngineInput['context']> = {}): EngineInput['context'] {
  return {
    aws: createAwsData(fetcher),
    account: ACCOUNT,
    regions: [HOME],
    homeRegion: HOME,
    thresholds: DEFAULT_THRESHOLDS,
    deploymentModel: 'multi-tenant-saas',
    now: NOW,
    ...overrides,
  };
}

/** A check's context over replayed responses, for calling a check helper directly (region HOME unless given). */
export function checkContext(responses: Record<string, unknown>, overrides: Partial<CheckContext> = {}): CheckContext {
  return { ...engineContext(replayFetcher(responses)), region: HOME, ...overrides };
}

export async function runCase(check: Check, c: CheckCase): Promise<{ result: CheckResult; actions: Set<string> }> {
  const fetcher = replayFetcher(c.responses);
  const { results } = await runChecks({
    checks: [check],
    only: [check.meta.id],
    context: engineContext(fetcher, {
      regions: c.regions ?? [HOME],
      thresholds: mergeThresholds(c.thresholds),
      deploymentModel: c.deploymentModel ?? 'multi-tenant-saas',
      now: c.now ?? NOW,
    }),
  });
  return { result: results[0], actions: new Set(fetcher.calls.map((call) => call.action)) };
}

function mergeThresholds(overrides: Partial<Thresholds> = {}): Thresholds {
  return { ...DEFAULT_THRESHOLDS, ...overrides, passwordPolicy: { ...DEFAULT_THRESHOLDS.passwordPolicy, ...overrides.passwordPolicy } };
}

export function testCheck(check: Check, cases: CheckCases): void {
  const id = check.meta.id;
  const used = new Set<string>();
  describe(`check ${id}`, () => {
    it('has at least one case of each kind, with unique names', () => {
      expect(cases.met.length, 'met cases').toBeGreaterThan(0);
      expect(cases.notMet.length, 'notMet cases').toBeGreaterThan(0);
      expect(cases.cannotTell.length, 'cannotTell cases').toBeGreaterThan(0);
      const names = [...cases.met, ...cases.notMet, ...cases.cannotTell].map((c) => c.name);
      expect(new Set(names).size, 'duplicate case names').toBe(names.length);
    });

    const groups: [keyof CheckCases, Status][] = [
      ['met', 'met'],
      ['notMet', 'not-met'],
      ['cannotTell', 'error'],
    ];
    for (const [group, defaultStatus] of groups) {
      describe(group, () => {
        for (const c of cases[group]) {
          it(c.name, async () => {
            const frozen = structuredClone(c.responses);
            const { result, actions } = await runCase(check, c);
            actions.forEach((a) => used.add(a));
            expect(c.responses, 'the check mutated its fixture').toEqual(frozen);

            const missing = result.findings.filter((f) => f.errorKind === 'not-in-snapshot');
            expect(missing.map((f) => f.message), 'fixture lacks a response the check asked for').toEqual([]);
            const internal = result.findings.filter((f) => f.errorKind === 'internal');
            expect(internal.map((f) => f.message), 'the check threw or returned nothing').toEqual([]);

            const undeclared = [...actions].filter((a) => !check.meta.permissions.includes(a));
            expect(undeclared, `APIs used but not in meta.permissions of ${id}`).toEqual([]);

            const status = c.expect?.status ?? defaultStatus;
            if (group === 'cannotTell') expect(['error', 'manual']).toContain(status);
            if (group !== 'met') {
              expect(c.expect?.resources, `${group} case ${c.name} must name the exact resources with status ${status} (expect.resources)`).toBeDefined();
            }
            expect(result.status, JSON.stringify(result.findings, null, 2)).toBe(status);
            const withStatus = result.findings.filter((f) => f.status === status);
            if (c.expect?.resources) expect(withStatus.map((f) => f.resource).sort(), `resources with status ${status}: ${JSON.stringify(withStatus.map((f) => [f.resource, f.message]))}`).toEqual([...c.expect.resources].sort());
            if (c.expect?.metResources) {
              const metFound = result.findings.filter((f) => f.status === 'met').map((f) => f.resource);
              expect(metFound.sort(), 'resources found met').toEqual([...c.expect.metResources].sort());
            }
            if (c.expect?.message) {
              const re = typeof c.expect.message === 'string' ? new RegExp(escape(c.expect.message)) : c.expect.message;
              expect(withStatus.map((f) => f.message).some((m) => re.test(m)), `no ${status} finding matches ${re}: ${JSON.stringify(withStatus.map((f) => f.message))}`).toBe(true);
            }
            if (c.expect?.missingPermission) {
              expect(result.findings.map((f) => f.missingPermission)).toContain(c.expect.missingPermission);
            }
            c.expect?.check?.(result);
            expect(pinned(result)).toMatchSnapshot();
          });
        }
      });
    }

    it('uses every permission it declares', () => {
      const unused = check.meta.permissions.filter((p) => !used.has(p));
      expect(unused, `declared in meta.permissions of ${id} but no case used them`).toEqual([]);
    });
  });
}

/** What a case's snapshot pins: every finding, in order, without timings. */
function pinned(result: CheckResult) {
  return {
    status: result.status,
    findings: result.findings.map((f) => ({
      status: f.status,
      resource: f.resource,
      ...(f.region ? { region: f.region } : {}),
      message: f.message,
      ...(f.evidence ? { evidence: f.evidence } : {}),
      ...(f.missingPermission ? { missingPermission: f.missingPermission } : {}),
      ...(f.errorKind ? { errorKind: f.errorKind } : {}),
    })),
  };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
