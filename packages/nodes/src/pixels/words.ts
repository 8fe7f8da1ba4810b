/**
 * 32-bit views over byte buffers let the hot loops load and store four bytes at a time
 * (a quarter of the bounds-checked accesses). They need a 4-byte-aligned offset and a
 * little-endian machine; callers fall back to byte loops otherwise.
 */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A Uint32Array over the first `words` whole words of `bytes`, or undefined when unaligned. */
export function wordView(bytes: Uint8Array, words: number): Uint32Array | undefined {
  if (!LITTLE_ENDIAN || bytes.byteOffset % 4 !== 0) return undefined;
  return new Uint32Array(bytes.buffer, bytes.byteOffset, words);
}
