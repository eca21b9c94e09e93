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
//    Missing tools are evidence, not a failure: other tools may do the job. A look that fails (a missing
//    permission) is recorded as unknown in the evidence, with its reason, and is no error: the verdict
//    does not depend on it. Only the security contact decides; when it cannot be read, that is an error.
import type { Finding } from '../../model.js';
import { ServiceNotEnabled } from '../../errors.js';
import { defineCheck, findingFromError, manual, notMet, type CheckContext } from '../define-check.js';
import { attempt, type Attempt } from '../transit/common.js';

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
    const accountArn = `arn:${ctx.account.partition}:account::${ctx.account.id}:account`;
    const [contact, tools] = await Promise.all([
      attempt(() => ctx.aws.account.alternateContact('SECURITY')),
      Promise.all(ctx.regions.map((region) => detectionTools(ctx, region))),
    ]);
    const findings: Finding[] = [];
    // The security contact decides not-met: when it cannot be read, the item cannot be told.
    if ('failed' in contact) findings.push(findingFromError(contact.failed, accountArn));
    else if (contact.value === undefined) {
      findings.push(
        notMet(accountArn, 'No security alternate contact is set: AWS sends abuse and compromise notifications only to the root user\'s email address.', { securityContact: 'not set' }),
      );
    }
    const inRegions = (key: 'guardDuty' | 'securityHub', state: string) => tools.filter((t) => t[key] === state).map((t) => t.region);
    const unknown = (key: 'guardDuty' | 'securityHub') =>
      tools.flatMap((t) => {
        const state = t[key];
        return typeof state === 'string' ? [] : [`${t.region}: ${state.failed.message}`];
      });
    const guardDutyUnknown = unknown('guardDuty');
    const securityHubUnknown = unknown('securityHub');
    const securityContact = 'failed' in contact ? 'unknown' : contact.value ? `set${contact.value.Title ? ` (${contact.value.Title})` : ''}` : 'not set';
    findings.push(
      manual(
        accountArn,
        'Attest that a security incident response process is defined (account compromise among its scenarios) and ' +
          'was rehearsed within the last 12 months, confirming that the right people have access, the right tools ' +
          'are available and people know what to do.',
        {
          securityContact,
          guardDutyEnabled: inRegions('guardDuty', 'enabled'),
          guardDutyMissingOrSuspended: [...inRegions('guardDuty', 'none'), ...inRegions('guardDuty', 'suspended')].sort(),
          securityHubEnabled: inRegions('securityHub', 'enabled'),
          securityHubNotEnabled: inRegions('securityHub', 'not enabled'),
          ...(guardDutyUnknown.length ? { guardDutyUnknown } : {}),
          ...(securityHubUnknown.length ? { securityHubUnknown } : {}),
        },
      ),
    );
    return findings;
  },
});

const outcome = <T>(a: Attempt<T>): T | Extract<Attempt<T>, { failed: unknown }> => ('failed' in a ? a : a.value);

/**
 * GuardDuty and Security Hub in one region: evidence for the attestation only. A look that fails is
 * recorded as unknown in the evidence and does not hold the item back: the verdict (people attest) stands
 * without it.
 */
async function detectionTools({ aws }: CheckContext, region: string) {
  const [guardDuty, securityHub] = await Promise.all([
    attempt(async () => {
      const [id] = await aws.guardduty.detectorIds(region);
      if (!id) return 'none';
      return (await aws.guardduty.detector(region, id)).Status === 'ENABLED' ? 'enabled' : 'suspended';
    }),
    attempt(async () => {
      try {
        await aws.securityhub.hub(region);
        return 'enabled';
      } catch (err) {
        if (err instanceof ServiceNotEnabled) return 'not enabled';
        throw err;
      }
    }),
  ]);
  return { region, guardDuty: outcome(guardDuty), securityHub: outcome(securityHub) };
}
