// 1.21 All data is classified.
// Classification is a process (a data inventory, a sensitivity scheme, handling rules), so this item is
// manual: people attest it. The API can only add evidence, per region because Macie is regional:
//   GetMacieSession (ENABLED | PAUSED; "Macie is not enabled" → not enabled), then automated sensitive data
//   discovery (GetAutomatedDiscoveryConfiguration.status) and the classification jobs (ListClassificationJobs).
// Every region gets one `manual` finding carrying that evidence; never met or not met from the API alone
// (Macie only sees S3, and an enabled Macie does not mean data is classified). When Macie cannot be read
// (missing permission …) the finding stays `manual` and says the evidence could not be gathered, naming the
// cause in the evidence: the item needs attestation either way, so a read failure does not turn it into error.
import { AwsDataError, MissingPermission, ServiceNotEnabled } from '../../errors.js';
import { defineCheck, manual } from '../define-check.js';

const ATTEST = 'attest the data inventory, classification scheme and handling rules for all customer data';

export default defineCheck({
  meta: {
    id: '1.21',
    kind: 'manual',
    scope: 'region',
    permissions: ['macie2:GetMacieSession', 'macie2:GetAutomatedDiscoveryConfiguration', 'macie2:ListClassificationJobs'],
    remediation:
      'Document which customer data the workload processes and stores, classify it by sensitivity and define how each ' +
      'class is handled. Amazon Macie (automated sensitive data discovery or classification jobs) helps find sensitive ' +
      'data in S3 and is evidence for that inventory.',
    docs: 'https://docs.aws.amazon.com/whitepapers/latest/data-classification/data-classification.html',
  },
  async run({ aws, region, account }) {
    let status: string | undefined;
    try {
      status = (await aws.macie2.session(region)).status;
    } catch (err) {
      if (err instanceof ServiceNotEnabled) {
        return [manual(account.rootArn, `Amazon Macie is not enabled in ${region}: ${ATTEST}.`, { macie: 'not enabled' })];
      }
      if (!(err instanceof AwsDataError)) throw err;
      return [manual(account.rootArn, `Macie evidence for ${region} could not be gathered (${err.message}): ${ATTEST}.`, unreadable(err))];
    }
    const [discovery, jobs] = await Promise.all([
      look(async () => (await aws.macie2.automatedDiscovery(region)).status ?? 'unknown'),
      look(async () => summarise(await aws.macie2.classificationJobs(region))),
    ]);
    const evidence = { macie: status ?? 'unknown', automatedDiscovery: discovery, classificationJobs: jobs };
    const auto = typeof discovery === 'string' ? discovery : 'unreadable';
    const message = `Amazon Macie is ${status ?? 'in an unknown state'} in ${region} (automated discovery: ${auto}); Macie covers S3 only: ${ATTEST}.`;
    return [manual(account.rootArn, message, evidence)];
  },
});

/** A secondary read: its failure is noted in the evidence, the finding is manual anyway. */
async function look<T>(read: () => Promise<T>): Promise<T | Record<string, unknown>> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof AwsDataError) return unreadable(err);
    throw err;
  }
}

function unreadable(err: AwsDataError): Record<string, unknown> {
  return { unreadable: err.message, ...(err instanceof MissingPermission ? { missingPermission: err.action } : {}) };
}

function summarise(jobs: { name?: string; jobStatus?: string; jobType?: string }[]): Record<string, unknown> {
  const byStatus: Record<string, number> = {};
  for (const j of jobs) byStatus[j.jobStatus ?? 'UNKNOWN'] = (byStatus[j.jobStatus ?? 'UNKNOWN'] ?? 0) + 1;
  return { count: jobs.length, byStatus, names: jobs.slice(0, 10).map((j) => `${j.name} (${j.jobType ?? '?'}, ${j.jobStatus ?? '?'})`) };
}
