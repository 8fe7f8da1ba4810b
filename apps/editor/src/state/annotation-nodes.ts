import type { Node } from '@xyflow/react';
import type { PipelineComment, PipelineDocument, PipelineGroup } from '@showflow/shared';

type Size = { width: number; height: number };

export interface GroupFrameData extends Record<string, unknown> {
  group: PipelineGroup;
}
export type GroupFrameNode = Node<GroupFrameData, 'sfGroup'>;

export interface CommentData extends Record<string, unknown> {
  comment: PipelineComment;
}
export type CommentFlowNode = Node<CommentData, 'sfComment'>;

/** A node the size of a pipeline node before React Flow has measured it. */
export const DEFAULT_NODE_SIZE: Size = { width: 224, height: 96 };
const PAD = 20;
const LABEL = 30;

/**
 * Canvas ids of annotations carry a prefix with a `:`, which document ids cannot contain,
 * so a frame or note can never be mistaken for a pipeline node.
 */
export const frameId = (group: string) => `group:${group}`;
export const noteId = (comment: string) => `comment:${comment}`;
export function annotationOf(canvasId: string): { kind: 'group' | 'comment'; id: string } | null {
  if (canvasId.startsWith('group:')) return { kind: 'group', id: canvasId.slice(6) };
  if (canvasId.startsWith('comment:')) return { kind: 'comment', id: canvasId.slice(8) };
  return null;
}

/**
 * Group frames, drawn around their members (a frame has no stored box, so a moved node can
 * never end up outside it), and comments as sticky notes. Frames come first in the node list
 * and notes next, so both sit behind the pipeline nodes. The previous object is reused for
 * every frame and note that did not change.
 */
export class AnnotationNodes {
  private frames = new Map<string, { key: string; node: GroupFrameNode }>();
  private notes = new Map<string, { key: unknown; node: CommentFlowNode }>();

  /** Where each frame sits now (what a frame drag measures its move from). */
  framePosition(group: string): { x: number; y: number } | undefined {
    return this.frames.get(group)?.node.position;
  }

  nodes(doc: PipelineDocument, sizes: ReadonlyMap<string, Size>): (GroupFrameNode | CommentFlowNode)[] {
    if (!doc.groups && !doc.comments && !this.frames.size && !this.notes.size) return [];
    const byId = new Map(doc.nodes.map((n) => [n.id, n]));
    const frames = new Map<string, { key: string; node: GroupFrameNode }>();
    const out: (GroupFrameNode | CommentFlowNode)[] = [];
    for (const group of doc.groups ?? []) {
      let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
      for (const id of group.nodes) {
        const n = byId.get(id);
        if (!n) continue;
        const size = sizes.get(id) ?? DEFAULT_NODE_SIZE;
        left = Math.min(left, n.position.x);
        top = Math.min(top, n.position.y);
        right = Math.max(right, n.position.x + size.width);
        bottom = Math.max(bottom, n.position.y + size.height);
      }
      if (left === Infinity) continue;
      const box = { x: left - PAD, y: top - PAD - LABEL, width: right - left + 2 * PAD, height: bottom - top + 2 * PAD + LABEL };
      const key = JSON.stringify([box, group.label, group.colour, group.nodes.length]);
      const cached = this.frames.get(group.id);
      const entry = cached && cached.key === key && cached.node.data.group === group ? cached : { key, node: frameNode(group, box) };
      frames.set(group.id, entry);
      out.push(entry.node);
    }
    this.frames = frames;
    const notes = new Map<string, { key: unknown; node: CommentFlowNode }>();
    for (const comment of doc.comments ?? []) {
      const cached = this.notes.get(comment.id);
      const entry = cached && cached.key === comment ? cached : { key: comment, node: noteNode(comment) };
      notes.set(comment.id, entry);
      out.push(entry.node);
    }
    this.notes = notes;
    return out;
  }
}

function frameNode(group: PipelineGroup, box: { x: number; y: number; width: number; height: number }): GroupFrameNode {
  return {
    id: frameId(group.id),
    type: 'sfGroup',
    position: { x: box.x, y: box.y },
    width: box.width,
    height: box.height,
    selectable: false,
    data: { group },
    ariaLabel: `Group ${group.label || group.id}`,
  };
}

function noteNode(comment: PipelineComment): CommentFlowNode {
  return {
    id: noteId(comment.id),
    type: 'sfComment',
    position: comment.position,
    width: comment.size.width,
    height: comment.size.height,
    selectable: false,
    dragHandle: '.sf-note-head',
    data: { comment },
    ariaLabel: `Comment ${comment.text.slice(0, 40)}`,
  };
}
