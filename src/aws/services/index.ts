// Every AWS service the scanner may call. Adding a service: declare it in its own file here, then add
// it to SERVICES and its accessors to createAwsData (src/aws/index.ts).
import type { ServiceSpec } from '../service.js';
import { iam } from './iam.js';
import { sts } from './sts.js';
import { ec2 } from './ec2.js';
import { cloudtrail } from './cloudtrail.js';
import { s3, s3control } from './s3.js';
import { accessanalyzer } from './accessanalyzer.js';
import { macie2 } from './macie2.js';
import { securityhub } from './securityhub.js';
import { config } from './config.js';
import { guardduty } from './guardduty.js';
import { inspector2 } from './inspector2.js';
import { support } from './support.js';
import { lambda } from './lambda.js';
import { ecs } from './ecs.js';
import { cloudformation } from './cloudformation.js';
import { ssm } from './ssm.js';
import { secretsmanager } from './secretsmanager.js';
import { directconnect } from './directconnect.js';
import { autoscaling } from './autoscaling.js';
import { applicationautoscaling } from './applicationautoscaling.js';
import { logs } from './logs.js';
import { cloudwatch } from './cloudwatch.js';
import { sns } from './sns.js';
import { kms } from './kms.js';
import { rds } from './rds.js';
import { efs } from './efs.js';
import { dynamodb } from './dynamodb.js';
import { elbv2 } from './elbv2.js';
import { elb } from './elb.js';
import { cloudfront } from './cloudfront.js';
import { apigateway } from './apigateway.js';
import { apigatewayv2 } from './apigatewayv2.js';
import { account } from './account.js';

export const SERVICES: readonly ServiceSpec[] = [sts, iam, ec2, cloudtrail, s3, s3control, lambda, ecs, cloudformation, ssm, secretsmanager, directconnect, autoscaling, applicationautoscaling, logs, cloudwatch, sns, accessanalyzer, macie2, securityhub, config, guardduty, inspector2, support, kms, rds, efs, dynamodb, elbv2, elb, cloudfront, apigateway, apigatewayv2, account];
