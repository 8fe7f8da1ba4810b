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
 * A node's queue of triggering messages. Live media must not queue up behind a slow
 * node, so at most `capacity` frames/images wait and the oldest gives way to the newest.
 * Events wait however many there are: a dropped commerce cue is a lost sale.
 */
export class Inbox {
  private items: InboxItem[] = [];
  private droppable = 0;

  constructor(
    readonly capacity: number,
    private readonly onDrop: (item: InboxItem) => void,
  ) {
    if (!(capacity >= 1)) throw new Error('inbox capacity must be at least 1');
  }

  get size(): number {
    return this.items.length;
  }

  push(item: InboxItem): void {
    if (isDroppable(item.portType)) {
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
    return item;
  }

  /** Empties the inbox, handing every item to `onDrop` (used when the node stops). */
  clear(): void {
    const items = this.items;
    this.items = [];
    this.droppable = 0;
    for (const item of items) this.onDrop(item);
  }
}
