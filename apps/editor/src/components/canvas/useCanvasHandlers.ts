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
import type { PortRef } from '@showflow/shared';
import { addNode, canConnect, connect, moveGroup, moveNodes, select, updateComment } from '../../state/commands/index.ts';
import { annotationOf } from '../../state/annotation-nodes.ts';
import type { CanvasNode, FlowAdapter, ShowflowFlowEdge } from '../../state/flow-adapter.ts';
import { useEditor } from '../editor/EditorContext.tsx';

export const NODE_DRAG_MIME = 'application/x-showflow-node';

/** The loose end of a wire released on empty canvas: pulled from an output, or from an input. */
export type WireEnd = { from: PortRef } | { to: PortRef };

/**
 * Translates React Flow's change events into editor commands. A wire released on empty
 * canvas goes to `onWireDropped` (which offers quick-add there).
 */
export function useCanvasHandlers(adapter: FlowAdapter, onSizesChanged: () => void, onWireDropped?: (end: WireEnd, at: { x: number; y: number }) => void) {
  const { store, commandContext, notify } = useEditor();
  const flow = useReactFlow();

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const rest = applyAnnotationChanges(changes, adapter, store);
      if (!rest.length) return;
      changes = rest;
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

  // A refused drop never reaches onConnect; say why here. A wire (from an output or an input) dropped on empty canvas asks what to add there.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.fromHandle && !state.toHandle && onWireDropped && onEmptyCanvas(event.target)) {
        const point = 'changedTouches' in event ? event.changedTouches[0] : event;
        const port = { node: state.fromHandle.nodeId, port: state.fromHandle.id ?? '' };
        if (point) onWireDropped(state.fromHandle.type === 'source' ? { from: port } : { to: port }, { x: point.clientX, y: point.clientY });
        return;
      }
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
    [store, commandContext, notify, onWireDropped],
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

/** The pane, or a group's frame (empty canvas inside a group), but not a node or a note. */
function onEmptyCanvas(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  const node = target.closest('.react-flow__node');
  return node ? node.classList.contains('react-flow__node-sfGroup') : !!target.closest('.react-flow__pane');
}

/**
 * Frame drags move the group's members; note drags and resizes edit the comment. Returns
 * the changes left for pipeline nodes (selection of frames and notes is not tracked).
 */
function applyAnnotationChanges(changes: NodeChange<CanvasNode>[], adapter: FlowAdapter, store: ReturnType<typeof useEditor>['store']): NodeChange<CanvasNode>[] {
  const rest: NodeChange<CanvasNode>[] = [];
  // A resize from the left or top moves the note too; that move belongs to the resize's one undo step.
  const resizing = new Map<string, boolean>();
  for (const c of changes) if (c.type === 'dimensions' && c.resizing !== undefined) resizing.set(c.id, c.resizing);
  for (const c of changes) {
    const which = 'id' in c ? annotationOf(c.id) : null;
    if (!which) {
      rest.push(c);
      continue;
    }
    if (which.kind === 'group' && c.type === 'position') {
      const from = adapter.annotations.framePosition(which.id);
      const by = c.position && from ? { x: c.position.x - from.x, y: c.position.y - from.y } : { x: 0, y: 0 };
      store.run(moveGroup, { group: which.id, by, final: !c.dragging });
    } else if (which.kind === 'comment' && c.type === 'position' && c.position) {
      store.run(updateComment, { id: which.id, position: c.position, final: !(c.dragging ?? resizing.get(c.id)) });
    } else if (which.kind === 'comment' && c.type === 'dimensions' && c.dimensions && c.resizing !== undefined) {
      store.run(updateComment, { id: which.id, size: c.dimensions, final: !c.resizing });
    }
  }
  return rest;
}

function refs(c: Connection | ShowflowFlowEdge) {
  return [
    { node: c.source, port: c.sourceHandle ?? '' },
    { node: c.target, port: c.targetHandle ?? '' },
  ] as const;
}
