/** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;

export type CaptureClock = 'sender' | 'arrival';

/**
 * Maps one RTP stream's timestamps to the sender's wall clock with its RTCP sender reports
 * (RFC 3550 §6.4.1: each report pairs an NTP time with the RTP timestamp of that instant).
 * Until the first report only the arrival time is known.
 */
export class SenderClock {
  private reference?: { ntpMs: number; rtp: number };

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

  /** Capture time of an RTP timestamp in epoch ms, with the clock it came from. */
  captureTime(rtpTimestamp: number, arrivalMs: number): { captureTs: number; clock: CaptureClock } {
    if (!this.reference) return { captureTs: arrivalMs, clock: 'arrival' };
    // Signed 32-bit difference: timestamps wrap, and a frame may predate the report.
    const delta = ((rtpTimestamp >>> 0) - this.reference.rtp) | 0;
    return { captureTs: this.reference.ntpMs + (delta / this.clockRate) * 1000, clock: 'sender' };
  }
}
