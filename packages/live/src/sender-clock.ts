/** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;

export type CaptureClock = 'sender' | 'arrival';

/**
 * Maps one RTP stream's timestamps to the sender's wall clock with its RTCP sender reports
 * (RFC 3550 §6.4.1: each report pairs an NTP time with the RTP timestamp of that instant).
 * Until the first report only arrival is known: the packet with the least delay so far pins
 * the RTP clock to ours, so capture times carry the RTP timestamps' spacing instead of each
 * packet's delay. A backlog that builds up after the first packet (a key frame paced out
 * slowly) therefore shows as age, as it will once the report comes; one already there at
 * the first packet cannot be seen until then.
 */
export class SenderClock {
  private reference?: { ntpMs: number; rtp: number };
  private firstRtp?: number;
  /** Our epoch ms at the first packet's RTP time, from the least delayed packet so far. */
  private arrivalOrigin = Infinity;

  constructor(private readonly clockRate: number) {}

  get known(): boolean {
    return this.reference !== undefined;
  }

  /** From an RTCP SR's sender info: the 64-bit NTP timestamp and its RTP timestamp. */
  onSenderReport(ntpTimestamp: bigint, rtpTimestamp: number): void {
    const seconds = Number(ntpTimestamp >> 32n);
    const fraction = Number(ntpTimestamp & 0xffffffffn) / 2 ** 32;
    // A sender without a wall clock sends 0 (RFC 3550 allows it): that maps nothing.
    if (seconds === 0) return;
    this.reference = { ntpMs: (seconds - NTP_UNIX_OFFSET_S + fraction) * 1000, rtp: rtpTimestamp >>> 0 };
  }

  /** A packet with this RTP timestamp arrived at `arrivalMs` (epoch ms). */
  noteArrival(rtpTimestamp: number, arrivalMs: number): void {
    this.firstRtp ??= rtpTimestamp >>> 0;
    this.arrivalOrigin = Math.min(this.arrivalOrigin, arrivalMs - this.rtpMs(rtpTimestamp));
  }

  /**
   * Capture time of an RTP timestamp in epoch ms, with the clock it came from. Before a
   * report and any noted arrival, it is `arrivalMs`.
   */
  captureTime(rtpTimestamp: number, arrivalMs: number): { captureTs: number; clock: CaptureClock } {
    if (!this.reference) {
      const captureTs = Number.isFinite(this.arrivalOrigin) ? this.arrivalOrigin + this.rtpMs(rtpTimestamp) : arrivalMs;
      return { captureTs, clock: 'arrival' };
    }
    // Signed 32-bit difference: timestamps wrap, and a frame may predate the report.
    const delta = ((rtpTimestamp >>> 0) - this.reference.rtp) | 0;
    return { captureTs: this.reference.ntpMs + (delta / this.clockRate) * 1000, clock: 'sender' };
  }

  /** Ms of RTP time since the first noted packet (signed 32-bit difference: survives the wrap). */
  private rtpMs(rtpTimestamp: number): number {
    return (((rtpTimestamp >>> 0) - (this.firstRtp ?? rtpTimestamp >>> 0)) | 0) / this.clockRate * 1000;
  }
}
