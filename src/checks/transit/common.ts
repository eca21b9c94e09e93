// What the transit looks share (and the data protection checks with them): how to judge plaintext behind an
// internal load balancer, how one failed look becomes an error finding without hiding the others, or a
// value a verdict can do without, and which TLS versions count as deprecated.
import { AwsDataError } from '../../errors.js';
import type { Finding } from '../../model.js';
import { findingFromError, manual, notMet } from '../define-check.js';

export interface TransitOptions {
  /**
   * Plain HTTP served by an internal load balancer. 1.24 asks about traffic that crosses a VPC boundary,
   * which an internal listener may or may not carry (peered VPCs, Transit Gateway, VPN, Direct Connect):
   * 'manual', people confirm. 1.22 asks that sensitive data be encrypted in transit anywhere: 'not-met'.
   */
  internalPlaintext: 'manual' | 'not-met';
}

/**
 * SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1 (RFC 8996 deprecates TLS 1.0 and 1.1), as ELB names them (SSL 2.0
 * only in old Classic custom policies, attribute Protocol-SSLv2).
 */
export const DEPRECATED_PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'];

/** Run one look; an AWS failure becomes an error finding for `resource` and the other looks go on. */
export async function guard(resource: string, look: () => Promise<Finding[]>): Promise<Finding[]> {
  try {
    return await look();
  } catch (err) {
    return [findingFromError(err, resource)];
  }
}

/** The value of a look, or its classified AWS failure, for a verdict that may stand without it. */
export type Attempt<T> = { value: T } | { failed: AwsDataError };

/** Run one look and keep its AWS failure as a value; anything else is a bug and is thrown. */
export async function attempt<T>(look: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { value: await look() };
  } catch (err) {
    if (err instanceof AwsDataError) return { failed: err };
    throw err;
  }
}

/** Plain text to or from a load balancer: not met when it faces the internet, else as the options say. */
export function plaintext(opts: TransitOptions, internal: boolean, resource: string, message: string, evidence: Record<string, unknown>): Finding {
  if (!internal) return notMet(resource, message, evidence);
  switch (opts.internalPlaintext) {
    case 'not-met':
      return notMet(resource, message, evidence);
    case 'manual':
      return manual(
        resource,
        `${message} The load balancer is internal: confirm that none of its clients sits across a VPC boundary ` +
          '(peered VPC, Transit Gateway, VPN, Direct Connect), or serve HTTPS.',
        evidence,
      );
  }
}
