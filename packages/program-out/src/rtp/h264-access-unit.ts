/**
 * Looks inside H.264 RTP payloads (RFC 6184) for where a viewer can start decoding.
 * The encoder repeats SPS/PPS before every IDR, so the packet that carries an SPS opens
 * a decodable access unit: single NAL units, STAP-A aggregates (ffmpeg packs SPS, PPS
 * and small NALs into these) and FU-A fragments are all looked at.
 */
const NAL_IDR = 5;
const NAL_SPS = 7;
const STAP_A = 24;
const FU_A = 28;

/** NAL unit types carried by one RTP payload (for FU-A only the first fragment counts). */
export function nalTypesOf(payload: Uint8Array): number[] {
  if (payload.length < 1) return [];
  const type = payload[0] & 0x1f;
  if (type === STAP_A) {
    const types: number[] = [];
    let at = 1;
    while (at + 2 < payload.length) {
      const size = (payload[at] << 8) | payload[at + 1];
      if (size === 0 || at + 2 + size > payload.length) break;
      types.push(payload[at + 2] & 0x1f);
      at += 2 + size;
    }
    return types;
  }
  if (type === FU_A) {
    if (payload.length < 2 || !(payload[1] & 0x80)) return [];
    return [payload[1] & 0x1f];
  }
  return [type];
}

/** True for the packet a new viewer's video should begin with. */
export function startsKeyframe(payload: Uint8Array): boolean {
  return nalTypesOf(payload).includes(NAL_SPS);
}

/** True for any packet of an IDR picture (used to count keyframes). */
export function carriesIdr(payload: Uint8Array): boolean {
  return nalTypesOf(payload).includes(NAL_IDR);
}
