import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';

/** Parsed JSON of a file, or undefined when there is no such file. */
export async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Writes and flushes a private temporary file next to `target`; returns its path. */
export async function writeTemp(target: string, text: string): Promise<string> {
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

/** Temp file + rename: readers see the old file or the new one, never a torn write. */
export async function writeAtomic(target: string, text: string): Promise<void> {
  const tmp = await writeTemp(target, text);
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Puts a new file at `target` only if nothing is there: true when written, false when the
 * name was taken (link() fails on an existing name, where rename() would replace it).
 */
export async function writeOnce(target: string, text: string): Promise<boolean> {
  const tmp = await writeTemp(target, text);
  try {
    await fs.link(tmp, target);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
