import { describe, expect, it } from 'vitest';
import { CHUNK_HEADER_BYTES, encodeFrameChunks, readChunkHeader, type FrameMeta } from './framing.ts';
import { FrameReassembler } from './reassembly.ts';

const jpeg = (size: number, fill = 7) => {
  const data = new Uint8Array(size).fill(fill);
  data.set([0xff, 0xd8], 0);
  data.set([0xff, 0xd9], size - 2);
  return data;
};
const meta = (seq: number): FrameMeta => ({ seq, captureTs: 1_700_000_000_123.5, width: 1280, height: 720, encoding: 'jpeg' });

describe('frame chunking', () => {
  it('round-trips a frame split into many chunks, header fields intact', () => {
    const data = jpeg(10_000);
    const chunks = encodeFrameChunks(meta(42), data, 3000);
    expect(chunks).toHaveLength(4);
    expect(readChunkHeader(chunks[3])).toMatchObject({ seq: 42, chunkIndex: 3, chunkCount: 4, frameBytes: 10_000, captureTs: 1_700_000_000_123.5 });
    const reassembler = new FrameReassembler();
    const results = chunks.map((chunk) => reassembler.push(chunk));
    expect(results.slice(0, 3).every((r) => r.kind === 'pending')).toBe(true);
    const last = results[3];
    expect(last.kind).toBe('frame');
    if (last.kind === 'frame') expect(last.frame).toMatchObject({ seq: 42, width: 1280, height: 720, data });
  });

  it('explains why a header cannot be trusted', () => {
    expect(readChunkHeader(new Uint8Array(10))).toMatch(/shorter than its header/);
    const chunk = encodeFrameChunks(meta(1), jpeg(100))[0];
    chunk[0] = 0;
    expect(readChunkHeader(chunk)).toMatch(/magic/);
  });
});

describe('reassembly under damage', () => {
  it('rejects a frame whose chunks disagree, then delivers the next one', () => {
    const reassembler = new FrameReassembler();
    const [a] = encodeFrameChunks(meta(1), jpeg(2000), 1000);
    const [, b] = encodeFrameChunks(meta(1), jpeg(3000), 1000);
    expect(reassembler.push(a).kind).toBe('pending');
    expect(reassembler.push(b)).toMatchObject({ kind: 'rejected', code: 'SF604', seq: 1 });
    const next = encodeFrameChunks(meta(2), jpeg(2000), 1000).map((c) => reassembler.push(c));
    expect(next.at(-1)?.kind).toBe('frame');
  });

  it('rejects a duplicated chunk and a frame that is not a whole JPEG', () => {
    const reassembler = new FrameReassembler();
    const chunks = encodeFrameChunks(meta(1), jpeg(2000), 1000);
    reassembler.push(chunks[0]);
    expect(reassembler.push(chunks[0])).toMatchObject({ kind: 'rejected', code: 'SF604' });
    const broken = jpeg(500);
    broken[499] = 0;
    expect(reassembler.push(encodeFrameChunks(meta(2), broken)[0])).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/JPEG/) });
  });

  it('refuses frames above the size limit before buffering them (SF605), once per frame', () => {
    const reassembler = new FrameReassembler({ maxFrameBytes: 1000 });
    const chunks = encodeFrameChunks(meta(1), jpeg(5000), 1000);
    expect(reassembler.push(chunks[0])).toMatchObject({ kind: 'rejected', code: 'SF605' });
    expect(reassembler.push(chunks[1]).kind).toBe('pending');
  });

  it('counts frames abandoned incomplete when a newer frame completes', () => {
    const dropped: number[] = [];
    const reassembler = new FrameReassembler({ onDropped: (seq) => dropped.push(seq) });
    reassembler.push(encodeFrameChunks(meta(1), jpeg(2000), 1000)[0]);
    const results = encodeFrameChunks(meta(2), jpeg(500)).map((c) => reassembler.push(c));
    expect(results[0].kind).toBe('frame');
    expect(dropped).toEqual([1]);
  });

  it('rejects a truncated chunk without taking the next frame with it', () => {
    const reassembler = new FrameReassembler();
    const chunks = encodeFrameChunks(meta(1), jpeg(2500), 1000);
    chunks[1] = chunks[1].subarray(0, CHUNK_HEADER_BYTES + 10);
    const results = chunks.map((c) => reassembler.push(c));
    expect(results.some((r) => r.kind === 'rejected')).toBe(true);
    const next = encodeFrameChunks(meta(2), jpeg(2500), 1000).map((c) => reassembler.push(c));
    expect(next.at(-1)?.kind).toBe('frame');
  });

  it('follows a publisher that starts numbering again, but drops a merely late frame', () => {
    const reassembler = new FrameReassembler();
    const deliver = (seq: number) => encodeFrameChunks(meta(seq), jpeg(100)).map((c) => reassembler.push(c)).at(-1)?.kind;
    expect(deliver(500)).toBe('frame');
    expect(deliver(499)).toBe('pending');
    expect(deliver(0)).toBe('frame');
    expect(deliver(1)).toBe('frame');
  });
});
