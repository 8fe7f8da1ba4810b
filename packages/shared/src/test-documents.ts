/**
 * Large and hostile pipeline documents for tests and the validation benchmark, all on the
 * node types of `test-catalog.ts`-shaped catalogs (a source with `frame`, a blur, a sink).
 */
type Types = { source: string; process: string; sink: string };
const defaultTypes: Types = { source: 'test.source', process: 'test.blur', sink: 'test.sink' };

const node = (id: string, type: string, i: number) => ({ id, type, typeVersion: 1, config: {}, position: { x: (i % 100) * 200, y: Math.floor(i / 100) * 120 } });
const edge = (id: string, from: string, to: string, port = 'frame') => ({ id, from: { node: from, port: 'frame' }, to: { node: to, port } });
const doc = (id: string, nodes: unknown[], edges: unknown[]) => ({ schemaVersion: 1, id, name: id, nodes, edges });

/** A source, `count - 2` processing nodes in one chain, a sink: a valid document of `count` nodes. */
export function chainOf(count: number, types: Types = defaultTypes, id = 'chain') {
  const nodes = [node('n0', types.source, 0)];
  const edges = [];
  for (let i = 1; i < count - 1; i++) {
    nodes.push(node(`n${i}`, types.process, i));
    edges.push(edge(`e${i}`, `n${i - 1}`, `n${i}`));
  }
  nodes.push(node(`n${count - 1}`, types.sink, count - 1));
  edges.push(edge(`e${count - 1}`, `n${count - 2}`, `n${count - 1}`));
  return doc(id, nodes, edges);
}

/** `edgeCount` edges all leaving one source, spread over 500 processing nodes (so most are second connections). */
export function fanOut(edgeCount: number, types: Types = defaultTypes, id = 'fanout') {
  const nodes = [node('src', types.source, 0)];
  const edges = [];
  for (let i = 0; i < edgeCount; i++) edges.push(edge(`e${i}`, 'src', `b${i % 500}`));
  for (let i = 0; i < 500; i++) nodes.push(node(`b${i}`, types.process, i + 1));
  return doc(id, nodes, edges);
}

/** A valid document whose one node's config nests `depth` objects deep. */
export function deeplyNested(depth: number, types: Types = defaultTypes, id = 'deep') {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) value = { inner: value };
  const d = chainOf(2, types, id);
  d.nodes[0].config = { nested: value };
  return d;
}
