import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { VideoCodec } from './codec-support.ts';
import { ivfFileHeader, ivfFrame, type IvfFourcc } from './ivf.ts';
import { Y4mReader } from './y4m.ts';

export type { VideoCodec } from './codec-support.ts';

export interface DecodedFrame<T> {
  width: number;
  height: number;
  /** Planar I420, full-range BT.601 (the pipeline's `yuv420` encoding). */
  data: Buffer;
  /** What was passed to `write` with the encoded frame this came from. */
  input: T;
}

export interface DecoderFailure {
  /** SF612: the picture is larger than the configured limit; SF608: the decoder failed. */
  code: 'SF608' | 'SF612';
  message: string;
}

export interface VideoDecoderOptions<T> {
  codec: VideoCodec;
  /** ffmpeg decoder name, e.g. `libdav1d` (see codec-support.ts). */
  decoder: string;
  ffmpegPath: string;
  /** Pictures with more pixels are refused (SF612) and the decoder stops. */
  maxPixels: number;
  onFrame: (frame: DecodedFrame<T>) => void;
  /** The decoder rejected this frame (corrupt data); no picture will come for it. */
  onUndecodable?: (input: T) => void;
  /** The decoder stopped without `close()`. */
  onFailure: (failure: DecoderFailure) => void;
}

/**
 * An access unit delimiter after each H.264 frame: ffmpeg's parser only knows a frame ended
 * when the next one starts, so without it every picture would wait for the next frame.
 */
const H264_AUD = Buffer.from([0, 0, 0, 1, 0x09, 0xf0]);

const IVF_FOURCC: Record<Exclude<VideoCodec, 'h264'>, IvfFourcc> = { vp8: 'VP80', vp9: 'VP90', av1: 'AV01' };

/**
 * One `ffmpeg -threads 1` process per video track: encoded frames in on stdin (IVF for
 * VP8/VP9/AV1, Annex-B for H.264), I420 out on stdout as yuv4mpeg. `-fps_mode passthrough`
 * gives exactly one picture out per picture in. WebRTC senders use no frame reordering
 * (no B-frames), so output order equals input order and each picture is matched with the
 * input it came from. The picture size is pinned to the first picture (ffmpeg's autoscale);
 * a size change is handled by the caller starting a new decoder at the key frame.
 */
export class FfmpegVideoDecoder<T> {
  private readonly child: ChildProcessWithoutNullStreams;
  /**
   * Frames written and not yet answered, in order. A hidden frame (decoded but not shown)
   * answers with nothing, so it is skipped when the next picture comes; a frame the decoder
   * rejects answers with an error line (see onStderr).
   */
  private readonly inputs: Array<{ input: T; hidden: boolean }> = [];
  private readonly reader: Y4mReader;
  private closed = false;
  private pictures = 0;
  private lastPictureAt = 0;
  private stderrTail = '';
  private stderrLine = '';
  private firstPts?: number;
  private lastPts = -1;

  constructor(private readonly options: VideoDecoderOptions<T>) {
    const { codec } = options;
    this.child = spawn(
      options.ffmpegPath,
      [
        // `repeat`: every failed frame gets its own line (see onErrorLine).
        ...['-hide_banner', '-loglevel', 'repeat+error', '-nostdin'],
        ...['-threads', '1', '-flags', 'low_delay', '-probesize', '32', '-analyzeduration', '0'],
        ...['-c:v', options.decoder, '-f', codec === 'h264' ? 'h264' : 'ivf', '-i', 'pipe:0'],
        '-fps_mode', 'passthrough',
        // Decoders give limited-range video; the pipeline's yuv420 is full-range BT.601.
        ...['-vf', 'scale=out_range=pc:out_color_matrix=bt601', '-pix_fmt', 'yuv420p'],
        ...['-f', 'yuv4mpegpipe', '-strict', '-1', '-flush_packets', '1', 'pipe:1'],
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    // The IVF header's size is informational; the decoder reads it from the bitstream.
    if (codec !== 'h264') this.child.stdin.write(ivfFileHeader(0, 0, IVF_FOURCC[codec]));
    this.reader = new Y4mReader(
      (width, height) => {
        if (width * height <= options.maxPixels) return true;
        this.fail({ code: 'SF612', message: `the picture is ${width}×${height}, above the limit of ${options.maxPixels} pixels` });
        return false;
      },
      ({ width, height, data }) => {
        while (this.inputs[0]?.hidden) this.inputs.shift();
        const input = this.inputs.shift()?.input;
        this.pictures++;
        this.lastPictureAt = Date.now();
        if (input !== undefined && !this.closed) options.onFrame({ width, height, data, input });
      },
    );
    this.child.stdin.on('error', () => {}); // EPIPE after exit is reported by 'exit'
    this.child.stdout.on('data', (data: Buffer) => {
      if (!this.reader.push(data)) this.fail({ code: 'SF608', message: 'the decoder wrote an unreadable picture stream' });
    });
    this.child.stderr.on('data', (data: Buffer) => this.onStderr(data.toString()));
    this.child.on('exit', (code, signal) => {
      this.fail({ code: 'SF608', message: `ffmpeg exited (${code ?? signal}): ${this.stderrTail.trim() || 'no error output'}` });
    });
    this.child.on('error', (error) => this.fail({ code: 'SF608', message: `ffmpeg could not run: ${error.message}` }));
  }

  /** Frames written but not yet decoded; grows when the decoder cannot keep up. */
  get backlog(): number {
    return this.inputs.filter((entry) => !entry.hidden).length;
  }

  /** Whether a picture came out yet: until then the backlog is ffmpeg starting, not falling behind. */
  get started(): boolean {
    return this.pictures > 0;
  }

  /** Frames are waiting but no picture came for `ms`: the decoder hangs (or swallowed its input). */
  isStalled(ms: number): boolean {
    return this.started && this.inputs.length > 0 && Date.now() - this.lastPictureAt > ms;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** `pts` only has to increase (ms); `input` comes back with the decoded picture. */
  write(encoded: Buffer, pts: number, input: T): void {
    if (this.closed) return;
    // A VP8 frame with show_frame 0 (RFC 6386 §9.1, e.g. an alt-ref frame) gives no picture.
    const hidden = this.options.codec === 'vp8' && encoded.byteLength > 0 && (encoded[0] & 0x10) === 0;
    this.inputs.push({ input, hidden });
    this.firstPts ??= pts;
    // Strictly increasing: passthrough drops a picture whose timestamp repeats the last one.
    this.lastPts = Math.max(this.lastPts + 1, Math.round(pts - this.firstPts));
    if (this.options.codec === 'h264') this.child.stdin.write(Buffer.concat([encoded, H264_AUD]));
    else this.child.stdin.write(ivfFrame(encoded, this.lastPts));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.child.stdin.end();
    this.child.kill('SIGKILL');
  }

  /**
   * A frame the decoder could not decode gives no picture, only this line; its input is
   * dropped so later pictures stay matched with their own inputs.
   */
  private onStderr(text: string): void {
    this.stderrTail = (this.stderrTail + text).slice(-500);
    this.stderrLine += text;
    const lines = this.stderrLine.split('\n');
    this.stderrLine = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('Error while decoding stream')) continue;
      const entry = this.inputs.shift();
      if (entry && !entry.hidden && !this.closed) this.options.onUndecodable?.(entry.input);
    }
  }

  private fail(failure: DecoderFailure): void {
    if (this.closed) return;
    this.close();
    this.options.onFailure(failure);
  }
}
