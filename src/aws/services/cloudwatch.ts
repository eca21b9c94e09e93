// Amazon CloudWatch (regional): alarms. DescribeAlarms returns only metric alarms unless AlarmTypes
// says otherwise, so both metric and composite alarms are asked for in one paginated listing.
// (Log alarms, a newer type, are not asked for.)
import type { DescribeAlarmsCommandOutput } from '@aws-sdk/client-cloudwatch';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { bool, id, list, obj, shapeOf, str, strings } from '../shapes.js';

export const cloudwatch = defineService({
  name: 'cloudwatch',
  iamPrefix: 'cloudwatch',
  load: () => sdkPackage<typeof import('@aws-sdk/client-cloudwatch')>('@aws-sdk/client-cloudwatch'),
  client: 'CloudWatchClient',
  listsAlwaysSent: true,
  operations: {
    // ActionsEnabled false silences an alarm: typed, so a "false" string is not read as enabled.
    DescribeAlarms: {
      command: 'DescribeAlarmsCommand',
      paginator: 'paginateDescribeAlarms',
      items: ['MetricAlarms', 'CompositeAlarms'],
      shape: shapeOf<DescribeAlarmsCommandOutput>()({
        MetricAlarms: list(obj({ AlarmName: id, ActionsEnabled: bool, AlarmActions: strings, Namespace: str, Metrics: list(obj({})) })),
        CompositeAlarms: list(obj({ AlarmName: id, ActionsEnabled: bool, AlarmActions: strings })),
      }),
    },
  },
});

export const cloudwatchAccessors = (call: CallFn) => ({
  /** Metric and composite alarms of the region. */
  alarms: async (region: string) => {
    const out = await call<DescribeAlarmsCommandOutput>(
      'cloudwatch',
      'DescribeAlarms',
      { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] },
      region,
    );
    return { metric: out.MetricAlarms ?? [], composite: out.CompositeAlarms ?? [] };
  },
});
