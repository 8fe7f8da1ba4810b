'use client';

import { useEffect, useRef } from 'react';
import type { NodeSpec } from '@showflow/shared';
import { useKeptInside } from './CanvasMenu.tsx';

/** A node type's own description and ports, opened from the context menu's Help. */
export function NodeHelp({ at, spec, onClose }: { at: { x: number; y: number }; spec: NodeSpec; onClose(): void }) {
  const close = useRef<HTMLButtonElement>(null);
  const card = useRef<HTMLDivElement>(null);
  useKeptInside(card, at.x, at.y);
  useEffect(() => close.current?.focus(), []);
  const ports = (list: NodeSpec['inputs']) => list.map((p) => `${p.label ?? p.id} (${p.type})`).join(', ') || 'none';
  return (
    <div
      ref={card}
      className="sf-node-help"
      style={{ left: at.x, top: at.y }}
      role="dialog"
      aria-label={`Help: ${spec.title}`}
      data-testid="node-help"
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Escape') onClose();
      }}
    >
      <h4>{spec.title}</h4>
      <p>{spec.description}</p>
      <dl>
        <dt>Inputs</dt>
        <dd>{ports(spec.inputs)}</dd>
        <dt>Outputs</dt>
        <dd>{ports(spec.outputs)}</dd>
        <dt>Type</dt>
        <dd>
          {spec.type} v{spec.typeVersion} · {spec.package}
        </dd>
      </dl>
      <button ref={close} type="button" className="sf-btn" onClick={onClose} data-testid="node-help-close">
        Close
      </button>
    </div>
  );
}
