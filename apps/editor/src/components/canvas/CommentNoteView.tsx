'use client';

import { memo, useEffect, useState } from 'react';
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { updateComment } from '../../state/commands/index.ts';
import type { CommentFlowNode } from '../../state/annotation-nodes.ts';
import { useEditor } from '../editor/EditorContext.tsx';

/**
 * A comment as a sticky note: moved by its strip, resized from its corners, text edited in
 * place. The text is kept here while typing and becomes one undo step when the note loses focus.
 */
export const CommentNoteView = memo(function CommentNoteView({ data, draggable }: NodeProps<CommentFlowNode>) {
  const { store } = useEditor();
  const { comment } = data;
  const [text, setText] = useState(comment.text);
  useEffect(() => setText(comment.text), [comment.text]);
  return (
    <div className="sf-note" data-testid={`comment-${comment.id}`}>
      {draggable && <NodeResizer minWidth={120} minHeight={60} maxWidth={4000} maxHeight={4000} handleClassName="sf-note-resize" lineClassName="sf-note-edge" />}
      <div className="sf-note-head">Comment</div>
      <textarea
        className="sf-note-text nodrag nowheel"
        data-testid={`comment-text-${comment.id}`}
        aria-label="Comment text"
        placeholder="Write a note…"
        value={text}
        maxLength={2000}
        readOnly={!draggable}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          if (text !== comment.text) store.run(updateComment, { id: comment.id, text });
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
    </div>
  );
});
