import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { builtinNodes } from '@showflow/nodes';
import { defineNode, NodeCatalog, type ShowEvent } from '@showflow/nodes/sdk';
import type { PipelineDocumentInput } from '@showflow/shared';
import { clientWith, tokenFor } from '../fixtures/auth.ts';
import { listen } from '../../src/api/http.ts';
import { createLogger } from '../../src/log.ts';
import { commerceModule } from '../../src/modules/commerce.ts';
import { createApp } from '../../src/service/app.ts';

/** Every event that reached it, for the test to read: the node's events as the pipeline carries them. */
export const seenEvents: ShowEvent[] = [];
const eventLog = defineNode({
  type: 'test.event-log',
  typeVersion: 1,
  title: 'Event log',
  category: 'output',
  description: 'Keeps the events it receives',
  inputs: { event: { type: 'event' } },
  outputs: {},
  config: z.object({}),
  budgetMs: 5,
  run(ctx) {
    if (ctx.inputs.event) seenEvents.push(ctx.inputs.event);
  },
});

/** A runtime with the real commerce module (PGlite in a temp folder unless DATABASE_URL is set), over real HTTP. */
export async function startCommerceRuntime() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'showflow-commerce-'));
  const log = createLogger('error');
  const catalog = new NodeCatalog(builtinNodes, 'builtin');
  for (const def of [...commerceModule.nodes, eventLog]) catalog.register(def, 'test');
  const module = await commerceModule.open({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'error', extraNodesDirs: [] }, log);
  const app = await createApp({ catalog, dataDir, log, modules: [module] });
  const server = await listen(app, 0, '127.0.0.1');
  const token = await tokenFor(app, 'producer');
  const client = clientWith(server.url, token);
  return {
    app,
    server,
    client,
    token,
    async close() {
      await server.close();
      await app.close();
    },
  };
}

/** camera → compose (drop overlay) → program, with the drop's events logged. */
export function liveDropDocument(id: string): PipelineDocumentInput {
  return {
    schemaVersion: 1,
    id,
    name: 'Live drop test',
    nodes: [
      { id: 'camera', type: 'showflow.synthetic-capture', typeVersion: 1, config: { width: 320, height: 180, fps: 10, noise: 0 }, position: { x: 0, y: 0 } },
      { id: 'hoodie', type: 'showflow.drop', typeVersion: 1, config: { title: 'Hoodie', quantity: 10, priceCents: 4900, durationSeconds: 600, size: 14 }, position: { x: 0, y: 100 } },
      { id: 'compose', type: 'showflow.compose', typeVersion: 2, config: { x: 8 / 320, y: 8 / 180, designHeight: 180 }, position: { x: 200, y: 0 } },
      { id: 'program', type: 'showflow.preview', typeVersion: 1, config: {}, position: { x: 400, y: 0 } },
      { id: 'log', type: 'test.event-log', typeVersion: 1, config: {}, position: { x: 200, y: 100 } },
    ],
    edges: [
      { id: 'e1', from: { node: 'camera', port: 'frame' }, to: { node: 'compose', port: 'frame' } },
      { id: 'e2', from: { node: 'hoodie', port: 'overlay' }, to: { node: 'compose', port: 'overlay' } },
      { id: 'e3', from: { node: 'compose', port: 'out' }, to: { node: 'program', port: 'frame' } },
      { id: 'e4', from: { node: 'hoodie', port: 'events' }, to: { node: 'log', port: 'event' } },
    ],
  };
}

/** A JSON request to the runtime, answering status, replay header and body. */
export async function rest(base: string, method: 'GET' | 'POST', url: string, body?: unknown, key?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, replayed: res.headers.get('idempotent-replayed') === 'true', json: text ? JSON.parse(text) : null };
}

/** Polls an async check until it gives a value; only the test timeout bounds it. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
