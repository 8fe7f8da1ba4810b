/**
 * Decides which viewers' keyframe requests (PLI, FIR, a resync after falling behind) make
 * the one shared encoder produce an IDR. A keyframe costs every viewer bits (an IDR is
 * several times a P frame), so: at most one forced keyframe per `minGapMs` for the whole
 * output, and one viewer's requests count at most once per `perViewerGapMs` — a viewer
 * on a bad link cannot make everyone pay keyframes constantly (decision 0060).
 */
export interface KeyframeRequestLimits {
  minGapMs: number;
  perViewerGapMs: number;
}

export const DEFAULT_KEYFRAME_LIMITS: KeyframeRequestLimits = { minGapMs: 1000, perViewerGapMs: 3000 };

export class KeyframeRequests {
  readonly counters = { received: 0, forced: 0 };
  private lastForcedAt = -Infinity;
  private readonly lastByViewer = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly limits: KeyframeRequestLimits = DEFAULT_KEYFRAME_LIMITS,
  ) {}

  /** True when this request should force a keyframe now. */
  admit(viewerId: string): boolean {
    this.counters.received++;
    const at = this.now();
    if (at - (this.lastByViewer.get(viewerId) ?? -Infinity) < this.limits.perViewerGapMs) return false;
    if (at - this.lastForcedAt < this.limits.minGapMs) return false;
    this.lastByViewer.set(viewerId, at);
    this.lastForcedAt = at;
    this.counters.forced++;
    return true;
  }

  forget(viewerId: string): void {
    this.lastByViewer.delete(viewerId);
  }
}
