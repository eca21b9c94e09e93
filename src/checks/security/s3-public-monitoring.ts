// 1.19 A monitoring mechanism is in place to detect when S3 buckets or objects become public.
// Monitoring is regional, so the check runs per region and counts the mechanisms active there:
//   - IAM Access Analyzer: an ACTIVE analyzer of type ACCOUNT or ORGANIZATION (external access findings);
//   - Amazon Macie: GetMacieSession status ENABLED (bucket inventory and public-access policy findings);
//   - Security Hub: subscribed (DescribeHub) with one of the controls S3.1 / S3.2 / S3.3 / S3.8 ENABLED;
//   - AWS Config: an ACTIVE (or EVALUATING) AWS managed rule S3_BUCKET_PUBLIC_READ_PROHIBITED, …_WRITE_…,
//     S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED or S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS(_PERIODIC); the periodic
//     account-level rule needs no recorder, the others count only while a recorder is recording the type they
//     evaluate (AWS::S3::Bucket, AWS::S3::AccountPublicAccessBlock): a rule over unrecorded resources sees nothing;
//   - Trusted Advisor (account-wide, us-east-1): the "Amazon S3 Bucket Permissions" check (Pfx0RwqBli) with a
//     result (ok, warning or error); it needs a Business / Enterprise support plan (SubscriptionRequiredException
//     → not available).
// Met in a region with at least one active mechanism. With none: a region without S3 buckets (s3:ListBuckets,
// BucketRegion or GetBucketLocation) has nothing that could become public → met, said so; otherwise not met.
// A service that is not enabled is evidence, not an error. A source that could not be read (or answered
// without the field that decides: a Config rule without ConfigRuleState, a control Security Hub did not
// process, a Trusted Advisor result without status) is noted; when no other source shows monitoring, the
// region is an error (could not tell), not not-met — and so is a region whose buckets could not be listed.
// Third-party monitoring is attested (kind partial).
import { recordsType } from '../../aws/services/config.js';
import { ServiceNotEnabled, AwsDataError } from '../../errors.js';
import { defineCheck, findingFromError, met, notMet, type CheckContext } from '../define-check.js';

const S3_CONTROLS = ['S3.1', 'S3.2', 'S3.3', 'S3.8'];
/** Managed rule → the resource type a recorder must record for it to evaluate anything (undefined: periodic, none). */
const CONFIG_RULES = new Map<string, string | undefined>([
  ['S3_BUCKET_PUBLIC_READ_PROHIBITED', 'AWS::S3::Bucket'],
  ['S3_BUCKET_PUBLIC_WRITE_PROHIBITED', 'AWS::S3::Bucket'],
  ['S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', 'AWS::S3::Bucket'],
  ['S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS', 'AWS::S3::AccountPublicAccessBlock'],
  ['S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC', undefined],
]);
const TA_CHECK_ID = 'Pfx0RwqBli';
/** A Trusted Advisor result the check has run with (the alert levels); not_available is not one. */
const TA_RESULTS = new Set<string | undefined>(['ok', 'warning', 'error']);

type State = 'active' | 'inactive' | 'not enabled' | 'unreadable';
interface Source {
  state: State;
  detail: string;
  error?: AwsDataError;
}

export default defineCheck({
  meta: {
    id: '1.19',
    kind: 'partial',
    scope: 'region',
    permissions: [
      's3:ListAllMyBuckets',
      's3:GetBucketLocation',
      'access-analyzer:ListAnalyzers',
      'macie2:GetMacieSession',
      'securityhub:DescribeHub',
      'securityhub:BatchGetSecurityControls',
      'config:DescribeConfigRules',
      'config:DescribeConfigurationRecorders',
      'config:DescribeConfigurationRecorderStatus',
      'support:DescribeTrustedAdvisorChecks',
      'support:DescribeTrustedAdvisorCheckResult',
    ],
    remediation:
      'In every region you use, create an IAM Access Analyzer (account or organization zone of trust) and act on its ' +
      'public-access findings, or enable the AWS Config rule s3-bucket-level-public-access-prohibited (with a recorder) ' +
      'or Security Hub with control S3.8, or Amazon Macie. Route the findings to people (EventBridge → SNS). ' +
      'A third-party tool that alerts on public buckets can be attested instead.',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html#access-analyzer-s3',
  },
  async run(ctx) {
    const looks = { accessAnalyzer, macie, securityHub, configRules, trustedAdvisor };
    const answers = await Promise.all(Object.values(looks).map((look) => attempt(() => look(ctx))));
    const sources: Record<string, Source> = Object.fromEntries(Object.keys(looks).map((k, i) => [k, answers[i]]));
    const evidence = Object.fromEntries(Object.entries(sources).map(([k, s]) => [k, `${s.state}: ${s.detail}`]));
    const active = Object.keys(sources).filter((k) => sources[k].state === 'active');
    const where = ctx.account.rootArn;
    if (active.length > 0) return [met(where, `S3 public-access monitoring is active in ${ctx.region}: ${active.join(', ')}.`, evidence)];
    const buckets = await bucketsIn(ctx);
    if (buckets === 0) {
      return [met(where, `No S3 buckets in ${ctx.region}: nothing there can become public, so nothing needs watching there.`, { ...evidence, buckets })];
    }
    const unreadable = Object.values(sources).find((s) => s.error)?.error ?? (buckets instanceof AwsDataError ? buckets : undefined);
    const counted = { ...evidence, buckets: typeof buckets === 'number' ? buckets : `unknown: ${buckets.message}` };
    if (unreadable) {
      const f = findingFromError(unreadable, where);
      const why = unreadable === buckets ? ` (whether ${ctx.region} holds S3 buckets is unknown, and nothing watches it)` : '';
      return [{ ...f, message: `${f.message}${why}`, evidence: counted }];
    }
    const looked = 'Access Analyzer, Macie, Security Hub, Config rules, Trusted Advisor';
    const n = buckets as number;
    return [notMet(where, `Nothing in ${ctx.region} detects S3 buckets becoming public (${looked}); ${n} bucket${n === 1 ? '' : 's'} there.`, counted)];
  },
});

/** How many of the account's buckets are in this region, or the error that keeps it from being told. */
async function bucketsIn({ aws, region }: CheckContext): Promise<number | AwsDataError> {
  try {
    const regions = await Promise.all(
      (await aws.s3.buckets()).map((b) => aws.s3.bucketRegion(b).then((r): string | AwsDataError => r, (err: unknown) => asDataError(err))),
    );
    const here = regions.filter((r) => r === region).length;
    const unknown = regions.find((r): r is AwsDataError => r instanceof AwsDataError);
    return here === 0 && unknown ? unknown : here;
  } catch (err) {
    return asDataError(err);
  }
}

function asDataError(err: unknown): AwsDataError {
  if (err instanceof AwsDataError) return err;
  throw err;
}

/** One source's answer: a disabled service is an answer, any other classified failure makes the source unreadable. */
async function attempt(look: () => Promise<Source>): Promise<Source> {
  try {
    return await look();
  } catch (err) {
    if (err instanceof ServiceNotEnabled) return { state: 'not enabled', detail: err.message };
    if (err instanceof AwsDataError) return { state: 'unreadable', detail: err.message, error: err };
    throw err;
  }
}

async function accessAnalyzer({ aws, region }: CheckContext): Promise<Source> {
  const external = (await aws.accessanalyzer.analyzers(region)).filter((a) => a.type === 'ACCOUNT' || a.type === 'ORGANIZATION');
  const active = external.filter((a) => a.status === 'ACTIVE').map((a) => `${a.name} (${a.type})`);
  if (active.length > 0) return { state: 'active', detail: active.join(', ') };
  if (external.length === 0) return { state: 'inactive', detail: 'no external-access analyzer' };
  return { state: 'inactive', detail: `analyzers not active: ${external.map((a) => `${a.name} ${a.status}`).join(', ')}` };
}

async function macie({ aws, region }: CheckContext): Promise<Source> {
  const { status } = await aws.macie2.session(region);
  return status === 'ENABLED' ? { state: 'active', detail: 'Macie enabled' } : { state: 'inactive', detail: `Macie ${status ?? 'status unknown'}` };
}

async function securityHub({ aws, region }: CheckContext): Promise<Source> {
  await aws.securityhub.hub(region);
  const { SecurityControls = [], UnprocessedIds = [] } = await aws.securityhub.securityControls(region, S3_CONTROLS);
  const enabled = SecurityControls.filter((c) => c.SecurityControlStatus === 'ENABLED').map((c) => c.SecurityControlId);
  if (enabled.length > 0) return { state: 'active', detail: `controls enabled: ${enabled.join(', ')}` };
  // NOT_FOUND / RESOURCE_NOT_FOUND: the control does not exist here; any other code: it could not be read.
  const failed = UnprocessedIds.filter((u) => u.ErrorCode !== 'NOT_FOUND' && u.ErrorCode !== 'RESOURCE_NOT_FOUND');
  if (failed.length > 0) {
    const why = `Security Hub did not return ${failed.map((u) => `${u.SecurityControlId} (${u.ErrorCode})`).join(', ')}`;
    return { state: 'unreadable', detail: why, error: new AwsDataError(why, 'securityhub:BatchGetSecurityControls', region) };
  }
  return { state: 'inactive', detail: `subscribed, but none of ${S3_CONTROLS.join(', ')} is enabled` };
}

async function configRules({ aws, region }: CheckContext): Promise<Source> {
  const live = new Set(['ACTIVE', 'EVALUATING']);
  const matching = (await aws.config.rules(region)).filter((r) => r.Source?.Owner === 'AWS' && CONFIG_RULES.has(r.Source.SourceIdentifier ?? ''));
  const rules = matching.filter((r) => live.has(r.ConfigRuleState ?? ''));
  const stateless = matching.filter((r) => r.ConfigRuleState === undefined);
  if (rules.length === 0 && stateless.length > 0) {
    const why = `DescribeConfigRules gave no ConfigRuleState for ${stateless.map((r) => r.ConfigRuleName).join(', ')}`;
    return { state: 'unreadable', detail: why, error: new AwsDataError(why, 'config:DescribeConfigRules', region) };
  }
  if (rules.length === 0) return { state: 'inactive', detail: 'no public-access Config rule' };
  const name = (r: (typeof rules)[number]) => r.ConfigRuleName ?? r.Source?.SourceIdentifier;
  const type = (r: (typeof rules)[number]) => CONFIG_RULES.get(r.Source?.SourceIdentifier ?? '');
  const periodic = rules.filter((r) => type(r) === undefined);
  if (periodic.length > 0) return { state: 'active', detail: periodic.map(name).join(', ') };
  const [recorders, statuses] = await Promise.all([aws.config.recorders(region), aws.config.recorderStatus(region)]);
  const recording = recorders.filter((r) => statuses.some((s) => s.name === r.name && s.recording === true));
  const working = rules.filter((r) => recording.some((rec) => recordsType(rec.recordingGroup, type(r)!)));
  if (working.length > 0) return { state: 'active', detail: working.map(name).join(', ') };
  const names = rules.map(name).join(', ');
  const types = [...new Set(rules.map(type))].join(', ');
  return recording.length === 0
    ? { state: 'inactive', detail: `${names} present, but no configuration recorder is recording` }
    : { state: 'inactive', detail: `${names} present, but no recording recorder records ${types}` };
}

async function trustedAdvisor({ aws }: CheckContext): Promise<Source> {
  const checks = await aws.support.trustedAdvisorChecks().catch((err: unknown) => {
    const plan = 'the Support API needs a Business, Enterprise On-Ramp or Enterprise support plan';
    if (err instanceof ServiceNotEnabled) throw new ServiceNotEnabled(`${plan} (${err.message})`, err.call);
    throw err;
  });
  const check = checks.find((c) => c.id === TA_CHECK_ID) ?? checks.find((c) => c.name === 'Amazon S3 Bucket Permissions');
  if (!check?.id) return { state: 'inactive', detail: 'the Amazon S3 Bucket Permissions check is not offered' };
  const result = await aws.support.trustedAdvisorCheckResult(check.id);
  if (result && TA_RESULTS.has(result.status)) return { state: 'active', detail: `account-wide check "${check.name}": ${result.status}` };
  if (result && result.status === undefined) {
    const why = `Trusted Advisor gave no status for "${check.name}"`;
    return { state: 'unreadable', detail: why, error: new AwsDataError(why, 'support:DescribeTrustedAdvisorCheckResult') };
  }
  return { state: 'inactive', detail: `check "${check.name}" has no result${result?.status ? ` (${result.status})` : ''}` };
}
