import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CHUNK_HEADER_BYTES, DEFAULT_CHUNK_PAYLOAD_BYTES } from '@showflow/capture-sdk/wire';
import { LiveError, liveErrorCatalog } from './errors.ts';
import type { IngestGateway } from './gateway.ts';
import { MAX_DATA_CHANNEL_MESSAGE_BYTES } from './peer-config.ts';

export type LiveUpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/**
 * WebSocket fallback ingest at `/live/ws/:streamId?token=...`, same chunk framing as the
 * data channel. Browsers cannot set headers on WebSocket, hence the token in the query.
 * Attach to the server's 'upgrade' event; returns false for other paths.
 */
export function createLiveUpgradeHandler(gateway: IngestGateway, basePath = '/live'): LiveUpgradeHandler {
  const maxPayload = Math.max(MAX_DATA_CHANNEL_MESSAGE_BYTES, DEFAULT_CHUNK_PAYLOAD_BYTES + CHUNK_HEADER_BYTES);
  const wss = new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false });
  return (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = new RegExp(`^${basePath}/ws/([^/]+)$`).exec(url.pathname);
    if (!match) return false;
    const streamId = decodeURIComponent(match[1]);
    void gateway.authorize(streamId, url.searchParams.get('token') ?? undefined).then(
      (authorized) => {
        if (!authorized) return refuse(socket, new LiveError('SF602', liveErrorCatalog.SF602, 401));
        if (!gateway.hasFreeSlot(streamId)) return refuse(socket, new LiveError('SF603', liveErrorCatalog.SF603, 409));
        adopt(streamId);
      },
      // The shared token store could not be asked: refused, the sender retries.
      () => refuse(socket, new LiveError('SF602', `${liveErrorCatalog.SF602}: the stream tokens could not be read`, 401)),
    );
    return true;

    function adopt(streamId: string): void {
      wss.handleUpgrade(req, socket, head, (ws) => {
        try {
          gateway.acceptSocket(streamId, {
            onMessage: (listener) => ws.on('message', (data, isBinary) => listener(isBinary ? (data as Buffer) : data.toString())),
            onClose: (listener) => ws.on('close', listener),
            send: (message) => {
              if (ws.readyState === ws.OPEN) ws.send(message);
            },
            close: (code, reason) => ws.close(code, reason),
          });
        } catch (error) {
          // The slot was taken between the check and the upgrade.
          const live = error instanceof LiveError ? error : undefined;
          ws.close(1008, live ? `${live.code} ${live.message}`.slice(0, 120) : 'refused');
        }
      });
    }
  };
}

function refuse(socket: Duplex, error: LiveError): void {
  const body = JSON.stringify({ code: error.code, message: error.message });
  const reason = error.status === 401 ? 'Unauthorized' : 'Conflict';
  socket.end(
    `HTTP/1.1 ${error.status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
