'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow } from '@xyflow/react';
import { FlowAdapter, type ShowflowFlowEdge, type ShowflowFlowNode } from '../../state/flow-adapter.ts';
import { useEditor, useEditorSnapshot } from '../editor/EditorContext.tsx';
import { edgeTypes, nodeTypes } from './flow-types.ts';
import { useCanvasHandlers } from './useCanvasHandlers.ts';
import { useZoomDetail } from './useZoomDetail.ts';
import './zoom-detail.css';

// Never zoom in past 100 % when fitting: a three-node graph should not fill the screen.
const fitViewOptions = { maxZoom: 1, padding: 0.15 };
const minimapColor = (n: ShowflowFlowNode) => (n.data.hasProblem ? '#e5484d' : n.selected ? '#4c9ffe' : '#3a4150');

/**
 * The graph canvas. Renders from the editor store; every change goes back through a command.
 * `readOnly` (an old version) still selects and pans, but nothing moves, connects or drops.
 */
export function Canvas({ adapter: given, readOnly = false }: { adapter?: FlowAdapter; readOnly?: boolean }) {
  const { specs, problemNodes } = useEditor();
  const { state } = useEditorSnapshot();
  const adapter = useRef(given ?? new FlowAdapter()).current;
  const [sizeVersion, setSizeVersion] = useState(0);
  const bumpSizes = useCallback(() => setSizeVersion((v) => v + 1), []);
  const specOf = useMemo(() => {
    const byType = new Map(specs.map((s) => [s.type, s]));
    return (type: string) => byType.get(type);
  }, [specs]);

  // sizeVersion is a dependency on purpose: the adapter's sizes changed when it moves.
  const nodes = useMemo(() => adapter.nodes(state, specOf, problemNodes), [adapter, state, specOf, problemNodes, sizeVersion]);
  const edges = useMemo(() => adapter.edges(state, specOf), [adapter, state, specOf]);
  const handlers = useCanvasHandlers(adapter, bumpSizes);
  const element = useRef<HTMLDivElement>(null);
  useZoomDetail(element);

  return (
    <div
      ref={element}
      className="sf-canvas"
      data-testid={readOnly ? 'readonly-canvas' : 'canvas'}
      onDragOver={readOnly ? undefined : handlers.onDragOver}
      onDrop={readOnly ? undefined : handlers.onDrop}
    >
      <ReactFlow<ShowflowFlowNode, ShowflowFlowEdge>
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
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
