// `cmt-audit merge a.json b.json …`: shard reports (--shard K/N) → the report of one scan of all their
// accounts. Each report is read as `cmt-audit report` reads one (schema, items, verdicts that follow from the
// findings); its results are split back into each account's own findings (a finding a rule judging across
// accounts changed is restored to its account's view), and every account's results are combined again
// (src/estate/combine.ts), so the items judged across accounts see every account at once. Timings and API
// statistics aside, the merged report equals the report of one unsharded scan.
import { byId, shareOf } from './accounts.js';
import type { Attestation } from './config/config-file.js';
import { applyAttestations } from './config/attestations.js';
import { combine, itemErrors, splitByAccount } from './estate/combine.js';
import { withFindings } from './rollup.js';
import { UserError } from './errors.js';
import { REPORT_SCHEMA_VERSION, type Report, type ScanStats } from './model.js';
import { summarize } from './reporters/json.js';
import { rulesOf, suppress } from './suppressions.js';

/** scan.ts's kind for a report with no account (kept here as data: merge does not load the scanner). */
const NO_ACCOUNT = 'no-account';

export function mergeReports(reports: readonly { name: string; report: Report }[]): Report {
  if (reports.length === 0) throw new UserError('merge: give the reports to merge');
  const [first] = reports;
  const same = <T>(what: string, get: (r: Report) => T) => {
    const want = JSON.stringify(get(first.report));
    const other = reports.find((r) => JSON.stringify(get(r.report)) !== want);
    if (other) throw new UserError(`merge: ${other.name} and ${first.name} differ in ${what}: they are not shards of one scan`);
  };
  same('deployment model', (r) => r.scan.deploymentModel);
  same('checklist selection (--checks / --skip-checks)', (r) => [r.scan.checksSelected ?? null, r.scan.checksSkipped ?? null]);
  same('thresholds', (r) => r.scan.thresholds);
  same('source (live or snapshot)', (r) => r.scan.source);
  same('organization', (r) => r.scan.organization?.id ?? null);
  same('number of shards', (r) => r.scan.shard?.count ?? null);
  same('snapshot replayed', (r) => r.scan.snapshot ?? null);
  same('regions asked (--regions)', (r) => r.scan.shard?.regions ?? null);
  same('accounts selected (the organization listing, --accounts, --ous …, or the profiles)', (r) => r.scan.shard?.of ?? null);
  const shards = reports.map((r) => r.report.scan.shard?.index).filter((i): i is number => i !== undefined);
  const twice = shards.find((s, i) => shards.indexOf(s) !== i);
  if (twice !== undefined) throw new UserError(`merge: shard ${twice} is given twice`);
  const count = first.report.scan.shard?.count;
  if (count !== undefined && shards.length < count) {
    // A shard whose share of the selection is empty (more shards than accounts) leaves nothing out.
    const selection = first.report.scan.shard?.of;
    const holdsAccounts = (index: number) => !selection || shareOf(selection, { index, count }).length > 0;
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !shards.includes(i) && holdsAccounts(i));
    if (missing.length) throw new UserError(`merge: shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing: the merged report would leave accounts out`);
  }
  // The shards' shares must be the whole selection: an account left out (filters that differed, an account that
  // joined between runs) would pass the gate unseen.
  const of = first.report.scan.shard?.of;
  if (of) {
    const covered = reports.flatMap((r) => r.report.scan.shard?.keys ?? []);
    const missing = of.filter((k) => !covered.includes(k));
    if (missing.length) throw new UserError(`merge: the shards do not cover account${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of their selection: the merged report would leave ${missing.length > 1 ? 'them' : 'it'} out`);
  }
  const seen = new Map<string, string>();
  for (const { name, report } of reports) {
    for (const a of report.scan.accounts) {
      const other = seen.get(a.id);
      if (other) throw new UserError(`merge: account ${a.id} is in both ${other} and ${name}: each account must come from one shard`);
      seen.set(a.id, name);
    }
  }
  const accounts = reports.flatMap((r) => r.report.scan.accounts).sort(byId);
  const perAccount = reports.flatMap((r) => splitByAccount(r.report.results, r.report.scan.accounts)).sort((a, b) => byId(a.account, b.account));
  const organization = first.report.scan.organization;
  const combined = combine(perAccount, { accounts, organization }, { judge: accounts.length > 1 || reports.some((r) => r.report.scan.shard) });
  same('attestations', (r) => r.results.map((x) => (x.attestation ? { ...x.attestation, state: undefined, note: undefined } : null)));
  const attestations: Attestation[] = first.report.results.flatMap((r) =>
    r.attestation ? [{ item: r.id, status: r.attestation.status, evidence: r.attestation.evidence, links: r.attestation.links, by: r.attestation.by, date: r.attestation.date, expires: r.attestation.expires }] : [],
  );
  const when = (r: Report) => r.scan.snapshotRecordedAt ?? r.scan.startedAt;
  const now = new Date(reports.map((r) => when(r.report)).sort()[0]);
  // Findings of no account (a profile that reached none): kept, and they keep their items from being met.
  const orphans = (id: string) => reports.flatMap((r) => r.report.results.find((x) => x.id === id)?.findings.filter((f) => !f.account) ?? []);
  const withOrphans = combined.map((r) => withFindings(r, orphans(r.id)));
  const results = applyAttestations(withOrphans, attestations, now);
  // The shards' suppressions (the same rules in each), applied again to the merged findings at the same instant.
  same('suppressions', (r) => rulesOf(r) ?? null);
  const rules = rulesOf(first.report);
  const sum = (k: keyof ScanStats) => reports.reduce((n, r) => n + r.report.scan.stats[k], 0);
  const union = (get: (r: Report) => string[]) => [...new Set(reports.flatMap((r) => get(r.report)))].sort();
  const { shard: _shard, ...scan } = first.report.scan;
  const recorded = reports.map((r) => r.report.scan.snapshotRecordedAt).filter((d): d is string => !!d).sort();
  const merged: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: first.report.tool,
    scan: {
      ...scan,
      startedAt: reports.map((r) => r.report.scan.startedAt).sort()[0],
      finishedAt: reports.map((r) => r.report.scan.finishedAt).sort().at(-1)!,
      accounts,
      regions: union((r) => r.scan.regions),
      regionsNotEnabled: union((r) => r.scan.regionsNotEnabled),
      ...(recorded.length ? { snapshotRecordedAt: recorded[0] } : {}),
      stats: { apiCalls: sum('apiCalls'), uniqueCalls: sum('uniqueCalls'), memoHits: sum('memoHits'), retries: sum('retries'), throttled: sum('throttled') },
    },
    summary: summarize(results),
    results,
    // An empty shard's "no account" is no error of the whole, which has the accounts.
    errors: [...reports.flatMap((r) => r.report.errors.filter((e) => !e.checkId && !(e.kind === NO_ACCOUNT && accounts.length > 0))), ...itemErrors(results)],
  };
  return rules ? suppress(merged, rules, now) : merged;
}
