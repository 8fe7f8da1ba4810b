import { encodeFrameChunks, readFrameAck, type FrameMeta } from '@showflow/capture-sdk/wire';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LiveFrame } from '../src/index.ts';
import { startLiveServer, waitFor, type LiveServer } from './support/live-server.ts';

let server: LiveServer;

beforeAll(async () => {
  server = await startLiveServer({ streams: { cam: 'token' }, maxFrameBytes: 64 * 1024 });
});

afterAll(async () => {
  await server?.close();
});

function connect(token: string): Promise<WebSocket> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/live/ws/cam?token=${token}`);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

it('refuses a WebSocket sender with a wrong token', async () => {
  await expect(connect('nope')).rejects.toThrow('refused with 401');
});

it('rejects and counts corrupt and oversized frames while the stream continues', async () => {
  const jpeg = await sharp({ create: { width: 64, height: 36, channels: 3, background: '#c03030' } }).jpeg().toBuffer();
  const meta = (seq: number): FrameMeta => ({ seq, captureTs: Date.now(), width: 64, height: 36, encoding: 'jpeg' });
  const frames: LiveFrame[] = [];
  server.gateway.subscribe('cam', (frame) => frames.push(frame));
  const socket = await connect('token');
  const acks: number[] = [];
  socket.on('message', (data: Buffer) => {
    const seq = readFrameAck(new Uint8Array(data));
    if (seq !== undefined) acks.push(seq);
  });
  const send = (chunks: Uint8Array[]) => chunks.forEach((chunk) => socket.send(chunk));

  send(encodeFrameChunks(meta(0), jpeg, 200));
  const garbage = Buffer.from('definitely not a frame chunk, just bytes that arrived');
  socket.send(garbage);
  const damaged = encodeFrameChunks(meta(1), jpeg, 200);
  damaged[damaged.length - 1] = damaged[damaged.length - 1].subarray(0, -2); // last chunk truncated
  send(damaged);
  const bitFlipped = encodeFrameChunks(meta(2), jpeg);
  bitFlipped[0][bitFlipped[0].length - 1] ^= 0xff; // JPEG end marker damaged
  send(bitFlipped);
  send(encodeFrameChunks(meta(3), Buffer.alloc(100 * 1024, 1))); // over the 64 KiB limit
  send(encodeFrameChunks(meta(4), jpeg, 200));
  send(encodeFrameChunks(meta(6), jpeg, 200)); // seq 5 was dropped by the sender

  await waitFor(() => frames.length >= 3, 'the frames around the damage');
  expect(frames.map((f) => f.seq)).toEqual([0, 4, 6]);
  expect(frames[1].data.equals(jpeg)).toBe(true);
  const status = server.gateway.status('cam');
  expect(status.counters).toEqual({ received: 3, rejected: 4, dropped: 1 });
  expect(status.lastRejectReason).toMatch(/^SF605/);
  expect(status.state).toBe('live');
  // Every finished frame is answered, rejected ones included, so the sender's window moves on;
  // the chunk-less garbage has no seq to answer.
  await waitFor(() => acks.length >= 6, 'acknowledgements for the six finished frames');
  expect(acks).toEqual([0, 1, 2, 3, 4, 6]);
  socket.close();
});
