import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { encodeSample, type SampleKind } from '../test/support/encoded-samples.ts';
import { waitFor } from '../test/support/live-server.ts';
import { decoderFor, type VideoCodec } from './codec-support.ts';
import { FfmpegVideoDecoder, type DecodedFrame, type DecoderFailure } from './video-decoder.ts';

const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
const FRAMES = 20;

function startDecoder(codec: VideoCodec, maxPixels = 3840 * 2160) {
  const frames: DecodedFrame<number>[] = [];
  const failures: DecoderFailure[] = [];
  const undecodable: number[] = [];
  const decoder = new FfmpegVideoDecoder<number>({
    codec,
    decoder: decoderFor(FFMPEG, codec)!,
    ffmpegPath: FFMPEG,
    maxPixels,
    onFrame: (frame) => frames.push(frame),
    onFailure: (failure) => failures.push(failure),
    onUndecodable: (input) => undecodable.push(input),
  });
  return { decoder, frames, failures, undecodable };
}

describe('ffmpeg video decoder', () => {
  it.each<[SampleKind, VideoCodec]>([
    ['vp8', 'vp8'],
    ['vp9', 'vp9'],
    ['av1', 'av1'],
    ['h264-baseline', 'h264'],
    ['h264-main', 'h264'],
    ['h264-high', 'h264'],
  ])('gives exactly one I420 picture per %s frame, in order', async (kind, codec) => {
    const sample = await encodeSample(kind, FRAMES);
    expect(sample.frames).toHaveLength(FRAMES);
    const { decoder, frames, failures } = startDecoder(codec);
    sample.frames.forEach((frame, i) => decoder.write(frame, i));
    await waitFor(() => frames.length >= FRAMES || failures.length > 0, `${FRAMES} decoded ${kind} pictures`, 20_000);
    // More pictures than frames would show up shortly after: give the decoder time to show any.
    await sleep(500);
    decoder.close();
    expect(failures).toEqual([]);
    expect(frames.map((f) => f.input)).toEqual([...Array(FRAMES).keys()]);
    const [first] = frames;
    expect([first.width, first.height]).toEqual([320, 180]);
    expect(first.data.byteLength).toBe(320 * 180 + 2 * 160 * 90);
    // testsrc2 moves: consecutive pictures differ, and the luma plane is not flat.
    expect(frames[1].data.equals(frames[2].data)).toBe(false);
    const luma = first.data.subarray(0, 320 * 180);
    expect(Math.max(...luma) - Math.min(...luma)).toBeGreaterThan(100);
  });

  it('refuses a picture above the pixel limit with SF612 and stops', async () => {
    const sample = await encodeSample('vp8', 3);
    const { decoder, frames, failures } = startDecoder('vp8', 320 * 180 - 1);
    sample.frames.forEach((frame, i) => decoder.write(frame, i));
    await waitFor(() => failures.length > 0, 'the size refusal', 20_000);
    expect(failures[0].code).toBe('SF612');
    expect(failures[0].message).toMatch(/320×180/);
    expect(frames).toEqual([]);
    expect(decoder.isClosed).toBe(true);
  });

  const GOOD_AROUND_CORRUPT = [0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];

  /** Frames 0–4, three corrupt frames (inputs -5, -6, -7), then frames 10–19 from the next key frame. */
  async function decodeAroundCorruptFrames(kind: SampleKind, codec: VideoCodec, corrupt: (i: number) => Buffer) {
    const sample = await encodeSample(kind, FRAMES);
    const run = startDecoder(codec);
    sample.frames.slice(0, 5).forEach((frame, i) => run.decoder.write(frame, i));
    for (let i = 5; i < 8; i++) run.decoder.write(corrupt(i), -i);
    sample.frames.slice(10).forEach((frame, i) => run.decoder.write(frame, 10 + i));
    await waitFor(() => run.frames.filter((f) => f.input >= 10).length >= 10 || run.failures.length > 0, 'pictures after the corrupt frames', 20_000);
    await sleep(300);
    run.decoder.close();
    return run;
  }

  it('survives corrupt frames between good ones and keeps decoding after the next key frame', async () => {
    // Corrupt inter frames whose first byte still says "shown" (0x10), so a picture is owed for each.
    const { frames, failures, undecodable } = await decodeAroundCorruptFrames('vp8', 'vp8', (i) =>
      Buffer.from(Array.from({ length: 300 }, (_, j) => (j === 0 ? 0x11 : (j * 37 + i) & 0xff))),
    );
    expect(failures).toEqual([]);
    expect(undecodable).toEqual([-5, -6, -7]);
    // Every picture is matched with its own input, also after the undecodable ones.
    expect(frames.map((f) => f.input)).toEqual(GOOD_AROUND_CORRUPT);
  });

  it('matches H.264 pictures with their own inputs around corrupt slices, whether concealed or refused', async () => {
    // A non-IDR slice NAL with garbage after its header: the decoder refuses some and conceals others.
    const { frames, failures, undecodable } = await decodeAroundCorruptFrames('h264-baseline', 'h264', (i) =>
      Buffer.concat([Buffer.from([0, 0, 0, 1, 0x41]), Buffer.from(Array.from({ length: 300 }, (_, j) => (j * 37 + i) & 0xff))]),
    );
    expect(failures).toEqual([]);
    expect(frames.map((f) => f.input).filter((input) => input >= 0)).toEqual(GOOD_AROUND_CORRUPT);
    // Each corrupt frame is answered exactly once, in order: a concealed picture or "undecodable".
    const answered = [...undecodable, ...frames.map((f) => f.input).filter((input) => input < 0)];
    expect(answered.sort((a, b) => b - a)).toEqual([-5, -6, -7]);
  });
});
