'use client';

import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent as ReactMouseEvent, type ReactNode, type RefObject } from 'react';
import { useReactFlow } from '@xyflow/react';
import { checkConnection, type NodeSpec } from '@showflow/shared';
import {
  addComment,
  addNodeConnected,
  addToGroup,
  deleteComment,
  deleteSelection,
  duplicateNodes,
  groupNodes,
  paste,
  removeFromGroup,
  select,
  ungroup,
  updateGroup,
  type ClipboardContent,
} from '../../state/commands/index.ts';
import { DEFAULT_NODE_SIZE } from '../../state/commands/placement.ts';
import { annotationOf } from '../../state/annotation-nodes.ts';
import type { Command } from '../../state/editor-state.ts';
import type { CanvasNode } from '../../state/flow-adapter.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { CanvasMenu } from './CanvasMenu.tsx';
import { menuItems, menuLabel, type MenuActions, type MenuTarget } from './canvas-menu.ts';
import { NodeHelp } from './NodeHelp.tsx';
import { QuickAddPopup } from './QuickAddPopup.tsx';
import { useAddNodeInView } from './useAddNodeInView.ts';
import type { WireEnd } from './useCanvasHandlers.ts';

type XY = { x: number; y: number };
type Overlay =
  | { kind: 'menu'; at: XY; target: MenuTarget }
  | { kind: 'help'; at: XY; spec: NodeSpec }
  | { kind: 'quick-add'; at: XY; flow: XY; wire?: WireEnd };

export interface ClipboardRef {
  current: ClipboardContent | null;
}

const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/**
 * The canvas's popups: the context menu (right-click, or the menu key / Shift+F10 on the
 * focused node), node help, and quick-add at a point (from the menu, or a wire dropped on
 * empty canvas). One at a time; closing one gives focus back to where it was.
 */
export function useCanvasOverlays(wrapper: RefObject<HTMLDivElement | null>, clipboard: ClipboardRef | undefined, sizes: () => Record<string, { width: number; height: number }>) {
  const { store, specs, commandContext, notify } = useEditor();
  const flow = useReactFlow();
  const [overlay, setOverlay] = useState<Overlay | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const addInView = useAddNodeInView();

  const local = useCallback(
    (client: XY): XY => {
      const box = wrapper.current?.getBoundingClientRect();
      return box ? { x: client.x - box.left, y: client.y - box.top } : client;
    },
    [wrapper],
  );

  const close = useCallback((restoreFocus: boolean) => {
    setOverlay(null);
    const back = returnFocus.current;
    if (restoreFocus && back?.isConnected) back.focus();
  }, []);
  const closeAndRestore = useCallback(() => close(true), [close]);

  const open = useCallback(
    (target: MenuTarget, client: XY, from: HTMLElement | null) => {
      returnFocus.current = from ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
      setOverlay({ kind: 'menu', at: local(client), target });
    },
    [local],
  );

  const run = useCallback(
    <A,>(command: Command<A>, args: A) => {
      const notice = store.run(command, args);
      if (notice) notify(notice, 'error');
    },
    [store, notify],
  );

  const flowToLocal = useCallback((p: XY) => local(flow.flowToScreenPosition(p)), [flow, local]);

  const actions: MenuActions = useMemo(
    () => ({
      duplicate: (nodes) => run(duplicateNodes, { nodes, sizes: sizes() }),
      remove: (nodes) => {
        store.run(select, { nodes: [...nodes] });
        run(deleteSelection, undefined);
      },
      group: (nodes) => run(groupNodes, { nodes }),
      addToGroup: (group, nodes) => run(addToGroup, { group, nodes }),
      removeFromGroup: (nodes) => run(removeFromGroup, { nodes }),
      help: (id) => {
        const node = store.getSnapshot().state.doc.nodes.find((n) => n.id === id);
        const spec = node && commandContext.spec(node.type);
        if (spec) setOverlay({ kind: 'help', at: flowToLocal(node.position), spec });
        else notify(`no help: node type ${node?.type ?? id} is not installed`, 'error');
      },
      quickAdd: (at) => setOverlay({ kind: 'quick-add', at: flowToLocal(at), flow: at }),
      addComment: (at) => {
        run(addComment, { position: at });
        const added = store.getSnapshot().state.doc.comments?.at(-1);
        if (added) requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="comment-text-${added.id}"]`)?.focus());
      },
      paste: (at) => {
        const content = clipboard?.current;
        if (!content?.nodes.length) return;
        const left = Math.min(...content.nodes.map((n) => n.position.x));
        const top = Math.min(...content.nodes.map((n) => n.position.y));
        run(paste, { content, offset: { x: at.x - left, y: at.y - top } });
      },
      renameGroup: (group) => {
        const input = document.querySelector<HTMLInputElement>(`[data-testid="group-label-${group}"]`);
        input?.focus();
        input?.select();
      },
      recolourGroup: (group, colour) => run(updateGroup, { group, colour }),
      ungroup: (group) => run(ungroup, { group }),
      editComment: (id) => document.querySelector<HTMLElement>(`[data-testid="comment-text-${id}"]`)?.focus(),
      deleteComment: (id) => run(deleteComment, { id }),
    }),
    [run, store, commandContext, notify, flowToLocal, clipboard, sizes],
  );

  /** A node's menu, or the selection's when the node is one of several selected. */
  const nodeTarget = useCallback(
    (id: string): MenuTarget => {
      const which = annotationOf(id);
      if (which) return which;
      const selected = store.getSnapshot().state.selection.nodes;
      if (selected.length > 1 && selected.includes(id)) return { kind: 'selection', nodes: selected };
      if (!selected.includes(id) || selected.length !== 1) store.run(select, { nodes: [id] });
      return { kind: 'node', id };
    },
    [store],
  );

  const onNodeContextMenu = useCallback(
    (e: ReactMouseEvent, node: CanvasNode) => {
      if (isTyping(e.target)) return; // a note's or label's own text menu
      e.preventDefault();
      open(nodeTarget(node.id), { x: e.clientX, y: e.clientY }, e.currentTarget as HTMLElement);
    },
    [open, nodeTarget],
  );

  const onPaneContextMenu = useCallback(
    (e: ReactMouseEvent | MouseEvent) => {
      e.preventDefault();
      open({ kind: 'pane', flow: flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }) }, { x: e.clientX, y: e.clientY }, null);
    },
    [open, flow],
  );

  const onSelectionContextMenu = useCallback(
    (e: ReactMouseEvent, nodes: CanvasNode[]) => {
      e.preventDefault();
      const ids = nodes.filter((n) => n.type === 'showflow').map((n) => n.id);
      if (ids.length) open({ kind: 'selection', nodes: ids }, { x: e.clientX, y: e.clientY }, null);
    },
    [open],
  );

  // The menu key and Shift+F10 open the focused node's menu (the canvas's, with no node focused).
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (!(e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) || isTyping(e.target)) return;
      if ((e.target as Element).closest('.sf-menu, .sf-quick-add, .sf-node-help')) return;
      e.preventDefault();
      const element = (e.target as Element).closest<HTMLElement>('.react-flow__node');
      const id = element?.dataset.id;
      if (element && id) {
        const box = element.getBoundingClientRect();
        open(nodeTarget(id), { x: box.left + 12, y: box.top + Math.min(box.height, 28) }, element);
        return;
      }
      const box = wrapper.current?.getBoundingClientRect();
      if (!box) return;
      const centre = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      open({ kind: 'pane', flow: flow.screenToFlowPosition(centre) }, centre, null);
    },
    [open, nodeTarget, flow, wrapper],
  );

  const onWireDropped = useCallback(
    (wire: WireEnd, client: XY) => {
      returnFocus.current = null;
      setOverlay({ kind: 'quick-add', at: local(client), flow: flow.screenToFlowPosition(client), wire });
    },
    [local, flow],
  );

  const pick = useCallback(
    (spec: NodeSpec) => {
      if (overlay?.kind !== 'quick-add') return;
      const wire = overlay.wire;
      if (wire && 'to' in wire) {
        // A node feeding an input sits left of the drop point, its output where the wire ended.
        const position = { x: overlay.flow.x - (sizes()[wire.to.node]?.width ?? DEFAULT_NODE_SIZE.width), y: overlay.flow.y };
        run(addNodeConnected, { type: spec.type, position, to: wire.to });
      } else if (wire) run(addNodeConnected, { type: spec.type, position: overlay.flow, from: wire.from });
      // "Add node here": on free canvas nearest the point, not on a node already there.
      else addInView(spec.type, overlay.flow);
      close(true);
    },
    [overlay, run, close, sizes, addInView],
  );

  // Only types with a port that fits the dropped wire are offered for it.
  const quickAddSpecs = useMemo(() => {
    const wire = overlay?.kind === 'quick-add' ? overlay.wire : undefined;
    if (!wire) return specs;
    const { doc } = store.getSnapshot().state;
    const end = 'to' in wire ? wire.to : wire.from;
    const node = doc.nodes.find((n) => n.id === end.node);
    const spec = node && commandContext.spec(node.type);
    if ('to' in wire) {
      const input = spec?.inputs.find((p) => p.id === end.port);
      return input ? specs.filter((s) => s.outputs.some((o) => checkConnection(o.type, input.type).ok)) : specs;
    }
    const out = spec?.outputs.find((p) => p.id === end.port);
    return out ? specs.filter((s) => s.inputs.some((i) => checkConnection(out.type, i.type).ok)) : specs;
  }, [overlay, specs, store, commandContext]);

  let element: ReactNode = null;
  if (overlay?.kind === 'menu') {
    const { state } = store.getSnapshot();
    const items = menuItems(overlay.target, state.doc, !!clipboard?.current?.nodes.length, actions);
    element = <CanvasMenu at={overlay.at} label={`${menuLabel(overlay.target)} actions`} items={items} onClose={close} />;
  } else if (overlay?.kind === 'help') {
    element = <NodeHelp at={overlay.at} spec={overlay.spec} onClose={closeAndRestore} />;
  } else if (overlay?.kind === 'quick-add') {
    const wire = overlay.wire;
    const title = !wire ? 'Add node' : 'to' in wire ? `Feed ${wire.to.node}.${wire.to.port} from` : `Connect ${wire.from.node}.${wire.from.port} to`;
    element = <QuickAddPopup at={overlay.at} specs={quickAddSpecs} title={title} onPick={pick} onClose={closeAndRestore} />;
  }

  return { element, onNodeContextMenu, onPaneContextMenu, onSelectionContextMenu, onKeyDown, onWireDropped };
}
