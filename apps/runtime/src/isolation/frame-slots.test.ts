import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SlotReceiver, SlotSender, type SlotFields } from './frame-slots.ts';

const frame = (data: Buffer, seq = 1) => ({ width: 2, height: 1, channels: 3, encoding: 'raw', data, seq, captureTs: 0, id: `f${seq}` });
const shared = (bytes: number[]) => Buffer.from(new SharedArrayBuffer(bytes.length)).fill(0).map((_, i) => bytes[i]!) as Buffer;

type RunFields = { inputs: Record<string, unknown> } & SlotFields;

/** Sends a run's fields through a real message port, as the runtime does to a worker. */
let channel: MessageChannel | undefined;
function cross(fields: RunFields): Promise<RunFields> {
  channel ??= new MessageChannel();
  const arrived = new Promise<RunFields>((resolve) => channel!.port2.once('message', resolve));
  channel.port1.postMessage(fields);
  return arrived;
}
afterEach(() => {
  channel?.port1.close();
  channel = undefined;
});

describe('frames sent to a worker by slot', () => {
  it('send a shared buffer once, then only its slot; the worker sees the same memory', async () => {
    const sender = new SlotSender();
    const receiver = new SlotReceiver();
    const data = Buffer.from(new SharedArrayBuffer(6));
    const first = sender.encode({ frame: frame(data, 1) });
    expect(first.buffers).toHaveLength(2);
    const seen = receiver.decode(await cross(first)).frame as { data: Buffer; seq: number };
    const second = sender.encode({ frame: frame(data, 2) });
    expect(second.buffers).toBeUndefined();
    expect(second.frames).toEqual(['frame', first.frames![1], 0, 6]);
    const again = receiver.decode(await cross(second)).frame as { data: Buffer; seq: number };
    expect(again.seq).toBe(2);
    expect(again.data).toBe(seen.data);
    data[3] = 42;
    expect(again.data[3]).toBe(42);
  });

  it('keep a view’s offset and length', async () => {
    const sender = new SlotSender();
    const receiver = new SlotReceiver();
    const whole = Buffer.from(new SharedArrayBuffer(10));
    whole.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const inputs = receiver.decode(await cross(sender.encode({ frame: frame(whole.subarray(2, 8)) })));
    expect([...(inputs.frame as { data: Buffer }).data]).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('copy a frame in ordinary memory into shared memory, and leave other values alone', async () => {
    const sender = new SlotSender();
    const receiver = new SlotReceiver();
    const inputs = receiver.decode(await cross(sender.encode({ frame: frame(Buffer.from([9, 8, 7, 6, 5, 4])), text: 'hi', n: 3, box: { data: 5 } })));
    expect([...(inputs.frame as { data: Buffer }).data]).toEqual([9, 8, 7, 6, 5, 4]);
    expect(inputs).toMatchObject({ text: 'hi', n: 3, box: { data: 5 } });
  });

  it('start the table over when it is full, so a worker does not keep buffers alive for ever', async () => {
    const sender = new SlotSender({ maxSlots: 2, maxBytes: 1 << 20 });
    const receiver = new SlotReceiver();
    const buffers = [shared([1]), shared([2]), shared([3])];
    for (const data of buffers.slice(0, 2)) receiver.decode(await cross(sender.encode({ frame: frame(data) })));
    expect(receiver.size).toBe(2);
    const third = sender.encode({ frame: frame(buffers[2]!) });
    expect(third.reset).toBe(true);
    expect([...(receiver.decode(await cross(third)).frame as { data: Buffer }).data]).toEqual([3]);
    expect(receiver.size).toBe(1);
    // A buffer from before the reset is given again under a new slot.
    const back = sender.encode({ frame: frame(buffers[0]!) });
    expect(back.buffers).toHaveLength(2);
    expect([...(receiver.decode(await cross(back)).frame as { data: Buffer }).data]).toEqual([1]);
  });

  it('after a message that never reached the worker, the next one clears the worker’s table', async () => {
    const sender = new SlotSender();
    const receiver = new SlotReceiver();
    receiver.decode(await cross(sender.encode({ frame: frame(shared([1])) })));
    sender.encode({ frame: frame(shared([2])) });
    sender.forgetAll();
    const next = sender.encode({ frame: frame(shared([3])) });
    expect(next.reset).toBe(true);
    receiver.decode(await cross(next));
    expect(receiver.size).toBe(1);
  });

  it('refuse a slot the worker was never given, with a clear message', () => {
    const receiver = new SlotReceiver();
    expect(() => receiver.decode({ inputs: { frame: { id: 'f' } }, frames: ['frame', 7, 0, 6] })).toThrow(/slot 7.*never given/);
  });
});
