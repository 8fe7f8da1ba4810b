import { ShowflowError, problem, type PipelineDocument, type Problem } from '@showflow/shared';
import type { NodeCatalog } from '@showflow/nodes/sdk';
import type { CompiledNodeConfig } from './adapter.ts';
import type { FlowNode } from './node-red.ts';

/** Node-RED ids are namespaced by pipeline; `~` cannot occur in Showflow ids. */
export const flowNodeId = (pipelineId: string, nodeId: string) => `${pipelineId}~${nodeId}`;
export const tabId = (pipelineId: string) => `${pipelineId}~`;

export interface CompiledPipeline {
  tab: FlowNode;
  nodes: (FlowNode & CompiledNodeConfig)[];
}

/**
 * A pipeline version as a Node-RED flow: one tab, one flow node per Showflow node, one
 * Node-RED output per output port. Node-RED wires have no target port, so the target's
 * config maps `<source node>:<source port>` to its input port(s). Labels are left out and
 * positions sit in x/y (which Node-RED ignores when diffing), so renaming or moving a node
 * does not restart it on the next deploy.
 */
export function compilePipeline(doc: PipelineDocument, catalog: NodeCatalog, engineId: string): CompiledPipeline {
  const problems: Problem[] = [];
  const z = tabId(doc.id);
  const nodes = doc.nodes.flatMap((node, i) => {
    const def = catalog.definition(node.type);
    if (!def) {
      problems.push(problem('SF102', `no node type "${node.type}" is installed`, ['nodes', i, 'type'], node.id));
      return [];
    }
    const parsed = catalog.parseConfig(node.type, node.config, node.typeVersion);
    if (!parsed.ok) {
      for (const issue of parsed.issues) problems.push(problem('SF103', issue.message, ['nodes', i, 'config', ...issue.path], node.id));
      return [];
    }
    const outputs = Object.keys(def.outputs);
    const compiled: FlowNode & CompiledNodeConfig = {
      id: flowNodeId(doc.id, node.id),
      type: node.type,
      z,
      x: node.position.x,
      y: node.position.y,
      wires: outputs.map(() => []),
      sf: { engine: engineId, pipelineId: doc.id, nodeId: node.id, typeVersion: def.typeVersion, config: parsed.config, inputs: {}, outputs },
    };
    return [compiled];
  });
  if (problems.length) throw new ShowflowError(problems[0].code, `pipeline ${doc.id} cannot be compiled`, problems);

  const byId = new Map(nodes.map((n) => [n.sf.nodeId, n]));
  // Sorted so equal documents compile to identical configs (and Node-RED sees no change).
  const edges = [...doc.edges].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const edge of edges) {
    const from = byId.get(edge.from.node);
    const to = byId.get(edge.to.node);
    if (!from || !to) continue;
    const outIndex = from.sf.outputs.indexOf(edge.from.port);
    if (outIndex < 0) continue;
    const wires = from.wires![outIndex];
    if (!wires.includes(to.id)) wires.push(to.id);
    const key = `${edge.from.node}:${edge.from.port}`;
    (to.sf.inputs[key] ??= []).push({ port: edge.to.port, edge: edge.id });
  }
  return { tab: { id: z, type: 'tab', label: doc.id, disabled: false, info: '' }, nodes };
}
