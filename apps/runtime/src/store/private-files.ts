import { chmodSync, lstatSync, mkdirSync, readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';

/**
 * The data folder holds orders, stream tokens, signing keys and drafts: only the runtime's
 * user may read it. Whatever existed before (a folder made by hand with 0755, database files
 * written 0666), folders become 0700 and files 0600 (0700 if executable, as scripts of node
 * packages under `nodes/` are). Symlinks are left alone, never followed.
 *
 * Synchronous on purpose: it runs at start and once when the orders database opens (whose
 * own open blocks for far longer). Done with async calls, each of its thousand-odd stat and
 * chmod calls waited behind the frame pipeline's sharp jobs in libuv's four threads, and
 * the walk took minutes on a busy runtime.
 */
export function makePrivate(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // An explicit stack: a deep tree must not grow the call stack.
  const pending = [dir];
  while (pending.length) {
    const current = pending.pop()!;
    chmodIfNeeded(current, 0o700);
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    for (const e of entries) {
      const full = path.join(current, e.name);
      if (e.isDirectory()) pending.push(full);
      else if (e.isFile()) chmodIfNeeded(full, 0o600, true);
    }
  }
}

/** `keepExecutable`: a file someone could execute (a node package's script or addon) stays executable, by its owner only. */
function chmodIfNeeded(file: string, mode: number, keepExecutable = false): void {
  try {
    const stat = lstatSync(file);
    const wanted = keepExecutable && stat.mode & 0o111 ? mode | 0o100 : mode;
    if ((stat.mode & 0o777) !== wanted) chmodSync(file, wanted);
  } catch (err) {
    // Removed while walking (a temp file renamed into place): nothing left to protect.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
