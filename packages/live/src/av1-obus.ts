/**
 * The AV1 RTP depacketizer may leave the last OBU of a temporal unit without its size field
 * (allowed on the wire); IVF and ffmpeg expect the low-overhead format, where every OBU has
 * one and a temporal unit starts with a temporal delimiter (AV1 spec §5.2, Annex B is not used).
 * Returns undefined for a malformed unit.
 */
const OBU_TEMPORAL_DELIMITER = 2;

export function av1LowOverheadTemporalUnit(unit: Buffer): Buffer | undefined {
  const parts: Buffer[] = [Buffer.from([OBU_TEMPORAL_DELIMITER << 3 | 0x02, 0x00])];
  let offset = 0;
  while (offset < unit.byteLength) {
    const header = unit[offset];
    if (header & 0x80) return undefined; // forbidden bit
    const type = (header >> 3) & 0x0f;
    const headerBytes = header & 0x04 ? 2 : 1;
    if (offset + headerBytes > unit.byteLength) return undefined;
    let payloadStart = offset + headerBytes;
    let payloadSize: number;
    if (header & 0x02) {
      const size = readLeb128(unit, payloadStart);
      if (!size) return undefined;
      payloadStart += size.bytes;
      payloadSize = size.value;
    } else {
      payloadSize = unit.byteLength - payloadStart;
    }
    const payloadEnd = payloadStart + payloadSize;
    if (payloadEnd > unit.byteLength) return undefined;
    if (type !== OBU_TEMPORAL_DELIMITER) {
      const obuHeader = Buffer.from(unit.subarray(offset, offset + headerBytes));
      obuHeader[0] |= 0x02;
      parts.push(obuHeader, leb128(payloadSize), unit.subarray(payloadStart, payloadEnd));
    }
    offset = payloadEnd;
  }
  return Buffer.concat(parts);
}

function readLeb128(data: Buffer, offset: number): { value: number; bytes: number } | undefined {
  let value = 0;
  for (let i = 0; i < 8 && offset + i < data.byteLength; i++) {
    const byte = data[offset + i];
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (!(byte & 0x80)) return { value, bytes: i + 1 };
  }
  return undefined;
}

function leb128(value: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return Buffer.from(bytes);
}
