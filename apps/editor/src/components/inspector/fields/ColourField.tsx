'use client';

const PICKABLE = /^#[0-9a-f]{6}$/i;

/** A colour picker next to the hex text (the text also takes what the picker cannot show). */
export function ColourField({ id, label, value, onChange }: { id: string; label: string; value: unknown; onChange(v: unknown): void }) {
  const hex = typeof value === 'string' ? value : '';
  return (
    <div className="sf-color">
      <input
        type="color"
        className="sf-color-picker"
        aria-label={`${label} picker`}
        data-testid={`${id}-picker`}
        value={PICKABLE.test(hex) ? hex.toLowerCase() : '#000000'}
        onChange={(e) => onChange(e.target.value)}
      />
      <input id={id} className="sf-input" value={hex} spellCheck={false} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
