/** 5×7 bitmaps for 0–9 and ':', one row per entry, high bit on the left. */
const GLYPHS: Record<string, number[]> = {
  '0': [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e],
  '1': [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e],
  '2': [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f],
  '3': [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e],
  '4': [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02],
  '5': [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e],
  '6': [0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e],
  '7': [0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
  '8': [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e],
  '9': [0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c],
  ':': [0x00, 0x0c, 0x0c, 0x00, 0x0c, 0x0c, 0x00],
};

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

/**
 * Draws `text` (digits and colons) into an RGB buffer at (x, y), each font pixel a
 * `scale`×`scale` block. Characters outside the font are left blank; drawing is clipped.
 */
export function drawDigits(
  data: Uint8Array,
  width: number,
  height: number,
  text: string,
  x: number,
  y: number,
  scale: number,
  rgb: [number, number, number],
): void {
  const advance = (GLYPH_WIDTH + 1) * scale;
  for (let k = 0; k < text.length; k++) {
    const glyph = GLYPHS[text[k]];
    if (!glyph) continue;
    const gx = x + k * advance;
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      const bits = glyph[row];
      for (let col = 0; col < GLYPH_WIDTH; col++) {
        if (!(bits & (0x10 >> col))) continue;
        fillRect(data, width, height, gx + col * scale, y + row * scale, scale, scale, rgb);
      }
    }
  }
}

export function fillRect(
  data: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  w: number,
  h: number,
  [r, g, b]: [number, number, number],
): void {
  const x0 = Math.max(0, x);
  const x1 = Math.min(width, x + w);
  const y1 = Math.min(height, y + h);
  for (let row = Math.max(0, y); row < y1; row++) {
    for (let i = (row * width + x0) * 3, end = (row * width + x1) * 3; i < end; i += 3) {
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
    }
  }
}
