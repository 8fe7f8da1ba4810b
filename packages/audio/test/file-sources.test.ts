import type { AudioBlock } from '@showflow/nodes/sdk';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from '@showflow/nodes/harness';
import { audioFile } from '../src/nodes/audio-file.ts';
import { soundEffect } from '../src/nodes/sound-effect.ts';
import { audioGain } from '../src/nodes/gain.ts';
import { MEDIA_DIR_SERVICE } from '@showflow/nodes';
import { toBlocks } from './support/blocks.ts';
import { dbfs, sine } from './support/signals.ts';
import { writeFloatWav } from './support/wav.ts';

const run = promisify(execFile);

describe('audio file and sound effect sources', () => {
  let root: string;
  let outside: string;
  const services = () => ({ [MEDIA_DIR_SERVICE]: root });

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'sf-audio-media-'));
    outside = await mkdtemp(path.join(tmpdir(), 'sf-audio-outside-'));
    // A 0.25 s 1 kHz tone as MP3 at 44.1 kHz mono: decoding must resample and upmix.
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=44100:duration=0.25', '-ac', '1', path.join(root, 'tone.mp3')]);
    await writeFloatWav(path.join(root, 'ding.wav'), sine(0.05, 2000, dbfs(-6), 2), 2);
    await writeFloatWav(path.join(outside, 'secret.wav'), sine(0.05, 2000, 0.5, 2), 2);
    await writeFile(path.join(root, 'broken.wav'), 'RIFF not really a wav');
    await mkdir(path.join(root, 'folder.wav'));
    await symlink(path.join(outside, 'secret.wav'), path.join(root, 'link.wav'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('decodes a file once and plays it in real time as 10 ms stereo blocks, looping', async () => {
    let now = 10_000;
    const node = await createHarness(audioFile, { config: { path: 'tone.mp3' }, services: services(), now: () => now });
    await node.tick(); // starts the clock: one block
    expect(node.status?.text).toMatch(/playing 0\.[23] s looped/);
    now += 95; // a late tick: the 9 blocks due since are all sent
    await node.tick();
    const blocks = node.outputs('out') as AudioBlock[];
    expect(blocks).toHaveLength(10);
    expect(blocks.map((b) => b.seq)).toEqual([...Array(10).keys()]);
    expect(blocks[3].captureTs).toBe(10_030);
    expect(blocks.every((b) => b.channels === 2 && b.sampleRate === 48_000 && b.samples.length === 960 && b.clock === 'local')).toBe(true);
    // 1 kHz at 48 kHz: a period of 48 samples, the same on both sides.
    const s = blocks[5].samples;
    expect(s[0]).toBeCloseTo(s[1], 6);
    expect(Math.abs(s[2 * 100] - s[2 * 148])).toBeLessThan(0.01);
    // Looping: after 0.3 s of blocks playback continues.
    now += 400;
    await node.tick();
    expect(node.outputs('out').length).toBe(20 + 10); // at most 20 blocks catch up after a stall
    await node.dispose();
  });

  it('plays one file to its end and then stops', async () => {
    let now = 0;
    const node = await createHarness(audioFile, { config: { path: 'ding.wav', loop: false }, services: services(), now: () => now });
    for (let i = 0; i < 10; i++) {
      await node.tick();
      now += 10;
    }
    expect(node.outputs('out')).toHaveLength(5); // 50 ms
    expect(node.status?.text).toBe('played to the end');
  });

  it('gives coded errors for a missing, escaping, non-file or undecodable path', async () => {
    const setup = (p: string) => createHarness(audioFile, { config: { path: p }, services: services() });
    await expect(setup('missing.wav')).rejects.toMatchObject({ code: 'SF703' });
    await expect(setup('folder.wav')).rejects.toMatchObject({ code: 'SF703' });
    await expect(setup('../' + path.basename(outside) + '/secret.wav')).rejects.toMatchObject({ code: 'SF704' });
    await expect(setup(path.join(outside, 'secret.wav'))).rejects.toMatchObject({ code: 'SF704' });
    await expect(setup('link.wav')).rejects.toMatchObject({ code: 'SF704' });
    await expect(setup('broken.wav')).rejects.toMatchObject({ code: 'SF705' });
  });

  it('plays a sound effect on a matching event, mixed over the audio input', async () => {
    const node = await createHarness(soundEffect, { config: { path: 'ding.wav', kinds: 'tip, sale' }, services: services() });
    const input = toBlocks(sine(0.1, 300, 0.1, 1), 1, 'mic');
    await node.send('event', { kind: 'chat', at: 0 });
    const before = await node.send('audio', input[0]);
    // No effect yet: the mono input is copied to both sides.
    expect(before.out!.samples[200]).toBeCloseTo(input[0].samples[100], 6);
    await node.send('event', { kind: 'tip', at: 0 });
    const during = await node.send('audio', input[1]);
    expect(during.out!.captureTs).toBe(input[1].captureTs);
    const added = during.out!.samples.map((v, i) => v - input[1].samples[i >> 1]);
    expect(Math.max(...added.map(Math.abs))).toBeGreaterThan(0.3); // the −6 dBFS ding
    expect(node.status?.text).toBe('played 1× · last tip');
  });

  it('sends the effect on its own clock when no audio input flows', async () => {
    let now = 0;
    const node = await createHarness(soundEffect, { config: { path: 'ding.wav' }, services: services(), now: () => now });
    await node.send('event', { kind: 'sale', at: 0 });
    for (let i = 0; i < 8; i++) {
      await node.tick();
      now += 10;
    }
    const blocks = node.outputs('out') as AudioBlock[];
    expect(blocks).toHaveLength(8);
    const peak = (i: number) => Math.max(...blocks[i].samples.map(Math.abs));
    expect(peak(0)).toBeGreaterThan(0.3);
    expect(peak(6)).toBe(0); // 50 ms effect over: silence keeps the stream going
  });

  it('refuses NaN samples with SF702 and keeps working on the next good block', async () => {
    const node = await createHarness(audioGain, { config: { gainDb: -6 } });
    const [good, bad] = toBlocks(sine(0.02, 300, 0.5, 1), 1);
    bad.samples[7] = Number.NaN;
    await expect(node.send('audio', bad)).rejects.toMatchObject({ code: 'SF702' });
    const out = await node.send('audio', good);
    expect(out.out!.samples[100]).toBeCloseTo(good.samples[100] * dbfs(-6), 5);
  });

  it('mutes without stopping the stream', async () => {
    const node = await createHarness(audioGain, { config: { mute: true } });
    const out = await node.send('audio', toBlocks(sine(0.01, 300, 0.5, 2), 2)[0]);
    expect(out.out!.samples.length).toBe(960);
    expect(Math.max(...out.out!.samples.map(Math.abs))).toBe(0);
  });
});
