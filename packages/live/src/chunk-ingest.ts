import { encodeFrameAck, FrameReassembler } from '@showflow/capture-sdk/wire';
import type { StreamRegistry } from './stream-registry.ts';

/**
 * Turns chunks from one sender (data channel or WebSocket) into frames for a stream.
 * Each sender gets its own reassembler because seq numbers are per sender.
 *
 * Losses are read from seq gaps: a gap covers frames the sender dropped under
 * backpressure and frames abandoned incomplete. Frames already counted as rejected
 * are taken out of the gap so no frame is counted twice.
 */
export class ChunkIngest {
  private readonly reassembler: FrameReassembler;
  private lastSeq = -1;
  private rejectedSinceLastFrame = 0;

  constructor(
    private readonly streamId: string,
    private readonly registry: StreamRegistry,
    maxFrameBytes: number,
    private readonly reply: (message: Buffer) => void = () => {},
  ) {
    this.reassembler = new FrameReassembler({ maxFrameBytes });
  }

  push(message: Buffer | string): void {
    if (typeof message === 'string') {
      this.registry.reject(this.streamId, 'SF604 text message on a binary frame channel');
      return;
    }
    const result = this.reassembler.push(message);
    if (result.kind === 'rejected') {
      this.registry.reject(this.streamId, `${result.code} ${result.reason}`);
      if (result.seq !== undefined && result.seq > this.lastSeq) this.rejectedSinceLastFrame++;
      if (result.seq !== undefined) this.acknowledge(result.seq);
    } else if (result.kind === 'frame') {
      const { data, ...meta } = result.frame;
      const missing = meta.seq - this.lastSeq - 1 - this.rejectedSinceLastFrame;
      if (this.lastSeq >= 0 && missing > 0) this.registry.drop(this.streamId, missing);
      this.lastSeq = meta.seq;
      this.rejectedSinceLastFrame = 0;
      // Acknowledged before delivery: the answer must not wait for subscribers' work.
      this.acknowledge(meta.seq);
      this.registry.deliver(this.streamId, { ...meta, clock: 'sender', data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
    }
  }

  private acknowledge(seq: number): void {
    const ack = encodeFrameAck(seq);
    try {
      this.reply(Buffer.from(ack.buffer, ack.byteOffset, ack.byteLength));
    } catch {
      // A channel closing under us: the sender is gone and needs no answer.
    }
  }
}
