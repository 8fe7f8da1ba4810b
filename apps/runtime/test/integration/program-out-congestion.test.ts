import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@showflow/live/testing';
import { PROGRAM_OUT_SERVICE, type ProgramOutService } from '@showflow/program-out';
import { connectWhepReceiver, type WhepReceiver } from '@showflow/program-out/testing';
import type { RtpPacket } from 'werift';
import type { RuntimeServer } from '../../src/api/http.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { programDocument, programOutRuntime } from '../fixtures/program-out.ts';

const PIPELINE = 'program-congestion';
/** The longest keyframe interval: a keyframe sooner than this after another was asked for. */
const GOP_S = 4;

interface Arrival {
  seq: number;
  timestamp: number;
  keyframe: boolean;
}

/** Keeps what a receiver got, in order. */
function record(receiver: WhepReceiver): Arrival[] {
  const arrivals: Arrival[] = [];
  receiver.onVideo((packet: RtpPacket) => {
    const type = packet.payload[0] & 0x1f;
    const keyframe = type === 7 || (type === 24 && (packet.payload[3] & 0x1f) === 7);
    arrivals.push({ seq: packet.header.sequenceNumber, timestamp: packet.header.timestamp, keyframe });
  });
  return arrivals;
}

describe('program out under congestion: picture loss, lost packets, a viewer falling behind', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  let viewers: WhepReceiver[] = [];
  const output = () => (app.services.get(PROGRAM_OUT_SERVICE) as ProgramOutService).get(PIPELINE)!;
  const statsOf = (r: WhepReceiver) => output().stats().perViewer.find((v) => r.location.endsWith(v.id))!;

  beforeAll(async () => {
    ({ app, server } = await programOutRuntime());
    await app.deployments.save(programDocument(PIPELINE, { keyframeIntervalS: GOP_S, hls: false }));
    await app.deployments.deploy(PIPELINE);
    const endpoint = `${server.url}/live/program/${PIPELINE}/whep`;
    await waitFor(() => (output()?.stats().framesIn ?? 0) > 10, 'the program to encode frames', 30_000);
    viewers = [await connectWhepReceiver(endpoint), await connectWhepReceiver(endpoint)];
    await waitFor(() => viewers.every((v) => v.counters.keyframes > 0), 'both receivers to start at a keyframe', 45_000);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(viewers.map((v) => v.close()));
    await server?.close();
    await app?.close();
  });

  it('a PLI gets every viewer a keyframe sooner than the interval, and a viewer repeating it gets no more than one', async () => {
    const [a, b] = viewers;
    const arrivalsB = record(b);
    const keyframesB = () => [...new Set(arrivalsB.filter((p) => p.keyframe).map((p) => p.timestamp))];
    await waitFor(() => keyframesB().length >= 1, 'a keyframe of the encoder\'s own interval', 30_000);
    const [previous] = keyframesB();
    const forcedBefore = output().stats().keyframesForced;
    await a.sendPli();
    await waitFor(() => output().stats().keyframesForced > forcedBefore, 'the PLI to force a keyframe', 15_000);
    // B never asked, yet gets the forced keyframe from the shared encoder: sooner after the
    // previous one than the interval, by the media clock (90 kHz), whatever the machine's load.
    await waitFor(() => keyframesB().length >= 2, 'the forced keyframe to reach the other viewer', 15_000);
    const gap = (keyframesB()[1] - previous) >>> 0;
    expect(gap).toBeLessThan(GOP_S * 90_000 * 0.9);
    expect(statsOf(a).plis).toBe(1);
    expect(statsOf(b).plis).toBe(0);

    // Five more PLIs at once from the same viewer: all counted, at most one more keyframe forced.
    const forced = output().stats().keyframesForced;
    const requests = output().stats().keyframeRequests;
    await Promise.all(Array.from({ length: 5 }, () => a.sendPli()));
    await waitFor(() => output().stats().keyframeRequests >= requests + 5, 'the five requests to arrive', 15_000);
    expect(output().stats().keyframesForced - forced).toBeLessThanOrEqual(1);
  }, 90_000);

  it('answers a NACK by sending the lost packet again', async () => {
    const [a] = viewers;
    const arrivals = record(a);
    await waitFor(() => arrivals.length > 20, 'video packets', 15_000);
    const wanted = arrivals[arrivals.length - 5].seq;
    await a.sendNack([wanted]);
    await waitFor(() => arrivals.filter((p) => p.seq === wanted).length >= 2, `packet ${wanted} to arrive a second time`, 15_000);
    expect(statsOf(a).nacks).toBeGreaterThanOrEqual(1);
    expect(statsOf(a).resyncs).toBe(0);
  }, 60_000);

  it('a viewer asking for packets long gone skips to the next keyframe without a gap in its numbering, and the other viewer is not held up', async () => {
    const [a, b] = viewers;
    const arrivalsA = record(a);
    const arrivalsB = record(b);
    await waitFor(() => arrivalsB.length > 20, 'video packets', 15_000);
    const mark = arrivalsB.length;
    // A packet from more than werift's 128-packet history ago: it cannot be sent again.
    await b.sendNack([(arrivalsB[mark - 1].seq - 1000 + 0x10000) & 0xffff]);
    await waitFor(() => statsOf(b).resyncs === 1, 'the viewer to be marked as fallen behind', 15_000);
    await waitFor(() => arrivalsB.slice(mark).some((p) => p.keyframe), 'the viewer to get video again from a keyframe', 30_000);
    const after = arrivalsB.slice(mark);
    const resumedAt = after.findIndex((p) => p.keyframe);
    // Until the keyframe only packets already on their way arrived; from it on video flows again.
    await waitFor(() => arrivalsB.length - mark > resumedAt + 20, 'video after the keyframe', 15_000);
    // No gap in its sequence numbers across the skip: it has nothing to NACK.
    const seqs = arrivalsB.slice(mark).map((p) => p.seq);
    const gaps = seqs.slice(1).filter((seq, i) => ((seq - seqs[i] + 0x10000) & 0xffff) !== 1);
    expect(gaps.length).toBeLessThanOrEqual(1); // one reordered pair at most on loopback
    // Its picture's clock went on across the skip (timestamps jump forward, never back).
    const resumed = after[resumedAt];
    expect(((resumed.timestamp - after[Math.max(0, resumedAt - 1)].timestamp) >>> 0) < 0x80000000).toBe(true);
    // The other viewer got video all along: more packets than the viewer that skipped.
    expect(arrivalsA.length).toBeGreaterThan(arrivalsB.length - mark - resumedAt);
    expect(statsOf(a).resyncs).toBe(0);
    expect(statsOf(b).waitingForKeyframe).toBe(false);
  }, 90_000);
});
