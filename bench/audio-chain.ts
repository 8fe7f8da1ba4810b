/**
 * Audio chain cost per 10 ms block: noise suppression (RNNoise) → loudness normalisation
 * with its true-peak limiter → meter, on 48 kHz stereo speech-like signal with noise, each
 * node run through the node test harness as a pipeline would call it. Baseline in the same
 * run: a plain copy of each block. CPU-time medians of alternating rounds.
 */
import { audioMeter, loudnessNormalize, noiseSuppress } from '@showflow/audio';
import { createHarness } from '@showflow/nodes/harness';
import type { AudioBlock } from '@showflow/nodes/sdk';
import { cpuMs, median } from './stats.ts';
import type { BenchResult } from './types.ts';

const ROUNDS = 5;
const SECONDS = 10;
const GOAL_MS = 1;

/** A voiced buzz in syllables plus −40 dBFS noise, stereo: what the chain sees from a microphone. */
function testBlocks(): AudioBlock[] {
  const frames = SECONDS * 48_000;
  const samples = new Float32Array(frames * 2);
  let seed = 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  for (let f = 0; f < frames; f++) {
    const t = f / 48_000;
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 3 * t));
    let v = 0;
    for (let h = 1; h < 20; h++) v += Math.sin(2 * Math.PI * 140 * h * t) / h;
    const x = 0.1 * syllable * v + 0.01 * rnd();
    samples[f * 2] = x;
    samples[f * 2 + 1] = x * 0.9 + 0.005 * rnd();
  }
  const blocks: AudioBlock[] = [];
  for (let seq = 0; seq * 960 < samples.length; seq++) {
    blocks.push({ sampleRate: 48_000, channels: 2, samples: samples.slice(seq * 960, (seq + 1) * 960), captureTs: seq * 10, clock: 'local', seq, id: `bench#${seq}` });
  }
  return blocks;
}

export async function measureAudioChain(): Promise<{ chainMs: number; copyMs: number; stages: Record<string, number> }> {
  const blocks = testBlocks();
  const denoise = await createHarness(noiseSuppress);
  const loudness = await createHarness(loudnessNormalize);
  const meter = await createHarness(audioMeter);
  const stageTimes: Record<string, number[]> = { denoise: [], loudness: [], meter: [] };
  const chain = async (): Promise<number> => {
    const spent = { denoise: 0, loudness: 0, meter: 0 };
    const t0 = cpuMs();
    for (const block of blocks) {
      let t = cpuMs();
      const a = (await denoise.send('audio', block)).out!;
      spent.denoise += cpuMs() - t;
      t = cpuMs();
      const b = (await loudness.send('audio', a)).out!;
      spent.loudness += cpuMs() - t;
      t = cpuMs();
      await meter.send('audio', b);
      spent.meter += cpuMs() - t;
    }
    const total = (cpuMs() - t0) / blocks.length;
    for (const k of Object.keys(spent) as (keyof typeof spent)[]) stageTimes[k].push(spent[k] / blocks.length);
    denoise.clear();
    loudness.clear();
    meter.clear();
    return total;
  };
  const copy = (): number => {
    let sink = 0;
    const t0 = cpuMs();
    for (const block of blocks) sink += block.samples.slice()[7];
    const ms = (cpuMs() - t0) / blocks.length;
    if (Number.isNaN(sink)) throw new Error('unreachable');
    return ms;
  };
  await chain(); // warm-up: JIT and RNNoise's first frames
  copy();
  const chainRuns: number[] = [];
  const copyRuns: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    chainRuns.push(await chain());
    copyRuns.push(copy());
  }
  await denoise.dispose();
  const stages = Object.fromEntries(Object.entries(stageTimes).map(([k, v]) => [k, median(v.slice(1))]));
  return { chainMs: median(chainRuns), copyMs: median(copyRuns), stages };
}

export default async function audioChain(): Promise<BenchResult> {
  const { chainMs, copyMs, stages } = await measureAudioChain();
  return {
    title: 'Audio chain cost per 10 ms block',
    method: `Noise suppression (RNNoise, per channel) → loudness normalisation with a 4× oversampled true-peak limiter → meter, on ${SECONDS} s of 48 kHz stereo speech-like signal with noise (480-frame blocks, each node called through the node harness); baseline: a plain copy of each block in the same run. CPU-time medians of ${ROUNDS} alternating rounds.`,
    rows: [
      { metric: 'audio chain cost per 10 ms block', value: chainMs, unit: 'ms CPU' },
      { metric: 'floor: copy of the block', value: copyMs, unit: 'ms CPU' },
      { metric: 'noise suppression', value: stages.denoise, unit: 'ms CPU' },
      { metric: 'loudness + limiter', value: stages.loudness, unit: 'ms CPU' },
      { metric: 'meter', value: stages.meter, unit: 'ms CPU' },
      { metric: 'share of real time (10 ms)', value: `${((chainMs / 10) * 100).toFixed(1)} %` },
    ],
    goal: `≤ ${GOAL_MS} ms CPU per 10 ms stereo block`,
    met: chainMs <= GOAL_MS,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await audioChain();
  console.log(JSON.stringify(r, null, 2));
}
