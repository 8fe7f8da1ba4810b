import type { ProducerMessage } from '../../../state/config-messages.ts';

/** A problem in the producer's words; the code and JSON path stay on hover for support. */
export function FieldMessage({ m, testId }: { m: ProducerMessage; testId?: string }) {
  return (
    <p className="sf-field-error" data-testid={testId} title={`${m.code} at ${m.path}`}>
      {m.text} <code>{m.code}</code>
    </p>
  );
}
