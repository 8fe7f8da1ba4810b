import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@showflow/live/testing';
import { appRouter } from '../../src/api/router.ts';
import { createCallerFactory } from '../../src/api/trpc.ts';
import type { RuntimeServer } from '../../src/api/http.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { contextAs } from '../fixtures/auth.ts';
import { tempDataDir } from '../fixtures/app.ts';
import { programDocument, programOutRuntime } from '../fixtures/program-out.ts';

const createCaller = createCallerFactory(appRouter);
const SHOW = 'restart-show';

// A producer took the show off air; the runtime restarts (crash, upgrade): it must not go back on air by itself.
describe('off air across a runtime restart', () => {
  const dataDir = tempDataDir();
  let running: { app: ShowflowApp; server: RuntimeServer } | undefined;

  const start = async () => {
    running = await programOutRuntime({}, dataDir);
    const { app, server } = running;
    return {
      app,
      producer: createCaller(contextAs(app, 'producer')),
      playlist: () => fetch(`${server.url}/live/program/${SHOW}/hls/index.m3u8`).then((r) => r.status),
    };
  };
  const restart = async () => {
    await running?.server.close();
    await running?.app.close();
    running = undefined;
    return start();
  };

  afterEach(async () => {
    await running?.server.close();
    await running?.app.close();
    running = undefined;
  });

  it('stays off air after a restart on the same data folder, and back on air once put back', async () => {
    let rt = await start();
    await rt.app.deployments.save(programDocument(SHOW, { keyframeIntervalS: 1 }));
    await rt.app.deployments.deploy(SHOW);
    expect(await rt.producer.show.offAir({ id: SHOW })).toMatchObject({ onAir: false, heldOffAir: true });
    expect((await rt.app.store.getPipeline(SHOW))?.offAir).toBe(true);

    rt = await restart();
    expect(await rt.producer.show.air({ id: SHOW })).toMatchObject({ onAir: false, heldOffAir: true, program: null, run: { state: 'running', version: 1 } });
    expect(await rt.playlist()).toBe(404);
    // The show itself runs for the control room.
    await waitFor(() => (rt.app.engine.metrics(SHOW)?.nodes.find((n) => n.nodeId === 'picture')?.processed ?? 0) > 5, 'the picture to run off air', 20_000);
    // A new version deployed after the restart is still held off air.
    expect((await rt.producer.pipelines.deploy({ id: SHOW, document: programDocument(SHOW, { keyframeIntervalS: 1, videoKbps: 700 }) })).version).toBe(2);
    expect(await rt.producer.show.air({ id: SHOW })).toMatchObject({ onAir: false, heldOffAir: true, activeVersion: 2 });

    expect(await rt.producer.show.onAir({ id: SHOW })).toMatchObject({ onAir: true, heldOffAir: false });
    rt = await restart();
    expect(await rt.producer.show.air({ id: SHOW })).toMatchObject({ onAir: true, heldOffAir: false, activeVersion: 2 });
    await waitFor(async () => (await rt.playlist()) === 200, 'the HLS playlist after the restart', 30_000);
  }, 120_000);

  it('forgets off air when the producer stops the show: started again, it is on air', async () => {
    let rt = await start();
    await rt.app.deployments.save(programDocument(SHOW, { keyframeIntervalS: 1 }));
    await rt.app.deployments.deploy(SHOW);
    await rt.producer.show.offAir({ id: SHOW });
    await rt.producer.show.stop({ id: SHOW });
    expect((await rt.app.store.getPipeline(SHOW))?.offAir).toBeUndefined();
    rt = await restart();
    expect(await rt.producer.show.start({ id: SHOW })).toMatchObject({ onAir: true, heldOffAir: false });
  }, 120_000);

  it('a show deleted while off air and created again under its id starts on air', async () => {
    const rt = await start();
    await rt.app.deployments.save(programDocument(SHOW, { keyframeIntervalS: 1 }));
    await rt.app.deployments.deploy(SHOW);
    await rt.producer.show.offAir({ id: SHOW });
    expect(await rt.producer.pipelines.delete({ id: SHOW })).toEqual({ ok: true });
    await rt.app.deployments.save(programDocument(SHOW, { keyframeIntervalS: 1 }));
    await rt.app.deployments.deploy(SHOW);
    expect(await rt.producer.show.air({ id: SHOW })).toMatchObject({ onAir: true, heldOffAir: false });
  }, 120_000);
});
