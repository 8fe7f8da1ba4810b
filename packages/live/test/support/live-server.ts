import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIngestGateway, type IngestGateway, type IngestGatewayOptions } from '../../src/gateway.ts';
import { createLiveHandler } from '../../src/http-handler.ts';
import { createViewerHub, type ViewerHub } from '../../src/viewer-hub.ts';
import { createLiveUpgradeHandler } from '../../src/ws-ingest.ts';
import { captureSdkBundle } from './sdk-bundle.ts';

export interface LiveServer {
  url: string;
  gateway: IngestGateway;
  hub: ViewerHub;
  close(): Promise<void>;
}

/** The gateway and hub on a local HTTP server that also serves a blank page and the SDK bundle. */
export async function startLiveServer(options: IngestGatewayOptions = {}): Promise<LiveServer> {
  // Idle-session and decoder notices are expected in tests; LIVE_DEBUG=1 prints them.
  const verbose = process.env.LIVE_DEBUG === '1';
  const gateway = createIngestGateway({
    ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg',
    onProblem: (message) => verbose && console.warn(`[live] ${message}`),
    ...options,
  });
  const hub = createViewerHub();
  const live = createLiveHandler(gateway, { viewers: hub });
  const upgrade = createLiveUpgradeHandler(gateway);
  const server = http.createServer(async (req, res) => {
    if (await live(req, res)) return;
    if (req.url === '/sdk.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(await captureSdkBundle());
    } else if (req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>live test</title><body></body>');
    } else {
      res.writeHead(404).end();
    }
  });
  server.on('upgrade', (req, socket, head) => {
    if (!upgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    gateway,
    hub,
    async close() {
      await gateway.close();
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves when `predicate` holds, polling; rejects with `what` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
