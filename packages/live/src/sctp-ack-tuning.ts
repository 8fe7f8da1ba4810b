import type { RTCPeerConnection } from 'werift';

interface SctpInternals {
  receiveDataChunk(chunk: unknown): void;
  sackImmediate: boolean;
  sackHasNewDataInPacket: boolean;
  sackMisOrdered: Set<number>;
}

const patched = new WeakSet<object>();

/**
 * werift 0.25 acknowledges every SCTP DATA packet at once; each SACK is a DTLS record
 * (a cipher set-up and a UDP send), which capped ingest near 20 fps of 720p JPEG on a
 * busy 2-core machine while Chromium→Chromium carried the same load at 30 fps. RFC 9260
 * §6.2 delayed acknowledgement (every second packet; werift still acks gaps and duplicates
 * at once and flushes within 200 ms) halves that work. Internal API: pinned werift version.
 */
export function useDelayedSctpAcks(pc: RTCPeerConnection): void {
  const sctp = (pc.sctpTransport as unknown as { sctp?: SctpInternals } | undefined)?.sctp;
  if (!sctp) return;
  const proto = Object.getPrototypeOf(sctp) as SctpInternals;
  if (patched.has(proto) || typeof proto.receiveDataChunk !== 'function') return;
  patched.add(proto);
  const original = proto.receiveDataChunk;
  proto.receiveDataChunk = function (this: SctpInternals, chunk: unknown) {
    const alreadyImmediate = this.sackImmediate;
    const hadNewData = this.sackHasNewDataInPacket;
    original.call(this, chunk);
    const inOrderNewData = this.sackHasNewDataInPacket && !hadNewData && this.sackMisOrdered.size === 0;
    if (inOrderNewData && !alreadyImmediate) this.sackImmediate = false;
  };
}
