import { createHash, randomBytes } from 'node:crypto';
import { createPgSql, type Sql } from '@showflow/commerce';
import type { SharedStreamTokens } from '@showflow/live';
import type { StoredStream, StreamTokens } from '../../modules/live/stream-tokens.ts';
import { connectionFailure } from './connection-failure.ts';
import { migratePipelines } from './migrate.ts';

export interface PostgresStreamTokensOptions {
  connectionString: string;
  /** Tables in this schema; default the connection's `public`. */
  schema?: string;
  /** How long a redirect ticket may wait for its offer; default 10 s. */
  ticketTtlMs?: number;
  /** How often the listing (accepting, created) is read again; default 5 s. */
  refreshMs?: number;
}

/**
 * WHIP stream tokens on PostgreSQL (decision 0084), so every runtime instance checks a
 * sender against the same current token: a stream made or given a new token on one
 * instance takes or refuses senders on all of them at once. Only SHA-256 digests are kept,
 * and a new token replaces the old one, as in the embedded file store.
 *
 * Also the one-time tickets an instance issues when it redirects a WHIP offer whose token it
 * checked to the instance running the stream: a random value whose digest is stored with
 * an expiry by the database's clock, consumed by deleting it.
 */
export class PostgresStreamTokens implements StreamTokens, SharedStreamTokens {
  private mirror = new Map<string, StoredStream>();
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly sql: Sql,
    private readonly ticketTtlMs: number,
    refreshMs: number,
  ) {
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), refreshMs);
    this.timer.unref();
  }

  static async open(options: PostgresStreamTokensOptions): Promise<PostgresStreamTokens> {
    let sql: Sql | undefined;
    try {
      sql = await createPgSql({ connectionString: options.connectionString, schema: options.schema, max: 3 });
      await migratePipelines(sql);
    } catch (err) {
      await sql?.close().catch(() => {});
      throw connectionFailure(err, options.connectionString);
    }
    const store = new PostgresStreamTokens(sql, options.ticketTtlMs ?? 10_000, options.refreshMs ?? 5000);
    await store.refresh();
    return store;
  }

  /**
   * Streams an instance made before it shared a database (its `streams.json`): kept unless
   * the database already has a token for the stream, which is newer or another instance's.
   */
  async adopt(local: [string, StoredStream][]): Promise<void> {
    for (const [streamId, stored] of local) {
      await this.sql.query('INSERT INTO live_stream_tokens (stream_id, token_sha256, created_at) VALUES ($1, $2, $3) ON CONFLICT (stream_id) DO NOTHING', [
        streamId,
        stored.tokenSha256,
        stored.createdAt,
      ]);
    }
    await this.refresh();
  }

  entries(): [string, StoredStream][] {
    return [...this.mirror.entries()];
  }

  get(streamId: string): StoredStream | undefined {
    return this.mirror.get(streamId);
  }

  async put(streamId: string, tokenSha256: string): Promise<void> {
    const createdAt = new Date().toISOString();
    await this.sql.query(
      `INSERT INTO live_stream_tokens (stream_id, token_sha256, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (stream_id) DO UPDATE SET token_sha256 = $2, created_at = $3`,
      [streamId, tokenSha256, createdAt],
    );
    this.mirror.set(streamId, { tokenSha256, createdAt });
  }

  async digest(streamId: string): Promise<string | undefined> {
    const [row] = await this.sql.query<{ token_sha256: string }>('SELECT token_sha256 FROM live_stream_tokens WHERE stream_id = $1', [streamId]);
    return row?.token_sha256;
  }

  /** A ticket for one offer to the stream, valid `ticketTtlMs`; the caller has checked the sender's token. */
  async issueTicket(streamId: string): Promise<string> {
    const ticket = randomBytes(24).toString('base64url');
    await this.sql.transaction(async (tx) => {
      // Tickets are rare (one per redirected offer): clearing the expired ones here keeps the table small.
      await tx.query('DELETE FROM live_whip_tickets WHERE expires_at < now()');
      await tx.query(`INSERT INTO live_whip_tickets (ticket_sha256, stream_id, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')`, [
        digestOf(ticket),
        streamId,
        this.ticketTtlMs,
      ]);
    });
    return ticket;
  }

  async redeemTicket(streamId: string, ticket: string): Promise<boolean> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(ticket)) return false;
    // Deleted whether fresh or not, so it can never be used twice.
    const [row] = await this.sql.query<{ fresh: boolean }>(
      'DELETE FROM live_whip_tickets WHERE ticket_sha256 = $1 AND stream_id = $2 RETURNING expires_at >= now() AS fresh',
      [digestOf(ticket), streamId],
    );
    return row?.fresh === true;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.sql.close();
  }

  private async refresh(): Promise<void> {
    const rows = await this.sql.query<{ stream_id: string; token_sha256: string; created_at: string }>('SELECT stream_id, token_sha256, created_at FROM live_stream_tokens');
    this.mirror = new Map(rows.map((r) => [r.stream_id, { tokenSha256: r.token_sha256, createdAt: r.created_at }]));
  }
}

function digestOf(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
