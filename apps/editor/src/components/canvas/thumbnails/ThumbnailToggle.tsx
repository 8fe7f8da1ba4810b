'use client';

import { ControlButton } from '@xyflow/react';

/** The canvas control that turns live thumbnails on and off (kept per browser). */
export function ThumbnailToggle({ on, onChange }: { on: boolean; onChange(on: boolean): void }) {
  const label = on ? 'Hide live thumbnails' : 'Show live thumbnails';
  return (
    <ControlButton onClick={() => onChange(!on)} title={label} aria-label={label} aria-pressed={on} data-testid="thumbnails-toggle" className={on ? 'sf-thumb-toggle is-on' : 'sf-thumb-toggle'}>
      <svg viewBox="0 0 16 16" aria-hidden="true">
        <rect x="1.5" y="3.5" width="13" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M3 11l3-3.5 2.5 2.5L10.5 8 13 11z" fill="currentColor" />
      </svg>
    </ControlButton>
  );
}
