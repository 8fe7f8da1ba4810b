import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommerceHandler } from '../src/http/handler.ts';
import { createCommerceService, type CommerceService } from '../src/service.ts';
import type { Sql } from '../src/sql/types.ts';
import { iso, manualClock } from './support.ts';

/** The REST surface over a real http.Server on an ephemeral port. */
export function describeHttpSuite(name: string, store: () => Sql) {
  describe(`commerce HTTP handler on ${name}`, () => {
    const clock = manualClock();
    let sql: Sql;
    let service: CommerceService;
    let server: Server;
    let base: string;
    let keySeq = 0;

    beforeAll(async () => {
      sql = store();
      service = await createCommerceService({ sql, clock: clock.now });
      // The host's sign-in decides who the producer is; here a test header stands in for it.
      const handle = createCommerceHandler(service, { onError: () => {}, isProducer: (req) => req.headers['x-test-producer'] === 'yes' });
      server = createServer(async (req, res) => {
        if (!(await handle(req, res))) {
          res.writeHead(418).end('not commerce');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
    });

    async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const res = await fetch(base + path, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: res.status, json: json as Record<string, any>, headers: res.headers, text };
    }
    const producerHeaders = { 'x-test-producer': 'yes' };
    /** As the producer. */
    const post = (path: string, body: unknown, key = `k-${++keySeq}`) => call('POST', path, body, { 'Idempotency-Key': key, ...producerHeaders });
    /** A fresh viewer session; answers a POST helper acting as that viewer. */
    async function newViewer() {
      const minted = await call('POST', '/api/sessions', undefined);
      expect(minted.status).toBe(201);
      const auth = { authorization: `Bearer ${minted.json.token as string}` };
      return {
        viewerId: minted.json.viewerId as string,
        auth,
        post: (path: string, body: unknown, key = `k-${++keySeq}`) => call('POST', path, body, { 'Idempotency-Key': key, ...auth }),
        get: (path: string) => call('GET', path, undefined, auth),
      };
    }

    let skuSeq = 0;
    const newDrop = () => ({
      sku: `MUG-${name}-${++skuSeq}`,
      title: 'Studio mug',
      quantity: 2,
      priceCents: 1800,
      currency: 'USD',
      startsAt: iso(clock.now()),
      endsAt: iso(clock.now() + 600_000),
    });

    it('runs a drop from creation to order', async () => {
      const created = await post('/api/drops', newDrop());
      expect(created.status).toBe(201);
      const ana = await newViewer();
      const ben = await newViewer();
      const dropId = created.json.id as string;
      const live = await call('GET', `/api/drops/${dropId}`);
      expect(live.status).toBe(200);
      expect(live.json).toMatchObject({ status: 'live', available: 2, sold: 0, price: { unitCents: 1800, currency: 'USD' } });

      const reserved = await ana.post(`/api/drops/${dropId}/reservations`, {});
      expect(reserved.status).toBe(201);
      expect(reserved.json).toMatchObject({ status: 'pending', quantity: 1, unitPriceCents: 1800 });

      const noConsent = await ana.post(`/api/reservations/${reserved.json.id}/confirm`, {});
      expect(noConsent.status).toBe(400);
      expect(noConsent.json.error).toMatchObject({ code: 'SF405', path: ['consent'] });

      const confirmed = await ana.post(`/api/reservations/${reserved.json.id}/confirm`, { consent: true });
      expect(confirmed.status).toBe(201);
      const order = await ana.get(`/api/orders/${confirmed.json.id}`);
      expect(order.status).toBe(200);
      expect(order.json).toEqual(confirmed.json);
      expect((await call('GET', `/api/drops/${dropId}`)).json).toMatchObject({ available: 1, sold: 1 });

      const other = await ben.post(`/api/drops/${dropId}/reservations`, {});
      const cancelled = await ben.post(`/api/reservations/${other.json.id}/cancel`, undefined);
      expect(cancelled.status).toBe(200);
      expect(cancelled.json.status).toBe('cancelled');
      expect((await call('GET', `/api/drops/${dropId}/funnel`, undefined, producerHeaders)).json).toMatchObject({ reservations: 2, orders: 1, cancelled: 1, oversoldUnits: 0 });
    });

    it('replays byte-identical responses and refuses a reused key with another body', async () => {
      const drop = newDrop();
      const created = await post('/api/drops', drop, 'drop-key');
      const again = await post('/api/drops', drop, 'drop-key');
      expect(again.status).toBe(created.status);
      expect(again.text).toBe(created.text);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(created.headers.get('idempotent-replayed')).toBeNull();
      const reused = await post('/api/drops', { ...drop, quantity: 3 }, 'drop-key');
      expect(reused.status).toBe(422);
      expect(reused.json.error.code).toBe('SF406');
    });

    it('answers bad input with 400, a code and a path, and keeps serving', async () => {
      const malformed = await call('POST', '/api/drops', '{"sku": ', { 'Idempotency-Key': 'm1', ...producerHeaders });
      expect(malformed.status).toBe(400);
      expect(malformed.json.error).toMatchObject({ code: 'SF408', path: ['body'] });

      const missingKey = await call('POST', '/api/drops', newDrop(), producerHeaders);
      expect(missingKey.status).toBe(400);
      expect(missingKey.json.error).toMatchObject({ code: 'SF408', path: ['headers', 'Idempotency-Key'] });

      const badField = await post('/api/drops', { ...newDrop(), quantity: -1 });
      expect(badField.status).toBe(400);
      expect(badField.json.error).toMatchObject({ code: 'SF408', path: ['quantity'] });

      const unknownField = await post('/api/drops', { ...newDrop(), colour: 'red' });
      expect(unknownField.status).toBe(400);

      const array = await (await newViewer()).post('/api/drops/x/reservations', [1, 2]);
      expect(array.status).toBe(400);

      expect((await call('GET', '/api/drops/nope')).json.error.code).toBe('SF407');
      expect((await call('GET', '/api/drops/nope')).status).toBe(404);
      expect((await call('GET', '/api/orders/nope', undefined, producerHeaders)).status).toBe(404);
      expect((await call('GET', '/api/drops/a/b/c')).status).toBe(404);
      expect((await call('GET', '/api/drops/%E0%A4%A')).status).toBe(400);
      const wrongMethod = await call('DELETE', '/api/drops/x');
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get('allow')).toBe('GET');

      const notOurs = await call('GET', '/api/pipelines');
      expect(notOurs.status).toBe(418);
      expect((await call('GET', '/api/dropsy')).status).toBe(418);
    });

    it('maps domain refusals to their statuses', async () => {
      const v = await newViewer();
      const v1 = await newViewer();
      const v2 = await newViewer();
      const created = await post('/api/drops', { ...newDrop(), quantity: 1, startsAt: iso(clock.now() + 60_000), endsAt: iso(clock.now() + 120_000) });
      const early = await v.post(`/api/drops/${created.json.id}/reservations`, {});
      expect(early.status).toBe(409);
      expect(early.json.error.code).toBe('SF403');
      clock.advance(60_000);
      await v1.post(`/api/drops/${created.json.id}/reservations`, {});
      const soldOut = await v2.post(`/api/drops/${created.json.id}/reservations`, {}, 'sold-out-key');
      expect(soldOut.status).toBe(409);
      expect(soldOut.json.error.code).toBe('SF426');
      const replayed = await v2.post(`/api/drops/${created.json.id}/reservations`, {}, 'sold-out-key');
      expect(replayed.text).toBe(soldOut.text);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    });
  });
}
