import { drawDigits, fillRect, GLYPH_HEIGHT, GLYPH_WIDTH } from './digits.ts';

export interface SceneOptions {
  width: number;
  height: number;
  fps: number;
  /** Standard deviation of the added Gaussian noise, in 8-bit levels; 0 for none. */
  noise: number;
  seed: number;
}

/** Noise samples: at least one frame's worth (so no pattern repeats inside a small frame), at most 2^21. */
function noiseBits(byteLength: number): number {
  return Math.min(21, Math.max(12, Math.ceil(Math.log2(byteLength))));
}

/** Deterministic 32-bit PRNG (mulberry32), so the same seed renders the same show. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A moving test scene: colour bars over a grey ramp (precomputed once), a disc that
 * moves on a Lissajous path and a timecode block. `renderClean` costs one memcpy plus
 * the disc and digits; `addNoise` one pass through a precomputed Gaussian table, so a
 * 720p frame stays within a few milliseconds. Frames are a pure function of `seq`.
 */
export class SyntheticScene {
  readonly width: number;
  readonly height: number;
  readonly byteLength: number;
  private readonly background: Uint8Array;
  /** Noise as clamp-table offsets: value + 256, so `clamp[pixel + entry]` is the noisy pixel. */
  private readonly noiseTable: Int16Array | undefined;
  private static readonly clamp = (() => {
    const t = new Uint8Array(1024);
    for (let i = 0; i < t.length; i++) t[i] = Math.min(255, Math.max(0, i - 256));
    return t;
  })();

  constructor(readonly options: SceneOptions) {
    this.width = options.width;
    this.height = options.height;
    this.byteLength = this.width * this.height * 3;
    this.background = renderBackground(this.width, this.height);
    this.noiseTable = options.noise > 0 ? gaussianTable(options.noise, options.seed, noiseBits(this.byteLength)) : undefined;
  }

  renderClean(seq: number, dst: Uint8Array): void {
    const { width: w, height: h } = this;
    dst.set(this.background);
    const t = seq / this.options.fps;
    const radius = Math.max(4, Math.round(h / 9));
    const cx = Math.round(w / 2 + (w / 2 - radius * 1.5) * Math.sin(t * 0.9));
    const cy = Math.round(h * 0.4 + h * 0.25 * Math.sin(t * 1.7 + 0.5));
    fillDisc(dst, w, h, cx, cy, radius, [255, 140, 0]);
    const scale = Math.max(1, Math.round(h / 180));
    const text = timecode(seq, this.options.fps);
    const pad = 2 * scale;
    const boxW = text.length * (GLYPH_WIDTH + 1) * scale - scale + 2 * pad;
    const boxH = GLYPH_HEIGHT * scale + 2 * pad;
    const bx = 2 * pad;
    const by = h - boxH - 2 * pad;
    fillRect(dst, w, h, bx, by, boxW, boxH, [16, 16, 16]);
    drawDigits(dst, w, h, text, bx + pad, by + pad, scale, [240, 240, 240]);
  }

  /** `dst` = `clean` plus this frame's noise, clamped; a copy when noise is 0. */
  addNoise(seq: number, clean: Uint8Array, dst: Uint8Array): void {
    const table = this.noiseTable;
    const n = this.byteLength;
    if (!table) {
      dst.set(clean.subarray(0, n));
      return;
    }
    const clamp = SyntheticScene.clamp;
    const mask = table.length - 1;
    // A different window into the table each frame keeps the noise uncorrelated in time.
    let o = (Math.imul(seq + 1, 0x9e3779b1) >>> 7) & mask;
    for (let i = 0; i < n; i++) {
      dst[i] = clamp[clean[i] + table[o]];
      o = (o + 1) & mask;
    }
  }
}

export function timecode(seq: number, fps: number): string {
  const rate = Math.max(1, Math.round(fps));
  const frames = seq % rate;
  const total = Math.floor(seq / rate);
  const two = (v: number) => String(v).padStart(2, '0');
  return `${two(Math.floor(total / 3600) % 100)}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}:${two(frames)}`;
}

function gaussianTable(sigma: number, seed: number, bits: number): Int16Array {
  const random = mulberry32(seed);
  const table = new Int16Array(1 << bits);
  for (let i = 0; i < table.length; i += 2) {
    // Box–Muller: two independent samples per pair of uniforms.
    const u = Math.max(random(), 1e-12);
    const v = random();
    const m = sigma * Math.sqrt(-2 * Math.log(u));
    table[i] = clampNoise(m * Math.cos(2 * Math.PI * v)) + 256;
    table[i + 1] = clampNoise(m * Math.sin(2 * Math.PI * v)) + 256;
  }
  return table;
}

function clampNoise(v: number): number {
  return Math.max(-255, Math.min(255, Math.round(v)));
}

/** 75% colour bars in the top two thirds, a left-to-right grey ramp below. */
function renderBackground(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  const bars: [number, number, number][] = [
    [191, 191, 191],
    [191, 191, 0],
    [0, 191, 191],
    [0, 191, 0],
    [191, 0, 191],
    [191, 0, 0],
    [0, 0, 191],
  ];
  const split = Math.round((height * 2) / 3);
  for (let y = 0; y < height; y++) {
    // A gentle vertical shade keeps the bars from being perfectly flat.
    const shade = y < split ? 0.8 + 0.2 * (y / split) : 1;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (y < split) {
        const [r, g, b] = bars[Math.min(bars.length - 1, Math.floor((x * bars.length) / width))];
        data[i] = Math.round(r * shade + 16);
        data[i + 1] = Math.round(g * shade + 16);
        data[i + 2] = Math.round(b * shade + 16);
      } else {
        const v = Math.round(16 + (219 * x) / Math.max(1, width - 1));
        data[i] = v;
        data[i + 1] = v;
        data[i + 2] = v;
      }
    }
  }
  return data;
}

function fillDisc(data: Uint8Array, width: number, height: number, cx: number, cy: number, r: number, rgb: [number, number, number]): void {
  for (let dy = -r; dy <= r; dy++) {
    const half = Math.floor(Math.sqrt(r * r - dy * dy));
    fillRect(data, width, height, cx - half, cy + dy, 2 * half + 1, 1, rgb);
  }
}
