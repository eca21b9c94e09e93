import type {
  DescribeTaskDefinitionCommandOutput,
  ListTaskDefinitionsCommandOutput,
  TaskDefinition,
  ListClustersCommandOutput,
} from '@aws-sdk/client-ecs';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { list, maybe, num, obj, shapeOf, str, strings } from '../shapes.js';

export const ecs = defineService({
  name: 'ecs',
  iamPrefix: 'ecs',
  load: () => sdkPackage<typeof import('@aws-sdk/client-ecs')>('@aws-sdk/client-ecs'),
  client: 'ECSClient',
  operations: {
    ListClusters: {
      command: 'ListClustersCommand',
      paginator: 'paginateListClusters',
      items: ['clusterArns'],
      shape: shapeOf<ListClustersCommandOutput>()({ clusterArns: strings }),
    },
    ListTaskDefinitions: {
      command: 'ListTaskDefinitionsCommand',
      paginator: 'paginateListTaskDefinitions',
      items: ['taskDefinitionArns'],
      shape: shapeOf<ListTaskDefinitionsCommandOutput>()({ taskDefinitionArns: strings }),
    },
    DescribeTaskDefinition: {
      command: 'DescribeTaskDefinitionCommand',
      shape: shapeOf<DescribeTaskDefinitionCommandOutput>()({
        taskDefinition: maybe({
          family: str,
          revision: num,
          containerDefinitions: list(obj({ name: str, environment: list(obj({ name: str, value: str })) })),
        }),
      }),
    },
  },
});

/** family and revision from arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>. */
export function parseTaskDefinitionArn(arn: string): { family: string; revision: number } | undefined {
  const m = /:task-definition\/([^:]+):(\d+)$/.exec(arn);
  return m ? { family: m[1], revision: Number(m[2]) } : undefined;
}

export const ecsAccessors = (call: CallFn) => {
  const taskDefinitionArns = async (region: string) =>
    (await call<ListTaskDefinitionsCommandOutput>('ecs', 'ListTaskDefinitions', { status: 'ACTIVE' }, region))
      .taskDefinitionArns ?? [];
  return {
    /** ARNs of every ECS cluster in the region. */
    clusterArns: async (region: string) =>
      (await call<ListClustersCommandOutput>('ecs', 'ListClusters', {}, region)).clusterArns ?? [],
    /** Every ACTIVE task definition revision (ARNs only). */
    taskDefinitionArns,
    /** The ARN of the newest ACTIVE revision of each family: one describe per family bounds the calls. */
    latestTaskDefinitionArns: async (region: string) => {
      const latest = new Map<string, { revision: number; arn: string }>();
      for (const arn of await taskDefinitionArns(region)) {
        const parsed = parseTaskDefinitionArn(arn);
        if (!parsed) continue;
        const seen = latest.get(parsed.family);
        if (!seen || parsed.revision > seen.revision) latest.set(parsed.family, { revision: parsed.revision, arn });
      }
      return [...latest.values()].map((v) => v.arn);
    },
    taskDefinition: async (region: string, taskDefinition: string): Promise<TaskDefinition | undefined> =>
      (await call<DescribeTaskDefinitionCommandOutput>('ecs', 'DescribeTaskDefinition', { taskDefinition }, region)).taskDefinition,
  };
};
