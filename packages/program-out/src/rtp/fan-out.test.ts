import { describe, expect, it } from 'vitest';
import { RTCRtpHeaderExtensionParameters } from 'werift';
import type { FanOutViewer } from './fan-out.ts';
import { FanOut } from './fan-out.ts';
import { PLAYOUT_DELAY_URI } from './playout-delay.ts';

/** An RTP packet (payload type 102) whose payload is one NAL unit of `nalType`. */
function rtp(seq: number, nalType: number, timestamp = seq * 3000): Buffer {
  const packet = Buffer.alloc(12 + 4);
  packet[0] = 0x80;
  packet[1] = 102;
  packet.writeUInt16BE(seq & 0xffff, 2);
  packet.writeUInt32BE(timestamp >>> 0, 4);
  packet.writeUInt32BE(0x1234, 8);
  packet[12] = 0x60 | nalType;
  return packet;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

const SPS = 7;
const SLICE = 1;

/**
 * A viewer whose werift sender either completes each send at once or never does (a peer
 * whose socket stopped draining). Only the members the fan-out touches are given.
 */
function viewer(id: string, drains: () => boolean, playoutDelayId?: number) {
  const pending: Array<() => void> = [];
  const sent: number[] = [];
  const packets: Buffer[] = [];
  const subscribe = () => ({ unSubscribe() {} });
  const sender = {
    codec: {},
    onPictureLossIndication: { subscribe },
    onRtcp: { subscribe },
    onGenericNack: { subscribe },
    replaceRTP() {},
    sendRtp(packet: Buffer) {
      sent.push(packet.readUInt16BE(2));
      packets.push(packet);
      return drains() ? Promise.resolve() : new Promise<void>((resolve) => pending.push(resolve));
    },
  };
  const headerExtensions = playoutDelayId === undefined ? [] : [new RTCRtpHeaderExtensionParameters({ uri: PLAYOUT_DELAY_URI, id: playoutDelayId })];
  const transceiver = { sender, headerExtensions };
  const entry = { id, pc: { connectionState: 'connected' }, video: transceiver, audio: transceiver } as unknown as FanOutViewer;
  return { entry, sent, packets, drain: () => pending.splice(0).forEach((resolve) => resolve()) };
}

describe('fan-out with a viewer whose send queue grows', () => {
  it('skips the stuck viewer to the next keyframe and asks for one, while the others get every packet', async () => {
    const wanted: string[] = [];
    const fanOut = new FanOut({ maxInFlight: 8, onKeyframeWanted: (id) => wanted.push(id) });
    let stuckDrains = false;
    const healthy = viewer('healthy', () => true);
    const stuck = viewer('stuck', () => stuckDrains);
    fanOut.add(healthy.entry);
    fanOut.add(stuck.entry);

    // Packets arrive one event-loop turn apart, as from the encoder's socket.
    for (let seq = 100; seq < 120; seq++) {
      fanOut.sendVideo(rtp(seq, seq === 100 ? SPS : SLICE));
      await nextTurn();
    }

    // The stuck viewer got the keyframe and the packets up to its queue limit, then nothing.
    expect(stuck.sent).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
    expect(healthy.sent).toHaveLength(20);
    expect(wanted).toEqual(['stuck']);
    const stuckStats = () => fanOut.stats().find((s) => s.id === 'stuck')!;
    expect(stuckStats()).toMatchObject({ resyncs: 1, waitingForKeyframe: true });

    // Its socket drains again: inter frames still go nowhere until a keyframe comes.
    stuckDrains = true;
    stuck.drain();
    await nextTurn();
    fanOut.sendVideo(rtp(120, SLICE));
    expect(stuck.sent.at(-1)).toBe(107);
    fanOut.sendVideo(rtp(121, SPS));
    fanOut.sendVideo(rtp(122, SLICE));
    expect(stuck.sent.slice(-2)).toEqual([121, 122]);
    expect(stuckStats()).toMatchObject({ resyncs: 1, waitingForKeyframe: false });
    expect(healthy.sent).toHaveLength(23);
    expect(fanOut.stats().find((s) => s.id === 'healthy')).toMatchObject({ resyncs: 0, waitingForKeyframe: false });
  });
});

describe('fan-out with the playout delay', () => {
  it('stamps video for viewers that negotiated the extension, each with its own id, and leaves the rest plain', () => {
    const fanOut = new FanOut({ playoutDelay: { minMs: 0, maxMs: 0 } });
    const chromium = viewer('chromium', () => true, 5);
    const other = viewer('other-id', () => true, 12);
    const plain = viewer('plain', () => true);
    for (const v of [chromium, other, plain]) fanOut.add(v.entry);
    const keyframe = rtp(1, SPS);
    fanOut.sendVideo(keyframe);
    fanOut.sendAudio(rtp(2, SLICE));

    const extensionId = (packet: Buffer) => ((packet[0] & 0x10) === 0 ? undefined : packet[12 + 4] >> 4);
    expect(chromium.packets.map(extensionId)).toEqual([5, undefined]);
    expect(other.packets.map(extensionId)).toEqual([12, undefined]);
    expect(plain.packets[0]).toBe(keyframe);
    expect(plain.packets.map(extensionId)).toEqual([undefined, undefined]);
  });

  it('passes a packet that already carries header extensions on unchanged', () => {
    const fanOut = new FanOut({ playoutDelay: { minMs: 0, maxMs: 0 } });
    const chromium = viewer('chromium', () => true, 5);
    fanOut.add(chromium.entry);
    const plain = rtp(1, SPS);
    const extended = Buffer.concat([plain.subarray(0, 12), Buffer.from([0xbe, 0xde, 0, 1, 0x10, 7, 0, 0]), plain.subarray(12)]);
    extended[0] |= 0x10;
    fanOut.sendVideo(extended);
    expect(chromium.packets).toEqual([extended]);
  });

  it('sends plain packets to everyone when no playout delay is set', () => {
    const fanOut = new FanOut();
    const chromium = viewer('chromium', () => true, 5);
    fanOut.add(chromium.entry);
    const keyframe = rtp(1, SPS);
    fanOut.sendVideo(keyframe);
    expect(chromium.packets[0]).toBe(keyframe);
  });
});
