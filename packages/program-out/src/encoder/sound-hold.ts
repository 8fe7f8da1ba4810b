/** A block let go by the hold, with the delay (encoder time − capture time) that places it. */
export interface ReleasedSound<T> {
  block: T;
  captureTs: number | undefined;
  /** The delay of the pictures around it; undefined: the pacer forecasts one. */
  delayMs: number | undefined;
}

/** Pictures whose delays place the sound: odd, so the median is one of them. */
const DELAY_WINDOW = 5;

/**
 * Holds the graph's sound until the picture captured with it reaches the encoder, so each
 * block is placed by the delay of the pictures around it instead of a forecast from earlier
 * pictures. A forecast is wrong exactly when a show starts: when a WHIP sender's first RTCP
 * report turns its pictures' capture times from arrival to sender clock, their delay steps
 * from a few ms to 300–700 ms (the sender's start-up backlog), and sound placed by the earlier
 * pictures came out that much before its picture. The delay used is the median of the last
 * five pictures': it follows such a step three pictures (~100 ms) later, while a late picture
 * or two (a stutter the viewer sees anyway) cut no gap into the sound.
 *
 * Sound whose picture has already passed goes on at once. Sound with no capture time (or
 * one far from now: another clock), or while pictures carry none, is not held. A block
 * whose picture never comes (pictures stopped, sound only) is let go after `limitMs` past
 * its capture.
 */
export class SoundHold<T> {
  private readonly held: Array<{ block: T; captureTs: number }> = [];
  /** The newest capture-timed picture: its capture time, and when it reached the encoder. */
  private latest: { captureTs: number; at: number } | undefined;
  /** Delays of the last pictures, newest last. */
  private readonly delays: number[] = [];

  constructor(
    /** Longest a block waits for its picture, from its capture (pictures lag up to ~450 ms while a sender starts). */
    private readonly limitMs = 500,
    /** Blocks held at most (1 s of 10 ms blocks); the oldest is let go beyond that. */
    private readonly maxBlocks = 100,
  ) {}

  get holding(): boolean {
    return this.held.length > 0;
  }

  /** A block arrives at `now`: released at once (an array of one, or more if the hold overflows), or held (empty). */
  add(block: T, captureTs: number | undefined, now: number): ReleasedSound<T>[] {
    const latest = this.latest;
    if (captureTs === undefined || !this.worthHolding(captureTs, now)) {
      return [...this.releaseAll(), { block, captureTs, delayMs: undefined }];
    }
    if (!this.holding && latest && captureTs <= latest.captureTs) return [{ block, captureTs, delayMs: this.delayMs() }];
    this.held.push({ block, captureTs });
    return this.held.length > this.maxBlocks ? [this.release(undefined)] : [];
  }

  /**
   * Whether its picture can be waited for: pictures carry capture times and still come, and
   * the capture time is on their clock (near now, and not more than the limit past the newest picture).
   */
  private worthHolding(captureTs: number, now: number): boolean {
    const latest = this.latest;
    if (!latest || now - latest.at >= this.limitMs) return false;
    return Math.abs(now - captureTs) <= this.limitMs && captureTs - latest.captureTs <= this.limitMs;
  }

  /** A picture captured at `captureTs` reached the encoder at `at`: the sound captured up to it goes now. */
  picture(at: number, captureTs: number): ReleasedSound<T>[] {
    this.latest = { captureTs, at };
    this.delays.push(at - captureTs);
    if (this.delays.length > DELAY_WINDOW) this.delays.shift();
    const delayMs = this.delayMs();
    const released: ReleasedSound<T>[] = [];
    while (this.held.length && this.held[0].captureTs <= captureTs) released.push(this.release(delayMs));
    return released;
  }

  /** Blocks that waited past the limit for a picture that did not come. */
  expire(now: number): ReleasedSound<T>[] {
    const released: ReleasedSound<T>[] = [];
    while (this.held.length && now - this.held[0].captureTs > this.limitMs) released.push(this.release(undefined));
    return released;
  }

  /** Median delay of the last pictures. */
  private delayMs(): number {
    return [...this.delays].sort((a, b) => a - b)[this.delays.length >> 1];
  }

  private releaseAll(): ReleasedSound<T>[] {
    const released: ReleasedSound<T>[] = [];
    while (this.held.length) released.push(this.release(undefined));
    return released;
  }

  private release(delayMs: number | undefined): ReleasedSound<T> {
    const { block, captureTs } = this.held.shift()!;
    return { block, captureTs, delayMs };
  }
}
