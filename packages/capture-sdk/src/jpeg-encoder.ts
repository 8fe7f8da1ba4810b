/**
 * Draws a source into a fixed-size OffscreenCanvas and encodes JPEG. One canvas is reused
 * so steady-state capture allocates only the output bytes.
 */
export class JpegEncoder {
  private readonly canvas: OffscreenCanvas;
  private readonly context: OffscreenCanvasRenderingContext2D;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly quality: number,
  ) {
    this.canvas = new OffscreenCanvas(width, height);
    const context = this.canvas.getContext('2d', { alpha: false });
    if (!context) throw new Error('OffscreenCanvas 2d context is not available');
    this.context = context;
  }

  /** Grabs the current picture now (the capture instant) and returns its JPEG later. */
  grab(source: CanvasImageSource): Promise<Uint8Array> {
    this.context.drawImage(source, 0, 0, this.width, this.height);
    return this.canvas
      .convertToBlob({ type: 'image/jpeg', quality: this.quality })
      .then(async (blob) => new Uint8Array(await blob.arrayBuffer()));
  }
}
