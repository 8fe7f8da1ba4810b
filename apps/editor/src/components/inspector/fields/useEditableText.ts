'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * Text a producer is typing into a field whose value is not plain text (JSON, an amount,
 * a date). The text stays exactly as typed — no reformatting, the cursor stays put — and is
 * replaced only when the value changes from outside (undo, another node, a template).
 */
export function useEditableText<T>(value: T, format: (v: T) => string, same: (a: T, b: T) => boolean = Object.is) {
  const [text, setText] = useState(() => format(value));
  // The value this text stands for; an incoming value equal to it is our own edit echoed back.
  const meant = useRef(value);
  useEffect(() => {
    if (!same(meant.current, value)) {
      meant.current = value;
      setText(format(value));
    }
    // format and same are pure helpers; only a new value matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return {
    text,
    setText,
    /** Records that the text now stands for `v` (call before sending `v` upwards). */
    mean(v: T) {
      meant.current = v;
    },
  };
}
