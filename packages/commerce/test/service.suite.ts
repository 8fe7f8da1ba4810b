import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommerceError } from '../src/errors.ts';
import { producer, viewer } from '../src/identity/actor.ts';
import type { CommerceEvent } from '../src/events.ts';
import { cueStartsAt } from '../src/cue-start.ts';
import { migrate } from '../src/schema/migrate.ts';
import type { CreateDropInput } from '../src/schemas.ts';
import { createCommerceService, type CommerceService } from '../src/service.ts';
import type { Sql } from '../src/sql/types.ts';
import { countBy, iso, manualClock, settle } from './support.ts';

/** The service contract, run unchanged against each storage backend. */
export function describeServiceSuite(name: string, store: () => Sql) {
  describe(`commerce service on ${name}`, () => {
    let sql: Sql;
    let service: CommerceService;
    const clock = manualClock();
    const seen: CommerceEvent[] = [];
    let keySeq = 0;
    const key = () => `key-${++keySeq}`;

    beforeAll(async () => {
      sql = store();
      service = await createCommerceService({ sql, clock: clock.now });
      service.events.subscribeAll((e) => seen.push(e));
    });
    afterAll(async () => {
      await service?.close();
    });

    // Each drop sells its own product, so one test's stock never limits another's.
    let skuSeq = 0;
    async function drop(overrides: Partial<CreateDropInput> = {}) {
      const reply = await service.createDrop(
        {
          sku: `SKU-${name}-${++skuSeq}`,
          title: 'Limited hoodie',
          quantity: 20,
          priceCents: 4900,
          currency: 'EUR',
          startsAt: iso(clock.now()),
          endsAt: iso(clock.now() + 3_600_000),
          perViewerLimit: 1,
          reservationTtlSeconds: 60,
          ...overrides,
        },
        { idempotencyKey: key() },
      );
      return reply.body;
    }

    const reserve = (dropId: string, viewerId: string, quantity = 1, idempotencyKey = key()) =>
      service.reserve(dropId, { quantity }, { idempotencyKey, actor: viewer(viewerId) });
    /** The producer may settle anyone's reservation; ownership is covered in identity.suite.ts. */
    const asProducer = (idempotencyKey = key()) => ({ idempotencyKey, actor: producer });

    it('tracks applied migrations and applies each once', async () => {
      expect(await migrate(sql)).toEqual([]);
      const rows = await sql.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4]);
    });

    it('creates a drop and reports its live state', async () => {
      const d = await drop({ quantity: 5 });
      const live = await service.getDrop(d.id);
      expect(live).toMatchObject({ status: 'live', stock: 5, available: 5, reserved: 0, sold: 0, countdownMs: 3_600_000 });
      expect(live.price).toEqual({ unitCents: 4900, currency: 'EUR', tier: 0, nextChangeAt: null });
    });

    it('lets exactly the stock through when 300 viewers race for 20 units', async () => {
      const d = await drop({ quantity: 20 });
      const { ok, codes } = await settle(Array.from({ length: 300 }, (_, i) => reserve(d.id, `viewer-${i}`)));
      expect(ok).toHaveLength(20);
      // Held, not bought: the shop says so, and when the first hold may lapse.
      expect(countBy(codes)).toEqual({ SF426: 280 });
      const live = await service.getDrop(d.id);
      expect(live).toMatchObject({ available: 0, reserved: 20, status: 'all_held', nextHoldExpiresAt: iso(clock.now() + 60_000) });
      const funnel = await service.funnel(d.id);
      expect(funnel).toMatchObject({ reservations: 20, oversoldUnits: 0, ledgerBalanced: true });
      expect(seen.filter((e) => e.type === 'sold-out' && e.payload.dropId === d.id)).toHaveLength(0);
      // Sold out only once every unit is bought.
      for (const r of ok) await service.confirm(r.body.id, { consent: true }, asProducer());
      expect(await service.getDrop(d.id)).toMatchObject({ status: 'sold_out', sold: 20, reserved: 0, nextHoldExpiresAt: null });
      expect(seen.filter((e) => e.type === 'sold-out' && e.payload.dropId === d.id)).toHaveLength(1);
      await expect(reserve(d.id, 'late-comer')).rejects.toMatchObject({ code: 'SF401' });
    });

    it('enforces the per-viewer limit under concurrency', async () => {
      const d = await drop({ quantity: 50, perViewerLimit: 3 });
      const { ok, codes } = await settle(Array.from({ length: 30 }, () => reserve(d.id, 'greedy')));
      expect(ok).toHaveLength(3);
      expect(countBy(codes)).toEqual({ SF402: 27 });
      await expect(reserve(d.id, 'other', 4)).rejects.toMatchObject({ code: 'SF402', path: ['quantity'] });
      expect((await service.getDrop(d.id)).available).toBe(47);
    });

    it('counts bought units against the per-viewer limit', async () => {
      const d = await drop({ quantity: 10, perViewerLimit: 1 });
      const r = await reserve(d.id, 'v1');
      await service.confirm(r.body.id, { consent: true }, asProducer());
      await expect(reserve(d.id, 'v1')).rejects.toMatchObject({ code: 'SF402' });
    });

    it('returns expired stock on access and refuses to confirm after expiry', async () => {
      const d = await drop({ quantity: 2, reservationTtlSeconds: 30 });
      const a = await reserve(d.id, 'a');
      await reserve(d.id, 'b');
      await expect(reserve(d.id, 'c')).rejects.toMatchObject({ code: 'SF426' });
      clock.advance(30_000);
      const c = await reserve(d.id, 'c');
      expect(c.status).toBe(201);
      await expect(service.confirm(a.body.id, { consent: true }, asProducer())).rejects.toMatchObject({
        code: 'SF404',
        status: 410,
      });
      expect(await service.getReservation(a.body.id, producer)).toMatchObject({ status: 'expired' });
      const live = await service.getDrop(d.id);
      expect(live).toMatchObject({ available: 1, reserved: 1 });
      expect(seen.filter((e) => e.type === 'expired' && e.payload.dropId === d.id)).toHaveLength(2);
      expect(await service.funnel(d.id)).toMatchObject({ expired: 2, oversoldUnits: 0, ledgerBalanced: true });
    });

    it('expires on a confirm attempt even when nothing else touched the drop', async () => {
      const d = await drop({ quantity: 1, reservationTtlSeconds: 10 });
      const r = await reserve(d.id, 'late');
      clock.advance(10_001);
      await expect(service.confirm(r.body.id, { consent: true }, asProducer())).rejects.toMatchObject({ code: 'SF404' });
      const live = await service.getDrop(d.id);
      expect(live.available).toBe(1);
    });

    it('moves the expiry hint past confirmed holds so reads stop sweeping', async () => {
      const d = await drop({ quantity: 2, reservationTtlSeconds: 20 });
      const r = await reserve(d.id, 'prompt');
      await service.confirm(r.body.id, { consent: true }, asProducer());
      clock.advance(20_000);
      expect(await service.getDrop(d.id)).toMatchObject({ available: 1, sold: 1, reserved: 0 });
      const [row] = await sql.query<{ next_expiry_at: unknown }>('SELECT next_expiry_at FROM drops WHERE id = $1', [d.id]);
      expect(row.next_expiry_at).toBeNull();
    });

    it('runs a periodic sweeper that returns expired stock', async () => {
      const d = await drop({ quantity: 1, reservationTtlSeconds: 5 });
      const r = await reserve(d.id, 'sleepy');
      const expired = new Promise((resolve) => {
        const off = service.events.subscribe('expired', (p) => {
          if (p.reservation.id === r.body.id) {
            off();
            resolve(p);
          }
        });
      });
      clock.advance(5_000);
      service.startSweeper({ intervalMs: 10 });
      await expect(expired).resolves.toMatchObject({ dropId: d.id, available: 1 });
      await service.stopSweeper();
      const [row] = await sql.query<{ available: number }>('SELECT available FROM drops WHERE id = $1', [d.id]);
      expect(row.available).toBe(1);
    });

    it('cancels a reservation, returns its stock, and settles it only once', async () => {
      const d = await drop({ quantity: 1 });
      const r = await reserve(d.id, 'fickle');
      const cancelled = await service.cancel(r.body.id, asProducer());
      expect(cancelled.body.status).toBe('cancelled');
      expect((await service.getDrop(d.id)).available).toBe(1);
      await expect(service.cancel(r.body.id, asProducer())).rejects.toMatchObject({ code: 'SF409' });
      await expect(service.confirm(r.body.id, { consent: true }, asProducer())).rejects.toMatchObject({ code: 'SF409' });
      expect(seen.some((e) => e.type === 'cancelled' && e.payload.reservation.id === r.body.id)).toBe(true);
    });

    it('makes exactly one order when confirms race on one reservation', async () => {
      const d = await drop({ quantity: 3 });
      const r = await reserve(d.id, 'eager');
      const { ok, codes } = await settle(
        Array.from({ length: 10 }, () => service.confirm(r.body.id, { consent: true }, asProducer())),
      );
      expect(ok).toHaveLength(1);
      expect(countBy(codes)).toEqual({ SF409: 9 });
      expect(await service.getOrder(ok[0].body.id, producer)).toEqual(ok[0].body);
      expect(await service.funnel(d.id)).toMatchObject({ orders: 1, oversoldUnits: 0, ledgerBalanced: true });
    });

    it('requires explicit consent to confirm', async () => {
      const d = await drop();
      const r = await reserve(d.id, 'shy');
      for (const body of [{}, { consent: false }, { consent: 'yes' }]) {
        await expect(service.confirm(r.body.id, body, asProducer())).rejects.toMatchObject({
          code: 'SF405',
          path: ['consent'],
        });
      }
      expect((await service.getReservation(r.body.id, producer)).status).toBe('pending');
    });

    it('refuses reservations before the start and after the end', async () => {
      const early = await drop({ startsAt: iso(clock.now() + 60_000), endsAt: iso(clock.now() + 120_000) });
      expect((await service.getDrop(early.id)).status).toBe('scheduled');
      await expect(reserve(early.id, 'v')).rejects.toMatchObject({ code: 'SF403', message: expect.stringContaining('not started') });
      const ended = await drop({ startsAt: iso(clock.now() - 120_000), endsAt: iso(clock.now() - 60_000) });
      await expect(reserve(ended.id, 'v')).rejects.toMatchObject({ code: 'SF403', message: expect.stringContaining('ended') });
      expect((await service.getDrop(ended.id)).status).toBe('ended');
      await expect(reserve('drop_missing', 'v')).rejects.toMatchObject({ code: 'SF407' });
    });

    it('replays the stored response for the same key and body, with one effect', async () => {
      const d = await drop({ quantity: 5 });
      const first = await reserve(d.id, 'retry', 1, 'same-key');
      const again = await reserve(d.id, 'retry', 1, 'same-key');
      expect(first.replayed).toBe(false);
      expect(again).toEqual({ ...first, replayed: true });
      expect((await service.getDrop(d.id)).available).toBe(4);
      expect(await service.funnel(d.id)).toMatchObject({ reservations: 1, idempotentReplays: 1 });
    });

    it('refuses the same key with a different body (422)', async () => {
      const d = await drop({ quantity: 5, perViewerLimit: 2 });
      await reserve(d.id, 'retry', 1, 'reused-key');
      const error = await reserve(d.id, 'retry', 2, 'reused-key').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommerceError);
      expect(error).toMatchObject({ code: 'SF406', status: 422 });
      expect((await service.getDrop(d.id)).available).toBe(4);
    });

    it('resolves concurrent requests with one key to one effect', async () => {
      const d = await drop({ quantity: 5 });
      const replies = await Promise.all(Array.from({ length: 25 }, () => reserve(d.id, 'double-clicker', 1, 'one-key')));
      expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
      expect(replies.filter((r) => !r.replayed)).toHaveLength(1);
      expect((await service.getDrop(d.id)).available).toBe(4);
      expect(await service.funnel(d.id)).toMatchObject({ reservations: 1, idempotentReplays: 24 });
    });

    it('replays a stored refusal instead of running it again', async () => {
      const d = await drop({ quantity: 1 });
      await reserve(d.id, 'first');
      const refusal = (): Promise<CommerceError> =>
        reserve(d.id, 'second', 1, 'refused-key').then(
          () => {
            throw new Error('expected a refusal');
          },
          (e: CommerceError) => e,
        );
      const refused = await refusal();
      expect(refused).toMatchObject({ code: 'SF426', replayed: false });
      const replayed = await refusal();
      expect(replayed).toMatchObject({ code: 'SF426', replayed: true, message: refused.message });
    });

    it('charges the price quoted at reservation time', async () => {
      const d = await drop({
        quantity: 10,
        priceCents: 5000,
        reservationTtlSeconds: 600,
        schedule: { tiers: [{ afterUnits: 2, priceCents: 6000 }], decay: { everySeconds: 60, stepCents: 500, floorCents: 4000 } },
      });
      const a = await reserve(d.id, 'a');
      const b = await reserve(d.id, 'b');
      const c = await reserve(d.id, 'c');
      expect([a.body.unitPriceCents, b.body.unitPriceCents, c.body.unitPriceCents]).toEqual([5000, 5000, 6000]);
      clock.advance(120_000);
      expect((await service.getDrop(d.id)).price.unitCents).toBe(5000);
      const order = await service.confirm(c.body.id, { consent: true }, asProducer());
      expect(order.body).toMatchObject({ unitPriceCents: 6000, totalCents: 6000, currency: 'EUR' });
    });

    it('shows bundle value and savings', async () => {
      const d = await drop({
        priceCents: 7000,
        bundle: { items: [{ sku: 'CAP', quantity: 1, listPriceCents: 3000 }, { sku: 'TEE', quantity: 2, listPriceCents: 2500 }] },
      });
      expect(d.bundle).toMatchObject({ valueCents: 8000, savingsCents: 1000 });
    });

    it('emits ordered events and measures the funnel', async () => {
      const d = await drop({ quantity: 3 });
      await service.recordImpression(d.id, 10);
      await service.recordClick(d.id);
      clock.advance(250);
      const r = await reserve(d.id, 'buyer');
      const order = await service.confirm(r.body.id, { consent: true }, asProducer());
      const ordered = seen.find((e) => e.type === 'ordered' && e.payload.order.id === order.body.id);
      expect(ordered?.payload).toMatchObject({ dropId: d.id, sold: 1, available: 2 });
      expect(await service.funnel(d.id)).toEqual({
        dropId: d.id,
        impressions: 10,
        clicks: 1,
        reservations: 1,
        orders: 1,
        expired: 0,
        cancelled: 0,
        idempotentReplays: 0,
        oversoldUnits: 0,
        ledgerBalanced: true,
        liveToOrderMs: 250,
      });
      await expect(service.recordClick('drop_missing')).rejects.toMatchObject({ code: 'SF407' });
    });

    it('starts a drop waiting for its cue now, once, keeping its length; ends it early', async () => {
      const d = await drop({ startsAt: cueStartsAt, endsAt: iso(Date.parse(cueStartsAt) + 600_000) });
      expect(await service.getDrop(d.id)).toMatchObject({ status: 'scheduled', startsOnCue: true });
      await expect(reserve(d.id, 'early')).rejects.toMatchObject({ code: 'SF403' });
      seen.length = 0;
      const started = await service.startDrop(d.id, { idempotencyKey: 'cue-a' });
      expect(started.body).toMatchObject({ status: 'live', startsOnCue: false, startsAt: iso(clock.now()), countdownMs: 600_000 });
      expect(await service.startDrop(d.id, { idempotencyKey: 'cue-a' })).toMatchObject({ replayed: true });
      expect((await service.startDrop(d.id, { idempotencyKey: 'cue-b' })).body.startsAt).toBe(iso(clock.now()));
      expect(seen.map((e) => e.type)).toEqual(['live']);
      const held = await reserve(d.id, 'v1');
      clock.advance(1000);
      const ended = await service.endDrop(d.id, { idempotencyKey: 'end-a' });
      expect(ended.body).toMatchObject({ status: 'ended', endsAt: iso(clock.now()) });
      await expect(reserve(d.id, 'late')).rejects.toMatchObject({ code: 'SF403' });
      // A viewer who held stock before the end may still buy it.
      await expect(service.confirm(held.body.id, { consent: true }, asProducer())).resolves.toMatchObject({ status: 201 });
      await expect(service.startDrop(d.id, { idempotencyKey: 'cue-c' })).rejects.toMatchObject({ code: 'SF403' });
      expect(seen.map((e) => e.type)).toEqual(['live', 'reserved', 'ended', 'ordered']);
    });

    it('refuses tips when no payment provider can charge them, and announces nothing', async () => {
      seen.length = 0;
      const input = { channel: 'show', displayName: 'Ana', amountCents: 500, currency: 'EUR', message: 'hi', paymentMethod: 'pm_card_visa' };
      await expect(service.tip(input, { idempotencyKey: 'tip-1', actor: viewer('v9') })).rejects.toMatchObject({ code: 'SF423', status: 402 });
      expect(seen).toEqual([]);
      const [row] = await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM tips WHERE viewer_id = 'v9'");
      expect(row.n).toBe(0);
    });

    it('validates input with a code and a path', async () => {
      await expect(service.createDrop({ sku: 'x' } as CreateDropInput, { idempotencyKey: key() })).rejects.toMatchObject({
        code: 'SF408',
        path: ['title'],
      });
      const d = await drop();
      await expect(service.reserve(d.id, { quantity: 0 }, { idempotencyKey: key(), actor: viewer('v') })).rejects.toMatchObject({
        code: 'SF408',
        path: ['quantity'],
      });
      await expect(service.reserve(d.id, {}, { idempotencyKey: '', actor: viewer('v') })).rejects.toMatchObject({
        code: 'SF408',
        path: ['headers', 'Idempotency-Key'],
      });
    });
  });
}
