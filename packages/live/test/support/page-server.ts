import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { captureSdkBundle } from './sdk-bundle.ts';

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A blank page and the bundled capture SDK on their own origin, for tests whose gateway
 * runs inside another server (the runtime): pages reach the gateway cross-origin, as a
 * real sender site would.
 */
export async function startSdkPageServer(): Promise<PageServer> {
  const server = http.createServer(async (req, res) => {
    if (req.url === '/sdk.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(await captureSdkBundle());
    } else if (req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>live test</title><body></body>');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
