import { insertDrop, selectDrop } from './drops.ts';
import { CommerceError, type ErrorBody } from './errors.ts';
import { CommerceEvents } from './events.ts';
import { countEngagement, readFunnel, type FunnelView } from './funnel.ts';
import { pruneIdempotencyKeys, runIdempotent, type Effect, type IdempotentRequest } from './idempotency.ts';
import { cancelWork, confirmWork, reserveWork, selectOrder, selectReservation, sweepExpired } from './reservations.ts';
import { migrate } from './schema/migrate.ts';
import {
  cancelSchema,
  confirmSchema,
  createDropSchema,
  idempotencyKeySchema,
  parseInput,
  reserveSchema,
  type ConfirmInput,
  type CreateDropInput,
  type ReserveInput,
} from './schemas.ts';
import { endDropWork, startDropWork } from './schedule.ts';
import { startPeriodic } from './sweeper.ts';
import { tipSchema, tipWork, type TipInput, type TipView } from './tips.ts';
import type { Lane, Sql, SqlRunner } from './sql/types.ts';
import { ms, toDropView, toOrderView, toReservationView, type DropView, type OrderView, type ReservationView } from './views.ts';

export interface CommerceServiceOptions {
  sql: Sql;
  /** Epoch ms; injectable so tests move time instead of waiting. */
  clock?: () => number;
  /** A subscriber or the periodic sweeper failed; the service itself carries on. */
  onError?: (error: unknown) => void;
}

/** A mutating call's answer: the HTTP status and body, and whether it was stored earlier. */
export interface Reply<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export interface IdempotencyOptions {
  idempotencyKey: string;
}

const keyRetentionMs = 24 * 60 * 60 * 1000;

export type CommerceService = Awaited<ReturnType<typeof createCommerceService>>;

/**
 * The orders core. Every mutating method takes an idempotency key and answers with the
 * first response ever produced for that key; failures are thrown as CommerceError (with
 * `replayed` set when stored). Applies pending migrations before returning.
 */
export async function createCommerceService(options: CommerceServiceOptions) {
  const { sql } = options;
  const clock = options.clock ?? Date.now;
  const onError = options.onError ?? ((error: unknown) => console.error('[commerce]', error));
  const events = new CommerceEvents(onError);
  let stopSweeper: (() => Promise<void>) | null = null;
  await migrate(sql);

  async function idempotent<T>(
    lane: Lane,
    req: Omit<IdempotentRequest, 'now' | 'key'> & { key: string },
    work: (tx: SqlRunner, now: number) => Promise<Effect>,
  ): Promise<Reply<T>> {
    const key = parseInput(idempotencyKeySchema, req.key, ['headers', 'Idempotency-Key']);
    const { reply, events: happened } = await sql.transaction(async (tx) => {
      const now = clock();
      return runIdempotent(tx, { ...req, key, now }, () => work(tx, now));
    }, { lane });
    events.emit(happened);
    const body = JSON.parse(reply.body) as T;
    if (reply.status >= 400) throw CommerceError.fromBody(body as ErrorBody, reply.replayed);
    return { status: reply.status, body, replayed: reply.replayed };
  }

  return {
    events,

    async createDrop(input: CreateDropInput, opts: IdempotencyOptions): Promise<Reply<DropView>> {
      const drop = parseInput(createDropSchema, input);
      return idempotent('normal', { scope: 'drops.create', key: opts.idempotencyKey, request: drop }, (tx, now) =>
        insertDrop(tx, drop, now),
      );
    },

    /** The server's live values; overdue holds on the drop are expired first so `available` is true. */
    async getDrop(dropId: string): Promise<DropView> {
      let row = await selectDrop(sql, dropId);
      if (!row) throw new CommerceError('SF407', `no drop ${dropId}`, ['dropId']);
      let now = clock();
      // Viewers poll this; only write when the drop's expiry hint says a hold is overdue.
      if (row.next_expiry_at !== null && ms(row.next_expiry_at) <= now) {
        const swept = await sql.transaction(
          async (tx) => {
            const at = clock();
            const expired = await sweepExpired(tx, at, { dropId, limit: 1000 });
            return { expired, at, row: await selectDrop(tx, dropId) };
          },
          { lane: 'settle' },
        );
        events.emit(swept.expired);
        row = swept.row ?? row;
        now = swept.at;
      }
      return toDropView(row, now);
    },

    async reserve(dropId: string, input: ReserveInput, opts: IdempotencyOptions): Promise<Reply<ReservationView>> {
      const body = parseInput(reserveSchema, input);
      return idempotent(
        'normal',
        { scope: `reservations.create:${dropId}:${body.viewerId}`, key: opts.idempotencyKey, request: { dropId, ...body }, dropId },
        (tx, now) => reserveWork(tx, dropId, body, now),
      );
    },

    /** Turns a pending reservation into an order at its stored price; needs `consent: true`. */
    async confirm(reservationId: string, input: ConfirmInput, opts: IdempotencyOptions): Promise<Reply<OrderView>> {
      const body = parseInput(confirmSchema, input);
      if (body.consent !== true) {
        throw new CommerceError('SF405', 'confirming a purchase needs explicit consent: send {"consent": true}', ['consent']);
      }
      return idempotent(
        'settle',
        { scope: `reservations.confirm:${reservationId}`, key: opts.idempotencyKey, request: { reservationId, consent: true } },
        (tx, now) => confirmWork(tx, reservationId, now),
      );
    },

    async cancel(reservationId: string, opts: IdempotencyOptions, input: unknown = {}): Promise<Reply<ReservationView>> {
      parseInput(cancelSchema, input);
      return idempotent(
        'settle',
        { scope: `reservations.cancel:${reservationId}`, key: opts.idempotencyKey, request: { reservationId } },
        (tx, now) => cancelWork(tx, reservationId, now),
      );
    },

    /** Starts a scheduled drop now (a producer's cue or a stream event), keeping its planned length. */
    async startDrop(dropId: string, opts: IdempotencyOptions): Promise<Reply<DropView>> {
      return idempotent('settle', { scope: `drops.start:${dropId}`, key: opts.idempotencyKey, request: { dropId }, dropId }, (tx, now) =>
        startDropWork(tx, dropId, now),
      );
    },

    /** Ends a drop now; pending holds stay confirmable until they expire. */
    async endDrop(dropId: string, opts: IdempotencyOptions): Promise<Reply<DropView>> {
      return idempotent('settle', { scope: `drops.end:${dropId}`, key: opts.idempotencyKey, request: { dropId }, dropId }, (tx, now) =>
        endDropWork(tx, dropId, now),
      );
    },

    /** Records a tip; the `tipped` event raises the show's tip overlays. */
    async tip(input: TipInput, opts: IdempotencyOptions): Promise<Reply<TipView>> {
      const body = parseInput(tipSchema, input);
      return idempotent('normal', { scope: `tips.create:${body.viewerId}`, key: opts.idempotencyKey, request: body }, (tx, now) =>
        tipWork(tx, body, now),
      );
    },

    async getReservation(reservationId: string): Promise<ReservationView> {
      const row = await selectReservation(sql, reservationId);
      if (!row) throw new CommerceError('SF407', `no reservation ${reservationId}`, ['reservationId']);
      return toReservationView(row);
    },

    async getOrder(orderId: string): Promise<OrderView> {
      const row = await selectOrder(sql, orderId);
      if (!row) throw new CommerceError('SF407', `no order ${orderId}`, ['orderId']);
      return toOrderView(row);
    },

    recordImpression: (dropId: string, count = 1) => recordEngagement(dropId, 'impressions', count),
    recordClick: (dropId: string, count = 1) => recordEngagement(dropId, 'clicks', count),

    async funnel(dropId: string): Promise<FunnelView> {
      const view = await readFunnel(sql, dropId);
      if (!view) throw new CommerceError('SF407', `no drop ${dropId}`, ['dropId']);
      return view;
    },

    sweepExpired: sweepAll,

    /** Starts the periodic sweeper (expiry, and pruning of day-old idempotency keys); idempotent. */
    startSweeper(opts: { intervalMs?: number } = {}): void {
      if (stopSweeper) return;
      stopSweeper = startPeriodic(
        async () => {
          await sweepAll();
          await sql.transaction((tx) => pruneIdempotencyKeys(tx, clock() - keyRetentionMs));
        },
        opts.intervalMs ?? 1000,
        onError,
      );
    },

    stopSweeper: haltSweeper,

    /** Stops the sweeper; the caller owns and closes `sql`. */
    close: haltSweeper,
  };

  /** Expires overdue reservations of every drop; returns how many. */
  async function sweepAll(limit = 1000): Promise<number> {
    const expired = await sql.transaction((tx) => sweepExpired(tx, clock(), { limit }), { lane: 'settle' });
    events.emit(expired);
    return expired.length;
  }

  async function haltSweeper(): Promise<void> {
    const stop = stopSweeper;
    stopSweeper = null;
    await stop?.();
  }

  async function recordEngagement(dropId: string, kind: 'impressions' | 'clicks', count: number): Promise<void> {
    if (!Number.isInteger(count) || count < 1 || count > 1_000_000) {
      throw new CommerceError('SF408', 'count must be an integer from 1 to 1000000', ['count']);
    }
    if (!(await countEngagement(sql, dropId, kind, count))) throw new CommerceError('SF407', `no drop ${dropId}`, ['dropId']);
  }
}
