/**
 * Whether pictures are really arriving: the LIVE badge and the stall detector read it, so
 * a frozen tab or a dead connection never keeps saying LIVE.
 */
export class FrameWatch {
  private lastFrameAt = -Infinity;
  private firstFrameAt: number | undefined;

  constructor(
    private readonly now: () => number,
    /** No new picture for this long counts as a stall. */
    readonly stallMs = 3000,
  ) {}

  frame(): void {
    const now = this.now();
    this.lastFrameAt = now;
    this.firstFrameAt ??= now;
  }

  /** A picture arrived within the last two seconds. */
  get live(): boolean {
    return this.now() - this.lastFrameAt < 2000;
  }

  /**
   * Stalled: frames stopped for `stallMs`, or none came within `startMs` of starting
   * (`startedAt`) — e.g. a connection that opened but never delivered.
   */
  stalled(startedAt: number, startMs = 10_000): boolean {
    const now = this.now();
    if (this.firstFrameAt === undefined) return now - startedAt > startMs;
    return now - this.lastFrameAt > this.stallMs;
  }
}
