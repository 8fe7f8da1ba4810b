import sharp from 'sharp';
import { GenerativeError } from './errors.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * Providers may answer with JPEG or WebP; everything downstream (hashes, serving, compose)
 * expects PNG, so other formats are converted and undecodable bytes are a malformed answer.
 */
export async function toPng(bytes: Buffer, provider: string): Promise<{ bytes: Buffer; width: number; height: number }> {
  const size = pngSize(bytes);
  if (size) return { bytes, ...size };
  try {
    const { data, info } = await sharp(bytes).png().toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  } catch (cause) {
    throw new GenerativeError('SF505', `${provider} returned image bytes that are not a decodable image`, {}, { cause });
  }
}
