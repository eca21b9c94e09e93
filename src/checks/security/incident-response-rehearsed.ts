// 1.25 Security incident response process is defined and rehearsed.
// A process and its rehearsal (a game day within the last 12 months) are shown by people, never by the
// API: the item is `manual`, and the scan gathers evidence that makes the attestation concrete:
//  - account:GetAlternateContact SECURITY — the contact AWS notifies about abuse and compromised
//    credentials. None set (ResourceNotFoundException) → not met: AWS security notifications reach only
//    the root user's email, so the account has no defined security contact for the incidents the
//    process must handle (account compromise). Only "set" and the contact's title are reported, never
//    names, addresses or phone numbers.
//  - the detection tools a responder relies on, per scanned region: GuardDuty detectors (ListDetectors,
//    GetDetector Status) and Security Hub (DescribeHub; not subscribed → "not enabled", an answer).
//    Missing tools are evidence, not a failure: other tools may do the job.
import type { Finding } from '../../model.js';
import { ServiceNotEnabled } from '../../errors.js';
import { defineCheck, findingFromError, manual, notMet, type CheckContext } from '../define-check.js';

export default defineCheck({
  meta: {
    id: '1.25',
    kind: 'manual',
    scope: 'account',
    permissions: ['account:GetAlternateContact', 'guardduty:ListDetectors', 'guardduty:GetDetector', 'securityhub:DescribeHub'],
    remediation:
      'Set the account\'s security alternate contact (Account settings → Alternate contacts) to a monitored team ' +
      'address; write the incident response plan (account compromise, data exposure, …) and rehearse it at least ' +
      'once a year with a game day, keeping the record as evidence.',
    docs: 'https://docs.aws.amazon.com/security-ir/latest/userguide/develop-incident-response-playbooks.html',
  },
  async run(ctx) {
    const errors: Finding[] = [];
    const safely = async <T>(resource: string, look: () => Promise<T>): Promise<T | 'unknown'> => {
      try {
        return await look();
      } catch (err) {
        errors.push(findingFromError(err, resource));
        return 'unknown';
      }
    };
    const accountArn = `arn:${ctx.account.partition}:account::${ctx.account.id}:account`;
    const [contact, tools] = await Promise.all([
      safely(accountArn, () => ctx.aws.account.alternateContact('SECURITY')),
      Promise.all(ctx.regions.map(async (region) => ({ region, ...(await detectionTools(ctx, region, safely)) }))),
    ]);
    const findings: Finding[] = [];
    if (contact === undefined) {
      findings.push(
        notMet(accountArn, 'No security alternate contact is set: AWS sends abuse and compromise notifications only to the root user\'s email address.', { securityContact: 'not set' }),
      );
    }
    const inRegions = (key: 'guardDuty' | 'securityHub', state: string) => tools.filter((t) => t[key] === state).map((t) => t.region);
    findings.push(
      manual(
        accountArn,
        'Attest that a security incident response process is defined (account compromise among its scenarios) and ' +
          'was rehearsed within the last 12 months, confirming that the right people have access, the right tools ' +
          'are available and people know what to do.',
        {
          securityContact: contact === 'unknown' ? 'unknown' : contact ? `set${contact.Title ? ` (${contact.Title})` : ''}` : 'not set',
          guardDutyEnabled: inRegions('guardDuty', 'enabled'),
          guardDutyMissingOrSuspended: [...inRegions('guardDuty', 'none'), ...inRegions('guardDuty', 'suspended')].sort(),
          securityHubEnabled: inRegions('securityHub', 'enabled'),
          securityHubNotEnabled: inRegions('securityHub', 'not enabled'),
        },
      ),
    );
    return [...findings, ...errors];
  },
});

type Safely = <T>(resource: string, look: () => Promise<T>) => Promise<T | 'unknown'>;

async function detectionTools({ aws, account }: CheckContext, region: string, safely: Safely) {
  const [guardDuty, securityHub] = await Promise.all([
    safely(`arn:${account.partition}:guardduty:${region}:${account.id}:detector/*`, async () => {
      const [id] = await aws.guardduty.detectorIds(region);
      if (!id) return 'none';
      return (await aws.guardduty.detector(region, id)).Status === 'ENABLED' ? 'enabled' : 'suspended';
    }),
    safely(`arn:${account.partition}:securityhub:${region}:${account.id}:hub/default`, async () => {
      try {
        await aws.securityhub.hub(region);
        return 'enabled';
      } catch (err) {
        if (err instanceof ServiceNotEnabled) return 'not enabled';
        throw err;
      }
    }),
  ]);
  return { guardDuty, securityHub };
}
