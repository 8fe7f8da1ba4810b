/**
 * Wire format for frames over a data channel or WebSocket. A frame is split into chunks
 * because data channels cap message size (64 KiB is the safe minimum across stacks);
 * every chunk carries the full header so a receiver can start mid-stream and so one
 * lost or damaged chunk costs one frame, never the stream.
 *
 * Header, big-endian, 28 bytes:
 *   0  u16 magic 'SF'        2 u8 version        3 u8 encoding (0 jpeg, 1 raw rgb24)
 *   4  u32 seq               8 f64 captureTs (epoch ms)
 *   16 u16 chunkIndex        18 u16 chunkCount
 *   20 u32 frameBytes        24 u16 width        26 u16 height
 */
export const CHUNK_MAGIC = 0x5346;
export const FRAMING_VERSION = 1;
export const CHUNK_HEADER_BYTES = 28;
/** Fits under the 64 KiB message limit every WebRTC stack accepts, header included. */
export const DEFAULT_CHUNK_PAYLOAD_BYTES = 64 * 1024 - CHUNK_HEADER_BYTES - 1024;
const MAX_CHUNK_COUNT = 0xffff;

export type FrameEncoding = 'jpeg' | 'raw';
const encodingIds: Record<FrameEncoding, number> = { jpeg: 0, raw: 1 };
const encodingNames: FrameEncoding[] = ['jpeg', 'raw'];

export interface FrameMeta {
  seq: number;
  /** Epoch milliseconds when the frame was grabbed at the source. */
  captureTs: number;
  width: number;
  height: number;
  encoding: FrameEncoding;
}

export interface ChunkHeader extends FrameMeta {
  chunkIndex: number;
  chunkCount: number;
  frameBytes: number;
}

/** Splits one encoded frame into self-describing chunks ready to send. */
export function encodeFrameChunks(
  meta: FrameMeta,
  data: Uint8Array,
  maxPayloadBytes: number = DEFAULT_CHUNK_PAYLOAD_BYTES,
): Uint8Array[] {
  const chunkCount = Math.max(1, Math.ceil(data.byteLength / maxPayloadBytes));
  if (chunkCount > MAX_CHUNK_COUNT) throw new RangeError(`frame of ${data.byteLength} bytes needs too many chunks`);
  const chunks: Uint8Array[] = [];
  for (let chunkIndex = 0; chunkIndex < chunkCount; chunkIndex++) {
    const payload = data.subarray(chunkIndex * maxPayloadBytes, (chunkIndex + 1) * maxPayloadBytes);
    const chunk = new Uint8Array(CHUNK_HEADER_BYTES + payload.byteLength);
    writeChunkHeader(chunk, { ...meta, chunkIndex, chunkCount, frameBytes: data.byteLength });
    chunk.set(payload, CHUNK_HEADER_BYTES);
    chunks.push(chunk);
  }
  return chunks;
}

export function writeChunkHeader(target: Uint8Array, h: ChunkHeader): void {
  const view = new DataView(target.buffer, target.byteOffset, CHUNK_HEADER_BYTES);
  view.setUint16(0, CHUNK_MAGIC);
  view.setUint8(2, FRAMING_VERSION);
  view.setUint8(3, encodingIds[h.encoding]);
  view.setUint32(4, h.seq >>> 0);
  view.setFloat64(8, h.captureTs);
  view.setUint16(16, h.chunkIndex);
  view.setUint16(18, h.chunkCount);
  view.setUint32(20, h.frameBytes);
  view.setUint16(24, h.width);
  view.setUint16(26, h.height);
}

/** Reads a chunk header; returns the reason as a string when the chunk cannot be trusted. */
export function readChunkHeader(chunk: Uint8Array): ChunkHeader | string {
  if (chunk.byteLength < CHUNK_HEADER_BYTES) return `chunk of ${chunk.byteLength} bytes is shorter than its header`;
  const view = new DataView(chunk.buffer, chunk.byteOffset, CHUNK_HEADER_BYTES);
  if (view.getUint16(0) !== CHUNK_MAGIC) return 'chunk does not start with the SF magic';
  if (view.getUint8(2) !== FRAMING_VERSION) return `unsupported framing version ${view.getUint8(2)}`;
  const encoding = encodingNames[view.getUint8(3)];
  if (!encoding) return `unknown encoding id ${view.getUint8(3)}`;
  const header: ChunkHeader = {
    encoding,
    seq: view.getUint32(4),
    captureTs: view.getFloat64(8),
    chunkIndex: view.getUint16(16),
    chunkCount: view.getUint16(18),
    frameBytes: view.getUint32(20),
    width: view.getUint16(24),
    height: view.getUint16(26),
  };
  if (header.chunkCount === 0 || header.chunkIndex >= header.chunkCount) {
    return `chunk index ${header.chunkIndex} outside count ${header.chunkCount}`;
  }
  if (!Number.isFinite(header.captureTs)) return 'capture timestamp is not a finite number';
  return header;
}
