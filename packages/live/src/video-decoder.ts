import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { VideoCodec } from './codec-support.ts';
import { ivfFileHeader, ivfFrame, type IvfFourcc } from './ivf.ts';
import { Y4mReader, type Y4mPicture } from './y4m.ts';

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

const IVF_FOURCC: Record<VideoCodec, IvfFourcc> = { vp8: 'VP80', vp9: 'VP90', av1: 'AV01', h264: 'H264' };

/**
 * One `ffmpeg -threads 1` process per video track: encoded frames in on stdin as IVF, each
 * numbered 0, 1, 2…; I420 out on stdout as yuv4mpeg, and on fd 3 one `framecrc` line per
 * picture carrying that number. Pictures and lines come in the same order, so the n-th
 * picture is paired with the n-th line and through its number with the input it came from.
 * Inputs skipped over gave no picture (rejected as corrupt, or VP8 frames never shown).
 * Matching by number, not by counting error lines on stderr, holds however the two pipes'
 * reads interleave. The picture size is pinned to the first picture (ffmpeg's autoscale);
 * a size change is handled by the caller starting a new decoder at the key frame.
 */
export class FfmpegVideoDecoder<T> {
  private readonly child: ChildProcessWithoutNullStreams;
  /**
   * Frames written and not yet answered, in order of their number. A hidden frame (decoded
   * but not shown) answers with nothing, so it is skipped silently when a later picture comes.
   */
  private readonly inputs: Array<{ number: number; input: T; hidden: boolean }> = [];
  /** Pictures and frame numbers read but not yet paired: the two pipes are read separately. */
  private readonly unpairedPictures: Y4mPicture[] = [];
  private readonly unpairedNumbers: number[] = [];
  private readonly reader: Y4mReader;
  private closed = false;
  private nextNumber = 0;
  private pictures = 0;
  private lastPictureAt = 0;
  private stderrTail = '';
  private numbersLine = '';

  constructor(private readonly options: VideoDecoderOptions<T>) {
    const { codec } = options;
    this.child = spawn(
      options.ffmpegPath,
      [
        // `repeat`: every failed frame gets its own line (see onErrorLine).
        ...['-hide_banner', '-loglevel', 'repeat+error', '-nostdin'],
        ...['-threads', '1', '-flags', 'low_delay', '-probesize', '32', '-analyzeduration', '0'],
        ...['-c:v', options.decoder, '-f', 'ivf', '-i', 'pipe:0'],
        ...['-map', '0:v', '-fps_mode', 'passthrough'],
        // Decoders give limited-range video; the pipeline's yuv420 is full-range BT.601.
        ...['-vf', 'scale=out_range=pc:out_color_matrix=bt601', '-pix_fmt', 'yuv420p'],
        ...['-f', 'yuv4mpegpipe', '-strict', '-1', '-flush_packets', '1', 'pipe:1'],
        // The same pictures' numbers: `wrapped_avframe` hands frames on without copying them,
        // and the input's 1/1000 timebase keeps each number as written (H.264's own rate would not).
        ...['-map', '0:v', '-fps_mode', 'passthrough', '-c:v', 'wrapped_avframe', '-enc_time_base', '-1'],
        ...['-f', 'framecrc', '-flush_packets', '1', 'pipe:3'],
      ],
      { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] },
    );
    // The IVF header's size is informational; the decoder reads it from the bitstream.
    this.child.stdin.write(ivfFileHeader(0, 0, IVF_FOURCC[codec]));
    this.reader = new Y4mReader(
      (width, height) => {
        if (width * height <= options.maxPixels) return true;
        this.fail({ code: 'SF612', message: `the picture is ${width}×${height}, above the limit of ${options.maxPixels} pixels` });
        return false;
      },
      (picture) => {
        this.unpairedPictures.push(picture);
        this.pair();
      },
    );
    this.child.stdin.on('error', () => {}); // EPIPE after exit is reported by 'exit'
    this.child.stdout.on('data', (data: Buffer) => {
      if (!this.reader.push(data)) this.fail({ code: 'SF608', message: 'the decoder wrote an unreadable picture stream' });
    });
    this.child.stdio[3]?.on('data', (data: Buffer) => this.onNumbers(data.toString()));
    this.child.stderr.on('data', (data: Buffer) => {
      this.stderrTail = (this.stderrTail + data.toString()).slice(-500);
    });
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

  /** `input` comes back with the decoded picture. */
  write(encoded: Buffer, input: T): void {
    if (this.closed) return;
    // A VP8 frame with show_frame 0 (RFC 6386 §9.1, e.g. an alt-ref frame) gives no picture.
    const hidden = this.options.codec === 'vp8' && encoded.byteLength > 0 && (encoded[0] & 0x10) === 0;
    const number = this.nextNumber++;
    this.inputs.push({ number, input, hidden });
    this.child.stdin.write(ivfFrame(encoded, number));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.child.stdin.end();
    this.child.kill('SIGKILL');
  }

  /** `framecrc` lines: `#` headers, then `stream, pts, dts, duration, size, crc` per picture. */
  private onNumbers(text: string): void {
    this.numbersLine += text;
    const lines = this.numbersLine.split('\n');
    this.numbersLine = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '' || line.startsWith('#')) continue;
      const number = Number(line.split(',')[1]);
      if (!Number.isInteger(number)) return this.fail({ code: 'SF608', message: `the decoder wrote an unreadable frame line: ${line.slice(0, 80)}` });
      this.unpairedNumbers.push(number);
    }
    this.pair();
  }

  private pair(): void {
    while (this.unpairedPictures.length > 0 && this.unpairedNumbers.length > 0) {
      const { width, height, data } = this.unpairedPictures.shift()!;
      const number = this.unpairedNumbers.shift()!;
      this.pictures++;
      this.lastPictureAt = Date.now();
      // Inputs before this picture's own gave none: hidden, or rejected by the decoder.
      while (this.inputs.length > 0 && this.inputs[0].number < number) {
        const skipped = this.inputs.shift()!;
        if (!skipped.hidden && !this.closed) this.options.onUndecodable?.(skipped.input);
      }
      const own = this.inputs[0]?.number === number ? this.inputs.shift() : undefined;
      if (own && !this.closed) this.options.onFrame({ width, height, data, input: own.input });
    }
  }

  private fail(failure: DecoderFailure): void {
    if (this.closed) return;
    this.close();
    this.options.onFailure(failure);
  }
}
