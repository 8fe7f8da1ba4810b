import type { Role } from './roles.ts';

/**
 * Node types whose latest picture is what the public already sees: the program a watch page
 * shows (and falls back to as JPEGs), the composed output WHEP viewers receive.
 */
const PROGRAM_TYPES = new Set(['showflow.preview', 'showflow.viewer-output']);

/**
 * Who may read `/preview/<pipeline>/<node>.jpg` (decision 0062): anyone for a running
 * pipeline's program output, a signed-in viewer (or a token) for every other node, since
 * backstage pictures — a raw camera before its overlay, a guest waiting in the green room —
 * are not the show. An unknown node needs a viewer too, so an anonymous caller cannot
 * probe which pipelines and nodes exist.
 */
export function previewRole(nodeType: string | undefined): Role | 'public' {
  return nodeType !== undefined && PROGRAM_TYPES.has(nodeType) ? 'public' : 'viewer';
}

/** `/metrics` (Prometheus text): a viewer's read, as `metrics.snapshot` is; scrapers send an API token. */
export const METRICS_ROLE: Role = 'viewer';
