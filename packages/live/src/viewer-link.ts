import { FlightWindow } from '@showflow/capture-sdk/wire';

/** A published frame, already split into chunks, shared by every viewer of a pipeline. */
export interface LatestFrame {
  seq: number;
  chunks: Buffer[];
}

/** What a viewer link needs of a data channel. */
export interface FrameChannel {
  readonly readyState: string;
  readonly bufferedAmount: number;
  send(chunk: Buffer): void;
}

export interface ViewerLinkLimits {
  /** The channel holding more than this many bytes takes no new frame. */
  maxBufferedBytes: number;
  /** Frames sent and not yet acknowledged by the viewer, at most (for viewers that acknowledge). */
  maxFramesInFlight: number;
}

/**
 * One viewer's side of the hub. The viewer is owed the latest frame; it gets it as soon as
 * its channel can take it — on publish or on its acknowledgement of the previous frame —
 * and a frame still owed when a newer one arrives is replaced, never queued behind.
 */
export class ViewerLink {
  lastDeliveredAt: number;
  private owed = false;
  private readonly flight: FlightWindow;

  constructor(
    private readonly channel: FrameChannel,
    private readonly limits: ViewerLinkLimits,
    now: number,
  ) {
    this.flight = new FlightWindow({ maxFrames: limits.maxFramesInFlight });
    this.lastDeliveredAt = now;
  }

  get open(): boolean {
    return this.channel.readyState === 'open';
  }

  /** A frame was published. `superseded` means the frame this viewer was still owed is now a drop. */
  publish(latest: LatestFrame, now: number): { superseded: boolean; sent: boolean } {
    const superseded = this.owed;
    this.owed = true;
    return { superseded, sent: this.trySend(latest, now) };
  }

  /** The viewer finished `seq`; the latest frame goes out if it is still owed. */
  acknowledge(seq: number, latest: LatestFrame | undefined, now: number): boolean {
    this.flight.acknowledged(seq, now);
    return latest ? this.trySend(latest, now) : false;
  }

  /** The channel opened: the viewer sees the current picture at once instead of waiting for the next frame. */
  start(latest: LatestFrame | undefined, now: number): boolean {
    if (!latest) return false;
    this.owed = true;
    return this.trySend(latest, now);
  }

  private trySend(latest: LatestFrame, now: number): boolean {
    if (!this.owed || !this.open) return false;
    if (this.channel.bufferedAmount > this.limits.maxBufferedBytes || !this.flight.canSend(now)) return false;
    for (const chunk of latest.chunks) this.channel.send(chunk);
    this.flight.sent(latest.seq, now);
    this.lastDeliveredAt = now;
    this.owed = false;
    return true;
  }
}
