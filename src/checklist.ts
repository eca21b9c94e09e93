// The Technical Validation Checklist of the AWS Cloud Management Tools Competency (September 2018,
// v1.0) as data: the single home of every item's id, title, requirement text, severity and the
// checklist's "Applies to" columns. Reporters, `cmt-audit checks`, docs/checks.md and the markdown
// checklist all read it from here. Note: the checklist has no item 1.6; there are 40 items.
import type { DeploymentModel, Pillar, Severity } from './model.js';

export interface Applicability {
  applies: boolean;
  /** The checklist's qualifier, e.g. "for credentials used to integrate with AWS". */
  note?: string;
}

export interface ChecklistItem {
  id: string;
  pillar: Pillar;
  title: string;
  /** The requirement text, as the checklist states it (lightly cleaned of markup). */
  requirement: string;
  severity: Severity;
  appliesTo: Record<DeploymentModel, Applicability>;
  /** Evidence must be no older than this (the item says "within the last 12 months"). */
  freshnessMonths?: number;
}

export const PILLAR_TITLES: Record<Pillar, string> = {
  security: '1.0 Security',
  reliability: '2.0 Reliability',
  'operational-excellence': '3.0 Operational Excellence',
};

export const CHECKLIST: readonly ChecklistItem[] = [
  {
    id: '1.1',
    pillar: 'security',
    title: 'AWS account root user is not used for routine activities',
    requirement:
      'The AWS account root user must not be used for routine activities. Following the creation of your ' +
      'AWS account, you should immediately create IAM user accounts, and use these IAM user accounts for ' +
      'all routine activities. Once your IAM users accounts have been created, you should securely store ' +
      'the AWS root account credentials and use them only to perform the few account and service ' +
      'management tasks that require the AWS account root user. For further information on how to set up ' +
      'an IAM user accounts and groups for daily use, see Creating Your First IAM Admin User and Group.',
    severity: 'critical',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '1.2',
    pillar: 'security',
    title: 'Multi-Factor Authentication (MFA) has been enabled on the AWS account root user',
    requirement:
      'MFA must be enabled for your AWS account root user. Because your AWS account root user can perform ' +
      'sensitive operations in your AWS account, adding an additional layer of authentication helps you to ' +
      'better secure your account. Multiple types of MFA are available, including virtual MFA and hardware ' +
      'MFA.',
    severity: 'critical',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '1.3',
    pillar: 'security',
    title: 'IAM user accounts used for all routine activities',
    requirement:
      'The AWS account root user must not be used for any task where it is not required. Instead, create a ' +
      'new IAM user for each person that requires administrator access. Then make those users ' +
      'administrators by placing the users into an Administrators group to which you attach the ' +
      'AdministratorAccess managed policy. Thereafter, the users in the administrators group should set up ' +
      'the groups, users, and so on, for the AWS account. All future interaction should be through the AWS ' +
      "account's users and their own keys instead of the root user. However, to perform some account and " +
      'service management tasks, you must log in using the root user credentials.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '1.4',
    pillar: 'security',
    title: 'Multi-Factor Authentication (MFA) is enabled for all interactive IAM users',
    requirement:
      'You must enable MFA for all interactive IAM users. With MFA, users have a device that generates a ' +
      'unique authentication code (a one-time password, or OTP). Users must provide both their normal ' +
      'credentials (user name and password) and the OTP. The MFA device can either be a special piece of ' +
      'hardware, or it can be a virtual device (for example, it can run in an app on a smartphone).',
    severity: 'critical',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '1.5',
    pillar: 'security',
    title: 'IAM credentials are rotated regularly',
    requirement:
      'You must change your passwords and access keys regularly, and make sure that all IAM users in your ' +
      'account do as well. That way, if a password or access key is compromised without your knowledge, ' +
      'you limit how long the credentials can be used to access your resources. You can apply a password ' +
      'policy to your account to require all your IAM users to rotate their passwords, and you can choose ' +
      'how often they must do so. For more information about rotating access keys for IAM users, see ' +
      'Rotating Access Keys.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: true, note: 'for credentials used to integrate with AWS' },
      'customer-deployed-on-aws': { applies: true, note: 'for credentials used to integrate with AWS' },
    },
  },
  {
    id: '1.7',
    pillar: 'security',
    title: 'Strong password policy is in place for IAM users',
    requirement:
      'You must configure a strong password policy for your IAM users. If you allow users to change their ' +
      'own passwords, require that they create strong passwords and that they rotate their passwords ' +
      'periodically. On the Account Settings page of the IAM console, you can create a password policy for ' +
      'your account. You can use the password policy to define password requirements, such as minimum ' +
      'length, whether it requires non-alphabetic characters, how frequently it must be rotated, and so ' +
      'on. For more information, see Setting an Account Password Policy for IAM Users.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: true, note: 'for credentials used to integrate with AWS' },
      'customer-deployed-on-aws': { applies: true, note: 'for credentials used to integrate with AWS' },
    },
  },
  {
    id: '1.8',
    pillar: 'security',
    title: 'IAM credentials are not shared among multiple users',
    requirement:
      'You must create an individual IAM user account for anyone who needs access to your AWS account. ' +
      'Create an IAM user for yourself as well, give that user administrative privileges, and use that IAM ' +
      'user for all your work. By creating individual IAM users for people accessing your account, you can ' +
      'give each IAM user a unique set of security credentials. You can also grant different permissions ' +
      "to each IAM user. If necessary, you can change or revoke an IAM user's permissions any time. (If " +
      'you give out your root user credentials, it can be difficult to revoke them, and it is impossible ' +
      'to restrict their permissions.)',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '1.9',
    pillar: 'security',
    title: 'IAM policies are scoped down to least privilege',
    requirement:
      'You must follow the standard security advice of granting least privilege. This means granting only ' +
      'the permissions required to perform a task. Determine what users need to do and then craft policies ' +
      'for them that let the users perform only those tasks. Start with a minimum set of permissions and ' +
      'grant additional permissions as necessary. Doing so is more secure than starting with permissions ' +
      'that are too lenient and then trying to tighten them later. Defining the right set of permissions ' +
      'requires some research. Determine what is required for the specific task, what actions a particular ' +
      'service supports, and what permissions are required in order to perform those actions.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': {
        applies: true,
        note:
          'for solutions ran outside of AWS integrated via IAM roles, least privilege access should be ' +
          'applied',
      },
      'customer-deployed-on-aws': {
        applies: true,
        note:
          'for solutions ran outside of AWS integrated via IAM roles, least privilege access should be ' +
          'applied',
      },
    },
  },
  {
    id: '1.10',
    pillar: 'security',
    title: 'Hard-coded credentials (e.g. access keys) are not used',
    requirement:
      'You must follow best practices for managing AWS access keys and avoid the use of hard-coded ' +
      'credentials. When you access AWS programmatically, you use an access key to verify your identity ' +
      'and the identity of your applications. Anyone who has your access key has the same level of access ' +
      'to your AWS resources that you do. Consequently, AWS goes to significant lengths to protect your ' +
      'access keys, and, in keeping with our shared responsibility model, you should as well.',
    severity: 'critical',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': {
        applies: true,
        note: 'credentials used to integration with AWS should be easily changed and not hard coded',
      },
      'customer-deployed-on-aws': {
        applies: true,
        note: 'credentials used to integration with AWS should be easily changed and not hard coded',
      },
    },
  },
  {
    id: '1.11',
    pillar: 'security',
    title: 'All credentials are encrypted at rest',
    requirement: 'The baseline requirement is to ensure the encryption of any credentials at rest.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': {
        applies: true,
        note: 'credentials stored in partner solution used to integrate with AWS should be encrypted',
      },
      'customer-deployed-on-aws': {
        applies: true,
        note: 'credentials stored in partner solution used to integrate with AWS should be encrypted',
      },
    },
  },
  {
    id: '1.12',
    pillar: 'security',
    title: 'AWS Access Keys only used by interactive users',
    requirement:
      'No AWS Access Keys should be in use, except in the following cases: 1. Used by humans to access AWS ' +
      'services, and stored securely on a device controlled by that human. 2. Used by a service to access ' +
      'AWS services, but only in cases where: a) It is not feasible to use an EC2 instance role, ECS Task ' +
      'Role or similar mechanism, b) The AWS Access Keys are rotated at least weekly, and c) The IAM ' +
      'Policy is tightly scoped so that it: i) Allows only access to only specific methods and targets and ' +
      'ii) Restricts access to the subnets on from which the resources will be accessed.',
    severity: 'critical',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '1.13',
    pillar: 'security',
    title: 'CloudTrail is enabled for all AWS accounts in every region',
    requirement:
      'CloudTrail must be enabled on all AWS accounts and in every region. Visibility into your AWS ' +
      'account activity is a key aspect of security and operational best practices. You can use CloudTrail ' +
      'to view, search, download, archive, analyze, and respond to account activity across your AWS ' +
      'infrastructure. You can identify who or what took which action, what resources were acted upon, ' +
      'when the event occurred, and other details to help you analyze and respond to activity in your AWS ' +
      'account.',
    severity: 'critical',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '1.14',
    pillar: 'security',
    title: 'CloudTrail logs are stored in an S3 bucket owned by another AWS account',
    requirement:
      'CloudTrail logs must be emplaced in a bucket owned by another AWS account configured for extremely ' +
      'limited access, such as audit and recovery only.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '1.15',
    pillar: 'security',
    title: 'CloudTrail S3 log bucket has Versioning or MFA Delete enabled',
    requirement: 'CloudTrail log bucket contents must be protected with versioning or MFA Delete.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '1.16',
    pillar: 'security',
    title: 'EC2 security groups are tightly scoped',
    requirement:
      'All EC2 security groups should restrict access to the greatest degree possible. This includes at ' +
      'least 1. Implementing Security Groups to restrict traffic between Internet and VPC, 2. Implementing ' +
      'Security Groups to restrict traffic within the VPC, and 3. In all cases, allow only the most ' +
      'restrictive possible settings.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: true },
    },
  },
  {
    id: '1.17',
    pillar: 'security',
    title: 'S3 buckets within your account have appropriate levels of access',
    requirement:
      'You must ensure that the appropriate controls are in place to control access to each S3 bucket. ' +
      "When using AWS, it's best practice to restrict access to your resources to the people that " +
      'absolutely need it (the principle of least privilege).',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': {
        applies: false,
        note: 'unless partner solution running on AWS requires the S3 service',
      },
    },
  },
  {
    id: '1.18',
    pillar: 'security',
    title: 'S3 buckets have not been misconfigured to allow public access',
    requirement:
      'You must ensure that buckets that should not allow public access are properly configured to prevent ' +
      'public access. By default, all S3 buckets are private, and can only be accessed by users that have ' +
      "been explicitly granted access. Most use cases won't require broad-ranging public access to read " +
      "files from your S3 buckets, unless you're using S3 to host public assets (for example, to host " +
      "images for use on a public website), and it's best practice to never open access to the public.",
    severity: 'critical',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': {
        applies: false,
        note: 'unless partner solution running on AWS requires the S3 service',
      },
    },
  },
  {
    id: '1.19',
    pillar: 'security',
    title: 'A monitoring mechanism is in place to detect when S3 buckets or objects become public',
    requirement:
      'You must have monitoring or alerting in place to identify when S3 buckets become public. One option ' +
      'for this is to use Trusted Advisor. Trusted Advisor checks buckets in Amazon Simple Storage Service ' +
      '(Amazon S3) that have open access permissions. Bucket permissions that grant List access to ' +
      'everyone can result in higher than expected charges if objects in the bucket are listed by ' +
      'unintended users at a high frequency. Bucket permissions that grant Upload/Delete access to ' +
      'everyone create potential security vulnerabilities by allowing anyone to add, modify, or remove ' +
      'items in a bucket. The Trusted Advisor check examines explicit bucket permissions and associated ' +
      'bucket policies that might override the bucket permissions.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: true },
      'customer-deployed-on-aws': {
        applies: false,
        note: 'unless partner solution running on AWS requires the S3 service',
      },
    },
  },
  {
    id: '1.20',
    pillar: 'security',
    title: 'A monitoring mechanism is in place to detect changes in EC2 instances and Containers',
    requirement:
      'Any changes to your EC2 instances or Containers may indicate unauthorized activity, and must at a ' +
      'minimum be logged to a durable location to allow for future forensic investigation. The mechanism ' +
      'employed for this purpose must at least: 1. Detect any changes to the OS or application files in ' +
      'the EC2 instances or Containers used in the solution. 2 Store data recording these changes in a ' +
      'durable location, external to the EC2 instance or Container. Examples of suitable mechanisms ' +
      'include: a. Deployment of file integrity checking via scheduled configuration management (e.g. ' +
      'Chef, Puppet, etc.) or a specialized tool (e.g. OSSEC, Tripwire or similar), or b. Extending ' +
      'configuration management tooling to validate EC2 host configuration, and alert on updates to key ' +
      "configuration files or packages with 'canary' (logged no-op) events configured to ensure the " +
      'service remains operational on all in-scope hosts during runtime, or c. Deploying a Host Intrusion ' +
      'Detection System such as an open source solution like OSSEC with ElasticSearch and Kibana or using ' +
      'a partner solution. Note that the following mechanism does not meet this requirement: a. Frequently ' +
      'cycling EC2 instances or Containers.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '1.21',
    pillar: 'security',
    title: 'All data is classified',
    requirement:
      'All customer data processed and stored in the workload is considered and classified to determine ' +
      'its sensitivity and the appropriate methods to use when handling it.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '1.22',
    pillar: 'security',
    title: 'All sensitive data is encrypted',
    requirement: 'All customer data classified as sensitive is encrypted in transit and at rest.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '1.23',
    pillar: 'security',
    title: 'Cryptographic keys are managed securely',
    requirement:
      'All cryptographic keys are encrypted at rest and in transit, and access to use the keys is ' +
      'controlled using an AWS solution such as KMS or a partner solution such as HashiCorp Vault.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: true },
      'customer-deployed-on-aws': { applies: true },
    },
  },
  {
    id: '1.24',
    pillar: 'security',
    title: 'All data in transit is encrypted',
    requirement: 'All data in transit across a VPC boundary is encrypted.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: true },
      'customer-deployed-on-aws': { applies: true },
    },
  },
  {
    id: '1.25',
    pillar: 'security',
    title: 'Security incident response process is defined and rehearsed',
    requirement:
      'A security incident response process must be defined for handling incidents such as AWS account ' +
      'compromises. This process must be tested by implementing procedures to rehearse the incident ' +
      'response process, e.g. by completing a security game day exercise. A rehearsal must have been held ' +
      'within the last 12 months to confirm that: a. The appropriate people have access to the ' +
      'environment. b. The appropriate tools are available. c. The appropriate people know what to do to ' +
      'respond to the various security incidents outlined in the plan.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
    freshnessMonths: 12,
  },
  {
    id: '2.1',
    pillar: 'reliability',
    title: 'Network connectivity is highly available',
    requirement:
      'Network connectivity to the solution must be highly available. If using VPN or Direct Connect to ' +
      'connect to customer networks, the solution must support redundant connections, even if the ' +
      'customers do not always implement this.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: true },
      'customer-deployed-on-aws': { applies: true },
    },
  },
  {
    id: '2.2',
    pillar: 'reliability',
    title: 'Infrastructure scaling mechanisms align with business requirements',
    requirement:
      'Infrastructure scaling mechanisms must align with business requirements, either by: 1. Implementing ' +
      'auto-scaling mechanisms at each layer of the architecture, by 2. Confirming that current business ' +
      'requirements, including cost requirements and anticipated user growth, do not require auto-scaling ' +
      'mechanisms AND manual scaling procedures are fully documented and frequently tested.',
    severity: 'low',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: true },
    },
  },
  {
    id: '2.3',
    pillar: 'reliability',
    title: 'AWS and Application logs are managed centrally',
    requirement:
      'All log information from the application, and from the AWS infrastructure, should be consolidated ' +
      'into a single system.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '2.4',
    pillar: 'reliability',
    title: 'AWS and Application monitoring and alarms are managed centrally',
    requirement:
      'The application and the AWS infrastructure must be monitored centrally, with alarms generated and ' +
      'sent to the appropriate operations staff.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '2.5',
    pillar: 'reliability',
    title: 'Infrastructure provisioning and management is automated',
    requirement:
      'The solution must use an automated tool such as CloudFormation or Terraform to provision and manage ' +
      'the AWS infrastructure. The AWS Console must not be used to make routine changes to the production ' +
      'AWS infrastructure.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '2.6',
    pillar: 'reliability',
    title: 'Regular data backups are being performed',
    requirement:
      'You must perform regular backups to a durable storage service. Backups ensure that you have the ' +
      'ability to recover from administrative, logical, or physical error scenarios. Amazon S3 and Amazon ' +
      'Glacier are ideal services for backup and archival. Both are durable, low-cost storage platforms. ' +
      'Both offer unlimited capacity and require no volume or media management as backup data sets grow. ' +
      'The pay-for-what-you-use model and low cost per GB/month make these services a good fit for data ' +
      'protection use cases.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '2.7',
    pillar: 'reliability',
    title:
      'Recovery mechanisms are being tested on a regular schedule and after significant architectural ' +
      'changes',
    requirement:
      'You must test recovery mechanisms and procedures, both on a periodic basis and after making ' +
      'significant changes to your cloud environment. AWS provides substantial resources to help you ' +
      'manage backup and restore of your data.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '2.8',
    pillar: 'reliability',
    title: 'Solution is resilient to availability zone disruption',
    requirement:
      'The solution must continue to operate in the case where all of the services within a single ' +
      'availability zone have been disrupted.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: true },
    },
  },
  {
    id: '2.9',
    pillar: 'reliability',
    title: 'Resiliency of the solution has been tested',
    requirement:
      'The resiliency of the infrastructure to disruption of a single availability zone has been tested in ' +
      'production, e.g. through a game day exercise, within the last 12 months.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: true },
    },
    freshnessMonths: 12,
  },
  {
    id: '2.10',
    pillar: 'reliability',
    title: 'Disaster Recovery (DR) plan has been defined',
    requirement:
      'A well-defined Disaster Recovery plan includes a Recovery Point Objective (RPO) and a Recovery Time ' +
      'Objective (RTO). You must define an RPO and an RTO for all in-scope services, and the RPO and RTO ' +
      'must align with the SLA you offer to your customers',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '2.11',
    pillar: 'reliability',
    title: 'Recovery Time Objective (RTO) is less than 24 hours',
    requirement: 'The baseline requirement is for the RTO to be less than 24 hours for core services.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '2.12',
    pillar: 'reliability',
    title: 'Disaster Recovery (DR) plan is adequately tested',
    requirement:
      'Your DR plan must be tested against your Recovery Point Objective (RPO) and Recovery Time Objective ' +
      '(RTO), both periodically and after major updates. At least one DR test must be completed prior to ' +
      'approval of your AWS APN Advanced Tier application.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '2.13',
    pillar: 'reliability',
    title: 'Disaster Recovery (DR) plan includes recovery to another AWS account',
    requirement:
      'Your DR plan must include a strategy for recovering to another AWS account, and your periodic ' +
      'recovery testing must test this scenario. You must have completed at least one full test of the DR ' +
      'plan, including at least recovery to another AWS account, within the last 12 months. Note: Although ' +
      'processes restoring data into test environments or exporting data for users are useful ways to ' +
      'verify backups, these processes do not fulfill the requirement to perform a full restore test to ' +
      'another AWS account.',
    severity: 'high',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
    freshnessMonths: 12,
  },
  {
    id: '3.1',
    pillar: 'operational-excellence',
    title: 'Deployment of code changes is automated',
    requirement:
      'The solution must use an automated method of deploying code to the AWS infrastructure. Interactive ' +
      'SSH or RDP sessions must not be used to deploy updates in the AWS infrastructure.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '3.2',
    pillar: 'operational-excellence',
    title: 'Runbooks and escalation process are defined',
    requirement:
      'Runbooks must be developed to define the standard procedures used in response to different ' +
      'application and AWS events. An escalation process must be defined to deal with alerts and alarms ' +
      'generated by the system, and to respond to customer-reported incidents. The escalation process must ' +
      'also include escalating to AWS Support where appropriate.',
    severity: 'medium',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
  {
    id: '3.3',
    pillar: 'operational-excellence',
    title: 'AWS Business Support is enabled for the AWS Account',
    requirement:
      'Business Support must be enabled. Business Support (or greater) is an AWS Partner Network ' +
      'requirement for Advanced Tier Technology Partners. To qualify for Advanced Tier, you must enable ' +
      'Business Support on at least one of your AWS accounts.',
    severity: 'low',
    appliesTo: {
      'multi-tenant-saas': { applies: true },
      'single-tenant-saas': { applies: true },
      'customer-deployed-on-premises': { applies: false },
      'customer-deployed-on-aws': { applies: false },
    },
  },
];

const byId = new Map(CHECKLIST.map((item) => [item.id, item]));

export function checklistItem(id: string): ChecklistItem | undefined {
  return byId.get(id);
}

/** Compare checklist ids numerically: 1.2 < 1.10 < 2.1. */
export function compareIds(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}
