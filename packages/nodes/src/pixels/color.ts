import { wordView } from './words.ts';

/**
 * Colour correction as one pass. White balance, contrast and brightness fold into one
 * 256-entry table per channel. Saturation mixes each channel with luma (BT.601):
 * out_c = y + s·(c − y), which is linear in r, g, b, so each output channel is a sum of
 * three per-input tables in 8.8 fixed point — nine loads and two adds per channel, no
 * multiplies in the loop. Neutral saturation skips the mix.
 */
export interface ColorSettings {
  /** Added after contrast, -1..1 of full scale. */
  brightness: number;
  /** Slope around mid-grey, 1 = unchanged. */
  contrast: number;
  /** 0 = greyscale, 1 = unchanged, 2 = twice as vivid. */
  saturation: number;
  /** -1 cool (blue) .. +1 warm (amber). */
  temperature: number;
  /** -1 green .. +1 magenta. */
  tint: number;
}

export const neutralColor: ColorSettings = { brightness: 0, contrast: 1, saturation: 1, temperature: 0, tint: 0 };

export interface ColorTables {
  r: Uint8Array;
  g: Uint8Array;
  b: Uint8Array;
  /** Saturation in 8.8 fixed point; 256 means no mix. */
  saturationQ8: number;
  /**
   * mix[out * 3 + in][v]: contribution of input channel `in` at value v to output `out`,
   * 8.8 fixed point; the sum of an output's three entries, shifted right by 8, indexes CLAMP.
   */
  mix: Int32Array[];
}

/** Largest white-balance gain change at temperature/tint ±1. */
const WB_RANGE = 0.2;

function channelTable(gain: number, contrast: number, brightness: number): Uint8Array {
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    const x = ((v / 255) * gain - 0.5) * contrast + 0.5 + brightness;
    table[v] = Math.min(255, Math.max(0, Math.round(x * 255)));
  }
  return table;
}

/** Clamp table for mixed values: index (value + CLAMP_OFFSET) for value in [-1024, 3071]; saturation ≤ 4 stays inside. */
const CLAMP_OFFSET = 1024;
const CLAMP = (() => {
  const t = new Uint8Array(4096);
  for (let i = 0; i < t.length; i++) t[i] = Math.min(255, Math.max(0, i - CLAMP_OFFSET));
  return t;
})();

/** BT.601 luma weights in 8.8, summing to 256. */
const LUMA = [77, 150, 29];

/** White-balance gains [r, g, b] for a temperature and tint; the RGB and I420 paths share them. */
export function whiteBalanceGains(settings: Pick<ColorSettings, 'temperature' | 'tint'>): [number, number, number] {
  return [1 + WB_RANGE * settings.temperature, 1 - WB_RANGE * settings.tint, 1 - WB_RANGE * settings.temperature];
}

/** Saturation as the RGB path applies it: 0..4 (the clamp tables are sized for at most 4×). */
export function clampSaturation(saturation: number): number {
  return Math.min(1024, Math.max(0, Math.round(saturation * 256))) / 256;
}

export function buildColorTables(settings: ColorSettings): ColorTables {
  const [rGain, gGain, bGain] = whiteBalanceGains(settings);
  const channels = [
    channelTable(rGain, settings.contrast, settings.brightness),
    channelTable(gGain, settings.contrast, settings.brightness),
    channelTable(bGain, settings.contrast, settings.brightness),
  ];
  // Up to 4× keeps every mixed value inside the clamp table.
  const sat = clampSaturation(settings.saturation);
  const saturationQ8 = sat * 256;
  const mix: Int32Array[] = [];
  for (let out = 0; out < 3; out++) {
    for (let input = 0; input < 3; input++) {
      const weight = (1 - sat) * (LUMA[input] / 256) + (out === input ? sat : 0);
      // The first table of each output also carries the rounding and the clamp offset.
      const bias = input === 0 ? 128 + (CLAMP_OFFSET << 8) : 0;
      const table = new Int32Array(256);
      for (let v = 0; v < 256; v++) table[v] = Math.round(256 * weight * channels[input][v]) + bias;
      mix.push(table);
    }
  }
  return { r: channels[0], g: channels[1], b: channels[2], saturationQ8, mix };
}

/** Applies the tables to every pixel of `src` into `dst`; alpha (channel 4) is copied. */
export function applyColor(src: Uint8Array, dst: Uint8Array, pixels: number, channels: 3 | 4, t: ColorTables): void {
  const n = pixels * channels;
  if (t.saturationQ8 === 256) {
    const { r: lr, g: lg, b: lb } = t;
    for (let i = 0; i < n; i += channels) {
      dst[i] = lr[src[i]];
      dst[i + 1] = lg[src[i + 1]];
      dst[i + 2] = lb[src[i + 2]];
      if (channels === 4) dst[i + 3] = src[i + 3];
    }
    return;
  }
  let start = 0;
  if (channels === 3) {
    // Four RGB pixels are exactly three 32-bit words.
    const words = Math.floor(n / 12) * 3;
    const src32 = wordView(src, words);
    const dst32 = wordView(dst, words);
    if (src32 && dst32) {
      mixWords(src32, dst32, t.mix);
      start = words * 4;
    }
  }
  mixBytes(src, dst, start, n, channels, t.mix);
}

function mixBytes(src: Uint8Array, dst: Uint8Array, start: number, end: number, channels: number, mix: Int32Array[]): void {
  const [rr, rg, rb, gr, gg, gb, br, bg, bb] = mix;
  const clamp = CLAMP;
  for (let i = start; i < end; i += channels) {
    const r = src[i];
    const g = src[i + 1];
    const b = src[i + 2];
    dst[i] = clamp[(rr[r] + rg[g] + rb[b]) >> 8];
    dst[i + 1] = clamp[(gr[r] + gg[g] + gb[b]) >> 8];
    dst[i + 2] = clamp[(br[r] + bg[g] + bb[b]) >> 8];
    if (channels === 4) dst[i + 3] = src[i + 3];
  }
}

/** Four RGB pixels per iteration from three words: a quarter of the loads and stores of the byte loop. */
function mixWords(src: Uint32Array, dst: Uint32Array, mix: Int32Array[]): void {
  const rr = mix[0], rg = mix[1], rb = mix[2];
  const gr = mix[3], gg = mix[4], gb = mix[5];
  const br = mix[6], bg = mix[7], bb = mix[8];
  const clamp = CLAMP;
  for (let k = 0; k < src.length; k += 3) {
    const w0 = src[k];
    const w1 = src[k + 1];
    const w2 = src[k + 2];
    let r = w0 & 0xff;
    let g = (w0 >>> 8) & 0xff;
    let b = (w0 >>> 16) & 0xff;
    const r0 = clamp[(rr[r] + rg[g] + rb[b]) >> 8];
    const g0 = clamp[(gr[r] + gg[g] + gb[b]) >> 8];
    const b0 = clamp[(br[r] + bg[g] + bb[b]) >> 8];
    r = w0 >>> 24;
    g = w1 & 0xff;
    b = (w1 >>> 8) & 0xff;
    const r1 = clamp[(rr[r] + rg[g] + rb[b]) >> 8];
    const g1 = clamp[(gr[r] + gg[g] + gb[b]) >> 8];
    const b1 = clamp[(br[r] + bg[g] + bb[b]) >> 8];
    r = (w1 >>> 16) & 0xff;
    g = w1 >>> 24;
    b = w2 & 0xff;
    const r2 = clamp[(rr[r] + rg[g] + rb[b]) >> 8];
    const g2 = clamp[(gr[r] + gg[g] + gb[b]) >> 8];
    const b2 = clamp[(br[r] + bg[g] + bb[b]) >> 8];
    r = (w2 >>> 8) & 0xff;
    g = (w2 >>> 16) & 0xff;
    b = w2 >>> 24;
    const r3 = clamp[(rr[r] + rg[g] + rb[b]) >> 8];
    const g3 = clamp[(gr[r] + gg[g] + gb[b]) >> 8];
    const b3 = clamp[(br[r] + bg[g] + bb[b]) >> 8];
    dst[k] = r0 | (g0 << 8) | (b0 << 16) | (r1 << 24);
    dst[k + 1] = g1 | (b1 << 8) | (r2 << 16) | (g2 << 24);
    dst[k + 2] = b2 | (r3 << 8) | (g3 << 16) | (b3 << 24);
  }
}
