import { describe, expect, it } from 'vitest';
import type { AppWithPolicy } from '../../src/aws/services/resiliencehub.js';
import { appFacts, resilienceHubApps, targetsLacking, tierText } from '../../src/checks/resilience-hub.js';
import { awsError, checkContext, daysAgo, DENIED_EXCEPTION, THROTTLED } from '../support/check-tester.js';
import { APP, APPS_OF, describeKey, hubResponses, policy, POLICY } from './reliability/resiliencehub-fixtures.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const look = (responses: Record<string, unknown>, regions = REGIONS) => resilienceHubApps(checkContext(responses, { regions }));
const gold = (region = 'us-east-1') => policy('gold', 'MissionCritical', { AZ: 1, Region: 4 }, region);

describe('resilienceHubApps', () => {
  it('no app in any region: nothing, and no error', async () => {
    expect(await look({ ...hubResponses([], []), ...hubResponses([], [], 'eu-west-1') })).toEqual({ apps: [], errors: [] });
  });

  it('no region in scope: nothing', async () => {
    expect(await look({}, [])).toEqual({ apps: [], errors: [] });
  });

  it('the apps of every region, each with its region, description and resiliency policy', async () => {
    const { apps, errors } = await look({
      ...hubResponses([{ name: 'orders', policyArn: POLICY('gold') }, { name: 'unprotected' }], [gold()]),
      ...hubResponses([{ name: 'billing', policyArn: POLICY('gold', 'eu-west-1') }], [gold('eu-west-1')], 'eu-west-1'),
    });
    expect(errors).toEqual([]);
    expect(apps.map((a) => [a.region, a.summary.appArn, a.app.policyArn, a.policy?.policyName])).toEqual([
      ['us-east-1', APP('orders'), POLICY('gold'), 'gold'],
      ['us-east-1', APP('unprotected'), undefined, undefined],
      ['eu-west-1', APP('billing', 'eu-west-1'), POLICY('gold', 'eu-west-1'), 'gold'],
    ]);
  });

  it('an app being deleted is not an app', async () => {
    const { apps } = await look(hubResponses([{ name: 'leaving', status: 'Deleting' }, { name: 'staying' }], []), ['us-east-1']);
    expect(apps.map((a) => a.summary.name)).toEqual(['staying']);
  });

  it('a region whose apps cannot be read is an error finding for its apps; the other regions are still read', async () => {
    const { apps, errors } = await look({
      ...hubResponses([{ name: 'orders' }], []),
      [APPS_OF('eu-west-1')]: DENIED_EXCEPTION,
    });
    expect(apps.map((a) => a.summary.name)).toEqual(['orders']);
    expect(errors).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: 'arn:aws:resiliencehub:eu-west-1:123456789012:app/*',
        region: 'eu-west-1',
        missingPermission: 'resiliencehub:ListApps',
      }),
    ]);
  });

  it('an app that cannot be described is an error for that app; the others of its region are kept', async () => {
    const { apps, errors } = await look({ ...hubResponses([{ name: 'orders' }, { name: 'api' }], []), [describeKey('orders')]: THROTTLED }, ['us-east-1']);
    expect(apps.map((a) => a.summary.name)).toEqual(['api']);
    expect(errors.map((f) => [f.status, f.resource, f.errorKind])).toEqual([['error', APP('orders'), 'throttled']]);
  });

  it('the policies are not read when no app names one', async () => {
    const responses = hubResponses([{ name: 'orders' }], []);
    delete responses['resiliencehub:ListResiliencyPolicies@us-east-1'];
    const { apps, errors } = await look(responses, ['us-east-1']);
    expect(errors).toEqual([]);
    expect(apps.map((a) => [a.summary.name, a.policy, a.policyUnread])).toEqual([['orders', undefined, undefined]]);
  });

  it('policies that cannot be read are an error on the apps that name one, not on the apps without', async () => {
    const responses = { ...hubResponses([{ name: 'orders', policyArn: POLICY('gold') }, { name: 'bare' }], [gold()]), 'resiliencehub:ListResiliencyPolicies@us-east-1': DENIED_EXCEPTION };
    const { apps, errors } = await look(responses, ['us-east-1']);
    expect(errors).toEqual([]);
    expect(apps.map((a) => [a.summary.name, a.policyUnread?.status, a.policyUnread?.resource, a.policyUnread?.missingPermission])).toEqual([
      ['orders', 'error', APP('orders'), 'resiliencehub:ListResiliencyPolicies'],
      ['bare', undefined, undefined, undefined],
    ]);
  });

  it('a region not enabled for the account (RegionDisabled) is skipped, not an error', async () => {
    const { apps, errors } = await look({
      ...hubResponses([{ name: 'orders' }], []),
      [APPS_OF('eu-west-1')]: awsError('UnrecognizedClientException', 'The security token included in the request is invalid'),
    });
    expect(apps.map((a) => a.region)).toEqual(['us-east-1']);
    expect(errors).toEqual([]);
  });
});

describe('targetsLacking', () => {
  const raw = (targets: object) => ({ policyName: 'p', policy: targets });
  it('names the disruption types whose target lacks a number for what is asked, in a fixed order', () => {
    const p = raw({ Region: { rtoInSecs: 1 }, AZ: { rpoInSecs: 1 }, Hardware: { rtoInSecs: 0, rpoInSecs: 0 }, Software: { rtoInSecs: '60', rpoInSecs: 60 } });
    expect(targetsLacking(p, ['rtoInSecs'])).toEqual(['AZ', 'Software']);
    expect(targetsLacking(p, ['rpoInSecs'])).toEqual(['Region']);
    expect(targetsLacking(p, ['rtoInSecs', 'rpoInSecs'])).toEqual(['AZ', 'Software', 'Region']);
  });
  it('a policy without targets lacks none', () => {
    expect(targetsLacking(raw({}), ['rtoInSecs'])).toEqual([]);
  });
});

describe('appFacts', () => {
  const base: AppWithPolicy = {
    region: 'eu-west-1',
    summary: {
      appArn: APP('orders', 'eu-west-1'),
      name: 'orders',
      creationTime: new Date(daysAgo(200)),
      complianceStatus: 'PolicyBreached',
      lastAppComplianceEvaluationTime: new Date('2026-05-30T12:00:00Z'),
    },
    app: { appArn: APP('orders', 'eu-west-1'), name: 'orders', creationTime: new Date(daysAgo(200)), policyArn: POLICY('gold', 'eu-west-1') },
  };

  it('names the app by its ARN, with its region, policy, compliance and last assessment as evidence', () => {
    expect(appFacts(base)).toEqual({
      arn: APP('orders', 'eu-west-1'),
      evidence: { region: 'eu-west-1', policyArn: POLICY('gold', 'eu-west-1'), complianceStatus: 'PolicyBreached', lastAssessment: '2026-05-30T12:00:00.000Z' },
    });
  });

  it('names the app by its name when it has no ARN; a never-assessed app with no policy leaves those facts empty', () => {
    const bare: AppWithPolicy = {
      region: 'us-east-1',
      summary: { appArn: undefined, name: 'draft', creationTime: new Date(daysAgo(3)) },
      app: { appArn: undefined, name: 'draft', creationTime: new Date(daysAgo(3)) },
    };
    expect(appFacts(bare)).toEqual({
      arn: 'draft',
      evidence: { region: 'us-east-1', policyArn: undefined, complianceStatus: undefined, lastAssessment: undefined },
    });
  });
});

describe('tierText', () => {
  it('names the tier in parentheses, or nothing without one', () => {
    expect(tierText({ tier: 'CoreServices' })).toBe(' (CoreServices)');
    expect(tierText({})).toBe('');
  });
});
