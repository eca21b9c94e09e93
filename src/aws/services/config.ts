// AWS Config (regional): the configuration recorders (what is recorded), their status (is it recording)
// and the Config rules of the region. A region where Config was never set up answers empty lists.
import type {
  DescribeConfigRulesCommandOutput,
  RecordingGroup,
  DescribeConfigurationRecordersCommandOutput,
  DescribeConfigurationRecorderStatusCommandOutput,
} from '@aws-sdk/client-config-service';
import { defineService, type CallFn } from '../service.js';

export const config = defineService({
  name: 'config',
  iamPrefix: 'config',
  load: () => import('@aws-sdk/client-config-service'),
  client: 'ConfigServiceClient',
  operations: {
    DescribeConfigurationRecorders: { command: 'DescribeConfigurationRecordersCommand' },
    DescribeConfigurationRecorderStatus: { command: 'DescribeConfigurationRecorderStatusCommand' },
    DescribeConfigRules: { command: 'DescribeConfigRulesCommand', paginator: 'paginateDescribeConfigRules', items: ['ConfigRules'] },
  },
});

export const configAccessors = (call: CallFn) => ({
  /** Recorders with their recordingGroup (allSupported, resourceTypes, exclusionByResourceTypes, recordingStrategy). */
  recorders: async (region: string) =>
    (await call<DescribeConfigurationRecordersCommandOutput>('config', 'DescribeConfigurationRecorders', {}, region))
      .ConfigurationRecorders ?? [],
  /** Recorder status by name: recording (boolean), lastStatus. */
  recorderStatus: async (region: string) =>
    (await call<DescribeConfigurationRecorderStatusCommandOutput>('config', 'DescribeConfigurationRecorderStatus', {}, region))
      .ConfigurationRecordersStatus ?? [],
  /** Every Config rule of the region (Source.Owner / SourceIdentifier, ConfigRuleState). */
  rules: async (region: string) =>
    (await call<DescribeConfigRulesCommandOutput>('config', 'DescribeConfigRules', {}, region)).ConfigRules ?? [],
});

/** Whether a recorder's recording group records a resource type: no group (the default: all supported), all supported, all but exclusions, or listed. */
export function recordsType(group: RecordingGroup | undefined, type: string): boolean {
  if (!group) return true;
  const listed = (types?: string[]) => (types ?? []).includes(type);
  if (group.recordingStrategy?.useOnly === 'EXCLUSION_BY_RESOURCE_TYPES') return !listed(group.exclusionByResourceTypes?.resourceTypes);
  return group.allSupported === true || listed(group.resourceTypes);
}
