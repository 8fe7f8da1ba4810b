/**
 * Frames go to an isolated node's worker by slot number, not by buffer. The first time a
 * shared buffer goes to a worker it travels once, with the number it will be known by;
 * after that a run names only the number. Structured clone never sees the pixels, and the
 * worker does not wrap the same shared memory in a new object on every frame (each wrap
 * also charges the whole buffer to the worker's heap accounting and brings its collector
 * round sooner). Pool buffers are recycled, so a pipeline's handful of buffers keep their
 * slots for as long as it runs.
 */
import { shareValue } from './shared-frames.ts';

/** What a run message adds to carry frames: slots of its inputs, buffers new to the worker. */
export interface SlotFields {
  /** Per frame input: port, slot, byte offset, byte length. */
  frames?: (string | number)[];
  /** Buffers the worker has not seen: slot, then the buffer. */
  buffers?: (number | SharedArrayBuffer)[];
  /** The worker forgets every slot before taking `buffers` (the table was full). */
  reset?: true;
}

export interface SlotLimits {
  /** Slots a worker may hold before the table starts over. */
  maxSlots: number;
  /** Bytes a worker may keep alive through its slots before the table starts over. */
  maxBytes: number;
}

/**
 * Generous for recycled pool buffers (a few per frame size), small enough that buffers
 * the pool has let go of (frames from a decoder, copied in once each) are not kept alive
 * by a worker for long.
 */
export const defaultSlotLimits: SlotLimits = { maxSlots: 48, maxBytes: 160 * 1024 * 1024 };

function isFrameLike(value: unknown): value is { data: Uint8Array } {
  return value !== null && typeof value === 'object' && (value as { data?: unknown }).data instanceof Uint8Array;
}

/** The runtime's side: numbers the shared buffers one worker has been given. */
export class SlotSender {
  private slots = new Map<SharedArrayBuffer, number>();
  private bytes = 0;
  private nextSlot = 1;
  /** The worker's table must be cleared with the next frame it is sent. */
  private resetNext = false;

  constructor(private readonly limits: SlotLimits = defaultSlotLimits) {}

  /**
   * Starts the table over: for a new worker, when it is full, or when a message that
   * listed new buffers could not be sent. Slot numbers are never reused, so the worker
   * can only ever hold a stale entry until it is told to clear its table.
   */
  forgetAll(): void {
    this.slots = new Map();
    this.bytes = 0;
    this.resetNext = true;
  }

  /**
   * The inputs as they go in a run message: frames without their bytes, and the slot
   * fields that name those bytes. Values that are not frames go as they are.
   */
  encode(inputs: Record<string, unknown>): { inputs: Record<string, unknown> } & SlotFields {
    let encoded = this.tryEncode(inputs, false);
    if (!encoded) {
      // The table is full: the worker starts over with this message's buffers.
      this.forgetAll();
      encoded = this.tryEncode(inputs, true)!;
    }
    if (this.resetNext && encoded.frames) {
      this.resetNext = false;
      encoded.reset = true;
    }
    return encoded;
  }

  /** Undefined when a new buffer would overflow the table (never after a reset). */
  private tryEncode(inputs: Record<string, unknown>, afterReset: boolean): ({ inputs: Record<string, unknown> } & SlotFields) | undefined {
    let out: Record<string, unknown> | undefined;
    let frames: (string | number)[] | undefined;
    let buffers: (number | SharedArrayBuffer)[] | undefined;
    for (const port in inputs) {
      const value = inputs[port];
      if (!isFrameLike(value)) continue;
      const shared = shareValue(value) as { data: Buffer };
      const data = shared.data;
      const sab = data.buffer as SharedArrayBuffer;
      let slot = this.slots.get(sab);
      if (slot === undefined) {
        if (!afterReset && (this.slots.size >= this.limits.maxSlots || this.bytes + sab.byteLength > this.limits.maxBytes)) return undefined;
        slot = this.nextSlot++;
        this.slots.set(sab, slot);
        this.bytes += sab.byteLength;
        (buffers ??= []).push(slot, sab);
      }
      (frames ??= []).push(port, slot, data.byteOffset, data.byteLength);
      out ??= { ...inputs };
      out[port] = { ...shared, data: undefined };
    }
    if (!frames) return { inputs };
    return buffers ? { inputs: out!, frames, buffers } : { inputs: out!, frames };
  }
}

/** The worker's side: the buffers it was given, by slot, each wrapped once. */
export class SlotReceiver {
  private readonly buffers = new Map<number, Buffer>();

  /** The inputs of a run message with every frame's bytes back in place. */
  decode(message: { inputs: Record<string, unknown> } & SlotFields): Record<string, unknown> {
    if (message.reset) this.buffers.clear();
    const given = message.buffers;
    if (given) for (let i = 0; i < given.length; i += 2) this.buffers.set(given[i] as number, Buffer.from(given[i + 1] as SharedArrayBuffer));
    const inputs = message.inputs;
    const frames = message.frames;
    if (!frames) return inputs;
    for (let i = 0; i < frames.length; i += 4) {
      const port = frames[i] as string;
      const whole = this.buffers.get(frames[i + 1] as number);
      if (!whole) throw new Error(`frame on ${port} names slot ${frames[i + 1]}, which this worker was never given`);
      const offset = frames[i + 2] as number;
      const length = frames[i + 3] as number;
      const data = offset === 0 && length === whole.byteLength ? whole : Buffer.from(whole.buffer, offset, length);
      (inputs[port] as { data: Buffer }).data = data;
    }
    return inputs;
  }

  get size(): number {
    return this.buffers.size;
  }
}
