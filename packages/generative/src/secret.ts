import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * Holds a credential so that JSON.stringify, console.log, util.inspect and string
 * templates all print `[redacted]`; only `reveal()` gives the value, at the one place
 * that puts it on the wire.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  /** Replaces every occurrence of the secret in text, for messages built from provider output. */
  scrub(text: string): string {
    return this.#value.length >= 4 ? text.split(this.#value).join(REDACTED) : text;
  }
  toJSON(): string {
    return REDACTED;
  }
  toString(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}
