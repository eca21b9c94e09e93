// AWS CodeDeploy (regional): applications and the deployments created in a time window. ListDeployments
// without applicationName/deploymentGroupName lists the deployments of every application of the region;
// it answers deployment ids only. It is read one page (callers ask "were there any", not "how many").
import type { ListApplicationsCommandOutput, ListDeploymentsCommandOutput } from '@aws-sdk/client-codedeploy';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { shapeOf, str, strings } from '../shapes.js';

export const codedeploy = defineService({
  name: 'codedeploy',
  iamPrefix: 'codedeploy',
  load: () => sdkPackage<typeof import('@aws-sdk/client-codedeploy')>('@aws-sdk/client-codedeploy'),
  client: 'CodeDeployClient',
  operations: {
    ListApplications: {
      command: 'ListApplicationsCommand',
      paginator: 'paginateListApplications',
      items: ['applications'],
      shape: shapeOf<ListApplicationsCommandOutput>()({ applications: strings }),
    },
    // Deliberately without a paginator: one page of deployment ids answers "any deployments since …".
    ListDeployments: { command: 'ListDeploymentsCommand', shape: shapeOf<ListDeploymentsCommandOutput>()({ deployments: strings, nextToken: str }) },
  },
});

export const codedeployAccessors = (call: CallFn) => ({
  /** The names of every CodeDeploy application of the region. */
  applications: async (region: string) =>
    (await call<ListApplicationsCommandOutput>('codedeploy', 'ListApplications', {}, region)).applications ?? [],
  /**
   * Deployments (ids) created since `start` (open-ended, so today's count too) that succeeded
   * (includeOnlyStatuses Succeeded: a failed or stopped deployment deployed nothing), any application, one
   * page. `truncated`: more exist beyond this page.
   */
  succeededDeploymentsSince: async (region: string, start: Date) => {
    const out = await call<ListDeploymentsCommandOutput>('codedeploy', 'ListDeployments', { createTimeRange: { start }, includeOnlyStatuses: ['Succeeded'] }, region);
    return { ids: out.deployments ?? [], truncated: out.nextToken !== undefined };
  },
});
