/** Frames per second over the last second, for node status lines. */
export class FrameRate {
  private readonly times: number[] = [];

  mark(now: number): void {
    this.times.push(now);
    while (this.times.length > 0 && this.times[0] < now - 1000) this.times.shift();
  }

  perSecond(now: number): number {
    while (this.times.length > 0 && this.times[0] < now - 1000) this.times.shift();
    return this.times.length;
  }
}
