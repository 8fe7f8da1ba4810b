import sharp from 'sharp';
import { ShowflowError } from '@showflow/shared';
import type { Frame } from '@showflow/nodes/sdk';

/**
 * The runtime's only pixel codec calls: JPEG → raw RGB for `ctx.frames.raw` and raw →
 * JPEG for previews. Kept behind this module so the implementation can follow the
 * node package's codec without touching the pool.
 */
export async function decodeFrame(frame: Frame): Promise<Frame> {
  if (frame.encoding === 'raw') return frame;
  try {
    const out = await sharp(frame.data, { failOn: 'truncated' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const { width, height, channels } = out.info;
    if (channels !== 3) throw new Error(`decoded to ${channels} channels`);
    return { width, height, channels: 3, encoding: 'raw', data: out.data, seq: frame.seq, captureTs: frame.captureTs, id: frame.id };
  } catch (err) {
    throw new ShowflowError('SF202', `frame ${frame.id} could not be decoded: ${(err as Error).message}`);
  }
}

export async function encodeJpeg(frame: Frame, quality = 80): Promise<Buffer> {
  if (frame.encoding === 'jpeg') return frame.data;
  const { width, height, channels } = frame;
  if (frame.data.length !== width * height * channels) {
    throw new ShowflowError('SF202', `frame ${frame.id} has ${frame.data.length} bytes, ${width}×${height}×${channels} expected`);
  }
  let pipeline = sharp(frame.data, { raw: { width, height, channels } });
  if (channels === 4) pipeline = pipeline.removeAlpha();
  return pipeline.jpeg({ quality, mozjpeg: false, progressive: false, chromaSubsampling: '4:2:0' }).toBuffer();
}
