import { z } from 'zod';
import { defineNode } from '@showflow/nodes/sdk';
import { checkBlock, formatDb, gainToDb } from '../block.ts';
import { LoudnessMeter } from '../dsp/loudness.ts';

const config = z.object({
  /** Seconds the peak readout holds its highest value. */
  peakHoldS: z.number().min(0.1).max(10).default(1),
});

const SUB_MS = 100;

/**
 * A level meter: sample peak (dBFS, held) and short-term loudness (3 s, LUFS), plus
 * integrated loudness since start, shown under the node on the canvas every 100 ms. The
 * audio passes through unchanged, so the meter can sit anywhere in a chain.
 */
export const audioMeter = defineNode({
  type: 'showflow.audio-meter',
  typeVersion: 1,
  title: 'Meter',
  category: 'probe',
  description: 'Shows peak dBFS and short-term LUFS (EBU R128) live on the canvas; passes the audio through.',
  inputs: { audio: { type: 'audio' } },
  outputs: { out: { type: 'audio' }, loudness: { type: 'number', label: 'short-term LUFS' } },
  config,
  budgetMs: 1,
  setup: (ctx) => ({
    meter: new LoudnessMeter(),
    peaks: new Float64Array(Math.max(1, Math.round((ctx.config.peakHoldS * 1000) / SUB_MS))),
    peakAt: 0,
    msInSub: 0,
    /** Last readings, for tests and the status line. */
    reading: { peakDb: -Infinity, shortTermLufs: -Infinity, integratedLufs: -Infinity },
  }),
  run(ctx) {
    const block = checkBlock(ctx.inputs.audio, ctx.nodeId);
    const s = ctx.state;
    s.meter.push(block.samples, block.channels);
    let peak = 0;
    for (let i = 0; i < block.samples.length; i++) {
      const a = Math.abs(block.samples[i]);
      if (a > peak) peak = a;
    }
    const slot = s.peakAt % s.peaks.length;
    if (peak > s.peaks[slot]) s.peaks[slot] = peak;
    s.msInSub += (block.samples.length / block.channels / block.sampleRate) * 1000;
    if (s.msInSub < SUB_MS) return { out: block };
    s.msInSub -= SUB_MS;
    s.peakAt++;
    s.peaks[s.peakAt % s.peaks.length] = 0;
    const held = Math.max(...s.peaks);
    s.reading = { peakDb: gainToDb(held), shortTermLufs: s.meter.shortTerm, integratedLufs: s.meter.integrated };
    ctx.setStatus('ok', `S ${formatDb(s.reading.shortTermLufs)} LUFS · peak ${formatDb(s.reading.peakDb)} dBFS · I ${formatDb(s.reading.integratedLufs)}`);
    return { out: block, ...(Number.isFinite(s.reading.shortTermLufs) ? { loudness: s.reading.shortTermLufs } : {}) };
  },
});
