import path from 'node:path';
import { problem, type JsonPath, type PipelineDocument, type Problem } from '@showflow/shared';

/**
 * Config fields of built-in nodes that name a file or folder the runtime reads. A template
 * is data: what it may show is what it ships (its own folder) and what was imported before
 * (the data folder's assets), never another file on the machine (docs/decisions/0039).
 */
const READ_FIELDS: Record<string, string[]> = {
  'showflow.image-file': ['path'],
  'showflow.image-overlay': ['path'],
  'showflow.image-sequence': ['folder'],
};

/** Folders a template's file references may point into. */
export interface TemplateRoots {
  /** The template's own folder (the gallery folder, or the assets folder for an uploaded template). */
  baseDir: string;
  /** `<dataDir>/assets`: images imported with earlier templates. */
  assetsDir: string;
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(path.resolve(root), target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves one file reference of a template. Relative references are read against the
 * template's folder and may not climb out with `..`; absolute ones are accepted only inside
 * the data folder's assets (what an earlier import wrote). Anything else is SF143.
 */
export function confineReference(ref: string, roots: TemplateRoots, at: JsonPath): { file: string } | { problem: Problem } {
  if (path.isAbsolute(ref)) {
    const file = path.resolve(ref);
    if (inside(roots.assetsDir, file) || inside(roots.baseDir, file)) return { file };
    return { problem: problem('SF143', `${JSON.stringify(ref)} is outside the template's folder and the data folder's assets`, at) };
  }
  if (ref.split(/[\\/]/).includes('..')) return { problem: problem('SF143', `${JSON.stringify(ref)} climbs out of the template's folder with ".."`, at) };
  const file = path.resolve(roots.baseDir, ref);
  if (!inside(roots.baseDir, file)) return { problem: problem('SF143', `${JSON.stringify(ref)} leaves the template's folder`, at) };
  return { file };
}

/**
 * Checks every file a template-made document would make the runtime read, after values are
 * bound, and returns the document with those references resolved. File sinks are confined
 * by the runtime's media folder instead (they write, and only there).
 */
export function confineDocumentFiles(document: PipelineDocument, roots: TemplateRoots): { document: PipelineDocument; problems: Problem[] } {
  const problems: Problem[] = [];
  const nodes = document.nodes.map((node, i) => {
    const fields = READ_FIELDS[node.type];
    if (!fields) return node;
    const config = { ...node.config };
    for (const field of fields) {
      const value = config[field];
      if (typeof value !== 'string' || value === '') continue;
      const at: JsonPath = ['pipeline', 'nodes', i, 'config', field];
      const result = confineReference(value, roots, at);
      if ('problem' in result) problems.push({ ...result.problem, nodeId: node.id });
      else config[field] = result.file;
    }
    return { ...node, config };
  });
  return { document: { ...document, nodes }, problems };
}
