import { bundlePrice, quoteUnitPrice, type BundlePrice } from './pricing.ts';
import type { Bundle, PriceSchedule } from './schemas.ts';
import { cueStartsAtMs } from './cue-start.ts';

/** Rows as both backends return them (timestamptz arrives as Date, integer as number). */
export interface DropRow {
  id: string;
  sku: string;
  title: string;
  stock: number;
  available: number;
  sold: number;
  price_cents: number;
  currency: string;
  schedule: PriceSchedule;
  bundle: Bundle | null;
  per_viewer_limit: number;
  reservation_ttl_ms: number;
  starts_at: Date | string;
  ends_at: Date | string;
  next_expiry_at: Date | string | null;
}

export interface ReservationRow {
  id: string;
  drop_id: string;
  viewer_id: string;
  quantity: number;
  unit_price_cents: number;
  currency: string;
  status: ReservationStatus;
  created_at: Date | string;
  expires_at: Date | string;
  settled_at: Date | string | null;
}

export interface OrderRow {
  id: string;
  reservation_id: string;
  drop_id: string;
  viewer_id: string;
  quantity: number;
  unit_price_cents: number;
  total_cents: number;
  currency: string;
  created_at: Date | string;
  payment_intent_id: string | null;
}

export type ReservationStatus = 'pending' | 'confirmed' | 'expired' | 'cancelled';
/** `all_held`: nothing free now, but units held at checkout may come back; `sold_out`: every unit is bought. */
export type DropStatus = 'scheduled' | 'live' | 'all_held' | 'sold_out' | 'ended';

export interface DropView {
  id: string;
  sku: string;
  title: string;
  status: DropStatus;
  stock: number;
  /** Units nobody holds: what a new reservation can take. */
  available: number;
  /** Units held by pending reservations: not for sale now, back on sale if their hold lapses. */
  reserved: number;
  /** When the next hold lapses (a held unit may come back); null when nothing is held. */
  nextHoldExpiresAt: string | null;
  sold: number;
  price: { unitCents: number; currency: string; tier: number; nextChangeAt: string | null };
  perViewerLimit: number;
  reservationTtlSeconds: number;
  startsAt: string;
  endsAt: string;
  /** Countdown to the start (scheduled) or the end (live, sold out); 0 once ended. */
  countdownMs: number;
  /** Scheduled with no start time: it starts when the producer cues it. `countdownMs` means nothing then. */
  startsOnCue: boolean;
  serverTime: string;
  schedule: PriceSchedule;
  bundle: (Bundle & BundlePrice) | null;
}

export interface ReservationView {
  id: string;
  dropId: string;
  viewerId: string;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  currency: string;
  status: ReservationStatus;
  createdAt: string;
  expiresAt: string;
  settledAt: string | null;
}

export interface OrderView {
  id: string;
  reservationId: string;
  dropId: string;
  viewerId: string;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  currency: string;
  status: 'confirmed';
  /** The payment that paid for it; null for orders taken before payments existed. */
  paymentIntentId: string | null;
  createdAt: string;
}

export const ms = (value: Date | string): number => new Date(value).getTime();
const iso = (value: Date | string | number): string => new Date(value).toISOString();

export function dropStatus(row: DropRow, now: number): DropStatus {
  if (now < ms(row.starts_at)) return 'scheduled';
  if (now >= ms(row.ends_at)) return 'ended';
  if (row.available > 0) return 'live';
  return row.sold >= row.stock ? 'sold_out' : 'all_held';
}

/** The price the next unit costs now; reservations store exactly this. */
export function quoteForRow(row: DropRow, now: number, unitsClaimed = row.stock - row.available) {
  return quoteUnitPrice({
    basePriceCents: row.price_cents,
    schedule: row.schedule,
    unitsClaimed,
    startsAt: ms(row.starts_at),
    now,
  });
}

export function toDropView(row: DropRow, now: number): DropView {
  const status = dropStatus(row, now);
  const quote = quoteForRow(row, now);
  const countdownTo = status === 'scheduled' ? ms(row.starts_at) : ms(row.ends_at);
  return {
    id: row.id,
    sku: row.sku,
    title: row.title,
    status,
    stock: row.stock,
    available: row.available,
    reserved: row.stock - row.available - row.sold,
    nextHoldExpiresAt: row.stock - row.available - row.sold > 0 && row.next_expiry_at !== null ? iso(row.next_expiry_at) : null,
    sold: row.sold,
    price: {
      unitCents: quote.unitCents,
      currency: row.currency,
      tier: quote.tier,
      nextChangeAt: quote.nextChangeAt === null ? null : iso(quote.nextChangeAt),
    },
    perViewerLimit: row.per_viewer_limit,
    reservationTtlSeconds: row.reservation_ttl_ms / 1000,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    countdownMs: Math.max(0, countdownTo - now),
    startsOnCue: status === 'scheduled' && ms(row.starts_at) >= cueStartsAtMs,
    serverTime: iso(now),
    schedule: row.schedule,
    bundle: row.bundle ? { ...row.bundle, ...bundlePrice(row.bundle, quote.unitCents) } : null,
  };
}

export function toReservationView(row: ReservationRow): ReservationView {
  return {
    id: row.id,
    dropId: row.drop_id,
    viewerId: row.viewer_id,
    quantity: row.quantity,
    unitPriceCents: row.unit_price_cents,
    totalCents: row.unit_price_cents * row.quantity,
    currency: row.currency,
    status: row.status,
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    settledAt: row.settled_at === null ? null : iso(row.settled_at),
  };
}

export function toOrderView(row: OrderRow): OrderView {
  return {
    id: row.id,
    reservationId: row.reservation_id,
    dropId: row.drop_id,
    viewerId: row.viewer_id,
    quantity: row.quantity,
    unitPriceCents: row.unit_price_cents,
    totalCents: row.total_cents,
    currency: row.currency,
    status: 'confirmed',
    paymentIntentId: row.payment_intent_id,
    createdAt: iso(row.created_at),
  };
}
