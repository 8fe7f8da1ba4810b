import type { InputPicture } from './encoder-settings.ts';

/**
 * The program's raw pictures on ffmpeg's stdin as a minimal live Matroska stream (one
 * uncompressed I420 track, one cluster per frame) instead of bare rawvideo, for one reason:
 * each frame then carries a timestamp we choose, and a timestamp can carry a keyframe
 * request. Timestamps count tenths of a millisecond; an ordinary frame sits on a whole
 * millisecond, a frame that must be a keyframe one tenth later, and ffmpeg's
 * `-force_key_frames` expression (KEYFRAME_REQUEST_EXPR) turns exactly those into IDRs.
 * Nothing else in the picture or its timing changes (0.1 ms is 9 ticks of the 90 kHz clock).
 */

/** Timestamp unit: 100 µs (Matroska's TimestampScale is in ns). */
const TIMESTAMP_SCALE_NS = 100_000;
const UNITS_PER_MS = 1_000_000 / TIMESTAMP_SCALE_NS;

/** For ffmpeg's `-force_key_frames`: true for frames whose timestamp marks a request. */
export const KEYFRAME_REQUEST_EXPR = `expr:eq(mod(round(t*${1000 * UNITS_PER_MS}),${UNITS_PER_MS}),1)`;

/**
 * Requested keyframes, plus one every `intervalS` of real time: frames come when the graph
 * makes them, so a GOP counted in frames would stretch (and HLS segments with it) whenever
 * the graph runs below its nominal rate.
 */
export function keyframeSchedule(intervalS: number): string {
  return `${KEYFRAME_REQUEST_EXPR}+isnan(prev_forced_t)+gte(t,prev_forced_t+${intervalS})`;
}

const UNKNOWN_SIZE = Buffer.from('01ffffffffffffff', 'hex');

function sizeVint(n: number): Buffer {
  for (let length = 1; length <= 8; length++) {
    // All-ones is reserved (unknown size).
    if (n < 2 ** (7 * length) - 1) {
      const bytes = Buffer.alloc(length);
      let rest = n;
      for (let i = length - 1; i >= 0; i--) {
        bytes[i] = rest % 256;
        rest = Math.floor(rest / 256);
      }
      bytes[0] |= 1 << (8 - length);
      return bytes;
    }
  }
  throw new Error(`EBML size ${n} too large`);
}

const element = (id: string, ...body: Buffer[]) => {
  const data = Buffer.concat(body);
  return Buffer.concat([Buffer.from(id, 'hex'), sizeVint(data.length), data]);
};
const uint = (id: string, value: number) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  let skip = 0;
  while (skip < 7 && bytes[skip] === 0) skip++;
  return element(id, bytes.subarray(skip));
};
const text = (id: string, value: string) => element(id, Buffer.from(value, 'ascii'));

/** EBML header, an open-ended Segment, Info and the one video track. */
export function matroskaHeader(picture: InputPicture): Buffer {
  const colour = element('55b0', uint('55b9', 2)); // Range: full (frames carry full-range BT.601)
  const video = element('e0', uint('b0', picture.width), uint('ba', picture.height), element('2eb524', Buffer.from('I420', 'ascii')), colour);
  const track = element('ae', uint('d7', 1), uint('73c5', 1), uint('83', 1), uint('9c', 0), text('86', 'V_UNCOMPRESSED'), video);
  return Buffer.concat([
    element('1a45dfa3', uint('4286', 1), uint('42f7', 1), uint('42f2', 4), uint('42f3', 8), text('4282', 'matroska'), uint('4287', 4), uint('4285', 2)),
    Buffer.from('18538067', 'hex'),
    UNKNOWN_SIZE,
    element('1549a966', uint('2ad7b1', TIMESTAMP_SCALE_NS), text('4d80', 'showflow'), text('5741', 'showflow')),
    element('1654ae6b', track),
  ]);
}

/**
 * Numbers frames in tenths of a millisecond since the stream began: strictly increasing,
 * on a whole millisecond unless the frame is a requested keyframe.
 */
export class FrameClock {
  private last = -UNITS_PER_MS;

  constructor(private readonly startedAt: number) {}

  stamp(at: number, keyframe: boolean): number {
    let units = Math.max(0, Math.floor(at - this.startedAt)) * UNITS_PER_MS;
    if (units <= this.last) units = (Math.floor(this.last / UNITS_PER_MS) + 1) * UNITS_PER_MS;
    if (keyframe) units += 1;
    this.last = units;
    return units;
  }
}

/**
 * Everything of a frame's cluster before the picture bytes: Cluster, its Timestamp, and a
 * SimpleBlock header (track 1, relative time 0, keyframe flag). The picture follows as is.
 */
export function clusterPrefix(timestamp: number, pictureBytes: number): Buffer {
  const blockHeader = Buffer.from([0x81, 0x00, 0x00, 0x80]);
  const blockPrefix = Buffer.concat([Buffer.from('a3', 'hex'), sizeVint(blockHeader.length + pictureBytes), blockHeader]);
  const stamp = uint('e7', timestamp);
  const clusterSize = stamp.length + blockPrefix.length + pictureBytes;
  return Buffer.concat([Buffer.from('1f43b675', 'hex'), sizeVint(clusterSize), stamp, blockPrefix]);
}
