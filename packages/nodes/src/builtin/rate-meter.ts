/** Frames per second over consecutive windows, from arrival times in ms (intervals, not arrivals, are counted). */
export class RateMeter {
  private count = 0;
  private windowStart = NaN;
  fps = 0;

  constructor(private readonly windowMs = 1000) {}

  /** Counts one arrival; returns true when a new rate was computed (once per window). */
  mark(now: number): boolean {
    if (Number.isNaN(this.windowStart)) {
      this.windowStart = now;
      return false;
    }
    this.count++;
    const elapsed = now - this.windowStart;
    if (elapsed < this.windowMs) return false;
    this.fps = (this.count * 1000) / elapsed;
    this.count = 0;
    this.windowStart = now;
    return true;
  }
}
