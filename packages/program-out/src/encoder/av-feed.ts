import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { AudioPacer, stereoF32le } from './audio-pacer.ts';
import type { InputPicture } from './encoder-settings.ts';
import { clusterPrefix, FrameClock, matroskaHeader } from './matroska-frames.ts';
import { SoundHold, type ReleasedSound } from './sound-hold.ts';

/** A block of the graph's sound as it arrived. */
interface SoundBlock {
  samples: Float32Array;
  channels: 1 | 2;
}

export interface AvFeedCounters {
  framesIn: number;
  /** Frames replaced by a newer one while ffmpeg was still busy (keep-newest). */
  framesDropped: number;
  /** ffmpeg runs that ended without being asked to. */
  exits: number;
}

/** What the feed did to the graph's sound to keep it with its pictures, over every run. */
export interface SoundCounters {
  /** Silence put into sound that was flowing: gaps a listener hears. */
  gaps: number;
  /** Blocks dropped: they would have gone out far ahead of the timeline, or far behind it (skips a listener hears). */
  dropped: number;
  /** Time added to or taken from blocks by slewing, in total (absolute). */
  slewedMs: number;
}

/**
 * One ffmpeg of a feed that runs several: which of the feed's inputs it reads. A process that
 * reads sound gets its own copy of it; `encodedVideoFrom` hands an earlier process's stdout
 * (its encoded picture) to this one on fd 4, so one encode can serve outputs that need
 * the sound muxed in without making the picture wait for the sound.
 */
export interface FeedProcess {
  args: string[];
  /** I420 pictures on stdin. Exactly one process of a feed reads them. */
  video?: boolean;
  /** f32le 48 kHz stereo on fd 3. */
  audio?: boolean;
  /** Index of an earlier process whose stdout this one reads on fd 4. */
  encodedVideoFrom?: number;
  /**
   * Its exit is reported but ends nothing else at once (HLS on a full disk must not stop the
   * WebRTC viewers); the run is started again after a backoff (see `optionalRestartMs`).
   */
  optional?: boolean;
}

export interface AvFeedOptions {
  ffmpegPath?: string;
  /**
   * Arguments for a run at this picture size: one ffmpeg (inputs: I420 on pipe:0, f32le
   * 48 kHz stereo on pipe:3), or several (see FeedProcess).
   */
  prepare(picture: InputPicture): Promise<string[] | FeedProcess[]>;
  /** Called after a run ends, asked or not. */
  cleanup?(): void | Promise<void>;
  /** ffmpeg's stdout, when the arguments send progress there (single-process feeds). */
  onStdout?(stdout: Readable): void;
  /** A run ended without being asked to; `detail` is ffmpeg's last words (may hold the destination URL: redact before showing). */
  onExit(detail: string): void;
  /**
   * How pictures go to ffmpeg: bare `raw` I420 (ffmpeg stamps arrival), or `matroska`
   * (see matroska-frames.ts: our timestamps, and keyframes on request).
   */
  framing?: 'raw' | 'matroska';
  /** Whether a new run may start now (restream backoff); default always. */
  mayStart?(): boolean;
  /**
   * After an optional process ended, the whole run is started again this long after (doubling
   * per failure, up to `max`), so the output it fed comes back by itself. The restart costs the
   * other outputs a fresh keyframe; the backoff keeps an output that keeps failing (a full disk)
   * from interrupting them often. Default 5 s, up to 5 min.
   */
  optionalRestartMs?: { first: number; max: number };
  now?: () => number;
}

/**
 * A long-lived ffmpeg fed with the graph's raw picture and sound. Frames never queue: while
 * ffmpeg has not taken the previous frame, a new one replaces the one waiting. Audio is kept
 * in step with the wall clock (silence in gaps, see AudioPacer). A change of picture size
 * restarts ffmpeg (raw input has a fixed size); so does the next frame after ffmpeg exits.
 */
export class AvFeed {
  readonly counters: AvFeedCounters = { framesIn: 0, framesDropped: 0, exits: 0 };
  private children: ChildProcess[] = [];
  /** Where pictures go: the stdin of the process that reads them. */
  private videoIn: Writable | undefined;
  private audioIns: Writable[] = [];
  private picture: InputPicture | undefined;
  private pendingFrame: { i420: Buffer; captureTs?: number } | undefined;
  private videoBusy = false;
  private starting: Promise<void> | undefined;
  private pacer: AudioPacer | undefined;
  /** Sound counters of the runs before the current one. */
  private soundBefore: SoundCounters = { gaps: 0, dropped: 0, slewedMs: 0 };
  private soundHold: SoundHold<SoundBlock> | undefined;
  private silenceTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private clock: FrameClock | undefined;
  private keyframeWanted = false;
  private readonly now: () => number;
  /** Restarts for a failed optional process in a row, and the one pending. */
  private optionalFailures = 0;
  private optionalRestart: NodeJS.Timeout | undefined;
  private runStartedAt = 0;

  constructor(private readonly options: AvFeedOptions) {
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
  }

  get sound(): SoundCounters {
    const now = this.pacer ? soundOf(this.pacer) : { gaps: 0, dropped: 0, slewedMs: 0 };
    return { gaps: this.soundBefore.gaps + now.gaps, dropped: this.soundBefore.dropped + now.dropped, slewedMs: this.soundBefore.slewedMs + now.slewedMs };
  }

  get running(): boolean {
    return this.children.length > 0;
  }

  /**
   * Gives ffmpeg one I420 picture (full-range BT.601, no padding); the buffer must stay
   * unchanged. `captureTs` (epoch ms) lets sound with the same capture time line up with it.
   */
  async writeFrame(i420: Buffer, picture: InputPicture, captureTs?: number): Promise<void> {
    if (this.closed) return;
    this.counters.framesIn++;
    if (this.starting) await this.starting;
    if (!this.picture || this.picture.width !== picture.width || this.picture.height !== picture.height) {
      if (this.running) await this.stop();
      if (this.options.mayStart && !this.options.mayStart()) return;
      this.starting = this.start(picture).finally(() => (this.starting = undefined));
      await this.starting;
    }
    if (this.videoBusy) {
      if (this.pendingFrame) this.counters.framesDropped++;
      this.pendingFrame = { i420, captureTs };
      return;
    }
    this.sendFrame(i420, captureTs);
  }

  /** The next picture ffmpeg gets becomes a keyframe (matroska framing only). */
  requestKeyframe(): void {
    if (this.options.framing === 'matroska') this.keyframeWanted = true;
  }

  /**
   * Sound waits for the picture captured with it (SoundHold) and then goes where the delay
   * of the pictures around it puts it (AudioPacer); sound before ffmpeg took the first
   * picture has no place yet and is dropped.
   */
  writeAudio(samples: Float32Array, channels: 1 | 2, captureTs?: number): void {
    if (this.audioIns.length === 0 || !this.soundHold) return;
    this.placeSound(this.soundHold.add({ samples, channels }, captureTs, this.now()));
  }

  /** Ends the current run (the next frame starts a new one). */
  async stop(): Promise<void> {
    const children = this.children;
    this.detach();
    await Promise.all(children.map(killAndWait));
    await this.options.cleanup?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.optionalRestart);
    if (this.starting) await this.starting.catch(() => undefined);
    await this.stop();
  }

  private placeSound(released: ReleasedSound<SoundBlock>[]): void {
    for (const { block, captureTs, delayMs } of released) {
      const placed = this.pacer?.place(block.samples.length / block.channels, captureTs, delayMs);
      if (!placed) continue;
      if (placed.silence > 0) this.writeSound(Buffer.alloc(placed.silence * 2 * 4));
      this.writeSound(stereoF32le(block.samples, block.channels, placed.frames));
    }
  }

  /** A picture reached ffmpeg at `at`: the pacer learns its delay, and the sound captured with it goes. */
  private notePicture(at: number, captureTs: number | undefined): void {
    this.pacer?.notePicture(at, captureTs);
    if (captureTs !== undefined && Number.isFinite(captureTs)) this.placeSound(this.soundHold?.picture(at, captureTs) ?? []);
  }

  private writeSound(pcm: Buffer): void {
    for (const pipe of this.audioIns) pipe.write(pcm);
  }

  private sendFrame(i420: Buffer, captureTs: number | undefined): void {
    const stdin = this.videoIn;
    if (!stdin || stdin.destroyed) return;
    this.videoBusy = true;
    if (this.clock) {
      const at = this.now();
      stdin.write(clusterPrefix(this.clock.stamp(at, this.keyframeWanted), i420.length));
      this.notePicture(at, captureTs);
      this.keyframeWanted = false;
    }
    stdin.write(i420, () => {
      if (this.videoIn !== stdin) return;
      // Raw pictures are stamped by ffmpeg when it reads them; a picture is larger than the
      // pipe's buffer, so the write completes about then.
      if (!this.clock) this.notePicture(this.now(), captureTs);
      this.videoBusy = false;
      const next = this.pendingFrame;
      this.pendingFrame = undefined;
      if (next) this.sendFrame(next.i420, next.captureTs);
    });
  }

  private async start(picture: InputPicture): Promise<void> {
    const prepared = await this.options.prepare(picture);
    if (this.closed) return;
    const plan: FeedProcess[] = isArgs(prepared) ? [{ args: prepared, video: true, audio: true }] : prepared;
    this.picture = picture;
    const children: ChildProcess[] = [];
    const lastWords: string[] = [];
    for (const [index, step] of plan.entries()) {
      const passesVideoOn = plan.some((p) => p.encodedVideoFrom === index);
      const stdout = passesVideoOn || (plan.length === 1 && this.options.onStdout) ? 'pipe' : 'ignore';
      const encodedVideo = step.encodedVideoFrom === undefined ? [] : [children[step.encodedVideoFrom].stdout!];
      const child = spawn(this.options.ffmpegPath ?? 'ffmpeg', step.args, {
        stdio: [step.video ? 'pipe' : 'ignore', stdout, 'pipe', step.audio ? 'pipe' : 'ignore', ...encodedVideo],
      });
      children.push(child);
      lastWords.push('');
      child.stderr?.setEncoding('utf8').on('data', (text: string) => {
        lastWords[index] = (lastWords[index] + text).slice(-2000);
      });
      // A broken pipe when ffmpeg exits is reported by 'exit' below, not as a crash here.
      child.stdin?.on('error', () => undefined);
      (child.stdio[3] as Writable | null)?.on('error', () => undefined);
      child.on('error', (err) => (lastWords[index] = `could not start ffmpeg: ${err.message}`));
      if (step.video) this.videoIn = child.stdin ?? undefined;
      if (step.audio && child.stdio[3]) this.audioIns.push(child.stdio[3] as Writable);
    }
    // The consumer holds the encoded picture's pipe now; the runtime's copy would keep it open
    // (and the producer blocked) if the consumer died.
    for (const step of plan) if (step.encodedVideoFrom !== undefined) children[step.encodedVideoFrom].stdout?.destroy();
    this.children = children;
    this.runStartedAt = this.now();
    if (plan.length === 1 && this.options.onStdout && children[0].stdout) this.options.onStdout(children[0].stdout);
    for (const [index, child] of children.entries()) {
      child.on('exit', (code, signal) => {
        if (this.children !== children) return;
        if (plan[index].optional) {
          this.audioIns = this.audioIns.filter((pipe) => pipe !== child.stdio[3]);
          if (!this.closed) this.restartLater(children);
        } else {
          // The other processes of a run live and die together: the next frame starts them all again.
          this.detach();
          void Promise.all(children.map(killAndWait)).then(() => this.options.cleanup?.());
        }
        if (this.closed) return;
        this.counters.exits++;
        const words = lastWords[index].trim().split('\n').slice(-2).join(' ') || 'no message';
        this.options.onExit(`ffmpeg exited (${signal ?? code}): ${words}`);
      });
    }
    if (this.options.framing === 'matroska') {
      this.videoIn?.write(matroskaHeader(picture));
      this.clock = new FrameClock(this.now());
    }
    this.soundBefore = this.sound;
    this.pacer = new AudioPacer(this.now);
    this.soundHold = new SoundHold();
    // From the first picture on, audio always flows, silent when the graph sends none: the
    // audio timeline then follows the wall clock like the video does. (ffmpeg opens the
    // picture input first, so it waits for no audio before it has a picture.) Sound held for
    // its picture fills the timeline when it goes, so no silence is pushed in front of it.
    this.silenceTimer = setInterval(() => {
      this.placeSound(this.soundHold?.expire(this.now()) ?? []);
      if (this.soundHold?.holding) return;
      const frames = this.pacer?.silenceNeeded() ?? 0;
      if (frames > 0) this.writeSound(Buffer.alloc(frames * 2 * 4));
    }, 10);
    this.silenceTimer.unref();
  }

  /**
   * Ends the run `children` after the optional-process backoff, so the next frame starts all
   * of it again, the failed output included (its pipe from the encoder cannot be joined to
   * a new process mid-stream). A run that had lived a minute starts the backoff over.
   */
  private restartLater(children: ChildProcess[]): void {
    const { first, max } = this.options.optionalRestartMs ?? { first: 5_000, max: 300_000 };
    if (this.now() - this.runStartedAt >= OPTIONAL_STABLE_MS) this.optionalFailures = 0;
    const delay = Math.min(first * 2 ** this.optionalFailures, max);
    this.optionalFailures++;
    clearTimeout(this.optionalRestart);
    this.optionalRestart = setTimeout(() => {
      if (this.children !== children || this.closed) return;
      this.detach();
      void Promise.all(children.map(killAndWait)).then(() => this.options.cleanup?.());
    }, delay);
    this.optionalRestart.unref();
  }

  private detach(): void {
    this.children = [];
    this.videoIn = undefined;
    this.audioIns = [];
    this.picture = undefined;
    this.pendingFrame = undefined;
    this.videoBusy = false;
    this.soundBefore = this.sound;
    this.pacer = undefined;
    this.soundHold = undefined;
    this.clock = undefined;
    if (this.silenceTimer) clearInterval(this.silenceTimer);
    this.silenceTimer = undefined;
  }
}

/** A run that lived this long before an optional process failed starts the restart backoff over. */
const OPTIONAL_STABLE_MS = 60_000;

const isArgs = (prepared: string[] | FeedProcess[]): prepared is string[] => prepared.length === 0 || typeof prepared[0] === 'string';

async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

function soundOf(pacer: AudioPacer): SoundCounters {
  return { gaps: pacer.gaps, dropped: pacer.dropped, slewedMs: (pacer.slewedFrameTotal * 1000) / AudioPacer.SAMPLE_RATE };
}
