import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { AudioPacer, stereoF32le } from './audio-pacer.ts';
import type { EncoderSettings, InputPicture } from './encoder-settings.ts';
import { ffmpegArgs } from './ffmpeg-args.ts';
import { isRtcp } from '../rtp/rtp-packet.ts';

export interface EncodedRtp {
  kind: 'video' | 'audio';
  packet: Buffer;
}

export interface EncoderCounters {
  framesIn: number;
  /** Frames replaced by a newer one while ffmpeg was still busy (keep-newest). */
  framesDropped: number;
  videoBytesOut: number;
  audioBytesOut: number;
  restarts: number;
}

export interface ProgramEncoderOptions {
  settings: EncoderSettings;
  ffmpegPath?: string;
  /** Folder under which each encoder run writes HLS into its own version folder. */
  hlsRoot?: string;
  onRtp(rtp: EncodedRtp): void;
  /** ffmpeg exited or wrote an error; the encoder restarts on the next frame. */
  onProblem(message: string): void;
  now?: () => number;
}

/**
 * The one encode of a program output: a long-lived ffmpeg fed with I420 frames and PCM,
 * whose RTP comes back on two local UDP sockets. Frames never queue: while ffmpeg has not
 * taken the previous frame, a new one replaces the one waiting. A change of picture size
 * restarts ffmpeg (the raw input has a fixed size).
 */
export class ProgramEncoder {
  readonly counters: EncoderCounters = { framesIn: 0, framesDropped: 0, videoBytesOut: 0, audioBytesOut: 0, restarts: 0 };
  private child: ChildProcess | undefined;
  private picture: InputPicture | undefined;
  private sockets: dgram.Socket[] = [];
  private pendingFrame: Buffer | undefined;
  private videoBusy = false;
  private pacer: AudioPacer | undefined;
  private silenceTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private runs = 0;
  /** The current run's HLS version (folder name) and folder; a restart gets a new one. */
  hls: { version: string; dir: string } | undefined;
  private readonly now: () => number;

  constructor(private readonly options: ProgramEncoderOptions) {
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Gives ffmpeg one I420 picture (full-range BT.601, no padding). */
  async writeFrame(i420: Buffer, picture: InputPicture): Promise<void> {
    if (this.closed) return;
    this.counters.framesIn++;
    if (!this.picture || this.picture.width !== picture.width || this.picture.height !== picture.height) {
      if (this.child) {
        this.options.onProblem(`picture size changed to ${picture.width}×${picture.height}: encoder restarts`);
        await this.stopChild();
      }
      await this.start(picture);
    }
    if (this.videoBusy) {
      if (this.pendingFrame) this.counters.framesDropped++;
      this.pendingFrame = i420;
      return;
    }
    this.sendFrame(i420);
  }

  writeAudio(samples: Float32Array, channels: 1 | 2): void {
    const audio = this.audioPipe();
    if (!audio || !this.pacer) return;
    if (!this.pacer.admit(samples.length / channels)) return;
    audio.write(stereoF32le(samples, channels));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stopChild();
    if (this.options.hlsRoot) await rm(this.options.hlsRoot, { recursive: true, force: true });
    this.hls = undefined;
  }

  private audioPipe(): Writable | undefined {
    const pipe = this.child?.stdio[3];
    return pipe && 'write' in pipe ? (pipe as Writable) : undefined;
  }

  private sendFrame(i420: Buffer): void {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed) return;
    this.videoBusy = true;
    stdin.write(i420, () => {
      this.videoBusy = false;
      const next = this.pendingFrame;
      this.pendingFrame = undefined;
      if (next && this.child?.stdin === stdin) this.sendFrame(next);
    });
  }

  private async start(picture: InputPicture): Promise<void> {
    this.picture = picture;
    const video = await bindLocalUdp((packet) => {
      if (isRtcp(packet)) return;
      this.counters.videoBytesOut += packet.length;
      this.options.onRtp({ kind: 'video', packet });
    });
    const audio = await bindLocalUdp((packet) => {
      if (isRtcp(packet)) return;
      this.counters.audioBytesOut += packet.length;
      this.options.onRtp({ kind: 'audio', packet });
    });
    this.sockets = [video, audio];
    const hlsDir = await this.nextHlsFolder();
    const args = ffmpegArgs(this.options.settings, picture, { videoPort: video.address().port, audioPort: audio.address().port, hlsDir });
    const child = spawn(this.options.ffmpegPath ?? 'ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-2000);
    });
    // A broken pipe when ffmpeg exits is reported by 'exit' below, not as a crash here.
    child.stdin?.on('error', () => undefined);
    (child.stdio[3] as Writable | null)?.on('error', () => undefined);
    child.on('error', (err) => this.options.onProblem(`ffmpeg could not start: ${err.message}`));
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.picture = undefined;
      this.videoBusy = false;
      this.stopSilence();
      this.closeSockets();
      if (!this.closed) {
        this.counters.restarts++;
        this.options.onProblem(`ffmpeg exited (${signal ?? code}): ${stderr.trim().split('\n').slice(-2).join(' ') || 'no message'}`);
      }
    });
    this.pacer = new AudioPacer(this.now);
    // Audio is always flowing, silent when the graph sends none: ffmpeg's Opus timeline
    // then follows the wall clock like the video does.
    this.silenceTimer = setInterval(() => {
      const frames = this.pacer?.silenceNeeded() ?? 0;
      if (frames > 0) this.audioPipe()?.write(Buffer.alloc(frames * 2 * 4));
    }, 20);
    this.silenceTimer.unref();
  }

  /**
   * Every run writes HLS to a fresh version folder, so segment URLs are never reused and
   * caches may keep them forever; the previous run's folder is removed.
   */
  private async nextHlsFolder(): Promise<string | undefined> {
    const root = this.options.hlsRoot;
    const previous = this.hls;
    this.hls = undefined;
    if (previous) await rm(previous.dir, { recursive: true, force: true });
    if (!root || !this.options.settings.hls) return undefined;
    const version = `v${Date.now().toString(36)}${(this.runs++).toString(36)}`;
    const dir = path.join(root, version);
    await mkdir(dir, { recursive: true });
    this.hls = { version, dir };
    return dir;
  }

  private stopSilence(): void {
    if (this.silenceTimer) clearInterval(this.silenceTimer);
    this.silenceTimer = undefined;
  }

  private closeSockets(): void {
    for (const socket of this.sockets) socket.close();
    this.sockets = [];
  }

  private async stopChild(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.picture = undefined;
    this.pendingFrame = undefined;
    this.videoBusy = false;
    this.stopSilence();
    this.closeSockets();
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}

async function bindLocalUdp(onPacket: (packet: Buffer) => void): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', onPacket);
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  // A keyframe at 3 Mbit/s is a burst of ~100 packets: room for a few of them.
  socket.setRecvBufferSize(4 * 1024 * 1024);
  return socket;
}
