import type { NodeServices } from '@showflow/nodes/sdk';
import { yuvFrame } from '@showflow/nodes/pixels';
import type { AudioBlock, Frame, FrameAllocator } from '@showflow/nodes/sdk';
import { ProgramOutError } from '../errors.ts';
import { RESTREAM_KEYS_SERVICE, RestreamKeys } from '../restream/restream-keys.ts';
import type { InputPicture } from '../encoder/encoder-settings.ts';
import type { RestreamStatus } from '../restream/restream-output.ts';

/** Where a restream node's picture and sound go: its own encode to one destination (RTMP, SRT, WHIP). */
export interface RestreamSink {
  /** `captureTs` keeps sound with its picture where the encoder pairs them (WHIP); others ignore it. */
  writeFrame(i420: Buffer, picture: InputPicture, captureTs?: number): Promise<void>;
  writeAudio(samples: Float32Array, channels: 1 | 2, captureTs?: number): void;
  status(): RestreamStatus;
  close(): Promise<void>;
}

/** What every restream node (RTMP, SRT, WHIP) keeps between runs. */
export interface RestreamNodeState {
  output: RestreamSink;
  statusAt: number;
}

export function restreamKeys(services: NodeServices): RestreamKeys {
  const keys = services.get(RESTREAM_KEYS_SERVICE);
  if (!(keys instanceof RestreamKeys)) throw new Error(`this runtime provides no "${RESTREAM_KEYS_SERVICE}" service: restreaming needs the program-out module`);
  return keys;
}

interface RestreamRunContext {
  trigger?: string;
  inputs: { frame?: Frame; audio?: AudioBlock };
  frames: FrameAllocator;
  state: RestreamNodeState;
  now(): number;
  setStatus(level: 'ok' | 'warn', text: string): void;
}

/** One run of a restream node: sound or a picture into its ffmpeg, and its status once a second. */
export async function runRestream(ctx: RestreamRunContext): Promise<void> {
  const { state } = ctx;
  if (ctx.trigger === 'audio') {
    const block = ctx.inputs.audio;
    if (!block) return;
    if (block.sampleRate !== 48_000) throw new ProgramOutError('SF641', `audio block ${block.id} is ${block.sampleRate} Hz; restream takes 48 kHz`);
    state.output.writeAudio(block.samples, block.channels, block.captureTs);
    return;
  }
  const frame = ctx.inputs.frame;
  if (!frame) return;
  const i420 = await yuvFrame(ctx.frames, frame);
  await state.output.writeFrame(Buffer.from(i420.data), { width: i420.width, height: i420.height }, frame.captureTs);
  const now = ctx.now();
  if (now - state.statusAt < 1000) return;
  state.statusAt = now;
  const s = state.output.status();
  const counts = `${s.framesDropped} dropped · ${s.reconnects} reconnect${s.reconnects === 1 ? '' : 's'}`;
  if (s.state === 'reconnecting') ctx.setStatus('warn', `reconnecting in ${Math.ceil((s.retryInMs ?? 0) / 1000)} s · ${counts} · ${s.lastProblem ?? ''}`);
  else ctx.setStatus('ok', `${s.state} · ${(s.kbps / 1000).toFixed(2)} Mbit/s · ${counts}`);
}
