// AWS Config (regional): the configuration recorders (what is recorded), their status (is it recording)
// and the Config rules of the region. A region where Config was never set up answers empty lists.
import type {
  DescribeConfigRulesCommandOutput,
  RecordingGroup,
  DescribeConfigurationRecordersCommandOutput,
  DescribeConfigurationRecorderStatusCommandOutput,
} from '@aws-sdk/client-config-service';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { bool, list, maybe, obj, shapeOf, str, strings } from '../shapes.js';

export const config = defineService({
  name: 'config',
  iamPrefix: 'config',
  load: () => sdkPackage<typeof import('@aws-sdk/client-config-service')>('@aws-sdk/client-config-service'),
  client: 'ConfigServiceClient',
  operations: {
    DescribeConfigurationRecorders: {
      command: 'DescribeConfigurationRecordersCommand',
      shape: shapeOf<DescribeConfigurationRecordersCommandOutput>()({
        ConfigurationRecorders: list(
          obj({
            name: str,
            recordingGroup: maybe({
              allSupported: bool,
              resourceTypes: strings,
              exclusionByResourceTypes: maybe({ resourceTypes: strings }),
              recordingStrategy: maybe({ useOnly: str }),
            }),
          }),
        ),
      }),
    },
    DescribeConfigurationRecorderStatus: {
      command: 'DescribeConfigurationRecorderStatusCommand',
      shape: shapeOf<DescribeConfigurationRecorderStatusCommandOutput>()({ ConfigurationRecordersStatus: list(obj({ name: str, recording: bool })) }),
    },
    DescribeConfigRules: {
      command: 'DescribeConfigRulesCommand',
      paginator: 'paginateDescribeConfigRules',
      items: ['ConfigRules'],
      shape: shapeOf<DescribeConfigRulesCommandOutput>()({
        ConfigRules: list(obj({ ConfigRuleName: str, ConfigRuleState: str, Source: obj({ Owner: z.string(), SourceIdentifier: str }) })),
      }),
    },
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
