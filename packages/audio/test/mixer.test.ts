import type { AudioBlock } from '@showflow/nodes/sdk';
import { describe, expect, it } from 'vitest';
import { createHarness } from '@showflow/nodes/harness';
import { audioMixer } from '../src/nodes/mixer.ts';
import { toBlocks } from './support/blocks.ts';
import { concat, dbfs, rmsDb, sine } from './support/signals.ts';

/** Runs voice and bed blocks in alternation (the bed arriving just before each voice block) on a fake clock. */
async function mix(voice: Float32Array, bed: Float32Array, config: Record<string, unknown> = {}) {
  let now = 1_000;
  const node = await createHarness(audioMixer, { config, now: () => now });
  const voiceBlocks = toBlocks(voice, 1, 'voice');
  const bedBlocks = toBlocks(bed, 2, 'bed');
  const out: Float32Array[] = [];
  for (let i = 0; i < voiceBlocks.length; i++) {
    await node.send('bed', bedBlocks[i]);
    const r = await node.send('voice', voiceBlocks[i]);
    out.push(r.out!.samples);
    now += 10;
  }
  return { node, out: concat(...out) };
}

describe('mixer with ducking', () => {
  it('lowers the bed by the configured amount while the voice is present and brings it back after', async () => {
    // Voice: 2 s silent, 3 s of a 300 Hz tone at −20 dBFS, 3 s silent. Bed: 100 Hz at −20 dBFS throughout.
    const voice = concat(new Float32Array(96_000), sine(3, 300, dbfs(-20), 1), new Float32Array(144_000));
    const bed = sine(8, 100, dbfs(-20), 2);
    const { node, out } = await mix(voice, bed, { duckDb: 12 });
    // The bed's share of the mix is the mix minus the voice (the voice passes at 0 dB).
    const bedPart = new Float32Array(out.length / 2);
    for (let f = 0; f < bedPart.length; f++) bedPart[f] = out[f * 2] - voice[f];
    const bedDb = rmsDb(sine(1, 100, dbfs(-20), 1));
    const at = (from: number, to: number) => rmsDb(bedPart, 1, (f) => f >= from * 48_000 && f < to * 48_000);
    expect(at(0.5, 1.9)).toBeCloseTo(bedDb, 1); // before the voice: bed at full level
    expect(at(2.5, 4.9) - bedDb).toBeCloseTo(-12, 0); // under the voice: 12 dB down (after the 40 ms attack)
    expect(at(7, 8) - bedDb).toBeGreaterThan(-0.5); // after release: back up
    expect(node.status?.text).toMatch(/bed up|ducking/);
  });

  it('does not duck when the voice stays under the threshold', async () => {
    const voice = sine(2, 300, dbfs(-60), 1);
    const bed = sine(2, 100, dbfs(-20), 2);
    const { out } = await mix(voice, bed, { duckDb: 12, thresholdDb: -40 });
    const bedPart = new Float32Array(out.length / 2);
    for (let f = 0; f < bedPart.length; f++) bedPart[f] = out[f * 2] - voice[f];
    expect(rmsDb(bedPart)).toBeCloseTo(rmsDb(sine(1, 100, dbfs(-20), 1)), 1);
  });

  it('lets the bed drive the output when no voice arrives, and carries the voice’s capture time when it does', async () => {
    let now = 0;
    const node = await createHarness(audioMixer, { now: () => now });
    const bed = toBlocks(sine(0.5, 100, 0.1, 2), 2, 'bed', 480, 5_000);
    for (const b of bed.slice(0, 20)) {
      await node.send('bed', b);
      now += 10;
    }
    const alone = node.outputs('out') as AudioBlock[];
    expect(alone).toHaveLength(20);
    expect(alone[5].captureTs).toBe(bed[5].captureTs);
    node.clear();
    const voice = toBlocks(sine(0.1, 300, 0.1, 1), 1, 'voice', 480, 9_000);
    await node.send('voice', voice[0]);
    await node.send('bed', bed[20]); // within the handover time: waits for the next voice block
    await node.send('voice', voice[1]);
    const mixed = node.outputs('out') as AudioBlock[];
    expect(mixed.map((b) => b.captureTs)).toEqual([voice[0].captureTs, voice[1].captureTs]);
  });

  it('refuses a block at another sample rate with SF701 and keeps mixing', async () => {
    const node = await createHarness(audioMixer);
    const wrong = { ...toBlocks(sine(0.01, 300, 0.1, 1), 1)[0], sampleRate: 44_100 };
    await expect(node.send('voice', wrong)).rejects.toMatchObject({ code: 'SF701' });
    const ok = await node.send('voice', toBlocks(sine(0.01, 300, 0.1, 1), 1)[0]);
    expect(ok.out?.samples.length).toBe(960);
  });
});
