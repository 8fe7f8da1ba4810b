import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The data folder holds orders, stream tokens, signing keys and drafts: only the runtime's
 * user may read it. Whatever existed before (a folder made by hand with 0755, database files
 * written 0666), folders become 0700 and files 0600 (0700 if executable, as scripts of node
 * packages under `nodes/` are). Symlinks are left alone, never followed.
 */
export async function makePrivate(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // An explicit stack: a deep tree must not grow the call stack.
  const pending = [dir];
  while (pending.length) {
    const current = pending.pop()!;
    await chmodIfNeeded(current, 0o700);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(current, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    for (const e of entries) {
      const full = path.join(current, e.name);
      if (e.isDirectory()) pending.push(full);
      else if (e.isFile()) await chmodIfNeeded(full, 0o600, true);
    }
  }
}

/** `keepExecutable`: a file someone could execute (a node package's script or addon) stays executable, by its owner only. */
async function chmodIfNeeded(file: string, mode: number, keepExecutable = false): Promise<void> {
  try {
    const stat = await fs.lstat(file);
    const wanted = keepExecutable && stat.mode & 0o111 ? mode | 0o100 : mode;
    if ((stat.mode & 0o777) !== wanted) await fs.chmod(file, wanted);
  } catch (err) {
    // Removed while walking (a temp file renamed into place): nothing left to protect.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
