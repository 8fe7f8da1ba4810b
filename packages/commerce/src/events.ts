import type { TipView } from './tips.ts';
import type { OrderView, ReservationView } from './views.ts';

/** What the service announces after a change commits, e.g. for "just sold" overlays. */
export interface CommerceEventMap {
  reserved: { dropId: string; reservation: ReservationView; available: number; at: number };
  ordered: { dropId: string; order: OrderView; sold: number; available: number; at: number };
  expired: { dropId: string; reservation: ReservationView; available: number; at: number };
  cancelled: { dropId: string; reservation: ReservationView; available: number; at: number };
  'sold-out': { dropId: string; at: number };
  /** A scheduled drop was started early (a cue); drops that start on time emit nothing. */
  live: { dropId: string; at: number };
  /** A drop was ended early; drops that run out their time emit nothing. */
  ended: { dropId: string; at: number };
  tipped: { tip: TipView; at: number };
}

export type CommerceEventName = keyof CommerceEventMap;
export type CommerceEvent = { [K in CommerceEventName]: { type: K; payload: CommerceEventMap[K] } }[CommerceEventName];

type Listener = (event: CommerceEvent) => void;

/**
 * Events are local to the instance whose transaction committed the change; a listener
 * that throws is reported to `onListenerError` and never undoes or blocks the change.
 */
export class CommerceEvents {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  subscribe<K extends CommerceEventName>(type: K, fn: (payload: CommerceEventMap[K]) => void): () => void {
    return this.subscribeAll((event) => {
      if (event.type === type) fn(event.payload as CommerceEventMap[K]);
    });
  }

  subscribeAll(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(events: CommerceEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          this.onListenerError(error);
        }
      }
    }
  }
}
