import { CAPTURE_EACH_DRAW } from './canvas-capture.ts';

/**
 * A clock drawn into every sent frame and read back from decoded I420 pictures: the send
 * time in ms as 42 black/white blocks plus a 6-bit checksum, in an 8 × 6 grid of big cells
 * (robust to compression and to the sender scaling the picture). Cells are placed in
 * fractions of the picture, so a scaled-down stream reads the same.
 */
const COLS = 8;
const ROWS = 6;
const TIME_BITS = 42;

/** Cell centre as fractions of the picture: the grid spans columns 1..8 of 10 and rows 1..6 of 8. */
function cellCentre(index: number): [number, number] {
  const col = index % COLS;
  const row = Math.floor(index / COLS);
  return [(1 + col + 0.5) / 10, (1 + row + 0.5) / 8];
}

/** Also runs in the page (as its source text), so it uses no outer names. */
function checksum(ms: number): number {
  let sum = 0;
  for (let i = 0; i < 42; i++) sum += Math.floor(ms / 2 ** i) % 2 ? i + 1 : 0;
  return sum % 64;
}

/** Page script: `startClockCanvas(width, height, fps)` returns a canvas stream with the clock drawn each frame. */
export const CLOCK_CANVAS_SCRIPT = `
globalThis.startClockCanvas = (width, height, fps) => {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  document.body.append(canvas);
  const ctx = canvas.getContext('2d');
  const cellW = width / 10, cellH = height / 8;
  const checksum = ${checksum.toString()};
  let frame = 0;
  const draw = () => {
    const now = Date.now();
    ctx.fillStyle = 'rgb(128,128,128)';
    ctx.fillRect(0, 0, width, height);
    // Something moving besides the clock, as in a real picture.
    ctx.fillStyle = 'rgb(200,60,60)';
    ctx.fillRect((frame++ * 7) % width, height - cellH * 0.8, cellW * 0.6, cellH * 0.6);
    const sum = checksum(now);
    for (let i = 0; i < ${COLS * ROWS}; i++) {
      const bit = i < ${TIME_BITS} ? Math.floor(now / 2 ** (${TIME_BITS - 1} - i)) % 2 : Math.floor(sum / 2 ** (${COLS * ROWS - 1} - i)) % 2;
      ctx.fillStyle = bit ? '#fff' : '#000';
      ctx.fillRect((1 + (i % ${COLS})) * cellW + 2, (1 + Math.floor(i / ${COLS})) * cellH + 2, cellW - 4, cellH - 4);
    }
  };
  return (${CAPTURE_EACH_DRAW})(canvas, draw, fps);
};
`;

/** The send time drawn into an I420 picture, or undefined when it cannot be read (checksum fails). */
export function readClockBarcode(i420: Buffer, width: number, height: number): number | undefined {
  const bits: number[] = [];
  const half = Math.max(1, Math.floor(Math.min(width / 10, height / 8) / 6));
  for (let i = 0; i < COLS * ROWS; i++) {
    const [fx, fy] = cellCentre(i);
    const cx = Math.round(fx * width);
    const cy = Math.round(fy * height);
    let sum = 0;
    let count = 0;
    for (let y = cy - half; y <= cy + half; y++) {
      for (let x = cx - half; x <= cx + half; x++) {
        sum += i420[y * width + x];
        count++;
      }
    }
    bits.push(sum / count > 128 ? 1 : 0);
  }
  let ms = 0;
  for (let i = 0; i < TIME_BITS; i++) ms = ms * 2 + bits[i];
  let sum = 0;
  for (let i = TIME_BITS; i < COLS * ROWS; i++) sum = sum * 2 + bits[i];
  return sum === checksum(ms) ? ms : undefined;
}

/**
 * Page script: `readClockFrom(image)` reads the send time back from a drawn picture (an
 * ImageBitmap, canvas or video frame of any size), or undefined when the checksum fails.
 * The picture is scaled to 8 pixels per grid cell in a small canvas, and each cell's centre
 * pixel is read there: one small getImageData per picture.
 */
export const CLOCK_READER_SCRIPT = `
(() => {
  const canvas = document.createElement('canvas');
  canvas.width = 80;
  canvas.height = 64;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const checksum = ${checksum.toString()};
  globalThis.readClockFrom = (image) => {
    ctx.drawImage(image, 0, 0, 80, 64);
    const pixels = ctx.getImageData(0, 0, 80, 64).data;
    const bits = [];
    for (let i = 0; i < ${COLS * ROWS}; i++) {
      const x = (1 + (i % ${COLS})) * 8 + 4;
      const y = (1 + Math.floor(i / ${COLS})) * 8 + 4;
      const at = (y * 80 + x) * 4;
      bits.push(0.299 * pixels[at] + 0.587 * pixels[at + 1] + 0.114 * pixels[at + 2] > 128 ? 1 : 0);
    }
    let ms = 0;
    for (let i = 0; i < ${TIME_BITS}; i++) ms = ms * 2 + bits[i];
    let sum = 0;
    for (let i = ${TIME_BITS}; i < ${COLS * ROWS}; i++) sum = sum * 2 + bits[i];
    return sum === checksum(ms) ? ms : undefined;
  };
})();
`;
