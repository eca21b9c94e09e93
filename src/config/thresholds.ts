// Thresholds the checks decide with. Every default is documented in docs/thresholds.md; a config file
// (later) or flags may override them, and the report records the values a scan used.

export interface Thresholds {
  /** 1.1: root credentials used within this many days → not met. */
  rootRecentUseDays: number;
  /** 1.5: an active access key older than this (days since created/rotated) → not met. */
  accessKeyMaxAgeDays: number;
  /** 1.5: an active key or console password unused for this long → not met (remove it). */
  unusedCredentialDays: number;
  /** 1.12: keys of non-interactive (no console password) users must be rotated at least this often. */
  serviceKeyMaxAgeDays: number;
  /** 1.7: password policy minimums. */
  passwordPolicy: {
    minimumLength: number;
    requireSymbols: boolean;
    requireNumbers: boolean;
    requireUppercase: boolean;
    requireLowercase: boolean;
    /** Passwords must expire within this many days (1.5 asks that passwords be rotated). */
    maxAgeDays: number;
    /** At least this many previous passwords may not be reused. */
    reusePrevention: number;
  };
  /** 1.16: ports that may be open to the internet (0.0.0.0/0, ::/0). */
  publicPorts: number[];
  /** 1.17/1.18: buckets meant to be public (names). */
  publicBuckets: string[];
  /** 2.6: a data store counts as backed up by AWS Backup when its latest backup is at most this old. */
  backupMaxAgeDays: number;
  /** 2.5: how far back CloudTrail is read for infrastructure changes made from the console. */
  consoleChangeLookbackDays: number;
  /** 3.1: pipeline runs or deployments within this many days count as automated deployment in use. */
  deploymentActivityDays: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  rootRecentUseDays: 90,
  accessKeyMaxAgeDays: 90,
  unusedCredentialDays: 90,
  serviceKeyMaxAgeDays: 7,
  passwordPolicy: {
    minimumLength: 14,
    requireSymbols: true,
    requireNumbers: true,
    requireUppercase: true,
    requireLowercase: true,
    maxAgeDays: 90,
    reusePrevention: 24,
  },
  publicPorts: [80, 443],
  publicBuckets: [],
  backupMaxAgeDays: 7,
  consoleChangeLookbackDays: 7,
  deploymentActivityDays: 90,
};
