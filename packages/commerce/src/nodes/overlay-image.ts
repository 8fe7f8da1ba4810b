import type { Frame } from '@showflow/nodes/sdk';
import { renderTextImage } from '@showflow/nodes/pixels';

export interface CardStyle {
  size: number;
  color: string;
  background: string;
}

/**
 * The overlay a commerce node shows: rendered again only when its text changes, sent as a
 * fresh pooled copy each time. The revision goes up with every new picture, so compose
 * re-derives its cached pixels exactly when the card changed.
 */
export class CardImage {
  private pixels: { data: Buffer; width: number; height: number } | null = null;
  private key = '';
  private revision = 0;
  /** The text on the card now; empty when hidden. */
  lines: readonly string[] = [];

  /** Renders `lines` (none: an empty, fully transparent card) unless they are what is shown. */
  async update(lines: string[], style: CardStyle): Promise<boolean> {
    const key = JSON.stringify([lines, style]);
    if (key === this.key) return false;
    this.key = key;
    this.lines = lines;
    this.revision++;
    this.pixels = lines.length
      ? await renderTextImage({ text: lines.join('\n'), font: 'DejaVu Sans Bold', size: style.size, color: style.color, background: style.background, padding: Math.round(style.size / 2), maxWidth: 0 })
      : null;
    return true;
  }

  toFrame(alloc: (n: number) => Buffer, nodeId: string, captureTs: number): Frame {
    // Hidden is a 1×1 transparent image: compose keeps the last overlay it got, so hiding must send something.
    const src = this.pixels ?? { data: Buffer.alloc(4), width: 1, height: 1 };
    const data = alloc(src.data.length);
    src.data.copy(data);
    return { width: src.width, height: src.height, channels: 4, encoding: 'raw', data, seq: this.revision, captureTs, id: `${nodeId}#card` };
  }
}
