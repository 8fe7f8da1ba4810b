import type { ProducerMessage } from '../../../state/config-messages.ts';
import type { FieldDescriptor } from '../../../state/schema-fields.ts';

/** What a setting made of settings (a list, a group) is drawn from. */
export interface CompositeFieldProps {
  field: FieldDescriptor;
  slug: string;
  label: string;
  value: unknown;
  /** The whole node config: inner widgets read the node's currency from it. */
  config: Record<string, unknown>;
  /** Messages at or below this setting, paths starting with its name. */
  messages: readonly ProducerMessage[];
  onChange(value: unknown): void;
}
