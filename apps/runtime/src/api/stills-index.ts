import { canonicalJson, nodeBehaviourHash, sha256Hex, type PipelineDocument } from '@showflow/shared';
import type { ShowflowApp } from '../service/app.ts';

export interface StillRef {
  nodeId: string;
  /** The first version, up to the running one, since which this still has behaved the same. */
  version: number;
  behaviourHash: string;
  path: string;
}

export const stillPath = (pipelineId: string, ref: Pick<StillRef, 'version' | 'nodeId' | 'behaviourHash'>) =>
  `/stills/${encodeURIComponent(pipelineId)}/v${ref.version}/${encodeURIComponent(ref.nodeId)}/${ref.behaviourHash}.jpg`;

/**
 * What a still's picture depends on: its own behaviour and that of every node upstream of
 * it, and the wires between them. `nodeBehaviourHash` ignores labels and positions, so
 * moving a node on the canvas changes nothing; editing anything that feeds the still does.
 */
export function stillBehaviourHash(doc: PipelineDocument, nodeId: string): string | undefined {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  if (!byId.has(nodeId)) return undefined;
  const closure = new Set([nodeId]);
  const pending = [nodeId];
  while (pending.length) {
    const target = pending.pop()!;
    for (const e of doc.edges) {
      if (e.to.node === target && !closure.has(e.from.node)) {
        closure.add(e.from.node);
        pending.push(e.from.node);
      }
    }
  }
  const nodes = [...closure].sort().map((id) => [id, nodeBehaviourHash(byId.get(id)!)]);
  const edges = doc.edges
    .filter((e) => closure.has(e.to.node))
    .map((e) => `${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`)
    .sort();
  return sha256Hex(canonicalJson({ nodes, edges })).slice(0, 16);
}

/** Nodes whose output is a still picture (an `image` port: overlays, thumbnails). */
function stillNodes(app: ShowflowApp, doc: PipelineDocument): string[] {
  return doc.nodes.filter((n) => app.catalog.spec(n.type)?.outputs.some((o) => o.type === 'image')).map((n) => n.id);
}

/** Versions never change once stored, so each running version's stills are worked out once. */
const cache = new Map<string, Promise<StillRef[]>>();

/** The versioned URLs of the running version's stills; empty when the pipeline is not running. */
export async function stillsOf(app: ShowflowApp, pipelineId: string): Promise<StillRef[]> {
  const running = app.engine.running().find((r) => r.pipelineId === pipelineId);
  if (!running) return [];
  const active = await app.deployments.version(pipelineId, running.version);
  const key = `${pipelineId}@${active.version}:${active.hash}`;
  let refs = cache.get(key);
  if (!refs) {
    refs = computeStills(app, pipelineId, active.version, active.document);
    cache.set(key, refs);
    refs.catch(() => cache.delete(key));
  }
  return refs;
}

async function computeStills(app: ShowflowApp, pipelineId: string, version: number, doc: PipelineDocument): Promise<StillRef[]> {
  const refs: StillRef[] = [];
  const older = new Map<number, PipelineDocument>();
  for (const nodeId of stillNodes(app, doc)) {
    const hash = stillBehaviourHash(doc, nodeId)!;
    let since = version;
    // Walk back while the earlier version had this still behaving the same.
    while (since > 1) {
      let previous = older.get(since - 1);
      if (!previous) {
        previous = (await app.deployments.version(pipelineId, since - 1).catch(() => undefined))?.document;
        if (!previous) break;
        older.set(since - 1, previous);
      }
      if (stillBehaviourHash(previous, nodeId) !== hash) break;
      since--;
    }
    refs.push({ nodeId, version: since, behaviourHash: hash, path: stillPath(pipelineId, { version: since, nodeId, behaviourHash: hash }) });
  }
  return refs;
}
