import type { Frame } from '@showflow/nodes/sdk';
import type { PortType } from '@showflow/shared';

/** One message a port sent, as the inspector shows it (never the message itself: frames stay in the pool). */
export type TapSample =
  | { n: number; at: number; kind: 'number'; value: number }
  | { n: number; at: number; kind: 'value'; text: string; truncated: boolean }
  | { n: number; at: number; kind: 'frame'; seq: number; width: number; height: number; bytes: number; captureTs: number };

export interface TapPort {
  id: string;
  type: PortType;
  /** Oldest first, at most `capacity`. */
  samples: TapSample[];
  /** Messages the port sent since the tap opened (more than `samples` once the ring wrapped). */
  sent: number;
}

export interface TapReading {
  pipelineId: string;
  nodeId: string;
  /** The runtime's clock when read: ages are `now - at`, whatever the reader's clock says. */
  now: number;
  openedAt: number;
  ports: TapPort[];
}

export interface PortTapOptions {
  /** Samples kept per port. */
  capacity?: number;
  /** A tap nobody read for this long closes, and its node sends as if it had none. */
  idleMs?: number;
  /** Taps open at once; opening one more closes the one read longest ago. */
  maxOpen?: number;
}

/** What a text or event sample keeps of its value. */
export const TAP_TEXT_CHARS = 300;

/**
 * Where a node's host looks for a tap on every send: one property read when nobody watches,
 * which is all an idle pipeline pays.
 */
export interface TapSlot {
  tap: NodeTap | undefined;
  readonly ports: ReadonlyMap<string, PortType>;
}

/** Fixed size: once full, each sample overwrites the oldest (no shifting on the send path). */
class Ring {
  private readonly slots: TapSample[] = [];
  private next = 0;
  sent = 0;
  constructor(private readonly capacity: number) {}

  push(sample: TapSample): void {
    this.slots[this.next] = sample;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  get samples(): TapSample[] {
    return this.slots.length < this.capacity ? [...this.slots] : [...this.slots.slice(this.next), ...this.slots.slice(0, this.next)];
  }
}

/** The open tap of one node: a small ring of summaries per output port. */
export class NodeTap {
  private readonly rings = new Map<string, Ring>();
  readonly openedAt = Date.now();
  lastReadAt = Date.now();

  constructor(
    private readonly ports: ReadonlyMap<string, PortType>,
    private readonly capacity: number,
  ) {
    for (const id of ports.keys()) this.rings.set(id, new Ring(capacity));
  }

  /** A value sent on `port`; `frame` when it was a pooled frame or audio block. */
  record(port: string, value: unknown, frame: Frame | undefined): void {
    const ring = this.rings.get(port);
    if (!ring) return;
    const n = ++ring.sent;
    const at = Date.now();
    if (frame) {
      ring.push({ n, at, kind: 'frame', seq: frame.seq, width: frame.width, height: frame.height, bytes: frame.data.length, captureTs: frame.captureTs });
    } else if (typeof value === 'number') {
      ring.push({ n, at, kind: 'number', value });
    } else {
      const text = summarize(value);
      ring.push({ n, at, kind: 'value', text: text.slice(0, TAP_TEXT_CHARS), truncated: text.length > TAP_TEXT_CHARS });
    }
  }

  read(): TapPort[] {
    return [...this.ports].map(([id, type]) => {
      const ring = this.rings.get(id)!;
      return { id, type, samples: ring.samples, sent: ring.sent };
    });
  }
}

/** Text as it is; anything else as JSON (what a log line can show), never throwing. */
function summarize(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Taps on node outputs, opened by reading them and closed when nobody has read one for
 * `idleMs`. Slots live as long as their node runs, so a tap survives a partial redeploy
 * that keeps the node.
 */
export class PortTaps {
  private readonly slots = new Map<string, TapSlot & { timer?: NodeJS.Timeout }>();
  private readonly capacity: number;
  private readonly idleMs: number;
  private readonly maxOpen: number;

  constructor(options: PortTapOptions = {}) {
    this.capacity = options.capacity ?? 60;
    this.idleMs = options.idleMs ?? 10_000;
    this.maxOpen = options.maxOpen ?? 32;
  }

  /** The slot a node's host checks on every send; its ports as the node's definition declares them. */
  slot(pipelineId: string, nodeId: string, ports: ReadonlyMap<string, PortType>): TapSlot {
    const key = keyOf(pipelineId, nodeId);
    const existing = this.slots.get(key);
    if (existing && sameShape(existing.ports, ports)) return existing;
    if (existing) this.close(existing);
    const slot: TapSlot & { timer?: NodeJS.Timeout } = { tap: undefined, ports };
    this.slots.set(key, slot);
    return slot;
  }

  /** What the node's ports sent lately; opens its tap when closed. Undefined for a node that does not run here. */
  read(pipelineId: string, nodeId: string): TapReading | undefined {
    const slot = this.slots.get(keyOf(pipelineId, nodeId));
    if (!slot) return undefined;
    if (!slot.tap) {
      this.makeRoom();
      slot.tap = new NodeTap(slot.ports, this.capacity);
      slot.timer = setTimeout(() => this.close(slot), this.idleMs);
      slot.timer.unref();
    } else {
      slot.timer?.refresh();
    }
    const tap = slot.tap;
    tap.lastReadAt = Date.now();
    return { pipelineId, nodeId, now: Date.now(), openedAt: tap.openedAt, ports: tap.read() };
  }

  /** Taps open now (for tests and health). */
  get open(): number {
    let n = 0;
    for (const slot of this.slots.values()) if (slot.tap) n++;
    return n;
  }

  /** Forgets the slots of nodes no longer running (`keep` undefined: the whole pipeline). */
  retain(pipelineId: string, keep?: ReadonlySet<string>): void {
    const prefix = keyOf(pipelineId, '');
    for (const [key, slot] of this.slots) {
      if (!key.startsWith(prefix) || keep?.has(key.slice(prefix.length))) continue;
      this.close(slot);
      this.slots.delete(key);
    }
  }

  closeAll(): void {
    for (const slot of this.slots.values()) this.close(slot);
    this.slots.clear();
  }

  private close(slot: TapSlot & { timer?: NodeJS.Timeout }): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.tap = undefined;
  }

  private makeRoom(): void {
    const open = [...this.slots.values()].filter((s) => s.tap);
    if (open.length < this.maxOpen) return;
    const oldest = open.reduce((a, b) => (a.tap!.lastReadAt <= b.tap!.lastReadAt ? a : b));
    this.close(oldest);
  }
}

// Ids are ElementIds (no NUL), so the separator cannot be forged.
const keyOf = (pipelineId: string, nodeId: string) => `${pipelineId}\u0000${nodeId}`;

function sameShape(a: ReadonlyMap<string, PortType>, b: ReadonlyMap<string, PortType>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, type] of a) if (b.get(id) !== type) return false;
  return true;
}
