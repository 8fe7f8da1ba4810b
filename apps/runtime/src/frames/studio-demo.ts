import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateDocument, type PipelineDocument, type PipelineMetrics } from '@showflow/shared';
import { createBuiltinCatalog } from '@showflow/nodes';
import { Engine, type PreviewImage } from '../engine/engine.ts';
import { FramePool } from './pool.ts';
import { createLogger } from '../log.ts';

const demoFile = fileURLToPath(new URL('../../../../examples/pipelines/studio-demo.json', import.meta.url));

/**
 * The studio demo, optionally with its camera's frames JPEG-encoded first — what a
 * capture client sends — so the pixel nodes take the I420 path instead of RGB.
 */
export function studioDemo(jpegCamera: boolean): PipelineDocument {
  const doc = JSON.parse(readFileSync(demoFile, 'utf8'));
  if (jpegCamera) {
    doc.id = 'studio-demo-jpeg';
    doc.nodes.push({ id: 'capture', type: 'showflow.encode-jpeg', typeVersion: 1, config: { quality: 90 }, position: { x: 130, y: 240 } });
    doc.edges = doc.edges.map((e: { id: string; from: { node: string } }) => (e.id === 'camera-denoise' ? { ...e, from: { node: 'capture', port: 'out' } } : e));
    doc.edges.push({ id: 'camera-capture', from: { node: 'camera', port: 'frame' }, to: { node: 'capture', port: 'frame' } });
  }
  const result = validateDocument(doc, createBuiltinCatalog());
  if (!result.ok) throw new Error(`studio demo does not validate: ${JSON.stringify(result.problems)}`);
  return result.document;
}

export interface DemoRun {
  metrics: PipelineMetrics;
  /** Latest frame of each named node, as the editor's preview would show it. */
  previews: Record<string, PreviewImage | null>;
  leakedHandles: number;
  /** Byte sizes nodes asked the pool for: tells which pixel path ran (RGB 3 bytes/pixel, I420 1.5). */
  allocSizes: Set<number>;
}

/** Runs a document headless until each source has emitted `frames` frames and the pipeline drained. */
export async function runDemo(doc: PipelineDocument, frames: number, previewNodes: string[]): Promise<DemoRun> {
  const pool = new FramePool();
  const allocSizes = new Set<number>();
  const alloc = pool.alloc.bind(pool);
  pool.alloc = (n) => (allocSizes.add(n), alloc(n));
  const engine = await Engine.create({ catalog: createBuiltinCatalog(), log: createLogger('error'), sourceLimit: frames, pool });
  const baseline = engine.pool.stats().liveHandles;
  try {
    await engine.deploy(doc, 1);
    await until(() => [...engine.sourceRuns(doc.id).values()].every((n) => n >= frames) && engine.sourceRuns(doc.id).size > 0);
    let quiet = 0;
    await until(() => (quiet = engine.idle(doc.id) ? quiet + 1 : 0) >= 3);
    const metrics = engine.metrics(doc.id)!;
    const previews: Record<string, PreviewImage | null> = {};
    for (const id of previewNodes) previews[id] = await engine.preview(doc.id, id);
    await engine.stop(doc.id);
    return { metrics, previews, leakedHandles: engine.pool.stats().liveHandles - baseline, allocSizes };
  } finally {
    await engine.close();
  }
}

/** Polls a condition; only the test's own timeout bounds the wait. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
}
