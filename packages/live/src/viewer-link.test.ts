import { describe, expect, it } from 'vitest';
import { ViewerLink, type FrameChannel, type LatestFrame } from './viewer-link.ts';

/** An in-memory channel: records what was sent; the test sets how much is still buffered. */
function channel(): FrameChannel & { sent: Buffer[]; bufferedAmount: number; readyState: string } {
  const sent: Buffer[] = [];
  return { sent, bufferedAmount: 0, readyState: 'open', send: (chunk) => void sent.push(chunk) };
}

const frame = (seq: number): LatestFrame => ({ seq, chunks: [Buffer.from(`frame ${seq} a`), Buffer.from(`frame ${seq} b`)] });
const seqsSent = (ch: { sent: Buffer[] }) => [...new Set(ch.sent.map((chunk) => Number(chunk.toString().split(' ')[1])))];

describe('ViewerLink', () => {
  it('sends the current picture when the channel opens and each published frame while the viewer keeps up', () => {
    const ch = channel();
    const link = new ViewerLink(ch, { maxBufferedBytes: 1000, maxFramesInFlight: 1 }, 0);
    expect(link.start(frame(1), 0)).toBe(true);
    expect(link.acknowledge(1, frame(1), 5)).toBe(false);
    expect(link.publish(frame(2), 10)).toEqual({ superseded: false, sent: true });
    expect(seqsSent(ch)).toEqual([1, 2]);
    expect(ch.sent).toHaveLength(4);
  });

  it('replaces the owed frame with the newest while the viewer is behind, and sends it on the answer', () => {
    const ch = channel();
    const link = new ViewerLink(ch, { maxBufferedBytes: 1000, maxFramesInFlight: 1 }, 0);
    link.publish(frame(1), 0);
    link.acknowledge(1, frame(1), 1);
    link.publish(frame(2), 10);
    // Frame 2 unanswered: 3 and 4 wait, 3 is superseded by 4.
    expect(link.publish(frame(3), 20)).toEqual({ superseded: false, sent: false });
    expect(link.publish(frame(4), 30)).toEqual({ superseded: true, sent: false });
    expect(link.acknowledge(2, frame(4), 35)).toBe(true);
    expect(seqsSent(ch)).toEqual([1, 2, 4]);
    expect(link.lastDeliveredAt).toBe(35);
  });

  it('holds frames while the channel is over its byte limit, and sends nothing on a closed channel', () => {
    const ch = channel();
    const link = new ViewerLink(ch, { maxBufferedBytes: 1000, maxFramesInFlight: 4 }, 0);
    ch.bufferedAmount = 5000;
    expect(link.publish(frame(1), 0).sent).toBe(false);
    ch.bufferedAmount = 0;
    expect(link.publish(frame(2), 10)).toEqual({ superseded: true, sent: true });
    ch.readyState = 'closed';
    expect(link.publish(frame(3), 20).sent).toBe(false);
    expect(seqsSent(ch)).toEqual([2]);
  });
});
