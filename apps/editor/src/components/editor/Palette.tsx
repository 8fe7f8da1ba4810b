'use client';

import { useMemo, useState, type KeyboardEvent } from 'react';
import type { NodeSpec } from '@showflow/shared';
import { filterPalette } from '../../state/palette.ts';
import { NODE_DRAG_MIME } from '../canvas/useCanvasHandlers.ts';
import { useAddNodeInView } from '../canvas/useAddNodeInView.ts';
import { useEditor } from './EditorContext.tsx';
import { PalettePackages } from './PalettePackages.tsx';

/** Node types from the runtime's catalog: search, drag onto the canvas, or Enter to add; node package status and reload above the list. */
export function Palette() {
  const { specs } = useEditor();
  const addInView = useAddNodeInView();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const groups = useMemo(() => filterPalette(specs, query), [specs, query]);
  const flat = useMemo(() => groups.flatMap((g) => g.specs), [groups]);

  const addAtCentre = (spec: NodeSpec) => addInView(spec.type);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const delta = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (flat.length ? (i + delta + flat.length) % flat.length : 0));
    } else if (e.key === 'Enter' && flat[active]) {
      e.preventDefault();
      addAtCentre(flat[active]);
    } else if (e.key === 'Escape') {
      setQuery('');
      e.currentTarget.blur();
    }
  };

  return (
    <aside className="sf-palette" data-testid="palette">
      <input
        className="sf-input sf-palette-search"
        data-testid="palette-search"
        placeholder="Add node…  ( / )"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <PalettePackages />
      <div className="sf-palette-list">
        {groups.map((g) => (
          <section key={g.category}>
            <h3>{g.category}</h3>
            {g.specs.map((s) => (
              <div
                key={s.type}
                className={`sf-palette-item sf-cat-${s.category}${flat[active] === s && query ? ' is-active' : ''}`}
                data-testid={`palette-item-${s.type}`}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(NODE_DRAG_MIME, s.type);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onDoubleClick={() => addAtCentre(s)}
                title={`${s.description}\n${s.type} v${s.typeVersion} · ${s.package} · budget ${s.budgetMs} ms`}
              >
                <span>{s.title}</span>
                <small>
                  {s.inputs.map((p) => p.type).join(',') || '–'} → {s.outputs.map((p) => p.type).join(',') || '–'}
                </small>
              </div>
            ))}
          </section>
        ))}
        {!groups.length && <p className="sf-muted">No node type matches “{query}”.</p>}
      </div>
    </aside>
  );
}
