import check from '../../../src/checks/security/cloudtrail-all-regions.js';
import { DENIED, awsError, testCheck } from '../../support/check-tester.js';
import { ALL_MANAGEMENT, MANAGEMENT_ACCOUNT, listed, regionResource, selectors, status, trail, trailArn } from './cloudtrail-fixtures.js';

const TWO = ['us-east-1', 'us-west-2'];
const main = trail('main', { multi: true });
const east = trail('east-only');
const west = trail('west-only', { home: 'us-west-2' });
const org = trail('org-trail', { multi: true, org: true, account: MANAGEMENT_ACCOUNT });
/** A multi-region trail is listed (as itself or a shadow copy) in every region. */
const everywhere = (t = main) => ({ ...listed('us-east-1', [t]), ...listed('us-west-2', [t]) });
const advanced = (...fields: object[]) => ({ AdvancedEventSelectors: [{ Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...fields] }] });
const basic = (ReadWriteType: string, IncludeManagementEvents = true) => ({ EventSelectors: [{ ReadWriteType, IncludeManagementEvents }] });

testCheck(check, {
  met: [
    {
      name: 'multiRegionTrailLoggingAllManagementEvents',
      regions: TWO,
      responses: { ...everywhere(), ...status(main, true), ...selectors(main, ALL_MANAGEMENT) },
      expect: { resources: [trailArn('main')], message: 'Multi-region trail main is logging all management events (read and write) in every region.' },
    },
    {
      name: 'singleRegionTrailInEachRegion',
      regions: TWO,
      responses: {
        ...listed('us-east-1', [east]),
        ...listed('us-west-2', [west]),
        ...status(east, true),
        ...status(west, true),
        ...selectors(east, ALL_MANAGEMENT),
        ...selectors(west, ALL_MANAGEMENT),
      },
      expect: { resources: [trailArn('east-only'), trailArn('west-only', 'us-west-2')], message: 'us-west-2: trail west-only' },
    },
    {
      name: 'advancedSelectorsExcludingKms',
      regions: TWO,
      responses: { ...everywhere(), ...status(main, true), ...selectors(main, advanced({ Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] })) },
      expect: { message: '(except events from kms.amazonaws.com)' },
    },
    {
      name: 'readOnlyAndWriteOnlySelectorsTogether',
      responses: {
        ...listed('us-east-1', [main]),
        ...status(main, true),
        ...selectors(main, { EventSelectors: [...basic('ReadOnly').EventSelectors, ...basic('WriteOnly').EventSelectors] }),
      },
    },
    {
      name: 'organizationTrailReadableFromThisAccount',
      regions: TWO,
      responses: { ...everywhere(org), ...status(org, true), ...selectors(org, ALL_MANAGEMENT) },
      expect: { resources: [trailArn('org-trail', 'us-east-1', MANAGEMENT_ACCOUNT)], message: 'Organization trail org-trail' },
    },
    {
      name: 'multiRegionTrailCoversRegionWhoseListIsDenied',
      regions: TWO,
      responses: { ...listed('us-east-1', [main]), ...listed('us-west-2', DENIED), ...status(main, true), ...selectors(main, ALL_MANAGEMENT) },
    },
  ],
  notMet: [
    {
      name: 'noTrailInAnyRegion',
      regions: TWO,
      responses: { ...listed('us-east-1', []), ...listed('us-west-2', []) },
      expect: { resources: [regionResource('us-east-1'), regionResource('us-west-2')], message: 'in us-west-2: no trail records there' },
    },
    {
      name: 'multiRegionTrailStopped',
      regions: TWO,
      responses: { ...everywhere(), ...status(main, false) },
      expect: { message: 'main (not logging)' },
    },
    {
      name: 'writeOnlyManagementEvents',
      responses: { ...listed('us-east-1', [main]), ...status(main, true), ...selectors(main, basic('WriteOnly')) },
      expect: { message: 'main (management events: write only)' },
    },
    {
      name: 'advancedSelectorReadOnlyTrue',
      responses: { ...listed('us-east-1', [main]), ...status(main, true), ...selectors(main, advanced({ Field: 'readOnly', Equals: ['true'] })) },
      expect: { message: 'management events: read only' },
    },
    {
      name: 'dataEventsOnlyTrail',
      responses: { ...listed('us-east-1', [main]), ...status(main, true), ...selectors(main, basic('All', false)) },
      expect: { message: 'management events: none' },
    },
    {
      name: 'singleRegionTrailLeavesOtherRegionUncovered',
      regions: TWO,
      responses: { ...listed('us-east-1', [east]), ...listed('us-west-2', []), ...status(east, true), ...selectors(east, ALL_MANAGEMENT) },
      expect: {
        resources: [regionResource('us-west-2')],
        check: (r) => {
          if (!r.findings.some((f) => f.status === 'met' && f.region === 'us-east-1')) throw new Error('us-east-1 should be met');
        },
      },
    },
  ],
  cannotTell: [
    {
      name: 'describeTrailsDenied',
      responses: listed('us-east-1', DENIED),
      expect: { missingPermission: 'cloudtrail:DescribeTrails' },
    },
    {
      name: 'organizationTrailStatusDeniedInMemberAccount',
      regions: TWO,
      responses: { ...everywhere(org), ...status(org, DENIED) },
      expect: {
        resources: [trailArn('org-trail', 'us-east-1', MANAGEMENT_ACCOUNT)],
        missingPermission: 'cloudtrail:GetTrailStatus',
        message: `belongs to account ${MANAGEMENT_ACCOUNT}`,
      },
    },
    {
      name: 'organizationTrailNotFoundFromMember',
      responses: { ...listed('us-east-1', [org]), ...status(org, awsError('TrailNotFoundException', 'Unknown trail')) },
      expect: { message: 'TrailNotFoundException' },
    },
    {
      name: 'eventSelectorsDenied',
      responses: { ...listed('us-east-1', [main]), ...status(main, true), ...selectors(main, DENIED) },
      expect: { missingPermission: 'cloudtrail:GetEventSelectors' },
    },
  ],
});
