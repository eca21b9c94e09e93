// Every AWS service the scanner may call. Adding a service: declare it in its own file here, then add
// it to SERVICES and its accessors to createAwsData (src/aws/index.ts).
import type { ServiceSpec } from '../service.js';
import { iam } from './iam.js';
import { sts } from './sts.js';
import { ec2 } from './ec2.js';

export const SERVICES: readonly ServiceSpec[] = [sts, iam, ec2];
