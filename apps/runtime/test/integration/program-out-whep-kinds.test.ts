import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@showflow/live/testing';
import { PROGRAM_OUT_SERVICE, type ProgramOutService } from '@showflow/program-out';
import { connectWhepReceiver, type WhepReceiver } from '@showflow/program-out/testing';
import type { RuntimeServer } from '../../src/api/http.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { programDocument, programOutRuntime } from '../fixtures/program-out.ts';

const PIPELINE = 'program-kinds';

/** Players that offer one kind only: a picture wall with no sound, an audio-only listener. */
describe('WHEP players that ask for picture alone or sound alone', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  const receivers: WhepReceiver[] = [];
  const output = () => (app.services.get(PROGRAM_OUT_SERVICE) as ProgramOutService).get(PIPELINE);

  beforeAll(async () => {
    ({ app, server } = await programOutRuntime());
    await app.deployments.save(programDocument(PIPELINE, { keyframeIntervalS: 1, hls: false }));
    await app.deployments.deploy(PIPELINE);
    await waitFor(() => (output()?.stats().framesIn ?? 0) > 10, 'the program to encode frames', 30_000);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await server?.close();
    await app?.close();
  });

  it('a video-only offer gets a connected session with picture from a keyframe on, and no sound', async () => {
    const viewer = await connectWhepReceiver(`${server.url}/live/program/${PIPELINE}/whep`, { kinds: ['video'] });
    receivers.push(viewer);
    await waitFor(() => viewer.counters.keyframes > 0 && viewer.counters.videoPackets > 100, 'picture for the video-only player', 45_000);
    expect(viewer.pc.connectionState).toBe('connected');
    expect(viewer.counters.audioPackets).toBe(0);
    expect(output()!.stats().perViewer.map((v) => v.id)).toContain(viewer.location.split('/').pop());
  }, 60_000);

  it('an audio-only offer gets sound and no picture', async () => {
    const listener = await connectWhepReceiver(`${server.url}/live/program/${PIPELINE}/whep`, { kinds: ['audio'] });
    receivers.push(listener);
    // Opus every 20 ms: a few seconds of sound.
    await waitFor(() => listener.counters.audioPackets > 100, 'sound for the audio-only listener', 45_000);
    expect(listener.pc.connectionState).toBe('connected');
    expect(listener.counters.videoPackets).toBe(0);
  }, 60_000);
});
