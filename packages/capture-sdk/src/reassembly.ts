import { CHUNK_HEADER_BYTES, readChunkHeader, type ChunkHeader, type FrameMeta } from './framing.ts';

/** SF604 corrupt chunk, SF605 frame above the size limit; the same codes the gateway reports. */
export type FrameRejectCode = 'SF604' | 'SF605';

export interface AssembledFrame extends FrameMeta {
  data: Uint8Array;
}

export type ReassemblyResult =
  | { kind: 'frame'; frame: AssembledFrame }
  | { kind: 'rejected'; code: FrameRejectCode; reason: string; seq?: number }
  | { kind: 'pending' };

export interface ReassemblerOptions {
  /** Frames announcing more bytes than this are refused before any memory is reserved. */
  maxFrameBytes?: number;
  /** Incomplete frames kept at once; older ones are abandoned and counted as dropped. */
  maxPendingFrames?: number;
  /** Called for frames abandoned incomplete or arriving after a newer frame was delivered. */
  onDropped?: (seq: number) => void;
}

interface PendingFrame {
  header: ChunkHeader;
  data: Uint8Array;
  seen: Uint8Array;
  received: number;
  bytes: number;
  /** Size of the first non-last chunk seen; every other non-last chunk must match it. */
  chunkBytes: number;
}

/** A seq this far behind the last delivered one means the publisher started numbering again. */
const RESTART_DISTANCE = 64;
const JPEG_SOI = [0xff, 0xd8];
const JPEG_EOI = [0xff, 0xd9];

/**
 * Rebuilds frames from chunks. Damage is confined to the frame it hits: the frame is
 * rejected with a reason and later frames are unaffected.
 */
export class FrameReassembler {
  private readonly maxFrameBytes: number;
  private readonly maxPendingFrames: number;
  private readonly onDropped: (seq: number) => void;
  private readonly pending = new Map<number, PendingFrame>();
  /** Seqs already rejected, so their remaining chunks are not counted again. */
  private readonly poisoned = new Set<number>();
  private lastDelivered = -1;

  constructor(options: ReassemblerOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? 8 * 1024 * 1024;
    this.maxPendingFrames = options.maxPendingFrames ?? 4;
    this.onDropped = options.onDropped ?? (() => {});
  }

  push(chunk: Uint8Array): ReassemblyResult {
    const header = readChunkHeader(chunk);
    if (typeof header === 'string') return { kind: 'rejected', code: 'SF604', reason: header };
    const { seq } = header;
    if (this.poisoned.has(seq)) return { kind: 'pending' };
    if (seq + RESTART_DISTANCE < this.lastDelivered) this.restart();
    if (seq <= this.lastDelivered) {
      if (header.chunkIndex === 0) this.onDropped(seq);
      return { kind: 'pending' };
    }
    if (header.frameBytes > this.maxFrameBytes) {
      return this.reject(seq, 'SF605', `frame ${seq} announces ${header.frameBytes} bytes, limit is ${this.maxFrameBytes}`);
    }
    const payload = chunk.subarray(CHUNK_HEADER_BYTES);
    let frame = this.pending.get(seq);
    if (!frame) {
      frame = {
        header,
        data: new Uint8Array(header.frameBytes),
        seen: new Uint8Array(header.chunkCount),
        received: 0,
        bytes: 0,
        chunkBytes: 0,
      };
      this.pending.set(seq, frame);
      this.evictOldest();
    } else if (frame.header.chunkCount !== header.chunkCount || frame.header.frameBytes !== header.frameBytes) {
      return this.reject(seq, 'SF604', `frame ${seq} chunks disagree on size or count`);
    }
    if (frame.seen[header.chunkIndex]) return this.reject(seq, 'SF604', `frame ${seq} chunk ${header.chunkIndex} arrived twice`);
    const isLast = header.chunkIndex === header.chunkCount - 1;
    if (!isLast) {
      if (frame.chunkBytes === 0) frame.chunkBytes = payload.byteLength;
      else if (frame.chunkBytes !== payload.byteLength) return this.reject(seq, 'SF604', `frame ${seq} chunks differ in size`);
    }
    const offset = chunkOffset(frame.header, header.chunkIndex, payload.byteLength);
    if (offset < 0 || offset + payload.byteLength > header.frameBytes) {
      return this.reject(seq, 'SF604', `frame ${seq} chunk ${header.chunkIndex} does not fit the announced size`);
    }
    frame.data.set(payload, offset);
    frame.seen[header.chunkIndex] = 1;
    frame.received++;
    frame.bytes += payload.byteLength;
    if (frame.received < header.chunkCount) return { kind: 'pending' };
    return this.complete(frame);
  }

  private complete(frame: PendingFrame): ReassemblyResult {
    const { seq } = frame.header;
    this.pending.delete(seq);
    if (frame.bytes !== frame.header.frameBytes) {
      return this.reject(seq, 'SF604', `frame ${seq} has ${frame.bytes} bytes, header says ${frame.header.frameBytes}`);
    }
    if (frame.header.encoding === 'jpeg' && !looksLikeJpeg(frame.data)) {
      return this.reject(seq, 'SF604', `frame ${seq} is not a complete JPEG`);
    }
    // Frames still pending with a lower seq can no longer be shown: the channel is ordered.
    for (const older of [...this.pending.keys()]) {
      if (older < seq) {
        this.pending.delete(older);
        this.onDropped(older);
      }
    }
    this.lastDelivered = seq;
    const { chunkIndex: _i, chunkCount: _c, frameBytes: _b, ...meta } = frame.header;
    return { kind: 'frame', frame: { ...meta, data: frame.data } };
  }

  private reject(seq: number, code: FrameRejectCode, reason: string): ReassemblyResult {
    this.pending.delete(seq);
    this.poisoned.add(seq);
    if (this.poisoned.size > 64) this.poisoned.delete(this.poisoned.values().next().value as number);
    return { kind: 'rejected', code, reason, seq };
  }

  private restart(): void {
    this.pending.clear();
    this.poisoned.clear();
    this.lastDelivered = -1;
  }

  private evictOldest(): void {
    while (this.pending.size > this.maxPendingFrames) {
      const oldest = Math.min(...this.pending.keys());
      this.pending.delete(oldest);
      this.onDropped(oldest);
    }
  }
}

/**
 * The sender cuts frames into equal chunks except the last, so a full chunk's size gives
 * every offset. Returns -1 when the size is impossible for the announced frame.
 */
function chunkOffset(header: ChunkHeader, index: number, payloadBytes: number): number {
  const { chunkCount, frameBytes } = header;
  if (index === chunkCount - 1) return frameBytes - payloadBytes;
  const fits = payloadBytes * (chunkCount - 1) < frameBytes && payloadBytes * chunkCount >= frameBytes;
  return fits ? payloadBytes * index : -1;
}

function looksLikeJpeg(data: Uint8Array): boolean {
  const n = data.byteLength;
  return n >= 4 && data[0] === JPEG_SOI[0] && data[1] === JPEG_SOI[1] && data[n - 2] === JPEG_EOI[0] && data[n - 1] === JPEG_EOI[1];
}
