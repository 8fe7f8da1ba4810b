import { formatProblem, validateDocument } from '@showflow/shared';
import type { NodeCatalog } from '@showflow/nodes/sdk';
import { readDocumentFile } from './document-file.ts';

/** Prints every problem of a document; exit code 1 if there is any. */
export async function validateCommand(file: string, catalog: NodeCatalog, out: (line: string) => void): Promise<number> {
  const read = await readDocumentFile(file);
  if (!read.ok) {
    for (const p of read.problems) out(formatProblem(p));
    return 1;
  }
  const result = validateDocument(read.value, catalog);
  if (!result.ok) {
    for (const p of result.problems) out(formatProblem(p));
    out(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${file}`);
    return 1;
  }
  out(`ok: ${result.document.name} (${result.document.nodes.length} nodes, ${result.document.edges.length} edges)`);
  return 0;
}
