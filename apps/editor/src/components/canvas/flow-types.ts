import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { CommentNoteView } from './CommentNoteView.tsx';
import { GroupFrameView } from './GroupFrameView.tsx';
import { PipelineNodeView } from './PipelineNodeView.tsx';
import { ThroughputEdge } from './ThroughputEdge.tsx';

// Module scope on purpose: a new object per render makes React Flow remount every node.
export const nodeTypes: NodeTypes = { showflow: PipelineNodeView, sfGroup: GroupFrameView, sfComment: CommentNoteView };
export const edgeTypes: EdgeTypes = { throughput: ThroughputEdge };
