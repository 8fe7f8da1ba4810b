import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@showflow/live/testing';
import { appRouter } from '../../src/api/router.ts';
import { createCallerFactory } from '../../src/api/trpc.ts';
import type { RuntimeServer } from '../../src/api/http.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { contextAs } from '../fixtures/auth.ts';
import { programDocument, programOutRuntime } from '../fixtures/program-out.ts';

const createCaller = createCallerFactory(appRouter);
const SHOW = 'air-show';

// A producer runs a show: on air, off air (the show keeps running), stop, start, delete.
describe('on air, off air, stop, start and delete with the state the runtime reports', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  let producer: ReturnType<typeof createCaller>;
  let viewer: ReturnType<typeof createCaller>;
  const playlist = () => fetch(`${server.url}/live/program/${SHOW}/hls/index.m3u8`).then((r) => r.status);
  const processed = (nodeId: string) => app.engine.metrics(SHOW)?.nodes.find((n) => n.nodeId === nodeId)?.processed ?? 0;

  beforeAll(async () => {
    ({ app, server } = await programOutRuntime());
    producer = createCaller(contextAs(app, 'producer'));
    viewer = createCaller(contextAs(app, 'viewer'));
    await app.deployments.save(programDocument(SHOW, { keyframeIntervalS: 1 }));
    await app.deployments.deploy(SHOW);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  it('reports on air once deployed, with frames reaching the program encoder', async () => {
    await waitFor(async () => ((await viewer.show.air({ id: SHOW })).program?.framesIn ?? 0) > 5, 'frames at the program output', 30_000);
    const state = await viewer.show.air({ id: SHOW });
    expect(state).toMatchObject({ onAir: true, heldOffAir: false, hasProgramOut: true, run: { state: 'running', version: 1 }, activeVersion: 1 });
    await waitFor(async () => (await playlist()) === 200, 'the HLS playlist', 30_000);
  }, 60_000);

  it('refuses a viewer, and refuses to delete a show on air (SF655)', async () => {
    await expect(viewer.show.offAir({ id: SHOW })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(producer.pipelines.delete({ id: SHOW })).rejects.toMatchObject({ code: 'CONFLICT', cause: { code: 'SF655' } });
    expect((await viewer.show.air({ id: SHOW })).onAir).toBe(true);
  });

  it('takes it off air: the program closes for audiences while the show keeps running, also across a new deploy', async () => {
    const state = await producer.show.offAir({ id: SHOW });
    expect(state).toMatchObject({ onAir: false, heldOffAir: true, program: null, run: { state: 'running' } });
    await waitFor(async () => (await playlist()) === 404, 'the HLS playlist to go away', 20_000);
    const before = processed('picture');
    await waitFor(() => processed('picture') > before + 5, 'the picture to keep running off air', 20_000);

    const next = programDocument(SHOW, { keyframeIntervalS: 1, videoKbps: 700 });
    expect((await producer.pipelines.deploy({ id: SHOW, document: next })).version).toBe(2);
    expect(await viewer.show.air({ id: SHOW })).toMatchObject({ onAir: false, heldOffAir: true, activeVersion: 2 });
    expect(app.services.get('program-out')).toBeDefined();
  }, 60_000);

  it('puts it back on air: the program output opens again', async () => {
    const state = await producer.show.onAir({ id: SHOW });
    expect(state).toMatchObject({ onAir: true, heldOffAir: false, activeVersion: 2 });
    await waitFor(async () => ((await viewer.show.air({ id: SHOW })).program?.framesIn ?? 0) > 5, 'frames at the program output again', 30_000);
    await waitFor(async () => (await playlist()) === 200, 'the HLS playlist again', 30_000);
  }, 60_000);

  it('stops (recorded, so it stays stopped), refuses on air while stopped (SF656), starts the same version, deletes once stopped', async () => {
    expect(await producer.show.stop({ id: SHOW })).toMatchObject({ onAir: false, run: { state: 'stopped' }, activeVersion: null });
    expect((await viewer.pipelines.get({ id: SHOW })).activeVersion).toBeNull();
    await expect(producer.show.onAir({ id: SHOW })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', cause: { code: 'SF656' } });

    expect(await producer.show.start({ id: SHOW })).toMatchObject({ onAir: true, run: { state: 'running', version: 2 }, activeVersion: 2 });
    await producer.show.stop({ id: SHOW });
    expect(await producer.pipelines.delete({ id: SHOW })).toEqual({ ok: true });
    await expect(viewer.pipelines.get({ id: SHOW })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 60_000);

  it('refuses on air for a version without a program output (SF657)', async () => {
    const doc = programDocument('silent-show');
    await app.deployments.save({ ...doc, nodes: doc.nodes.filter((n) => n.id !== 'program'), edges: [] });
    await app.deployments.deploy('silent-show');
    await expect(producer.show.onAir({ id: 'silent-show' })).rejects.toMatchObject({ cause: { code: 'SF657' } });
    expect(await viewer.show.air({ id: 'silent-show' })).toMatchObject({ onAir: false, hasProgramOut: false, run: { state: 'running' } });
  });
});
