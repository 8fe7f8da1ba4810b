'use client';

export interface Choice<T extends string | number> {
  value: T;
  label: string;
}

/** A labelled drop-down over a fixed list; the value keeps its type (numbers stay numbers). */
export function ChoiceField<T extends string | number>(props: {
  label: string;
  value: T;
  choices: readonly Choice<T>[];
  disabled: boolean;
  onChange(value: T): void;
  testId: string;
}) {
  const { label, value, choices, disabled, onChange, testId } = props;
  return (
    <label>
      {label}
      <select
        value={String(value)}
        disabled={disabled}
        onChange={(e) => onChange(choices.find((c) => String(c.value) === e.target.value)!.value)}
        data-testid={testId}
      >
        {choices.map((c) => (
          <option key={String(c.value)} value={String(c.value)}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
