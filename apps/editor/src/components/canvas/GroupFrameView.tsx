'use client';

import { memo, useEffect, useState } from 'react';
import type { NodeProps } from '@xyflow/react';
import { updateGroup } from '../../state/commands/index.ts';
import type { GroupFrameNode } from '../../state/annotation-nodes.ts';
import { useEditor } from '../editor/EditorContext.tsx';

/**
 * A group's frame: translucent, in the group's colour, behind its members. Dragging the
 * frame moves the members (the canvas turns the frame's move into one); the label is an
 * input, edited in place.
 */
export const GroupFrameView = memo(function GroupFrameView({ data, draggable }: NodeProps<GroupFrameNode>) {
  const { store } = useEditor();
  const { group } = data;
  const [label, setLabel] = useState(group.label);
  useEffect(() => setLabel(group.label), [group.label]);
  const commit = () => {
    if (label !== group.label) store.run(updateGroup, { group: group.id, label });
  };
  return (
    <div className={`sf-frame sf-colour-${group.colour}`} data-testid={`group-${group.id}`} data-members={group.nodes.join(' ')}>
      <input
        className="sf-frame-label nodrag"
        data-testid={`group-label-${group.id}`}
        aria-label="Group name"
        placeholder="Group"
        value={label}
        maxLength={80}
        readOnly={!draggable}
        onChange={(e) => setLabel(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
          else if (e.key === 'Escape') {
            setLabel(group.label);
            // The reset lands before blur's commit reads it.
            requestAnimationFrame(() => (e.target as HTMLInputElement).blur());
          }
        }}
      />
    </div>
  );
});
