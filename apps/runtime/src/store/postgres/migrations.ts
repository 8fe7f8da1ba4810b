/**
 * The runtime's schema history on PostgreSQL (pipelines, versions, identities), applied in order and never edited once
 * published: a change is a new entry. Tables are prefixed `pipeline` so they share a
 * database with the orders service (which keeps its own `schema_migrations`).
 *
 * Times are the runtime's ISO strings, kept as text so a record reads back exactly as it
 * was written. Documents are `json`, not `jsonb`: kept byte for byte, never queried inside.
 */
export interface PipelineMigration {
  version: number;
  name: string;
  sql: string;
}

export const pipelineMigrations: PipelineMigration[] = [
  {
    version: 1,
    name: 'pipelines, immutable numbered versions, version counters',
    sql: `
CREATE TABLE pipelines (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  draft json NOT NULL,
  draft_hash text NOT NULL,
  active_version integer,
  -- Deploy and rollback history, oldest first.
  activations json NOT NULL
);

CREATE TABLE pipeline_versions (
  pipeline_id text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  hash text NOT NULL,
  created_at text NOT NULL,
  note text NOT NULL,
  changes json NOT NULL,
  document json NOT NULL,
  PRIMARY KEY (pipeline_id, version)
);

-- The last number given out per pipeline. Taking the next one is an upsert on this row, so
-- concurrent deploys (from any number of runtimes) queue on its lock and never share a number.
CREATE TABLE pipeline_version_counters (
  pipeline_id text PRIMARY KEY,
  last_version integer NOT NULL CHECK (last_version > 0)
);

-- A version is immutable: the database refuses to change one, whatever the code does.
CREATE FUNCTION pipeline_versions_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'pipeline versions are immutable (% v%)', OLD.pipeline_id, OLD.version;
END $$;
CREATE TRIGGER pipeline_versions_immutable BEFORE UPDATE ON pipeline_versions
  FOR EACH ROW EXECUTE FUNCTION pipeline_versions_refuse_update();
`,
  },
  {
    version: 2,
    name: 'users, sessions and API tokens',
    sql: `
CREATE TABLE identity_users (
  id text PRIMARY KEY,
  -- Lower-case sign-in name; unique so two runtimes adding the same name cannot both succeed.
  name text NOT NULL UNIQUE,
  role text NOT NULL,
  password_hash text NOT NULL,
  created_at text NOT NULL
);

CREATE TABLE identity_sessions (
  hash text PRIMARY KEY,
  user_id text NOT NULL,
  created_at text NOT NULL,
  expires_at text NOT NULL
);
CREATE INDEX identity_sessions_user ON identity_sessions (user_id);
CREATE INDEX identity_sessions_expiry ON identity_sessions (expires_at);

CREATE TABLE identity_tokens (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL,
  hash text NOT NULL UNIQUE,
  created_at text NOT NULL,
  created_by text NOT NULL,
  revoked_at text,
  -- Listing order: as created, like the file store.
  seq bigserial NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'pipelines taken off air stay off air across restarts',
    sql: `ALTER TABLE pipelines ADD COLUMN off_air boolean NOT NULL DEFAULT false;`,
  },
  {
    version: 4,
    name: 'WHIP stream tokens and redirect tickets shared by every instance',
    sql: `
-- Only the SHA-256 of a stream token is kept; a new token replaces the row.
CREATE TABLE live_stream_tokens (
  stream_id text PRIMARY KEY,
  token_sha256 text NOT NULL CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  created_at text NOT NULL
);

-- One-time permissions for a WHIP offer redirected to the instance running the stream, by
-- the instance that checked its token. Consumed by deleting the row; short-lived.
CREATE TABLE live_whip_tickets (
  ticket_sha256 text PRIMARY KEY,
  stream_id text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX live_whip_tickets_expiry ON live_whip_tickets (expires_at);
`,
  },
];
