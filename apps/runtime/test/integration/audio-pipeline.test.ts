import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { audioNodes } from '@showflow/audio';
import { MEDIA_DIR_SERVICE } from '@showflow/nodes';
import { defineNode, NodeCatalog, type AudioBlock } from '@showflow/nodes/sdk';
import { PipelineDocument } from '@showflow/shared';
import { Engine } from '../../src/engine/engine.ts';
import { createLogger } from '../../src/log.ts';
import { waitFor } from '../fixtures/app.ts';

const run = promisify(execFile);

/** Keeps what arrives, per node, so the test can compare two branches of a fan-out. */
const received = new Map<string, AudioBlock[]>();
const audioProbe = defineNode({
  type: 'test.audio-probe',
  typeVersion: 1,
  title: 'Audio probe',
  category: 'output',
  description: 'Records the audio blocks it receives.',
  inputs: { audio: { type: 'audio' } },
  outputs: {},
  config: z.object({}),
  budgetMs: 5,
  run(ctx) {
    const list = received.get(ctx.nodeId) ?? [];
    list.push(ctx.inputs.audio!);
    received.set(ctx.nodeId, list);
  },
});

/** Sends a tip event every 300 ms. */
const tipper = defineNode({
  type: 'test.tipper',
  typeVersion: 1,
  title: 'Tipper',
  category: 'source',
  description: 'A tip every 300 ms.',
  inputs: {},
  outputs: { event: { type: 'event' } },
  config: z.object({}),
  budgetMs: 5,
  source: { intervalMs: () => 300 },
  run: (ctx) => ({ event: { kind: 'tip', at: ctx.now() } }),
});

/** Amplitude of one frequency in the left channel of a stereo block (a single DFT bin). */
function amplitudeAt(samples: Float32Array, hz: number): number {
  let re = 0;
  let im = 0;
  const n = samples.length / 2;
  for (let i = 0; i < n; i++) {
    const w = (2 * Math.PI * hz * i) / 48_000;
    re += samples[i * 2] * Math.cos(w);
    im -= samples[i * 2] * Math.sin(w);
  }
  return (2 * Math.hypot(re, im)) / n;
}

/** Sends broken audio: odd ticks a 44.1 kHz block, even ticks a 48 kHz block with a NaN in it. */
const badAudio = defineNode({
  type: 'test.bad-audio',
  typeVersion: 1,
  title: 'Bad audio',
  category: 'source',
  description: 'Blocks no audio node should accept.',
  inputs: {},
  outputs: { out: { type: 'audio' } },
  config: z.object({}),
  budgetMs: 5,
  source: { intervalMs: () => 10 },
  run(ctx) {
    const samples = new Float32Array(960);
    if (ctx.tick % 2 === 0) samples[3] = Number.NaN;
    return { out: { sampleRate: ctx.tick % 2 ? 44_100 : 48_000, channels: 2, samples, captureTs: ctx.now(), clock: 'local', seq: ctx.tick, id: `${ctx.nodeId}#${ctx.tick}` } };
  },
});

const node = (id: string, type: string, config: Record<string, unknown>, x: number, y = 0) => ({ id, type, typeVersion: 1, config, position: { x, y } });

/** music.wav → loudness → meter, with the normalised audio fanned out to two probes; a second file source points at nothing. */
const doc = PipelineDocument.parse({
  schemaVersion: 1,
  id: 'sound',
  name: 'Sound through the graph',
  nodes: [
    node('music', 'showflow.audio-file', { path: 'music.wav' }, 0),
    node('loud', 'showflow.loudness-normalize', {}, 200),
    node('meter', 'showflow.audio-meter', {}, 400),
    node('a', 'test.audio-probe', {}, 600),
    node('b', 'test.audio-probe', {}, 600, 100),
    node('ghost', 'showflow.audio-file', { path: 'no-such-file.wav' }, 0, 200),
    node('ghostMeter', 'showflow.audio-meter', {}, 200, 200),
    node('bad', 'test.bad-audio', {}, 0, 300),
    node('badMeter', 'showflow.audio-meter', {}, 200, 300),
  ],
  edges: [
    { id: 'e1', from: { node: 'music', port: 'out' }, to: { node: 'loud', port: 'audio' } },
    { id: 'e2', from: { node: 'loud', port: 'out' }, to: { node: 'meter', port: 'audio' } },
    { id: 'e3', from: { node: 'meter', port: 'out' }, to: { node: 'a', port: 'audio' } },
    { id: 'e4', from: { node: 'meter', port: 'out' }, to: { node: 'b', port: 'audio' } },
    { id: 'e5', from: { node: 'ghost', port: 'out' }, to: { node: 'ghostMeter', port: 'audio' } },
    { id: 'e6', from: { node: 'bad', port: 'out' }, to: { node: 'badMeter', port: 'audio' } },
  ],
});

describe('audio on the real runtime (Node-RED)', () => {
  let media: string;
  let engine: Engine | undefined;
  beforeAll(async () => {
    media = await mkdtemp(path.join(tmpdir(), 'sf-audio-run-'));
    // Pink noise at about −29 LUFS, 3 s, looped by the source.
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=2000:sample_rate=48000:duration=0.1', '-ac', '2', path.join(media, 'ding.wav')]);
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.2:duration=3:sample_rate=48000', '-ac', '2', path.join(media, 'music.wav')]);
  });
  afterAll(async () => {
    await engine?.close();
    await rm(media, { recursive: true, force: true });
  });

  it('file source → loudness → meter runs, reports levels on the canvas, and blocks cross a fan-out intact', async () => {
    const catalog = new NodeCatalog([...audioNodes, audioProbe, tipper, badAudio]);
    engine = await Engine.create({ catalog, log: createLogger('error'), services: { get: (name) => (name === MEDIA_DIR_SERVICE ? media : undefined) } });
    await engine.deploy(doc, 1);
    const metrics = () => engine!.metrics('sound')!.nodes;
    const of = (id: string) => metrics().find((n) => n.nodeId === id)!;

    // 2.5 s of audio: the meter's short-term reading has settled near the −14 LUFS target.
    await waitFor(() => (received.get('a')?.length ?? 0) >= 250 && (received.get('b')?.length ?? 0) >= 250, '2.5 s of blocks on both branches', 30_000);
    const status = of('meter').status.text;
    const shortTerm = Number(/S (-?[\d.]+) LUFS/.exec(status)?.[1]);
    const peak = Number(/peak (-?[\d.]+) dBFS/.exec(status)?.[1]);
    expect(Math.abs(shortTerm + 14)).toBeLessThan(1.5);
    expect(peak).toBeLessThan(-1);
    expect(of('loud').status.text).toMatch(/gain \+\d/);

    // Both branches of the fan-out get every block, as Float32Arrays with the same samples, in order.
    const a = received.get('a')!.slice(0, 250);
    const b = received.get('b')!.slice(0, 250);
    expect(a.every((x) => x.samples instanceof Float32Array && x.samples.length === 960)).toBe(true);
    expect(b.map((x) => x.seq)).toEqual(a.map((x) => x.seq));
    // In order, each stamped 10 ms after the one before it (a stall of over 200 ms on a busy
    // machine makes the source skip ahead: later seq, later capture time, never a reorder).
    for (let i = 1; i < a.length; i++) {
      expect(a[i].seq).toBeGreaterThan(a[i - 1].seq);
      expect(a[i].captureTs - a[i - 1].captureTs).toBeCloseTo((a[i].seq - a[i - 1].seq) * 10, 6);
    }
    for (let i = 0; i < a.length; i++) expect(Array.from(b[i].samples)).toEqual(Array.from(a[i].samples));
    expect(of('meter').drops).toBe(0);

    // The missing file is a coded error on its own node; the rest keeps running.
    expect(of('ghost').lastError?.code).toBe('SF703');
    expect(of('ghost').status.level).toBe('error');
    expect(of('music').errors).toBe(0);
    expect(of('loud').errors).toBe(0);
    expect(of('meter').errors).toBe(0);
    // Broken blocks are refused with their codes by the meter that gets them, one error per block.
    const badMeter = of('badMeter');
    expect(badMeter.errors).toBeGreaterThan(10);
    expect(badMeter.processed).toBe(0);
    expect(['SF701', 'SF702']).toContain(badMeter.lastError?.code);
    expect(badMeter.status.text).toMatch(/^SF70[12] /);
  });

  it('a tip plays a sound effect that the mixer lays over the music bed', async () => {
    const catalog = new NodeCatalog([...audioNodes, audioProbe, tipper]);
    const mix = await Engine.create({ catalog, log: createLogger('error'), services: { get: (name) => (name === MEDIA_DIR_SERVICE ? media : undefined) } });
    try {
      await mix.deploy(
        PipelineDocument.parse({
          schemaVersion: 1,
          id: 'tips',
          name: 'Tips over music',
          nodes: [
            node('tips', 'test.tipper', {}, 0),
            node('ding', 'showflow.sound-effect', { path: 'ding.wav', kinds: 'tip' }, 200),
            node('bed', 'showflow.audio-file', { path: 'music.wav' }, 0, 100),
            node('mixer', 'showflow.audio-mixer', { duckDb: 12 }, 400),
            node('out', 'test.audio-probe', {}, 600),
          ],
          edges: [
            { id: 't', from: { node: 'tips', port: 'event' }, to: { node: 'ding', port: 'event' } },
            { id: 'v', from: { node: 'ding', port: 'out' }, to: { node: 'mixer', port: 'voice' } },
            { id: 'b', from: { node: 'bed', port: 'out' }, to: { node: 'mixer', port: 'bed' } },
            { id: 'o', from: { node: 'mixer', port: 'out' }, to: { node: 'out', port: 'audio' } },
          ],
        }),
        1,
      );
      await waitFor(() => (received.get('out')?.length ?? 0) >= 150, '1.5 s of mixed blocks', 30_000);
      const nodes = mix.metrics('tips')!.nodes;
      const of = (id: string) => nodes.find((n) => n.nodeId === id)!;
      expect(of('ding').status.text).toMatch(/played \d+× · last tip/);
      expect(of('mixer').errors).toBe(0);
      expect(of('ding').errors).toBe(0);
      // The effect's 2 kHz tone (amplitude 1/8) is in the mix in some blocks and not in others.
      const out = received.get('out')!;
      const tone = out.map((b) => amplitudeAt(b.samples, 2000));
      expect(Math.max(...tone)).toBeGreaterThan(0.08);
      expect(Math.min(...tone)).toBeLessThan(0.03);
      expect(out.every((b) => b.channels === 2 && b.samples.length === 960)).toBe(true);
    } finally {
      await mix.close();
    }
  });
});
