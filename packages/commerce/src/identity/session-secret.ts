import type { Sql } from '../sql/types.ts';
import { newSessionSecret } from './viewer-sessions.ts';

/**
 * The viewer-session signing secret: the configured one, else one generated once and kept
 * in the database, so sessions survive restarts and are valid on every instance.
 */
export async function loadSessionSecret(sql: Sql, configured?: string): Promise<string> {
  if (configured) return configured;
  await sql.query(`INSERT INTO service_secrets (name, value) VALUES ('viewer-sessions', $1) ON CONFLICT (name) DO NOTHING`, [newSessionSecret()]);
  const [row] = await sql.query<{ value: string }>(`SELECT value FROM service_secrets WHERE name = 'viewer-sessions'`);
  return row.value;
}
