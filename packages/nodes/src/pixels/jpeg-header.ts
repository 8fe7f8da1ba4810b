/**
 * Reads width, height and component count from a JPEG's SOF marker without decoding,
 * so a source can describe a frame it passes on still encoded. Returns undefined when
 * the bytes are not a JPEG or the header is cut short.
 */
export function readJpegSize(data: Uint8Array): { width: number; height: number; channels: number } | undefined {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 3 < data.length) {
    if (data[i] !== 0xff) return undefined;
    const marker = data[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    const length = (data[i + 2] << 8) | data[i + 3];
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 >= data.length) return undefined;
      const height = (data[i + 5] << 8) | data[i + 6];
      const width = (data[i + 7] << 8) | data[i + 8];
      const channels = data[i + 9];
      return width > 0 && height > 0 ? { width, height, channels } : undefined;
    }
    if (marker === 0xda || length < 2) return undefined; // scan data before any SOF
    i += 2 + length;
  }
  return undefined;
}
