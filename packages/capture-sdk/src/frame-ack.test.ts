import { describe, expect, it } from 'vitest';
import { encodeFrameAck, FlightWindow, readFrameAck } from './frame-ack.ts';
import { encodeFrameChunks } from './framing.ts';

describe('frame acknowledgements', () => {
  it('round-trips a seq and refuses anything else', () => {
    expect(readFrameAck(encodeFrameAck(0))).toBe(0);
    expect(readFrameAck(encodeFrameAck(4_000_000_000))).toBe(4_000_000_000);
    const chunk = encodeFrameChunks({ seq: 1, captureTs: 1, width: 1, height: 1, encoding: 'jpeg' }, new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))[0];
    expect(readFrameAck(chunk)).toBeUndefined();
    const wrongMagic = encodeFrameAck(3);
    wrongMagic[0] = 0;
    expect(readFrameAck(wrongMagic)).toBeUndefined();
  });
});

describe('FlightWindow', () => {
  it('does not hold back a receiver that never acknowledges', () => {
    const window = new FlightWindow({ maxFrames: 1 });
    for (let seq = 0; seq < 100; seq++) {
      expect(window.canSend(seq)).toBe(true);
      window.sent(seq, seq);
    }
    expect(window.inFlight).toBe(64);
  });

  it('holds frames to the limit once the receiver acknowledges, and reports the round trip', () => {
    const window = new FlightWindow({ maxFrames: 2 });
    window.sent(0, 100);
    expect(window.acknowledged(0, 130)).toBe(30);
    window.sent(1, 140);
    expect(window.canSend(141)).toBe(true);
    window.sent(2, 150);
    expect(window.canSend(151)).toBe(false);
    // An answer for seq 2 covers seq 1 as well.
    expect(window.acknowledged(2, 170)).toBe(20);
    expect(window.inFlight).toBe(0);
    expect(window.canSend(171)).toBe(true);
  });

  it('matches by position, so a publisher that restarts its numbering is not stuck', () => {
    const window = new FlightWindow({ maxFrames: 2 });
    window.sent(900, 0);
    window.acknowledged(900, 1);
    window.sent(901, 2);
    window.sent(0, 3);
    expect(window.acknowledged(0, 4)).toBe(1);
    expect(window.inFlight).toBe(0);
  });

  it('gives up on frames never answered, so a lost answer cannot stall the sender', () => {
    const window = new FlightWindow({ maxFrames: 1, expireMs: 500 });
    window.sent(0, 0);
    window.acknowledged(0, 10);
    window.sent(1, 20);
    expect(window.canSend(400)).toBe(false);
    expect(window.canSend(521)).toBe(true);
    expect(window.acknowledged(7, 530)).toBeUndefined();
  });
});
