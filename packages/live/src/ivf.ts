/** IVF container, the simplest framing ffmpeg accepts for VP8 on a pipe. */
export function ivfFileHeader(width: number, height: number, fourcc = 'VP80'): Buffer {
  const header = Buffer.alloc(32);
  header.write('DKIF', 0, 'ascii');
  header.writeUInt16LE(0, 4); // version
  header.writeUInt16LE(32, 6); // header size
  header.write(fourcc, 8, 'ascii');
  header.writeUInt16LE(width, 12);
  header.writeUInt16LE(height, 14);
  header.writeUInt32LE(90000, 16); // timebase denominator: RTP video clock
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
