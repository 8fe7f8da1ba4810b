import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveMetricsMessage } from '@showflow/shared';
import { bearer, clientWith, tokenFor } from '../fixtures/auth.ts';
import { listen, type RuntimeServer } from '../../src/api/http.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { chainDocument } from '../fixtures/documents.ts';
import { testApp } from '../fixtures/app.ts';
import { sseMessages } from '../fixtures/sse.ts';

const isStopped = (m: LiveMetricsMessage) => 'stopped' in m;

describe('metrics.live follows a pipeline that stops and runs again', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  let token: string;

  beforeAll(async () => {
    app = await testApp();
    server = await listen(app, 0, '127.0.0.1');
    token = await tokenFor(app, 'owner');
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  it('says stopped once when the pipeline stops, and streams readouts again when it starts', async () => {
    const client = clientWith(server.url, token);
    await client.pipelines.create.mutate({ name: 'Late show', id: 'late' });
    await client.pipelines.save.mutate({ document: chainDocument('late') });
    await client.pipelines.deploy.mutate({ id: 'late' });
    const controller = new AbortController();
    const input = encodeURIComponent(JSON.stringify({ pipelineId: 'late' }));
    const res = await fetch(`${server.url}/trpc/metrics.live?input=${input}`, { headers: { accept: 'text/event-stream', ...bearer(token) }, signal: controller.signal });
    const stream = sseMessages<LiveMetricsMessage>(res.body!);
    try {
      expect((await stream.until(() => true)).some(isStopped)).toBe(false);

      await client.show.stop.mutate({ id: 'late' });
      const toStop = await stream.until(isStopped);
      expect(toStop.at(-1)).toMatchObject({ pipelineId: 'late', stopped: true });

      await client.show.start.mutate({ id: 'late' });
      // Readouts again, and no further "stopped" in between.
      const toRun = await stream.until((m) => !isStopped(m));
      expect(toRun.filter(isStopped)).toEqual([]);
      expect(toRun.at(-1)).toMatchObject({ pipelineId: 'late', version: 1 });
    } finally {
      controller.abort();
    }
  });

  it('says stopped at once to a stream opened on a pipeline that does not run', async () => {
    const client = clientWith(server.url, token);
    await client.pipelines.create.mutate({ name: 'Draft', id: 'draft' });
    const controller = new AbortController();
    const input = encodeURIComponent(JSON.stringify({ pipelineId: 'draft' }));
    const res = await fetch(`${server.url}/trpc/metrics.live?input=${input}`, { headers: { accept: 'text/event-stream', ...bearer(token) }, signal: controller.signal });
    try {
      expect(await sseMessages<LiveMetricsMessage>(res.body!).until(() => true)).toEqual([expect.objectContaining({ pipelineId: 'draft', stopped: true })]);
    } finally {
      controller.abort();
    }
  });
});
