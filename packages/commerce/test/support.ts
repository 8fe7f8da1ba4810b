import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIsolatedPgSql } from '../src/sql/pg.ts';
import { createPgliteSql } from '../src/sql/pglite.ts';
import type { Sql } from '../src/sql/types.ts';

export interface Backend {
  name: string;
  open: () => Promise<Sql>;
}

export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const pgliteBackend: Backend = { name: 'pglite', open: () => createPgliteSql() };
/** A fresh schema per run; opening fails (and so the suite fails) when PostgreSQL is down. */
export const postgresBackend: Backend = { name: 'postgres', open: () => createIsolatedPgSql(databaseUrl) };

/** Time that moves only when a test says so. */
export function manualClock(start = Date.parse('2030-01-01T12:00:00.000Z')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** Settles every promise and sorts the outcomes into values and error codes. */
export async function settle<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises);
  const ok: T[] = [];
  const codes: string[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') ok.push(r.value);
    else codes.push((r.reason as { code?: string }).code ?? String(r.reason));
  }
  return { ok, codes };
}

export function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/**
 * Opens one store for the whole test file (PGlite start-up is the slow part) and closes it
 * after. A store that cannot open fails a named test with the reason, rather than leaving
 * the suites merely skipped behind a failed hook.
 */
export function useBackend(backend: Backend): () => Sql {
  let sql: Sql | undefined;
  let openError: unknown;
  beforeAll(async () => {
    try {
      sql = await backend.open();
    } catch (error) {
      openError = error;
    }
    // Starting PGlite compiles its WebAssembly: seconds on a quiet machine, far more on a busy one.
  }, 180_000);
  afterAll(async () => {
    await sql?.close();
  });
  it(`opens the ${backend.name} store`, () => {
    if (openError) throw openError;
    expect(sql).toBeDefined();
  });
  return () => {
    if (!sql) throw openError ?? new Error(`${backend.name} store is not open`);
    return sql;
  };
}
