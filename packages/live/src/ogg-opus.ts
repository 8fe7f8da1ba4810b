/**
 * Ogg Opus framing (RFC 7845) for Opus packets received over RTP, so ffmpeg can decode
 * them from a pipe: an ID header page, a comment header page, then one page per packet.
 * Pre-skip is 0, so the decoder returns exactly `opusPacketSamples` samples per packet
 * and decoded samples can be matched with the RTP timestamps they came from.
 */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function oggCrc(data: Buffer): number {
  let crc = 0;
  for (const byte of data) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]) >>> 0;
  return crc;
}

export class OggOpusWriter {
  private pageSeq = 0;
  private granule = 0n;
  private readonly serial = (Math.random() * 0xffffffff) >>> 0;

  /** The two header pages that open the stream. */
  headers(channels: 1 | 2): Buffer {
    const head = Buffer.alloc(19);
    head.write('OpusHead', 0, 'ascii');
    head[8] = 1; // version
    head[9] = channels;
    head.writeUInt16LE(0, 10); // pre-skip
    head.writeUInt32LE(48000, 12); // input sample rate (informational)
    head.writeInt16LE(0, 16); // output gain
    head[18] = 0; // channel mapping family: mono/stereo
    const vendor = 'showflow';
    const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
    tags.write('OpusTags', 0, 'ascii');
    tags.writeUInt32LE(vendor.length, 8);
    tags.write(vendor, 12, 'ascii');
    tags.writeUInt32LE(0, 12 + vendor.length);
    return Buffer.concat([this.page(head, 0x02, 0n), this.page(tags, 0x00, 0n)]);
  }

  /** One page carrying one Opus packet. */
  packet(opus: Buffer): Buffer {
    this.granule += BigInt(opusPacketSamples(opus));
    return this.page(opus, 0x00, this.granule);
  }

  private page(packet: Buffer, headerType: number, granule: bigint): Buffer {
    const lacing: number[] = [];
    let left = packet.byteLength;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left);
    const header = Buffer.alloc(27 + lacing.length);
    header.write('OggS', 0, 'ascii');
    header[4] = 0; // version
    header[5] = headerType;
    header.writeBigUInt64LE(granule, 6);
    header.writeUInt32LE(this.serial, 14);
    header.writeUInt32LE(this.pageSeq++, 18);
    header.writeUInt32LE(0, 22); // CRC, filled below
    header[26] = lacing.length;
    Buffer.from(lacing).copy(header, 27);
    const page = Buffer.concat([header, packet]);
    page.writeUInt32LE(oggCrc(page), 22);
    return page;
  }
}

/** Samples at 48 kHz in an Opus packet, from its TOC byte (RFC 6716 §3.1); 0 when malformed. */
export function opusPacketSamples(packet: Buffer): number {
  if (packet.byteLength < 1) return 0;
  const toc = packet[0];
  const config = toc >> 3;
  let frameSamples: number;
  if (config < 12) frameSamples = [480, 960, 1920, 2880][config & 3];
  else if (config < 16) frameSamples = [480, 960][config & 1];
  else frameSamples = [120, 240, 480, 960][config & 3];
  const code = toc & 3;
  let frames = 1;
  if (code === 1 || code === 2) frames = 2;
  else if (code === 3) {
    if (packet.byteLength < 2) return 0;
    frames = packet[1] & 0x3f;
  }
  return frames * frameSamples;
}
