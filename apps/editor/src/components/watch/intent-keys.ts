/**
 * Idempotency keys per user intent: pressing "Reserve" once is one intent, and every retry
 * of it (a timeout, a lost answer) sends the same key so the server runs it once. The key
 * is forgotten when the intent got an answer, so the next press is a new intent.
 */
export class IntentKeys {
  private readonly open = new Map<string, string>();

  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}

  /** The key for `intent` (e.g. `confirm:res_…`), the same one until `settle` is called. */
  key(intent: string): string {
    let key = this.open.get(intent);
    if (!key) {
      key = `${intent.split(':')[0]}-${this.newKey()}`;
      this.open.set(intent, key);
    }
    return key;
  }

  settle(intent: string): void {
    this.open.delete(intent);
  }
}
