'use client';

import { useCallback } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { addNode } from '../../state/commands/index.ts';
import { DEFAULT_NODE_SIZE, freeSpotInView, type Box } from '../../state/commands/placement.ts';
import { useEditor } from '../editor/EditorContext.tsx';

type XY = { x: number; y: number };

/**
 * Adds a node of `type` where the producer is looking: on free canvas nearest `anchor`
 * (default: the view's centre), never on top of another node or note. With no room in
 * view it goes just beside it and the view follows, so a new node is always on screen.
 */
export function useAddNodeInView(): (type: string, anchor?: XY) => void {
  const { store, notify } = useEditor();
  const flow = useReactFlow();
  const rf = useStoreApi();
  return useCallback(
    (type, anchor) => {
      const { width, height, transform } = rf.getState();
      const [tx, ty, zoom] = transform;
      const view: Box = { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom };
      // Group frames are drawn around their members; a node may sit inside one.
      const canvas = flow.getNodes().filter((n) => n.type !== 'sfGroup');
      const others = canvas.map((n) => ({ ...n.position, ...(n.measured?.width && n.measured.height ? (n.measured as { width: number; height: number }) : DEFAULT_NODE_SIZE) }));
      // A node of a type already on the canvas will be as big as that one; others get the usual guess.
      const { doc } = store.getSnapshot().state;
      const sibling = doc.nodes.find((n) => n.type === type);
      const measured = sibling && flow.getNode(sibling.id)?.measured;
      const size = measured?.width && measured.height ? { width: measured.width, height: measured.height } : DEFAULT_NODE_SIZE;
      const centre = anchor ?? { x: view.x + view.width / 2, y: view.y + view.height / 2 };
      const { position, inView } = freeSpotInView(size, centre, view, others);
      const notice = store.run(addNode, { type, position });
      if (notice) notify(notice, 'error');
      else if (!inView) void flow.setCenter(position.x + size.width / 2, position.y + size.height / 2, { zoom, duration: 250 });
    },
    [store, notify, flow, rf],
  );
}
