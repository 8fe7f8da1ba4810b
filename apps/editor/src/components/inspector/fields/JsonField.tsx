'use client';

import { useState } from 'react';
import { parseJsonText, sameJson, type JsonTextError } from '../../../state/json-text.ts';
import { useEditableText } from './useEditableText.ts';

const pretty = (v: unknown) => JSON.stringify(v ?? null, null, 2);

/**
 * Lists and objects edit as JSON text. Typing never reformats or moves the cursor; the text
 * is read when the field loses focus (or Ctrl+Enter), and a mistake is shown with its line.
 */
export function JsonField({ id, label, value, onChange }: { id: string; label: string; value: unknown; onChange(v: unknown): void }) {
  const { text, setText, mean } = useEditableText(value, pretty, sameJson);
  const [error, setError] = useState<JsonTextError | null>(null);
  const commit = () => {
    const parsed = parseJsonText(text);
    if (!parsed.ok) return setError(parsed.error);
    setError(null);
    if (sameJson(parsed.value, value)) return;
    mean(parsed.value);
    onChange(parsed.value);
  };
  return (
    <>
      <textarea
        id={id}
        className={`sf-input sf-json${error ? ' is-invalid' : ''}`}
        spellCheck={false}
        rows={Math.min(10, Math.max(2, text.split('\n').length))}
        value={text}
        aria-invalid={!!error}
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) commit();
        }}
      />
      {error && (
        <p className="sf-field-error" data-testid={`${id}-json-error`}>
          {label} is not valid JSON {error.line ? `(line ${error.line}, column ${error.column})` : ''}: {error.reason}. Not applied yet.{' '}
          <code title="support code">SF100</code>
        </p>
      )}
    </>
  );
}
