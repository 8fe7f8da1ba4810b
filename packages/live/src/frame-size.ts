/** Picture size from the bitstream, so raw decoder output can be cut into frames. */
export interface FrameSize {
  width: number;
  height: number;
}

/** VP8 key frames (RFC 6386 §9.1) carry the size right after the start code 9d 01 2a. */
export function vp8KeyframeSize(frame: Buffer): FrameSize | undefined {
  if (frame.byteLength < 10 || (frame[0] & 0x01) !== 0) return undefined;
  if (frame[3] !== 0x9d || frame[4] !== 0x01 || frame[5] !== 0x2a) return undefined;
  return { width: frame.readUInt16LE(6) & 0x3fff, height: frame.readUInt16LE(8) & 0x3fff };
}

/** Finds the SPS in an Annex-B access unit and reads the coded size minus cropping. */
export function h264KeyframeSize(accessUnit: Buffer): FrameSize | undefined {
  for (const nal of annexBNalUnits(accessUnit)) {
    if ((nal[0] & 0x1f) === 7) return parseSps(removeEmulationPrevention(nal.subarray(1)));
  }
  return undefined;
}

function* annexBNalUnits(data: Buffer): Generator<Buffer> {
  let start = -1;
  for (let i = 0; i + 2 < data.byteLength; i++) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      if (start >= 0) yield data.subarray(start, i > 0 && data[i - 1] === 0 ? i - 1 : i);
      start = i + 3;
      i += 2;
    }
  }
  if (start >= 0 && start < data.byteLength) yield data.subarray(start);
}

function removeEmulationPrevention(data: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < data.byteLength; i++) {
    if (i >= 2 && data[i] === 3 && data[i - 1] === 0 && data[i - 2] === 0) continue;
    out.push(data[i]);
  }
  return Buffer.from(out);
}

class BitReader {
  private bit = 0;
  constructor(private readonly data: Buffer) {}
  u(n: number): number {
    let value = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.data[this.bit >> 3] ?? 0;
      value = (value << 1) | ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return value;
  }
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0 && zeros < 32) zeros++;
    return (1 << zeros) - 1 + this.u(zeros);
  }
  se(): number {
    const k = this.ue();
    return k & 1 ? (k + 1) / 2 : -(k / 2);
  }
}

/** ITU-T H.264 §7.3.2.1.1, only as far as the size fields. */
function parseSps(sps: Buffer): FrameSize | undefined {
  const r = new BitReader(sps);
  const profileIdc = r.u(8);
  r.u(16); // constraint flags, level
  r.ue(); // seq_parameter_set_id
  let chromaFormatIdc = 1;
  if ([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].includes(profileIdc)) {
    chromaFormatIdc = r.ue();
    if (chromaFormatIdc === 3) r.u(1);
    r.ue();
    r.ue();
    r.u(1);
    if (r.u(1)) {
      for (let i = 0; i < (chromaFormatIdc !== 3 ? 8 : 12); i++) {
        if (r.u(1)) skipScalingList(r, i < 6 ? 16 : 64);
      }
    }
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) r.ue();
  else if (pocType === 1) {
    r.u(1);
    r.se();
    r.se();
    const cycle = r.ue();
    for (let i = 0; i < cycle; i++) r.se();
  }
  r.ue(); // max_num_ref_frames
  r.u(1);
  const widthMbs = r.ue() + 1;
  const heightMapUnits = r.ue() + 1;
  const frameMbsOnly = r.u(1);
  if (!frameMbsOnly) r.u(1);
  r.u(1);
  let crop = { left: 0, right: 0, top: 0, bottom: 0 };
  if (r.u(1)) crop = { left: r.ue(), right: r.ue(), top: r.ue(), bottom: r.ue() };
  const cropUnitX = chromaFormatIdc === 0 || chromaFormatIdc === 3 ? 1 : 2;
  const cropUnitY = (chromaFormatIdc === 1 ? 2 : 1) * (2 - frameMbsOnly);
  const width = widthMbs * 16 - cropUnitX * (crop.left + crop.right);
  const height = (2 - frameMbsOnly) * heightMapUnits * 16 - cropUnitY * (crop.top + crop.bottom);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/** VP9 key frames: the uncompressed header (VP9 bitstream spec §6.2) up to frame_size(). */
export function vp9KeyframeSize(frame: Buffer): FrameSize | undefined {
  if (frame.byteLength < 10) return undefined;
  const r = new BitReader(frame);
  if (r.u(2) !== 2) return undefined; // frame_marker
  const profile = r.u(1) | (r.u(1) << 1);
  if (profile === 3) r.u(1);
  if (r.u(1)) return undefined; // show_existing_frame
  if (r.u(1) !== 0) return undefined; // frame_type: not a key frame
  r.u(2); // show_frame, error_resilient_mode
  if (r.u(24) !== 0x498342) return undefined; // frame_sync_code
  if (profile >= 2) r.u(1); // ten_or_twelve_bit
  const colorSpace = r.u(3);
  if (colorSpace !== 7) {
    r.u(1); // color_range
    if (profile === 1 || profile === 3) r.u(3);
  } else if (profile === 1 || profile === 3) r.u(1);
  return { width: r.u(16) + 1, height: r.u(16) + 1 };
}
