// The registry: every check, in checklist order. Explicit imports, no globbing, no side effects.
// A registry test holds it true: ids unique, sorted, each a checklist item, each with a test file.
import type { Check } from './define-check.js';
import rootAccountNotUsed from './security/root-account-not-used.js';
import rootAccountMfa from './security/root-account-mfa.js';
import iamUsersForRoutineWork from './security/iam-users-for-routine-work.js';
import mfaForConsoleUsers from './security/mfa-for-console-users.js';
import credentialsRotated from './security/credentials-rotated.js';
import strongPasswordPolicy from './security/strong-password-policy.js';
import noSharedCredentials from './security/no-shared-credentials.js';
import leastPrivilegePolicies from './security/least-privilege-policies.js';
import noHardcodedCredentials from './security/no-hardcoded-credentials.js';
import credentialsEncryptedAtRest from './security/credentials-encrypted-at-rest.js';
import accessKeysInteractiveOnly from './security/access-keys-interactive-only.js';
import cloudtrailAllRegions from './security/cloudtrail-all-regions.js';
import cloudtrailBucketOtherAccount from './security/cloudtrail-bucket-other-account.js';
import cloudtrailBucketVersioning from './security/cloudtrail-bucket-versioning.js';
import securityGroupsTightlyScoped from './security/security-groups-tightly-scoped.js';
import s3AccessAppropriate from './security/s3-access-appropriate.js';
import s3NotPublic from './security/s3-not-public.js';
import s3PublicMonitoring from './security/s3-public-monitoring.js';
import ec2ContainerChangeDetection from './security/ec2-container-change-detection.js';
import dataClassified from './security/data-classified.js';
import sensitiveDataEncrypted from './security/sensitive-data-encrypted.js';
import kmsKeysManagedSecurely from './security/kms-keys-managed-securely.js';
import dataInTransitEncrypted from './security/data-in-transit-encrypted.js';
import incidentResponseRehearsed from './security/incident-response-rehearsed.js';
import networkHighlyAvailable from './reliability/network-highly-available.js';
import scalingMechanisms from './reliability/scaling-mechanisms.js';
import centralLogging from './reliability/central-logging.js';
import centralMonitoringAlarms from './reliability/central-monitoring-alarms.js';
import infrastructureAsCode from './reliability/infrastructure-as-code.js';
import azResilience from './reliability/az-resilience.js';
import regularBackups from './reliability/regular-backups.js';
import recoveryTested from './reliability/recovery-tested.js';
import resiliencyTested from './reliability/resiliency-tested.js';
import drPlanDefined from './reliability/dr-plan-defined.js';
import rtoUnder24Hours from './reliability/rto-under-24-hours.js';
import drPlanTested from './reliability/dr-plan-tested.js';
import drToAnotherAccount from './reliability/dr-to-another-account.js';
import automatedDeployment from './operations/automated-deployment.js';
import runbooksAndEscalation from './operations/runbooks-and-escalation.js';
import businessSupportEnabled from './operations/business-support-enabled.js';

export const CHECKS: readonly Check[] = [
  rootAccountNotUsed, // 1.1
  rootAccountMfa, // 1.2
  iamUsersForRoutineWork, // 1.3
  mfaForConsoleUsers, // 1.4
  credentialsRotated, // 1.5
  strongPasswordPolicy, // 1.7
  noSharedCredentials, // 1.8
  leastPrivilegePolicies, // 1.9
  noHardcodedCredentials, // 1.10
  credentialsEncryptedAtRest, // 1.11
  accessKeysInteractiveOnly, // 1.12
  cloudtrailAllRegions, // 1.13
  cloudtrailBucketOtherAccount, // 1.14
  cloudtrailBucketVersioning, // 1.15
  securityGroupsTightlyScoped, // 1.16
  s3AccessAppropriate, // 1.17
  s3NotPublic, // 1.18
  s3PublicMonitoring, // 1.19
  ec2ContainerChangeDetection, // 1.20
  dataClassified, // 1.21
  sensitiveDataEncrypted, // 1.22
  kmsKeysManagedSecurely, // 1.23
  dataInTransitEncrypted, // 1.24
  incidentResponseRehearsed, // 1.25
  networkHighlyAvailable, // 2.1
  scalingMechanisms, // 2.2
  centralLogging, // 2.3
  centralMonitoringAlarms, // 2.4
  infrastructureAsCode, // 2.5
  regularBackups, // 2.6
  recoveryTested, // 2.7
  azResilience, // 2.8
  resiliencyTested, // 2.9
  drPlanDefined, // 2.10
  rtoUnder24Hours, // 2.11
  drPlanTested, // 2.12
  drToAnotherAccount, // 2.13
  automatedDeployment, // 3.1
  runbooksAndEscalation, // 3.2
  businessSupportEnabled, // 3.3
];
