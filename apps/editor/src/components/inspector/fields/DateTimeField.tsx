'use client';

import { isoToLocalInput, localInputToIso, utcOffsetLabel } from '../../../state/date-time.ts';

/**
 * A date and time picked in the producer's own time zone and stored as ISO 8601 with the
 * offset. When the setting allows it, "No fixed time" stores the empty string.
 */
export function DateTimeField({ id, label, value, emptyAllowed, onChange }: { id: string; label: string; value: unknown; emptyAllowed: boolean; onChange(v: unknown): void }) {
  const iso = typeof value === 'string' ? value : '';
  const local = isoToLocalInput(iso);
  const unreadable = iso !== '' && local === '';
  return (
    <>
      <div className="sf-datetime">
        <input
          id={id}
          className="sf-input"
          type="datetime-local"
          step={1}
          value={local}
          onChange={(e) => {
            const next = localInputToIso(e.target.value);
            if (next) onChange(next);
            else if (e.target.value === '') onChange(emptyAllowed ? '' : undefined);
          }}
        />
        {emptyAllowed && (
          <button type="button" className="sf-btn sf-btn-small" disabled={iso === ''} onClick={() => onChange('')} data-testid={`${id}-clear`}>
            No fixed time
          </button>
        )}
      </div>
      <p className="sf-hint">
        {iso === '' && emptyAllowed ? 'No fixed time: starts on a cue, an event or its timer.' : `Your time, ${utcOffsetLabel(iso ? new Date(iso) : new Date())}.`}
      </p>
      {unreadable && (
        <p className="sf-field-error" data-testid={`${id}-date-error`}>
          {label} holds “{iso.slice(0, 40)}”, which is not a date and time: pick one. <code title="support code">SF150</code>
        </p>
      )}
    </>
  );
}
