import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Event, RtpHeader, RtpPacket, type MediaStreamTrack, type RTCRtpReceiver } from 'werift';
import { encodeSample } from '../test/support/encoded-samples.ts';
import { waitFor } from '../test/support/live-server.ts';
import { decoderFor } from './codec-support.ts';
import { MIN_PLI_GAP_MS, VideoTrackIngest, type IngestedPicture } from './video-ingest.ts';

const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';

/**
 * A received VP8 track as werift hands it on: real RTP packets (RFC 7741 payload descriptor,
 * marker on a frame's last packet) of frames from a real encoder. Only the peer connection
 * around it is left out.
 */
class Vp8Track {
  readonly ssrc = 1234;
  readonly onReceiveRtp = new Event<[RtpPacket]>();
  readonly onRtcp = new Event<[unknown]>();
  plis = 0;
  lastPliAt = -Infinity;
  private seq = 0;

  track(): MediaStreamTrack {
    return this as unknown as MediaStreamTrack;
  }

  receiver(): RTCRtpReceiver {
    const sendRtcpPLI = async () => {
      this.plis++;
      this.lastPliAt = Date.now();
    };
    return { onRtcp: this.onRtcp, sendRtcpPLI } as unknown as RTCRtpReceiver;
  }

  sendFrame(frame: Buffer, timestamp: number): void {
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < frame.byteLength; offset += 1100) chunks.push(frame.subarray(offset, offset + 1100));
    chunks.forEach((chunk, i) => this.sendPayload(Buffer.concat([Buffer.from([i === 0 ? 0x10 : 0x00]), chunk]), timestamp, i === chunks.length - 1));
  }

  sendPayload(payload: Buffer, timestamp: number, marker: boolean): void {
    const header = new RtpHeader({ payloadType: 96, sequenceNumber: this.seq++ & 0xffff, timestamp, ssrc: this.ssrc, marker });
    this.onReceiveRtp.execute(new RtpPacket(header, payload));
  }
}

function receive(maxDecoderBacklog?: number) {
  const sender = new Vp8Track();
  const pictures: IngestedPicture[] = [];
  const failures: string[] = [];
  let dropped = 0;
  let media = 0;
  const ingest = new VideoTrackIngest(
    sender.track(),
    sender.receiver(),
    { codec: 'vp8', decoder: decoderFor(FFMPEG, 'vp8')!, ffmpegPath: FFMPEG, maxPixels: 1920 * 1080, maxDecoderBacklog },
    {
      onPicture: (picture) => pictures.push(picture),
      onDropped: (count) => (dropped += count),
      onMedia: () => media++,
      onFailure: (failure) => failures.push(failure.code),
    },
  );
  return { sender, ingest, pictures, failures, dropped: () => dropped, media: () => media };
}

describe('VP8 track ingest', () => {
  it('drops to the next key frame when the decoder falls behind, asks for one, and accounts for every frame', async () => {
    const sample = await encodeSample('vp8', 40, '320x180', 10);
    const { sender, ingest, pictures, failures, dropped } = receive(2);
    // The decoder is up (its first picture out) before the burst.
    sender.sendFrame(sample.frames[0], 0);
    await waitFor(() => pictures.length === 1, 'the first picture', 20_000);
    // The key frame asked for at the start spaces the next request: on a fast host the first
    // picture comes sooner than that, and the burst's request would be held back by it.
    await waitFor(() => Date.now() - sender.lastPliAt > MIN_PLI_GAP_MS, 'the start’s key frame request to age', 5_000);
    const plisAtStart = sender.plis;
    // A burst far faster than any decoder: the other 39 frames in one go.
    sample.frames.slice(1).forEach((frame, i) => sender.sendFrame(frame, (i + 1) * 3000));
    await waitFor(() => pictures.length + dropped() >= 40, 'every frame decoded or counted as dropped', 20_000);
    await sleep(300);
    ingest.stop();
    expect(failures).toEqual([]);
    expect(dropped()).toBeGreaterThan(0);
    expect(pictures.length).toBeGreaterThan(0);
    expect(pictures.length + dropped()).toBe(40);
    expect(sender.plis).toBeGreaterThan(plisAtStart);
    expect(pictures.every((p) => p.clock === 'arrival' && p.width === 320 && p.height === 180)).toBe(true);
    expect(pictures.map((p) => p.seq)).toEqual([...pictures.keys()]);
  });

  it('survives corrupt RTP payloads: drops what it cannot use and decodes again from the next key frame', async () => {
    const sample = await encodeSample('vp8', 20, '320x180', 10);
    const { sender, ingest, pictures, failures, dropped, media } = receive();
    let ts = 0;
    for (const frame of sample.frames.slice(0, 5)) {
      sender.sendFrame(frame, (ts += 3000));
      await sleep(20);
    }
    await waitFor(() => pictures.length >= 5, 'pictures before the corruption', 20_000);
    // Garbage payloads, as from a broken sender or a bit-flipping path.
    for (let i = 0; i < 20; i++) {
      const junk = Buffer.from(Array.from({ length: 50 + i * 13 }, (_, j) => (j * 97 + i * 31) & 0xff));
      sender.sendPayload(junk, (ts += 3000), i % 2 === 0);
    }
    for (const frame of sample.frames.slice(10)) {
      sender.sendFrame(frame, (ts += 3000));
      await sleep(20);
    }
    await waitFor(() => pictures.length >= 15, 'pictures after the next key frame', 20_000);
    ingest.stop();
    expect(failures.every((code) => code === 'SF608')).toBe(true);
    expect(dropped()).toBeGreaterThan(0);
    expect(media()).toBeGreaterThan(40);
  });
});
