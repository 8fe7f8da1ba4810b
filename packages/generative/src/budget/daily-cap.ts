import { utcDay, type Clock } from './clock.ts';

export interface DailyCapOptions {
  /** Default cap per creator per UTC day, in cents. */
  capCents: number;
  /** Caps for particular creators. */
  creatorCaps?: Record<string, number>;
  clock: Clock;
  /** Spend already recorded today (loaded from disk), creator → cents. */
  initial?: { day: string; spent: Record<string, number> };
  /** Called after spend changes, so it can be persisted. */
  onSpend?: (day: string, spent: Record<string, number>) => void;
}

/** What a call holds while it runs: the estimate, counted against the cap until settled. */
export interface Reservation {
  readonly creator: string;
  readonly day: string;
  readonly cents: number;
}

/**
 * Spend per creator per UTC day. A call reserves its estimated cost before it starts, so
 * concurrent calls cannot together overshoot the cap; it then commits the actual cost or
 * releases the reservation if the call failed.
 */
export class DailyCap {
  readonly #options: DailyCapOptions;
  #day: string;
  #spent = new Map<string, number>();
  #reserved = new Map<string, number>();

  constructor(options: DailyCapOptions) {
    this.#options = options;
    this.#day = utcDay(options.clock());
    if (options.initial?.day === this.#day) this.#spent = new Map(Object.entries(options.initial.spent));
  }

  capFor(creator: string): number {
    return this.#options.creatorCaps?.[creator] ?? this.#options.capCents;
  }

  reserve(creator: string, cents: number): { ok: true; reservation: Reservation } | { ok: false; spentCents: number; capCents: number } {
    this.#roll();
    const cap = this.capFor(creator);
    const committed = (this.#spent.get(creator) ?? 0) + (this.#reserved.get(creator) ?? 0);
    if (committed + cents > cap) {
      return { ok: false, spentCents: committed, capCents: cap };
    }
    this.#reserved.set(creator, (this.#reserved.get(creator) ?? 0) + cents);
    return { ok: true, reservation: { creator, day: this.#day, cents } };
  }

  /** Records what the call actually cost; a call that spans midnight counts on the day it started. */
  commit(reservation: Reservation, actualCents: number): void {
    this.release(reservation);
    if (reservation.day !== this.#day) return;
    this.#spent.set(reservation.creator, (this.#spent.get(reservation.creator) ?? 0) + actualCents);
    this.#options.onSpend?.(this.#day, Object.fromEntries(this.#spent));
  }

  release(reservation: Reservation): void {
    if (reservation.day !== this.#day) return;
    const left = (this.#reserved.get(reservation.creator) ?? 0) - reservation.cents;
    if (left > 0) this.#reserved.set(reservation.creator, left);
    else this.#reserved.delete(reservation.creator);
  }

  spentToday(creator: string): number {
    this.#roll();
    return this.#spent.get(creator) ?? 0;
  }

  #roll(): void {
    const today = utcDay(this.#options.clock());
    if (today === this.#day) return;
    this.#day = today;
    this.#spent = new Map();
    this.#reserved = new Map();
  }
}
