import { UserError } from '../../src/errors.js';

/** The UserError a call throws (fails the test when it does not throw one). */
export function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}
