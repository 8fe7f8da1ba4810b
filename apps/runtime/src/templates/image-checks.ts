import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { problem, type JsonPath, type Problem } from '@showflow/shared';

/** Brand images and product shots; a larger value is refused at import (SF144). */
export const MAX_TEMPLATE_IMAGE_BYTES = 8 * 1024 * 1024;

type ImageKind = 'png' | 'jpeg' | 'webp';

/** What the first bytes say the file is: PNG, JPEG, WebP, or none of them. */
export function imageKindOf(head: Uint8Array): ImageKind | undefined {
  if (head.length >= 8 && head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47 && head[4] === 0x0d && head[5] === 0x0a && head[6] === 0x1a && head[7] === 0x0a) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 12 && String.fromCharCode(...head.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...head.subarray(8, 12)) === 'WEBP') return 'webp';
  return undefined;
}

/** A data URL's bytes must be the image type it claims, within the byte limit. */
export function checkDataImage(bytes: Buffer, claimed: ImageKind, at: JsonPath): Problem | undefined {
  if (bytes.length > MAX_TEMPLATE_IMAGE_BYTES) {
    return problem('SF144', `the image is ${bytes.length} bytes; at most ${MAX_TEMPLATE_IMAGE_BYTES} are imported`, at);
  }
  const kind = imageKindOf(bytes);
  if (kind !== claimed) return problem('SF144', `the data URL says image/${claimed} but its bytes are ${kind ? `a ${kind} image` : 'not a PNG, JPEG or WebP image'}`, at);
  return undefined;
}

/**
 * An image file a template refers to must be a regular file (never a FIFO or device: opening
 * one for read can block), within the byte limit, and start like a PNG, JPEG or WebP. Runs
 * at import, synchronously, reading at most 12 bytes.
 */
export function checkImageFile(file: string, at: JsonPath): Problem | undefined {
  let fd: number | undefined;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return problem('SF147', `${file} is not a regular file`, at);
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const opened = fstatSync(fd);
    if (!opened.isFile()) return problem('SF147', `${file} is not a regular file`, at);
    if (opened.size > MAX_TEMPLATE_IMAGE_BYTES) return problem('SF144', `${file} is ${opened.size} bytes; at most ${MAX_TEMPLATE_IMAGE_BYTES} are imported`, at);
    const head = Buffer.alloc(12);
    const read = readSync(fd, head, 0, 12, 0);
    if (!imageKindOf(head.subarray(0, read))) return problem('SF144', `${file} is not a PNG, JPEG or WebP image`, at);
    return undefined;
  } catch (err) {
    return problem('SF144', `${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, at);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
