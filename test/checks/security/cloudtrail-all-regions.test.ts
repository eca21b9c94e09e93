import check from '../../../src/checks/security/cloudtrail-all-regions.js';
import { DENIED, THROTTLED, awsError, testCheck } from '../../support/check-tester.js';
import { ALL_MANAGEMENT, MANAGEMENT_ACCOUNT, listed, regionResource, selectors, status, trail, trailArn } from './cloudtrail-fixtures.js';

const TWO = ['us-east-1', 'us-west-2'];
const THREE = ['us-east-1', 'us-west-2', 'eu-west-1'];
const main = trail('main', { multi: true });
const east = trail('east-only');
const west = trail('west-only', { home: 'us-west-2' });
const eu = trail('eu-only', { home: 'eu-west-1' });
const org = trail('org-trail', { multi: true, org: true, account: MANAGEMENT_ACCOUNT });
/** A multi-region trail is listed (as itself or a shadow copy) in every region. */
const everywhere = (t = main, regions = TWO) => Object.assign({}, ...regions.map((r) => listed(r, [t])));
const advanced = (...fields: object[]) => ({ AdvancedEventSelectors: [{ Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...fields] }] });
const basic = (ReadWriteType: string, IncludeManagementEvents = true) => ({ EventSelectors: [{ ReadWriteType, IncludeManagementEvents }] });
const S3_DATA_ONLY = {
  AdvancedEventSelectors: [{ Name: 'S3 data', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }],
};
/** A trail logging all management events in its home region. */
const recording = (t: ReturnType<typeof trail>) => ({ ...status(t, true), ...selectors(t, ALL_MANAGEMENT) });

testCheck(check, {
  met: [
    {
      name: 'multiRegionTrailLoggingAllManagementEvents',
      regions: TWO,
      responses: { ...everywhere(), ...recording(main) },
      expect: { resources: [trailArn('main')], message: 'Multi-region trail main is logging all management events (read and write) in every region.' },
    },
    {
      name: 'trailWithoutAnySelectorLogsAllManagementEvents',
      regions: TWO,
      responses: { ...everywhere(), ...status(main, true), ...selectors(main, {}) },
      expect: {
        resources: [trailArn('main')],
        message: 'Multi-region trail main is logging all management events (read and write) in every region (it has no event selectors: CloudTrail then logs all management events).',
      },
    },
    {
      name: 'trailWithEmptySelectorListsLogsAllManagementEvents',
      regions: TWO,
      responses: { ...everywhere(), ...status(main, true), ...selectors(main, { EventSelectors: [], AdvancedEventSelectors: [] }) },
      expect: { resources: [trailArn('main')], message: 'it has no event selectors' },
    },
    {
      name: 'singleRegionTrailInEachRegion',
      regions: TWO,
      responses: { ...listed('us-east-1', [east]), ...listed('us-west-2', [west]), ...recording(east), ...recording(west) },
      expect: { resources: [trailArn('east-only'), trailArn('west-only', 'us-west-2')], message: 'us-west-2: trail west-only' },
    },
    {
      name: 'stoppedMultiRegionTrailBesideSingleRegionTrailsThatLog',
      regions: TWO,
      responses: {
        ...listed('us-east-1', [main, east]),
        ...listed('us-west-2', [main, west]),
        ...status(main, false),
        ...recording(east),
        ...recording(west),
      },
      expect: { resources: [trailArn('east-only'), trailArn('west-only', 'us-west-2')] },
    },
    {
      name: 'advancedSelectorsExcludingKms',
      regions: TWO,
      responses: { ...everywhere(), ...status(main, true), ...selectors(main, advanced({ Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] })) },
      expect: { resources: [trailArn('main')], message: 'in every region (except events from kms.amazonaws.com).' },
    },
    {
      name: 'advancedSelectorsBesideAnEmptyBasicList',
      responses: { ...listed('us-east-1', [main]), ...status(main, true), ...selectors(main, { EventSelectors: [], ...advanced() }) },
      expect: { resources: [trailArn('main')], message: /in every region\.$/ },
    },
    {
      name: 'readOnlyAndWriteOnlySelectorsTogether',
      responses: {
        ...listed('us-east-1', [main]),
        ...status(main, true),
        ...selectors(main, { EventSelectors: [...basic('ReadOnly').EventSelectors, ...basic('WriteOnly').EventSelectors] }),
      },
      expect: { resources: [trailArn('main')] },
    },
    {
      name: 'organizationTrailReadableFromThisAccount',
      regions: TWO,
      responses: { ...everywhere(org), ...recording(org) },
      expect: { resources: [trailArn('org-trail', 'us-east-1', MANAGEMENT_ACCOUNT)], message: 'Organization trail org-trail' },
    },
    {
      name: 'multiRegionTrailCoversRegionWhoseListIsDenied',
      regions: TWO,
      responses: { ...listed('us-east-1', [main]), ...listed('us-west-2', DENIED), ...recording(main) },
      expect: { resources: [trailArn('main')] },
    },
    {
      name: 'ownTrailCoversRegionsWhereTheOrganizationTrailIsUnreadable',
      regions: TWO,
      responses: { ...listed('us-east-1', [org, main]), ...listed('us-west-2', [org, main]), ...status(org, DENIED), ...recording(main) },
      expect: { resources: [trailArn('main')], message: 'Multi-region trail main' },
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
      expect: { resources: [regionResource('us-east-1'), regionResource('us-west-2')], message: 'No trail is logging all management events (read and write) in us-west-2: main (not logging).' },
    },
    {
      name: 'writeOnlyManagementEvents',
      responses: { ...listed('us-east-1', [main]), ...status(main, true), ...selectors(main, basic('WriteOnly')) },
      expect: { resources: [regionResource('us-east-1')], message: 'main (management events: write only)' },
    },
    {
      name: 'advancedSelectorReadOnlyTrue',
      responses: { ...listed('us-east-1', [main]), ...status(main, true), ...selectors(main, advanced({ Field: 'readOnly', Equals: ['true'] })) },
      expect: { resources: [regionResource('us-east-1')], message: 'management events: read only' },
    },
    {
      name: 'dataEventsOnlyTrail',
      responses: { ...listed('us-east-1', [main]), ...status(main, true), ...selectors(main, basic('All', false)) },
      expect: { resources: [regionResource('us-east-1')], message: 'management events: none' },
    },
    {
      name: 'advancedSelectorsForDataEventsOnly',
      responses: { ...listed('us-east-1', [main]), ...status(main, true), ...selectors(main, S3_DATA_ONLY) },
      expect: { resources: [regionResource('us-east-1')], message: 'main (management events: none)' },
    },
    {
      name: 'advancedSelectorNarrowedToOneEventSource',
      responses: { ...listed('us-east-1', [main]), ...status(main, true), ...selectors(main, advanced({ Field: 'eventSource', Equals: ['s3.amazonaws.com'] })) },
      expect: { resources: [regionResource('us-east-1')], message: 'management events: none' },
    },
    {
      name: 'singleRegionTrailLeavesOtherRegionUncovered',
      regions: TWO,
      responses: { ...listed('us-east-1', [east]), ...listed('us-west-2', []), ...recording(east) },
      expect: { resources: [regionResource('us-west-2')], metResources: [trailArn('east-only')] },
    },
    {
      name: 'oneRegionOfThreeWithAPartialTrail',
      regions: THREE,
      responses: {
        ...listed('us-east-1', [east]),
        ...listed('us-west-2', [west]),
        ...listed('eu-west-1', [eu]),
        ...recording(east),
        ...recording(eu),
        ...status(west, true),
        ...selectors(west, basic('WriteOnly')),
      },
      expect: {
        resources: [regionResource('us-west-2')],
        metResources: [trailArn('east-only'), trailArn('eu-only', 'eu-west-1')],
        message: 'in us-west-2: west-only (management events: write only)',
      },
    },
    {
      name: 'uncoveredRegionBesideARegionThatCannotBeTold',
      regions: TWO,
      responses: { ...listed('us-east-1', []), ...listed('us-west-2', DENIED) },
      expect: { resources: [regionResource('us-east-1')] },
    },
  ],
  cannotTell: [
    {
      name: 'describeTrailsDenied',
      responses: listed('us-east-1', DENIED),
      expect: { resources: [regionResource('us-east-1')], missingPermission: 'cloudtrail:DescribeTrails' },
    },
    {
      name: 'regionListThrottledBesideACoveredRegion',
      regions: TWO,
      responses: { ...listed('us-east-1', [east]), ...listed('us-west-2', THROTTLED), ...recording(east) },
      expect: { resources: [regionResource('us-west-2')], metResources: [trailArn('east-only')], message: 'throttled' },
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
      expect: { resources: [trailArn('org-trail', 'us-east-1', MANAGEMENT_ACCOUNT)], message: 'TrailNotFoundException' },
    },
    {
      name: 'eventSelectorsDenied',
      responses: { ...listed('us-east-1', [main]), ...status(main, true), ...selectors(main, DENIED) },
      expect: { resources: [trailArn('main')], missingPermission: 'cloudtrail:GetEventSelectors' },
    },
    {
      name: 'trailStatusWithoutIsLogging',
      responses: { ...listed('us-east-1', [main]), ...status(main, {}) },
      expect: { resources: [trailArn('main')], message: 'answered a malformed response: IsLogging is missing' },
    },
    {
      name: 'unreadableTrailInOneRegionOnly',
      regions: TWO,
      responses: { ...listed('us-east-1', [east]), ...listed('us-west-2', [west]), ...recording(east), ...status(west, THROTTLED) },
      expect: { resources: [trailArn('west-only', 'us-west-2')], metResources: [trailArn('east-only')] },
    },
  ],
});
