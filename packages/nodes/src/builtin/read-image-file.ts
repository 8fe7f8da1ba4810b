import { constants, promises as fs } from 'node:fs';
import { ShowflowError } from '@showflow/shared';

/** Larger than any still a show uses (a 50 MP PNG is about 100 MB); bounds what one read holds. */
export const MAX_IMAGE_FILE_BYTES = 128 * 1024 * 1024;

/**
 * Reads an image file's bytes, refusing anything but a regular file. A FIFO, socket or
 * device named `*.jpg` would block a libuv I/O thread forever on read (four such reads stop
 * all file I/O of the process), so the type is checked before opening, and again on the
 * open handle (opened non-blocking) in case the path was swapped in between.
 */
export async function readImageFile(file: string): Promise<Buffer> {
  const before = await fs.stat(file);
  if (!before.isFile()) throw notRegular(file, before);
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw notRegular(file, stat);
    if (stat.size > MAX_IMAGE_FILE_BYTES) {
      throw new ShowflowError('SF144', `${file} is ${stat.size} bytes; image files are read up to ${MAX_IMAGE_FILE_BYTES} bytes`);
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function notRegular(file: string, stat: import('node:fs').Stats): ShowflowError {
  const kind = stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : stat.isDirectory() ? 'a folder' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'not a regular file';
  return new ShowflowError('SF147', `${file} is ${kind}; only regular files are read`);
}
