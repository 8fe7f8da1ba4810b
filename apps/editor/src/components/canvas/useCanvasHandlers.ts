'use client';

import { useCallback, type DragEvent } from 'react';
import {
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
} from '@xyflow/react';
import { addNode, canConnect, connect, moveNodes, select } from '../../state/commands/index.ts';
import type { FlowAdapter, ShowflowFlowEdge, ShowflowFlowNode } from '../../state/flow-adapter.ts';
import { useEditor } from '../editor/EditorContext.tsx';

export const NODE_DRAG_MIME = 'application/x-showflow-node';

/** Translates React Flow's change events into editor commands. */
export function useCanvasHandlers(adapter: FlowAdapter, onSizesChanged: () => void) {
  const { store, commandContext, notify } = useEditor();
  const flow = useReactFlow();

  const onNodesChange = useCallback(
    (changes: NodeChange<ShowflowFlowNode>[]) => {
      const { state } = store.getSnapshot();
      const positions: Record<string, { x: number; y: number }> = {};
      let final = false;
      let moved = false;
      let selection: Set<string> | null = null;
      let resized = false;
      for (const c of changes) {
        if (c.type === 'position') {
          const current = state.doc.nodes.find((n) => n.id === c.id)?.position;
          const to = c.position ?? current;
          if (to) positions[c.id] = { x: Math.round(to.x), y: Math.round(to.y) };
          moved = true;
          if (!c.dragging) final = true;
        } else if (c.type === 'select') {
          selection ??= new Set(state.selection.nodes);
          if (c.selected) selection.add(c.id);
          else selection.delete(c.id);
        } else if (c.type === 'dimensions' && c.dimensions) {
          resized = adapter.setSize(c.id, c.dimensions) || resized;
        }
      }
      if (moved) store.run(moveNodes, { positions, final });
      if (selection) store.run(select, { nodes: [...selection], edges: store.getSnapshot().state.selection.edges });
      if (resized) onSizesChanged();
    },
    [store, adapter, onSizesChanged],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<ShowflowFlowEdge>[]) => {
      const { state } = store.getSnapshot();
      const edges = new Set(state.selection.edges);
      let touched = false;
      for (const c of changes) {
        if (c.type !== 'select') continue;
        touched = true;
        if (c.selected) edges.add(c.id);
        else edges.delete(c.id);
      }
      if (touched) store.run(select, { nodes: state.selection.nodes, edges: [...edges] });
    },
    [store],
  );

  const isValidConnection: IsValidConnection<ShowflowFlowEdge> = useCallback(
    (c) => canConnect(store.getSnapshot().state.doc, ...refs(c), commandContext).ok,
    [store, commandContext],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const notice = store.run(connect, { from: refs(c)[0], to: refs(c)[1] });
      if (notice) notify(notice, 'error');
    },
    [store, notify],
  );

  // A refused drop never reaches onConnect; say why here.
  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (!state.fromHandle || !state.toHandle || state.isValid) return;
      const [a, b] = state.fromHandle.type === 'source' ? [state.fromHandle, state.toHandle] : [state.toHandle, state.fromHandle];
      const check = canConnect(
        store.getSnapshot().state.doc,
        { node: a.nodeId, port: a.id ?? '' },
        { node: b.nodeId, port: b.id ?? '' },
        commandContext,
      );
      if (!check.ok) notify(`Connection refused: ${check.reason}`, 'error');
    },
    [store, commandContext, notify],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(NODE_DRAG_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(NODE_DRAG_MIME);
      if (!type) return;
      e.preventDefault();
      const position = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const notice = store.run(addNode, { type, position });
      if (notice) notify(notice, 'error');
    },
    [flow, store, notify],
  );

  return { onNodesChange, onEdgesChange, isValidConnection, onConnect, onConnectEnd, onDragOver, onDrop };
}

function refs(c: Connection | ShowflowFlowEdge) {
  return [
    { node: c.source, port: c.sourceHandle ?? '' },
    { node: c.target, port: c.targetHandle ?? '' },
  ] as const;
}
