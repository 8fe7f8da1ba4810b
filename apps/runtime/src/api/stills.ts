import type { IncomingMessage, ServerResponse } from 'node:http';
import { ElementId } from '@showflow/shared';
import type { ShowflowApp } from '../service/app.ts';
import { stillsOf } from './stills-index.ts';

const STILL_PATH = /^\/stills\/([^/]+)\/v(\d+)\/([^/]+)\/([0-9a-f]{16})\.jpg$/;

/**
 * `GET /stills/<pipelineId>/v<version>/<nodeId>/<behaviourHash>.jpg`: the latest picture of
 * a still output (overlay, thumbnail). The URL names the version since which the still has
 * behaved the same, so it survives deploys that leave it alone and changes with those that
 * touch it or anything upstream; hence `immutable`. Any other version or hash is 404, with
 * the current URL in the body. Resolves false for paths that are not stills.
 */
export async function handleStill(app: ShowflowApp, url: URL, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const match = STILL_PATH.exec(url.pathname);
  if (!match) return false;
  const [, rawPipeline, rawVersion, rawNode, hash] = match;
  const pipelineId = decodeURIComponent(rawPipeline);
  const nodeId = decodeURIComponent(rawNode);
  if (!ElementId.safeParse(pipelineId).success || !ElementId.safeParse(nodeId).success) return notFound(res, 'not a still URL');
  const ref = (await stillsOf(app, pipelineId)).find((r) => r.nodeId === nodeId);
  if (!ref) return notFound(res, `no still output ${nodeId} running in pipeline ${pipelineId}`);
  if (ref.version !== Number(rawVersion) || ref.behaviourHash !== hash) {
    return notFound(res, `this still changed; it is now at ${ref.path}`, ref.path);
  }
  const image = await app.engine.preview(pipelineId, nodeId);
  if (!image) return notFound(res, 'no picture yet');
  const etag = `"${hash}-${image.seq}"`;
  const headers = { etag, 'cache-control': 'public, max-age=31536000, immutable', 'content-type': image.mime };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return true;
  }
  res.writeHead(200, { ...headers, 'content-length': image.data.byteLength });
  res.end(req.method === 'HEAD' ? undefined : image.data);
  return true;
}

function notFound(res: ServerResponse, message: string, current?: string): true {
  res.writeHead(404, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ message, ...(current ? { current } : {}) }));
  return true;
}
