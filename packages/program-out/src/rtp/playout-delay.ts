import { RTCRtpHeaderExtensionParameters, type RTCRtpTransceiver } from 'werift';

/**
 * The playout-delay RTP header extension: the sender tells the receiver how long it may
 * hold frames before showing them. WebRTC receivers that know it (Chromium's) otherwise
 * size their video jitter buffer from the frame-arrival jitter they see, and on a busy
 * host that grew to 120–220 ms, most of a WHEP viewer's latency. A live show wants the
 * picture now: "at most `maxMs`" caps that buffer. Receivers that do not offer it are
 * sent plain packets (decision 0093).
 */
export const PLAYOUT_DELAY_URI = 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay';

/** The extension's values are 12-bit counts of 10 ms. */
const UNIT_MS = 10;
const MAX_VALUE = 0xfff;

/** The program peer's offer of the extension (the answer takes the viewer's id for it). */
export function playoutDelayExtension(): RTCRtpHeaderExtensionParameters {
  return new RTCRtpHeaderExtensionParameters({ uri: PLAYOUT_DELAY_URI, id: 5 });
}

/** The id the viewer's offer gave the extension, once negotiated; undefined when it did not offer it. */
export function negotiatedPlayoutDelayId(transceiver: RTCRtpTransceiver | undefined): number | undefined {
  return transceiver?.headerExtensions.find((extension) => extension.uri === PLAYOUT_DELAY_URI)?.id;
}

export interface PlayoutDelay {
  minMs: number;
  maxMs: number;
}

/**
 * A copy of `packet` (an RTP packet without a header extension, as ffmpeg sends them) that
 * carries the playout delay in a one-byte header extension (RFC 8285) with `id`.
 */
export function withPlayoutDelay(packet: Buffer, id: number, delay: PlayoutDelay): Buffer {
  if (id < 1 || id > 14) throw new RangeError(`a one-byte header extension id is 1–14, not ${id}`);
  if (packet[0] & 0x10) throw new Error('the packet already has a header extension');
  const headerEnd = 12 + (packet[0] & 0x0f) * 4;
  const min = Math.min(MAX_VALUE, Math.round(delay.minMs / UNIT_MS));
  const max = Math.min(MAX_VALUE, Math.round(delay.maxMs / UNIT_MS));
  const extension = Buffer.from([
    0xbe, 0xde, 0x00, 0x01, // one-byte profile, one 32-bit word of elements
    (id << 4) | 2, // id, length − 1 (three bytes)
    min >> 4, ((min & 0x0f) << 4) | (max >> 8), max & 0xff,
  ]);
  const out = Buffer.concat([packet.subarray(0, headerEnd), extension, packet.subarray(headerEnd)]);
  out[0] |= 0x10;
  return out;
}
