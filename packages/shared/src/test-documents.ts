/**
 * Large and hostile pipeline documents for tests and the validation benchmark. The node
 * types default to those of `test-catalog.ts` (a source, a blur, a sink, all on `frame`
 * ports); a runtime test passes its own catalog's types and port names.
 */
export interface ChainTypes {
  source: string;
  process: string;
  sink: string;
  /** Output port of the source and of the processing node; input port of the processing node and sink. */
  sourceOut: string;
  processIn: string;
  processOut: string;
  sinkIn: string;
}

const defaultTypes: ChainTypes = {
  source: 'test.source',
  process: 'test.blur',
  sink: 'test.sink',
  sourceOut: 'frame',
  processIn: 'frame',
  processOut: 'frame',
  sinkIn: 'frame',
};

type TestNode = { id: string; type: string; typeVersion: number; config: Record<string, unknown>; position: { x: number; y: number } };
type TestEdge = { id: string; from: { node: string; port: string }; to: { node: string; port: string } };

const node = (id: string, type: string, i: number): TestNode => ({ id, type, typeVersion: 1, config: {}, position: { x: (i % 100) * 200, y: Math.floor(i / 100) * 120 } });
const edge = (id: string, from: string, fromPort: string, to: string, toPort: string): TestEdge => ({ id, from: { node: from, port: fromPort }, to: { node: to, port: toPort } });
const doc = (id: string, nodes: TestNode[], edges: TestEdge[]) => ({ schemaVersion: 1, id, name: id, nodes, edges });

/** A source, `count - 2` processing nodes in one chain, a sink: a valid document of `count` nodes. */
export function chainOf(count: number, types: ChainTypes = defaultTypes, id = 'chain') {
  const nodes = [node('n0', types.source, 0)];
  const edges: TestEdge[] = [];
  for (let i = 1; i < count - 1; i++) {
    nodes.push(node(`n${i}`, types.process, i));
    edges.push(edge(`e${i}`, `n${i - 1}`, i === 1 ? types.sourceOut : types.processOut, `n${i}`, types.processIn));
  }
  nodes.push(node(`n${count - 1}`, types.sink, count - 1));
  edges.push(edge(`e${count - 1}`, `n${count - 2}`, count === 2 ? types.sourceOut : types.processOut, `n${count - 1}`, types.sinkIn));
  return doc(id, nodes, edges);
}

/** `edgeCount` edges all leaving one source, spread over 500 processing nodes (so most are second connections). */
export function fanOut(edgeCount: number, types: ChainTypes = defaultTypes, id = 'fanout') {
  const nodes = [node('src', types.source, 0)];
  const edges: TestEdge[] = [];
  for (let i = 0; i < edgeCount; i++) edges.push(edge(`e${i}`, 'src', types.sourceOut, `b${i % 500}`, types.processIn));
  for (let i = 0; i < 500; i++) nodes.push(node(`b${i}`, types.process, i + 1));
  return doc(id, nodes, edges);
}

/** A valid document whose source's config nests `depth` objects deep. */
export function deeplyNested(depth: number, types: ChainTypes = defaultTypes, id = 'deep') {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) value = { inner: value };
  const d = chainOf(2, types, id);
  d.nodes[0].config = { nested: value };
  return d;
}
