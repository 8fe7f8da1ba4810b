import { PipelineDocument } from './document.ts';
import type { CatalogLookup } from './catalog.ts';
import { problem, type Problem } from './errors.ts';
import { checkConnection, type PortSpec } from './ports.ts';
import { migrateDocument } from './migrate.ts';
import { DOCUMENT_LIMITS, capProblems } from './document-limits.ts';
import { checkAnnotations } from './annotations.ts';

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

  // Paths are built only for problems: a valid 10,000-node document allocates none.
  for (let i = 0; i < doc.nodes.length; i++) {
    const node = doc.nodes[i];
    if (nodeIndex.has(node.id)) {
      problems.push(problem('SF108', `node id "${node.id}" is used more than once`, ['nodes', i, 'id'], node.id));
      continue;
    }
    nodeIndex.set(node.id, i);
    const spec = catalog.spec(node.type);
    if (!spec) {
      problems.push(problem('SF102', `no node type "${node.type}" is installed`, ['nodes', i, 'type'], node.id));
      continue;
    }
    if (node.typeVersion > spec.typeVersion) {
      problems.push(
        problem('SF111', `${node.type} v${node.typeVersion} is newer than the installed v${spec.typeVersion}`, ['nodes', i, 'typeVersion'], node.id),
      );
      continue;
    }
    for (const issue of catalog.checkConfig(node.type, node.config, node.typeVersion)) {
      problems.push(problem('SF103', issue.message, ['nodes', i, 'config', ...issue.path], node.id));
    }
  }

  const edgeIds = new Set<string>();
  const connectedInputs = new Map<string, number>();
  for (let i = 0; i < doc.edges.length; i++) {
    const edge = doc.edges[i];
    if (edgeIds.has(edge.id)) problems.push(problem('SF108', `edge id "${edge.id}" is used more than once`, ['edges', i, 'id']));
    edgeIds.add(edge.id);
    if (edge.from.node === edge.to.node) {
      problems.push(problem('SF112', `edge ${edge.id} connects ${edge.from.node} to itself`, ['edges', i], edge.from.node));
      continue;
    }
    const from = resolvePort(doc, catalog, nodeIndex, edge.from, 'outputs', i, problems);
    const to = resolvePort(doc, catalog, nodeIndex, edge.to, 'inputs', i, problems);
    if (!from || !to) continue;
    const check = checkConnection(from.type, to.type);
    if (!check.ok) {
      problems.push(problem('SF106', `edge ${edge.id}: ${check.reason}`, ['edges', i], edge.to.node));
      continue;
    }
    // Only single-connection inputs need counting.
    if (to.multiple) continue;
    const key = `${edge.to.node}:${edge.to.port}`;
    const count = (connectedInputs.get(key) ?? 0) + 1;
    connectedInputs.set(key, count);
    if (count > 1) {
      problems.push(problem('SF109', `input ${edge.to.port} of ${edge.to.node} accepts one connection`, ['edges', i], edge.to.node));
    }
  }

  if (doc.groups || doc.comments) problems.push(...checkAnnotations(doc, nodeIndex));

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
  edgeIndex: number,
  problems: Problem[],
): PortSpec | undefined {
  const end = side === 'outputs' ? 'from' : 'to';
  const index = nodeIndex.get(ref.node);
  if (index === undefined) {
    problems.push(problem('SF104', `no node "${ref.node}"`, ['edges', edgeIndex, end, 'node']));
    return undefined;
  }
  const spec = catalog.spec(doc.nodes[index].type);
  if (!spec) return undefined; // already reported as SF102
  const port = spec[side].find((p) => p.id === ref.port);
  if (!port) {
    const names = spec[side].map((p) => p.id).join(', ') || 'none';
    problems.push(problem('SF105', `${ref.node} (${spec.type}) has no ${side.slice(0, -1)} "${ref.port}"; it has: ${names}`, ['edges', edgeIndex, end, 'port'], ref.node));
  }
  return port;
}

/**
 * Each cycle once, as the node ids along it (depth-first search, white/grey/black). The
 * search keeps its own stack, so a 5,000-node chain cannot overflow the call stack, and
 * builds the adjacency in one flat array, so 20,000 edges from one node stay linear.
 * Nodes are numbered once and every per-node state lives in typed arrays: no map lookup
 * or small array per node on the way. Stops after `max` cycles: a dense graph can have
 * more than anyone can read.
 */
export function findCycles(doc: Pick<PipelineDocument, 'nodes' | 'edges'>, max: number = DOCUMENT_LIMITS.problems): string[][] {
  // Numbers for node ids, in document order; ids that only edges name come after.
  const index = new Map<string, number>();
  const ids: string[] = [];
  const number = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      index.set(id, i);
      ids.push(id);
    }
    return i;
  };
  for (const n of doc.nodes) number(n.id);
  const edgeCount = doc.edges.length;
  const from = new Int32Array(edgeCount);
  const to = new Int32Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    from[e] = number(doc.edges[e].from.node);
    to[e] = number(doc.edges[e].to.node);
  }
  const count = ids.length;
  // Targets of node i are next[start[i] .. start[i + 1]), in edge order.
  const start = new Int32Array(count + 1);
  for (let e = 0; e < edgeCount; e++) start[from[e] + 1]++;
  for (let i = 0; i < count; i++) start[i + 1] += start[i];
  const next = new Int32Array(edgeCount);
  const fill = start.slice(0, count);
  for (let e = 0; e < edgeCount; e++) next[fill[from[e]]++] = to[e];

  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const state = new Uint8Array(count);
  // The grey path, and where each grey node sits on it, so a back edge finds its cycle at once.
  const path = new Int32Array(count);
  const onPath = new Int32Array(count);
  const cursor = new Int32Array(count);
  let depth = 0;
  const cycles: string[][] = [];
  const named = (from: number, through: number): string[] => {
    const cycle: string[] = [];
    for (let p = from; p < depth; p++) cycle.push(ids[path[p]]);
    cycle.push(ids[through]);
    return cycle;
  };
  for (let root = 0; root < doc.nodes.length; root++) {
    const r = index.get(doc.nodes[root].id)!;
    if (state[r] !== WHITE) continue;
    state[r] = GREY;
    onPath[r] = 0;
    path[0] = r;
    cursor[0] = start[r];
    depth = 1;
    while (depth) {
      const top = depth - 1;
      const id = path[top];
      if (cursor[top] < start[id + 1]) {
        const target = next[cursor[top]++];
        const s = state[target];
        if (s === GREY) {
          if (cycles.length < max) cycles.push(named(onPath[target], target));
        } else if (s === WHITE) {
          state[target] = GREY;
          onPath[target] = depth;
          path[depth] = target;
          cursor[depth] = start[target];
          depth++;
        }
        continue;
      }
      depth--;
      state[id] = BLACK;
    }
  }
  return cycles;
}
