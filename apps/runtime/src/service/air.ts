import type { PipelineDocument } from '@showflow/shared';

/**
 * Node types that reach an audience: taking a pipeline off air runs its version without
 * them (the encoder closes, WHEP viewers and HLS players see the program end) while the
 * rest of the show keeps running for the control room.
 */
export const AUDIENCE_OUTPUT_TYPES: ReadonlySet<string> = new Set(['showflow.program-out', 'showflow.rtmp-out', 'showflow.srt-out', 'showflow.whip-out', 'showflow.viewer-output']);

/** The type every program monitor and watch page plays. */
export const PROGRAM_OUT_TYPE = 'showflow.program-out';

export const CAPTURE_TYPE = 'showflow.capture';

/** The document as it runs off air: audience outputs and the wires into them removed. */
export function withoutAudienceOutputs(document: PipelineDocument): PipelineDocument {
  const removed = new Set(document.nodes.filter((n) => AUDIENCE_OUTPUT_TYPES.has(n.type)).map((n) => n.id));
  if (removed.size === 0) return document;
  return {
    ...document,
    nodes: document.nodes.filter((n) => !removed.has(n.id)),
    edges: document.edges.filter((e) => !removed.has(e.to.node) && !removed.has(e.from.node)),
  };
}

export function hasProgramOut(document: PipelineDocument): boolean {
  return document.nodes.some((n) => n.type === PROGRAM_OUT_TYPE);
}

/** Stream ids the document's live capture nodes listen on (what Go live must send to). */
export function captureStreams(document: PipelineDocument): string[] {
  return document.nodes.flatMap((n) => (n.type === CAPTURE_TYPE && typeof n.config.streamId === 'string' ? [n.config.streamId] : n.type === CAPTURE_TYPE ? ['studio'] : []));
}
