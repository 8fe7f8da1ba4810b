/**
 * Keeps the audio fed to the encoder in step with the wall clock. Opus is timed by its
 * sample count, so a gap in the graph's audio (no audio node wired, a source that
 * restarts) would let audio fall behind video for good; the pacer fills gaps with silence
 * and drops blocks that would run more than `aheadLimitMs` ahead, so sound never builds
 * up latency.
 */
export class AudioPacer {
  static readonly SAMPLE_RATE = 48_000;
  private startedAt: number | undefined;
  private framesWritten = 0;
  dropped = 0;
  silenceFrames = 0;

  constructor(
    private readonly now: () => number,
    private readonly behindLimitMs = 60,
    private readonly aheadLimitMs = 200,
  ) {}

  /** Frames (per channel) the encoder should have had by now. */
  private expected(): number {
    if (this.startedAt === undefined) this.startedAt = this.now();
    return ((this.now() - this.startedAt) * AudioPacer.SAMPLE_RATE) / 1000;
  }

  /** Whether a block of `frames` may be written now (false: it would run ahead, drop it). */
  admit(frames: number): boolean {
    const ahead = this.framesWritten + frames - this.expected();
    if ((ahead * 1000) / AudioPacer.SAMPLE_RATE > this.aheadLimitMs) {
      this.dropped++;
      return false;
    }
    this.framesWritten += frames;
    return true;
  }

  /** Frames of silence to write now to close a gap, 0 when audio is flowing. */
  silenceNeeded(): number {
    const behind = this.expected() - this.framesWritten;
    if ((behind * 1000) / AudioPacer.SAMPLE_RATE <= this.behindLimitMs) return 0;
    const frames = Math.floor(behind);
    this.framesWritten += frames;
    this.silenceFrames += frames;
    return frames;
  }
}

/** Interleaved stereo float PCM as bytes for ffmpeg's f32le input; mono is doubled. */
export function stereoF32le(samples: Float32Array, channels: 1 | 2): Buffer {
  if (channels === 2) return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const out = new Float32Array(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out[i * 2] = out[i * 2 + 1] = samples[i];
  return Buffer.from(out.buffer);
}
