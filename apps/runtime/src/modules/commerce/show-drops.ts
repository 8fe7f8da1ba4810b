import type { IncomingMessage, ServerResponse } from 'node:http';
import { ElementId } from '@showflow/shared';
import type { CommerceService, DropRegistry, DropView } from '@showflow/commerce';

export interface ShowDrop {
  nodeId: string;
  type: string;
  drop: DropView;
}

/** The live state of every drop a pipeline's nodes sell, in node order. */
export async function showDrops(registry: DropRegistry, service: CommerceService, pipelineId: string): Promise<ShowDrop[]> {
  return Promise.all(registry.list(pipelineId).map(async (entry) => ({ nodeId: entry.nodeId, type: entry.type, drop: await service.getDrop(entry.dropId) })));
}

const route = /^\/api\/shows\/([^/]+)\/drops$/;

/**
 * `GET /api/shows/:pipelineId/drops`: how the watch page finds what is on sale in a show.
 * Plain JSON like the rest of the commerce API; answers false for other paths.
 */
export function createShowDropsHandler(registry: DropRegistry, service: CommerceService) {
  return async function handleShowDrops(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const match = route.exec((req.url ?? '/').split('?')[0]);
    if (!match) return false;
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' }).end(text);
    };
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      send(405, { error: { code: 'SF408', message: `${req.method} is not allowed here`, path: ['method'] } });
      return true;
    }
    const pipelineId = match[1];
    if (!ElementId.safeParse(pipelineId).success) {
      send(400, { error: { code: 'SF408', message: 'not a pipeline id', path: ['pipelineId'] } });
      return true;
    }
    send(200, { pipelineId, drops: await showDrops(registry, service, pipelineId) });
    return true;
  };
}
