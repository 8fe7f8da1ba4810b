import { describe, expect, it } from 'vitest';
import type { AudioBlock, Frame } from '@showflow/nodes/sdk';
import { createHarness, makeTestFrame, makeTestJpeg } from '@showflow/nodes/harness';
import { readJpegSize } from '@showflow/nodes/pixels';
import { FakeLiveService } from '../../test/support/fake-live-service.ts';
import type { LiveFrame } from '../stream-registry.ts';
import { capture } from './capture.ts';

async function jpegLiveFrame(seq: number, captureTs: number): Promise<LiveFrame> {
  const jpeg = await makeTestJpeg({ width: 64, height: 36, seq });
  // The sender's framing claims a size; the node reads the real one from the JPEG.
  return { seq, captureTs, width: 640, height: 360, clock: 'sender', encoding: 'jpeg', data: jpeg.data };
}

describe('showflow.capture', () => {
  it('shows "no signal" and sends a slate of the configured size on every tick while no sender is live', async () => {
    const live = new FakeLiveService();
    const node = await createHarness(capture, { config: { streamId: 'cam1', width: 320, height: 180, fps: 10 }, services: { live } });
    expect(node.status).toEqual({ level: 'warn', text: 'no signal' });
    await node.tick();
    await node.tick();
    const slates = node.outputs('frame') as Frame[];
    expect(slates).toHaveLength(2);
    expect(slates.map((f) => f.seq)).toEqual([0, 1]);
    expect(slates[0]).toMatchObject({ encoding: 'jpeg', width: 320, height: 180 });
    expect(readJpegSize(slates[0].data)).toMatchObject({ width: 320, height: 180 });
    await node.dispose();
    expect(live.listenerCount('cam1')).toBe(0);
  });

  it('sends received JPEG frames on arrival, undecoded, with the sender’s capture time and seq, and stops the slate', async () => {
    const live = new FakeLiveService();
    let clock = 1_000_000;
    const node = await createHarness(capture, { config: { streamId: 'cam1' }, services: { live }, now: () => clock });
    await node.tick(); // the slate tick that also connects the node to its stream
    node.clear();
    for (let seq = 0; seq < 3; seq++) {
      clock += 1000 / 30;
      live.deliver('cam1', await jpegLiveFrame(seq, 500 + seq));
    }
    const frames = node.outputs('frame') as Frame[];
    expect(frames.map((f) => [f.seq, f.captureTs, f.encoding, f.width, f.height])).toEqual([
      [0, 500, 'jpeg', 64, 36],
      [1, 501, 'jpeg', 64, 36],
      [2, 502, 'jpeg', 64, 36],
    ]);
    clock += 1000;
    await node.tick();
    expect(node.outputs('frame')).toHaveLength(3); // live: no slate
    expect(node.status).toEqual({ level: 'ok', text: expect.stringMatching(/^live · \d+ fps$/) });
  });

  it('sends a frame that arrived before the first tick on that tick', async () => {
    const live = new FakeLiveService();
    const node = await createHarness(capture, { config: { streamId: 'cam1' }, services: { live } });
    live.deliver('cam1', await jpegLiveFrame(7, 42));
    expect(node.emissions).toHaveLength(0);
    const out = await node.tick();
    expect(out.frame).toMatchObject({ seq: 7, captureTs: 42, encoding: 'jpeg' });
  });

  it('passes raw RGB video frames as raw', async () => {
    const live = new FakeLiveService();
    const node = await createHarness(capture, { config: { streamId: 'obs' }, services: { live } });
    await node.tick();
    node.clear();
    const raw = makeTestFrame({ width: 32, height: 16 });
    live.deliver('obs', { seq: 0, captureTs: 9, width: 32, height: 16, clock: 'sender', encoding: 'raw', data: raw.data });
    expect(node.last('frame')).toMatchObject({ encoding: 'raw', width: 32, height: 16, channels: 3, captureTs: 9 });
  });

  it('passes I420 frames of video tracks into the yuv420 path and says when only arrival time is known', async () => {
    const live = new FakeLiveService();
    let clock = 0;
    const node = await createHarness(capture, { config: { streamId: 'obs' }, services: { live }, now: () => clock });
    await node.tick();
    node.clear();
    const i420 = Buffer.alloc(5 * 3 + 2 * 3 * 2, 128);
    live.deliver('obs', { seq: 0, captureTs: 9, width: 5, height: 3, clock: 'arrival', encoding: 'yuv420', data: i420 });
    live.mutate('obs', (s) => {
      s.clock = 'arrival';
    });
    expect(node.last('frame')).toMatchObject({ encoding: 'yuv420', width: 5, height: 3, channels: 3, captureTs: 9 });
    expect(node.last('frame')!.data).toBe(i420);
    live.deliver('obs', { seq: 1, captureTs: 9, width: 6, height: 3, clock: 'arrival', encoding: 'yuv420', data: i420 });
    clock += 2000;
    await node.tick();
    expect(node.status).toEqual({ level: 'warn', text: 'live · 0 fps · arrival time only · 1 rejected' });
  });

  it('emits the stream’s audio blocks on its audio port with capture time and clock', async () => {
    const live = new FakeLiveService();
    const node = await createHarness(capture, { config: { streamId: 'obs' }, services: { live } });
    await node.tick();
    node.clear();
    const samples = new Float32Array(960).fill(0.25);
    live.deliverAudio('obs', { seq: 4, sampleRate: 48000, channels: 2, samples, captureTs: 1234.5, clock: 'sender' });
    live.deliverAudio('obs', { seq: 5, sampleRate: 48000, channels: 2, samples, captureTs: 1244.5, clock: 'sender' });
    const blocks = node.outputs('audio') as AudioBlock[];
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatchObject({ sampleRate: 48000, channels: 2, captureTs: 1234.5, clock: 'sender', seq: 0 });
    expect(blocks[1].seq).toBe(1);
    expect(blocks[0].samples).toBe(samples);
  });

  it('shows the coded reason when a sender’s session ended', async () => {
    const live = new FakeLiveService();
    let clock = 0;
    const node = await createHarness(capture, { config: { streamId: 'obs' }, services: { live }, now: () => clock });
    live.mutate('obs', (s) => {
      s.lastError = { code: 'SF611', message: 'no media from the sender for 2600 ms', at: Date.now() };
    });
    clock += 2000;
    await node.tick();
    expect(node.status).toEqual({ level: 'error', text: 'no signal · SF611 no media from the sender for 2600 ms' });
  });

  it('counts frames it cannot use and the stream’s losses in its status', async () => {
    const live = new FakeLiveService();
    let clock = 0;
    const node = await createHarness(capture, { config: { streamId: 'cam1' }, services: { live }, now: () => clock });
    await node.tick();
    node.clear();
    live.deliver('cam1', { seq: 0, captureTs: 1, width: 4, height: 4, clock: 'sender', encoding: 'jpeg', data: Buffer.from('not a jpeg') });
    live.deliver('cam1', { seq: 1, captureTs: 1, width: 4, height: 4, clock: 'sender', encoding: 'raw', data: Buffer.alloc(5) });
    live.mutate('cam1', (s) => {
      s.counters.dropped += 2;
      s.counters.rejected += 1;
    });
    expect(node.emissions).toHaveLength(0);
    clock += 2000;
    await node.tick();
    expect(node.status).toEqual({ level: 'warn', text: 'live · 0 fps · 2 dropped · 3 rejected' });
  });

  it('fails setup clearly when the runtime has no live service', async () => {
    await expect(createHarness(capture, {})).rejects.toThrow(/no "live" service/);
  });

  it('refuses stream ids that cannot appear in a URL', async () => {
    await expect(createHarness(capture, { config: { streamId: 'a/b' }, services: { live: new FakeLiveService() } })).rejects.toThrow(/streamId/);
  });
});
