import type { AudioBlock } from '@showflow/nodes/sdk';
import { audioError } from './errors.ts';

/** The graph's one sample rate: what WebRTC's Opus decodes to and what RNNoise and the K-weighting filters are built for. */
export const SAMPLE_RATE = 48_000;
/** 10 ms at 48 kHz: the block every audio source here emits. */
export const BLOCK_FRAMES = 480;

export function frameCount(block: AudioBlock): number {
  return block.samples.length / block.channels;
}

/**
 * Checks a block entering a node: 48 kHz, mono or stereo, a whole number of frames, every
 * sample finite. A NaN would otherwise poison every filter state downstream for good, so it
 * is refused at the door (SF702) and the node's filters keep their last good state.
 */
export function checkBlock(block: AudioBlock | undefined, where: string): AudioBlock {
  if (!block || !(block.samples instanceof Float32Array)) throw audioError('SF701', `${where}: the input is not an audio block`);
  if (block.sampleRate !== SAMPLE_RATE) throw audioError('SF701', `${where}: ${block.sampleRate} Hz audio; the graph runs at ${SAMPLE_RATE} Hz (resample at the source)`);
  if (block.channels !== 1 && block.channels !== 2) throw audioError('SF701', `${where}: ${String(block.channels)} channels; mono or stereo only`);
  if (block.samples.length === 0 || block.samples.length % block.channels !== 0) throw audioError('SF701', `${where}: ${block.samples.length} samples is not a whole number of ${block.channels}-channel frames`);
  const s = block.samples;
  for (let i = 0; i < s.length; i++) {
    // x - x is NaN for NaN and ±Infinity, 0 otherwise: one test for both.
    if (s[i] - s[i] !== 0) throw audioError('SF702', `${where}: sample ${i} of ${block.id} is ${s[i]}`);
  }
  return block;
}

/** A new block after `from`, with new samples (blocks are immutable once emitted). */
export function withSamples(from: AudioBlock, samples: Float32Array, channels: 1 | 2 = from.channels): AudioBlock {
  return { sampleRate: from.sampleRate, channels, samples, captureTs: from.captureTs, clock: from.clock, seq: from.seq, id: from.id };
}

export function dbToGain(db: number): number {
  return Math.pow(10, db / 20);
}

export function gainToDb(gain: number): number {
  return gain > 0 ? 20 * Math.log10(gain) : -Infinity;
}

/** For readouts: "-14.0", or "-∞" for silence. */
export function formatDb(db: number): string {
  return Number.isFinite(db) ? db.toFixed(1) : '-∞';
}
