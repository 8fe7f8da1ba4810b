import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cueStartsAt } from '../src/cue-start.ts';
import { fenceOf, pipelineFenceServiceName } from '../src/nodes/fence.ts';
import { createCommerceService, type CommerceService } from '../src/service.ts';
import type { Sql } from '../src/sql/types.ts';
import { iso, manualClock, pgliteBackend, postgresBackend, useBackend, type Backend } from './support.ts';

// A drop's cues carry the fencing token of the lease under which the pipeline runs; after a
// takeover (a larger token has acted) the old owner's cues are refused and write nothing.
for (const backend of [postgresBackend, pgliteBackend] satisfies Backend[]) {
  describe(`fenced drop cues on ${backend.name}`, () => {
    const store = useBackend(backend);
    const clock = manualClock();
    let sql: Sql;
    let service: CommerceService;

    beforeAll(async () => {
      sql = store();
      service = await createCommerceService({ sql, clock: clock.now });
    });
    afterAll(async () => {
      await service?.close();
    });

    const input = (sku: string) => ({
      sku,
      title: 'Signed poster',
      quantity: 10,
      priceCents: 2500,
      currency: 'EUR',
      startsAt: cueStartsAt,
      endsAt: iso(Date.parse(cueStartsAt) + 600_000),
      perViewerLimit: 1,
      reservationTtlSeconds: 60,
    });
    const keys = async () => Number((await sql.query<{ n: string | number }>('SELECT count(*) AS n FROM idempotency_keys'))[0].n);
    const fenceRow = async (pipelineId: string) => (await sql.query<{ token: string | number }>('SELECT token FROM pipeline_fences WHERE pipeline_id = $1', [pipelineId]))[0]?.token;

    it('refuses a cue under an older lease after a newer owner set its drop up, and writes nothing', async () => {
      // The old owner (token 4) set the drop up; then a new owner (token 5) took over and started the node again.
      const drop = await service.ensureDrop('slot-show-a', input('POSTER-A'), { fence: { pipelineId: 'show-a', token: 4 } });
      await service.ensureDrop('slot-show-a', input('POSTER-A'), { fence: { pipelineId: 'show-a', token: 5 } });
      expect(Number(await fenceRow('show-a'))).toBe(5);

      const before = await keys();
      const stale = service.startDrop(drop.id, { idempotencyKey: 'cue:old-owner', fence: { pipelineId: 'show-a', token: 4 } });
      await expect(stale).rejects.toMatchObject({ code: 'SF427', status: 409, message: expect.stringContaining('token 4 is stale') });
      // Nothing written: the drop still waits for its cue, no idempotency key was stored, the fence stays.
      expect(await service.getDrop(drop.id)).toMatchObject({ status: 'scheduled', startsOnCue: true });
      expect(await keys()).toBe(before);
      expect(Number(await fenceRow('show-a'))).toBe(5);

      // The same key from the current owner then works (nothing was stored under it), and later owners move the fence on.
      const started = await service.startDrop(drop.id, { idempotencyKey: 'cue:old-owner', fence: { pipelineId: 'show-a', token: 5 } });
      expect(started).toMatchObject({ replayed: false, body: { status: 'live' } });
      await expect(service.endDrop(drop.id, { idempotencyKey: 'end:older', fence: { pipelineId: 'show-a', token: 3 } })).rejects.toMatchObject({ code: 'SF427' });
      expect((await service.getDrop(drop.id)).status).toBe('live');
      const ended = await service.endDrop(drop.id, { idempotencyKey: 'end:newer', fence: { pipelineId: 'show-a', token: 6 } });
      expect(ended.body.status).toBe('ended');
      expect(Number(await fenceRow('show-a'))).toBe(6);
    });

    it('keeps pipelines apart and leaves unfenced cues (a runtime running alone) as they were', async () => {
      await service.ensureDrop('slot-show-b', input('POSTER-B'), { fence: { pipelineId: 'show-b', token: 1 } });
      const other = await service.ensureDrop('slot-show-c', input('POSTER-C'));
      expect(await fenceRow('show-c')).toBeUndefined();
      expect((await service.startDrop(other.id, { idempotencyKey: 'cue:alone' })).body.status).toBe('live');
      await expect(service.ensureDrop('slot-show-b', input('POSTER-B'), { fence: { pipelineId: 'show-b', token: 0 } })).rejects.toMatchObject({ code: 'SF408' });
    });
  });
}

describe('the fence a drop node sends', () => {
  const ctx = (services: Record<string, unknown>) => ({ pipelineId: 'show-a', services: { get: (name: string) => services[name] } });

  it('is none on a runtime alone, the held lease’s token when shared, and a refusal once the lease is lost', () => {
    expect(fenceOf(ctx({}))).toBeUndefined();
    expect(fenceOf(ctx({ [pipelineFenceServiceName]: { current: () => 7 } }))).toEqual({ pipelineId: 'show-a', token: 7 });
    expect(() => fenceOf(ctx({ [pipelineFenceServiceName]: { current: () => undefined } }))).toThrow(expect.objectContaining({ code: 'SF427' }));
  });
});
