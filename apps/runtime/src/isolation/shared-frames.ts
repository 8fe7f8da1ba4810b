/**
 * Frames cross to and from isolated workers as views over shared memory. Buffers from the
 * frame pool already are; a frame whose bytes live in ordinary memory (a decoder's output)
 * is copied into shared memory once, and the copy is reused for every isolated consumer.
 */
const sharedCopies = new WeakMap<Buffer, Buffer>();

function isFrameLike(value: unknown): value is { data: Uint8Array } {
  return value !== null && typeof value === 'object' && (value as { data?: unknown }).data instanceof Uint8Array;
}

/** The value with a frame's bytes in shared memory (other values unchanged). */
export function shareValue(value: unknown): unknown {
  if (!isFrameLike(value)) return value;
  const data = value.data as Buffer;
  if (data.buffer instanceof SharedArrayBuffer) return value;
  let copy = sharedCopies.get(data);
  if (!copy) {
    copy = Buffer.from(new SharedArrayBuffer(data.byteLength));
    copy.set(data);
    sharedCopies.set(data, copy);
  }
  return { ...value, data: copy };
}

/** A value that arrived by postMessage: a frame's Uint8Array view becomes a Buffer over the same memory. */
export function reviveValue(value: unknown): unknown {
  if (!isFrameLike(value) || Buffer.isBuffer(value.data)) return value;
  const view = value.data;
  return { ...value, data: Buffer.from(view.buffer, view.byteOffset, view.byteLength) };
}

export function reviveValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in values) out[key] = reviveValue(values[key]);
  return out;
}
