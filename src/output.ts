// Files the CLI writes (--output, --record, init, generated docs). The rule: writing never destroys
// anything the user did not ask to replace.
// - A regular file (new or existing) is written atomically: a temp file next to the target, renamed
//   over it (rename is atomic within one file system), so a reader never sees half a report and a
//   failed write leaves the old file as it was. A replaced file keeps its mode (and owner, where the
//   user may chown). Missing directories are created.
// - A symlink is followed: the link stays a link and its final target is written as above (a dangling link
//   into a directory that does not exist is refused, not built).
// - A device, FIFO or file-descriptor link (/dev/null, /dev/stdout, /dev/fd/3, a named pipe) is written
//   INTO, never replaced: as root (the default in CI containers) replacing /dev/null with a regular
//   file would break the machine.
// - A read-only file is refused. The check reads the mode bits instead of relying on EACCES, because
//   root bypasses permission bits: for root, a file with no write bit at all is read-only.
// Failures become one clear UserError line (exit 2).
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { EXIT, UserError } from './errors.js';

/** What a path leads to once its symlinks are followed. `path` is the final (link-free) path. */
type Target =
  /** `linked`: reached through a symlink (a dangling link: its target's directories are not made). */
  | { kind: 'absent'; path: string; linked?: boolean }
  | { kind: 'regular'; path: string; stat: Stats }
  /** Written into: a device, a FIFO, or another process's /proc/…/fd link (whatever it points at, even a file). */
  | { kind: 'stream'; path: string }
  /** One of this process's own descriptors (/dev/stdout, /dev/fd/3, /proc/self/fd/1): written to directly. */
  | { kind: 'descriptor'; path: string; fd: number };

/** The kernel's file-descriptor links: their readlink text ("pipe:[123]") is not a path, so never follow it. */
const FD_LINK = /^\/(?:proc\/([^/]+)|dev)\/fd\/(\d+)$/;
const MAX_LINKS = 40; // as the kernel (ELOOP)

const failure = (code: string, message: string) => Object.assign(new Error(message), { code });

function resolveTarget(path: string): Target {
  let p = resolve(path);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const link = lstatIfAny(p);
    if (!link) return { kind: 'absent', path: p, ...(hops > 0 ? { linked: true } : {}) };
    if (link.isSymbolicLink()) {
      const fdLink = FD_LINK.exec(p);
      if (fdLink) {
        // /dev/stdout → /proc/self/fd/1: write into what the descriptor is open on (a pipe, a socket, a tty,
        // or a file the shell opened with > or >>), never replace it. Our own descriptors are written to
        // directly: reopening one by its path fails for sockets (ENXIO), which is what a parent's pipe often is.
        const st = statSync(p);
        if (st.isDirectory()) throw failure('EISDIR', 'it is a directory');
        const [, pid, fd] = fdLink;
        const own = pid === undefined || pid === 'self' || pid === 'thread-self' || pid === String(process.pid);
        return own ? { kind: 'descriptor', path: p, fd: Number(fd) } : { kind: 'stream', path: p };
      }
      p = resolve(dirname(p), readlinkSync(p));
      continue;
    }
    if (link.isDirectory()) throw failure('EISDIR', 'it is a directory');
    if (link.isFile()) return { kind: 'regular', path: p, stat: link };
    if (link.isSocket()) throw failure('ESOCK', 'it is a socket');
    return { kind: 'stream', path: p }; // character or block device, FIFO
  }
  throw failure('ELOOP', 'too many levels of symbolic links');
}

/** Read-only by its mode bits, for the current user. Root may write anything, so for root: no write bit at all. */
function isReadOnly(st: Stats): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return (st.mode & 0o200) === 0; // Windows: the owner bit is the read-only attribute
  if (uid === 0) return (st.mode & 0o222) === 0;
  if (st.uid === uid) return (st.mode & 0o200) === 0;
  const groups = [process.getgid?.(), ...(process.getgroups?.() ?? [])];
  if (groups.includes(st.gid)) return (st.mode & 0o020) === 0;
  return (st.mode & 0o002) === 0;
}

export function writeFileAtomic(path: string, content: string): void {
  try {
    const target = resolveTarget(path);
    if (target.kind === 'descriptor') return writeToDescriptor(target.fd, content);
    if (target.kind === 'stream') return writeInto(target.path, content);
    if (target.kind === 'regular' && isReadOnly(target.stat)) throw failure('EREADONLY', 'the file is read-only');
    if (target.kind === 'absent' && target.linked && !lstatIfAny(dirname(target.path))) {
      // Someone made the link point there: writing through it is asked, building the place it names is not.
      throw failure('ENOENT', `it is a symbolic link to ${target.path}, whose directory does not exist`);
    }
    if (target.kind === 'absent') makeDirectories(dirname(target.path));
    replace(target.path, content, target.kind === 'regular' ? target.stat : undefined);
  } catch (err) {
    throw cannotWrite(path, err);
  }
}

/** Append-mode, no create, no truncate: whatever is behind the device or descriptor keeps what it had. */
function writeInto(path: string, content: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOCTTY);
  try {
    writeFileSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

/** All of it, also when the descriptor is non-blocking (a full pipe or socket answers EAGAIN: wait, go on). */
function writeToDescriptor(fd: number, content: string): void {
  const bytes = Buffer.from(content);
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/** This process's stdout (1) or stderr (2) when `path` names it (/dev/stdout, /dev/fd/2, …): the CLI then writes through its streams. */
export function standardStreamOf(path: string): 1 | 2 | undefined {
  try {
    const target = resolveTarget(path);
    return target.kind === 'descriptor' && (target.fd === 1 || target.fd === 2) ? target.fd : undefined;
  } catch {
    return undefined;
  }
}

function replace(path: string, content: string, old: Stats | undefined): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o666);
    writeFileSync(fd, content);
    if (old) {
      try {
        fchownSync(fd, old.uid, old.gid);
      } catch {
        // only root (or the owner, to one of its groups) may chown: the file then belongs to the writer
      }
      fchmodSync(fd, old.mode & 0o7777); // after chown, which clears set-id bits
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file was never created
    }
    throw err;
  }
}

function makeDirectories(dir: string): void {
  const existing = nearestExisting(dir);
  if (!statSync(existing).isDirectory()) throw failure('ENOTDIR', `${existing} is not a directory`);
  mkdirSync(dir, { recursive: true });
}

/** lstat, or undefined when nothing is there (also when an ancestor is a file: the callers say which). */
function lstatIfAny(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** The path itself or its closest ancestor that exists. */
function nearestExisting(path: string): string {
  let p = path;
  while (!lstatIfAny(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/**
 * Fail before a long scan rather than after it: the same decisions writeFileAtomic will make (a
 * directory, a read-only file, a path under a file), and the directory the file lands in (or its
 * nearest existing ancestor, when directories are still to be created) must be writable. Creates
 * nothing. (The write itself can still fail later; writeFileAtomic reports it.)
 */
export function assertWritable(path: string): void {
  try {
    const target = resolveTarget(path);
    if (target.kind === 'stream' || target.kind === 'descriptor') return;
    if (target.kind === 'regular' && isReadOnly(target.stat)) throw failure('EREADONLY', 'the file is read-only');
    const dir = nearestExisting(dirname(target.path));
    if (!statSync(dir).isDirectory()) throw failure('ENOTDIR', `${dir} is not a directory`);
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw cannotWrite(path, err);
  }
}

/** True when `path` (after its symlinks) is an existing regular file: what `init` will not overwrite without --force. */
export function existingRegularFile(path: string): boolean {
  try {
    return resolveTarget(path).kind === 'regular';
  } catch {
    return false;
  }
}

// ── Never write what the run reads, nor one file twice ─────────────────────────────────────────────

export interface NamedPath {
  /** How the message names it: `--output`, `--record`, `the snapshot`, `the config file`, … */
  role: string;
  path: string;
}

/**
 * One line (exit 2) when a file the run writes is a file it reads (same inode, or the same final path
 * for files not yet created, symlinks followed), a file the next replay of a directory it reads (a
 * snapshot) would read, or another output of the same run. Character devices (/dev/null, a tty) are
 * exempt: writing several outputs there destroys nothing.
 */
export function assertNoClobber(writes: readonly NamedPath[], reads: readonly NamedPath[]): void {
  const seen: { named: NamedPath; id: string }[] = [];
  for (const w of writes) {
    const id = identity(w.path);
    if (id === undefined) continue;
    for (const r of reads) {
      // A directory read is a snapshot directory: a *.json file in it or in one of its (account)
      // subdirectories, or a new subdirectory, would be read by the next replay.
      const clash = isDirectory(r.path) ? snapshotDirectoryClash(w.path, id, r.path) : identity(r.path) === id ? 'same' : undefined;
      if (clash) {
        const where = `the ${r.role.replace(/^the /, '')} directory this run reads (${r.path})`;
        const what =
          clash === 'same'
            ? `is ${r.role} this run reads (${r.path})`
            : clash === 'json'
              ? `is inside ${where}, which replays every *.json file in it and in its account subdirectories`
              : `would add a subdirectory to ${where}, and a replay reads each of its subdirectories as one account's snapshot`;
        throw new UserError(`${w.role} ${w.path} ${what}`, EXIT.usage, 'write it somewhere else');
      }
    }
    const twin = seen.find((s) => s.id === id);
    if (twin) throw new UserError(`${twin.named.role} ${twin.named.path} and ${w.role} ${w.path} are the same file`, EXIT.usage, 'give each output its own path');
    seen.push({ named: w, id });
  }
}

/** Device and inode of what exists (symlinks followed), else the final path it would be created at. */
function identity(path: string): string | undefined {
  let st: Stats | undefined;
  try {
    st = statSync(resolve(path)); // as the writer resolves it (resolveTarget): `missing/../file` is `file`
  } catch {
    // absent (or under a file, or a dangling link): identified by where it would be created
  }
  if (st) return st.isCharacterDevice() ? undefined : `${st.dev}:${st.ino}`;
  try {
    const target = resolveTarget(path);
    const parent = nearestExisting(dirname(target.path));
    const pst = statSync(parent);
    return `${pst.dev}:${pst.ino}/${target.path.slice(parent.length)}`;
  } catch {
    return `path:${resolve(path)}`;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * How writing `path` would change what the next replay of the snapshot directory `dir` reads, if it would.
 * A replay (src/aws/estate-snapshot.ts) reads the *.json files of the directory, or, when it has
 * subdirectories (an estate), the *.json files of each subdirectory (and refuses *.json files beside
 * them); deeper files are never read. So: `json` for a *.json file at either depth (existing, to be
 * created there, or a file one of them links to), `subdirectory` for a file that would create a new
 * subdirectory of `dir` (one more account to the next replay). Symlinks followed.
 */
function snapshotDirectoryClash(path: string, id: string, dir: string): 'json' | 'subdirectory' | undefined {
  let subdirectories: string[];
  try {
    subdirectories = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name));
  } catch {
    return undefined; // not a directory after all: nothing in it is read
  }
  if ([dir, ...subdirectories].some((d) => jsonFiles(d).some((f) => identity(f) === id))) return 'json';
  let parts: string[];
  try {
    const rel = relative(realpathSync(dir), realPath(resolveTarget(path).path));
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
    parts = rel.split(sep);
  } catch {
    return undefined;
  }
  if (parts.length === 1) return parts[0].endsWith('.json') ? 'json' : undefined;
  const first = lstatIfAny(join(dir, parts[0]));
  if (!first) return 'subdirectory';
  if (!first.isDirectory()) return undefined; // a path under a file: assertWritable says why it cannot be written
  return parts[1].endsWith('.json') ? 'json' : undefined;
}

function jsonFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
  } catch {
    return []; // unreadable: a replay could not read it either
  }
}

/** The path with every symlink of its existing part resolved (what does not exist yet is kept as written). */
function realPath(path: string): string {
  const existing = nearestExisting(path);
  return realpathSync(existing) + path.slice(existing.length);
}

function cannotWrite(path: string, err: unknown): UserError {
  if (err instanceof UserError) return err;
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
    ELOOP: 'too many levels of symbolic links',
    ENXIO: 'nothing is reading from it',
  };
  // Our own failures carry their precise message (e.g. which ancestor is not a directory).
  const own = err instanceof Error && !(err as NodeJS.ErrnoException).syscall ? err.message : undefined;
  const reason = own ?? (code && why[code]) ?? (err as Error)?.message ?? String(err);
  return new UserError(`cannot write ${path}: ${reason}`, EXIT.usage);
}
