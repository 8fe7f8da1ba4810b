/** Where a block goes: `silence` frames first, then the block stretched or shrunk to `frames`. */
export interface SoundPlacement {
  silence: number;
  frames: number;
}

/**
 * Keeps the audio fed to the encoder on the pictures' timeline. Opus is timed by its sample
 * count from the first sample, pictures by the wall time ffmpeg gives them from the first
 * one; so sample 0 is the first picture's time, and each block goes where its capture time
 * says it belongs: capture time plus the pictures' current delay from capture to the
 * encoder, so a beep comes out with the flash captured with it however slow the pictures'
 * path through the graph is. Gaps in the graph's audio are filled with silence and audio
 * that would run far ahead is dropped, so sound never builds up latency.
 *
 * Small misplacements (the pictures' delay moving by a few tens of ms and back, which on a
 * busy host happens every few seconds) are closed by slewing: each block is stretched or
 * shrunk by at most 2 %, so the sound drifts to its place without a gap or a skip. Only a
 * misplacement beyond `slewLimitMs` is cut (decision 0095).
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
  /** Most a block is stretched or shrunk while slewing: a third of a semitone, while it lasts. */
  static readonly MAX_SLEW = 0.02;
  /** Share of the remaining misplacement one block closes (about half a second's time constant). */
  static readonly SLEW_GAIN = 1 / 50;
  /** Wall time of sample 0; undefined until the encoder took its first picture. */
  private startedAt: number | undefined;
  private framesWritten = 0;
  private delays: number[] = [];
  private lastBlockAt = -Infinity;
  /** Blocks dropped from the timeline: they would have gone out far ahead of it or far behind. */
  dropped = 0;
  silenceFrames = 0;
  /** Times silence went into sound that was flowing (a gap the listener hears). */
  gaps = 0;
  /** Frames added or taken out by slewing, in total (absolute). */
  slewedFrameTotal = 0;

  constructor(
    private readonly now: () => number,
    private readonly behindLimitMs = 60,
    private readonly aheadLimitMs = 200,
    /** Misplacement beyond which silence is inserted or a block dropped; up to it, blocks are slewed. */
    private readonly slewLimitMs = 30,
    /** Misplacement left alone: blocks are 10 ms and arrive with jitter. */
    private readonly deadbandMs = 2,
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
   * Where a block of `frames` captured at `captureTs` goes, or undefined to drop it.
   * `delayMs` is the delay of the pictures around it when known (see SoundHold), else the
   * recent pictures' median. Without a capture time (or before pictures give a delay) it
   * goes on at once, unstretched.
   */
  place(frames: number, captureTs?: number, delayMs = this.pictureDelayMs): SoundPlacement | undefined {
    const flowing = this.flowing(this.now());
    this.lastBlockAt = this.now();
    // Before the first picture there is no timeline yet: nothing is cut, the show has not begun.
    if (this.startedAt === undefined) return undefined;
    const expected = this.framesAt(this.now());
    let target = captureTs === undefined || delayMs === undefined ? undefined : this.framesAt(captureTs + delayMs);
    if (target !== undefined && Math.abs(this.ms(target - expected)) > this.maxShiftMs) target = undefined;
    if (target === undefined) {
      if (this.ms(this.framesWritten + frames - expected) > this.aheadLimitMs) {
        this.dropped++;
        return undefined;
      }
      this.framesWritten += frames;
      return { silence: 0, frames };
    }
    const gap = target - this.framesWritten;
    const gapMs = this.ms(gap);
    if (gapMs < -this.slewLimitMs) {
      this.dropped++;
      return undefined;
    }
    if (gapMs > this.slewLimitMs) {
      const silence = Math.floor(gap);
      if (flowing) this.gaps++;
      this.silenceFrames += silence;
      this.framesWritten += silence + frames;
      return { silence, frames };
    }
    const out = frames + (Math.abs(gapMs) <= this.deadbandMs ? 0 : this.slew(frames, gap));
    this.slewedFrameTotal += Math.abs(out - frames);
    this.framesWritten += out;
    return { silence: 0, frames: out };
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
    const flowing = this.flowing(now);
    if (this.ms(behind) <= (flowing ? this.behindLimitMs : this.quietBehindMs)) return 0;
    const frames = Math.floor(behind);
    if (flowing) this.gaps++;
    this.framesWritten += frames;
    this.silenceFrames += frames;
    return frames;
  }

  /** Frames to add to (or, negative, take from) a block to close part of a misplacement of `gap` frames. */
  private slew(frames: number, gap: number): number {
    const most = Math.floor(frames * AudioPacer.MAX_SLEW);
    return Math.max(-most, Math.min(most, Math.round(gap * AudioPacer.SLEW_GAIN)));
  }

  private flowing(now: number): boolean {
    return now - this.lastBlockAt < AudioPacer.FLOWING_MS;
  }

  private framesAt(ms: number): number {
    return ((ms - (this.startedAt ?? ms)) * AudioPacer.SAMPLE_RATE) / 1000;
  }

  private ms(frames: number): number {
    return (frames * 1000) / AudioPacer.SAMPLE_RATE;
  }
}

/**
 * Interleaved stereo float PCM as bytes for ffmpeg's f32le input; mono is doubled. With
 * `frames` other than the block's own length, the block is resampled to it (linear: the
 * stretch is at most a few percent, and its first and last samples stay where they were,
 * so consecutive blocks join without a step).
 */
export function stereoF32le(samples: Float32Array, channels: 1 | 2, frames = samples.length / channels): Buffer {
  const inFrames = samples.length / channels;
  if (channels === 2 && frames === inFrames) return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const out = new Float32Array(frames * 2);
  if (frames === inFrames) {
    for (let i = 0; i < samples.length; i++) out[i * 2] = out[i * 2 + 1] = samples[i];
    return Buffer.from(out.buffer);
  }
  const step = frames > 1 ? (inFrames - 1) / (frames - 1) : 0;
  for (let i = 0; i < frames; i++) {
    const at = i * step;
    const j = Math.min(Math.floor(at), inFrames - 2);
    const t = at - j;
    for (let c = 0; c < 2; c++) {
      const a = samples[j * channels + (channels === 2 ? c : 0)];
      const b = samples[(j + 1) * channels + (channels === 2 ? c : 0)];
      out[i * 2 + c] = a + (b - a) * t;
    }
  }
  return Buffer.from(out.buffer);
}
