'use client';

import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type RefObject } from 'react';

export interface MenuItem {
  id: string;
  label: string;
  onSelect(): void;
  disabled?: boolean;
  /** A choice among several (a group's colour): shown and announced as checked. */
  checked?: boolean;
  /** A swatch or other mark before the label, by class name. */
  mark?: string;
  separatorBefore?: boolean;
}

interface Props {
  /** Where it opens, in pixels from the canvas's top-left corner. */
  at: { x: number; y: number };
  label: string;
  items: readonly MenuItem[];
  /** `restoreFocus`: give focus back to what had it (Escape, or an item chosen); false when the pointer went elsewhere. */
  onClose(restoreFocus: boolean): void;
}

/**
 * The canvas's context menu, a WAI-ARIA menu: focus starts on the first item, arrow keys,
 * Home and End move, Enter or Space chooses, Escape or Tab closes. It owns the keyboard
 * while open, so the editor's one-letter shortcuts do not fire underneath it.
 */
export function CanvasMenu({ at, label, items, onClose }: Props) {
  const menu = useRef<HTMLDivElement>(null);
  const [x, y] = [at.x, at.y];

  useKeptInside(menu, x, y);

  useEffect(() => {
    buttons(menu.current)[0]?.focus();
    const away = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) onClose(false);
    };
    document.addEventListener('pointerdown', away, true);
    return () => document.removeEventListener('pointerdown', away, true);
  }, [onClose]);

  const onKeyDown = (e: KeyboardEvent) => {
    e.stopPropagation();
    const list = buttons(menu.current);
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => {
      e.preventDefault();
      list[(to + list.length) % list.length]?.focus();
    };
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(list.length - 1);
    else if (e.key === 'Escape') {
      e.preventDefault();
      onClose(true);
    } else if (e.key === 'Tab') {
      e.preventDefault();
      onClose(true);
    }
  };

  return (
    <div ref={menu} role="menu" aria-label={label} className="sf-menu" style={{ left: x, top: y }} data-testid="context-menu" onKeyDown={onKeyDown} onContextMenu={(e) => e.preventDefault()}>
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
          aria-checked={item.checked}
          tabIndex={-1}
          disabled={item.disabled}
          className={`sf-menu-item${item.separatorBefore ? ' has-separator' : ''}`}
          data-testid={`menu-${item.id}`}
          onClick={() => {
            onClose(true);
            item.onSelect();
          }}
        >
          {item.mark && <span className={`sf-menu-mark ${item.mark}`} aria-hidden />}
          {item.label}
        </button>
      ))}
    </div>
  );
}

function buttons(menu: HTMLElement | null): HTMLButtonElement[] {
  return menu ? [...menu.querySelectorAll<HTMLButtonElement>('button[role^="menuitem"]:not(:disabled)')] : [];
}

/** Keeps a popup inside the canvas: one opened near the right or bottom edge opens left or up. */
export function useKeptInside(popup: RefObject<HTMLElement | null>, x: number, y: number): void {
  useLayoutEffect(() => {
    const el = popup.current;
    const box = el?.parentElement?.getBoundingClientRect();
    if (!el || !box) return;
    const overRight = x + el.offsetWidth > box.width;
    const overBottom = y + el.offsetHeight > box.height;
    el.style.left = `${Math.max(0, overRight ? x - el.offsetWidth : x)}px`;
    el.style.top = `${Math.max(0, overBottom ? y - el.offsetHeight : y)}px`;
  }, [popup, x, y]);
}
