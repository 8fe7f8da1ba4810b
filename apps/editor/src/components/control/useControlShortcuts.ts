'use client';

import { useEffect } from 'react';

export interface ControlKeys {
  preview(scene: number): void;
  cut(): void;
  fade(): void;
}

/**
 * Vision-mixer keys for the control room: 1–9 put that input on preview, Space or Enter
 * cuts, F fades. Ignored while typing in a field, and with modifier keys (browser shortcuts).
 */
export function useControlShortcuts(keys: ControlKeys | null): void {
  useEffect(() => {
    if (!keys) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if (/^[1-9]$/.test(event.key)) keys.preview(Number(event.key));
      else if (event.key === ' ' || event.key === 'Enter') keys.cut();
      else if (event.key === 'f' || event.key === 'F') keys.fade();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keys]);
}
