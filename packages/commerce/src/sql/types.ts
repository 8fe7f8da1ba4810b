/**
 * The one storage seam: every commerce statement goes through this, so the same SQL
 * runs on embedded PGlite and on PostgreSQL.
 */
export interface SqlRunner {
  /** One statement with `$1…` parameters; returns its rows. */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** A script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

/**
 * `settle` transactions (confirm, cancel, expiry) are admitted before `normal` ones, so a
 * rush of new reservation attempts cannot starve viewers who already hold stock with a
 * ticking TTL. Ordering only: correctness comes from the SQL.
 */
export type Lane = 'settle' | 'normal';

export interface Sql extends SqlRunner {
  readonly backend: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>, options?: { lane?: Lane }): Promise<T>;
  close(): Promise<void>;
}
