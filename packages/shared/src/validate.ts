import { PipelineDocument } from './document.ts';
import type { CatalogLookup } from './catalog.ts';
import { problem, type Problem } from './errors.ts';
import { checkConnection, type PortSpec } from './ports.ts';
import { migrateDocument } from './migrate.ts';
import { DOCUMENT_LIMITS, capProblems } from './document-limits.ts';

export type ValidationResult = { ok: true; document: PipelineDocument } | { ok: false; problems: Problem[] };

/**
 * Checks a document completely and reports every problem at once (not just the first),
 * each with a stable code and a JSON path. Older schema versions are migrated first.
 * Documents past the size and nesting limits are refused before any walk (SF140/SF141);
 * every walk here is iterative and linear in the number of nodes and edges.
 */
export function validateDocument(input: unknown, catalog: CatalogLookup): ValidationResult {
  const migrated = migrateDocument(input);
  if (!migrated.ok) return migrated;

  const parsed = PipelineDocument.safeParse(migrated.document);
  if (!parsed.success) {
    return {
      ok: false,
      problems: capProblems(parsed.error.issues.map((issue) => problem('SF101', issue.message, issue.path as (string | number)[]))),
    };
  }
  const doc = parsed.data;
  const problems: Problem[] = [];
  const nodeIndex = new Map<string, number>();

  doc.nodes.forEach((node, i) => {
    const at = ['nodes', i];
    if (nodeIndex.has(node.id)) {
      problems.push(problem('SF108', `node id "${node.id}" is used more than once`, [...at, 'id'], node.id));
      return;
    }
    nodeIndex.set(node.id, i);
    const spec = catalog.spec(node.type);
    if (!spec) {
      problems.push(problem('SF102', `no node type "${node.type}" is installed`, [...at, 'type'], node.id));
      return;
    }
    if (node.typeVersion > spec.typeVersion) {
      problems.push(
        problem('SF111', `${node.type} v${node.typeVersion} is newer than the installed v${spec.typeVersion}`, [...at, 'typeVersion'], node.id),
      );
      return;
    }
    for (const issue of catalog.checkConfig(node.type, node.config, node.typeVersion)) {
      problems.push(problem('SF103', issue.message, [...at, 'config', ...issue.path], node.id));
    }
  });

  const edgeIds = new Set<string>();
  const connectedInputs = new Map<string, number>();
  doc.edges.forEach((edge, i) => {
    const at = ['edges', i];
    if (edgeIds.has(edge.id)) problems.push(problem('SF108', `edge id "${edge.id}" is used more than once`, [...at, 'id']));
    edgeIds.add(edge.id);
    if (edge.from.node === edge.to.node) {
      problems.push(problem('SF112', `edge ${edge.id} connects ${edge.from.node} to itself`, at, edge.from.node));
      return;
    }
    const from = resolvePort(doc, catalog, nodeIndex, edge.from, 'outputs', [...at, 'from'], problems);
    const to = resolvePort(doc, catalog, nodeIndex, edge.to, 'inputs', [...at, 'to'], problems);
    if (!from || !to) return;
    const check = checkConnection(from.type, to.type);
    if (!check.ok) {
      problems.push(problem('SF106', `edge ${edge.id}: ${check.reason}`, at, edge.to.node));
      return;
    }
    const key = `${edge.to.node}:${edge.to.port}`;
    const count = (connectedInputs.get(key) ?? 0) + 1;
    connectedInputs.set(key, count);
    if (count > 1 && !to.multiple) {
      problems.push(problem('SF109', `input ${edge.to.port} of ${edge.to.node} accepts one connection`, at, edge.to.node));
    }
  });

  for (const cycle of findCycles(doc)) {
    problems.push(problem('SF107', `cycle through ${describeCycle(cycle)}`, ['edges'], cycle[0]));
  }

  return problems.length ? { ok: false, problems: capProblems(problems) } : { ok: true, document: doc };
}

/** A long cycle is named by its ends, so one message stays readable (and small). */
function describeCycle(cycle: string[]): string {
  if (cycle.length <= 12) return cycle.join(' → ');
  return `${cycle.slice(0, 6).join(' → ')} → … ${cycle.length - 10} more … → ${cycle.slice(-4).join(' → ')}`;
}

function resolvePort(
  doc: PipelineDocument,
  catalog: CatalogLookup,
  nodeIndex: Map<string, number>,
  ref: { node: string; port: string },
  side: 'inputs' | 'outputs',
  at: (string | number)[],
  problems: Problem[],
): PortSpec | undefined {
  const index = nodeIndex.get(ref.node);
  if (index === undefined) {
    problems.push(problem('SF104', `no node "${ref.node}"`, [...at, 'node']));
    return undefined;
  }
  const spec = catalog.spec(doc.nodes[index].type);
  if (!spec) return undefined; // already reported as SF102
  const port = spec[side].find((p) => p.id === ref.port);
  if (!port) {
    const names = spec[side].map((p) => p.id).join(', ') || 'none';
    problems.push(problem('SF105', `${ref.node} (${spec.type}) has no ${side.slice(0, -1)} "${ref.port}"; it has: ${names}`, [...at, 'port'], ref.node));
  }
  return port;
}

/**
 * Each cycle once, as the node ids along it (depth-first search, white/grey/black). The
 * search keeps its own stack, so a 5,000-node chain cannot overflow the call stack, and
 * builds the adjacency lists in place, so 20,000 edges from one node stay linear.
 * Stops after `max` cycles: a dense graph can have more than anyone can read.
 */
export function findCycles(doc: Pick<PipelineDocument, 'nodes' | 'edges'>, max: number = DOCUMENT_LIMITS.problems): string[][] {
  const next = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = next.get(e.from.node);
    if (list) list.push(e.to.node);
    else next.set(e.from.node, [e.to.node]);
  }
  const state = new Map<string, 'grey' | 'black'>();
  // The grey path, and where each grey node sits on it, so a back edge finds its cycle at once.
  const path: string[] = [];
  const onPath = new Map<string, number>();
  const cursor: number[] = [];
  const cycles: string[][] = [];
  for (const n of doc.nodes) {
    if (state.has(n.id)) continue;
    state.set(n.id, 'grey');
    onPath.set(n.id, 0);
    path.push(n.id);
    cursor.push(0);
    while (path.length) {
      const top = path.length - 1;
      const id = path[top];
      const targets = next.get(id) ?? [];
      if (cursor[top] < targets.length) {
        const to = targets[cursor[top]++];
        const s = state.get(to);
        if (s === 'grey') {
          if (cycles.length < max) cycles.push([...path.slice(onPath.get(to)), to]);
        } else if (!s) {
          state.set(to, 'grey');
          onPath.set(to, path.length);
          path.push(to);
          cursor.push(0);
        }
        continue;
      }
      path.pop();
      cursor.pop();
      onPath.delete(id);
      state.set(id, 'black');
    }
  }
  return cycles;
}
