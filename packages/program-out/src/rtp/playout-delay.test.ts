import { describe, expect, it } from 'vitest';
import { RTCRtpHeaderExtensionParameters, RtpPacket, type RTCRtpTransceiver } from 'werift';
import { negotiatedPlayoutDelayId, PLAYOUT_DELAY_URI, withPlayoutDelay } from './playout-delay.ts';
import { readRtp } from './rtp-packet.ts';

function packet(csrcs = 0): Buffer {
  const header = Buffer.alloc(12 + csrcs * 4);
  header[0] = 0x80 | csrcs;
  header[1] = 0x80 | 96;
  header.writeUInt16BE(4242, 2);
  header.writeUInt32BE(90_000, 4);
  header.writeUInt32BE(0xcafe, 8);
  for (let i = 0; i < csrcs; i++) header.writeUInt32BE(0x100 + i, 12 + i * 4);
  return Buffer.concat([header, Buffer.from([0x65, 1, 2, 3, 4, 5])]);
}

describe('the playout-delay header extension', () => {
  it('adds a one-byte extension that a standard RTP parser reads back, payload and header untouched', () => {
    const original = packet();
    const out = withPlayoutDelay(original, 5, { minMs: 0, maxMs: 0 });
    const parsed = RtpPacket.deSerialize(out);
    expect(parsed.header.extension).toBe(true);
    expect(parsed.header.extensions).toEqual([{ id: 5, payload: Buffer.from([0, 0, 0]) }]);
    expect(parsed.header.sequenceNumber).toBe(4242);
    expect(parsed.header.marker).toBe(true);
    expect(parsed.payload).toEqual(Buffer.from([0x65, 1, 2, 3, 4, 5]));
    expect(readRtp(out)?.payload).toEqual(readRtp(original)?.payload);
    // The source packet is not changed: other viewers get it as it was.
    expect(original[0] & 0x10).toBe(0);
  });

  it('writes min and max as 12-bit counts of 10 ms after any CSRCs', () => {
    const out = withPlayoutDelay(packet(2), 9, { minMs: 100, maxMs: 2000 });
    const parsed = RtpPacket.deSerialize(out);
    expect(parsed.header.csrc).toEqual([0x100, 0x101]);
    const value = parsed.header.extensions[0].payload;
    expect(parsed.header.extensions[0].id).toBe(9);
    expect((value[0] << 4) | (value[1] >> 4)).toBe(10);
    expect(((value[1] & 0x0f) << 8) | value[2]).toBe(200);
  });

  it('refuses ids a one-byte extension cannot carry and packets that already carry extensions', () => {
    expect(() => withPlayoutDelay(packet(), 15, { minMs: 0, maxMs: 0 })).toThrow(/1–14/);
    const extended = withPlayoutDelay(packet(), 5, { minMs: 0, maxMs: 0 });
    expect(() => withPlayoutDelay(extended, 5, { minMs: 0, maxMs: 0 })).toThrow(/already/);
  });

  it('finds the id the viewer negotiated, or none when its offer lacked the extension', () => {
    const offered = { headerExtensions: [new RTCRtpHeaderExtensionParameters({ uri: PLAYOUT_DELAY_URI, id: 7 })] } as unknown as RTCRtpTransceiver;
    expect(negotiatedPlayoutDelayId(offered)).toBe(7);
    expect(negotiatedPlayoutDelayId({ headerExtensions: [] } as unknown as RTCRtpTransceiver)).toBeUndefined();
    expect(negotiatedPlayoutDelayId(undefined)).toBeUndefined();
  });
});
