import type { IdentityStore } from '../auth/identity-store.ts';

/**
 * Users, sessions and tokens every instance shares (decision 0057) when DATABASE_URL is
 * set; undefined means the embedded file store under the data folder, as before.
 */
export async function openSharedIdentityStore(databaseUrl: string | undefined): Promise<IdentityStore | undefined> {
  if (!databaseUrl) return undefined;
  // Loaded only when used: the database client weighs on every `users` / `token` command otherwise.
  const { PostgresIdentityStore } = await import('../store/postgres/postgres-identity-store.ts');
  return PostgresIdentityStore.open({ connectionString: databaseUrl });
}

/**
 * Runs a start-up write (the first owner, the environment's token) a second time when the
 * first attempt fails: instances starting together on an empty database race to insert the
 * same row, the unique constraint refuses all but one, and the second attempt finds the row.
 * A failure with another cause fails again and is thrown.
 */
export async function onceMoreIfRaced<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch {
    return work();
  }
}
