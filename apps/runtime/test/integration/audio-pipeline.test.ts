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
  ],
  edges: [
    { id: 'e1', from: { node: 'music', port: 'out' }, to: { node: 'loud', port: 'audio' } },
    { id: 'e2', from: { node: 'loud', port: 'out' }, to: { node: 'meter', port: 'audio' } },
    { id: 'e3', from: { node: 'meter', port: 'out' }, to: { node: 'a', port: 'audio' } },
    { id: 'e4', from: { node: 'meter', port: 'out' }, to: { node: 'b', port: 'audio' } },
    { id: 'e5', from: { node: 'ghost', port: 'out' }, to: { node: 'ghostMeter', port: 'audio' } },
  ],
});

describe('audio on the real runtime (Node-RED)', () => {
  let media: string;
  let engine: Engine | undefined;
  beforeAll(async () => {
    media = await mkdtemp(path.join(tmpdir(), 'sf-audio-run-'));
    // Pink noise at about −29 LUFS, 3 s, looped by the source.
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.2:duration=3:sample_rate=48000', '-ac', '2', path.join(media, 'music.wav')]);
  });
  afterAll(async () => {
    await engine?.close();
    await rm(media, { recursive: true, force: true });
  });

  it('file source → loudness → meter runs, reports levels on the canvas, and blocks cross a fan-out intact', async () => {
    const catalog = new NodeCatalog([...audioNodes, audioProbe]);
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
    expect(a.map((x) => x.seq)).toEqual([...Array(250).keys()]);
    for (let i = 0; i < a.length; i++) expect(Array.from(b[i].samples)).toEqual(Array.from(a[i].samples));
    expect(a[10].captureTs - a[0].captureTs).toBeCloseTo(100, 6);
    expect(of('meter').drops).toBe(0);

    // The missing file is a coded error on its own node; the rest keeps running.
    expect(of('ghost').lastError?.code).toBe('SF703');
    expect(of('ghost').status.level).toBe('error');
    expect(of('music').errors).toBe(0);
    expect(of('loud').errors).toBe(0);
  });
});
