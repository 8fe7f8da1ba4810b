'use client';

import type { NoticeTone } from '../editor/EditorContext.tsx';

export interface Notice {
  id: number;
  message: string;
  tone: NoticeTone;
}

export function Notices({ notices, onDismiss }: { notices: readonly Notice[]; onDismiss(id: number): void }) {
  return (
    <div className="sf-notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`sf-notice sf-notice-${n.tone}`} data-testid="notice" data-tone={n.tone} onClick={() => onDismiss(n.id)}>
          {n.message}
        </div>
      ))}
    </div>
  );
}
