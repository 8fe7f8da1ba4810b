import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { PipelineNodeView } from './PipelineNodeView.tsx';
import { ThroughputEdge } from './ThroughputEdge.tsx';

// Module scope on purpose: a new object per render makes React Flow remount every node.
export const nodeTypes: NodeTypes = { showflow: PipelineNodeView };
export const edgeTypes: EdgeTypes = { throughput: ThroughputEdge };
