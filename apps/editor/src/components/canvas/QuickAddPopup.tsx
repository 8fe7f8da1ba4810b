'use client';

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { NodeSpec } from '@showflow/shared';
import { rankPalette } from '../../state/palette.ts';
import { useKeptInside } from './CanvasMenu.tsx';

interface Props {
  /** Where it opens, in pixels from the canvas's top-left corner. */
  at: { x: number; y: number };
  specs: readonly NodeSpec[];
  /** What the list is for: "Add node" or "Connect frame output to…". */
  title: string;
  onPick(spec: NodeSpec): void;
  onClose(): void;
}

const MAX_SHOWN = 12;

/**
 * Quick-add at a point of the canvas (from the context menu, or where a wire was dropped).
 * Ranked by title like the palette's "/" search (decision 0066); Enter adds the first,
 * arrows move, Escape cancels and adds nothing.
 */
export function QuickAddPopup({ at, specs, title, onPick, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  useKeptInside(box, at.x, at.y);
  const shown = useMemo(() => {
    const list = query.trim() ? rankPalette(specs, query).map((r) => r.spec) : [...specs].sort((a, b) => a.title.localeCompare(b.title));
    return list.slice(0, MAX_SHOWN);
  }, [specs, query]);

  useEffect(() => {
    const away = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', away, true);
    return () => document.removeEventListener('pointerdown', away, true);
  }, [onClose]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    e.stopPropagation();
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const delta = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (shown.length ? (i + delta + shown.length) % shown.length : 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (shown[active]) onPick(shown[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  };

  return (
    <div ref={box} className="sf-quick-add" style={{ left: at.x, top: at.y }} data-testid="quick-add" role="dialog" aria-label={title}>
      <input
        autoFocus
        className="sf-input"
        data-testid="quick-add-search"
        placeholder={`${title}…`}
        aria-label={title}
        role="combobox"
        aria-expanded
        aria-controls="sf-quick-add-list"
        aria-activedescendant={shown[active] ? `sf-quick-add-${active}` : undefined}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id="sf-quick-add-list" role="listbox" className="sf-quick-add-list">
        {shown.map((s, i) => (
          <li
            key={s.type}
            id={`sf-quick-add-${i}`}
            role="option"
            aria-selected={i === active}
            className={`sf-quick-add-item sf-cat-${s.category}${i === active ? ' is-active' : ''}`}
            data-testid={`quick-add-item-${s.type}`}
            onPointerDown={(e) => e.preventDefault()}
            onClick={() => onPick(s)}
            title={s.description}
          >
            <span>{s.title}</span>
            <small>{s.inputs.map((p) => p.type).join(',') || '–'} → {s.outputs.map((p) => p.type).join(',') || '–'}</small>
          </li>
        ))}
        {!shown.length && <li className="sf-muted">No node type matches “{query}”.</li>}
      </ul>
    </div>
  );
}
