// The typed face of the data layer that checks see as `ctx.aws`. Every accessor is a line over
// Fetcher.call, so an API that several checks need is still called once per scan.
import type { Fetcher } from './fetcher.js';
import { ec2Accessors } from './services/ec2.js';
import { cloudtrailAccessors } from './services/cloudtrail.js';
import { iamAccessors } from './services/iam.js';
import { s3Accessors } from './services/s3.js';
import { accessanalyzerAccessors } from './services/accessanalyzer.js';
import { macie2Accessors } from './services/macie2.js';
import { securityhubAccessors } from './services/securityhub.js';
import { configAccessors } from './services/config.js';
import { guarddutyAccessors } from './services/guardduty.js';
import { inspector2Accessors } from './services/inspector2.js';
import { supportAccessors } from './services/support.js';
import { stsAccessors } from './services/sts.js';
import { lambdaAccessors } from './services/lambda.js';
import { ecsAccessors } from './services/ecs.js';
import { cloudformationAccessors } from './services/cloudformation.js';
import { ssmAccessors } from './services/ssm.js';
import { secretsmanagerAccessors } from './services/secretsmanager.js';
import { directconnectAccessors } from './services/directconnect.js';
import { autoscalingAccessors } from './services/autoscaling.js';
import { applicationautoscalingAccessors } from './services/applicationautoscaling.js';
import { logsAccessors } from './services/logs.js';
import { cloudwatchAccessors } from './services/cloudwatch.js';
import { snsAccessors } from './services/sns.js';
import { kmsAccessors } from './services/kms.js';
import { rdsAccessors } from './services/rds.js';
import { efsAccessors } from './services/efs.js';
import { dynamodbAccessors } from './services/dynamodb.js';
import { elbv2Accessors } from './services/elbv2.js';
import { elbAccessors } from './services/elb.js';
import { cloudfrontAccessors } from './services/cloudfront.js';
import { apigatewayAccessors } from './services/apigateway.js';
import { apigatewayv2Accessors } from './services/apigatewayv2.js';
import { accountAccessors } from './services/account.js';
import { codepipelineAccessors } from './services/codepipeline.js';
import { codedeployAccessors } from './services/codedeploy.js';
import { ssmincidentsAccessors } from './services/ssmincidents.js';
import { backupAccessors } from './services/backup.js';
import { fisAccessors } from './services/fis.js';
import { resiliencehubAccessors } from './services/resiliencehub.js';
import { drsAccessors } from './services/drs.js';
import { organizationsAccessors } from './services/organizations.js';

export function createAwsData(fetcher: Fetcher) {
  const call = fetcher.call;
  return {
    sts: stsAccessors(call),
    iam: iamAccessors(call),
    ec2: ec2Accessors(call),
    cloudtrail: cloudtrailAccessors(call),
    s3: s3Accessors(call),
    accessanalyzer: accessanalyzerAccessors(call),
    macie2: macie2Accessors(call),
    securityhub: securityhubAccessors(call),
    config: configAccessors(call),
    guardduty: guarddutyAccessors(call),
    inspector2: inspector2Accessors(call),
    support: supportAccessors(call),
    lambda: lambdaAccessors(call),
    ecs: ecsAccessors(call),
    cloudformation: cloudformationAccessors(call),
    ssm: ssmAccessors(call),
    secretsmanager: secretsmanagerAccessors(call),
    directconnect: directconnectAccessors(call),
    autoscaling: autoscalingAccessors(call),
    applicationautoscaling: applicationautoscalingAccessors(call),
    logs: logsAccessors(call),
    cloudwatch: cloudwatchAccessors(call),
    sns: snsAccessors(call),
    kms: kmsAccessors(call),
    rds: rdsAccessors(call),
    efs: efsAccessors(call),
    dynamodb: dynamodbAccessors(call),
    elbv2: elbv2Accessors(call),
    elb: elbAccessors(call),
    cloudfront: cloudfrontAccessors(call),
    apigateway: apigatewayAccessors(call),
    apigatewayv2: apigatewayv2Accessors(call),
    account: accountAccessors(call),
    codepipeline: codepipelineAccessors(call),
    codedeploy: codedeployAccessors(call),
    ssmincidents: ssmincidentsAccessors(call),
    backup: backupAccessors(call),
    fis: fisAccessors(call),
    resiliencehub: resiliencehubAccessors(call),
    drs: drsAccessors(call),
    organizations: organizationsAccessors(call),
  };
}

export type AwsData = ReturnType<typeof createAwsData>;
