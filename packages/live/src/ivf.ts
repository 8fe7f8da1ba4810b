/**
 * IVF container, the simplest framing ffmpeg accepts on a pipe: each frame is one packet
 * with its own timestamp. It carries VP8, VP9, AV1 and (as fourcc H264) Annex-B H.264.
 *
 * The header declares a 1/1000 timebase; the decoder numbers frames 0, 1, 2… and runs with
 * `-fps_mode passthrough`, so the numbers only keep frames in order and name them. (With
 * the RTP clock's 1/90000 and ffmpeg's default constant-rate output, ffmpeg 5.1 repeated each
 * frame thousands of times to fill a 90 000 fps timeline.)
 */
export type IvfFourcc = 'VP80' | 'VP90' | 'AV01' | 'H264';

export function ivfFileHeader(width: number, height: number, fourcc: IvfFourcc = 'VP80'): Buffer {
  const header = Buffer.alloc(32);
  header.write('DKIF', 0, 'ascii');
  header.writeUInt16LE(0, 4); // version
  header.writeUInt16LE(32, 6); // header size
  header.write(fourcc, 8, 'ascii');
  header.writeUInt16LE(width & 0xffff, 12);
  header.writeUInt16LE(height & 0xffff, 14);
  header.writeUInt32LE(1000, 16); // timebase denominator: milliseconds
  header.writeUInt32LE(1, 20); // timebase numerator
  header.writeUInt32LE(0, 24); // frame count unknown for a live stream
  return header;
}

export function ivfFrame(data: Buffer, pts: number): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt32LE(data.byteLength, 0);
  header.writeBigUInt64LE(BigInt(Math.max(0, Math.floor(pts))), 4);
  return Buffer.concat([header, data]);
}
