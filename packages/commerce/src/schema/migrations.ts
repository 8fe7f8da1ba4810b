/**
 * Schema history, applied in order and never edited once published: a change is a new
 * entry. Times are timestamptz and the service passes them in, so an injected clock
 * drives expiry in tests exactly as wall time does in production.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'drops, reservations, orders, idempotency keys, funnel',
    sql: `
CREATE TABLE drops (
  id text PRIMARY KEY,
  sku text NOT NULL,
  title text NOT NULL,
  stock integer NOT NULL CHECK (stock > 0),
  -- Units nobody holds. Taken by a conditional UPDATE; the CHECKs turn a bug into an error, never an oversell.
  available integer NOT NULL CHECK (available >= 0),
  sold integer NOT NULL DEFAULT 0 CHECK (sold >= 0),
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  currency text NOT NULL,
  schedule jsonb NOT NULL,
  bundle jsonb,
  per_viewer_limit integer NOT NULL CHECK (per_viewer_limit > 0),
  reservation_ttl_ms integer NOT NULL CHECK (reservation_ttl_ms > 0),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  -- Hint: no pending reservation of this drop expires before this. Lets a refused
  -- reservation skip the expiry sweep; never trusted for correctness.
  next_expiry_at timestamptz,
  created_at timestamptz NOT NULL,
  CHECK (available + sold <= stock),
  CHECK (ends_at > starts_at)
);

-- Units a viewer holds in a drop (pending reservations + orders); the per-viewer limit is
-- enforced by one conditional upsert on this row.
CREATE TABLE viewer_holdings (
  drop_id text NOT NULL REFERENCES drops (id),
  viewer_id text NOT NULL,
  held integer NOT NULL CHECK (held >= 0),
  PRIMARY KEY (drop_id, viewer_id)
);

CREATE TABLE reservations (
  id text PRIMARY KEY,
  drop_id text NOT NULL REFERENCES drops (id),
  viewer_id text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price_cents integer NOT NULL,
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'expired', 'cancelled')),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  settled_at timestamptz
);
CREATE INDEX reservations_pending_by_expiry ON reservations (expires_at) WHERE status = 'pending';
CREATE INDEX reservations_pending_by_drop ON reservations (drop_id, expires_at) WHERE status = 'pending';
CREATE INDEX reservations_by_drop ON reservations (drop_id, status);

CREATE TABLE orders (
  id text PRIMARY KEY,
  -- One order per reservation, whatever the application does.
  reservation_id text NOT NULL UNIQUE REFERENCES reservations (id),
  drop_id text NOT NULL REFERENCES drops (id),
  viewer_id text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price_cents integer NOT NULL,
  total_cents integer NOT NULL,
  currency text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX orders_by_drop ON orders (drop_id, created_at);

-- Stored first responses. The row is inserted before the work, in the same transaction,
-- so a concurrent request with the same key waits on it and then replays.
CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer,
  response text,
  drop_id text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

CREATE TABLE drop_funnel (
  drop_id text PRIMARY KEY REFERENCES drops (id),
  impressions integer NOT NULL DEFAULT 0,
  clicks integer NOT NULL DEFAULT 0,
  replays integer NOT NULL DEFAULT 0
);
`,
  },
  {
    version: 2,
    name: 'tips',
    sql: `
CREATE TABLE tips (
  id text PRIMARY KEY,
  channel text NOT NULL,
  viewer_id text NOT NULL,
  display_name text,
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  currency text NOT NULL,
  message text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX tips_by_channel ON tips (channel, created_at);
`,
  },
  {
    version: 3,
    name: 'products own stock, drop slots, viewer-session secret, heartbeat, paid tips',
    sql: `
-- Stock lives on the product: on_hand is what no drop holds and nobody bought. A drop takes
-- its allocation from here and gives back what it did not sell when it ends or is replaced.
CREATE TABLE products (
  sku text PRIMARY KEY,
  title text NOT NULL,
  on_hand integer NOT NULL CHECK (on_hand >= 0),
  created_at timestamptz NOT NULL
);
-- Drops that exist already keep their units; their products start with nothing on hand.
INSERT INTO products (sku, title, on_hand, created_at)
  SELECT sku, min(title), 0, min(created_at) FROM drops GROUP BY sku;

-- The place that sells a drop (a pipeline node); a redeploy edits the slot's drop instead of minting a new one.
ALTER TABLE drops ADD COLUMN slot text;
CREATE UNIQUE INDEX drops_by_slot ON drops (slot);
-- What the slot last asked for; an unchanged redeploy or restart finds the drop as it is.
ALTER TABLE drops ADD COLUMN definition_hash text;
-- An allocation can be empty (the product ran out) and shrinks when unsold units go back.
ALTER TABLE drops DROP CONSTRAINT drops_stock_check;
ALTER TABLE drops ADD CONSTRAINT drops_stock_check CHECK (stock >= 0);
CREATE INDEX drops_ended_with_units ON drops (ends_at) WHERE available > 0;

-- Shared by every instance on one database, so a session minted by one is valid on all.
CREATE TABLE service_secrets (
  name text PRIMARY KEY,
  value text NOT NULL
);

-- Written by the sweeper; the gap to the next start is how long the service was down.
CREATE TABLE service_heartbeat (
  id integer PRIMARY KEY CHECK (id = 1),
  seen_at timestamptz NOT NULL
);

-- A tip reaches the stream only once paid. Tips recorded before payments existed were never paid.
ALTER TABLE tips ADD COLUMN status text NOT NULL DEFAULT 'unverified'
  CHECK (status IN ('unverified', 'awaiting_payment', 'paid', 'canceled'));
ALTER TABLE tips ALTER COLUMN status SET DEFAULT 'awaiting_payment';
ALTER TABLE tips ADD COLUMN payment_intent_id text;
ALTER TABLE tips ADD COLUMN paid_at timestamptz;

ALTER TABLE orders ADD COLUMN payment_intent_id text;

`,
  },
  {
    version: 4,
    name: 'pipeline fences for side effects of shows shared by several runtimes',
    sql: `
-- The largest lease fencing token that has acted for each pipeline: a cue made under an
-- older lease (an owner paused past a takeover) is refused.
CREATE TABLE pipeline_fences (
  pipeline_id text PRIMARY KEY,
  token bigint NOT NULL CHECK (token > 0)
);
`,
  },
];
