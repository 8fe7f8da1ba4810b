import type { AudioBlock } from '@showflow/nodes/sdk';

/** Cuts an interleaved signal into 10 ms blocks as a live source would send them. */
export function toBlocks(samples: Float32Array, channels: 1 | 2, source = 'src', frames = 480, startTs = 1_700_000_000_000): AudioBlock[] {
  const blocks: AudioBlock[] = [];
  const step = frames * channels;
  for (let at = 0, seq = 0; at + step <= samples.length; at += step, seq++) {
    blocks.push({ sampleRate: 48_000, channels, samples: samples.slice(at, at + step), captureTs: startTs + seq * 10, clock: 'local', seq, id: `${source}#${seq}` });
  }
  return blocks;
}

export function joinBlocks(blocks: readonly AudioBlock[]): Float32Array {
  const out = new Float32Array(blocks.reduce((n, b) => n + b.samples.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b.samples, at);
    at += b.samples.length;
  }
  return out;
}
