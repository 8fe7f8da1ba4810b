import type { NodeSpec, PipelineDocument, PipelineMetrics, PortType } from '@showflow/shared';

const port = (id: string, type: PortType) => ({ id, type });
const spec = (type: string, category: NodeSpec['category'], inputs: PortType[], outputs: PortType[]): NodeSpec => ({
  type: `perf.${type}`,
  typeVersion: 1,
  title: type,
  category,
  description: 'synthetic node for the performance harness',
  inputs: inputs.map((t, i) => port(`in${i}`, t)),
  outputs: outputs.map((t, i) => port(`out${i}`, t)),
  configSchema: { type: 'object', properties: {} },
  defaults: {},
  budgetMs: 10,
  package: 'perf',
});

export const syntheticSpecs: NodeSpec[] = [
  spec('source', 'source', [], ['frame']),
  spec('filter', 'process', ['frame'], ['frame']),
  spec('sink', 'output', ['frame'], []),
];

/** `count` nodes in chains of `perRow`: source → filter … → sink, laid out on a grid. */
export function syntheticDocument(count: number, perRow = 20): PipelineDocument {
  const nodes: PipelineDocument['nodes'] = [];
  const edges: PipelineDocument['edges'] = [];
  for (let i = 0; i < count; i++) {
    const col = i % perRow;
    const last = col === perRow - 1 || i === count - 1;
    const type = col === 0 ? 'source' : last ? 'sink' : 'filter';
    nodes.push({ id: `n${i}`, type: `perf.${type}`, typeVersion: 1, config: {}, position: { x: col * 260, y: Math.floor(i / perRow) * 150 } });
    if (col > 0) edges.push({ id: `e${i}`, from: { node: `n${i - 1}`, port: 'out0' }, to: { node: `n${i}`, port: 'in0' } });
  }
  return { schemaVersion: 1, id: 'perf', name: `Synthetic ${count}-node graph`, nodes, edges };
}

/**
 * A metrics update in which every node's numbers move (±5 % jitter around a per-node
 * level spread across its 10 ms budget), so every readable digit changes each tick, while
 * budget colours change only for nodes near a threshold, as in a running show.
 */
export function syntheticMetrics(doc: PipelineDocument, tick: number): PipelineMetrics {
  const wave = (i: number) => (3 + ((i * 37) % 50) / 10) * (1 + 0.05 * Math.sin(tick * 1.7 + i * 0.61));
  return {
    pipelineId: doc.id,
    version: 1,
    at: Date.now(),
    endToEnd: { p50: 40 + (tick % 7), p95: 60 + (tick % 11), p99: 80, count: tick + 1 },
    nodes: doc.nodes.map((n, i) => ({
      nodeId: n.id,
      type: n.type,
      p50: Math.round(wave(i) * 100) / 100,
      p95: Math.round(wave(i) * 140) / 100,
      p99: Math.round(wave(i) * 180) / 100,
      fps: 30 - (tick % 3),
      processed: 100 + tick,
      drops: i % 4 === 0 ? Math.floor(tick / 8) : 0, // counters only grow
      errors: 0,
      overruns: 0,
      budgetMs: 10,
      status: { level: 'ok', text: '' },
    })),
    edges: Object.fromEntries(doc.edges.map((e) => [e.id, 29 + (tick % 3)])),
  };
}
