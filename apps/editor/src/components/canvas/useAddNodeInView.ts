'use client';

import { useCallback } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { addNode, moveNodes } from '../../state/commands/index.ts';
import { DEFAULT_NODE_SIZE, freeSpotInView, settledSpot, type Box } from '../../state/commands/placement.ts';
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
      const guessed = !(measured?.width && measured.height);
      const size = guessed ? DEFAULT_NODE_SIZE : { width: measured!.width!, height: measured!.height! };
      const centre = anchor ?? { x: view.x + view.width / 2, y: view.y + view.height / 2 };
      const { position, inView } = freeSpotInView(size, centre, view, others);
      const before = new Set(doc.nodes.map((n) => n.id));
      const notice = store.run(addNode, { type, position });
      if (notice) return notify(notice, 'error');
      if (!inView) void flow.setCenter(position.x + size.width / 2, position.y + size.height / 2, { zoom, duration: 250 });
      const added = store.getSnapshot().state.doc.nodes.find((n) => !before.has(n.id));
      if (!guessed || !added) return;
      // The first of its type: once the canvas has measured it, a node taller than the guess moves off its neighbours.
      const unsubscribe = rf.subscribe((s) => {
        const real = s.nodeLookup.get(added.id)?.measured;
        if (!real?.width || !real.height) return;
        stop();
        const settled = settledSpot(position, { width: real.width, height: real.height }, centre, view, others);
        if (!settled) return;
        store.run(moveNodes, { positions: { [added.id]: settled.position }, final: false });
        if (!settled.inView) void flow.setCenter(settled.position.x + real.width / 2, settled.position.y + real.height / 2, { zoom, duration: 250 });
      });
      // A node that never renders (removed at once, canvas left) is not waited for.
      const timer = setTimeout(() => stop(), MEASURE_WAIT_MS);
      const stop = () => {
        clearTimeout(timer);
        unsubscribe();
      };
    },
    [store, notify, flow, rf],
  );
}

const MEASURE_WAIT_MS = 5_000;
