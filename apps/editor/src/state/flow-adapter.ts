import type { Edge, Node } from '@xyflow/react';
import type { NodeSpec, PipelineEdge, PipelineNode, PortType } from '@showflow/shared';
import type { EditorState } from './editor-state.ts';
import { AnnotationNodes, type CommentFlowNode, type GroupFrameNode } from './annotation-nodes.ts';

export interface ShowflowNodeData extends Record<string, unknown> {
  node: PipelineNode;
  spec: NodeSpec | undefined;
  hasProblem: boolean;
}
export type ShowflowFlowNode = Node<ShowflowNodeData, 'showflow'>;
/** Everything on the canvas: group frames and comments (behind), then pipeline nodes. */
export type CanvasNode = ShowflowFlowNode | GroupFrameNode | CommentFlowNode;

export interface ShowflowEdgeData extends Record<string, unknown> {
  portType: PortType | undefined;
}
export type ShowflowFlowEdge = Edge<ShowflowEdgeData, 'throughput'>;

type Size = { width: number; height: number };

/**
 * Turns the document into React Flow nodes and edges, reusing the previous object for
 * every element that did not change, so React Flow and the memoised node components skip
 * them. Measured sizes live here, not in the document: they are the canvas's business.
 */
export class FlowAdapter {
  private nodeCache = new Map<string, { key: unknown[]; node: ShowflowFlowNode }>();
  private edgeCache = new Map<string, { key: unknown[]; edge: ShowflowFlowEdge }>();
  private readonly sizes = new Map<string, Size>();
  readonly annotations = new AnnotationNodes();

  setSize(id: string, size: Size): boolean {
    const prev = this.sizes.get(id);
    if (prev && prev.width === size.width && prev.height === size.height) return false;
    this.sizes.set(id, size);
    return true;
  }

  sizeMap(): Record<string, Size> {
    return Object.fromEntries(this.sizes);
  }

  nodes(state: EditorState, spec: (type: string) => NodeSpec | undefined, problemNodes: ReadonlySet<string>): ShowflowFlowNode[] {
    const selected = new Set(state.selection.nodes);
    const next = new Map<string, { key: unknown[]; node: ShowflowFlowNode }>();
    const out = state.doc.nodes.map((n) => {
      const key = [n, spec(n.type), selected.has(n.id), problemNodes.has(n.id), this.sizes.get(n.id)];
      const cached = this.nodeCache.get(n.id);
      const entry = cached && sameKey(cached.key, key) ? cached : { key, node: toFlowNode(n, key) };
      next.set(n.id, entry);
      return entry.node;
    });
    this.nodeCache = next;
    return out;
  }

  /** Group frames around their members' measured boxes, and comments. */
  annotationNodes(state: EditorState): (GroupFrameNode | CommentFlowNode)[] {
    return this.annotations.nodes(state.doc, this.sizes);
  }

  edges(state: EditorState, spec: (type: string) => NodeSpec | undefined): ShowflowFlowEdge[] {
    const selected = new Set(state.selection.edges);
    const types = new Map(state.doc.nodes.map((n) => [n.id, n.type]));
    const next = new Map<string, { key: unknown[]; edge: ShowflowFlowEdge }>();
    const out = state.doc.edges.map((e) => {
      const fromType = types.get(e.from.node);
      const portType = fromType ? spec(fromType)?.outputs.find((p) => p.id === e.from.port)?.type : undefined;
      const key = [e, selected.has(e.id), portType];
      const cached = this.edgeCache.get(e.id);
      const entry = cached && sameKey(cached.key, key) ? cached : { key, edge: toFlowEdge(e, selected.has(e.id), portType) };
      next.set(e.id, entry);
      return entry.edge;
    });
    this.edgeCache = next;
    return out;
  }
}

function toFlowNode(n: PipelineNode, key: unknown[]): ShowflowFlowNode {
  const [, spec, selected, hasProblem, size] = key as [PipelineNode, NodeSpec | undefined, boolean, boolean, Size | undefined];
  return {
    id: n.id,
    type: 'showflow',
    position: n.position,
    selected,
    data: { node: n, spec, hasProblem },
    ...(size ? { measured: size } : {}),
  };
}

function toFlowEdge(e: PipelineEdge, selected: boolean, portType: PortType | undefined): ShowflowFlowEdge {
  return {
    id: e.id,
    type: 'throughput',
    source: e.from.node,
    sourceHandle: e.from.port,
    target: e.to.node,
    targetHandle: e.to.port,
    selected,
    data: { portType },
  };
}

function sameKey(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
