import { insertDrop, selectDrop } from './drops.ts';
import { ensureDropWork } from './drop-slots.ts';
import { CommerceError, type ErrorBody } from './errors.ts';
import { CommerceEvents } from './events.ts';
import { checkFence, type Fence } from './fencing.ts';
import { countEngagement, readFunnel, type FunnelView } from './funnel.ts';
import { actorScope, ownerFilter, type Actor } from './identity/actor.ts';
import { loadSessionSecret } from './identity/session-secret.ts';
import { createViewerSessions } from './identity/viewer-sessions.ts';
import { pruneIdempotencyKeys, runIdempotent, type Effect, type IdempotentRequest } from './idempotency.ts';
import { beat, extendHoldsAfterOutage } from './outage.ts';
import { charge } from './payments/charge.ts';
import type { PaymentProvider } from './payments/provider.ts';
import { restock, returnEndedAllocations, selectProduct, type ProductView } from './products.ts';
import { cancelWork, confirmWork, reserveWork, selectOrder, selectReservation, sweepExpired } from './reservations.ts';
import { migrate } from './schema/migrate.ts';
import {
  cancelSchema,
  confirmSchema,
  createDropSchema,
  idempotencyKeySchema,
  parseInput,
  reserveSchema,
  restockSchema,
  type ConfirmInput,
  type CreateDropInput,
  type ReserveInput,
  type RestockInput,
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
  /**
   * Charges orders and tips. Without one, orders are confirmed unpaid (as before payments
   * existed) and tips are refused, since an unpaid tip must never reach the stream.
   */
  payments?: PaymentProvider;
  /** Signs viewer sessions; by default a secret generated once and kept in the database. */
  sessionSecret?: string;
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

/** A cue made by a running pipeline: with its lease's fence when instances share the show. */
export interface CueOptions extends IdempotencyOptions {
  fence?: Fence;
}

/** A call made for someone: a viewer (through their session) or the producer. */
export interface ActingOptions extends IdempotencyOptions {
  actor: Actor;
}

const keyRetentionMs = 24 * 60 * 60 * 1000;

export type CommerceService = Awaited<ReturnType<typeof createCommerceService>>;

/**
 * The orders core. Every mutating method takes an idempotency key, scoped to who calls and
 * the endpoint, and answers with the first response ever produced for that key; failures
 * are thrown as CommerceError (with `replayed` set when stored). Applies pending migrations
 * and gives holds back the time an outage took before returning.
 */
export async function createCommerceService(options: CommerceServiceOptions) {
  const { sql, payments } = options;
  const clock = options.clock ?? Date.now;
  const onError = options.onError ?? ((error: unknown) => console.error('[commerce]', error));
  const events = new CommerceEvents(onError);
  let stopSweeper: (() => Promise<void>) | null = null;
  await migrate(sql);
  const sessions = createViewerSessions({ secret: await loadSessionSecret(sql, options.sessionSecret), clock });
  const outageMs = await sql.transaction((tx) => extendHoldsAfterOutage(tx, clock()), { lane: 'settle' });

  async function idempotent<T>(
    lane: Lane,
    req: Omit<IdempotentRequest, 'now' | 'key'> & { key: string },
    work: (tx: SqlRunner, now: number) => Promise<Effect>,
    fence?: Fence,
  ): Promise<Reply<T>> {
    const key = parseInput(idempotencyKeySchema, req.key, ['headers', 'Idempotency-Key']);
    const { reply, events: happened } = await sql.transaction(async (tx) => {
      // Before the key is claimed: a stale fence rolls back and stores no answer either.
      await checkFence(tx, fence);
      const now = clock();
      return runIdempotent(tx, { ...req, key, now }, () => work(tx, now));
    }, { lane });
    events.emit(happened);
    const body = JSON.parse(reply.body) as T;
    if (reply.status >= 400) throw CommerceError.fromBody(body as ErrorBody, reply.replayed);
    return { status: reply.status, body, replayed: reply.replayed };
  }

  /** Keys are unique per caller and endpoint; the path parameters are part of the request, so reusing a key elsewhere is SF406. */
  const scopeOf = (actor: Actor, endpoint: string) => `${actorScope(actor)}|${endpoint}`;

  function viewerOf(actor: Actor, action: string): string {
    if (actor.kind !== 'viewer') throw new CommerceError('SF420', `${action} needs a viewer session`, ['session']);
    return actor.viewerId;
  }

  return {
    events,

    /** How long the service was down before this start, in ms (0: no outage); holds were extended by it. */
    outageMs,

    /** What the shop page needs to know to be honest: which payment provider charges (`test`: no money moves; `none`: nothing is charged). */
    shopInfo: async (): Promise<{ payments: string }> => ({ payments: payments?.name ?? 'none' }),

    /** Mints an anonymous viewer session; the host rate-limits who may call this. */
    mintSession: async () => sessions.mint(),
    /** The session a token proves, or null. */
    verifySession: async (token: string | undefined) => sessions.verify(token),

    async createDrop(input: CreateDropInput, opts: IdempotencyOptions): Promise<Reply<DropView>> {
      const drop = parseInput(createDropSchema, input);
      return idempotent('normal', { scope: 'producer|drops.create', key: opts.idempotencyKey, request: drop }, (tx, now) =>
        insertDrop(tx, drop, now),
      );
    },

    /**
     * The drop that `slot` (a pipeline node) sells, made to match `input`: found again on a
     * restart however much later, edited on a redeploy, replaced when the SKU changes.
     * Never mints stock: units come from the product and go back to it.
     */
    async ensureDrop(slot: string, input: CreateDropInput, opts: { fence?: Fence } = {}): Promise<DropView> {
      const drop = parseInput(createDropSchema, input);
      const slotId = parseInput(idempotencyKeySchema, slot, ['slot']);
      // With a fence, a new owner raises it as its drop node starts: an old owner's later cues are refused from then on.
      const effect = await sql.transaction(async (tx) => {
        await checkFence(tx, opts.fence);
        return ensureDropWork(tx, slotId, drop, clock());
      }, { lane: 'settle' });
      events.emit(effect.events);
      return effect.body as DropView;
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

    async reserve(dropId: string, input: ReserveInput, opts: ActingOptions): Promise<Reply<ReservationView>> {
      const viewerId = viewerOf(opts.actor, 'reserving');
      const body = parseInput(reserveSchema, input);
      return idempotent(
        'normal',
        { scope: scopeOf(opts.actor, 'reservations.create'), key: opts.idempotencyKey, request: { dropId, ...body }, dropId },
        (tx, now) => reserveWork(tx, dropId, { viewerId, quantity: body.quantity }, now),
      );
    },

    /**
     * Turns the caller's pending reservation into an order at its stored price; needs
     * `consent: true`, and with a payment provider a `paymentMethod` that is charged first.
     */
    async confirm(reservationId: string, input: ConfirmInput, opts: ActingOptions): Promise<Reply<OrderView>> {
      const body = parseInput(confirmSchema, input);
      if (body.consent !== true) {
        throw new CommerceError('SF405', 'confirming a purchase needs explicit consent: send {"consent": true}', ['consent']);
      }
      const scope = scopeOf(opts.actor, 'reservations.confirm');
      const pay = payments
        ? (r: { id: string; unit_price_cents: number; quantity: number; currency: string }) =>
            charge(
              payments,
              { amountCents: r.unit_price_cents * r.quantity, currency: r.currency, paymentMethod: body.paymentMethod, metadata: { reservationId: r.id } },
              `${scope}:${opts.idempotencyKey}`,
            )
        : undefined;
      return idempotent(
        'settle',
        { scope, key: opts.idempotencyKey, request: { reservationId, consent: true, paymentMethod: body.paymentMethod ?? null } },
        (tx, now) => confirmWork(tx, reservationId, ownerFilter(opts.actor), now, pay),
      );
    },

    /** Gives the caller's pending hold back before it expires (nothing was charged yet). */
    async cancel(reservationId: string, opts: ActingOptions, input: unknown = {}): Promise<Reply<ReservationView>> {
      parseInput(cancelSchema, input);
      return idempotent(
        'settle',
        { scope: scopeOf(opts.actor, 'reservations.cancel'), key: opts.idempotencyKey, request: { reservationId } },
        (tx, now) => cancelWork(tx, reservationId, ownerFilter(opts.actor), now),
      );
    },

    /** Starts a scheduled drop now (a producer's cue or a stream event), keeping its planned length. */
    async startDrop(dropId: string, opts: CueOptions): Promise<Reply<DropView>> {
      return idempotent(
        'settle',
        { scope: 'producer|drops.start', key: opts.idempotencyKey, request: { dropId }, dropId },
        (tx, now) => startDropWork(tx, dropId, now),
        opts.fence,
      );
    },

    /** Ends a drop now; unsold units go back to the product, pending holds stay confirmable until they expire. */
    async endDrop(dropId: string, opts: CueOptions): Promise<Reply<DropView>> {
      return idempotent(
        'settle',
        { scope: 'producer|drops.end', key: opts.idempotencyKey, request: { dropId }, dropId },
        (tx, now) => endDropWork(tx, dropId, now),
        opts.fence,
      );
    },

    /** Records and charges a tip; only a paid tip emits `tipped`, which raises the show's tip overlays. */
    async tip(input: TipInput, opts: ActingOptions): Promise<Reply<TipView>> {
      const viewerId = viewerOf(opts.actor, 'tipping');
      const body = parseInput(tipSchema, input);
      const scope = scopeOf(opts.actor, 'tips.create');
      return idempotent('normal', { scope, key: opts.idempotencyKey, request: body }, (tx, now) =>
        tipWork(tx, body, viewerId, now, async (tip) => {
          if (!payments) throw new CommerceError('SF423', 'tips are off: this shop has no payment provider', ['paymentMethod']);
          return charge(payments, { amountCents: tip.amountCents, currency: tip.currency, paymentMethod: body.paymentMethod, metadata: { tipId: tip.id } }, `${scope}:${opts.idempotencyKey}`);
        }),
      );
    },

    /** The caller's reservation (the producer sees any); someone else's answers as missing. */
    async getReservation(reservationId: string, actor: Actor): Promise<ReservationView> {
      const row = await selectReservation(sql, reservationId);
      const owner = ownerFilter(actor);
      if (!row || (owner !== null && row.viewer_id !== owner)) throw new CommerceError('SF407', `no reservation ${reservationId}`, ['reservationId']);
      return toReservationView(row);
    },

    async getOrder(orderId: string, actor: Actor): Promise<OrderView> {
      const row = await selectOrder(sql, orderId);
      const owner = ownerFilter(actor);
      if (!row || (owner !== null && row.viewer_id !== owner)) throw new CommerceError('SF407', `no order ${orderId}`, ['orderId']);
      return toOrderView(row);
    },

    async getProduct(sku: string): Promise<ProductView> {
      const product = await selectProduct(sql, sku);
      if (!product) throw new CommerceError('SF407', `no product ${sku}`, ['sku']);
      return product;
    },

    /** Adds delivered units to a product's stock (the only way stock grows once a product exists). */
    async restock(input: RestockInput, opts: IdempotencyOptions): Promise<Reply<ProductView>> {
      const body = parseInput(restockSchema, input);
      return idempotent('settle', { scope: 'producer|products.restock', key: opts.idempotencyKey, request: body }, async (tx, now) => ({
        status: 200,
        body: await restock(tx, body.sku, body.title ?? body.sku, body.units, now),
        dropId: null,
        events: [],
      }));
    },

    recordImpression: (dropId: string, count = 1) => recordEngagement(dropId, 'impressions', count),
    recordClick: (dropId: string, count = 1) => recordEngagement(dropId, 'clicks', count),

    async funnel(dropId: string): Promise<FunnelView> {
      const view = await readFunnel(sql, dropId);
      if (!view) throw new CommerceError('SF407', `no drop ${dropId}`, ['dropId']);
      return view;
    },

    sweepExpired: sweepAll,

    /** Starts the periodic sweeper (expiry, ended drops' stock, day-old idempotency keys, heartbeat); idempotent. */
    startSweeper(opts: { intervalMs?: number } = {}): void {
      if (stopSweeper) return;
      stopSweeper = startPeriodic(
        async () => {
          await sweepAll();
          await sql.transaction(async (tx) => {
            await returnEndedAllocations(tx, clock());
            await pruneIdempotencyKeys(tx, clock() - keyRetentionMs);
            await beat(tx, clock());
          });
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
