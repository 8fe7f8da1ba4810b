import { wordView } from './words.ts';

/**
 * dst[i] = table[src[i]] over `length` bytes, four bytes per iteration where both
 * buffers are word-aligned (a quarter of the bounds-checked loads and stores).
 */
export function applyLut(src: Uint8Array, dst: Uint8Array, table: Uint8Array, length = src.length): void {
  const words = length >> 2;
  const src32 = wordView(src, words);
  const dst32 = wordView(dst, words);
  let start = 0;
  if (src32 && dst32) {
    for (let k = 0; k < words; k++) {
      const w = src32[k];
      dst32[k] = table[w & 0xff] | (table[(w >>> 8) & 0xff] << 8) | (table[(w >>> 16) & 0xff] << 16) | (table[w >>> 24] << 24);
    }
    start = words * 4;
  }
  for (let i = start; i < length; i++) dst[i] = table[src[i]];
}
