// The command line: `scan`, `checks`, `policy`, `report`, `init`. The only module that touches `process`
// (argv, env, stdout/stderr, signals, the exit code). Everything else returns data or throws:
// UserError → one line `cmt-audit: <message>` (+ `hint: …`) and its exit code; anything else is a bug
// → exit 1, with the stack trace only under --debug. Commands load their heavy modules lazily.
//
// Exit codes: 0 ok · 1 internal error · 2 usage · 3 gate failed (--fail-on) · 4 incomplete (errors)
// · 5 no usable credentials. When 3 and 4 both apply, 3 wins.
import { DEFAULT_ACCOUNT_CONCURRENCY, DEFAULT_ROLE_NAME } from './accounts.js';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { DEPLOYMENT_MODELS, type Report } from './model.js';
import { CredentialsError, EXIT, UserError } from './errors.js';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_DEPLOYMENT_MODEL,
  DEFAULT_FAIL_ON,
  DEFAULT_REQUEST_TIMEOUT,
  DEFAULT_TIMEOUT,
  RETRY_BUDGET_FACTOR,
  FAIL_ON,
  evaluateGate,
  parseDeploymentModel,
  parseFormats,
  parseGate,
  parseOutputs,
  parseScanFlags,
  parseTableFilter,
  type TableFilter,
  type GateOptions,
  type LoadedConfig,
  type OutputTarget,
  type RawScanFlags,
} from './options.js';
import { DEFAULT_HEARTBEAT_MS, progressReporter } from './progress.js';
import { FORMATS, render, type FormatName } from './reporters/index.js';
import type { SarifOptions } from './reporters/sarif.js';
import { resolveTemplates } from './sarif-templates.js';
import { summaryLine } from './reporters/table.js';
import { suppressionWarnings } from './suppressions.js';
import { assertNoClobber, assertWritable, existingRegularFile, standardStreamOf, writeFileAtomic, type NamedPath } from './output.js';
import { terminalLine, terminalLines } from './text.js';
import { outputDirTargets, parseOutputDir, wroteLine, type OutputDirPlan } from './output-dir.js';
import { assertDemoFlags, demoSnapshot } from './demo.js';
import { VERSION } from './version.js';
import { favourMemory, keepHeapNearLive } from './heap.js';

interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** All of standard input (`cmt-audit report -`). */
  readStdin(): Promise<string>;
  stdinIsTty: boolean;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  columns?: number;
}

interface CommonFlags {
  color?: boolean;
  debug?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: process.env,
    readStdin: () =>
      new Promise((resolve, reject) => {
        let text = '';
        process.stdin.setEncoding('utf8');
        process.stdin.on('data', (chunk: string) => (text += chunk));
        process.stdin.on('end', () => resolve(text));
        process.stdin.on('error', reject);
      }),
    stdinIsTty: process.stdin.isTTY === true,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    columns: process.stdout.columns,
  };
}

/** Entry point (bin/cmt-audit.js). Sets process.exitCode; calls process.exit only when something lingers a second after the output. */
export async function main(argv: string[]): Promise<void> {
  const io = processIo();
  keepHeapNearLive();
  // The SDK warns on every Node 20 run that its 2027 releases will need Node 22: noise for a scan
  // (this package pins its SDK); shown with --verbose.
  if (!argv.includes('--verbose') && !argv.includes('-v')) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // `cmt-audit scan | head`: a closed pipe is not an error worth a stack trace, and it changes nothing else:
  // the rest of the output is dropped, the run finishes and exits with its own code (a failed gate is still
  // 3, even when the reader stopped early).
  // Any other failure to write standard output (a full disk: `> /dev/full` is ENOSPC) is one line and exit 2,
  // as an unwritable --output is: the report did not reach its reader.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return;
    io.err(`cmt-audit: cannot write to standard output: ${err.code ?? err.message}\n`);
    process.exit(EXIT.usage);
  });
  const onSignal = (signal: NodeJS.Signals) => {
    io.err(`\ncmt-audit: interrupted (${signal})\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const exitCode = await run(argv, io);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  await new Promise<void>((done) => process.stdout.write('', () => done()));
  process.exitCode = exitCode;
  // Everything is written. Normally the process ends now by itself; a request abandoned at a timeout can
  // leave an SDK backoff timer behind (up to 20 s), which must not hold a finished scan. Unref'd: this
  // timer never keeps the process alive itself.
  setTimeout(() => process.exit(exitCode), 1000).unref();
}

/** Parse argv, run the command, turn any error into a message and an exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    return reportError(err, io, debug, argv);
  }
}

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('cmt-audit')
    .description('Audit an AWS account against the AWS Cloud Management Tools Competency Technical Validation Checklist.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: () => undefined, // reportError prints commander's errors in our format
      getOutHelpWidth: () => Math.min(io.columns ?? 100, 100),
      getErrHelpWidth: () => 100,
    });

  program.addHelpText(
    'after',
    [
      '',
      'Examples:',
      '  cmt-audit scan --profile prod                       scan the account of a profile (SSO works)',
      '  cmt-audit scan --snapshot fixtures/demo             replay the bundled demo account',
      '  cmt-audit demo                                      the same, from wherever cmt-audit is installed (--org: 5 accounts)',
      '  cmt-audit scan --format all --output-dir out        every format: out/cmt-audit.txt, out/cmt-audit.json, …',
      '  cmt-audit scan --format table,json --output out/scan   write out/scan.txt and out/scan.json',
      '  cmt-audit policy > cmt-audit-policy.json            the read-only IAM policy a scan needs',
      '  cmt-audit diff last.json today.json --fail-on-new   what changed; exit 3 only for new failures',
      '',
      'Exit codes: 0 ok · 3 gate failed (--fail-on) · 4 incomplete (items in error, --timeout passed, AWS',
      '            not answering) · 2 usage error · 5 no usable AWS credentials · 1 internal error. 3 wins over 4.',
    ].join('\n'),
  );

  const scan = program
    .command('scan')
    .description('scan an AWS account (or replay a snapshot) and report every checklist item')
    .option('--profile <names>', 'AWS profile (from ~/.aws/config; SSO, assume-role and credential_process work); several, comma separated: one account each')
    .option('--role-arn <arn>', 'assume this IAM role first (from the profile\'s credentials)')
    .option('--external-id <id>', 'the external id to send when assuming a role (--role-arn, --org)')
    .option('--role-session-name <name>', 'the role session name (default: cmt-audit)')
    .option('--org', 'scan every ACTIVE account of the AWS Organization (run from the management account or a delegated administrator)')
    .option('--role-name <name>', `with --org: the role assumed in each account (default: ${DEFAULT_ROLE_NAME}; docs/organizations.md)`)
    .option('--accounts <ids>', 'scan only these accounts, comma separated (of the organization, or of the snapshot)')
    .option('--exclude-accounts <ids>', 'leave these accounts out')
    .option('--ous <ids>', 'with --org: only accounts under these organizational units (recursively)')
    .option('--exclude-ous <ids>', 'with --org: leave out accounts under these organizational units')
    .option('--account-concurrency <n>', `accounts scanned at once (default: ${DEFAULT_ACCOUNT_CONCURRENCY})`)
    .option('--workers <n>', 'threads that scan accounts, for many live accounts (default: one per CPU and per 10 accounts, at most --account-concurrency; 1: one thread)')
    .option('--low-memory', 'favour memory over speed: V8 optimizes for size (50 accounts: ~500 MiB instead of ~570, up to ~25 % more CPU)')
    .option('--shard <K/N|auto>', 'scan shard K of N of the accounts (auto: JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX; docs/sharding.md)')
    .option('--region <region>', 'home region for global calls (default: AWS_REGION, the profile\'s region, or us-east-1)')
    .option('--regions <list>', 'scan only these regions, comma separated (default: every enabled region)')
    .addOption(
      new Option(
        '--deployment-model <model>',
        `the product's deployment model; items that do not apply are not-applicable (default: ${DEFAULT_DEPLOYMENT_MODEL})`,
      ).choices(DEPLOYMENT_MODELS),
    );
  withSelectionAndOutputs(scan)
    .option('--snapshot <path>', 'replay a recorded snapshot file or directory instead of calling AWS (no network)')
    .option('--demo', 'replay the demo snapshot bundled with cmt-audit (with --org: the 5-account demo organization); same as `cmt-audit demo`')
    .option('--record <file>', 'also write every API response of this scan to a snapshot file (redacted)')
    .option('--concurrency <n>', 'concurrent requests per service and region', String(DEFAULT_CONCURRENCY))
    .option(
      '--request-timeout <seconds>',
      `the longest one attempt of an AWS request may take; a request with its retries gives up after ${RETRY_BUDGET_FACTOR} times that`,
      DEFAULT_REQUEST_TIMEOUT,
    )
    .option('--timeout <duration>', 'time limit for the whole scan (90s, 15m, 1h; 0: none): unfinished items end in error, the report is written, exit 4', DEFAULT_TIMEOUT)
    // For tests and slow CI logs: the period of the progress line printed when stderr is not a terminal.
    .addOption(new Option('--progress-interval <seconds>').hideHelp());
  withGateAndReporterFlags(scan)
    .option('--baseline <file>', 'compare with an earlier JSON report: the table and JSON say what is new, fixed and still failing (docs/diff.md)')
    .option('--fail-on-new', 'with --baseline: exit 3 only for new failing findings at or above --fail-on severity')
    .addOption(configOption())
    .addOption(noConfigOption())
    .addOption(quietOption())
    .addOption(verboseOption())
    .addOption(colorOption())
    .addOption(debugOption())
    .action(async (flags: RawScanFlags & CommonFlags & { progressInterval?: string; sarifIncludeAll?: boolean }) => setExit(await scanCommand(flags, io)));
  configOrNoConfig(program.commands.at(-1)!);

  program
    .command('checks')
    .description('list every checklist item: kind, severity, where it applies and the IAM permissions it needs')
    .option('--format <format>', 'table, json or markdown', 'table')
    .option('--output <path>', 'write to a file (atomically) instead of stdout')
    .addOption(colorOption())
    .addOption(debugOption())
    .action(async (flags: { format: string; output?: string } & CommonFlags) => setExit(await checksCommand(flags, io)));

  program
    .command('policy')
    .description('print the least-privilege, read-only IAM policy a scan needs')
    .option('--output <path>', 'write to a file (atomically) instead of stdout')
    .addOption(debugOption())
    .action(async (flags: { output?: string } & CommonFlags) => setExit(await policyCommand(flags, io)));

  program
    .command('report')
    .description('re-render a saved JSON report (no AWS calls) and apply the same exit-code gate as scan')
    .argument('<file>', 'a report written by `cmt-audit scan --format json` (- reads standard input)')
    .option('--format <formats>', `output format(s): ${FORMATS.join(', ')}`, 'table')
    .option('--output <path>', 'write to a file (atomically); several formats: a base name or one path per format')
    .addOption(outputDirOption())
    .addOption(timestampOption())
    .addOption(failOnOption())
    .option('--allow-errors', 'do not exit 4 when the report has items that could not be checked')
    .option('--sarif-include-all', 'SARIF: report every finding (pass, review, open, notApplicable), not only the failing ones')
    .addOption(severityOption())
    .addOption(statusOption())
    .addOption(configOption())
    .addOption(noConfigOption())
    .addOption(quietOption())
    .addOption(colorOption())
    .addOption(debugOption())
    .action(async (file: string, flags: ReportFlags) => setExit(await reportCommand(file, flags, io)));
  configOrNoConfig(program.commands.at(-1)!);

  program
    .command('merge')
    .description('combine shard reports (scan --shard K/N) into the report of one scan, judging the items across accounts again')
    .argument('<files...>', 'reports written by `cmt-audit scan --shard K/N --format json`')
    .option('--format <formats>', `output format(s): ${FORMATS.join(', ')}`, 'json')
    .option('--output <path>', 'write to a file (atomically); several formats: a base name or one path per format')
    .addOption(outputDirOption())
    .addOption(timestampOption())
    .addOption(failOnOption())
    .option('--allow-errors', 'do not exit 4 when the merged report has items that could not be checked')
    .addOption(severityOption())
    .addOption(statusOption())
    .addOption(quietOption())
    .addOption(colorOption())
    .addOption(debugOption())
    .action(async (files: string[], flags: ReportFlags) => setExit(await mergeCommand(files, flags, io)));

  const demo = program
    .command('demo')
    .description('scan the demo account bundled with cmt-audit (a recorded snapshot: no AWS, works anywhere); --org: the demo organization of 5 accounts')
    .option('--org', 'the demo organization (5 accounts, judged across accounts) instead of the one demo account')
    .option('--accounts <ids>', 'with --org: only these accounts, comma separated')
    .option('--exclude-accounts <ids>', 'with --org: leave these accounts out')
    .option('--regions <list>', 'only these regions, comma separated')
    .addOption(
      new Option('--deployment-model <model>', `the product's deployment model (default: ${DEFAULT_DEPLOYMENT_MODEL})`).choices(DEPLOYMENT_MODELS),
    );
  withGateAndReporterFlags(withSelectionAndOutputs(demo))
    .option('--config <file>', 'a config file to apply (the demo reads none by default; the bundled one: fixtures/demo/cmt-audit.config.yaml of the package)')
    .addOption(quietOption())
    .addOption(verboseOption())
    .addOption(colorOption())
    .addOption(debugOption())
    .action(async (flags: RawScanFlags & CommonFlags & ConfigFlags & { sarifIncludeAll?: boolean }) => setExit(await scanCommand({ ...flags, demo: true }, io)));

  program
    .command('diff')
    .description('compare two JSON reports: new, fixed and still-failing findings, and items whose status changed (docs/diff.md)')
    .argument('<old>', 'the earlier report (`cmt-audit scan --format json`)')
    .argument('<new>', 'the later report')
    .option('--format <formats>', 'table or json (or both, with --output)', 'table')
    .option('--output <path>', 'write to a file (atomically); several formats: a base name or one path per format')
    .option('--fail-on-new', 'exit 3 when there are new failing findings at or above --fail-on severity (suppressed ones never count)')
    .addOption(new Option('--fail-on <severity>', `with --fail-on-new: the severity at or above which a new failing finding fails (default: ${DEFAULT_FAIL_ON})`).choices(FAIL_ON))
    .addOption(configOption())
    .addOption(noConfigOption())
    .addOption(quietOption())
    .addOption(colorOption())
    .addOption(debugOption())
    .action(async (oldFile: string, newFile: string, flags: DiffFlags) => setExit(await diffCommand(oldFile, newFile, flags, io)));
  configOrNoConfig(program.commands.at(-1)!);

  program
    .command('init')
    .description('write a starter config: every threshold with its default, and an attestation template for each item people must decide')
    .addOption(
      new Option('--deployment-model <model>', `the product's deployment model (default: ${DEFAULT_DEPLOYMENT_MODEL})`).choices(DEPLOYMENT_MODELS),
    )
    .option('--output <path>', 'where to write it (- for stdout; missing directories are created)', 'cmt-audit.config.yaml')
    .option('--force', 'overwrite an existing file')
    .addOption(debugOption())
    .action(async (flags: InitFlags) => setExit(await initCommand(flags, io)));

  return program;
}

/** `--config FILE` and `--no-config` share one value (the last would win): together they are a usage error. */
function configOrNoConfig(command: Command): Command {
  const given = new Set<string>();
  command.on('option:config', () => given.add('--config'));
  command.on('option:no-config', () => given.add('--no-config'));
  return command.hook('preAction', () => {
    if (given.size === 2) {
      throw new UserError('--config and --no-config cannot be used together', EXIT.usage, 'give --config FILE to read that file, or --no-config to read none');
    }
  });
}

const failOnOption = () =>
  new Option('--fail-on <severity>', `exit 3 when an item at or above this severity is not met (default: ${DEFAULT_FAIL_ON})`).choices(FAIL_ON);
const outputDirOption = () =>
  new Option('--output-dir <dir>', 'write every --format to DIR/cmt-audit.<ext> (created if missing; --format all: every format); not with --output');
const timestampOption = () => new Option('--timestamp', 'with --output-dir: name the files cmt-audit-<scan start, UTC>.<ext>, e.g. cmt-audit-20261203T101500Z.json');
const configOption = () =>
  new Option('--config <file>', 'settings, thresholds and attestations (default: ./cmt-audit.config.yaml, .yml or .json when present)');
const noConfigOption = () => new Option('--no-config', 'ignore any config file in the working directory');
const quietOption = () => new Option('-q, --quiet', 'print only the summary line (or nothing but the requested output)').conflicts('verbose');
const verboseOption = () => new Option('-v, --verbose', 'print progress and API statistics on stderr');
const colorOption = () => new Option('--no-color', 'no ANSI colour (also: NO_COLOR=1; FORCE_COLOR=1 forces it)');
const debugOption = () => new Option('--debug', 'show stack traces for internal errors');
const severityOption = () => new Option('--severity <list>', 'the table shows only items of these severities, e.g. critical,high (never filters JSON or other formats)');
const statusOption = () => new Option('--status <list>', 'the table shows only items with these statuses, e.g. not-met,error (never filters JSON or other formats)');

// ── scan ─────────────────────────────────────────────────────────────────────────────────────────

async function scanCommand(given: RawScanFlags & CommonFlags & ConfigFlags & { progressInterval?: string; sarifIncludeAll?: boolean }, io: Io): Promise<number> {
  const flags = given.demo ? demoFlags(given) : given;
  const dirPlan = parseOutputDir(flags);
  const loaded = await loadConfig(flags);
  const parsed = parseScanFlags(flags, loaded, io.env);
  // --output-dir: the names are final once the scan has started (--timestamp); checked now with this instant's.
  const planned = dirPlan ? outputDirTargets(dirPlan, new Date().toISOString()) : parsed.outputs;
  assertSarifIncludeAll(flags, planned);
  const writes = [...outputPaths(planned, Boolean(dirPlan)), ...(parsed.record ? [{ role: '--record', path: parsed.record }] : [])];
  const baselineFile = flags.baseline;
  if (flags.failOnNew && baselineFile === undefined) throw new UserError('--fail-on-new gates on what is new since a baseline: it needs --baseline FILE', EXIT.usage, 'or use `cmt-audit diff old.json new.json --fail-on-new`');
  const reads = [
    ...(parsed.scan.snapshot ? [{ role: 'the snapshot', path: parsed.scan.snapshot }] : []),
    ...configPath(loaded),
    ...(baselineFile !== undefined ? [{ role: 'the baseline', path: baselineFile }] : []),
  ];
  assertNoClobber(writes, reads);
  for (const w of writes) assertWritable(w.path);
  // A baseline that cannot be read fails now, before any AWS time is spent.
  const baseline = baselineFile === undefined ? undefined : await readBaseline(baselineFile);

  // Before the scan starts its worker threads (they share the process's V8 flags).
  if (flags.lowMemory) favourMemory();
  const { scan } = await import('./scan.js');
  const progress = progressReporter({
    write: io.err,
    stderrIsTty: io.stderrIsTty,
    quiet: flags.quiet,
    verbose: flags.verbose,
    intervalMs: flags.progressInterval === undefined ? DEFAULT_HEARTBEAT_MS : parseInterval(flags.progressInterval),
  });
  let outcome: Awaited<ReturnType<typeof scan>>;
  try {
    outcome = await scan({ ...parsed.scan, onProgress: progress.onProgress });
  } catch (err) {
    progress.clear();
    throw explainCredentials(err, flags.profile);
  }
  progress.clear();
  const { recorded } = outcome;
  let { report } = outcome;
  const diff = baseline ? await withBaseline(report, baseline, baselineFile!) : undefined;
  if (diff) report = diff.report;
  // The scan's deadline passed: say so once, before the report (which holds the partial results).
  if (outcome.timedOut && !flags.quiet) io.err(`cmt-audit: ${outcome.timedOut}\n`);

  if (parsed.record && recorded) {
    write(`${JSON.stringify(recorded, null, 2)}\n`, parsed.record, io);
    if (!flags.quiet) {
      const counts = 'responses' in recorded ? [Object.keys(recorded.responses).length] : Object.values(recorded.accounts).map((a) => Object.keys(a.responses).length);
      const n = counts.reduce((a, b) => a + b, 0);
      const of = 'accounts' in recorded ? ` of ${counts.length} account${counts.length === 1 ? '' : 's'}` : '';
      io.err(`cmt-audit: recorded ${n} responses${of} to ${terminalLine(parsed.record)}\n`);
    }
  }
  const outputs = dirPlan ? dirTargets(dirPlan, report, reads) : parsed.outputs;
  emit(report, outputs, io, flags, parsed.tableFilter, dirPlan === undefined, sarifOptions(report, outputs, loaded, flags, io));
  if (dirPlan && !flags.quiet) io.err(`cmt-audit: ${terminalLine(wroteLine(outputs), 4000)}\n`);
  if (flags.verbose) io.err(statsLine(report));
  if (!diff) return finish(report, parsed.gate, outputs, io, flags);
  return finishWithBaseline(report, diff.diff, parsed.gate, flags.failOnNew === true, outputs, io, flags);
}

/** `demo` and `scan --demo`: the bundled snapshot, and no config file unless one is named (the cwd's is not the demo's). */
function demoFlags<T extends RawScanFlags & ConfigFlags>(flags: T): T {
  assertDemoFlags(flags);
  return { ...flags, snapshot: demoSnapshot(flags.org === true), org: undefined, config: flags.config ?? false };
}

/** --output-dir's files, named from the report's scan (--timestamp), checked again against what the run read. */
function dirTargets(plan: OutputDirPlan, report: Report, reads: NamedPath[]): OutputTarget[] {
  const targets = outputDirTargets(plan, report.scan.startedAt);
  assertNoClobber(outputPaths(targets, true), reads);
  return targets;
}

function parseInterval(value: string): number {
  const seconds = Number(value);
  if (!(seconds > 0)) throw new UserError(`invalid --progress-interval "${value}": expected seconds, more than 0`);
  return seconds * 1000;
}

function statsLine(report: Report): string {
  const s = report.scan.stats;
  const ms = Date.parse(report.scan.finishedAt) - Date.parse(report.scan.startedAt);
  return (
    `cmt-audit: ${s.uniqueCalls} distinct API calls, ${s.apiCalls} requests sent (${s.retries} retries, ` +
    `${s.throttled} throttled), ${s.memoHits} served from the in-scan memo; ${ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`}\n`
  );
}

/** SSO sessions deserve a precise hint (the data layer's generic one says "set AWS_PROFILE"). */
function explainCredentials(err: unknown, profile?: string): unknown {
  if (err instanceof CredentialsError && /\bSSO\b/i.test(err.message)) {
    return new CredentialsError(err.message, `run \`aws sso login${profile ? ` --profile ${profile}` : ''}\` and retry`);
  }
  return err;
}

// ── report ───────────────────────────────────────────────────────────────────────────────────────

interface ReportFlags extends CommonFlags, ConfigFlags {
  severity?: string;
  status?: string;
  format: string;
  sarifIncludeAll?: boolean;
  output?: string;
  outputDir?: string;
  timestamp?: boolean;
  failOn?: string;
  allowErrors?: boolean;
}

async function reportCommand(file: string, flags: ReportFlags, io: Io): Promise<number> {
  const dirPlan = parseOutputDir(flags);
  let outputs = dirPlan ? outputDirTargets(dirPlan, new Date().toISOString()) : parseOutputs(parseFormats(flags.format), flags.output);
  const tableFilter = parseTableFilter(flags, outputs.map((o) => o.format));
  assertSarifIncludeAll(flags, outputs);
  const loaded = await loadConfig(flags);
  const gate = parseGate({ failOn: flags.failOn ?? loaded?.config.failOn, allowErrors: flags.allowErrors });
  const fromStdin = file === '-';
  const reads = [...(fromStdin ? [] : [{ role: 'the report', path: file }]), ...configPath(loaded)];
  assertNoClobber(outputPaths(outputs, Boolean(dirPlan)), reads);
  for (const target of outputs) if (target.path) assertWritable(target.path);
  if (fromStdin && io.stdinIsTty) {
    throw new UserError('`cmt-audit report -` reads a report from standard input, which is a terminal', EXIT.usage, 'pipe one in: cmt-audit scan --format json | cmt-audit report - --format markdown');
  }
  const { readReportFile, summarize } = await import('./reporters/json.js');
  let report = await readReportFile(file, { stdin: io.readStdin, note: (m) => flags.quiet || io.err(`cmt-audit: note: ${terminalLine(m)}\n`) });
  const attestations = loaded?.config.attestations ?? [];
  if (attestations.length > 0) {
    // The config's attestations, by the same rules as a scan, at the scan's instant: what the scan would
    // have said with this config. They replace any the report already carries.
    const { applyAttestations, assertAttestationDates, withoutAttestations } = await import('./config/attestations.js');
    const recorded = report.scan.snapshotRecordedAt;
    const instant = new Date(recorded ?? report.scan.startedAt);
    assertAttestationDates(attestations, instant, recorded ? 'when the snapshot was recorded' : 'when the scan started');
    const results = applyAttestations(withoutAttestations(report.results), attestations, instant);
    report = { ...report, scan: { ...report.scan, configFile: loaded!.path }, results, summary: summarize(results) };
  }
  if (loaded?.config.suppressions !== undefined) {
    // The config's suppressions replace the report's, applied at the scan's instant (as attestations).
    const { suppress } = await import('./suppressions.js');
    report = suppress({ ...report, scan: { ...report.scan, configFile: loaded.path } }, loaded.config.suppressions);
  }
  if (dirPlan) outputs = dirTargets(dirPlan, report, reads);
  emit(report, outputs, io, flags, tableFilter, dirPlan === undefined, sarifOptions(report, outputs, loaded, flags, io));
  if (dirPlan && !flags.quiet) io.err(`cmt-audit: ${terminalLine(wroteLine(outputs), 4000)}\n`);
  return finish(report, gate, outputs, io, flags);
}

// ── merge ────────────────────────────────────────────────────────────────────────────────────────

async function mergeCommand(files: string[], flags: ReportFlags, io: Io): Promise<number> {
  const dirPlan = parseOutputDir(flags);
  let outputs = dirPlan ? outputDirTargets(dirPlan, new Date().toISOString()) : parseOutputs(parseFormats(flags.format), flags.output);
  const tableFilter = parseTableFilter(flags, outputs.map((o) => o.format));
  const gate = parseGate({ failOn: flags.failOn, allowErrors: flags.allowErrors });
  if (files.includes('-')) throw new UserError('merge reads report files, not standard input', EXIT.usage);
  const twice = files.find((f, i) => files.indexOf(f) !== i);
  if (twice) throw new UserError(`merge: ${twice} is given twice`, EXIT.usage);
  assertNoClobber(outputPaths(outputs, Boolean(dirPlan)), files.map((path) => ({ role: 'a report to merge', path })));
  for (const target of outputs) if (target.path) assertWritable(target.path);
  const { readReportFile } = await import('./reporters/json.js');
  const { mergeReports } = await import('./merge.js');
  const note = (m: string) => flags.quiet || io.err(`cmt-audit: note: ${terminalLine(m)}\n`);
  const reports = [];
  for (const file of files) reports.push({ name: file, report: await readReportFile(file, { note }) });
  const report = mergeReports(reports);
  if (dirPlan) outputs = dirTargets(dirPlan, report, files.map((path) => ({ role: 'a report to merge', path })));
  emit(report, outputs, io, flags, tableFilter, dirPlan === undefined);
  if (dirPlan && !flags.quiet) io.err(`cmt-audit: ${terminalLine(wroteLine(outputs), 4000)}\n`);
  return finish(report, gate, outputs, io, flags);
}

// ── diff, scan --baseline ───────────────────────────────────────────────────────────────────────

interface DiffFlags extends CommonFlags, ConfigFlags {
  format: string;
  output?: string;
  failOn?: string;
  failOnNew?: boolean;
}

async function diffCommand(oldFile: string, newFile: string, flags: DiffFlags, io: Io): Promise<number> {
  const outputs = parseOutputs(parseFormats(flags.format, ['table', 'json']), flags.output);
  const loaded = await loadConfig(flags);
  const gate = parseGate({ failOn: flags.failOn ?? loaded?.config.failOn });
  if (oldFile === '-' || newFile === '-') throw new UserError('diff reads two report files, not standard input', EXIT.usage);
  assertNoClobber(outputPaths(outputs, false), [{ role: 'the old report', path: oldFile }, { role: 'the new report', path: newFile }, ...configPath(loaded)]);
  for (const target of outputs) if (target.path) assertWritable(target.path);
  const { readReportFile } = await import('./reporters/json.js');
  const { diffReports, gatingNew } = await import('./diff.js');
  const { diffSummaryLine, renderDiffJson, renderDiffTable } = await import('./reporters/diff.js');
  const note = (m: string) => flags.quiet || io.err(`cmt-audit: note: ${terminalLine(m)}\n`);
  const before = await readReportFile(oldFile, { note });
  const after = await readReportFile(newFile, { note });
  const diff = diffReports(before, after, { old: oldFile, new: newFile });
  for (const target of outputs) {
    const toStdout = target.path === undefined;
    const text =
      target.format === 'json'
        ? renderDiffJson(diff)
        : renderDiffTable(diff, { color: toStdout && useColor(io, flags), width: toStdout ? width(io) : 100, quiet: toStdout && flags.quiet === true });
    write(text, target.path, io);
    if (!toStdout && !flags.quiet) io.err(`cmt-audit: wrote ${terminalLine(target.path!)}\n`);
  }
  // The notes (other accounts, files out of order) go to stderr too when the table is not on stdout.
  const tableShown = outputs.some((t) => t.format === 'table' && t.path === undefined);
  if (!flags.quiet && !tableShown) {
    for (const n of diff.notes) io.err(`cmt-audit: note: ${terminalLine(n)}\n`);
    io.err(`cmt-audit: diff: ${diffSummaryLine(diff.summary)}\n`);
  }
  if (!flags.failOnNew) return EXIT.ok;
  const failing = gatingNew(diff, gate.failOn);
  if (failing.length === 0) return EXIT.ok;
  if (!flags.quiet) io.err(newGateLine(failing, gate.failOn));
  return EXIT.gateFailed;
}

/** "cmt-audit: gate failed: 2 new failing findings at or above high severity (1.4, 2.1)" */
function newGateLine(failing: { item: string }[], failOn: string): string {
  const items = [...new Set(failing.map((f) => f.item))].join(', ');
  return `cmt-audit: gate failed: ${failing.length} new failing finding${failing.length > 1 ? 's' : ''} at or above ${failOn} severity (${items})\n`;
}

async function readBaseline(file: string): Promise<Report> {
  if (file === '-') throw new UserError('--baseline reads a report file, not standard input', EXIT.usage);
  const { readReportFile } = await import('./reporters/json.js');
  try {
    return await readReportFile(file, { note: () => undefined });
  } catch (err) {
    if (err instanceof UserError) throw new UserError(`--baseline: ${err.message}`, err.exitCode, err.hint);
    throw err;
  }
}

async function withBaseline(report: Report, baseline: Report, file: string): Promise<{ report: Report; diff: import('./diff.js').Diff }> {
  const { baselineBlock, diffReports } = await import('./diff.js');
  const diff = diffReports(baseline, report, { old: file });
  return { report: { ...report, baseline: baselineBlock(diff, file) }, diff };
}

/**
 * scan --baseline: without --fail-on-new the usual gate; with it, exit 3 only for new failing findings at or
 * above --fail-on (incompleteness still exits 4 unless --allow-errors: what was not seen is not new).
 */
async function finishWithBaseline(report: Report, diff: import('./diff.js').Diff, gate: GateOptions, failOnNew: boolean, outputs: OutputTarget[], io: Io, flags: CommonFlags): Promise<number> {
  const tableShown = outputs.some((t) => t.format === 'table' && t.path === undefined);
  if (!flags.quiet) {
    const { diffSummaryLine } = await import('./reporters/diff.js');
    for (const n of diff.notes) io.err(`cmt-audit: note: baseline: ${terminalLine(n)}\n`);
    if (!tableShown) io.err(`cmt-audit: since the baseline: ${diffSummaryLine(diff.summary)}\n`);
  }
  if (!failOnNew) return finish(report, gate, outputs, io, flags);
  const { gatingNew } = await import('./diff.js');
  const failing = gatingNew(diff, gate.failOn);
  const code = finish(report, { ...gate, failOn: 'none' }, outputs, io, flags);
  if (failing.length === 0) return code;
  if (!flags.quiet) io.err(newGateLine(failing, gate.failOn));
  return EXIT.gateFailed;
}

/** The files a run writes, for assertNoClobber. */
function outputPaths(outputs: OutputTarget[], fromDir: boolean): NamedPath[] {
  // --output-dir's files are named by it: an error about one says which flag to change.
  return outputs.flatMap((t) => (t.path ? [{ role: fromDir ? '--output-dir' : '--output', path: t.path }] : []));
}

function configPath(loaded: LoadedConfig | undefined): NamedPath[] {
  return loaded ? [{ role: 'the config file', path: loaded.path }] : [];
}

// ── config, init ─────────────────────────────────────────────────────────────────────────────────

interface ConfigFlags {
  /** A path (--config), false (--no-config), or undefined: look in the working directory. */
  config?: string | false;
}

async function loadConfig(flags: ConfigFlags): Promise<LoadedConfig | undefined> {
  if (flags.config === false) return undefined;
  const { findConfigFile, loadConfigFile } = await import('./config/config-file.js');
  const path = findConfigFile(flags.config);
  if (!path) return undefined;
  return { path: displayPath(path), config: loadConfigFile(displayPath(path)) };
}

/** Relative to the working directory when under it: shorter in messages and in the report. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

interface InitFlags extends CommonFlags {
  deploymentModel?: string;
  output: string;
  force?: boolean;
}

async function initCommand(flags: InitFlags, io: Io): Promise<number> {
  const model = parseDeploymentModel(flags.deploymentModel);
  const toStdout = flags.output === '-';
  // Only a regular file (or a link to one) can be overwritten; a device or FIFO is written into.
  if (!toStdout && existingRegularFile(flags.output) && !flags.force) {
    throw new UserError(`${flags.output} already exists`, EXIT.usage, 'pass --force to overwrite it, or --output another path');
  }
  if (!toStdout) assertWritable(flags.output);
  const [{ renderInitConfig, itemsNeedingAttestation }, { CHECKS }] = await Promise.all([
    import('./config/init-config.js'),
    import('./checks/index.js'),
  ]);
  write(renderInitConfig(CHECKS, model, new Date()), toStdout ? undefined : flags.output, io);
  if (!toStdout) {
    const n = itemsNeedingAttestation(CHECKS, model).length;
    io.err(`cmt-audit: wrote ${terminalLine(flags.output)}: thresholds, and ${n} item${n === 1 ? '' : 's'} for people to attest (${model})\n`);
  }
  return EXIT.ok;
}

// ── checks, policy ───────────────────────────────────────────────────────────────────────────────

async function checksCommand(flags: { format: string; output?: string } & CommonFlags, io: Io): Promise<number> {
  const formats = parseFormats(flags.format, ['table', 'json', 'markdown']) as string[];
  if (formats.length > 1) throw new UserError('`cmt-audit checks` writes one format at a time', EXIT.usage, 'use --format table, json or markdown');
  const [format] = formats;
  if (flags.output) assertWritable(flags.output);
  const doc = await import('./checks-doc.js');
  const entries = doc.catalog();
  const text =
    format === 'json'
      ? doc.renderCatalogJson(entries)
      : format === 'markdown'
        ? doc.renderChecksDoc(entries)
        : doc.renderCatalogTable(entries, { color: !flags.output && useColor(io, flags), width: flags.output ? 100 : width(io) });
  write(text, flags.output, io);
  return EXIT.ok;
}

async function policyCommand(flags: { output?: string } & CommonFlags, io: Io): Promise<number> {
  if (flags.output) assertWritable(flags.output);
  const { renderPolicy } = await import('./policy.js');
  write(renderPolicy(), flags.output, io);
  return EXIT.ok;
}

// ── shared ───────────────────────────────────────────────────────────────────────────────────────

/** `announce`: a `wrote FILE` line per file (--output-dir prints one line listing them all instead). */
function emit(report: Report, outputs: OutputTarget[], io: Io, flags: CommonFlags, tableFilter: TableFilter = {}, announce = true, sarif?: SarifOptions): void {
  // Every format is rendered before any is written: a format that cannot be rendered leaves no half-written set.
  const texts = outputs.map((target) => {
    const toStdout = target.path === undefined;
    return render(target.format as FormatName, report, {
      ...tableFilter,
      ...(sarif ? { sarif } : {}),
      color: toStdout && useColor(io, flags),
      width: toStdout ? width(io) : 100,
      quiet: toStdout && flags.quiet === true,
    });
  });
  outputs.forEach((target, i) => {
    write(texts[i], target.path, io);
    if (target.path !== undefined && !flags.quiet && announce) io.err(`cmt-audit: wrote ${terminalLine(target.path)}\n`);
  });
}

/** --checks, --skip-checks and where the report goes: `scan` and `demo` take them alike. */
function withSelectionAndOutputs(command: Command): Command {
  return command
    .option('--checks <ids>', 'run only these checklist items, e.g. 1.2,1.4')
    .option('--skip-checks <ids>', 'skip these checklist items')
    .option('--format <formats>', `output format(s), comma separated: ${FORMATS.join(', ')}`, 'table')
    .option('--output <path>', 'write to a file (atomically) instead of stdout; several formats: a base name or one path per format')
    .addOption(outputDirOption())
    .addOption(timestampOption());
}

/** The gate and the reporters' own flags: `scan` and `demo` take them alike. */
function withGateAndReporterFlags(command: Command): Command {
  return command
    .addOption(failOnOption())
    .option('--allow-errors', 'do not exit 4 when some items could not be checked')
    .option('--sarif-include-all', 'SARIF: report every finding (pass, review, open, notApplicable), not only the failing ones')
    .addOption(severityOption())
    .addOption(statusOption());
}

/** --sarif-include-all shapes the SARIF only: without a SARIF output it would silently do nothing (as --severity without a table). */
function assertSarifIncludeAll(flags: { sarifIncludeAll?: boolean }, outputs: OutputTarget[]): void {
  if (flags.sarifIncludeAll && !outputs.some((o) => o.format === 'sarif')) {
    throw new UserError('--sarif-include-all shapes the SARIF output, and no SARIF is written', EXIT.usage, 'add sarif to --format (the JSON always holds every finding)');
  }
}

/**
 * SARIF's options (docs/sarif.md): --sarif-include-all, and the config's CloudFormation templates resolved to
 * files and lines (relative to the config file's directory); what falls back to the default location says why
 * once on stderr (and in the runs' notifications).
 */
function sarifOptions(report: Report, outputs: OutputTarget[], loaded: LoadedConfig | undefined, flags: CommonFlags & { sarifIncludeAll?: boolean }, io: Io): SarifOptions | undefined {
  if (!outputs.some((t) => t.format === 'sarif')) return undefined;
  const templates = loaded?.config.sarif?.templates;
  const resolved = templates ? resolveTemplates(templates, dirname(resolve(loaded!.path)), report) : undefined;
  if (!flags.quiet) for (const note of resolved?.notes ?? []) io.err(`cmt-audit: note: ${terminalLine(note)}\n`);
  return { includeAll: flags.sarifIncludeAll === true, ...resolved };
}

function write(text: string, path: string | undefined, io: Io): void {
  // --output /dev/stdout (or /dev/stderr) goes through the same stream as everything else printed there.
  const stream = path === undefined ? 1 : standardStreamOf(path);
  if (stream === 1) io.out(text);
  else if (stream === 2) io.err(text);
  else writeFileAtomic(path!, text);
}

/** The gate, and what it means, on stderr (the summary too when no table went to stdout). */
function finish(report: Report, gate: GateOptions, outputs: OutputTarget[], io: Io, flags: CommonFlags): number {
  const verdict = evaluateGate(report, gate);
  if (flags.quiet) return verdict.exitCode;
  // Suppressions that expired or matched nothing: said on every run that reads them (scan, report, merge).
  for (const line of suppressionWarnings(report)) io.err(`cmt-audit: ${terminalLine(line)}\n`);
  if (!outputs.some((t) => t.format === 'table' && t.path === undefined)) io.err(`cmt-audit: ${summaryLine(report)}\n`);
  const ids = (items: { id: string }[]) => items.map((r) => r.id).join(', ');
  if (verdict.suppressed.length > 0) {
    io.err(`cmt-audit: suppressed: ${verdict.suppressed.length} item${verdict.suppressed.length > 1 ? 's' : ''} not met at or above ${gate.failOn} severity, every not-met finding suppressed (${ids(verdict.suppressed)})\n`);
  }
  if (verdict.failing.length > 0) {
    io.err(
      `cmt-audit: gate failed: ${verdict.failing.length} item${verdict.failing.length > 1 ? 's' : ''} not met at or above ` +
        `${gate.failOn} severity (${ids(verdict.failing)})\n`,
    );
  }
  const incomplete = verdict.incomplete.length + verdict.scanErrors.length;
  if (incomplete > 0) {
    const what = [
      verdict.incomplete.length ? `${verdict.incomplete.length} item${verdict.incomplete.length > 1 ? 's' : ''} could not be checked (${ids(verdict.incomplete)})` : '',
      verdict.scanErrors.length ? `${verdict.scanErrors.length} scan error${verdict.scanErrors.length > 1 ? 's' : ''}` : '',
    ].filter(Boolean);
    io.err(`cmt-audit: incomplete: ${what.join('; ')}${gate.allowErrors ? ' (allowed by --allow-errors)' : ''}\n`);
    if (!gate.allowErrors && verdict.exitCode === EXIT.incomplete) {
      const denied = report.errors.some((e) => e.missingPermission);
      io.err(`hint: ${denied ? 'grant the policy from `cmt-audit policy`' : 'see the errors above'}, or pass --allow-errors to accept an incomplete scan\n`);
    }
  }
  return verdict.exitCode;
}

/** --no-color, then FORCE_COLOR (set and not 0/false forces colour), then NO_COLOR, then: is it a terminal. */
function useColor(io: Io, flags: CommonFlags): boolean {
  if (flags.color === false) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdoutIsTty && io.env.TERM !== 'dumb';
}

function width(io: Io): number {
  return io.stdoutIsTty && io.columns ? Math.max(60, Math.min(io.columns, 120)) : 100;
}

/**
 * Every error is one `cmt-audit: …` line (and maybe a `hint: …` line). Messages carry values from AWS,
 * files and argv: each line is made terminal-safe (no control character, one line) and a very long
 * value (a bucket policy, a 5 KB AWS message) is cut, saying how much (src/text.ts).
 */
function reportError(err: unknown, io: Io, debug: boolean, argv: string[]): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
    if (err.code === 'commander.help') return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const command = argv.slice(2).find((a) => ['scan', 'checks', 'policy', 'report', 'init', 'merge', 'demo', 'diff'].includes(a));
    io.err(`cmt-audit: ${terminalLine(err.message.replace(/^error: /, '').trim())}\n`);
    io.err(`hint: see \`cmt-audit ${command ? `${command} ` : ''}--help\`\n`);
    return EXIT.usage;
  }
  if (err instanceof UserError) {
    io.err(`cmt-audit: ${terminalLine(err.message)}\n`);
    if (err.hint) io.err(`hint: ${terminalLine(err.hint)}\n`);
    if (debug && err.stack) io.err(`${terminalLines(err.stack)}\n`);
    return err.exitCode;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.err(`cmt-audit: internal error: ${terminalLine(e.message)}\n`);
  if (debug) io.err(`${terminalLines(e.stack ?? '')}\n`);
  else io.err('hint: this is a bug in cmt-audit; rerun with --debug for the stack trace and report it\n');
  return EXIT.internal;
}
