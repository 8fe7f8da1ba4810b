'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow } from '@xyflow/react';
import { FlowAdapter, type CanvasNode, type ShowflowFlowEdge } from '../../state/flow-adapter.ts';
import { useEditor, useEditorSnapshot } from '../editor/EditorContext.tsx';
import { edgeTypes, nodeTypes } from './flow-types.ts';
import { useCanvasHandlers } from './useCanvasHandlers.ts';
import { useCanvasOverlays, type ClipboardRef } from './useCanvasOverlays.tsx';
import { useZoomDetail } from './useZoomDetail.ts';
import { previewSource } from './thumbnails/frame-source.ts';
import { ThumbnailProvider } from './thumbnails/ThumbnailContext.tsx';
import type { FrameSource } from './thumbnails/thumbnail-scheduler.ts';
import { ThumbnailToggle } from './thumbnails/ThumbnailToggle.tsx';
import { useThumbnailSetting } from './thumbnails/thumbnail-setting.ts';
import { useCanvasThumbnails } from './thumbnails/useCanvasThumbnails.ts';
import './zoom-detail.css';
import './annotations.css';
import './thumbnails/thumbnails.css';

// Never zoom in past 100 % when fitting: a three-node graph should not fill the screen.
const fitViewOptions = { maxZoom: 1, padding: 0.15 };
const minimapColor = (n: CanvasNode) =>
  n.type !== 'showflow' ? 'rgba(134,144,162,0.18)' : n.data.hasProblem ? '#e5484d' : n.selected ? '#4c9ffe' : '#3a4150';

/** Live thumbnails: whether the deployed pipeline runs, and where pictures come from (the runtime by default). */
export interface CanvasThumbnails {
  running: boolean;
  source?: FrameSource;
}

/**
 * The graph canvas. Renders from the editor store; every change goes back through a command.
 * `readOnly` (an old version) still selects and pans, but nothing moves, connects or drops,
 * and there is no context menu. `clipboard` is what copy last took (for the menu's Paste).
 * With `thumbnails`, picture nodes show their live picture while the pipeline runs.
 */
export function Canvas({
  adapter: given,
  readOnly = false,
  clipboard,
  thumbnails,
}: {
  adapter?: FlowAdapter;
  readOnly?: boolean;
  clipboard?: ClipboardRef;
  thumbnails?: CanvasThumbnails;
}) {
  const { specs, problemNodes, pipelineId, metrics } = useEditor();
  const { state } = useEditorSnapshot();
  const adapter = useRef(given ?? new FlowAdapter()).current;
  const [sizeVersion, setSizeVersion] = useState(0);
  const bumpSizes = useCallback(() => setSizeVersion((v) => v + 1), []);
  const specOf = useMemo(() => {
    const byType = new Map(specs.map((s) => [s.type, s]));
    return (type: string) => byType.get(type);
  }, [specs]);

  // sizeVersion is a dependency on purpose: the adapter's sizes changed when it moves.
  // Frames and notes first, so they sit behind the pipeline nodes.
  const nodes = useMemo<CanvasNode[]>(() => {
    const annotations = adapter.annotationNodes(state);
    const pipeline = adapter.nodes(state, specOf, problemNodes);
    return annotations.length ? [...annotations, ...pipeline] : pipeline;
  }, [adapter, state, specOf, problemNodes, sizeVersion]);
  const edges = useMemo(() => adapter.edges(state, specOf), [adapter, state, specOf]);
  const element = useRef<HTMLDivElement>(null);
  const sizes = useCallback(() => adapter.sizeMap(), [adapter]);
  const overlays = useCanvasOverlays(element, clipboard, sizes);
  const handlers = useCanvasHandlers(adapter, bumpSizes, readOnly ? undefined : overlays.onWireDropped);
  useZoomDetail(element);
  const [thumbnailsOn, setThumbnailsOn] = useThumbnailSetting();
  const givenSource = thumbnails?.source;
  const source = useMemo(() => givenSource ?? previewSource(pipelineId), [givenSource, pipelineId]);
  const slots = useCanvasThumbnails(thumbnails && { source, metrics, running: thumbnails.running, enabled: thumbnailsOn });

  return (
    <div
      ref={element}
      className="sf-canvas"
      data-testid={readOnly ? 'readonly-canvas' : 'canvas'}
      onDragOver={readOnly ? undefined : handlers.onDragOver}
      onDrop={readOnly ? undefined : handlers.onDrop}
      onKeyDown={readOnly ? undefined : overlays.onKeyDown}
    >
      <ThumbnailProvider value={slots}>
        <ReactFlow<CanvasNode, ShowflowFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={handlers.onNodesChange}
          onEdgesChange={handlers.onEdgesChange}
          onConnect={handlers.onConnect}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          onConnectEnd={handlers.onConnectEnd}
          isValidConnection={handlers.isValidConnection}
          onNodeContextMenu={readOnly ? undefined : overlays.onNodeContextMenu}
          onPaneContextMenu={readOnly ? undefined : overlays.onPaneContextMenu}
          onSelectionContextMenu={readOnly ? undefined : overlays.onSelectionContextMenu}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Control', 'Meta']}
          colorMode="dark"
          onlyRenderVisibleElements
          fitView
          fitViewOptions={fitViewOptions}
          minZoom={0.1}
          proOptions={{ hideAttribution: true }}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1} color="#2a2f3a" />
          <MiniMap pannable zoomable nodeColor={minimapColor} maskColor="rgba(12,14,18,0.7)" />
          <Controls showInteractive={false}>{thumbnails && <ThumbnailToggle on={thumbnailsOn} onChange={setThumbnailsOn} />}</Controls>
        </ReactFlow>
      </ThumbnailProvider>
      {overlays.element}
    </div>
  );
}
