import type { PipelineDocument } from '@showflow/shared';

const SWITCHER = 'showflow.scene-switcher';
const PROGRAM_OUT = 'showflow.program-out';

/**
 * Which node's picture the preview monitor shows: the node wired into the switcher's input
 * on preview, or — without a switcher — the picture that feeds the program output (what
 * would go on air, also while off air).
 */
export function previewSource(document: PipelineDocument | undefined, switcher: { nodeId: string; preview: number } | undefined): string | null {
  if (!document) return null;
  if (switcher) {
    const edge = document.edges.find((e) => e.to.node === switcher.nodeId && e.to.port === `in${switcher.preview}`);
    if (edge) return edge.from.node;
  }
  const program = document.nodes.find((n) => n.type === PROGRAM_OUT);
  const feeding = program && document.edges.find((e) => e.to.node === program.id && e.to.port === 'frame');
  return feeding?.from.node ?? null;
}

export function generativeNodes(document: PipelineDocument | undefined): string[] {
  return document?.nodes.filter((n) => n.type === 'showflow.generative-overlay').map((n) => n.id) ?? [];
}

export function hasSwitcher(document: PipelineDocument | undefined): boolean {
  return Boolean(document?.nodes.some((n) => n.type === SWITCHER));
}
