import dgram from 'node:dgram';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { AvFeed, type FeedProcess, type SoundCounters } from './av-feed.ts';
import type { EncoderSettings, InputPicture } from './encoder-settings.ts';
import { ffmpegArgs } from './ffmpeg-args.ts';
import { isRtcp } from '../rtp/rtp-packet.ts';

export interface EncodedRtp {
  kind: 'video' | 'audio';
  packet: Buffer;
}

export interface EncoderCounters {
  framesIn: number;
  framesDropped: number;
  videoBytesOut: number;
  audioBytesOut: number;
  restarts: number;
  sound: SoundCounters;
}

export interface ProgramEncoderOptions {
  settings: EncoderSettings;
  ffmpegPath?: string;
  /** Folder under which each encoder run writes HLS into its own version folder. */
  hlsRoot?: string;
  onRtp(rtp: EncodedRtp): void;
  /** When HLS fails, the encode starts again (new HLS version) this long after, doubling per failure; default 5 s up to 5 min. */
  hlsRestartMs?: { first: number; max: number };
  /** ffmpeg exited; the encoder restarts on the next frame. */
  onProblem(message: string): void;
  now?: () => number;
}

/**
 * The one encode of a program output: an AvFeed whose ffmpeg sends RTP back on two local
 * UDP sockets (and writes HLS when enabled).
 */
export class ProgramEncoder {
  private readonly feed: AvFeed;
  private sockets: dgram.Socket[] = [];
  private bytes = { video: 0, audio: 0 };
  private runs = 0;
  /** The current run's HLS version (folder name) and folder; a restart gets a new one. */
  hls: { version: string; dir: string } | undefined;

  constructor(private readonly options: ProgramEncoderOptions) {
    this.feed = new AvFeed({
      ffmpegPath: options.ffmpegPath,
      now: options.now,
      framing: 'matroska',
      prepare: () => this.prepare(),
      cleanup: () => this.closeSockets(),
      onExit: (detail) => options.onProblem(detail),
      optionalRestartMs: options.hlsRestartMs,
    });
  }

  get counters(): EncoderCounters {
    const c = this.feed.counters;
    return { framesIn: c.framesIn, framesDropped: c.framesDropped, videoBytesOut: this.bytes.video, audioBytesOut: this.bytes.audio, restarts: c.exits, sound: this.feed.sound };
  }

  writeFrame(i420: Buffer, picture: InputPicture, captureTs?: number): Promise<void> {
    return this.feed.writeFrame(i420, picture, captureTs);
  }

  writeAudio(samples: Float32Array, channels: 1 | 2, captureTs?: number): void {
    this.feed.writeAudio(samples, channels, captureTs);
  }

  /** The next frame is encoded as an IDR (with SPS/PPS) for every viewer. */
  requestKeyframe(): void {
    this.feed.requestKeyframe();
  }

  async close(): Promise<void> {
    await this.feed.close();
    if (this.options.hlsRoot) await rm(this.options.hlsRoot, { recursive: true, force: true });
    this.hls = undefined;
  }

  private async prepare(): Promise<FeedProcess[]> {
    const receive = (kind: 'video' | 'audio') => (packet: Buffer) => {
      if (isRtcp(packet)) return;
      this.bytes[kind] += packet.length;
      this.options.onRtp({ kind, packet });
    };
    const video = await bindLocalUdp(receive('video'));
    const audio = await bindLocalUdp(receive('audio'));
    this.sockets = [video, audio];
    const hlsDir = await this.nextHlsFolder();
    return ffmpegArgs(this.options.settings, { videoPort: video.address().port, audioPort: audio.address().port, hlsDir });
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

  private closeSockets(): void {
    for (const socket of this.sockets) socket.close();
    this.sockets = [];
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
