// Files the CLI writes (--output, --record, generated docs): atomically, so a reader never sees half a
// report and a failed write never leaves a truncated file behind: write a temp file next to the target,
// then rename it over the target (rename is atomic within one file system). Failures become one clear
// UserError line (exit 2).
import { randomBytes } from 'node:crypto';
import { accessSync, constants, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EXIT, UserError } from './errors.js';

export function writeFileAtomic(path: string, content: string): void {
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, content, { flag: 'wx' });
    renameSync(tmp, target);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file was never created
    }
    throw cannotWrite(path, err);
  }
}

/**
 * Fail before a long scan rather than after it: the directory must exist and be writable, and the
 * path must not be a directory. (The write itself can still fail later; writeFileAtomic reports it.)
 */
export function assertWritable(path: string): void {
  const target = resolve(path);
  try {
    if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
    const dir = dirname(target);
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw cannotWrite(path, err);
  }
}

function cannotWrite(path: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why: Record<string, string> = {
    ENOENT: `directory ${dirname(path)} does not exist`,
    ENOTDIR: `${dirname(path)} is not a directory`,
    EISDIR: 'it is a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
    EEXIST: 'a temporary file of the same name exists',
  };
  const reason = (code && why[code]) ?? (err as Error)?.message ?? String(err);
  return new UserError(`cannot write ${path}: ${reason}`, EXIT.usage);
}
