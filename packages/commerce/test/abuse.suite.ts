import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommerceEvent } from '../src/events.ts';
import { createCommerceHandler } from '../src/http/handler.ts';
import { producer, viewer } from '../src/identity/actor.ts';
import { createTestPaymentProvider } from '../src/payments/test-provider.ts';
import type { CreateDropInput } from '../src/schemas.ts';
import { createCommerceService, type CommerceService } from '../src/service.ts';
import type { Sql } from '../src/sql/types.ts';
import { iso, manualClock } from './support.ts';

/**
 * What a bot, a retrying crowd, a producer's redeploy and an outage do to a drop, over the
 * real HTTP handler where the client's behaviour matters.
 */
export function describeAbuseSuite(name: string, store: () => Sql) {
  describe(`commerce under bots, storms, redeploys and outages on ${name}`, () => {
    // A clock of its own, later than the other suites' on this store.
    const clock = manualClock(Date.parse('2031-03-01T20:00:00.000Z'));
    let sql: Sql;
    let service: CommerceService;
    let server: Server;
    let handler: ReturnType<typeof createCommerceHandler>;
    let base: string;
    let seq = 0;
    const seen: CommerceEvent[] = [];
    const payments = createTestPaymentProvider();
    const key = () => `abuse-${++seq}`;

    beforeAll(async () => {
      sql = store();
      service = await createCommerceService({ sql, clock: clock.now, payments });
      service.events.subscribeAll((e) => seen.push(e));
      const handle = (handler = createCommerceHandler(service, {
        onError: () => {},
        isProducer: (req) => req.headers['x-test-producer'] === 'yes',
        sessionMinting: { burst: 5, refillMs: 60_000 },
        admission: { concurrency: 2, maxQueued: 4 },
        clock: clock.now,
      }));
      server = createServer(async (req, res) => {
        if (!(await handle(req, res))) res.writeHead(418).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
    });

    async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : null) as Record<string, any>, headers: res.headers };
    }
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    async function liveDrop(overrides: Partial<CreateDropInput> = {}) {
      return (
        await service.createDrop(
          {
            sku: `ABUSE-${name}-${++seq}`,
            title: 'Signed print',
            quantity: 10,
            priceCents: 2500,
            currency: 'EUR',
            startsAt: iso(clock.now()),
            endsAt: iso(clock.now() + 3_600_000),
            perViewerLimit: 1,
            reservationTtlSeconds: 60,
            ...overrides,
          },
          { idempotencyKey: key() },
        )
      ).body;
    }

    it('a bot with 60 invented ids gets no more than the sessions it may mint allow', async () => {
      const drop = await liveDrop({ quantity: 100 });
      // Invented ids are not identities: without a session nothing is reserved, and a body viewerId is refused.
      const invented = await Promise.all(
        Array.from({ length: 60 }, (_, i) => call('POST', `/api/drops/${drop.id}/reservations`, { viewerId: `bot-${i}` }, { 'Idempotency-Key': `bot-${i}` })),
      );
      expect(invented.every((r) => r.status === 401 && r.json.error.code === 'SF420')).toBe(true);
      // Forged tokens are refused too.
      const forged = await call('POST', `/api/drops/${drop.id}/reservations`, {}, { 'Idempotency-Key': 'forged', ...bearer('vs1.v_bot.0.AAAA') });
      expect(forged.json.error.code).toBe('SF420');
      // Sessions from one address are rate-limited; the refusals say when to come back.
      const minted = await Promise.all(Array.from({ length: 60 }, () => call('POST', '/api/sessions')));
      const tokens = minted.filter((m) => m.status === 201).map((m) => m.json.token as string);
      expect(tokens).toHaveLength(5);
      const limited = minted.filter((m) => m.status === 429);
      expect(limited).toHaveLength(55);
      expect(limited.every((m) => m.json.error.code === 'SF421' && Number(m.headers.get('retry-after')) > 0)).toBe(true);
      // Each session may hold the per-viewer limit, however many requests it sends.
      const grabs = await Promise.all(
        tokens.flatMap((token, i) => Array.from({ length: 4 }, (_, j) => call('POST', `/api/drops/${drop.id}/reservations`, {}, { 'Idempotency-Key': `grab-${i}-${j}`, ...bearer(token) }))),
      );
      const held = grabs.filter((g) => g.status === 201).length;
      expect(held).toBeLessThanOrEqual(5);
      expect((await service.getDrop(drop.id)).reserved).toBe(held);
    });

    it('viewer B can neither read, confirm, cancel nor replay viewer A\'s reservation and order', async () => {
      const drop = await liveDrop();
      const a = await service.mintSession();
      const b = await service.mintSession();
      const asA = bearer(a.token);
      const asB = bearer(b.token);
      const reserved = await call('POST', `/api/drops/${drop.id}/reservations`, {}, { 'Idempotency-Key': 'a-reserve', ...asA });
      expect(reserved.status).toBe(201);
      expect(reserved.json.viewerId).toBe(a.session.viewerId);
      const id = reserved.json.id as string;

      expect((await call('GET', `/api/reservations/${id}`, undefined, asB)).status).toBe(404);
      expect((await call('GET', `/api/reservations/${id}`)).json.error.code).toBe('SF420');
      const paid = { consent: true, paymentMethod: 'pm_card_visa' };
      expect((await call('POST', `/api/reservations/${id}/confirm`, paid, { 'Idempotency-Key': 'b-confirm', ...asB })).json.error.code).toBe('SF407');
      expect((await call('POST', `/api/reservations/${id}/cancel`, {}, { 'Idempotency-Key': 'b-cancel', ...asB })).json.error.code).toBe('SF407');
      expect(await service.getReservation(id, producer)).toMatchObject({ status: 'pending' });

      const order = await call('POST', `/api/reservations/${id}/confirm`, paid, { 'Idempotency-Key': 'a-confirm', ...asA });
      expect(order.status).toBe(201);
      // Keys are scoped to the caller: B sending A's key gets no copy of A's answer.
      const replayByB = await call('POST', `/api/reservations/${id}/confirm`, paid, { 'Idempotency-Key': 'a-confirm', ...asB });
      expect(replayByB.status).toBe(404);
      expect(replayByB.json.id).toBeUndefined();
      expect((await call('GET', `/api/orders/${order.json.id}`, undefined, asB)).status).toBe(404);
      expect((await call('GET', `/api/orders/${order.json.id}`, undefined, asA)).json).toEqual(order.json);
      expect((await call('GET', `/api/orders/${order.json.id}`, undefined, { 'x-test-producer': 'yes' })).status).toBe(200);
      // A key is scoped to its endpoint and parameters: reusing it on another reservation is refused.
      const other = await liveDrop();
      const second = await service.reserve(other.id, {}, { idempotencyKey: key(), actor: viewer(a.session.viewerId) });
      const reused = await call('POST', `/api/reservations/${second.body.id}/confirm`, paid, { 'Idempotency-Key': 'a-confirm', ...asA });
      expect(reused.json.error.code).toBe('SF406');
      // Producer-only routes refuse viewers.
      expect((await call('POST', '/api/drops', {}, { 'Idempotency-Key': 'x', ...asA })).json.error.code).toBe('SF422');
      expect((await call('GET', `/api/drops/${drop.id}/funnel`, undefined, asA)).status).toBe(403);
    });

    it('charges before confirming: a declined card leaves the hold pending and makes no order', async () => {
      const drop = await liveDrop();
      const v = viewer('card-holder');
      const r = await service.reserve(drop.id, {}, { idempotencyKey: key(), actor: v });
      await expect(service.confirm(r.body.id, { consent: true, paymentMethod: 'pm_card_chargeDeclined' }, { idempotencyKey: key(), actor: v })).rejects.toMatchObject({
        code: 'SF423',
        status: 402,
      });
      await expect(service.confirm(r.body.id, { consent: true }, { idempotencyKey: key(), actor: v })).rejects.toMatchObject({ code: 'SF408', path: ['paymentMethod'] });
      expect(await service.getReservation(r.body.id, v)).toMatchObject({ status: 'pending' });
      const order = await service.confirm(r.body.id, { consent: true, paymentMethod: 'pm_card_visa' }, { idempotencyKey: key(), actor: v });
      const intent = payments.intents().find((i) => i.id === order.body.paymentIntentId);
      expect(intent).toMatchObject({ status: 'succeeded', amount: 2500, metadata: { reservationId: r.body.id } });
    });

    it('a storm gets quick 429s with Retry-After instead of timeouts; work for clients that hung up is not started', async () => {
      const drop = await liveDrop({ quantity: 20 });
      const tokens = await Promise.all(Array.from({ length: 120 }, async () => (await service.mintSession()).token));
      // The store stalls (a lock on the drop), so the admission queue fills up: 2 running, 4 waiting.
      let unstall!: () => void;
      const stalled = new Promise<void>((resolve) => (unstall = resolve));
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => (locked = resolve));
      const stall = sql.transaction(async (tx) => {
        await tx.query('SELECT id FROM drops WHERE id = $1 FOR UPDATE', [drop.id]);
        locked();
        await stalled;
      });
      await lockTaken;

      const clients = tokens.map((token, i) => {
        const hangUp = new AbortController();
        const reply = fetch(`${base}/api/drops/${drop.id}/reservations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'Idempotency-Key': `storm-${i}`, ...bearer(token) },
          body: '{}',
          signal: hangUp.signal,
        }).then(
          async (res) => ({ status: res.status, retryAfter: res.headers.get('retry-after'), json: (await res.json()) as { error: { code: string } } }),
          () => ({ status: 0, retryAfter: null, json: { error: { code: 'hung up' } } }),
        );
        const tracked = { hangUp, reply, done: false };
        void reply.then(() => (tracked.done = true));
        return tracked;
      });
      // Everyone beyond the queue is answered at once, while the store is still stalled.
      await expect.poll(() => clients.filter((c) => c.done).length, { timeout: 30_000 }).toBe(114);
      const shed = await Promise.all(clients.filter((c) => c.done).map((c) => c.reply));
      expect(shed.every((r) => r.status === 429 && r.json.error.code === 'SF421' && Number(r.retryAfter) >= 1)).toBe(true);

      // The six still waiting give up (a client timeout); the four in the queue are never started.
      const waiting = clients.filter((c) => !c.done);
      for (const c of waiting) c.hangUp.abort();
      await Promise.all(waiting.map((c) => c.reply));
      await expect.poll(() => handler.admission.abandoned, { timeout: 10_000 }).toBe(4);
      unstall();
      await stall;
      // Only the two already running when their clients left took a hold.
      await expect.poll(async () => (await service.getDrop(drop.id)).reserved, { timeout: 10_000 }).toBe(2);
      const made = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM reservations WHERE drop_id = $1', [drop.id]);
      expect(made[0].n).toBe(2);

      // A shed viewer retrying with the same key later is served; nothing is oversold.
      const i = clients.findIndex((c) => c.done && !waiting.includes(c));
      const retried = await call('POST', `/api/drops/${drop.id}/reservations`, {}, { 'Idempotency-Key': `storm-${i}`, ...bearer(tokens[i]) });
      expect(retried.status).toBe(201);
      expect(await service.funnel(drop.id)).toMatchObject({ reservations: 3, oversoldUnits: 0, ledgerBalanced: true });
    });

    it('a storm of viewers at once: everyone is answered, the overflow with 429 + Retry-After decided before any store work', async () => {
      const drop = await liveDrop({ quantity: 20 });
      const viewers = 150;
      const tokens = await Promise.all(Array.from({ length: viewers }, async () => (await service.mintSession()).token));
      // No stall this time: the store is simply slower than 150 requests arriving together.
      const answers = await Promise.all(
        tokens.map((token, i) =>
          fetch(`${base}/api/drops/${drop.id}/reservations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'Idempotency-Key': `wave-${drop.id}-${i}`, ...bearer(token) },
            body: '{}',
            // Only a guard against a hung test: every client must get an answer, not give up.
            signal: AbortSignal.timeout(120_000),
          }).then(
            async (res) => ({ status: res.status, retryAfter: res.headers.get('retry-after'), code: ((await res.json()) as { error?: { code: string } }).error?.code }),
            (error: Error) => ({ status: 0, retryAfter: null, code: error.name }),
          ),
        ),
      );
      expect(answers.filter((a) => a.status === 0)).toEqual([]);
      const shed = answers.filter((a) => a.status === 429);
      expect(shed.length).toBeGreaterThan(0);
      expect(shed.every((a) => a.code === 'SF421' && Number(a.retryAfter) >= 1)).toBe(true);
      // Everyone else got a real answer: a hold, or sold out / all held.
      const served = answers.filter((a) => a.status !== 429);
      expect(served.every((a) => a.status === 201 || (a.status === 409 && (a.code === 'SF401' || a.code === 'SF426')))).toBe(true);
      // A refused request never reached the store: only the served ones claimed their key.
      const claimed = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys WHERE key LIKE $1', [`wave-${drop.id}-%`]);
      expect(claimed[0].n).toBe(served.length);
      const held = answers.filter((a) => a.status === 201).length;
      expect(held).toBeLessThanOrEqual(20);
      expect(await service.funnel(drop.id)).toMatchObject({ reservations: held, oversoldUnits: 0, ledgerBalanced: true });
    });

    it('an overloaded shop answers 429 before reading a request\'s body', async () => {
      const drop = await liveDrop({ quantity: 20 });
      const tokens = await Promise.all(Array.from({ length: 7 }, async () => (await service.mintSession()).token));
      let unstall!: () => void;
      const stalled = new Promise<void>((resolve) => (unstall = resolve));
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => (locked = resolve));
      const stall = sql.transaction(async (tx) => {
        await tx.query('SELECT id FROM drops WHERE id = $1 FOR UPDATE', [drop.id]);
        locked();
        await stalled;
      });
      await lockTaken;
      // Two run (stuck on the lock) and four wait: the queue is full.
      const inLine = tokens.slice(0, 6).map((token, i) =>
        call('POST', `/api/drops/${drop.id}/reservations`, {}, { 'Idempotency-Key': `line-${drop.id}-${i}`, ...bearer(token) }),
      );
      await expect.poll(() => handler.admission.queued, { timeout: 30_000 }).toBe(4);
      // The seventh announces a body and sends only its first byte.
      const url = new URL(`${base}/api/drops/${drop.id}/reservations`);
      const slow = request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '1000', 'Idempotency-Key': `slow-${drop.id}`, ...bearer(tokens[6]) },
      });
      const answered = new Promise<{ status: number; retryAfter: string | undefined; body: string }>((resolve, reject) => {
        slow.on('response', (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body }));
        });
        slow.on('error', reject);
      });
      slow.write('{');
      const reply = await answered;
      slow.destroy();
      expect(reply.status).toBe(429);
      expect(JSON.parse(reply.body).error.code).toBe('SF421');
      expect(Number(reply.retryAfter)).toBeGreaterThanOrEqual(1);
      unstall();
      await stall;
      const line = await Promise.all(inLine);
      expect(line.every((r) => r.status === 201)).toBe(true);
      expect(await service.funnel(drop.id)).toMatchObject({ reservations: 6, oversoldUnits: 0 });
    });

    it('a redeploy with a new price edits the drop, and a restart 25 h later keeps the stock', async () => {
      const slot = `showflow.drop:show-${name}:tee`;
      const sku = `TEE-${name}`;
      const definition = (priceCents: number): CreateDropInput => ({
        sku,
        title: 'Tour tee',
        quantity: 100,
        priceCents,
        currency: 'EUR',
        startsAt: iso(clock.now()),
        endsAt: iso(clock.now() + 48 * 3_600_000),
        perViewerLimit: 2,
        reservationTtlSeconds: 120,
      });
      const first = await service.ensureDrop(slot, definition(3000));
      const v = viewer('fan');
      const r = await service.reserve(first.id, {}, { idempotencyKey: key(), actor: v });
      await service.confirm(r.body.id, { consent: true, paymentMethod: 'pm_card_visa' }, { idempotencyKey: key(), actor: v });

      const repriced = await service.ensureDrop(slot, definition(2500));
      expect(repriced).toMatchObject({ id: first.id, stock: 100, sold: 1, available: 99, price: { unitCents: 2500 } });
      expect(await service.getProduct(sku)).toMatchObject({ onHand: 0 });

      clock.advance(25 * 3_600_000);
      const restarted = await createCommerceService({ sql, clock: clock.now, payments });
      const again = await restarted.ensureDrop(slot, definition(2500));
      expect(again).toMatchObject({ id: first.id, stock: 100, sold: 1, available: 99 });
      expect(await restarted.getProduct(sku)).toMatchObject({ onHand: 0 });
      const units = await sql.query<{ units: number }>('SELECT coalesce(sum(stock), 0)::int AS units FROM drops WHERE sku = $1', [sku]);
      expect(units[0].units).toBe(100);

      // Ending it gives the unsold units back to the product; nothing is lost or made.
      await restarted.endDrop(first.id, { idempotencyKey: key() });
      expect(await restarted.getProduct(sku)).toMatchObject({ onHand: 99 });
      expect(await restarted.getDrop(first.id)).toMatchObject({ status: 'ended', stock: 1, sold: 1 });
    });

    it('unpaid or unfit tips never reach the stream', async () => {
      seen.length = 0;
      const tipper = viewer('tipper');
      const tip = (body: Record<string, unknown>) =>
        service.tip({ channel: 'show', amountCents: 100_000, currency: 'EUR', message: 'big fan', ...body } as never, { idempotencyKey: key(), actor: tipper });
      await expect(tip({})).rejects.toMatchObject({ code: 'SF408', path: ['paymentMethod'] });
      await expect(tip({ paymentMethod: 'pm_card_chargeDeclined' })).rejects.toMatchObject({ code: 'SF423' });
      await expect(tip({ paymentMethod: 'pm_card_visa', message: 'visit https://spam.example' })).rejects.toMatchObject({ code: 'SF424', path: ['message'] });
      await expect(tip({ paymentMethod: 'pm_card_visa', message: 'x'.repeat(141) })).rejects.toMatchObject({ code: 'SF408', path: ['message'] });
      expect(seen.filter((e) => e.type === 'tipped')).toEqual([]);
      const rows = await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM tips WHERE viewer_id = 'tipper'");
      expect(rows[0].n).toBe(0);
      // Over HTTP a tip needs a session, whatever the body says.
      expect((await call('POST', '/api/tips', { channel: 'show', amountCents: 100, currency: 'EUR', paymentMethod: 'pm_card_visa' }, { 'Idempotency-Key': key() })).status).toBe(401);

      const paid = await tip({ paymentMethod: 'pm_card_visa', message: 'great\u202e show\u0007' });
      expect(paid.body).toMatchObject({ status: 'paid', message: 'great show', paymentIntentId: expect.stringMatching(/^pi_test_/) });
      expect(seen.filter((e) => e.type === 'tipped')).toHaveLength(1);
    });

    it('holds survive an outage: they are extended by the time the service was down', async () => {
      const drop = await liveDrop({ reservationTtlSeconds: 60 });
      const v = viewer('patient');
      const r = await service.reserve(drop.id, {}, { idempotencyKey: key(), actor: v });
      // The running service's sweeper proves it is alive...
      service.startSweeper({ intervalMs: 10 });
      await expect
        .poll(async () => (await sql.query<{ seen_at: Date | string }>('SELECT seen_at FROM service_heartbeat'))[0]?.seen_at && new Date((await sql.query<{ seen_at: Date | string }>('SELECT seen_at FROM service_heartbeat'))[0].seen_at).getTime(), { timeout: 20_000 })
        .toBe(clock.now());
      await service.stopSweeper();
      // ...then it is down for 10 minutes, far longer than the 60 s hold.
      clock.advance(10 * 60_000);
      const restarted = await createCommerceService({ sql, clock: clock.now, payments });
      expect(restarted.outageMs).toBe(10 * 60_000);
      const held = await restarted.getReservation(r.body.id, v);
      expect(held).toMatchObject({ status: 'pending', expiresAt: iso(Date.parse(r.body.expiresAt) + 10 * 60_000) });
      await expect(restarted.confirm(r.body.id, { consent: true, paymentMethod: 'pm_card_visa' }, { idempotencyKey: key(), actor: v })).resolves.toMatchObject({ status: 201 });
    });
  });
}
