import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@showflow/live/testing';
import { PROGRAM_OUT_SERVICE, type ProgramOutService } from '@showflow/program-out';
import type { RuntimeServer } from '../../src/api/http.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { liveSeconds, startGstReceiver, type GstReceiver } from '../fixtures/gst-receiver.ts';
import { programDocument, programOutRuntime, whipEgressDocument } from '../fixtures/program-out.ts';

/**
 * The program with a WebRTC stack we did not write at the far end: GStreamer's webrtcbin
 * plays it as a WHEP player, and is the WHIP server the WHIP egress node publishes to. Its
 * own H.264 decoder (openh264dec) and opusdec decode what arrives; `level` measures the sound.
 */
const WATCH_S = 10;
const TOKEN = `gst-${randomBytes(12).toString('hex')}`;
/** The test tone (ffmpeg's sine, amplitude 1/8) is about −21 dBFS RMS; silence decodes far below −60. */
const AUDIBLE_DB = -40;

/** Every second of the window brought decoded pictures, a moving picture and audible sound. */
function expectLiveShow(receiver: GstReceiver, session = 1): void {
  const last = receiver.progress(session).at(-1)!;
  expect({ width: last.width, height: last.height }).toEqual({ width: 640, height: 360 });
  const { newPictures, moved, rmsDb } = liveSeconds(receiver.progress(session), WATCH_S);
  expect(newPictures).toHaveLength(WATCH_S);
  // The source makes 30 pictures a second; a busy machine may slow it, never stop it.
  for (const count of newPictures) expect(count).toBeGreaterThanOrEqual(5);
  for (const count of moved) expect(count).toBeGreaterThanOrEqual(3);
  for (const db of rmsDb) expect(db ?? -Infinity).toBeGreaterThan(AUDIBLE_DB);
}

describe('program out with GStreamer webrtcbin at the far end', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  const receivers: GstReceiver[] = [];
  const statusOf = (pipelineId: string, nodeId: string) => app.engine.metrics(pipelineId)?.nodes.find((n) => n.nodeId === nodeId)?.status.text ?? '';

  beforeAll(async () => {
    ({ app, server } = await programOutRuntime({ SHOWFLOW_RESTREAM_KEY_GST: TOKEN }));
  }, 60_000);

  afterAll(async () => {
    for (const receiver of receivers) receiver.stop();
    await server?.close();
    await app?.close();
  });

  it('GStreamer plays the program over WHEP: moving H.264 pictures and an audible Opus tone every second for 10 s, then DELETEs', async () => {
    const pipelineId = 'program-gst-whep';
    await app.deployments.save(programDocument(pipelineId));
    await app.deployments.deploy(pipelineId);
    await waitFor(() => /fps/.test(statusOf(pipelineId, 'program')), 'the program output to encode frames', 30_000);

    const player = startGstReceiver(['whep', `${server.url}/live/program/${pipelineId}/whep`, String(WATCH_S + 8)]);
    receivers.push(player);
    await waitFor(() => player.events.some((e) => e.event !== 'progress'), `the WHEP answer (stderr: ${player.stderr()})`, 30_000);
    expect(player.events.find((e) => e.event !== 'progress')).toMatchObject({ event: 'answered', status: 201 });
    const outputs = app.services.get(PROGRAM_OUT_SERVICE) as ProgramOutService;
    expect(outputs.get(pipelineId)?.stats().viewers).toBe(1);

    await waitFor(() => liveSeconds(player.progress(), WATCH_S).newPictures.length === WATCH_S, `${WATCH_S} s of decoded pictures (last report: ${JSON.stringify(player.events.at(-1))}; stderr: ${player.stderr()})`, 60_000);
    expectLiveShow(player);

    await waitFor(() => player.events.some((e) => e.event === 'ended'), 'the player to end its session', 30_000);
    expect(player.events.find((e) => e.event === 'ended')).toMatchObject({ status: 200 });
    expect(await player.exited).toBe(0);
    await waitFor(() => outputs.get(pipelineId)?.stats().viewers === 0, 'the runtime to drop the deleted session', 10_000);
    await app.deployments.stop(pipelineId);
  }, 120_000);

  it('WHIP egress publishes to a GStreamer WHIP server: moving pictures and an audible tone every second for 10 s, DELETE on stop', async () => {
    const pipelineId = 'program-gst-whip';
    const whipServer = startGstReceiver(['whip-server', '120', '--token', TOKEN]);
    receivers.push(whipServer);
    await waitFor(() => whipServer.events.some((e) => e.event === 'listening'), `the WHIP server to listen (stderr: ${whipServer.stderr()})`, 30_000);
    const listening = whipServer.events.find((e) => e.event === 'listening') as { url: string };

    await app.deployments.save(whipEgressDocument(pipelineId, { url: listening.url, tokenSecret: 'GST', preset: 'ultrafast' }));
    await app.deployments.deploy(pipelineId);
    await waitFor(() => statusOf(pipelineId, 'whip').startsWith('live'), `the WHIP node to go live (status: ${statusOf(pipelineId, 'whip')})`, 60_000);
    await waitFor(() => liveSeconds(whipServer.progress(), WATCH_S).newPictures.length === WATCH_S, `${WATCH_S} s of decoded pictures (stderr: ${whipServer.stderr()})`, 60_000);
    expectLiveShow(whipServer);

    await app.deployments.stop(pipelineId);
    const requestsSeen = () => whipServer.events.filter((e) => e.event === 'request');
    await waitFor(() => requestsSeen().length >= 2, 'the WHIP server to see the session deleted', 10_000);
    const requests = requestsSeen();
    expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/whip', 201],
      ['DELETE', '/whip/sessions/1', 200],
    ]);
    for (const request of requests) expect(request.authorization).toBe(`Bearer ${TOKEN}`);
  }, 120_000);
});
