'use client';

import { useState } from 'react';
import { centsToText, textToCents } from '../../../state/money.ts';
import { useEditableText } from './useEditableText.ts';

/**
 * An amount stored in cents, typed and shown in the currency ("29.00 EUR"). Text that is
 * not an amount (or has a third decimal) is kept as typed, flagged, and not applied.
 */
export function MoneyField({ id, label, value, currency, onChange }: { id: string; label: string; value: unknown; currency: string | undefined; onChange(v: unknown): void }) {
  const cents = typeof value === 'number' ? value : undefined;
  const { text, setText, mean } = useEditableText(cents, (c) => (c === undefined ? '' : centsToText(c, currency)));
  const [bad, setBad] = useState(false);
  return (
    <>
      <div className="sf-money">
        <input
          id={id}
          className={`sf-input${bad ? ' is-invalid' : ''}`}
          inputMode="decimal"
          value={text}
          aria-invalid={bad}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value.trim() === '') {
              setBad(false);
              mean(undefined);
              return onChange(undefined);
            }
            const next = textToCents(e.target.value, currency);
            setBad(next === null);
            if (next === null) return;
            mean(next);
            onChange(next);
          }}
        />
        <span className="sf-money-currency">{currency ?? '—'}</span>
      </div>
      {bad && (
        <p className="sf-field-error" data-testid={`${id}-money-error`}>
          {label} must be an amount like {centsToText(2950, currency)}; not applied yet. <code title="support code">SF151</code>
        </p>
      )}
    </>
  );
}
