// 3.2 Runbooks and escalation process are defined.
// Runbooks and an escalation process are documents and habits: people attest them, the scan gathers what
// AWS shows so the attestation is concrete. Account-wide (one finding), looking at every scanned region:
//  - SSM Automation runbooks the account owns (ssm:ListDocuments, Owner Self, DocumentType Automation), per region;
//  - Incident Manager response plans (ssm-incidents:ListResponsePlans, listed per region and de-duplicated
//    by ARN: they belong to the account's replication set). Where Incident Manager is not offered the region
//    is noted, not an error;
//  - the OPERATIONS alternate contact (account:GetAlternateContact; none set → "not set"), who receives
//    AWS operational notifications instead of only the root user's email (contact details never reported);
//  - escalation to AWS Support: the support plan from support:DescribeSeverityLevels (3.3's call, made once):
//    Business or higher opens urgent/critical cases; SubscriptionRequiredException → Basic or Developer.
// The result is always `manual`: no API answer proves the item not met — runbooks and escalation procedures
// usually live outside AWS (wiki, PagerDuty, Opsgenie), and Developer support can still open technical cases.
// The gaps seen are named in the message so the people attesting address them. A look that fails cannot
// change that verdict either, so it is no error: it is named in the message and the evidence (notRead), and
// the gaps it would have shown are not claimed.
import type { AwsData } from '../../aws/index.js';
import { AwsDataError, RegionDisabled, ServiceNotEnabled } from '../../errors.js';
import { defineCheck, manual } from '../define-check.js';
import { planFrom } from './business-support-enabled.js';

const NAMES_SHOWN = 10;

export default defineCheck({
  meta: {
    id: '3.2',
    kind: 'partial',
    scope: 'account',
    permissions: ['ssm:ListDocuments', 'ssm-incidents:ListResponsePlans', 'account:GetAlternateContact', 'support:DescribeSeverityLevels'],
    remediation:
      'Write runbooks for the standard responses to application and AWS events (SSM Automation runbooks where the ' +
      'steps can be automated), define who is alerted and how alarms and customer-reported incidents escalate ' +
      '(Incident Manager response plans or your paging tool), include when and how to open an AWS Support case, and ' +
      'set the account\'s operations alternate contact.',
    docs: 'https://docs.aws.amazon.com/wellarchitected/latest/operational-excellence-pillar/ops_ready_to_support_use_runbooks.html',
  },
  async run({ aws, account, regions }) {
    const notRead: string[] = [];
    const look = async <T>(fn: () => Promise<T>): Promise<T | 'unknown'> => {
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof AwsDataError)) throw err; // a bug, for the engine to report
        notRead.push(`${err.message}${err.region ? ` (${err.region})` : ''}`);
        return 'unknown';
      }
    };
    const accountArn = `arn:${account.partition}:account::${account.id}:account`;
    const [runbooks, plans, contact, support] = await Promise.all([
      Promise.all(regions.map(async (region) => ({ region, docs: await look(() => aws.ssm.ownAutomationRunbooks(region)) }))),
      Promise.all(regions.map(async (region) => ({ region, plans: await look(() => responsePlansIn(aws, region)) }))),
      look(() => aws.account.alternateContact('OPERATIONS')),
      look(() => supportPlan(aws)),
    ]);
    notRead.sort(); // the looks end in any order
    const runbookNames = runbooks.flatMap(({ region, docs }) => (docs === 'unknown' ? [] : docs.map((d) => `${region}: ${d.Name}`)));
    const planNames = [...new Set(plans.flatMap((p) => (Array.isArray(p.plans) ? p.plans.map((r) => r.displayName || r.name) : [])))].sort();
    const evidence = {
      automationRunbooks: runbookNames.length,
      automationRunbookNames: runbookNames.slice(0, NAMES_SHOWN),
      responsePlans: planNames,
      incidentManagerNotOffered: plans.filter((p) => p.plans === 'not offered').map((p) => p.region),
      operationsContact: contact === 'unknown' ? 'unknown' : contact ? `set${contact.Title ? ` (${contact.Title})` : ''}` : 'not set',
      supportPlan: support,
      ...(notRead.length > 0 ? { notRead } : {}),
    };
    const gaps = [
      ...(contact === undefined ? ['no operations alternate contact is set'] : []),
      ...(runbooks.every((r) => Array.isArray(r.docs) && r.docs.length === 0) ? ['no SSM Automation runbooks are owned by the account'] : []),
      ...(plans.every((p) => p.plans === 'not offered' || (Array.isArray(p.plans) && p.plans.length === 0)) ? ['no Incident Manager response plans'] : []),
      ...(support === 'Basic or Developer' ? ['Basic or Developer support (no urgent or critical AWS Support cases)'] : []),
    ];
    const message =
      'Attest that runbooks define the standard responses to application and AWS events, and that an escalation ' +
      'process handles alarms and customer-reported incidents, including when to escalate to AWS Support.' +
      (gaps.length ? ` Seen by the scan: ${gaps.join('; ')}.` : '') +
      (notRead.length ? ` Not read: ${notRead.join('; ')}.` : '');
    return [manual(accountArn, message, evidence)];
  },
});

/** Response plans seen from a region, or 'not offered' where Incident Manager has no endpoint. */
async function responsePlansIn(aws: AwsData, region: string) {
  try {
    return await aws.ssmincidents.responsePlans(region);
  } catch (err) {
    if (err instanceof RegionDisabled) return 'not offered' as const;
    throw err;
  }
}

/** The support plan as the Support API tells it (see 3.3). */
async function supportPlan(aws: AwsData): Promise<string> {
  try {
    const levels = (await aws.support.severityLevels()).map((l) => l.code ?? '?');
    return planFrom(levels) ?? `unclear (severity levels ${levels.join(', ') || 'none'})`;
  } catch (err) {
    if (err instanceof ServiceNotEnabled) return 'Basic or Developer';
    throw err;
  }
}
