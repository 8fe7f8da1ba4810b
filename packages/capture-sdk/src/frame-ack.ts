/**
 * Frame acknowledgements: the receiver of chunked frames answers each frame it finished
 * (delivered or rejected) with its seq, on the same channel. The sender keeps at most a few
 * frames unacknowledged, so latency stays bounded by frames, not by however many bytes the
 * transport below is willing to buffer (SCTP windows and kernel socket buffers hold seconds).
 *
 * Message, big-endian, 8 bytes:  0 u16 magic 'SA'   2 u8 version   3 u8 reserved   4 u32 seq
 */
export const ACK_MAGIC = 0x5341;
export const ACK_VERSION = 1;
export const ACK_BYTES = 8;

export function encodeFrameAck(seq: number): Uint8Array {
  const ack = new Uint8Array(ACK_BYTES);
  const view = new DataView(ack.buffer);
  view.setUint16(0, ACK_MAGIC);
  view.setUint8(2, ACK_VERSION);
  view.setUint32(4, seq >>> 0);
  return ack;
}

/** The acknowledged seq, or undefined when the message is not an acknowledgement. */
export function readFrameAck(message: Uint8Array): number | undefined {
  if (message.byteLength !== ACK_BYTES) return undefined;
  const view = new DataView(message.buffer, message.byteOffset, ACK_BYTES);
  if (view.getUint16(0) !== ACK_MAGIC || view.getUint8(2) !== ACK_VERSION) return undefined;
  return view.getUint32(4);
}

export interface FlightWindowOptions {
  /** Frames sent and not yet acknowledged, at most. */
  maxFrames: number;
  /** A frame unacknowledged this long is given up on, so a lost answer never stalls the sender. */
  expireMs?: number;
}

/**
 * Frames in flight towards one receiver, oldest first. Peers that never acknowledge are not
 * held back: the window applies once the first acknowledgement has arrived.
 */
export class FlightWindow {
  private readonly frames: { seq: number; sentAt: number }[] = [];
  private readonly maxFrames: number;
  private readonly expireMs: number;
  private acknowledging = false;

  constructor(options: FlightWindowOptions) {
    this.maxFrames = Math.max(1, options.maxFrames);
    this.expireMs = options.expireMs ?? 1000;
  }

  get inFlight(): number {
    return this.frames.length;
  }

  canSend(now: number): boolean {
    while (this.frames.length && now - this.frames[0].sentAt > this.expireMs) this.frames.shift();
    return !this.acknowledging || this.frames.length < this.maxFrames;
  }

  sent(seq: number, now: number): void {
    this.frames.push({ seq, sentAt: now });
    // Bounded even for a receiver that never answers.
    if (this.frames.length > 64) this.frames.shift();
  }

  /**
   * Marks `seq` and everything sent before it as done (matched by position, so a publisher
   * that restarts its numbering is handled). Returns the acknowledged frame's round trip.
   */
  acknowledged(seq: number, now: number): number | undefined {
    this.acknowledging = true;
    const index = this.frames.findIndex((frame) => frame.seq === seq);
    if (index < 0) return undefined;
    const roundTrip = now - this.frames[index].sentAt;
    this.frames.splice(0, index + 1);
    return roundTrip;
  }
}
