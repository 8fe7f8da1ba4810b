import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PostgresStore } from './postgres-store.ts';
import { describePipelineStore } from '../store.suite.ts';
import { newVersion } from '../store.suite.ts';

// CI provides PostgreSQL; without it this file fails (it never skips).
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const freshSchema = () => `pipelines_test_${randomBytes(6).toString('hex')}`;

describePipelineStore('PostgreSQL', {
  async open() {
    // A fresh schema per test: runs sharing the server never see each other's rows.
    const schema = freshSchema();
    return {
      store: await PostgresStore.open({ connectionString: databaseUrl, schema, dropSchemaOnClose: true }),
      reopen: () => PostgresStore.open({ connectionString: databaseUrl, schema }),
    };
  },
});

describe('PostgresStore', () => {
  it('refuses to change a stored version, whatever the code does', async () => {
    const schema = freshSchema();
    const store = await PostgresStore.open({ connectionString: databaseUrl, schema, dropSchemaOnClose: true });
    try {
      await store.appendVersion(newVersion());
      const { createPgSql } = await import('@showflow/commerce');
      const sql = await createPgSql({ connectionString: databaseUrl, schema });
      await expect(sql.query("UPDATE pipeline_versions SET note = 'rewritten'")).rejects.toThrow(/immutable/);
      await sql.close();
      expect((await store.getVersion('p1', 1))?.note).toBe('');
    } finally {
      await store.close();
    }
  });

  it('says SF330 with the address, password hidden, when the server cannot be reached', async () => {
    const error = await PostgresStore.open({ connectionString: 'postgres://showflow:secret@127.0.0.1:1/none' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SF330' });
    expect(String((error as Error).message)).toContain('showflow:***@127.0.0.1:1');
    expect(String((error as Error).message)).not.toContain('secret');
  });

  it('refuses a database written by a newer runtime with SF331', async () => {
    const schema = freshSchema();
    const store = await PostgresStore.open({ connectionString: databaseUrl, schema, dropSchemaOnClose: true });
    try {
      const { createPgSql } = await import('@showflow/commerce');
      const sql = await createPgSql({ connectionString: databaseUrl, schema });
      await sql.query("INSERT INTO pipeline_schema_migrations (version, name) VALUES (999, 'from the future')");
      await sql.close();
      await expect(PostgresStore.open({ connectionString: databaseUrl, schema })).rejects.toMatchObject({ code: 'SF331' });
    } finally {
      await store.close();
    }
  });
});
