import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { OpusPacketDecoder, opusPacketSamples } from './opus-packet-decoder.ts';

const run = promisify(execFile);

/** Opus packets of a real libopus encode (20 ms frames), cut out of ffmpeg's Ogg output. */
async function encodeTone(hz: number, seconds: number): Promise<Buffer[]> {
  const { stdout } = await run(
    process.env.FFMPEG_PATH ?? 'ffmpeg',
    ['-loglevel', 'error', '-f', 'lavfi', '-i', `sine=f=${hz}:d=${seconds}`, '-ac', '2', '-c:a', 'libopus', '-frame_duration', '20', '-f', 'ogg', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
  );
  const packets: Buffer[] = [];
  let parts: Buffer[] = [];
  for (let page = 0; page < stdout.length; ) {
    const segments = stdout[page + 26];
    let at = page + 27 + segments;
    for (const length of stdout.subarray(page + 27, page + 27 + segments)) {
      parts.push(stdout.subarray(at, at + length));
      at += length;
      if (length < 255) {
        packets.push(Buffer.concat(parts));
        parts = [];
      }
    }
    page = at;
  }
  return packets.slice(2); // OpusHead and OpusTags
}

it('decodes each RTP-sized Opus packet into its own 20 ms of stereo samples at the tone’s pitch', async () => {
  const packets = await encodeTone(440, 1);
  const decoder = new OpusPacketDecoder(2);
  await decoder.ready;
  const left: number[] = [];
  for (const packet of packets) {
    const pcm = decoder.decode(packet);
    expect(pcm?.frames).toBe(opusPacketSamples(packet));
    expect(pcm!.channelData).toHaveLength(2);
    left.push(...pcm!.channelData[0]);
  }
  expect(opusPacketSamples(packets[0])).toBe(960);
  // Zero crossings over the middle half second: 440 Hz crosses zero twice a cycle.
  const tail = left.slice(12_000, 36_000);
  const crossings = tail.filter((x, i) => i > 0 && Math.sign(x) !== Math.sign(tail[i - 1]) && x !== 0).length;
  expect(Math.abs(crossings - 440)).toBeLessThanOrEqual(4);
  decoder.close();
});

it('refuses a packet libopus cannot decode and keeps decoding the next ones', async () => {
  const [good] = await encodeTone(440, 0.1);
  const decoder = new OpusPacketDecoder(2);
  await decoder.ready;
  // TOC code 3 with a frame count of 0 is invalid (RFC 6716 §3.2.5).
  expect(decoder.decode(Buffer.from([0xfb, 0x00]))).toBeUndefined();
  expect(decoder.decode(good)?.frames).toBe(960);
  decoder.close();
  expect(decoder.decode(good)).toBeUndefined();
});
