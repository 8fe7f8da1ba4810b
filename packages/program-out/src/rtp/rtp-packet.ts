/** The fields of an RTP packet (RFC 3550) the fan-out needs, read without copying. */
export interface RtpView {
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  /** The payload after the fixed header, CSRCs and header extension. */
  payload: Buffer;
}

/** RTCP shares the port (ffmpeg's rtcpport points at the RTP socket): types 200–204. */
export function isRtcp(packet: Buffer): boolean {
  return packet.length >= 2 && packet[1] >= 200 && packet[1] <= 204;
}

export function readRtp(packet: Buffer): RtpView | undefined {
  if (packet.length < 12 || packet[0] >> 6 !== 2 || isRtcp(packet)) return undefined;
  const csrcCount = packet[0] & 0x0f;
  let offset = 12 + csrcCount * 4;
  if (packet[0] & 0x10) {
    if (packet.length < offset + 4) return undefined;
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  let end = packet.length;
  if (packet[0] & 0x20) end -= packet[packet.length - 1];
  if (end < offset) return undefined;
  return {
    payloadType: packet[1] & 0x7f,
    marker: (packet[1] & 0x80) !== 0,
    sequenceNumber: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    payload: packet.subarray(offset, end),
  };
}
