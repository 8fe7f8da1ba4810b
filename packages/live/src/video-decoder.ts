import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { FrameSize } from './frame-size.ts';
import { ivfFileHeader, ivfFrame } from './ivf.ts';

export type VideoCodec = 'vp8' | 'h264';

export interface DecodedFrame {
  width: number;
  height: number;
  /** Packed RGB24. */
  data: Buffer;
  /** What was passed to `write` with the encoded frame this came from. */
  arrivalTs: number;
}

export interface VideoDecoderOptions {
  codec: VideoCodec;
  size: FrameSize;
  ffmpegPath: string;
  onFrame: (frame: DecodedFrame) => void;
  /** The process ended without `close()`; carries ffmpeg's last error lines. */
  onFailure: (reason: string) => void;
}

/**
 * One `ffmpeg -threads 1` process per video track: encoded frames in on stdin (IVF for VP8,
 * Annex-B for H.264), packed RGB24 out on stdout. VP8 and the baseline H.264 that WebRTC
 * senders use have no frame reordering, so output order equals input order and each
 * output frame can be matched with the arrival time of its input.
 */
export class FfmpegVideoDecoder {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly frameBytes: number;
  private readonly arrivals: number[] = [];
  private current: Buffer;
  private filled = 0;
  private closed = false;
  private stderrTail = '';
  private written = 0;

  constructor(private readonly options: VideoDecoderOptions) {
    const { width, height } = options.size;
    this.frameBytes = width * height * 3;
    this.current = Buffer.allocUnsafe(this.frameBytes);
    const input = options.codec === 'vp8' ? ['-f', 'ivf'] : ['-f', 'h264'];
    this.child = spawn(
      options.ffmpegPath,
      [
        ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
        ...['-threads', '1', '-flags', 'low_delay', '-probesize', '32', '-analyzeduration', '0'],
        ...input,
        ...['-i', 'pipe:0'],
        // Pin the output size: a mid-stream size change is handled by starting a new decoder.
        ...['-vf', `scale=${width}:${height}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-flush_packets', '1', 'pipe:1'],
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    if (options.codec === 'vp8') this.child.stdin.write(ivfFileHeader(width, height));
    this.child.stdin.on('error', () => {}); // EPIPE after exit is reported by 'exit'
    this.child.stdout.on('data', (data: Buffer) => this.onOutput(data));
    this.child.stderr.on('data', (data: Buffer) => {
      this.stderrTail = (this.stderrTail + data.toString()).slice(-500);
    });
    this.child.on('exit', (code, signal) => {
      if (!this.closed) options.onFailure(`ffmpeg exited (${code ?? signal}): ${this.stderrTail.trim()}`);
      this.closed = true;
    });
    this.child.on('error', (error) => {
      if (!this.closed) options.onFailure(`ffmpeg could not run: ${error.message}`);
      this.closed = true;
    });
  }

  get size(): FrameSize {
    return this.options.size;
  }

  /** Frames written but not yet decoded; grows when the decoder cannot keep up. */
  get backlog(): number {
    return this.arrivals.length;
  }

  write(encoded: Buffer, arrivalTs: number): void {
    if (this.closed) return;
    this.arrivals.push(arrivalTs);
    const pts = this.written++ * 3000; // nominal 30 fps; only order matters to the decoder
    this.child.stdin.write(this.options.codec === 'vp8' ? ivfFrame(encoded, pts) : encoded);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.child.stdin.end();
    this.child.kill('SIGKILL');
  }

  private onOutput(data: Buffer): void {
    let offset = 0;
    while (offset < data.byteLength) {
      const take = Math.min(this.frameBytes - this.filled, data.byteLength - offset);
      data.copy(this.current, this.filled, offset, offset + take);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameBytes) {
        const frame = this.current;
        this.current = Buffer.allocUnsafe(this.frameBytes);
        this.filled = 0;
        const { width, height } = this.options.size;
        this.options.onFrame({ width, height, data: frame, arrivalTs: this.arrivals.shift() ?? Date.now() });
      }
    }
  }
}
