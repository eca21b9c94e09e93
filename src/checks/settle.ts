// A check often makes several independent looks (VPN connections, NAT gateways, load balancers; or RDS
// instances, DynamoDB tables, EFS file systems). A failed call must not erase the verdicts that stand
// without it: a not-met NAT gateway stays not met when the VPN listing is denied. `look` runs one look
// and turns a classified AWS failure into one `error` finding for what that look covers (its resource,
// e.g. `arn:aws:ec2:us-east-1:123456789012:vpn-connection/*`); `settle` keeps a call's failure as a
// value for a check that decides what still stands without it. Anything that is not a classified AWS
// failure is a bug and is re-thrown for the engine to report.
import { AwsDataError } from '../errors.js';
import type { Finding } from '../model.js';
import { findingFromError } from './define-check.js';

/** The findings of one look, or one `error` finding for `resource` when its calls failed. */
export async function look(resource: string, run: () => Promise<Finding[]>): Promise<Finding[]> {
  try {
    return await run();
  } catch (err) {
    return [findingFromError(err, resource)];
  }
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: AwsDataError };

/** A call's answer, or its classified AWS failure as a value. */
export async function settle<T>(call: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await call };
  } catch (err) {
    if (err instanceof AwsDataError) return { ok: false, error: err };
    throw err;
  }
}
