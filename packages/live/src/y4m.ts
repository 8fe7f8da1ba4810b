/**
 * Reads ffmpeg's `yuv4mpegpipe` output: one header line with the picture size, then
 * `FRAME…\n` and one I420 picture per decoded frame. The size comes from the decoder
 * itself, so codecs whose size the gateway does not parse (AV1) need no bitstream reader.
 */
export interface Y4mPicture {
  width: number;
  height: number;
  /** Planar I420: Y, then U, then V (each ceil(w/2) × ceil(h/2)). */
  data: Buffer;
}

const MAX_LINE = 1024;

export class Y4mReader {
  private line = '';
  private size?: { width: number; height: number; frameBytes: number };
  /** The picture being filled, once its FRAME line was read. */
  private picture?: Buffer;
  private filled = 0;
  private failed = false;

  constructor(
    /** Return false to refuse the stream (e.g. above the pixel limit). */
    private readonly onHeader: (width: number, height: number) => boolean,
    private readonly onPicture: (picture: Y4mPicture) => void,
  ) {}

  /** Returns false once the header was refused or the stream is malformed. */
  push(chunk: Buffer): boolean {
    let offset = 0;
    while (!this.failed && offset < chunk.byteLength) {
      if (this.picture && this.size) {
        const take = Math.min(this.size.frameBytes - this.filled, chunk.byteLength - offset);
        chunk.copy(this.picture, this.filled, offset, offset + take);
        this.filled += take;
        offset += take;
        if (this.filled === this.size.frameBytes) {
          const data = this.picture;
          this.picture = undefined;
          this.onPicture({ width: this.size.width, height: this.size.height, data });
        }
        continue;
      }
      const newline = chunk.indexOf(0x0a, offset);
      const end = newline < 0 ? chunk.byteLength : newline;
      this.line += chunk.subarray(offset, end).toString('latin1');
      offset = end + (newline < 0 ? 0 : 1);
      if (this.line.length > MAX_LINE) this.failed = true;
      else if (newline >= 0) this.onLine();
    }
    return !this.failed;
  }

  private onLine(): void {
    const line = this.line;
    this.line = '';
    if (!this.size) {
      const width = Number(/ W(\d+)/.exec(line)?.[1]);
      const height = Number(/ H(\d+)/.exec(line)?.[1]);
      if (!line.startsWith('YUV4MPEG2') || !(width > 0) || !(height > 0) || !this.onHeader(width, height)) {
        this.failed = true;
        return;
      }
      const chroma = Math.ceil(width / 2) * Math.ceil(height / 2);
      this.size = { width, height, frameBytes: width * height + 2 * chroma };
      return;
    }
    if (!line.startsWith('FRAME')) {
      this.failed = true;
      return;
    }
    this.picture = Buffer.allocUnsafe(this.size.frameBytes);
    this.filled = 0;
  }
}
