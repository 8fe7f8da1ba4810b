import type { PipelineDocument } from '@showflow/shared';
import type { NodeCatalog } from '@showflow/nodes/sdk';
import type { StartCrashRecord } from '../isolation/index.ts';
import { PackageCatalog } from '../packages/package-catalog.ts';
import { PipelineRecorder } from '../metrics/registry.ts';

/** A pipeline held back because a package it uses crashed repeatedly at start. */
export interface PausedPipeline {
  document: PipelineDocument;
  version: number;
  packages: StartCrashRecord[];
  /** Metrics shown while paused: the crashing package's nodes carry the reason as their status. */
  recorder: PipelineRecorder;
}

export type PipelineState =
  | { state: 'running'; version: number }
  | { state: 'paused'; version: number; reason: { code: 'SF216'; message: string; packages: StartCrashRecord[] } }
  | { state: 'stopped' };

export function safeModeReason(packages: StartCrashRecord[]): string {
  const list = packages.map((p) => `${p.package} crashed ${p.crashes}× at start (last ${p.code} ${p.message})`).join('; ');
  return `SF216 safe mode: ${list}; resume the pipeline to run it again`;
}

/**
 * Metrics of a paused pipeline, so the canvas explains itself through the status each
 * node already shows: the crashing package's nodes in error with the reason, the others idle.
 */
export function pausedRecorder(document: PipelineDocument, version: number, packages: StartCrashRecord[], catalog: NodeCatalog): PipelineRecorder {
  const recorder = new PipelineRecorder(document.id, version);
  const blocked = new Set(packages.map((p) => p.package));
  for (const node of document.nodes) {
    const def = catalog.definition(node.type);
    const rec = recorder.node(node.id, node.type, def?.budgetMs ?? 0);
    const pkg = catalog instanceof PackageCatalog ? catalog.origin(node.type)?.package : undefined;
    if (pkg && blocked.has(pkg)) {
      const record = packages.find((p) => p.package === pkg)!;
      const message = `paused: ${pkg} crashed ${record.crashes}× at start (last ${record.code} ${record.message}); resume to run`;
      rec.status = { level: 'error', text: `SF216 ${message}`.slice(0, 200) };
      rec.lastError = { code: 'SF216', message, at: Date.parse(record.at) || Date.now() };
    } else {
      rec.status = { level: 'idle', text: 'paused (safe mode)' };
    }
  }
  return recorder;
}
