// Amazon CloudWatch (regional): alarms. DescribeAlarms returns only metric alarms unless AlarmTypes
// says otherwise, so both metric and composite alarms are asked for in one paginated listing.
// (Log alarms, a newer type, are not asked for.)
import type { DescribeAlarmsCommandOutput } from '@aws-sdk/client-cloudwatch';
import { defineService, type CallFn } from '../service.js';

export const cloudwatch = defineService({
  name: 'cloudwatch',
  iamPrefix: 'cloudwatch',
  load: () => import('@aws-sdk/client-cloudwatch'),
  client: 'CloudWatchClient',
  operations: {
    DescribeAlarms: { command: 'DescribeAlarmsCommand', paginator: 'paginateDescribeAlarms', items: ['MetricAlarms', 'CompositeAlarms'] },
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
