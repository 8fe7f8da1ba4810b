import sharp from 'sharp';

export interface SlateOptions {
  width: number;
  height: number;
  /** Shown centred; the stream id helps an operator see which input is missing. */
  text?: string;
}

const cache = new Map<string, Promise<Buffer>>();

/**
 * The JPEG a capture node emits while its stream has no signal. Rendering costs ~100 ms,
 * so each size and text is rendered once and reused.
 */
export function slateFrame({ width, height, text = 'NO SIGNAL' }: SlateOptions): Promise<Buffer> {
  const key = `${width}x${height}:${text}`;
  let slate = cache.get(key);
  if (!slate) {
    const fontSize = Math.max(12, Math.round(height / 10));
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect width="100%" height="100%" fill="#202020"/>` +
      `<text x="50%" y="50%" dominant-baseline="middle" font-family="sans-serif" font-size="${fontSize}" fill="#ffffff" text-anchor="middle">${escapeXml(text)}</text>` +
      `</svg>`;
    slate = sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
    cache.set(key, slate);
    slate.catch(() => cache.delete(key));
  }
  return slate;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
