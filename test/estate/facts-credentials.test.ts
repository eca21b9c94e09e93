// An account's credentials that fail while its facts are read (an assumed role not renewed, a token that expired
// mid-scan: the fetcher's CredentialsError) leave those facts unread, in `facts.errors`, as a check keeps such a
// failure as an `error` finding: the estate's scan goes on, and every other account's results stand.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AwsData } from '../../src/aws/index.js';
import { DEFAULT_THRESHOLDS } from '../../src/config/thresholds.js';
import { CredentialsError } from '../../src/errors.js';
import { collectFacts } from '../../src/estate/facts.js';
import { scan } from '../../src/scan.js';

const EXPIRED = { $error: { name: 'ExpiredTokenException', message: 'The security token included in the request is expired', httpStatusCode: 400 } };
const WHY = 'AWS credentials were rejected or are missing: ExpiredTokenException: The security token included in the request is expired';

describe('estate facts whose credentials fail', () => {
  it('are errors of that account\'s facts: the scan of the estate goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cmt-audit-facts-credentials-'));
    cpSync('fixtures/demo-org', dir, { recursive: true });
    const file = join(dir, 'workload-a', 'organizations.json');
    const snapshot = JSON.parse(readFileSync(file, 'utf8'));
    snapshot.responses['organizations:DescribeOrganization'] = EXPIRED;
    writeFileSync(file, JSON.stringify(snapshot));

    const { report } = await scan({ snapshot: dir, deploymentModel: 'multi-tenant-saas', concurrency: 4, thresholds: DEFAULT_THRESHOLDS });
    const accounts = report.scan.accounts;
    expect(accounts.map((a) => [a.id, a.status])).toEqual([
      ['111111111111', 'scanned'],
      ['222222222222', 'scanned'],
      ['333333333333', 'scanned'],
      ['444444444444', 'scanned'],
      ['555555555555', 'scanned'],
    ]);
    const workloadA = accounts.find((a) => a.id === '444444444444')!;
    expect(workloadA.facts?.errors).toEqual({ organization: WHY });
    expect(workloadA.facts?.organization).toBeUndefined();
    for (const a of accounts.filter((x) => x.id !== '444444444444')) expect(a.facts?.organization).toEqual({ id: 'o-demo12345', managementAccountId: '111111111111' });
  });

  it('leave a trail bucket whose policy or versioning could not be read as an error of that bucket', async () => {
    const expired = () => Promise.reject(new CredentialsError(WHY));
    const trail = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: '*' }] });
    const aws = {
      organizations: { organization: async () => undefined },
      s3: {
        buckets: async () => [{ Name: 'a-policy', BucketRegion: 'us-east-1' }, { Name: 'b-versioning', BucketRegion: 'eu-west-1' }],
        policy: (b: { Name: string }) => (b.Name === 'a-policy' ? expired() : Promise.resolve(trail)),
        versioning: expired,
      },
      backup: { vaults: expired },
    } as unknown as AwsData;
    expect(await collectFacts(aws, ['us-east-1'], { trailBuckets: true, backupVaults: true })).toEqual({
      organization: null,
      trailBuckets: [
        { name: 'a-policy', region: 'us-east-1', error: `its policy could not be read: ${WHY}` },
        { name: 'b-versioning', region: 'eu-west-1', error: `its versioning could not be read: ${WHY}` },
      ],
      errors: { backupVaults: WHY },
    });
  });
});
