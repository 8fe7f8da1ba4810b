import type { PortType } from '@showflow/shared';
import type { FrameHandle } from '../frames/pool.ts';

export interface InboxItem {
  port: string;
  portType: PortType;
  value: unknown;
  /** Set for frames and images: the reference this item holds in the pool. */
  handle?: FrameHandle;
  messageId: string;
  /** Edge the message arrived on, for per-edge rates. */
  edgeId?: string;
}

/** Frames and images may be dropped under load; events, numbers and text never are. */
export function isDroppable(type: PortType): boolean {
  return type === 'frame' || type === 'image';
}

/**
 * Audio blocks waiting for one node, at most: about 100 ms of 10 ms blocks. Enough to ride
 * out a garbage-collection pause or a slow frame on the same thread without a gap; beyond
 * it the node is slower than real time and waiting longer would only add delay (and break
 * lip-sync), so the oldest block gives way and is counted (docs/decisions/0035).
 */
export const AUDIO_INBOX_CAPACITY = 10;

/**
 * A node's queue of triggering messages. Live media must not queue up behind a slow
 * node, so at most `capacity` frames/images wait and the oldest gives way to the newest.
 * Audio has its own, longer bound (`audioCapacity` blocks, oldest dropped): a frame stands
 * for 33 ms, a block for 10, and a missing block is heard as a click while a missing frame
 * is barely seen. Events wait however many there are: a dropped commerce cue is a lost sale.
 */
export class Inbox {
  private items: InboxItem[] = [];
  private droppable = 0;
  private audio = 0;

  constructor(
    readonly capacity: number,
    private readonly onDrop: (item: InboxItem) => void,
    readonly audioCapacity: number = AUDIO_INBOX_CAPACITY,
  ) {
    if (!(capacity >= 1)) throw new Error('inbox capacity must be at least 1');
    if (!(audioCapacity >= 1)) throw new Error('audio inbox capacity must be at least 1');
  }

  get size(): number {
    return this.items.length;
  }

  push(item: InboxItem): void {
    if (item.portType === 'audio') {
      if (this.audio >= this.audioCapacity) {
        const index = this.items.findIndex((i) => i.portType === 'audio');
        const [oldest] = this.items.splice(index, 1);
        this.audio--;
        this.onDrop(oldest);
      }
      this.audio++;
    } else if (isDroppable(item.portType)) {
      if (this.droppable >= this.capacity) {
        const index = this.items.findIndex((i) => isDroppable(i.portType));
        const [oldest] = this.items.splice(index, 1);
        this.droppable--;
        this.onDrop(oldest);
      }
      this.droppable++;
    }
    this.items.push(item);
  }

  shift(): InboxItem | undefined {
    const item = this.items.shift();
    if (item && isDroppable(item.portType)) this.droppable--;
    else if (item?.portType === 'audio') this.audio--;
    return item;
  }

  /** Empties the inbox, handing every item to `onDrop` (used when the node stops). */
  clear(): void {
    const items = this.items;
    this.items = [];
    this.droppable = 0;
    this.audio = 0;
    for (const item of items) this.onDrop(item);
  }
}
