/**
 * Keeps the audio fed to the encoder on the pictures' timeline. Opus is timed by its sample
 * count from the first sample, pictures by the wall time ffmpeg gives them from the first
 * one; so sample 0 is the first picture's time, and each block goes where its capture time
 * says it belongs: capture time plus the pictures' current delay from capture to the
 * encoder, so a beep comes out with the flash captured with it however slow the pictures'
 * path through the graph is. Gaps in the graph's audio are filled with silence and audio
 * that would run far ahead is dropped, so sound never builds up latency.
 *
 * ffmpeg passes a picture on only once the sound up to its time has arrived, so the lag of
 * the audio timeline behind the wall clock is latency added to every picture. While the
 * graph sends sound, its blocks decide (some lag is left for their arrival jitter); while it
 * sends none, silence keeps the timeline at the wall clock (decision 0082).
 */
export class AudioPacer {
  static readonly SAMPLE_RATE = 48_000;
  /** Pictures whose delay sets where sound goes (about half a second at 30 fps). */
  static readonly DELAY_WINDOW = 15;
  /** The graph's sound counts as flowing this long after its last block. */
  static readonly FLOWING_MS = 250;
  /** Wall time of sample 0; undefined until the encoder took its first picture. */
  private startedAt: number | undefined;
  private framesWritten = 0;
  private delays: number[] = [];
  private lastBlockAt = -Infinity;
  dropped = 0;
  silenceFrames = 0;

  constructor(
    private readonly now: () => number,
    private readonly behindLimitMs = 60,
    private readonly aheadLimitMs = 200,
    /** Misplacement tolerated before silence is inserted or a block dropped: blocks are 10 ms and arrival jitters. */
    private readonly toleranceMs = 15,
    /**
     * A due time further than this from now is not believed (a source on another clock, a
     * sender whose clock jumped): such a block is placed on arrival instead. Pictures on a
     * busy host legitimately reach the encoder 300–450 ms after capture while a sender starts
     * (its first key frame, the decoder warming up); a limit below that put the start of
     * every show's sound that far ahead of its picture.
     */
    private readonly maxShiftMs = 1000,
    /** Lag of the timeline left while the graph sends no sound (silence fills the rest). */
    private readonly quietBehindMs = 5,
  ) {}

  get started(): boolean {
    return this.startedAt !== undefined;
  }

  /**
   * ffmpeg's timeline gave a picture the wall time `at`; `captureTs` is when it was
   * captured. The first picture starts the audio timeline.
   */
  notePicture(at: number, captureTs?: number): void {
    this.startedAt ??= at;
    if (captureTs === undefined || !Number.isFinite(captureTs)) return;
    this.delays.push(at - captureTs);
    if (this.delays.length > AudioPacer.DELAY_WINDOW) this.delays.shift();
  }

  /** Median delay of recent pictures from capture to the encoder; undefined before any. */
  get pictureDelayMs(): number | undefined {
    if (!this.delays.length) return undefined;
    return [...this.delays].sort((a, b) => a - b)[this.delays.length >> 1];
  }

  /**
   * Where a block of `frames` captured at `captureTs` goes: the frames of silence to write
   * before it, or undefined to drop it. `delayMs` is the delay of the pictures around it
   * when known (see SoundHold), else the recent pictures' median. Without a capture time
   * (or before pictures give a delay) it goes on at once.
   */
  place(frames: number, captureTs?: number, delayMs = this.pictureDelayMs): number | undefined {
    this.lastBlockAt = this.now();
    if (this.startedAt === undefined) {
      this.dropped++;
      return undefined;
    }
    const expected = this.framesAt(this.now());
    let target = captureTs === undefined || delayMs === undefined ? undefined : this.framesAt(captureTs + delayMs);
    if (target !== undefined && Math.abs(this.ms(target - expected)) > this.maxShiftMs) target = undefined;
    if (target === undefined) {
      if (this.ms(this.framesWritten + frames - expected) > this.aheadLimitMs) {
        this.dropped++;
        return undefined;
      }
      this.framesWritten += frames;
      return 0;
    }
    const gap = target - this.framesWritten;
    if (this.ms(gap) < -this.toleranceMs) {
      this.dropped++;
      return undefined;
    }
    const silence = this.ms(gap) > this.toleranceMs ? Math.floor(gap) : 0;
    this.framesWritten += silence + frames;
    this.silenceFrames += silence;
    return silence;
  }

  /** Whether a block of `frames` may be written now, placed on arrival (false: drop it). */
  admit(frames: number): boolean {
    this.startedAt ??= this.now();
    return this.place(frames) !== undefined;
  }

  /** Frames of silence to write now to close a gap; 0 while audio flows or before the first picture. */
  silenceNeeded(): number {
    if (this.startedAt === undefined) return 0;
    const now = this.now();
    const behind = this.framesAt(now) - this.framesWritten;
    const flowing = now - this.lastBlockAt < AudioPacer.FLOWING_MS;
    if (this.ms(behind) <= (flowing ? this.behindLimitMs : this.quietBehindMs)) return 0;
    const frames = Math.floor(behind);
    this.framesWritten += frames;
    this.silenceFrames += frames;
    return frames;
  }

  private framesAt(ms: number): number {
    return ((ms - (this.startedAt ?? ms)) * AudioPacer.SAMPLE_RATE) / 1000;
  }

  private ms(frames: number): number {
    return (frames * 1000) / AudioPacer.SAMPLE_RATE;
  }
}

/** Interleaved stereo float PCM as bytes for ffmpeg's f32le input; mono is doubled. */
export function stereoF32le(samples: Float32Array, channels: 1 | 2): Buffer {
  if (channels === 2) return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const out = new Float32Array(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out[i * 2] = out[i * 2 + 1] = samples[i];
  return Buffer.from(out.buffer);
}
