import { yuvFrame } from '@showflow/nodes/pixels';
import type { AudioBlock, Frame, FrameAllocator } from '@showflow/nodes/sdk';
import type { InputPicture } from '../encoder/encoder-settings.ts';
import { ProgramOutError } from '../errors.ts';

/** Where an output node's sound and pictures go: the program encoder or a restream's own. */
export interface AvInput {
  /** `captureTs` keeps sound with its picture where the encoder pairs them. */
  writeFrame(i420: Buffer, picture: InputPicture, captureTs?: number): Promise<void>;
  writeAudio(samples: Float32Array, channels: 1 | 2, captureTs?: number): void;
}

export interface OutputRunContext {
  trigger?: string;
  inputs: { frame?: Frame; audio?: AudioBlock };
  frames: FrameAllocator;
}

/**
 * One run of an output node (program out, RTMP, SRT, WHIP): its sound block or its picture
 * into `output`. Resolves true when a picture went in, the moment to report status.
 */
export async function feedOutput(ctx: OutputRunContext, output: AvInput, name: string): Promise<boolean> {
  if (ctx.trigger === 'audio') {
    const block = ctx.inputs.audio;
    if (!block) return false;
    if (block.sampleRate !== 48_000) throw new ProgramOutError('SF641', `audio block ${block.id} is ${block.sampleRate} Hz; ${name} takes 48 kHz`);
    output.writeAudio(block.samples, block.channels, block.captureTs);
    return false;
  }
  const frame = ctx.inputs.frame;
  if (!frame) return false;
  const i420 = await yuvFrame(ctx.frames, frame);
  // The frame's buffer goes back to the pool when this run settles; ffmpeg may still be
  // reading it then, so the encoder gets its own copy.
  await output.writeFrame(Buffer.from(i420.data), { width: i420.width, height: i420.height }, frame.captureTs);
  return true;
}
